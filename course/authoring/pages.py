"""The commands that write HTML pages: ``python -m course archive`` and ``python -m course report``.

Each page is one self-contained HTML file; ``archive`` writes one per account
asked for (ids, ``--tier``, ``--class``), computing what the accounts share
once. ``--out`` never overwrites a file the course did not write (a page the
course wrote carries its generator tag,
:data:`course.pages.GENERATOR`) unless ``--force`` is given, and a bad
customer id or date ends in one clear message, not a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from course.authoring.parameters import whole_number

__all__ = ["add_commands", "target_path"]


class _Refused(Exception):
    """The command will not write where it was asked to."""


def target_path(out: str | None, default: str, *, force: bool) -> Path:
    """The file to write: ``out`` or ``default``; refuse a file the course did not write, unless ``force``."""
    from course.pages import written_by_course

    path = Path(out or default)
    if path.is_dir():
        raise _Refused(f"{path} is a folder; give --out a file name, e.g. --out {path / default}.")
    if path.exists() and not force and not written_by_course(path):
        raise _Refused(
            f"{path} exists and was not written by `python -m course`; it is left alone. "
            "Choose another --out, or pass --force to overwrite it."
        )
    if not path.parent.exists():
        raise _Refused(f"the folder {path.parent} does not exist; create it first or choose another --out.")
    return path


def _database(args: argparse.Namespace):
    """The course's database the options name, and a note saying which.

    An ``--asof`` left out becomes the database's :data:`course.data.DEFAULT_ASOF`
    (its last day), here where the database is chosen; ``--orders`` has its own
    default (see :func:`_own_report`).
    """
    from course.data import DEFAULT_ASOF, DEFAULT_N_CUSTOMERS, DEFAULT_SEED, b2b_database

    if args.asof is None:
        args.asof = DEFAULT_ASOF
    seed = DEFAULT_SEED if args.seed is None else args.seed
    n_customers = DEFAULT_N_CUSTOMERS if args.n_customers is None else args.n_customers
    note = f"Database: seed {seed}, {n_customers:,} customers" + (
        " (the shipped one)." if (seed, n_customers) == (DEFAULT_SEED, DEFAULT_N_CUSTOMERS) else ", generated."
    )
    return b2b_database(seed=seed, n_customers=n_customers), note


def _archive(args: argparse.Namespace) -> int:
    """Write the archives asked for: the ids given and every account of the tiers and classes given."""
    from course.validation import CourseInputError

    if not (args.customer_ids or args.tier or args.klass):
        print("error: name the accounts: one or more ids (e.g. C00001), --tier or --class.", file=sys.stderr)
        return 2
    try:
        written = _write_archives(args)
    except (_Refused, CourseInputError) as error:
        print(f"error: {error}", file=sys.stderr)
        if isinstance(error, CourseInputError) and "is not in table 'customers'" in str(error):
            print(
                "List the ids with: python -c \"import course.data as d; print(d.load_b2b().customers[['customer_id', "
                "'company_name']].to_string(index=False))\"",
                file=sys.stderr,
            )
        return 2
    if len(written) == 1:
        key, path = written[0]
        print(f"wrote {path} (customer archive of {key}, as of {args.asof})")
    else:
        folder = Path(args.out_dir or ".")
        print(f"wrote {len(written)} customer archives to {folder} (archive_<id>.html, as of {args.asof})")
    return 0


def _write_archives(args: argparse.Namespace) -> list[tuple[str, Path]]:
    """Check everything (ids, tiers, classes, every target file), then write the archives one by one.

    Nothing is written when an id is unknown (the error names every unknown id) or a target file may not be
    written (the error names the first).
    """
    import warnings

    from course.customers import customer_table
    from course.kam import account_table, customer_classes
    from course.management import management_tiers, tier_view
    from course.pages import customer_archives
    from course.validation import AsofWarning, CourseInputError

    db, _ = _database(args)
    with warnings.catch_warnings():  # an archive is made as of a day: the later rows are left out on purpose
        warnings.simplefilter("ignore", AsofWarning)
        table = customer_table(db, asof=args.asof)
    final = management_tiers(tier_view(db, args.asof, table=table))["final_tier"].astype("object")
    keys = list(args.customer_ids)
    if args.tier:
        keys += final.index[final.isin(args.tier)].tolist()
    if args.klass:
        classes = customer_classes(account_table(db, args.asof, table=table))["class"].astype("object")
        keys += classes.index[classes.isin(args.klass)].tolist()
    keys = list(dict.fromkeys(keys))
    if not keys:
        raise CourseInputError(
            f"no account is in {' or '.join([*(args.tier or []), *(args.klass or [])])}: nothing to write."
        )
    if len(keys) > 1 and args.out:
        raise _Refused(
            f"--out names one file, and {len(keys)} archives are asked for; give a folder with --out-dir instead."
        )
    folder = Path(args.out_dir or ".")
    if args.out_dir is not None and not folder.is_dir():
        raise _Refused(f"--out-dir {folder}: no such folder; create it first or choose another.")
    targets = {
        key: target_path(args.out if len(keys) == 1 else None, str(folder / f"archive_{key}.html"), force=args.force)
        for key in keys
    }
    pages = customer_archives(db, keys, asof=args.asof, tiers=final.to_dict(), table=table)  # checks every id
    if args.jobs > 1 and len(keys) > 1:
        _BATCH.update(db=db, asof=args.asof, tiers=final.to_dict(), table=table, targets=targets)
        try:
            _in_processes(keys, args.jobs)
        finally:
            _BATCH.clear()
    else:
        for key, html in pages:
            targets[key].write_text(html, encoding="utf-8")
    return [(key, targets[key]) for key in keys]


#: What the worker processes of ``archive --jobs`` read: set before they are forked, so nothing is pickled.
_BATCH: dict = {}


def _write_share(keys: list[str]) -> None:
    """Write the archives of ``keys`` (one worker's share of a batch), as the sequential loop does."""
    from course.pages import customer_archives

    batch = _BATCH
    for key, html in customer_archives(
        batch["db"], keys, asof=batch["asof"], tiers=batch["tiers"], table=batch["table"]
    ):
        batch["targets"][key].write_text(html, encoding="utf-8")


def _in_processes(keys: list[str], jobs: int) -> None:
    """Share the archives among ``jobs`` forked processes (every ``jobs``-th account each, so the shares balance).

    Each worker computes what the archives share once for itself; the pages are the sequential ones byte for
    byte. Where processes cannot be forked (Windows), the archives are written one after the other.
    """
    import multiprocessing

    shares = [keys[start::jobs] for start in range(min(jobs, len(keys)))]
    try:
        context = multiprocessing.get_context("fork")
    except ValueError:
        for share in shares:
            _write_share(share)
        return
    with context.Pool(len(shares)) as pool:
        pool.map(_write_share, shares)


def _own_report(args: argparse.Namespace) -> int:
    """``report --orders FILE --columns …``: the tiering report on the user's own export (course.pages).

    Without ``--asof`` the report is as of the day after the last order, the
    course's convention (:func:`course.purchases.default_asof`).
    """
    import warnings

    from course.data.orders_file import parse_column_mapping
    from course.pages import write_own_data_report
    from course.validation import CourseInputError

    try:
        if args.columns is None:
            raise CourseInputError(
                "--orders needs --columns, e.g. --columns customer=客户编号,date=下单日期,amount=金额."
            )
        path = target_path(args.out, "tiering_report.html", force=args.force)
        with warnings.catch_warnings(record=True) as caught:  # said in one line each, and on the page
            warnings.simplefilter("always")
            written = write_own_data_report(
                args.orders,
                parse_column_mapping(args.columns),
                path,
                sheet=args.sheet,
                decimal=args.decimal,
                dayfirst=True if args.dayfirst else None,
                asof=args.asof,
            )
        for message in dict.fromkeys(str(w.message) for w in caught):
            print(f"note: {message}", file=sys.stderr)
    except (_Refused, CourseInputError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"wrote {written} (tiering report of {args.orders})")
    return 0


def _report(args: argparse.Namespace) -> int:
    from course.pages import write_report
    from course.validation import CourseInputError

    if args.orders is not None and (args.seed is not None or args.n_customers is not None):
        print(
            "error: --seed and --n-customers choose the course's database; --orders reports on your file.",
            file=sys.stderr,
        )
        return 2
    if args.orders is not None:
        return _own_report(args)
    if args.columns is not None or args.sheet is not None:
        print("error: --columns and --sheet describe your own export: give it with --orders FILE.", file=sys.stderr)
        return 2
    try:
        path = target_path(args.out, "management_report.html", force=args.force)
        db, note = _database(args)
        written = write_report(db, path, asof=args.asof, note=note)
    except (_Refused, CourseInputError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"wrote {written} (management report, as of {args.asof}; {note})")
    return 0


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Add ``archive`` and ``report`` to the command line's sub-commands."""
    from course.data import DEFAULT_ASOF

    def common(parser: argparse.ArgumentParser, *, asof_default: str = "") -> None:
        parser.add_argument("--out", help="HTML file to write")
        parser.add_argument("--force", action="store_true", help="overwrite --out even if the course did not write it")
        parser.add_argument(
            "--seed", type=whole_number(0, "--seed"), default=None, help="database seed (default: the shipped data's)"
        )
        parser.add_argument(
            "--n-customers",
            type=whole_number(1, "--n-customers"),
            default=None,
            help="database size (default: the shipped data's)",
        )
        # None, not DEFAULT_ASOF: the report on --orders defaults to its own last order (see _database)
        parser.add_argument("--asof", default=None, help=f"analysis date (default {DEFAULT_ASOF}{asof_default})")

    archive = commands.add_parser(
        "archive",
        help="write the customer archive (客户档案) of one account, or of many, as HTML",
        description="Write the customer archive of each account named: the ids given, and every account of the "
        "management tiers (--tier) and customer classes (--class) given. Every id is checked first: an unknown "
        "id is an error that names it, and then no archive is written. One archive goes to --out (default "
        "archive_<id>.html), several to --out-dir (default the current folder), one file per account.",
    )
    archive.add_argument("customer_ids", nargs="*", metavar="CUSTOMER_ID", help="the accounts, e.g. C00001 C00002")
    archive.add_argument(
        "--tier",
        action="append",
        choices=["strategic", "important", "general", "prospect", "lost"],
        help="every account of this final management tier (course.management); repeatable",
    )
    archive.add_argument(
        "--class",
        dest="klass",
        action="append",
        choices=["big", "high-potential", "ordinary"],
        help="every account of this customer class (大客户 / 潜力客户 / 普通客户, course.kam); repeatable",
    )
    archive.add_argument("--out-dir", help="folder for several archives (default: the current folder)")
    archive.add_argument(
        "-j",
        "--jobs",
        type=whole_number(1, "--jobs"),
        default=1,
        help="write several archives in this many processes at once (default 1; at most one per core helps)",
    )
    common(archive)
    archive.set_defaults(run=_archive)
    report = commands.add_parser("report", help="write the one-page management report (管理报告) as HTML")
    common(report, asof_default="; with --orders: the day after the last order")
    own = report.add_argument_group("your own data (instead of the course's database)")
    own.add_argument("--orders", help="your order export: .csv, .xlsx or .parquet, one row per order line")
    own.add_argument(
        "--columns", help="role=column pairs: customer=客户编号,date=下单日期,amount=金额[,order=…,status=…,margin=…]"
    )
    own.add_argument("--sheet", help="the sheet of an .xlsx workbook that holds the orders")
    own.add_argument("--decimal", default=".", choices=[".", ","], help="decimal mark of the amounts (default .)")
    own.add_argument("--dayfirst", action="store_true", help="read dates such as 05/01/2024 day first (5 January)")
    report.set_defaults(run=_report)
