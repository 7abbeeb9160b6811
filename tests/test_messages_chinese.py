"""The messages a trainee meets while following a Chinese lesson, outside the checks, are in Chinese.

The warnings the course emits (the as-of warnings of the analyses, ``CourseDataWarning``) and the errors of
the loaders and of :mod:`course.validation` are made when raised, from ``locale/zh/course.po``: under
``course.i18n.using("zh")`` they are Chinese and name the same table, column, file and values as the English;
in English they are unchanged (exact strings below, beside the tests of each module).
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pandas as pd
import polib
import pytest

from course.authoring.translations import check_package, package_catalogue_path, terminology_problems
from course.clv import summary
from course.customers import customer_table
from course.data import generate_b2b, load_b2b, load_cdnow, read_orders, save_b2b
from course.i18n import using
from course.lifecycle import lifecycle_states
from course.purchases import resolve_asof
from course.rfm import rfm_table
from course.validation import (
    AsofWarning,
    CourseDataWarning,
    CourseInputError,
    after_asof,
    describe_rows,
    parse_dates,
    require_columns,
    require_unique,
    translate_asof_message,
)

_HAN = re.compile(r"[\u4e00-\u9fff]")
#: English words of the course's message sentences; none may be left in a Chinese message.
_ENGLISH_PROSE = re.compile(
    r"\b(not found|dropped|ignored|dated after|rows? |lines? |is empty|are empty|must be|Check|Pass|Use|"
    r"Save|Fix|Rename|was read as|read as|left out|more)\b"
)


def chinese(text: str) -> str:
    """``text`` if it is a Chinese message: Chinese characters and none of the English sentence words."""
    assert _HAN.search(text), f"no Chinese in {text!r}"
    left = _ENGLISH_PROSE.findall(text)
    assert not left, f"English left in {text!r}: {left}"
    return text


def one_warning(call, category=Warning) -> warnings.WarningMessage:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        call()
    found = [w for w in caught if issubclass(w.category, category)]
    assert len(found) == 1, [str(w.message) for w in caught]
    return found[0]


def test_chinese_rejects_english_and_accepts_a_chinese_message():
    """The helper the tests below rely on can fail."""
    with pytest.raises(AssertionError):
        chinese("table 'orders': column 'amount' not found")
    with pytest.raises(AssertionError):
        chinese("表 'orders'：column 'amount' not found")
    assert chinese("表 'orders'：找不到列 'amount'")


# ---------------------------------------------------------------------------------------------- the as-of warnings
TRANSACTIONS = pd.DataFrame(
    {
        "customer_id": ["A", "A", "B", "B"],
        "date": pd.to_datetime(["2024-01-01", "2024-06-01", "2024-02-01", "2025-02-01"]),
        "amount": [10.0, 20.0, 15.0, 5.0],
    }
)


def test_rfm_table_asof_warning_in_english_is_unchanged():
    caught = one_warning(lambda: rfm_table(TRANSACTIONS, asof="2024-12-31"))
    assert caught.category is AsofWarning
    assert str(caught.message) == "rfm_table dropped 1 of 4 rows: 1 dated after asof 2024-12-31."


def test_rfm_table_asof_warning_in_chinese():
    with using("zh"):
        caught = one_warning(lambda: rfm_table(TRANSACTIONS, asof="2024-12-31"))
    assert caught.category is AsofWarning  # the category a caller silences stays the same
    assert str(caught.message) == "rfm_table 去掉了 4 行中的 1 行：1 行（日期晚于分析基准日 2024-12-31）。"


def test_rfm_table_warning_with_another_reason_in_chinese_names_the_column():
    free = TRANSACTIONS.assign(amount=[10.0, 0.0, 15.0, 5.0])
    with using("zh"):
        caught = one_warning(lambda: rfm_table(free, asof="2024-12-31"))
    assert caught.category is UserWarning
    text = chinese(str(caught.message))
    assert "去掉了 4 行中的 2 行" in text and "2024-12-31" in text and "amount <= 0" in text


def test_the_asof_warnings_of_other_analyses_are_chinese():
    db = generate_b2b(n_customers=40, seed=3)
    asof = db.orders["order_date"].sort_values().iloc[len(db.orders) // 2]
    day = str(asof.date())
    purchases = db.orders.rename(columns={"order_date": "date", "revenue": "amount"})
    calls = {
        "customer_table": lambda: customer_table(db, asof=asof),
        "lifecycle_states": lambda: lifecycle_states(db.orders, asof=asof),
        "clv summary": lambda: summary(purchases, asof=asof),
    }
    for name, call in calls.items():
        english = str(one_warning(call, AsofWarning).message)
        with using("zh"):
            text = chinese(str(one_warning(call, AsofWarning).message))
        assert day in english and day in text, name
        assert "分析基准日" in text, name
        # the same number of rows left out (the English and Chinese count what they count the same way)
        counts = re.findall(r"\d[\d,]*(?= [a-z() ]*dated after)", english)
        assert counts and counts[0] in text, (name, english, text)


@pytest.mark.parametrize(
    "english",
    [
        f"lifecycle_states: ignored {after_asof(5, '2025-12-31', 'purchase rows')}.",
        f"customer_table: ignored {after_asof(7, '2025-12-31', 'rows')} (orders: 5, interactions: 2).",
        f"{after_asof(1234, '2025-12-31', 'transaction row(s)')} were left out.",
        f"{after_asof(12, '2025-12-31', 'transaction row(s)')} were left out; 3 customer(s) whose first purchase "
        "comes after calibration_end 2025-06-30 were left out.",
        f"rfm_sql dropped 1,234 of 10,000 rows: {after_asof(1200, '2025-12-31', '')} and 34 with revenue <= 0 "
        "(returns, refunds or free items).",
    ],
)
def test_every_shape_of_asof_message_is_translated_keeping_its_values(english):
    assert translate_asof_message(english) == english
    with using("zh"):
        text = chinese(translate_asof_message(english))
    for value in re.findall(r"\d[\d,-]*\d|\d", english):
        assert value in text, (value, text)
    for name in ("lifecycle_states", "customer_table", "rfm_sql", "revenue", "calibration_end"):
        assert (name in english) == (name in text)


def test_an_asof_message_of_unknown_shape_stays_english_whole():
    odd = f"someone counted {after_asof(3, '2025-12-31', '')} differently."
    with using("zh"):
        assert translate_asof_message(odd) == odd


# ---------------------------------------------------------------------------------------------- validation
ORDERS = pd.DataFrame({"customer_id": ["C1", "C2", "C2"], "amout": [1.0, 2.0, 3.0], "day": ["2024-01-31", "x", "y"]})


def test_require_columns_in_chinese_names_the_table_the_column_and_the_suggestion():
    with using("zh"), pytest.raises(CourseInputError) as caught:
        require_columns(ORDERS, ["amount"], table="orders")
    text = chinese(str(caught.value))
    assert text == (
        "表 'orders'：找不到列 'amount'；现有的列：'customer_id'、'amout'、'day'。"
        "请重命名该列，或把它的列名作为参数传入（是不是 'amout'？）。"
    )


def test_row_lists_are_chinese_and_name_the_rows():
    with using("zh"), pytest.raises(CourseInputError) as caught:
        parse_dates(ORDERS, "day", table="orders")
    text = chinese(str(caught.value))
    assert "2 行不是有效日期：第 1 行（'x'）、第 2 行（'y'）" in text
    big = pd.DataFrame({"id": ["a"] * 8})
    with using("zh"), pytest.raises(CourseInputError) as caught:
        require_unique(big, "id", table="customers")
    text = chinese(str(caught.value))
    assert "8 行键重复" in text and "第 4 行（'a'），另有 3 行" in text and "drop_duplicates" in text


def test_a_bad_asof_parameter_in_chinese_carries_its_note():
    dates = pd.Series(pd.to_datetime(["2024-01-01"]))
    with pytest.raises(CourseInputError) as english:
        resolve_asof("yesterday", dates)
    assert str(english.value) == (
        "asof='yesterday' is not a valid date. Pass a date such as '2025-12-31' (format YYYY-MM-DD), "
        "or leave it out to use the day after the last order."
    )
    with using("zh"), pytest.raises(CourseInputError) as caught:
        resolve_asof("yesterday", dates)
    assert chinese(str(caught.value)) == (
        "asof='yesterday' 不是有效日期。请传入 '2025-12-31' 这样的日期（格式 YYYY-MM-DD），"
        "或不传此参数，以最后一笔订单的次日为分析基准日。"
    )


def test_a_row_problem_the_catalogue_lacks_keeps_the_description_english():
    """An analysis that has not marked its phrase gets an English description, not Chinese around English words."""
    frame = pd.DataFrame({"x": [-1.0, 2.0]})
    with using("zh"):
        assert describe_rows(frame, frame["x"] < 0, "x", ("is odd", "are odd")) == "1 row is odd: row 0 (-1.0)"
        assert describe_rows(frame, frame["x"] < 0, "x", ("is empty", "are empty")) == "1 行为空：第 0 行（-1.0）"


def test_after_using_chinese_the_messages_are_english_again():
    with using("zh"), pytest.raises(CourseInputError):
        require_columns(ORDERS, ["amount"], table="orders")
    with pytest.raises(CourseInputError, match=r"^table 'orders': column 'amount' not found"):
        require_columns(ORDERS, ["amount"], table="orders")


# ---------------------------------------------------------------------------------------------- the loaders
@pytest.fixture(scope="module")
def small_db_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("b2b")
    save_b2b(generate_b2b(n_customers=20, seed=5), folder)
    return folder


def test_load_b2b_on_a_folder_missing_a_table(small_db_folder, tmp_path):
    folder = tmp_path / "db"
    folder.mkdir()
    for file in small_db_folder.glob("*.csv"):
        if file.name != "orders.csv":
            (folder / file.name).write_bytes(file.read_bytes())
    with pytest.raises(CourseInputError) as english:
        load_b2b(folder)
    assert str(english.value).startswith(f"table 'orders': file {folder / 'orders.csv'} not found.")
    with using("zh"), pytest.raises(CourseInputError) as caught:
        load_b2b(folder)
    text = chinese(str(caught.value))
    assert text.startswith(f"表 'orders'：找不到文件 {folder / 'orders.csv'}。")
    assert "customers.csv、orders.csv" in text and "python -m course data generate" in text


def test_load_b2b_warnings_in_chinese(small_db_folder, tmp_path):
    folder = tmp_path / "db"
    folder.mkdir()
    for file in small_db_folder.glob("*.csv"):
        (folder / file.name).write_bytes(file.read_bytes())
    orders = pd.read_csv(folder / "orders.csv", dtype=str)
    orders.loc[3, "order_date"] = "2099-01-01"
    orders.to_csv(folder / "orders.csv", index=False)
    customers = pd.read_csv(folder / "customers.csv", dtype=str)
    customers.loc[0, "name"] = "华东机电有限公司"
    customers.to_csv(folder / "customers.csv", index=False, encoding="gb18030")
    with using("zh"), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        load_b2b(folder)
    texts = [chinese(str(w.message)) for w in caught if w.category is CourseDataWarning]
    assert len(texts) == 2, texts
    assert texts[0] == "customers.csv 的编码识别为 GB18030（GBK，中文 Windows 上的 Excel 所用编码），已按此读取。"
    assert texts[1].startswith("表 'orders'，列 'order_date'：1 行的日期晚于今天（")
    assert "第 3 行（2099-01-01）" in texts[1]


def test_read_orders_with_a_bad_column_mapping(tmp_path):
    file = tmp_path / "订单.csv"
    file.write_text("客户编号,下单日期,金额\n0012,2024-03-01,100\n", encoding="utf-8")
    mapping = {"customer": "客户编", "date": "下单日期", "amount": "金额"}
    with pytest.raises(CourseInputError) as english:
        read_orders(file, mapping)
    assert str(english.value) == (
        "订单.csv: column '客户编' (mapped to customer) not found; the file's columns are '客户编号', '下单日期', "
        "'金额'. Fix the mapping, e.g. customer='客户编号'. Did you mean '客户编号'?"
    )
    with using("zh"), pytest.raises(CourseInputError) as caught:
        read_orders(file, mapping)
    assert chinese(str(caught.value)) == (
        "订单.csv：找不到列 '客户编'（对应角色 customer）；文件中的列有 '客户编号'、'下单日期'、'金额'。"
        "请修改对应关系，例如 customer='客户编号'。是不是 '客户编号'？"
    )
    with using("zh"), pytest.raises(CourseInputError) as caught:
        read_orders(file, {"customer": "客户编号"})
    assert chinese(str(caught.value)).startswith("columns：请说明哪一列是 date、amount")


def test_read_orders_load_report_is_printed_in_the_language_of_the_lesson(tmp_path):
    file = tmp_path / "orders.csv"
    file.write_text(
        '客户编号,下单日期,金额,状态\n0012,2024-03-01,"¥1,200.00",已完成\n0012,2024-03-09,80,已取消\n'
        "0345,45383,300,已完成\n",
        encoding="utf-8",
    )
    mapping = {"customer": "客户编号", "date": "下单日期", "amount": "金额", "status": "状态"}
    with using("zh"):
        report = read_orders(file, mapping).attrs["load_report"]
        text = str(report)
    assert text.splitlines() == [
        "读取 orders.csv（文本表格、UTF-8）：共 3 行，保留 2 行",
        "  去掉 1 行：已取消（状态 已取消）",
        "  修改 1 行：去掉货币符号或千位分隔符后读出的金额",
        "  修改 1 行：Excel 日期序列号已转换为日期",
    ]
    # the report's data stay English, whatever the language it was read in: programs and the HTML page read them
    assert (report.steps[0].action, report.steps[0].reason) == ("dropped", "cancelled (status 已取消)")
    assert str(report).splitlines()[:2] == [
        "read orders.csv (text table, UTF-8): 3 lines, 2 kept",
        "  dropped 1: cancelled (status 已取消)",
    ]


def test_load_cdnow_errors_in_chinese(tmp_path):
    file = tmp_path / "cd.txt"
    file.write_text("00001 19970101 1 10.0\n00001 19971301 1 10.0\n")
    with using("zh"), pytest.raises(CourseInputError) as caught:
        load_cdnow(path=file)
    assert chinese(str(caught.value)) == (
        "文件 'cd.txt'，列 'date'：1 行不是有效日期：第 1 行（'19971301'）。CDNOW 的日期写作 YYYYMMDD，例如 19970101。"
    )
    with using("zh"), pytest.raises(CourseInputError) as caught:
        load_cdnow(path=tmp_path / "missing.txt")
    assert chinese(str(caught.value)).startswith(f"找不到 CDNOW 文件：{tmp_path / 'missing.txt'}。")


# ---------------------------------------------------------------------------------------------- the catalogue
MODULES = ("course/validation.py", "course/data/")


def test_the_catalogue_translates_every_message_of_validation_and_data():
    """Complete, same {fields}, glossary terms: for the entries of these modules (the checks' are tested apart)."""
    problems = [p for p in check_package() if p.startswith(MODULES)]
    path = package_catalogue_path()
    ours = polib.POFile()
    for entry in polib.pofile(str(path)):
        if any(file.startswith(MODULES) for file, _ in entry.occurrences):
            ours.append(entry)
    assert len(ours) > 100  # the messages are marked: a catalogue without them would pass the filter above
    problems += terminology_problems(ours, str(path))
    assert not problems, "\n".join(problems)
