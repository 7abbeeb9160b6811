"""The course's command line: ``python -m course COMMAND``.

Commands
--------
doctor                      versions of the key packages; data and lessons found?
data generate               rebuild data/b2b/ (byte-identical for the default seed)
data transactions --rows N --out FILE [--seed S] [--force]
                            write N synthetic order lines as Parquet (lesson 10, benchmarks)
exercises build [--check]   write exercises/ from solutions/ (--check: fail if stale)
exercises handout NN --roster F --out DIR   one notebook per trainee, each with the trainee's seed
check NOTEBOOK|FOLDER…      grade notebooks question by question (--csv, --summary, --feedback, --answers);
                            exit 0: every answer passed, 1: some answer failed (or a trainee is missing),
                            2: the command could not do its job (nothing to grade, an output not writable…)
notebooks run NOTEBOOK…     execute lessons/solutions in place, outputs kept, and rewrite their text twins
notebooks twins [--check]   write the text twins text/…/*.md of every lesson and solution (--check: fail if stale)
notebooks from-text TWIN…   take edited text twins back into their notebooks
notebooks time NOTEBOOK…    execute them in parallel (--jobs N), not written back; print a wall-time table
site                        build the course website in _site/, its Chinese edition in _site/zh/ (Jupyter Book,
                            offline; `make site`)
slides [NOTEBOOK…]          export the lessons to reveal.js slides in _slides/, the Chinese ones (zh/notebooks/…)
                            in _slides/zh/ (offline; `make slides`)
translations extract|generate|check [NOTEBOOK…]
                            the Chinese edition: update the catalogues locale/zh/…po from the English notebooks;
                            write (and execute) zh/…ipynb from them; fail naming every untranslated or fuzzy text
map [--update]              print the course map (--update: rewrite README.md's map and INSTRUCTORS.md's agendas)
archive CUSTOMER_ID…        write the customer archive (客户档案) of each account as one HTML file (--out FILE;
                            several: --tier T, --class C, --out-dir DIR)
report                      write the one-page management report as one HTML file (--seed, --n-customers, --out)
"""

from __future__ import annotations

import argparse
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from course import REPO_ROOT
from course.authoring.parameters import whole_number as _whole
from course.validation import CourseInputError

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
    from course import syllabus
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
    import tempfile

    from course.authoring.files import write_new
    from course.data import DATA_DIR, DEFAULT_N_CUSTOMERS, DEFAULT_SEED, generate_b2b, save_b2b

    out = Path(args.out) if args.out else DATA_DIR / "b2b"
    seed = DEFAULT_SEED if args.seed is None else args.seed
    n_customers = DEFAULT_N_CUSTOMERS if args.n_customers is None else args.n_customers
    db = generate_b2b(n_customers=n_customers, seed=seed)
    with tempfile.TemporaryDirectory() as scratch:
        files = save_b2b(db, scratch)
        texts = {f.name: f.read_text(encoding="utf-8") for f in files}
    clash = [name for name, text in texts.items() if (out / name).exists() and (out / name).read_text("utf-8") != text]
    if clash and not args.force:
        raise CourseInputError(
            f"{out}: {', '.join(clash)} would be replaced by other data; pass --force to replace them, "
            "or choose another --out folder."
        )
    for name, text in texts.items():
        write_new(out / name, text, force=True)
    print(f"wrote {out}: " + ", ".join(f"{name} {len(frame):,}" for name, frame in db.tables().items()))
    return 0


