"""The course's command line: ``python -m course COMMAND``.

Commands
--------
doctor                      versions of the key packages; data and lessons found?
data generate               rebuild data/b2b/ (byte-identical for the default seed)
exercises build [--check]   write exercises/ from solutions/ (--check: fail if stale)
check NOTEBOOK|FOLDER…      run notebooks and report each question (--csv scores.csv)
notebooks run NOTEBOOK…     execute lessons/solutions in place, outputs kept
site                        render the executed lessons to HTML in _site/
map [--update]              print the course map (--update: rewrite README.md's map and INSTRUCTORS.md's agendas)
archive CUSTOMER_ID         write the customer archive (客户档案) of one account as one HTML file (--out FILE)
report                      write the one-page management report as one HTML file (--seed, --n-customers, --out)
"""

from __future__ import annotations

import argparse
import ast
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from course import REPO_ROOT

KEY_PACKAGES = (
    "numpy",
    "pandas",
    "scipy",
    "scikit-learn",
    "matplotlib",
    "seaborn",
    "papermill",
    "nbformat",
    "nbclient",
    "ipykernel",
    "jupyterlab",
    "nbval",
    "pytest",
)


def _doctor(_: argparse.Namespace) -> int:
    from course.authoring import syllabus
    from course.data import DATA_DIR
    from course.data.b2b_schema import SCHEMA

    ok = True
    print(f"Python {sys.version.split()[0]} at {sys.executable}")
    for name in KEY_PACKAGES:
        try:
            print(f"  ✓ {name:<13} {version(name)}")
        except PackageNotFoundError:
            print(f"  ✗ {name:<13} not installed — run `make lab` or `pip install -r requirements.txt`")
            ok = False
    print("Data:")
    for label, folder, files in (
        ("B2B database", DATA_DIR / "b2b", [f"{table}.csv" for table in SCHEMA]),
        ("CDNOW", DATA_DIR / "cdnow", ["CDNOW_master.txt", "CDNOW_sample.txt"]),
    ):
        missing = [f for f in files if not (folder / f).exists()]
        mark = "✓" if not missing else "✗"
        detail = f"{len(files)} files" if not missing else f"missing {', '.join(missing)}"
        print(f"  {mark} {label:<13} {folder.relative_to(REPO_ROOT)}/ ({detail})")
        ok &= not missing
    print("Lessons:")
    for lesson in syllabus.lessons():
        if not lesson.ready:
            print(f"  · {lesson.number} {lesson.title} — in preparation")
            continue
        missing = [p for p in lesson.files() if not (REPO_ROOT / p).exists()]
        mark = "✓" if not missing else "✗"
        print(
            f"  {mark} {lesson.number} {lesson.title} ({lesson.title_zh})"
            + (f" — missing {', '.join(missing)}" if missing else "")
        )
        ok &= not missing
    print("All good." if ok else "Something is missing: see the ✗ lines above.")
    return 0 if ok else 1


def _data_generate(args: argparse.Namespace) -> int:
    from course.data import DATA_DIR, DEFAULT_N_CUSTOMERS, DEFAULT_SEED, generate_b2b, save_b2b

    out = Path(args.out) if args.out else DATA_DIR / "b2b"
    seed = DEFAULT_SEED if args.seed is None else args.seed
    db = generate_b2b(n_customers=args.n_customers or DEFAULT_N_CUSTOMERS, seed=seed)
    save_b2b(db, out)
    print(f"wrote {out}: " + ", ".join(f"{name} {len(frame):,}" for name, frame in db.tables().items()))
    return 0


def _exercises_build(args: argparse.Namespace) -> int:
    from course.authoring.exercises import build_all

    changed = build_all(check=args.check)
    names = ", ".join(str(p.relative_to(REPO_ROOT)) for p in changed)
    if args.check:
        if changed:
            print(f"stale exercises: {names}. Run `python -m course exercises build`.")
            return 1
        print("exercises/ is in sync with solutions/.")
        return 0
    print(f"wrote {names}" if changed else "exercises/ was already up to date.")
    return 0


def _parameter(text: str) -> tuple[str, object]:
    name, _, raw = text.partition("=")
    if not name or not _:
        raise argparse.ArgumentTypeError(f"parameter {text!r} must look like name=value, e.g. seed=7")
    try:
        return name, ast.literal_eval(raw)
    except (ValueError, SyntaxError):
        return name, raw


