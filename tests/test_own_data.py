"""Tests of a company's own export: the loader (course.data.read_orders), the figures and the report page.

The messy export is built here, line by line, so that every rule of the
loader meets the case it is for: Chinese headers, GB18030 and UTF-8 with a
BOM, an .xlsx workbook (written with openpyxl) with two sheets, Excel's date
cells, ¥ amounts with thousands separators, Excel serial dates, ids with
leading zeros, a cancelled line, a line exported twice, returns netted
against their order and a return whose order is not in the file. The
expected table is written out by hand; the report's figures are compared
with the lesson functions run directly on the same table, and on CDNOW's
raw file with the figures the course reproduces (tests/test_pareto.py,
tests/test_clv.py).
"""

from __future__ import annotations

import warnings
import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from openpyxl.utils.datetime import from_excel

from course import pareto, rfm
from course.authoring.cli import main
from course.clv import calibration_holdout, summary
from course.data import load_cdnow, read_orders
from course.data.orders_file import parse_column_mapping
from course.lifecycle import lifecycle_states
from course.own_data import MIN_REPEAT_BUYERS, own_data_figures
from course.pages import own_data_report
from course.tiers import tier_customers
from course.validation import CourseDataWarning, CourseInputError

HEADER = ["客户编号", "订单号", "下单日期", "金额", "毛利", "状态", "产品"]
MAPPING = {
    "customer": "客户编号",
    "order": "订单号",
    "date": "下单日期",
    "amount": "金额",
    "margin": "毛利",
    "status": "状态",
    "product": "产品",
}
LINES = [  # line 2 onwards of the file
    ["00123", "SO-1", "2024-01-05", "¥1,234.50", "400", "已完成", "轴承"],  # 2
    ["00123", "SO-1", "2024-01-05", "¥1,234.50", "400", "已完成", "轴承"],  # 3 the same line exported twice
    ["00123", "SO-2", "45383", "500", "150", "已完成", "齿轮"],  # 4 Excel serial date: 2024-04-01
    ["00123", "SO-2", "45390", "-100", "-30", "已完成", "齿轮"],  # 5 a return netted against SO-2
    ["00456", "SO-3", "2024/2/10", "RMB 800.00", "200", "已取消", "轴承"],  # 6 cancelled
    ["00456", "SO-4", "2024-03-15", "300", "90", "已完成", "轴承"],  # 7
    ["00456", "SO-5", "2024-06-01", "200", "60", "已完成", "齿轮"],  # 8
    ["00456", "SO-5", "2024-06-03", "-200", "-60", "已完成", "齿轮"],  # 9 SO-5 returned in full
    ["07890", "SO-6", "2023-11-20", "2,000", "500", "交易成功", "电机"],  # 10
    ["07890", "SO-0", "2024-02-01", "-50", "-10", "已完成", "电机"],  # 11 return of an order not in the file
    ["07890", "SO-7", "2024-05-20", "¥ 1,000.00", "260", "已发货", "电机"],  # 12
    ["01000", "SO-8", "2024-06-28", "99.90", "30", "退货", "轴承"],  # 13 returned by status
    ["01000", "SO-9", "2022-12-01", "650", "120", "已完成", "轴承"],  # 14
]
# The table read_orders must return: file order, the rules applied (see course.data.orders_file).
EXPECTED = pd.DataFrame(
    {
        "customer_id": ["00123", "00123", "00456", "07890", "07890", "01000"],
        "order_id": ["SO-1", "SO-2", "SO-4", "SO-6", "SO-7", "SO-9"],
        "date": pd.to_datetime(["2024-01-05", "2024-04-01", "2024-03-15", "2023-11-20", "2024-05-20", "2022-12-01"]),
        "amount": [1234.5, 400.0, 300.0, 2000.0, 1000.0, 650.0],  # SO-2: 500 - 100
        "margin": [400.0, 120.0, 90.0, 500.0, 260.0, 120.0],  # SO-2: 150 scaled by 400/500
        "product": ["轴承", "齿轮", "轴承", "电机", "电机", "轴承"],
    }
)


def write_csv(path: Path, lines=LINES, header=HEADER, encoding="gb18030") -> Path:
    rows = [header, *lines]
    text = "\r\n".join(",".join(f'"{c}"' if "," in c else c for c in row) for row in rows) + "\r\n"
    path.write_bytes(text.encode(encoding))
    return path


