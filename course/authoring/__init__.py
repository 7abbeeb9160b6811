"""The course's authoring machinery: what instructors and authors run, never what trainees import.

Modules
-------
notebooks    reading, executing and writing notebooks reproducibly
exercises    building ``exercises/`` from the ``solutions/`` masters
grading      ``python -m course check``: questions from the check registry, verdicts in the grader
sandbox      running one submission in its own kernel and temporary folder
answers      carrying answers out of the kernel as plain data (JSON and ``.npy``, no pickle)
parameters   an exercise's data parameters, and checking the values a user types
roster       the trainees, a seed each, and ``exercises handout``
reports      the grader's report, CSV, summary, feedback and written answers
files        writing outputs without replacing files the command did not write
site         the course website: a Jupyter Book built offline (``make site``)
slides       reveal.js slides of every lesson, offline (``make slides``)
instructors  INSTRUCTORS.md's lesson notes: discussion notes and the checks' known mistakes
cli          the command line, ``python -m course COMMAND``

This package may import any part of ``course``; no other part of ``course``
imports it (``tests/test_architecture.py`` keeps it so). The course structure
it reads (lessons, agendas, file names) is :mod:`course.syllabus`, below every
other layer, since lesson 00 shows it to trainees.
"""
