"""US zip codes and Canadian postal codes, and the EDGAR state codes they imply."""

from __future__ import annotations

import pytest

from extract.ir.places import canadian_postal_code, province_of_postal_code, state_of_zip


@pytest.mark.parametrize(("zip_code", "state"), [
    ("94103", "CA"), ("75201", "TX"), ("75201-1234", "TX"), ("10001", "NY"), ("02110", "MA"),
    ("80202", "CO"), ("20001", "DC"), ("99501", "AK"), ("V5Y 0A1", None), ("9410", None),
    ("00000", None)])
def test_the_state_of_a_zip_code(zip_code: str, state: str | None) -> None:
    assert state_of_zip(zip_code) == state


def test_a_canadian_postal_code_is_put_back_by_position() -> None:
    assert canadian_postal_code("V5Y 0A1") == "V5Y 0A1"
    assert canadian_postal_code("V5Y OAl") == "V5Y 0A1"
    assert canadian_postal_code("m5v3l9") == "M5V 3L9"
    assert canadian_postal_code("94103") is None  # a US zip code is not one
    assert canadian_postal_code("V5Y OAI1") == "V5Y 0A1"  # one character too many
    assert canadian_postal_code("V5Y 0A11X") is None  # eight
    assert canadian_postal_code("DOO OOO") is None  # D starts no postal code
    assert province_of_postal_code("V5Y 0A1") == "A1"
    assert province_of_postal_code("H3B 2Y5") == "A8"
