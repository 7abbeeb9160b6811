"""A workshop on one server: JupyterHub for the course, hand out, collect, grade and return.

``python -m course classroom setup ROSTER`` prepares a server (as root): the
course installed once, read-only (:mod:`.install`); a unix account and home per
roster trainee and one instructor (:mod:`.accounts`); a JupyterHub configuration
with the roster as the only logins, an idle culler, a memory limit and the
JupyterLab language per trainee (:mod:`.hubconfig`).
``collect NN``, ``grade`` and ``return`` (or ``round NN`` for all three) move an
exercise from every home to the grader and the feedback back (:mod:`.rounds`);
``stop`` and ``reset`` end the hub and keep every trainee's work.
The command line is :mod:`.cli`; INSTRUCTORS.md tells the whole workshop.
"""
