"""POA output: the ``powerOfAttorney`` JSON object (camelCase) and rows of ``poa.csv``.

The JSON keeps the contract's plain values at the top (``grantor``, ``attorneysInFact``,
``company``, ``executedOn``, ``formsCovered``) and puts per-field ``confidence`` and
``provenance`` in parallel objects, so the plain values compare directly with a truth file.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from extract.ir.values import Extracted, Provenance
from extract.nlp.poa import PowerOfAttorney, SignatureBlock

__all__ = ["POA_CSV_COLUMNS", "poa_rows", "poa_to_json", "signature_to_json"]

POA_CSV_COLUMNS = ("filing_key", "role", "position", "value", "raw", "confidence", "source",
                   "page", "start_char", "end_char", "stage")


def _prov(p: Provenance | None) -> dict[str, Any] | None:
    if p is None:
        return None
    return {"source": str(p.source), "page": p.page,
            "bbox": [round(x, 2) for x in p.bbox] if p.bbox else None, "stage": p.stage}


def _conf(x: Extracted[Any]) -> float | None:
    return round(x.confidence, 3) if x.value is not None else None


def poa_to_json(poa: PowerOfAttorney) -> dict[str, Any]:
    """The ``powerOfAttorney`` object of the JSON output."""
    ex = poa.executed_on
    return {
        "grantor": poa.grantor,
        "grantors": [g.value for g in poa.grantors],
        "attorneysInFact": [a.value for a in poa.attorneys_in_fact],
        "attorneysDescribed": poa.attorneys_described.value,
        "company": poa.company,
        "companies": [c.value for c in poa.companies],
        "executedOn": ex.value.isoformat() if ex.value else None,
        "formsCovered": [f.value for f in poa.forms_covered],
        "expiry": poa.expiry.value,
        "revocation": poa.revocation.value,
        "confidence": {
            "grantor": _conf(poa.grantors[0]) if poa.grantors else None,
            "grantors": [_conf(g) for g in poa.grantors],
            "attorneysInFact": [_conf(a) for a in poa.attorneys_in_fact],
            "company": _conf(poa.companies[0]) if poa.companies else None,
            "executedOn": _conf(ex),
            "formsCovered": [_conf(f) for f in poa.forms_covered],
        },
        "provenance": {
            "grantor": _prov(poa.grantors[0].provenance) if poa.grantors else None,
            "grantors": [_prov(g.provenance) for g in poa.grantors],
            "attorneysInFact": [_prov(a.provenance) for a in poa.attorneys_in_fact],
            "company": _prov(poa.companies[0].provenance) if poa.companies else None,
            "executedOn": _prov(ex.provenance),
            "formsCovered": [_prov(f.provenance) for f in poa.forms_covered],
            "expiry": _prov(poa.expiry.provenance),
            "revocation": _prov(poa.revocation.provenance),
        },
        "span": list(poa.span),
        "method": poa.method,
        "issues": [{"code": i.code, "message": i.message, "severity": str(i.severity)} for i in poa.issues],
    }


def signature_to_json(sig: SignatureBlock) -> dict[str, Any]:
    """The signature block as camelCase JSON."""
    return {
        "signer": sig.signer.value,
        "capacity": sig.capacity.value,
        "onBehalfOf": sig.on_behalf_of.value,
        "date": sig.date.value.isoformat() if sig.date.value else None,
        "signerInPoa": sig.signer_in_poa,
        "confidence": {"signer": _conf(sig.signer), "capacity": _conf(sig.capacity),
                       "onBehalfOf": _conf(sig.on_behalf_of), "date": _conf(sig.date)},
        "provenance": {"signer": _prov(sig.signer.provenance), "date": _prov(sig.date.provenance)},
    }


def _row(key: str, role: str, pos: int, x: Extracted[Any]) -> dict[str, Any]:
    p = x.provenance
    value = x.value.isoformat() if isinstance(x.value, date) else x.value
    return {
        "filing_key": key, "role": role, "position": pos, "value": value, "raw": x.raw,
        "confidence": round(x.confidence, 3), "source": str(p.source) if p else None,
        "page": p.page if p else None,
        "start_char": int(p.bbox[0]) if p and p.bbox else None,
        "end_char": int(p.bbox[2]) if p and p.bbox else None,
        "stage": p.stage if p else None,
    }


def poa_rows(poa: PowerOfAttorney, filing_key: str) -> list[dict[str, Any]]:
    """Rows of ``poa.csv`` (columns :data:`POA_CSV_COLUMNS`): one per role value."""
    rows: list[dict[str, Any]] = []
    for role, values in (("grantor", poa.grantors), ("attorney_in_fact", poa.attorneys_in_fact),
                         ("company", poa.companies), ("form_covered", poa.forms_covered)):
        rows.extend(_row(filing_key, role, i, x) for i, x in enumerate(values))
    for role, x in (("executed_on", poa.executed_on), ("expiry", poa.expiry),
                    ("revocation", poa.revocation), ("attorneys_described", poa.attorneys_described)):
        if x.value is not None:
            rows.append(_row(filing_key, role, 0, x))
    return rows
