"""The course's authoring machinery: what instructors and authors run, never what trainees import.

Modules
-------
syllabus     the course structure, read from ``syllabus.toml`` (lessons, agendas, file names)
notebooks    reading, executing and writing notebooks reproducibly
exercises    building ``exercises/`` from the ``solutions/`` masters
grading      ``python -m course check``: questions and verdicts from the check registry
site         rendering the executed lessons to HTML
cli          the command line, ``python -m course COMMAND``

This package may import any part of ``course``; no other part of ``course``
imports it (``tests/test_architecture.py`` keeps it so).
"""
