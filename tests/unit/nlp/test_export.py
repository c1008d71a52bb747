"""JSON and CSV shapes of the POA output."""

from __future__ import annotations

import json

from extract.nlp.export import POA_CSV_COLUMNS, poa_rows, poa_to_json, signature_to_json
from extract.nlp.poa import extract_poa
from extract.nlp.signature import link_signature, parse_signature

POA = """POWER OF ATTORNEY

I, John Q. Public, hereby constitute and appoint Jane Doe and Richard Roe, and each of them, as my
true and lawful attorneys-in-fact to execute Forms 3, 4 and 5 and Form 144 with respect to
securities of Example Widgets, Inc. (the "Company"). This Power of Attorney revokes and supersedes
any prior power of attorney granted by the undersigned for such purposes.

Dated: 6/11/08

/s/ John Q. Public
"""


def test_poa_to_json_shape() -> None:
    poa = extract_poa(POA, settings={"method": "rules"})
    assert poa is not None
    out = poa_to_json(poa)
    assert out["grantor"] == "John Q. Public"
    assert out["attorneysInFact"] == ["Jane Doe", "Richard Roe"]
    assert out["company"] == "Example Widgets, Inc."
    assert out["executedOn"] == "2008-06-11"
    assert out["formsCovered"] == ["3", "4", "5", "144"]
    assert out["revocation"] and out["revocation"].startswith("This Power of Attorney revokes")
    assert len(out["confidence"]["attorneysInFact"]) == 2
    assert out["provenance"]["executedOn"]["bbox"][1] == 0
    json.dumps(out)  # serialisable as is


def test_poa_rows() -> None:
    poa = extract_poa(POA, settings={"method": "rules"})
    assert poa is not None
    rows = poa_rows(poa, "0000000000-08-000001")
    assert all(tuple(r) == POA_CSV_COLUMNS for r in rows)
    roles = [r["role"] for r in rows]
    assert roles.count("attorney_in_fact") == 2 and "executed_on" in roles and "grantor" in roles
    date_row = next(r for r in rows if r["role"] == "executed_on")
    assert date_row["value"] == "2008-06-11" and POA[date_row["start_char"]: date_row["end_char"]] == "6/11/08"


def test_signature_to_json() -> None:
    poa = extract_poa(POA, settings={"method": "rules"})
    sig = link_signature(parse_signature("/s/ Jane Doe, attorney-in-fact for John Q. Public 06/18/2008"), poa)
    out = signature_to_json(sig)
    assert out["signer"] == "Jane Doe" and out["onBehalfOf"] == "John Q. Public"
    assert out["signerInPoa"] is True and out["date"] == "2008-06-18"