def _check(args: argparse.Namespace) -> int:
    from course.authoring.grading import format_report, grade, write_csv

    results = grade(args.notebooks, parameters=dict(args.parameter) or None)
    print(format_report(results))
    if args.csv:
        write_csv(results, args.csv)
        print(f"scores written to {args.csv}")
    return 0 if all(r.passed for r in results) else 1


def _notebooks_run(args: argparse.Namespace) -> int:
    from course.authoring.notebooks import run_in_place

    for path in args.notebooks:
        run_in_place(path)
        print(f"executed {path}")
    return 0


def _site(_: argparse.Namespace) -> int:
    from course.authoring.site import build_site

    pages = build_site()
    print(f"wrote {len(pages)} pages to {pages[0].parent}")
    return 0


def replace_between_markers(text: str, name: str, content: str) -> str:
    """Replace what stands between ``<!-- name:start -->`` and ``<!-- name:end -->`` in ``text``."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    if start not in text or end not in text:
        raise ValueError(f"the markers {start} … {end} are missing")
    head, rest = text.split(start, 1)
    _, tail = rest.split(end, 1)
    return f"{head}{start}\n{content}\n{end}{tail}"


#: Generated sections: (file, marker name, function of course.authoring.syllabus that renders it).
GENERATED_SECTIONS = (
    ("README.md", "course-map", "course_map_markdown"),
    ("INSTRUCTORS.md", "agendas", "agendas_markdown"),
)


def _map(args: argparse.Namespace) -> int:
    from course.authoring import syllabus

    if not args.update:
        print(syllabus.course_map_markdown())
        return 0
    for filename, marker, render in GENERATED_SECTIONS:
        path = REPO_ROOT / filename
        path.write_text(
            replace_between_markers(path.read_text(encoding="utf-8"), marker, getattr(syllabus, render)()),
            encoding="utf-8",
        )
        print(f"{filename}: {marker} updated.")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``python -m course``."""
    parser = argparse.ArgumentParser(prog="python -m course", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)

    commands.add_parser("doctor", help="check the installation, the data and the lessons").set_defaults(run=_doctor)

    data = commands.add_parser("data", help="datasets").add_subparsers(dest="action", required=True)
    generate = data.add_parser("generate", help="rebuild the B2B database CSVs")
    generate.add_argument("--seed", type=int, default=None, help="random seed (default: the shipped data's)")
    generate.add_argument(
        "--n-customers", type=int, default=None, help="number of customers (default: the shipped data's)"
    )
    generate.add_argument("--out", help="folder to write (default: data/b2b)")
    generate.set_defaults(run=_data_generate)

    exercises = commands.add_parser("exercises", help="exercise notebooks").add_subparsers(dest="action", required=True)
    build = exercises.add_parser("build", help="write exercises/ from solutions/")
    build.add_argument("--check", action="store_true", help="only report stale exercises; exit 1 if any")
    build.set_defaults(run=_exercises_build)

    check = commands.add_parser("check", help="run notebooks and report their checks question by question")
    check.add_argument("notebooks", nargs="+", help="notebooks or folders of notebooks")
    check.add_argument("--csv", help="write one row per notebook and question to this CSV file")
    check.add_argument(
        "-p",
        "--parameter",
        type=_parameter,
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="papermill parameter, e.g. -p seed=7 (repeatable)",
    )
    check.set_defaults(run=_check)

    notebooks = commands.add_parser("notebooks", help="lesson notebooks").add_subparsers(dest="action", required=True)
    run = notebooks.add_parser("run", help="execute notebooks in place and keep their outputs")
    run.add_argument("notebooks", nargs="+")
    run.set_defaults(run=_notebooks_run)

    commands.add_parser("site", help="render the executed lessons to HTML in _site/").set_defaults(run=_site)

    course_map = commands.add_parser("map", help="the course map, generated from course/authoring/syllabus.toml")
    course_map.add_argument(
        "--update", action="store_true", help="rewrite the map in README.md and the agendas in INSTRUCTORS.md"
    )
    course_map.set_defaults(run=_map)

    from course.authoring.pages import add_commands

    add_commands(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = build_parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
