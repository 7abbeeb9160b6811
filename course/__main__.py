"""``python -m course COMMAND``: the command line lives in :mod:`course.authoring.cli`."""

from course.authoring.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
