"""The commands that write HTML pages: ``python -m course archive`` and ``python -m course report``.

Both write one self-contained HTML file. ``--out`` never overwrites a file
the course did not write (a page the course wrote carries its generator tag,
:data:`course.htmlpage.GENERATOR`) unless ``--force`` is given, and a bad
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
    from course.htmlpage import written_by_course

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


def management_tier(db: object, args: argparse.Namespace) -> str | None:
    """The account's final management tier (course.management), the one tier the report shows too.

    ``None`` for an id the database does not hold, so that the archive itself
    raises its clear error naming the id.
    """
    from course.management import customer_360, management_tiers

    final = management_tiers(customer_360(db, asof=args.asof))["final_tier"]
    return str(final[args.customer_id]) if args.customer_id in final.index else None


def _archive(args: argparse.Namespace) -> int:
    from course.kam import write_archive
    from course.validation import CourseInputError

    try:
        path = target_path(args.out, f"archive_{args.customer_id}.html", force=args.force)
        db, _ = _database(args)
        written = write_archive(db, args.customer_id, path, asof=args.asof, tier=management_tier(db, args))
    except (_Refused, CourseInputError) as error:
        print(f"error: {error}", file=sys.stderr)
        if isinstance(error, CourseInputError) and "is not in table 'customers'" in str(error):
            print(
                "List the ids with: python -c \"import course.data as d; print(d.load_b2b().customers[['customer_id', "
                "'company_name']].to_string(index=False))\"",
                file=sys.stderr,
            )
        return 2
    print(f"wrote {written} (customer archive of {args.customer_id}, as of {args.asof})")
    return 0


def _own_report(args: argparse.Namespace) -> int:
    """``report --orders FILE --columns …``: the tiering report on the user's own export (course.own_data).

    Without ``--asof`` the report is as of the day after the last order, the
    course's convention (:func:`course.purchases.default_asof`).
    """
    import warnings

    from course.data.orders_file import parse_column_mapping
    from course.own_data import write_own_data_report
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
    from course.management import write_report
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

    archive = commands.add_parser("archive", help="write the customer archive (客户档案) of one account as HTML")
    archive.add_argument("customer_id", help="the account, e.g. C00001")
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
