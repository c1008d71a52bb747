"""The form's signature block: signer, capacity, on whose behalf, date; checked against the POA.

``parse_signature("/s/ Craig Barrows, attorney in fact. 06/18/2008")`` gives signer
``Craig Barrows``, capacity ``attorney-in-fact``, date 2008-06-18. Provenance follows the POA
convention: ``bbox = (start_char, 0, end_char, 0)`` on a virtual page holding the text given.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from extract.ir.values import Extracted, Provenance, Source
from extract.nlp.poa import PowerOfAttorney, SignatureBlock
from extract.nlp.roles import name_key
from extract.nlp.rules import DATE_RES, clean_name, parse_date

__all__ = ["find_signature", "link_signature", "parse_signature", "same_person"]

_AIF = re.compile(
    r"(?:as\s+)?(?:(?:his|her|its|their)\s+)?(?:true\s+and\s+lawful\s+)?attorneys?[\s-]*in[\s-]*fact"
    r"|(?:by\s+|pursuant\s+to\s+(?:a\s+)?)?power\s+of\s+attorney|\bPOA\b", re.I)
_CAPACITIES = re.compile(
    r"authori[sz]ed\s+(?:signatory|person|representative)|managing\s+(?:member|director|partner)"
    r"|general\s+partner|(?:chief\s+\w+\s+officer|president|secretary|treasurer|director|trustee"
    r"|attorney|agent|manager|member|officer|partner)", re.I)
_STOP = re.compile(r",|;|\bas\b|\bfor\b|\bby\b|\bon\s+behalf\s+of\b|\battorney|\n|\(|\*|\s-\s|\s{3,}", re.I)
_LABEL = re.compile(r"\*+\s*Signature\s+of\s+Reporting\s+Person.*$|Signature\s+of\s+Reporting\s+Person.*$"
                    r"|\bDate\s*$", re.I | re.M)


def same_person(a: str, b: str, *, score_cutoff: float = 90.0) -> bool:
    """True when two printed names name the same person ("Roelof Botha" / "Roelof F. Botha")."""
    ka, kb = name_key(a).split(), name_key(b).split()
    if not ka or not kb:
        return False
    if ka == kb or (ka[0] == kb[0] and ka[-1] == kb[-1]):
        return True
    return fuzz.token_sort_ratio(" ".join(ka), " ".join(kb)) >= score_cutoff


def _value(text: str, start: int, end: int, value: str | None, stage: str,
           source: Source, conf: float) -> Extracted[str]:
    return Extracted[str](value=value, raw=text[start:end], confidence=conf,
                          provenance=Provenance(source=source, page=1,
                                                bbox=(float(start), 0.0, float(end), 0.0), stage=stage))


def _name_at(text: str, pos: int, end: int) -> tuple[int, int] | None:
    """The name starting at ``pos`` (up to a comma, 'as', 'for', 'by', 'attorney', a date...)."""
    while pos < end and text[pos] in " \t:/":
        pos += 1
    if text.startswith("s/", pos):
        pos += 2
        while pos < end and text[pos] in " \t":
            pos += 1
    stop = _STOP.search(text, pos, end)
    stop_at = stop.start() if stop else end
    for rx in DATE_RES:
        d = rx.search(text, pos, stop_at)
        if d:
            stop_at = d.start()
    e = stop_at
    while e > pos and text[e - 1] in " \t.,":
        e -= 1
    if e - pos < 2 or not re.search(r"[A-Za-z]{2}", text[pos:e]):
        return None
    return pos, e


def parse_signature(text: str, *, source: Source = Source.TEXT) -> SignatureBlock:
    """Parse a signature line: ``/s/ X, attorney-in-fact``, ``By: /s/ X, Attorney-in-Fact for Y``,
    ``Y, by X as attorney-in-fact``, ``X 06/18/2008``."""
    body = _LABEL.sub("", text)
    end = len(body.rstrip())
    stage = "nlp.signature"
    signer: Extracted[str] = Extracted[str]()
    behalf: Extracted[str] = Extracted[str]()
    capacity: Extracted[str] = Extracted[str]()
    # "John Smith, by Jane Doe as attorney-in-fact"
    m = re.search(r"^\s*(?:/s/\s*)?(?P<p>[^\n]+?)\s*,?\s+by\s*:?\s+(?!power\b)", body, re.I)
    sig_at: int | None = None
    if m and not re.match(r"\s*by\b", body, re.I):
        pspan = (m.start("p"), m.end("p"))
        behalf = _value(body, *pspan, clean_name(body[pspan[0]:pspan[1]]), stage, source, 0.9)
        sig_at = m.end()
    else:
        s = re.search(r"/s/|\bBy\s*:", body, re.I)
        sig_at = s.end() if s else 0
    span = _name_at(body, sig_at, end)
    if span:
        signer = _value(body, *span, clean_name(body[span[0]:span[1]]), stage, source, 0.95)
    rest_from = span[1] if span else sig_at
    cap = _AIF.search(body, rest_from, end)
    if cap:
        capacity = _value(body, cap.start(), cap.end(), "attorney-in-fact", stage, source, 0.95)
    else:
        c2 = _CAPACITIES.search(body, rest_from, end)
        if c2:
            capacity = _value(body, c2.start(), c2.end(), clean_name(c2.group(0)), stage, source, 0.8)
    if behalf.value is None:
        f = re.search(r"\b(?:for|on\s+behalf\s+of)\s+", body[rest_from:end], re.I)
        if f:
            nspan = _name_at(body, rest_from + f.end(), end)
            if nspan:
                behalf = _value(body, *nspan, clean_name(body[nspan[0]:nspan[1]]), stage, source, 0.9)
    sig_date = SignatureBlock().date
    dates = [(m.start(), m.end()) for rx in DATE_RES for m in rx.finditer(body)]
    if dates:
        ds, de = max(dates, key=lambda x: x[0])
        sig_date = sig_date.model_copy(update={
            "value": parse_date(body[ds:de]), "raw": body[ds:de], "confidence": 0.95,
            "provenance": Provenance(source=source, page=1, bbox=(float(ds), 0.0, float(de), 0.0),
                                     stage=stage)})
    return SignatureBlock(signer=signer, capacity=capacity, on_behalf_of=behalf, date=sig_date)


def link_signature(sig: SignatureBlock, poa: PowerOfAttorney | None) -> SignatureBlock:
    """Set ``signer_in_poa``: True when the signer is one of the POA's attorneys-in-fact, False
    when not, None when there is no POA (or no signer)."""
    if poa is None or sig.signer.value is None:
        return sig.model_copy(update={"signer_in_poa": None})
    hit = any(same_person(sig.signer.value, a.value) for a in poa.attorneys_in_fact if a.value)
    return sig.model_copy(update={"signer_in_poa": hit})


def find_signature(form_text: str) -> str | None:
    """The signature line(s) of a text rendering: the non-empty line(s) just above
    "Signature of Reporting Person", else the last line holding "/s/"."""
    m = re.search(r"Signature\s+of\s+Reporting\s+Person", form_text, re.I)
    if m:
        above = form_text[: m.start()].rstrip(" \t*\\\n").splitlines()
        lines = [ln for ln in above[-3:] if ln.strip()]
        sig = [ln for ln in lines if "/s/" in ln.lower() or "attorney" in ln.lower()]
        return (sig[-1] if sig else (lines[-1] if lines else "")).strip() or None
    slashes = [ln for ln in form_text.splitlines() if "/s/" in ln.lower()]
    return slashes[0].strip() if slashes else None