def write_xlsx(
    path: Path, sheets: dict[str, list[list[str]]], *, date_cells: bool = False, blank_rows: int = 0
) -> Path:
    """A workbook as a user's Excel saves it, written with openpyxl.

    Ids (the first two columns) are text cells, as Excel keeps them when the
    column is formatted as text: a number would lose the leading zeros.
    Other cells that read as numbers are numbers (amounts; an Excel serial
    date such as 45383 is a number too), the rest text. With ``date_cells``
    the date column (下单日期) holds date-formatted cells -- what Excel makes
    of a date typed into a cell -- which openpyxl writes as a serial number
    with a date format. ``blank_rows`` empty rows stand above each header.
    """
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        dates = rows[0].index("下单日期") if date_cells else None
        for r, row in enumerate(rows, start=1 + blank_rows):
            for c, value in enumerate(row, start=1):
                if value == "":
                    continue  # an empty cell: Excel writes nothing
                cell = sheet.cell(row=r, column=c)
                if r > 1 + blank_rows and c - 1 == dates:
                    day = from_excel(int(value)) if value.isdigit() else pd.Timestamp(value).to_pydatetime()
                    cell.value, cell.number_format = day, "yyyy-mm-dd"
                elif c > 2 and _is_number(value):
                    cell.value = float(value) if "." in value else int(value)
                else:
                    cell.value = value
    book.save(path)
    return path


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


@pytest.fixture
def export(tmp_path) -> Path:
    return write_csv(tmp_path / "订单导出.csv")


def read(path: Path, **options) -> pd.DataFrame:
    with (
        pytest.warns(CourseDataWarning, match="GB18030")
        if path.suffix == ".csv" and "bom" not in path.name
        else _nothing()
    ):
        return read_orders(path, MAPPING, **options)


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


# ----------------------------------------------------------------------------------------------- the loader
def test_the_messy_export_loads_into_the_expected_table(export):
    table = read(export)
    pd.testing.assert_frame_equal(table, EXPECTED, check_dtype=False)
    assert table["customer_id"].tolist()[0] == "00123"  # the leading zeros are kept
    assert str(table["date"].dtype) == "datetime64[ns]" and str(table["amount"].dtype) == "float64"


def test_the_load_report_names_every_line_dropped_or_changed(export):
    report = read(export).attrs["load_report"]
    assert (report.file, report.encoding, report.rows_read, report.rows_kept) == (str(export), "GB18030", 13, 6)
    steps = {step.reason.split(" (")[0]: (step.action, step.rows, list(step.examples.index)) for step in report.steps}
    assert steps["cancelled"] == ("dropped", 1, [6])
    assert steps["returned"] == ("dropped", 1, [13])
    assert steps["the same line exported twice"] == ("dropped", 1, [3])
    assert steps["return whose order is not in the file"] == ("dropped", 1, [11])
    assert steps["order returned in full"] == ("dropped", 1, [8])
    assert steps["return line of an order returned in full"] == ("dropped", 1, [9])
    assert steps["line reduced by a return on its order"] == ("changed", 1, [4])
    assert steps["return line netted against its order"] == ("dropped", 1, [5])
    assert steps["Excel serial date turned to a day"] == ("changed", 1, [4])
    assert steps["amount read after removing a currency sign or thousands separator"] == ("changed", 3, [2, 10, 12])
    dropped = sum(s.rows for s in report.steps if s.action == "dropped")
    assert report.rows_read - dropped == report.rows_kept
    example = report.steps[0].examples  # the lines as the file has them, under the file's headers
    assert list(example.columns) == list(MAPPING.values()) and example.iloc[0]["客户编号"] == "00456"


def test_utf8_with_bom_reads_the_same(tmp_path):
    table = read(write_csv(tmp_path / "orders_bom.csv", encoding="utf-8-sig"))
    pd.testing.assert_frame_equal(table, EXPECTED, check_dtype=False)
    assert table.attrs["load_report"].encoding == "UTF-8 with BOM"


