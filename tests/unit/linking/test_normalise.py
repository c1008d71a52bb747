"""Name normalisers: known forms by hand, idempotence by hypothesis."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.linking.normalise import (
    CompanyName,
    EntityKind,
    PersonName,
    guess_kind,
    key_from_text,
    key_to_text,
    normalise_company,
    normalise_person,
    parse_company,
    parse_person,
    parse_person_all,
)


@pytest.mark.parametrize(
    ("text", "order", "expected"),
    [
        ("CARTER DAVID WARREN", "sec", PersonName("CARTER", "DAVID", ("WARREN",))),
        ("David W. Carter", "auto", PersonName("CARTER", "DAVID", ("W",))),
        ("Carter, David W., Jr.", "auto", PersonName("CARTER", "DAVID", ("W",), "JR")),
        ("David W. Carter, Jr.", "auto", PersonName("CARTER", "DAVID", ("W",), "JR")),
        ("Mr. D.W. Carter III", "auto", PersonName("CARTER", "D", ("W",), "III")),
        ("VAN DER BERG JOHN", "sec", PersonName("VANDERBERG", "JOHN")),
        ("John van der Berg", "auto", PersonName("VANDERBERG", "JOHN")),
        ("McMahon John Dennis", "sec", PersonName("MCMAHON", "JOHN", ("DENNIS",))),
        ("O'Brien Patrick", "sec", PersonName("OBRIEN", "PATRICK")),
        ("/s/ Max R. Levchin", "auto", PersonName("LEVCHIN", "MAX", ("R",))),
        ("SMITH JOHN 2ND", "sec", PersonName("SMITH", "JOHN", (), "II")),
        ("Roelof F. Botha, 8r.", "auto", PersonName("BOTHA", "ROELOF", ("F",))),
    ],
)
def test_parse_person(text: str, order: str, expected: PersonName) -> None:
    assert parse_person(text, order) == expected


def test_ambiguous_order_gives_both_readings() -> None:
    readings = parse_person_all("Peter Thiel")
    assert PersonName("THIEL", "PETER") in readings
    assert PersonName("PETER", "THIEL") in readings


def test_ocr_digits_in_person_names_become_letters() -> None:
    assert parse_person("CAR7ER DAVID", "sec").last == "CARTER"


@pytest.mark.parametrize(
    ("text", "core", "form"),
    [
        ("BECTON DICKINSON & CO", "BECTON DICKINSON", "CO"),
        ("The Walt Disney Co.", "WALT DISNEY", "CO"),
        ("MICROSOFT CORP /WA/", "MICROSOFT", "CORP"),
        ("Meta Platforms, Inc.", "META PLATFORMS", "INC"),
        ("Mithril GP L.P.", "MITHRIL GP", "LP"),
        ("Acme Limited Liability Company", "ACME", "LLC"),
        ("I.B.M. Corporation", "IBM", "CORP"),
        ("Yahoo! Inc.", "YAHOO", "INC"),
        ("AT&T INC.", "AT AND T", "INC"),
        ("SUNPOWER CORPe", "SUNPOWER", "CORP"),  # a form as OCR damages it
        ("Tne Xoom, C0RP", "XOOM", "CORP"),
    ],
)
def test_parse_company(text: str, core: str, form: str) -> None:
    assert parse_company(text) == CompanyName(core, form)


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("THIEL PETER", EntityKind.PERSON),
        ("Feld Michael", EntityKind.PERSON),
        ("BERKSHIRE HATHAWAY INC", EntityKind.COMPANY),
        ("Mithril II LP", EntityKind.COMPANY),
        ("Jeremy M. Sclar 2012 Irrevocable Family Trust", EntityKind.COMPANY),
    ],
)
def test_guess_kind(name: str, kind: EntityKind) -> None:
    assert guess_kind(name) is kind


def test_key_text_round_trip() -> None:
    for key in (PersonName("CARTER", "DAVID", ("W", "X"), "JR"), CompanyName("ACME", "INC")):
        assert key_from_text(key_to_text(key)) == key


_names = st.text(
    alphabet=st.sampled_from(list("ABCDEFGHIJKLMNOPQRSTUVWXYZabcxyz019 .,'-&/|")),
    max_size=40,
)
_words = st.lists(
    st.sampled_from(
        [
            "VAN",
            "DE",
            "JR",
            "III",
            "MR",
            "THE",
            "INC",
            "CO",
            "LLC",
            "AND",
            "L",
            "P",
            "SMITH",
            "John",
            "o'neil",
            "D.W.",
            "Corp.",
            "/DE/",
            "&",
            "2ND",
            "Jr.,",
            "The",
            "Esq",
        ]
    ),
    max_size=6,
).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(_names, _words))
def test_normalise_person_is_idempotent(text: str) -> None:
    once = normalise_person(text)
    assert normalise_person(once) == once


@settings(max_examples=300, deadline=None)
@given(st.one_of(_names, _words))
def test_normalise_company_is_idempotent(text: str) -> None:
    once = normalise_company(text)
    assert normalise_company(once) == once
