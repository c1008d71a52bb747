"""Typed power-of-attorney output and the public entry point :func:`extract_poa`.

Provenance of every value: ``Provenance.bbox`` is ``(start_char, 0, end_char, 0)`` on a virtual
page (page 1) whose one line is the text that was analysed: the ``text`` given to
:func:`extract_poa`, or its rendering when that was HTML (tags stripped with lxml, one line per
block element) or the EX-24 document when it was an SGML submission. When OCR words with boxes
are given (``words=``), the bbox is instead the union of the boxes of the words under the span,
on their page, in PDF points.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from extract.errors import EngineError
from extract.ir.values import BBox, Extracted, Issue, Provenance, Severity, Source
from extract.nlp import find, rules
from extract.nlp.roles import Roles, RoleSpan, assign_roles, merge_entities
from extract.settings import Settings

__all__ = [
    "PoaSettings",
    "PowerOfAttorney",
    "SignatureBlock",
    "TextWord",
    "extract_poa",
    "poa_entities",
]

Method = Literal["both", "rules", "model"]


class PoaSettings(Settings):
    """Settings of the POA stage. ``method``: which entity finders run (the roles are the same)."""

    method: Method = "both"
    model_path: str | None = None
    """Directory of the spaCy pipeline; default ``models/poa_ner``."""


class TextWord(BaseModel):
    """An OCR'd (or text-layer) word: its character span in the text given, its page and box."""

    model_config = ConfigDict(frozen=True)

    start: int
    end: int
    page: int
    bbox: BBox


class PowerOfAttorney(BaseModel):
    """What a power of attorney grants: who, to whom, for which company, when, for which forms."""

    model_config = ConfigDict(frozen=True)

    grantors: tuple[Extracted[str], ...] = ()
    attorneys_in_fact: tuple[Extracted[str], ...] = ()
    companies: tuple[Extracted[str], ...] = ()
    executed_on: Extracted[dt.date] = Extracted[dt.date]()
    forms_covered: tuple[Extracted[str], ...] = ()
    expiry: Extracted[str] = Extracted[str]()
    """The duration wording ("shall remain in full force and effect until ...")."""
    revocation: Extracted[str] = Extracted[str]()
    """Revocation wording: what this POA revokes or supersedes, else how it may be revoked."""
    attorneys_described: Extracted[str] = Extracted[str]()
    """When no attorney is named: how they are described ("the responsible attorneys of ...")."""
    span: tuple[int, int] = (0, 0)
    """Where the POA sits in the analysed text (character offsets)."""
    method: str = "both"
    issues: tuple[Issue, ...] = ()

    @property
    def grantor(self) -> str | None:
        return self.grantors[0].value if self.grantors else None

    @property
    def company(self) -> str | None:
        return self.companies[0].value if self.companies else None


class SignatureBlock(BaseModel):
    """The form's signature: who signed, in what capacity, for whom, when; and whether the signer
    is one of the POA's attorneys-in-fact (None when there is no POA to check against)."""

    model_config = ConfigDict(frozen=True)

    signer: Extracted[str] = Extracted[str]()
    capacity: Extracted[str] = Extracted[str]()
    on_behalf_of: Extracted[str] = Extracted[str]()
    date: Extracted[dt.date] = Extracted[dt.date]()
    signer_in_poa: bool | None = None


def _provenance(start: int, end: int, source: Source, stage: str,
                words: list[TextWord] | None) -> Provenance:
    if words:
        hit = [w for w in words if w.start < end and start < w.end]
        if hit:
            page = hit[0].page
            boxes = [w.bbox for w in hit if w.page == page]
            box = (min(b[0] for b in boxes), min(b[1] for b in boxes),
                   max(b[2] for b in boxes), max(b[3] for b in boxes))
            return Provenance(source=source, page=page, bbox=box, stage=stage)
    return Provenance(source=source, page=1, bbox=(float(start), 0.0, float(end), 0.0), stage=stage)


def _text_value(r: RoleSpan, text: str, source: Source, words: list[TextWord] | None) -> Extracted[str]:
    return Extracted[str](value=r.value, raw=text[r.start:r.end], confidence=r.confidence,
                          provenance=_provenance(r.start, r.end, source, f"nlp.poa.{r.source}", words))


def poa_entities(text: str, method: Method = "both", model_path: str | None = None) -> list[rules.Entity]:
    """Entities of ``text`` from the rules, the model, or both (merged)."""
    if method == "rules":
        return rules.find_entities(text)
    from extract.nlp.ner import model_entities

    model = model_entities(text, path=model_path, windows=rules.model_windows(text))
    if method == "model":
        return model
    return merge_entities(rules.find_entities(text), model, text)