def test_an_xlsx_with_two_sheets_needs_the_sheet_named(tmp_path):
    notes = [["说明"], ["本表为2024年订单导出"]]
    book = write_xlsx(tmp_path / "orders.xlsx", {"说明": notes, "订单": [HEADER, *LINES]})
    with pytest.raises(CourseInputError, match="2 sheets: '说明', '订单'"):
        read_orders(book, MAPPING)
    table = read_orders(book, MAPPING, sheet="订单")
    pd.testing.assert_frame_equal(table, EXPECTED, check_dtype=False)
    assert table.attrs["load_report"].sheet == "订单"
    with pytest.raises(CourseInputError, match="no sheet named 'Orders'"):
        read_orders(book, MAPPING, sheet="Orders")


def test_an_xlsx_with_date_formatted_cells_reads_the_same(tmp_path):
    book = write_xlsx(tmp_path / "orders.xlsx", {"订单": [HEADER, *LINES]}, date_cells=True, blank_rows=2)
    cell = openpyxl.load_workbook(book)["订单"]["C4"]  # the first date, below two blank rows and the header
    assert cell.is_date and cell.number_format == "yyyy-mm-dd"  # a date cell, not text: the case under test
    table = read_orders(book, MAPPING)
    pd.testing.assert_frame_equal(table, EXPECTED, check_dtype=False)
    steps = {step.reason: step for step in table.attrs["load_report"].steps}
    assert not any("serial" in reason for reason in steps)  # Excel's dates arrive as days, not numbers
    assert steps["cancelled (status 已取消)"].examples.index.tolist() == [6 + 2]  # its Excel row, below 2 blank rows
    serial = read_orders(write_xlsx(tmp_path / "serial.xlsx", {"订单": [HEADER, *LINES]}), MAPPING)
    assert any("serial" in step.reason for step in serial.attrs["load_report"].steps)


