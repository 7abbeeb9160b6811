"""Authoring: what turns the course's notebooks into what readers use.

- :mod:`course.authoring.book` -- the course website (Jupyter Book 1, built offline: ``make site``);
- :mod:`course.authoring.slides` -- reveal.js slides of every lesson, offline (``make slides``).
"""
