"""The grid -> filing builder through the layouts' column maps."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from extract.eval.score import Evaluation, printed_only, score_filing
from extract.fields.build import build_filing
from extract.fields.inverse import grid_from_filing, printed_text
from extract.fields.values import parse_amount, parse_checkbox, parse_code, parse_date
from extract.readers.xml import read_ownership_xml


def test_perfect_grid_rebuilds_every_printed_field(dev_xml_paths: list[Path]) -> None:
    evaluation = Evaluation()
    for path in dev_xml_paths:
        truth = read_ownership_xml(path.read_bytes()).filing
        built, errors = build_filing(grid_from_filing(truth))
        assert not [e for e in errors if e.severity == "error"]
        evaluation.add(score_filing(built, truth, name=path.name, keep=printed_only))
    assert evaluation.micro.fn == 0 and evaluation.micro.fp == 0
    assert evaluation.exact_share == 1.0


def test_printed_values_parse() -> None:
    assert parse_amount("$ 1.375") == (Decimal("1.375"), ())
    assert parse_amount("50,000") == (Decimal("50000"), ())
    assert parse_amount("")[0] is None
    value, issues = parse_amount("5O,000")
    assert value is None and issues[0].code == "P201"
    assert str(parse_date("06/17/2008")[0]) == "2008-06-17"
    assert str(parse_date("June 11, 2008")[0]) == "2008-06-11"
    assert parse_date("13/45/2008")[1][0].code == "P202"
    assert parse_code("(M)")[0] is not None
    assert parse_code("Q")[1][0].code == "P203"
    assert parse_checkbox("X")[0] is True
    assert parse_checkbox("")[0] is False


@given(st.decimals(min_value=0, max_value=10**12, places=4, allow_nan=False))
def test_amounts_round_trip_through_print(value: Decimal) -> None:
    for kind in ("amount", "price"):
        parsed, issues = parse_amount(printed_text(value, kind))
        assert issues == () and parsed == value


@given(st.dates())
def test_dates_round_trip_through_print(day) -> None:  # type: ignore[no-untyped-def]
    parsed, issues = parse_date(printed_text(day, "date"))
    assert issues == () and parsed == day
