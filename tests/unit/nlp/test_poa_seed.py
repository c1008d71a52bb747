"""The seed filing: its appended power of attorney must give exactly the seed's POA values."""

from __future__ import annotations

import json
from pathlib import Path

from extract.nlp.export import poa_to_json
from extract.nlp.poa import extract_poa
from extract.nlp.signature import find_signature, link_signature, parse_signature

KEYS = ("grantor", "attorneysInFact", "company", "executedOn", "formsCovered")


def test_seed_poa_exact(shared_dir: Path) -> None:
    text = (shared_dir / "seed" / "form4-immunogen-2008.txt").read_text(encoding="utf-8")
    want = json.loads((shared_dir / "seed" / "form4-immunogen-2008.poa.json").read_text())
    poa = extract_poa(text)
    assert poa is not None
    got = poa_to_json(poa)
    assert {k: got[k] for k in KEYS} == {k: want[k] for k in KEYS}
    # provenance points at the printed text in the rendering
    s, _, e, _ = got["provenance"]["grantor"]["bbox"]
    assert text[int(s): int(e)] == "David W. Carter"
    assert poa.expiry.value and poa.expiry.value.startswith("This Power of Attorney shall remain")
    assert not [i for i in poa.issues if i.code.startswith("N2")]


def test_seed_signature_links_to_poa(shared_dir: Path) -> None:
    text = (shared_dir / "seed" / "form4-immunogen-2008.txt").read_text(encoding="utf-8")
    line = find_signature(text)
    assert line == "/s/ Craig Barrows, attorney in fact. 06/18/2008"
    sig = link_signature(parse_signature(line), extract_poa(text))
    assert sig.signer.value == "Craig Barrows"
    assert sig.capacity.value == "attorney-in-fact"
    assert sig.date.value is not None and sig.date.value.isoformat() == "2008-06-18"
    assert sig.signer_in_poa is True
