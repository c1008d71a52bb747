"""The text renderer: the seed's style by default, exact numbers, and the style variants."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from extract.errors import ConfigError
from extract.ir.filing import Filing
from extract.ir.values import Extracted
from extract.readers.xml import read_ownership_xml
from extract.render.text import STYLE_VARIANTS, TextStyle, render_text


@pytest.fixture(scope="module")
def seed(shared_dir: Path) -> tuple[Filing, list[str]]:
    truth = read_ownership_xml(
        (shared_dir / "seed" / "form4-immunogen-2008.expected.xml").read_bytes(), path="seed.xml"
    ).filing
    lines = (shared_dir / "seed" / "form4-immunogen-2008.txt").read_text().splitlines()
    return truth, lines


def test_default_style_reproduces_the_seed_lines(seed: tuple[Filing, list[str]]) -> None:
    truth, seed_lines = seed
    lines = render_text(truth).splitlines()
    # Box 1/2/5 line, box 3 line, box 4 line, Table I header and row, the Table II row,
    # the footnote, the signature and its label are the seed's own lines.
    for wanted in seed_lines[12:15] + seed_lines[18:21] + seed_lines[26:27] + seed_lines[30:35]:
        assert wanted in lines, wanted
    assert "\\*\\* Signature of Reporting Person Date" in lines


def _with_amounts(truth: Filing, shares: str, price: str) -> Filing:
    table = truth.non_derivative_table
    assert table is not None
    row = table.transactions[0]
    assert row.transaction_amounts is not None
    amounts = row.transaction_amounts.model_copy(update={
        "transaction_shares": Extracted[Decimal](value=Decimal(shares)),
        "transaction_price_per_share": Extracted[Decimal](value=Decimal(price)),
    })
    rows = [row.model_copy(update={"transaction_amounts": amounts})]
    return truth.model_copy(update={
        "non_derivative_table": table.model_copy(update={"transactions": rows})})


def test_numbers_keep_every_digit(seed: tuple[Filing, list[str]]) -> None:
    filing = _with_amounts(seed[0], "1234567.00010", "0.000012345")
    text = render_text(filing)
    assert "\t1,234,567.00010\tA\t\\$0.000012345\t" in text


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        ("markdown", ["FORM 4", "**CARTER DAVID WARREN**", "[X] Director", "[ ] 10% Owner",
                      "7/29/1999(1)", "$1.375", "/s/ Craig Barrows, attorney in fact. 6/18/2008"]),
        ("plain", ["CARTER DAVID WARREN", "☒ Director", "☐ 10% Owner", "07/29/1999 [F1]"]),
        ("spaces", ["**IMMUNOGEN INC [ IMGN ]**", "7/29/1999(1)"]),
        ("dropped", ["Common Stock\t06/17/2008\tM\t50,000\tA\t\\$1.375\t85,000\tD",
                     "07/29/1999 [F1]"]),
    ],
)
def test_style_variants(style: str, expected: list[str], seed: tuple[Filing, list[str]]) -> None:
    text = render_text(seed[0], style=STYLE_VARIANTS[style])
    for piece in expected:
        assert piece in text, piece
    if STYLE_VARIANTS[style].separator == "spaces":
        assert "\t" not in text.split("Table I", 1)[1].split("Explanation", 1)[0]


def test_wrapped_cells_continue_in_their_column(seed: tuple[Filing, list[str]]) -> None:
    text = render_text(seed[0], style={"wrap": 16})
    assert "Non-Qualified\t\\$1.375\t" in text
    lines = text.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("Non-Qualified\t"))
    below = lines[first + 1].split("\t")
    assert len(below) == 16 and below[0] == "Stock Option" and not any(below[1:])


def test_style_resolve() -> None:
    assert TextStyle.resolve(None) == TextStyle()
    assert TextStyle.resolve({"bold": "none"}).bold == "none"
    style = TextStyle(dates="m/d/yyyy")
    assert TextStyle.resolve(style) is style
    with pytest.raises(ConfigError, match="E406"):
        TextStyle.resolve({"bold": "italic"})
    with pytest.raises(ConfigError, match="E406"):
        TextStyle.resolve({"wrap": 20, "empty_cells": "drop"})


def test_renders_forms_3_and_5(dev_xml_paths: list[Path]) -> None:
    titles = {"3": "INITIAL STATEMENT OF BENEFICIAL OWNERSHIP OF SECURITIES",
              "5": "ANNUAL STATEMENT OF CHANGES IN BENEFICIAL OWNERSHIP"}
    seen = set()
    for path in dev_xml_paths:
        filing = read_ownership_xml(path.read_bytes(), path=str(path)).filing
        form = filing.document_type.value.form if filing.document_type and \
            filing.document_type.value else "4"
        if form in titles and form not in seen:
            seen.add(form)
            text = render_text(filing)
            assert titles[form] in text
            if form == "3":
                assert "2. Amount of Securities Beneficially Owned (Instr. 4)" in text
                assert "4. Relationship of Reporting Person(s) to Issuer" in text
            else:
                assert "Form 4 Transactions Reported." in text
                assert "\tCode\tAmount\t(A) or (D)\tPrice\t" in text  # no V column
    assert seen == {"3", "5"}


def test_fixed_width_columns_line_up(seed: tuple[Filing, list[str]]) -> None:
    text = render_text(seed[0], style={"separator": "spaces", "empty_cells": "drop"})
    lines = text.splitlines()
    header = next(line for line in lines if line.startswith("1. Title of Security"))
    sub = lines[lines.index(header) + 1]
    row = lines[lines.index(header) + 2]
    assert row.startswith("Common Stock ")
    for label, value in (("Code", "M"), ("Amount", "50,000"), ("Price", "\\$1.375")):
        assert sub.index(label) == row.index(value)
    assert header.index("5. Amount of Securities") == row.index("85,000")


def test_right_aligned_numbers_end_at_their_column_edge(seed: tuple[Filing, list[str]]) -> None:
    text = render_text(seed[0], style=STYLE_VARIANTS["spaces"])
    lines = text.splitlines()
    header = next(line for line in lines if line.startswith("1. Title of Security"))
    row = lines[lines.index(header) + 2]
    assert row.index("M") == lines[lines.index(header) + 1].index("Code")
    assert row.index("85,000") > header.index("5. Amount of Securities")
    assert row.index("85,000") + len("85,000") < header.index("6. Ownership Form")