def _rows(text: str) -> int:
    """The number of rows typed on the command line: a whole number of at least 1 (10_000_000 is fine)."""
    try:
        rows = int(text.replace("_", "").replace(",", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of rows, e.g. 10000000") from None
    if rows < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: the number of rows must be at least 1")
    return rows


def _data_transactions(args: argparse.Namespace) -> int:
    import time

    from course.data.transactions import write_transactions
    from course.validation import CourseInputError

    start = time.perf_counter()
    try:
        path = write_transactions(
            args.out, rows=args.rows, seed=args.seed, force=args.force, check_space=not args.no_space_check
        )
    except CourseInputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"interrupted: {args.out} was not written (no partial file left).", file=sys.stderr)
        return 130
    except Exception as error:
        if type(error).__name__ != "InterruptException":  # DuckDB's own Ctrl-C
            raise
        print(f"interrupted: {args.out} was not written (no partial file left).", file=sys.stderr)
        return 130
    size, seconds = path.stat().st_size / 2**20, time.perf_counter() - start
    print(f"wrote {path}: {args.rows:,} order lines, seed {args.seed}, {size:,.1f} MB in {seconds:.1f} s")
    return 0


def _notebooks_time(args: argparse.Namespace) -> int:
    from course.authoring.timing import format_table, time_notebooks

    timings, wall = time_notebooks(args.notebooks, jobs=args.jobs)
    print(format_table(timings, wall))
    return 0 if all(not t.error for t in timings) else 1


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


def _parameter(text: str) -> tuple[str, str]:
    name, equals, raw = text.partition("=")
    if not name or not equals:
        raise argparse.ArgumentTypeError(f"parameter {text!r} must look like name=value, e.g. seed=7")
    return name.strip(), raw.strip()


def _exercises_handout(args: argparse.Namespace) -> int:
    from course.authoring.roster import handout, read_roster

    written = handout(args.exercise, read_roster(args.roster), args.out, force=args.force, lang=args.lang)
    print(f"wrote {len(written)} notebooks to {args.out} (one per trainee, each with the trainee's seed)")
    return 0


def _check(args: argparse.Namespace) -> int:
    """Grade; exit 0 when every answer passed, 1 when some did not, 2 when the command could not do its job."""
    from course.authoring import reports
    from course.authoring.grading import grade, printable
    from course.authoring.roster import read_roster
    from course.authoring.sandbox import available, missing_message

    roster = read_roster(args.roster) if args.roster else None
    outputs = [(args.csv, reports.csv_text), (args.summary, reports.summary_text), (args.answers, reports.answers_text)]
    outputs = [(path, render) for path, render in outputs if path]
    for path, render in outputs:  # refuse before grading, not after minutes of work
        reports.check_writable(path, render, force=args.force)
    if args.feedback:
        if Path(args.feedback).exists() and not Path(args.feedback).is_dir():
            raise CourseInputError(f"--feedback {args.feedback}: a file is there; give a folder. Nothing was graded.")
        reports.check_folder(args.feedback, what=f"--feedback {args.feedback}")
    if not available():
        print(missing_message(), file=sys.stderr)
    graded = grade(
        args.notebooks,
        parameters=dict(args.parameter),
        roster=roster,
        exercise=args.exercise,
        jobs=args.jobs,
        timeout=args.timeout,
    )
    print(reports.format_report(graded))
    print()
    print(reports.format_summary(graded))
    try:
        for path, render in outputs:
            reports.write_text(path, render(graded), force=args.force)
            print(f"wrote {path}")
        if args.feedback:
            written = reports.write_feedback(graded, args.feedback, force=args.force)
            print(f"wrote {len(set(written))} feedback files to {args.feedback}")
            for notebook, path in zip(graded, written, strict=True):
                if path.stem != notebook.trainee:
                    print(
                        f"  feedback of {printable(notebook.trainee)} ({printable(notebook.notebook)}) is {path.name}"
                    )
    except OSError as error:  # the disk filled, a folder was removed meanwhile…
        raise CourseInputError(f"could not write {error.filename}: {error.strerror}.") from None
    every = [r for g in graded for r in g.results]
    return 0 if every and all(r.passed for r in every) else 1


def _notebooks_run(args: argparse.Namespace) -> int:
    from course.authoring.notebooks import run_in_place
    from course.authoring.twins import write_twin

    for path in args.notebooks:
        run_in_place(path)
        twin = write_twin(path)
        print(f"executed {path} (text twin {twin.relative_to(REPO_ROOT)})")
    return 0


def _lessons_and_solutions() -> list[Path]:
    from course.syllabus import lessons

    return [REPO_ROOT / p for lesson in lessons() if lesson.ready for p in (lesson.notebook, lesson.solution) if p]


def _notebooks_twins(args: argparse.Namespace) -> int:
    from course.authoring.twins import out_of_sync, write_twin

    notebooks = [Path(p) for p in args.notebooks] or _lessons_and_solutions()
    if args.check:
        stale = out_of_sync(notebooks)
        for line in stale:
            print(line)
        print("text twins in sync." if not stale else "Run `python -m course notebooks twins` to rewrite them.")
        return 1 if stale else 0
    for notebook in notebooks:
        print(f"wrote {write_twin(notebook).relative_to(REPO_ROOT)}")
    return 0


def _notebooks_from_text(args: argparse.Namespace) -> int:
    from course.authoring.twins import update_from_text

    for twin in args.twins:
        notebook = update_from_text(twin)
        print(
            f"updated {notebook.relative_to(REPO_ROOT)}; run `python -m course notebooks run` on it to refresh outputs"
        )
    return 0


def _site(_: argparse.Namespace) -> int:
    import subprocess

    from course.authoring.site import build_site

    try:
        out = build_site()
    except FileNotFoundError as error:
        print(error)
        return 1
    except subprocess.CalledProcessError:
        print("the site build failed: see Sphinx's warnings above (every warning fails the build)")
        return 1
    chinese = out / "zh"
    pages = sum(1 for page in out.rglob("*.html") if not page.is_relative_to(chinese))
    pages_zh = sum(1 for _ in chinese.rglob("*.html"))
    folder = out.relative_to(REPO_ROOT)
    print(
        f"wrote {pages} English pages to {folder}/ and {pages_zh} Chinese pages to {folder}/zh/ "
        f"(open {folder}/index.html, 中文版 {folder}/zh/index.html)"
    )
    return 0


def _slides(args: argparse.Namespace) -> int:
    from course.authoring.slides import export_slides

    try:
        decks = export_slides(args.notebooks or None)
    except FileNotFoundError as error:
        print(error)
        return 1
    folders = sorted({str(deck.parent.relative_to(REPO_ROOT)) for deck in decks}) or ["_slides"]
    print(f"wrote {len(decks)} decks to {', '.join(f + '/' for f in folders)} (open {folders[0]}/index.html)")
    return 0


def _translation_targets(args: argparse.Namespace) -> list[Path]:
    from course.authoring.translations import translated_notebooks

    targets = [Path(p) for p in args.notebooks] or translated_notebooks()
    if not targets:
        raise CourseInputError(
            "no catalogue under locale/zh/ yet: name the English notebooks, e.g. "
            "`python -m course translations extract notebooks/00_course_map.ipynb`."
        )
    return targets


def _untranslated_notebooks(translated: list[Path]) -> list[str]:
    from course.syllabus import lessons

    have = {p.resolve() for p in translated}
    return [
        f"{path}: no catalogue yet (run `python -m course translations extract {path}`)"
        for lesson in lessons()
        for path in (lesson.notebook, lesson.solution)
        if path and (REPO_ROOT / path).resolve() not in have
    ]


def _translations_extract(args: argparse.Namespace) -> int:
    from course.authoring.translations import extract, extract_package

    for notebook in _translation_targets(args):
        print(extract(notebook))
    if not args.notebooks:  # everything: the package's messages too
        print(extract_package())
    return 0


def _translations_generate(args: argparse.Namespace) -> int:
    from course.authoring.translations import generate

    for notebook in _translation_targets(args):
        print(generate(notebook, execute=not args.no_execute))
    return 0


def _translations_check(args: argparse.Namespace) -> int:
    from course.authoring.translations import check, check_package

    targets = _translation_targets(args)
    problems = [line for notebook in targets for line in check(notebook)]
    if not args.notebooks:  # the whole edition: every lesson and solution, and the package's messages
        problems += _untranslated_notebooks(targets) + check_package()
    for line in problems:
        print(line)
    print(
        f"{len(problems)} problems in the Chinese edition of {len(targets)} notebooks."
        if problems
        else f"the Chinese edition of {len(targets)} notebooks is complete and up to date."
    )
    return 1 if problems else 0


def replace_between_markers(text: str, name: str, content: str) -> str:
    """Replace what stands between ``<!-- name:start -->`` and ``<!-- name:end -->`` in ``text``."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    if start not in text or end not in text:
        raise ValueError(f"the markers {start} … {end} are missing")
    head, rest = text.split(start, 1)
    _, tail = rest.split(end, 1)
    return f"{head}{start}\n{content}\n{end}{tail}"


#: Generated sections: (file, marker name, the function that renders it: a name in
#: course.syllabus, or "module:function", the language it renders in). The Chinese files
#: take their words from the catalogues (course.i18n).
GENERATED_SECTIONS = (
    ("README.md", "course-map", "course_map_markdown", "en"),
    ("INSTRUCTORS.md", "agendas", "agendas_markdown", "en"),
    ("INSTRUCTORS.md", "lesson-notes", "course.authoring.instructors:lesson_notes_markdown", "en"),
    ("README.zh-CN.md", "course-map", "course_map_markdown", "zh"),
    ("INSTRUCTORS.zh-CN.md", "agendas", "agendas_markdown", "zh"),
    ("INSTRUCTORS.zh-CN.md", "lesson-notes", "course.authoring.instructors:lesson_notes_markdown", "zh"),
)


def render_section(render: str, lang: str = "en") -> str:
    """The text of a generated section in ``lang`` (see :data:`GENERATED_SECTIONS`)."""
    import importlib

    module, _, function = render.rpartition(":")
    return getattr(importlib.import_module(module or "course.syllabus"), function)(lang)


def _map(args: argparse.Namespace) -> int:
    from course import syllabus

    if not args.update:
        print(syllabus.course_map_markdown())
        return 0
    for filename, marker, render, lang in GENERATED_SECTIONS:
        path = REPO_ROOT / filename
        path.write_text(
            replace_between_markers(path.read_text(encoding="utf-8"), marker, render_section(render, lang)),
            encoding="utf-8",
        )
        print(f"{filename}: {marker} updated.")
    return 0


#: The commands of :mod:`course.authoring.pages`. For them only their own parsers are built, so that
#: ``python -m course report`` imports what a page needs, not nbformat and jsonschema (seconds of start-up)
#: that the notebook and classroom commands import with their parsers.
PAGE_COMMANDS = ("archive", "report")


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser of ``python -m course``; for a ``command`` of :data:`PAGE_COMMANDS`, only its part."""
    from course.authoring.pages import add_commands

    parser = argparse.ArgumentParser(prog="python -m course", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    if command in PAGE_COMMANDS:
        add_commands(commands)
        return parser
    _add_commands(commands)
    from course.authoring.classroom.cli import add_commands as add_classroom

    add_commands(commands)
    add_classroom(commands)
    return parser


def _add_commands(commands: argparse._SubParsersAction) -> None:
    """The commands defined in this module."""
    commands.add_parser("doctor", help="check the installation, the data and the lessons").set_defaults(run=_doctor)

    data = commands.add_parser("data", help="datasets").add_subparsers(dest="action", required=True)
    generate = data.add_parser("generate", help="rebuild the B2B database CSVs")
    generate.add_argument("--seed", type=_whole(0, "--seed"), help="random seed (default: the shipped data's)")
    generate.add_argument(
        "--n-customers", type=_whole(1, "--n-customers"), help="number of customers (default: the shipped data's)"
    )
    generate.add_argument("--out", help="folder to write (default: data/b2b)")
    generate.add_argument("--force", action="store_true", help="replace CSV files that hold other data")
    generate.set_defaults(run=_data_generate)
    transactions = data.add_parser("transactions", help="write N synthetic order lines as Parquet")
    transactions.add_argument("--rows", type=_rows, required=True, help="number of order lines, e.g. 10000000")
    transactions.add_argument("--out", required=True, help="the Parquet file to write, e.g. tx.parquet")
    transactions.add_argument(
        "--seed", type=_whole(0, "--seed"), default=0, help="random seed (default 0): same seed, same table"
    )
    transactions.add_argument("--force", action="store_true", help="overwrite --out if it exists")
    transactions.add_argument(
        "--no-space-check", action="store_true", help="write even when the file looks larger than the free disk"
    )
    transactions.set_defaults(run=_data_transactions)

    exercises = commands.add_parser("exercises", help="exercise notebooks").add_subparsers(dest="action", required=True)
    build = exercises.add_parser("build", help="write exercises/ from solutions/")
    build.add_argument("--check", action="store_true", help="only report stale exercises; exit 1 if any")
    build.set_defaults(run=_exercises_build)
    give = exercises.add_parser("handout", help="one exercise notebook per trainee, each with the trainee's seed")
    give.add_argument("exercise", help="the exercise number, e.g. 03")
    give.add_argument("--roster", required=True, help="CSV with a 'trainee' column (and optionally 'seed')")
    give.add_argument("--out", required=True, help="folder to write the notebooks to")
    give.add_argument("--force", action="store_true", help="replace notebooks that differ from a fresh handout")
    give.add_argument("--lang", choices=("en", "zh"), default="en", help="the edition: zh hands out zh/exercises/…")
    give.set_defaults(run=_exercises_handout)

    check = commands.add_parser(
        "check",
        help="grade notebooks question by question, on the course's own checks",
        description="Grade notebooks question by question, each in a sandbox of its own. Exit status: 0 every "
        "answer passed; 1 some answer failed or a roster trainee has no submission; 2 the command could not do "
        "its job (nothing to grade, an output that cannot be written, bad input) and wrote nothing.",
    )
    check.add_argument("notebooks", nargs="+", help="notebooks or folders of notebooks")
    check.add_argument("--csv", help="write one row per notebook and question to this CSV file")
    check.add_argument("--summary", help="write one row per trainee (score, maximum, percent, failed) to this CSV file")
    check.add_argument("--feedback", metavar="DIR", help="write one Markdown feedback file per trainee into DIR")
    check.add_argument("--answers", metavar="FILE", help="collect the written answers into this Markdown file")
    check.add_argument("--roster", help="grade each trainee on the seed of this roster (CSV: trainee[, seed])")
    check.add_argument("--exercise", help="the exercise expected, e.g. 03 (other notebooks are reported, not graded)")
    check.add_argument(
        "-p",
        "--parameter",
        type=_parameter,
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="data parameter for every notebook, e.g. -p seed=7 (repeatable)",
    )
    check.add_argument(
        "-j", "--jobs", type=_whole(1, "-j"), default=None, help="notebooks graded at once (default: the cores)"
    )
    check.add_argument(
        "--timeout", type=_whole(1, "--timeout"), default=120, metavar="SECONDS", help="limit per cell (default 120)"
    )
    check.add_argument("--force", action="store_true", help="replace output files this command did not write")
    check.set_defaults(run=_check)

    notebooks = commands.add_parser("notebooks", help="lesson notebooks").add_subparsers(dest="action", required=True)
    run = notebooks.add_parser("run", help="execute notebooks in place and keep their outputs")
    run.add_argument("notebooks", nargs="+")
    run.set_defaults(run=_notebooks_run)
    timed = notebooks.add_parser("time", help="execute notebooks in parallel (not written back); print their times")
    timed.add_argument("notebooks", nargs="+")
    timed.add_argument("--jobs", type=int, default=2, help="notebooks run at the same time (default 2)")
    timed.set_defaults(run=_notebooks_time)
    twins = notebooks.add_parser("twins", help="write the text twins (text/…/*.md) of lessons and solutions")
    twins.add_argument("notebooks", nargs="*", help="notebooks (default: every lesson and solution)")
    twins.add_argument("--check", action="store_true", help="only report twins out of sync; exit 1 if any")
    twins.set_defaults(run=_notebooks_twins)
    from_text = notebooks.add_parser("from-text", help="take edited text twins back into their notebooks")
    from_text.add_argument("twins", nargs="+", help="twins, e.g. text/notebooks/03_rfm.md")
    from_text.set_defaults(run=_notebooks_from_text)

    commands.add_parser("site", help="build the course website in _site/ (make site)").set_defaults(run=_site)
    slides = commands.add_parser("slides", help="export lessons to reveal.js slides in _slides/ (make slides)")
    slides.add_argument(
        "notebooks",
        nargs="*",
        help="lesson notebooks, zh/… for Chinese decks (default: every ready lesson, both editions)",
    )
    slides.set_defaults(run=_slides)

    translations = commands.add_parser(
        "translations", help="the Chinese edition: catalogues (locale/zh/) and Chinese notebooks (zh/)"
    ).add_subparsers(dest="action", required=True)
    for name, run_it, what in (
        ("extract", _translations_extract, "update the catalogues from the English notebooks"),
        ("generate", _translations_generate, "write the Chinese notebooks from the catalogues and execute them"),
        ("check", _translations_check, "fail naming every untranslated or fuzzy text (exit 1)"),
    ):
        action = translations.add_parser(name, help=what)
        action.add_argument("notebooks", nargs="*", help="English notebooks (default: every one with a catalogue)")
        action.set_defaults(run=run_it)
        if name == "generate":
            action.add_argument("--no-execute", action="store_true", help="write the notebooks without running them")

    course_map = commands.add_parser("map", help="the course map, generated from course/syllabus.toml")
    course_map.add_argument(
        "--update",
        action="store_true",
        help="rewrite the map in README.md and the agendas and lesson notes in INSTRUCTORS.md",
    )
    course_map.set_defaults(run=_map)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status (2 for input to fix, with the message on stderr; 130 on Ctrl-C)."""
    argv = sys.argv[1:] if argv is None else list(argv)
    args = build_parser(argv[0] if argv else None).parse_args(argv)
    try:
        return args.run(args)
    except CourseInputError as error:
        print(f"python -m course: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # Ctrl-C: one line, no traceback (outputs are written only at the end)
        print(f"python -m course {args.command}: interrupted.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