def _shift(roles: Roles, offset: int) -> Roles:
    if not offset:
        return roles

    def sh(r: RoleSpan | None) -> RoleSpan | None:
        return None if r is None else r.model_copy(update={"start": r.start + offset, "end": r.end + offset})

    return Roles(
        grantors=tuple(sh(r) for r in roles.grantors),  # type: ignore[misc]
        attorneys=tuple(sh(r) for r in roles.attorneys),  # type: ignore[misc]
        companies=tuple(sh(r) for r in roles.companies),  # type: ignore[misc]
        executed_on=sh(roles.executed_on),
        forms=tuple(sh(r) for r in roles.forms),  # type: ignore[misc]
        expiry=sh(roles.expiry),
        revocation=sh(roles.revocation),
        attorneys_described=sh(roles.attorneys_described),
    )


def extract_poa(
    text: str,
    *,
    source: Source = Source.TEXT,
    settings: None | dict[str, Any] | PoaSettings = None,
    words: list[TextWord] | None = None,
) -> PowerOfAttorney | None:
    """The power of attorney in ``text``, or None when there is none.

    ``text`` may be a text rendering of a form with the POA after it (the whole rendering is
    fine), a standalone exhibit (plain text or HTML markup, which is stripped first), an SGML
    submission (its EX-24 document is used) or OCR'd text (pass ``words`` to get page boxes in
    the provenance). Offsets in the provenance refer to the analysed text (see the module doc).
    When the NER pipeline cannot be loaded, the rules run alone and an ``N301`` issue says so.
    """
    cfg = PoaSettings.resolve(settings)
    found = find.find_poa(text) if (find.looks_like_html(text) or "<DOCUMENT>" in text[:20000].upper()) \
        else None
    if found is not None:
        body, (a, b) = found.text, (found.start, found.end)
        if source == Source.TEXT:
            source = Source.SGML if found.where == "sgml" else Source.HTML
    else:
        span = find.locate_poa(text, page=source == Source.OCR)
        if span is None:
            return None
        body, (a, b) = text, span
    poa_text = body[a:b]
    issues: list[Issue] = []
    method: str = cfg.method
    try:
        ents = poa_entities(poa_text, cfg.method, cfg.model_path)
    except EngineError as exc:
        issues.append(Issue(code="N301", message=f"NER model unavailable, rules only: {exc}",
                            severity=Severity.WARNING))
        ents, method = rules.find_entities(poa_text), "rules"
    roles = _shift(assign_roles(poa_text, ents), a)
    return _build(body, roles, source, method, (a, b), issues, words)


def _build(text: str, roles: Roles, source: Source, method: str, span: tuple[int, int],
           issues: list[Issue], words: list[TextWord] | None) -> PowerOfAttorney:
    ex = roles.executed_on
    executed = Extracted[dt.date]()
    if ex is not None:
        executed = Extracted[dt.date](
            value=ex.date_value, raw=text[ex.start:ex.end], confidence=ex.confidence,
            provenance=_provenance(ex.start, ex.end, source, f"nlp.poa.{ex.source}", words))
    if not roles.grantors:
        issues.append(Issue(code="N201", message="no grantor found (no signature or 'I, X')"))
    if not roles.attorneys and roles.attorneys_described is None:
        issues.append(Issue(code="N202", message="no attorney-in-fact found after the appointing words"))
    if ex is None:
        issues.append(Issue(code="N203", message="no execution date found"))
    if not roles.companies:
        issues.append(Issue(code="N204", message="no company found", severity=Severity.INFO))

    def opt(r: RoleSpan | None) -> Extracted[str]:
        return Extracted[str]() if r is None else _text_value(r, text, source, words)

    return PowerOfAttorney(
        grantors=tuple(_text_value(r, text, source, words) for r in roles.grantors),
        attorneys_in_fact=tuple(_text_value(r, text, source, words) for r in roles.attorneys),
        companies=tuple(_text_value(r, text, source, words) for r in roles.companies),
        executed_on=executed,
        forms_covered=tuple(_text_value(r, text, source, words) for r in roles.forms),
        expiry=opt(roles.expiry),
        revocation=opt(roles.revocation),
        attorneys_described=opt(roles.attorneys_described),
        span=span,
        method=method,
        issues=tuple(issues),
    )
