"""Signature lines of the form: signer, capacity, on whose behalf, date; linked to the POA."""

from __future__ import annotations

import pytest

from extract.nlp.poa import extract_poa
from extract.nlp.signature import link_signature, parse_signature, same_person

CASES = [
    ("/s/ Craig Barrows, attorney in fact", "Craig Barrows", "attorney-in-fact", None, None),
    ("/s/ Craig Barrows, attorney in fact. 06/18/2008", "Craig Barrows", "attorney-in-fact", None, "2008-06-18"),
    ("By: /s/ Jane Doe, Attorney-in-Fact for John Smith", "Jane Doe", "attorney-in-fact", "John Smith", None),
    ("John Smith, by Jane Doe as attorney-in-fact", "Jane Doe", "attorney-in-fact", "John Smith", None),
    ("/s/ Jane Doe, by power of attorney", "Jane Doe", "attorney-in-fact", None, None),
    ("/s/ Roelof Botha 02/11/2022", "Roelof Botha", None, None, "2022-02-11"),
    ("/s/ Mary Ann O'Neil, as Attorney-In-Fact for Roelof F. Botha  2/11/22", "Mary Ann O'Neil",
     "attorney-in-fact", "Roelof F. Botha", "2022-02-11"),
    ("Sequoia Capital Fund, L.P., by /s/ Jung Yeon Son, Authorized Signatory", "Jung Yeon Son",
     "Authorized Signatory", "Sequoia Capital Fund, L.P.", None),
]


@pytest.mark.parametrize(("line", "signer", "capacity", "behalf", "when"), CASES)
def test_parse_signature(line: str, signer: str, capacity: str | None, behalf: str | None,
                         when: str | None) -> None:
    sig = parse_signature(line)
    assert sig.signer.value == signer
    assert sig.capacity.value == capacity
    assert sig.on_behalf_of.value == behalf
    assert (sig.date.value.isoformat() if sig.date.value else None) == when
    assert sig.signer_in_poa is None
    assert sig.signer.provenance is not None and sig.signer.provenance.bbox is not None
    s, _, e, _ = sig.signer.provenance.bbox
    assert line[int(s): int(e)] == signer


POA = """POWER OF ATTORNEY

Know all by these presents, that the undersigned hereby constitutes and appoints each of
Jane Doe and Richard Roe, signing singly, the undersigned's true and lawful attorney-in-fact to
execute Forms 3, 4 and 5 with respect to securities of Example Widgets, Inc. (the "Company").

IN WITNESS WHEREOF, the undersigned has caused this Power of Attorney to be executed as of
June 11, 2008.

/s/ John Smith
"""


def test_link_signature_to_poa() -> None:
    poa = extract_poa(POA, settings={"method": "rules"})
    assert poa is not None
    yes = link_signature(parse_signature("By: /s/ Jane Doe, Attorney-in-Fact for John Smith"), poa)
    no = link_signature(parse_signature("/s/ Peter Pan, attorney-in-fact"), poa)
    none = link_signature(parse_signature("/s/ Jane Doe"), None)
    assert (yes.signer_in_poa, no.signer_in_poa, none.signer_in_poa) == (True, False, None)


@pytest.mark.parametrize(("a", "b", "same"), [
    ("Roelof Botha", "Roelof F. Botha", True),
    ("ROELOF F. BOTHA", "Roelof Botha", True),
    ("Roelof Botha", "Roelof Frederik Botha", True),
    ("Jane Doe", "John Doe", False),
    ("Jane Doe", "", False),
])
def test_same_person(a: str, b: str, same: bool) -> None:
    assert same_person(a, b) is same