def test_an_xlsx_from_an_exporter_without_styles_reads_without_openpyxl_warnings(tmp_path):
    """ERP exporters write bare styles; openpyxl's warnings about them say nothing about the orders."""
    book = write_xlsx(tmp_path / "excel.xlsx", {"订单": [HEADER, *LINES]})
    bare = tmp_path / "erp.xlsx"
    with zipfile.ZipFile(book) as source, zipfile.ZipFile(bare, "w") as target:
        for item in source.infolist():
            styles = '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>'
            target.writestr(item, styles if item.filename == "xl/styles.xml" else source.read(item))
    with pytest.warns(UserWarning, match="no stylesheet"):  # the case under test: openpyxl does warn
        openpyxl.load_workbook(bare, read_only=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        pd.testing.assert_frame_equal(read_orders(bare, MAPPING), EXPECTED, check_dtype=False)


def test_a_number_cell_is_read_whatever_the_decimal_mark_of_the_text_amounts(tmp_path):
    lines = [
        ["00001", "A1", "2024-01-05", "1.234", "", "已完成", ""],
        ["00002", "A2", "2024-01-06", "1 234,50", "", "已完成", ""],
    ]
    book = write_xlsx(tmp_path / "orders.xlsx", {"订单": [HEADER, *lines]})
    assert isinstance(openpyxl.load_workbook(book)["订单"]["D2"].value, float)  # a number cell, not text
    table = read_orders(book, MAPPING, decimal=",")
    assert table["amount"].tolist() == [1.234, 1234.5]  # not 1234: the cell's number has no thousands separator


def test_parquet_reads_the_same(export, tmp_path):
    import duckdb

    target = tmp_path / "orders.parquet"
    frame = pd.DataFrame([*LINES], columns=HEADER)
    duckdb.from_df(frame).write_parquet(str(target))
    pd.testing.assert_frame_equal(read_orders(target, MAPPING), EXPECTED, check_dtype=False)


def test_an_ambiguous_day_month_date_is_refused_unless_dayfirst_is_given(tmp_path):
    lines = [
        ["00001", "A1", "05/01/2024", "10", "", "已完成", ""],
        ["00002", "A2", "06/02/2024", "20", "", "已完成", ""],
    ]
    path = write_csv(tmp_path / "dates_bom.csv", lines, encoding="utf-8-sig")
    with pytest.raises(CourseInputError, match=r"'下单日期'.*day first or month first.*dayfirst"):
        read_orders(path, MAPPING)
    table = read_orders(path, MAPPING, dayfirst=True)
    assert table["date"].dt.strftime("%Y-%m-%d").tolist() == ["2024-01-05", "2024-02-06"]
    assert read_orders(path, MAPPING, dayfirst=False)["date"].dt.month.tolist() == [5, 6]


def test_a_decimal_comma_is_read_only_when_said(tmp_path):
    lines = [
        ["00001", "A1", "2024-01-02", "1 234,50", "", "已完成", ""],
        ["00002", "A2", "2024-01-03", "12,5", "", "", ""],
    ]
    mapping = {k: v for k, v in MAPPING.items() if k != "status"}
    path = write_csv(tmp_path / "comma_bom.csv", lines, encoding="utf-8-sig")
    path.write_text(
        path.read_text(encoding="utf-8-sig").replace(",", ";").replace("1 234;50", "1 234,50").replace("12;5", "12,5"),
        encoding="utf-8-sig",
    )
    with pytest.raises(CourseInputError, match=r"line 2 \('1 234,50'\).*decimal comma.*--decimal ,"):
        read_orders(path, mapping)
    assert read_orders(path, mapping, decimal=",")["amount"].tolist() == [1234.5, 12.5]


@pytest.mark.filterwarnings("ignore::course.validation.CourseDataWarning")  # the file is GB18030
def test_a_mapping_to_a_missing_column_lists_the_columns(export):
    with pytest.raises(
        CourseInputError,
        match=r"'金 额' \(mapped to amount\) not found; the file's columns are '客户编号', '订单号'.*'金额'",
    ):
        read_orders(export, {**MAPPING, "amount": "金 额"})
    with pytest.raises(CourseInputError, match="say which column holds the amount"):
        read_orders(export, {"customer": "客户编号", "date": "下单日期"})
    with pytest.raises(CourseInputError, match="unknown role"):
        read_orders(export, {**MAPPING, "revenue": "金额"})


def test_an_unknown_status_is_an_error_naming_it(tmp_path):
    lines = [*LINES[:3], ["00999", "SO-X", "2024-01-01", "10", "1", "待付款", "轴承"]]
    with pytest.raises(CourseInputError, match=r"'待付款' \(line 5 \('待付款'\)\).*leave status out"):
        read(write_csv(tmp_path / "status.csv", lines))


def test_a_few_unreadable_lines_are_dropped_and_many_are_an_error(tmp_path):
    good = [[f"{i:05d}", f"O{i}", "2024-01-01", "10", "1", "已完成", "x"] for i in range(40)]
    table = read(write_csv(tmp_path / "one_bad.csv", [*good, ["00099", "O99", "2024-13-45", "10", "1", "已完成", "x"]]))
    assert len(table) == 40
    step = next(s for s in table.attrs["load_report"].steps if s.reason.startswith("date unreadable"))
    assert (step.rows, list(step.examples.index)) == (1, [42])
    many = [[f"{i:05d}", f"O{i}", "someday", "10", "1", "已完成", "x"] for i in range(20)]
    with pytest.raises(CourseInputError, match=r"20 of 60 lines cannot be read.*'下单日期' \(date\)"):
        read(write_csv(tmp_path / "many_bad.csv", [*good, *many]))


def test_the_input_is_only_read(export):
    before = export.read_bytes()
    listing = sorted(p.name for p in export.parent.iterdir())
    table = read(export)
    table.loc[0, "amount"] = -1.0  # the table is the caller's; the file does not change
    assert export.read_bytes() == before and sorted(p.name for p in export.parent.iterdir()) == listing


def test_parse_column_mapping():
    assert parse_column_mapping("customer=客户编号,date=下单日期,amount=金额") == {
        "customer": "客户编号",
        "date": "下单日期",
        "amount": "金额",
    }
    with pytest.raises(CourseInputError, match="not role=column"):
        parse_column_mapping("customer:客户编号")


# ----------------------------------------------------------------------------------------------- the report
def test_the_report_figures_are_the_lesson_functions_figures(export):
    table = read(export)
    asof = "2024-07-01"
    figures = own_data_figures(table, asof=asof)
    assert figures.value_column == "profit"
    profit = table.groupby("customer_id")["margin"].sum()
    orders = table.groupby("customer_id")["order_id"].nunique()
    tiers = tier_customers(pd.DataFrame({"profit": profit, "n_orders": orders}), {"profit": 1.0}, 0.05, 0.15)["tier"]
    assert figures.customers["tier"].astype(str).to_dict() == tiers.astype(str).to_dict()
    mine = rfm.rfm_table(table, order="order_id", asof=asof)
    pd.testing.assert_frame_equal(figures.rfm, mine)
    classes = rfm.eight_classes(mine)["class_zh"].value_counts()
    assert figures.classes["customers"].droplevel("class_en").to_dict() == classes[classes > 0].to_dict()
    revenue = table.groupby("customer_id")["amount"].sum()
    pd.testing.assert_series_equal(figures.concentration, pareto.concentration_summary(revenue))
    assert figures.concentration["top_share"] == pareto.top_share(revenue, 0.2)
    states = lifecycle_states(table, asof, date="date", status=None)["state"]
    assert figures.states["customers"].to_dict() == states.value_counts(sort=False).to_dict()
    assert figures.win_back.index.tolist() == ["01000"]  # the one customer silent for more than 365 days
    assert figures.clv_method == "simple CLV" and f"fewer than the {MIN_REPEAT_BUYERS}" in figures.clv_reason


def test_the_simple_clv_is_the_formula_on_the_stated_retention_and_value(export):
    table = read(export)
    figures = own_data_figures(table, asof="2024-07-01")
    # the one buyer of the year before the last (01000) did not buy again: retention 0, so every CLV is 0
    assert figures.clv_params["retention"] == 0.0 and (figures.clv == 0.0).all()
    sales = pd.DataFrame(
        {
            "customer_id": ["A", "A", "B", "C"],
            "date": pd.to_datetime(["2023-06-01", "2024-06-01", "2023-03-01", "2024-02-01"]),
            "amount": [100.0, 200.0, 50.0, 80.0],
        }
    )
    figures = own_data_figures(sales, asof="2024-12-31")
    # the year before the last: A and B; A bought again -> r = 1/2; m = the value of the last 365 days
    assert figures.clv_params["retention"] == 0.5 and figures.clv_params["yearly_value"] == 140.0
    expected = {name: m * 0.5 / (1 + 0.1 - 0.5) for name, m in {"A": 200.0, "B": 0.0, "C": 80.0}.items()}
    assert figures.clv.to_dict() == pytest.approx(expected)


def test_the_report_page_states_what_it_read_and_what_is_missing(export):
    html = own_data_report(read(export), asof="2024-07-01")
    for text in [
        "订单导出.csv",
        "GB18030",
        "the same line exported twice",
        "line 3",
        "by profit",
        "simple CLV",
        "cost-to-serve column",
        "survey column",
        "Win back first",
    ]:
        assert text in html, text
    assert "http" not in html.replace("http-equiv", "")


# ----------------------------------------------------------------------------------------------- CDNOW's raw file
CDNOW = Path(__file__).resolve().parents[1] / "data" / "cdnow" / "CDNOW_master.txt"
CDNOW_COLUMNS = {"customer": "customer_id", "date": "date", "amount": "dollar_value"}


@pytest.fixture(scope="module")
def cdnow_raw() -> pd.DataFrame:
    return read_orders(CDNOW, CDNOW_COLUMNS)


def test_cdnow_raw_file_reads_as_load_cdnow(cdnow_raw):
    expected = load_cdnow()[["customer_id", "date", "amount"]]
    got = cdnow_raw.sort_values(["customer_id", "date"], kind="mergesort").reset_index(drop=True)
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)
    assert cdnow_raw.attrs["load_report"].rows_kept == 69_659


