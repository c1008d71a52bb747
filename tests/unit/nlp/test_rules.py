"""The pattern layer: dates in many wordings, forms, names, organisations."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.nlp.generate import MONTHS, ORDINAL_WORDS
from extract.nlp.rules import find_forms, find_orgs, is_person_name, parse_date

dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 12, 31))


@pytest.mark.parametrize(("text", "want"), [
    ("this 11th day of June 2008", date(2008, 6, 11)),
    ("the 11th day of June, 2008", date(2008, 6, 11)),
    ("this 20 day of August, 2018", date(2018, 8, 20)),
    ("the eleventh day of June, 2008", date(2008, 6, 11)),
    ("Dated: 6/11/08", date(2008, 6, 11)),
    ("June 11, 2008", date(2008, 6, 11)),
    ("January\n9, 2023", date(2023, 1, 9)),
    ("11 June 2008", date(2008, 6, 11)),
    ("Sept. 3, 2019", date(2019, 9, 3)),
    ("2008-06-11", date(2008, 6, 11)),
    ("Securities Exchange Act of 1934", None),
    ("February 30, 2020", None),
])
def test_parse_date(text: str, want: date | None) -> None:
    assert parse_date(text) == want


@settings(max_examples=60, deadline=None)
@given(dates)
def test_parse_date_round_trips_every_wording(d: date) -> None:
    m = MONTHS[d.month - 1]
    for text in (f"{m} {d.day}, {d.year}", f"this {d.day}th day of {m} {d.year}",
                 f"the {ORDINAL_WORDS[d.day - 1]} day of {m}, {d.year}",
                 f"{d.month}/{d.day}/{d.year}", f"{d.month:02d}/{d.day:02d}/{d.year % 100:02d}",
                 d.isoformat(), f"{d.day} {m} {d.year}"):
        if text.count("/") == 2 and text.endswith(f"/{d.year % 100:02d}") and not 1970 <= d.year < 2070:
            continue
        assert parse_date(text) == d, text


def test_find_forms() -> None:
    text = ("Forms 3, 4, and 5, Schedules 13D or 13G, Forms 13F or 13H, any Forms 144 and Form ID; "
            "Section 16(a) of the Securities Exchange Act of 1934")
    assert sorted({f for f, _, _ in find_forms(text)}) == sorted(["3", "4", "5", "13D", "13G", "13F", "13H", "144", "ID"])


@pytest.mark.parametrize(("name", "ok"), [
    ("Roelof F. Botha", True), ("Sharda Caro del Castillo", True), ("An-Yen Hu", True),
    ("José Núñez", True), ("MARIE KLEMCHUK", True), ("Print Name", False), ("Cooley LLP", False),
    ("Botha", False), ("Notary Public", False), ("Schedule A", False),
])
def test_is_person_name(name: str, ok: bool) -> None:
    assert is_person_name(name) is ok


def test_find_orgs() -> None:
    text = ('of Eventbrite, Inc., a Delaware corporation (the "Company"), and An-Yen Hu of Goodwin '
            'Procter LLP, securities of Founder SPAC (the \u201cCompany\u201d), Davis Polk & Wardwell LLP')
    got = [text[e.start:e.end] for e in find_orgs(text)]
    assert got == ["Eventbrite, Inc.", "Goodwin Procter LLP", "Founder SPAC", "Davis Polk & Wardwell LLP"]