def test_cdnow_report_reproduces_the_published_pareto_figures(cdnow_raw):
    figures = own_data_figures(cdnow_raw)
    assert int(figures.concentration["customers"]) == 23_570
    assert round(figures.concentration["top_share"], 3) == 0.678
    assert round(figures.concentration["gini"], 3) == 0.635
    assert round(figures.concentration["customers_for_share"], 3) == 0.326


def test_cdnow_report_reproduces_the_published_bgnbd_and_gamma_gamma_figures(cdnow_raw):
    """Fader, Hardie & Lee (2005): the 1/10 sample, 39 weeks to 1997-09-30 (tests/test_clv.py)."""
    sample = set(load_cdnow(sample=True)["customer_id"])
    calibration = cdnow_raw[cdnow_raw["customer_id"].isin(sample) & (cdnow_raw["date"] <= "1997-09-30")]
    figures = own_data_figures(calibration, asof="1997-09-30")
    assert figures.clv_method == "BG/NBD + Gamma-Gamma"
    published = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426, "p": 6.25, "q": 3.74, "v": 15.44}
    for name, value in published.items():
        assert figures.clv_params[name] == pytest.approx(value, rel=0.01), name
    split = calibration_holdout(load_cdnow(sample=True), "1997-09-30", asof="1998-06-30", freq="D", freq_multiplier=7)
    weekly = summary(calibration, asof="1997-09-30", freq="D", freq_multiplier=7)
    np.testing.assert_allclose(weekly["T"].to_numpy(), split.loc[weekly.index, "T_cal"].to_numpy())


# ----------------------------------------------------------------------------------------------- the command
def test_the_report_command_writes_the_page(export, tmp_path, capsys):
    out = tmp_path / "report.html"
    columns = ",".join(f"{role}={column}" for role, column in MAPPING.items())
    code = main(["report", "--orders", str(export), "--columns", columns, "--out", str(out), "--asof", "2024-07-01"])
    said = capsys.readouterr()
    assert code == 0 and "tiering report" in said.out
    assert said.err == "note: 订单导出.csv was read as GB18030 (GBK, Excel on a Chinese Windows).\n"  # one line
    page = out.read_text(encoding="utf-8")
    assert "Customer tiering report: 订单导出.csv" in page and "As of 2024-07-01:" in page


def test_the_report_command_on_orders_is_as_of_the_day_after_the_last_order(export, tmp_path, capsys):
    out = tmp_path / "report.html"
    columns = ",".join(f"{role}={column}" for role, column in MAPPING.items())
    assert main(["report", "--orders", str(export), "--columns", columns, "--out", str(out)]) == 0
    last = EXPECTED["date"].max()  # 2024-05-20: not the B2B database's 2025-12-31
    assert f"As of {last + pd.Timedelta(days=1):%Y-%m-%d}:" in out.read_text(encoding="utf-8")
    with pytest.raises(SystemExit):  # one --asof serves both reports
        main(["report", "--orders", str(export), "--columns", columns, "--orders-asof", "2024-07-01"])
    assert "unrecognized arguments: --orders-asof" in capsys.readouterr().err


def test_the_report_command_needs_the_file_for_a_mapping(capsys):
    assert main(["report", "--columns", "customer=客户编号,date=下单日期,amount=金额", "--out", "never.html"]) == 2
    assert "give it with --orders FILE" in capsys.readouterr().err and not Path("never.html").exists()


def test_the_report_command_on_orders_refuses_the_database_options(export, capsys):
    columns = "customer=客户编号,date=下单日期,amount=金额"
    assert main(["report", "--orders", str(export), "--columns", columns, "--seed", "7", "--out", "never.html"]) == 2
    assert "--seed and --n-customers choose the course's database" in capsys.readouterr().err
    assert not Path("never.html").exists()


def test_the_report_command_names_a_bad_mapping(export, tmp_path, capsys):
    out = tmp_path / "report.html"
    columns = "customer=客户,date=下单日期,amount=金额"
    code = main(["report", "--orders", str(export), "--columns", columns, "--out", str(out)])
    assert code == 2 and not out.exists()
    assert "column '客户' (mapped to customer) not found; the file's columns are '客户编号'" in capsys.readouterr().err


def test_an_order_of_free_lines_is_no_return(tmp_path):
    lines = [
        ["00001", "F1", "2024-01-02", "0", "0", "已完成", "样品"],  # a free sample: kept, no return to net
        ["00001", "P1", "2024-01-03", "100", "30", "已完成", "轴承"],
        ["00001", "P1", "2024-01-09", "-100", "-30", "已完成", "轴承"],  # P1 returned in full
    ]
    table = read_orders(write_csv(tmp_path / "free_bom.csv", lines, encoding="utf-8-sig"), MAPPING)
    assert table["order_id"].tolist() == ["F1"] and table["amount"].tolist() == [0.0]


def test_a_file_that_is_no_workbook_says_how_to_save_it(tmp_path):
    fake = tmp_path / "orders.xlsx"
    fake.write_text("客户编号,下单日期,金额\n", encoding="utf-8")
    with pytest.raises(CourseInputError, match="not an Excel .xlsx workbook.*save it as"):
        read_orders(fake, MAPPING)
    old = tmp_path / "orders.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(CourseInputError, match="old Excel 97-2003 workbook"):
        read_orders(old, MAPPING)
    with pytest.raises(CourseInputError, match="no such file"):
        read_orders(tmp_path / "missing.csv", MAPPING)
