"""EDGAR SGML submissions (``.txt`` full submissions and ``.nc`` dissemination files) -> ``Filing``.

A submission is a header (``<SEC-HEADER>`` with indented ``KEY: value`` lines, or the ``.nc``
tag style ``<ACCESSION-NUMBER>...<REPORTING-OWNER><OWNER-DATA><CIK>...``) followed by
``<DOCUMENT>`` blocks, each with ``<TYPE>``, ``<SEQUENCE>``, ``<FILENAME>``, ``<DESCRIPTION>``
and a ``<TEXT>`` body. The Form 3/4/5 document's body wraps the ownership XML in
``<XML>...</XML>``; it is read with the XML reader (provenance ``Source.SGML``). The other
documents (EX-24 powers of attorney ...) are returned as attachments keyed by their type.

The header never changes the filing: where the XML lacks a CIK the header has, or disagrees
with it, a coded warning records the header's value for the linking stage.

Codes: ``E012`` entity declarations in the embedded XML, ``E010``/``E011`` as for XML,
``E020`` a legacy text Form (no XML document), ``E021`` a header with no documents,
``E022`` no Form 3/4/5 document in the submission. Warnings: ``S001`` issuer CIK missing in
the XML (header has it), ``S002`` reporting owner CIK missing in the XML (header has it),
``S003`` issuer CIK differs from the header, ``S004`` submission type differs from the XML's
documentType.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from lxml import etree
from pydantic import BaseModel, ConfigDict

from extract.errors import InputError
from extract.ir.filing import Filing
from extract.ir.result import MediaKind, StageError
from extract.ir.values import Source
from extract.readers.base import ReadOutcome
from extract.readers.sniff import decode_text
from extract.readers.xml import filing_from_element, safe_parser

__all__ = [
    "HeaderParty",
    "SubmissionHeader",
    "parse_sgml_header",
    "read_sgml",
    "read_sgml_submission",
]

STAGE = "readers.sgml"

OWNERSHIP_TYPES = frozenset({"3", "3/A", "4", "4/A", "5", "5/A"})


class HeaderParty(BaseModel):
    """One filer, reporting owner, issuer or subject company named in the header."""

    model_config = ConfigDict(frozen=True)

    role: str
    """``reporting-owner``, ``issuer``, ``subject-company``, ``filer`` or ``filed-by``."""
    name: str | None = None
    cik: str | None = None
    relationship: str | None = None
    """As the header gives it (``DIRECTOR`` in pre-2003 headers); usually absent."""
    former_names: tuple[str, ...] = ()


class SubmissionHeader(BaseModel):
    """The SGML header of an EDGAR submission."""

    model_config = ConfigDict(frozen=True)

    accession_number: str | None = None
    submission_type: str | None = None
    document_count: int | None = None
    period: date | None = None
    filed_date: date | None = None
    date_of_change: date | None = None
    acceptance_datetime: datetime | None = None
    reporting_owners: tuple[HeaderParty, ...] = ()
    issuer: HeaderParty | None = None
    """The ISSUER block, or SUBJECT COMPANY in older headers."""
    filers: tuple[HeaderParty, ...] = ()
    """FILER and FILED BY blocks (other submission types; rare on Forms 3/4/5)."""


# ---------------------------------------------------------------------------------------------
# Header
# ---------------------------------------------------------------------------------------------

_PARTY_ROLES = {
    "REPORTING OWNER": "reporting-owner",
    "ISSUER": "issuer",
    "SUBJECT COMPANY": "subject-company",
    "FILER": "filer",
    "FILED BY": "filed-by",
}
_SUBMISSION_KEYS = {
    "ACCESSION NUMBER": "accession_number",
    "CONFORMED SUBMISSION TYPE": "submission_type",
    "TYPE": "submission_type",
    "PUBLIC DOCUMENT COUNT": "document_count",
    "CONFORMED PERIOD OF REPORT": "period",
    "PERIOD": "period",
    "FILED AS OF DATE": "filed_date",
    "FILING DATE": "filed_date",
    "DATE AS OF CHANGE": "date_of_change",
    "DATE OF FILING DATE CHANGE": "date_of_change",
    "ACCEPTANCE DATETIME": "acceptance_datetime",
}
_NAME_KEYS = {"COMPANY CONFORMED NAME", "CONFORMED NAME"}
_CIK_KEYS = {"CENTRAL INDEX KEY", "CIK"}
_FORMER_NAME_KEYS = {"FORMER CONFORMED NAME"}

_TAG_TOKEN = re.compile(r"<(/?)([A-Za-z0-9][A-Za-z0-9\-]*)>([^<]*)")
_KEY_LINE = re.compile(r"^([ \t]*)([A-Z0-9][A-Z0-9 ,&/\-.()']*?):[ \t]*(.*?)\s*$")


def _norm(name: str) -> str:
    return " ".join(name.upper().replace("-", " ").split())


@dataclass
class _PartyDraft:
    role: str
    name: str | None = None
    cik: str | None = None
    relationship: str | None = None
    former: list[str] | None = None

    def field(self, key: str, value: str) -> None:
        if key in _NAME_KEYS and self.name is None:
            self.name = value
        elif key in _CIK_KEYS and self.cik is None:
            self.cik = value
        elif key == "RELATIONSHIP":
            self.relationship = (
                value if self.relationship is None else f"{self.relationship}, {value}"
            )
        elif key in _FORMER_NAME_KEYS:
            self.former = [*(self.former or []), value]

    def freeze(self) -> HeaderParty:
        return HeaderParty(
            role=self.role,
            name=self.name,
            cik=self.cik,
            relationship=self.relationship,
            former_names=tuple(self.former or ()),
        )


def _events(text: str) -> list[tuple[str, str, str]]:
    """Header lines as ``(kind, NAME, value)`` with kind open/close/field/label."""
    closers = {_norm(m) for m in re.findall(r"</([A-Za-z0-9\-]+)>", text)}
    events: list[tuple[str, str, str]] = []
    for line in text.splitlines():
        if line.lstrip().startswith("<"):
            for slash, raw_name, raw_value in _TAG_TOKEN.findall(line):
                name, value = _norm(raw_name), raw_value.strip()
                if slash:
                    events.append(("close", name, ""))
                elif name in closers:
                    events.append(("open", name, value))
                else:
                    events.append(("field", name, value))
            continue
        match = _KEY_LINE.match(line)
        if match:
            name, value = _norm(match.group(2)), match.group(3)
            events.append(("field" if value else "label", name, value))
    return events


def _header_region(text: str) -> str:
    start = text.find("<SEC-HEADER>")
    if start < 0:
        start = text.find("<IMS-HEADER>")
    doc = text.find("<DOCUMENT>", max(start, 0))
    if start >= 0:
        end = text.find("</SEC-HEADER>", start)
        if end < 0:
            end = text.find("</IMS-HEADER>", start)
        if end < 0 or (0 <= doc < end):
            end = doc if doc >= 0 else len(text)
        return text[start:end]
    return text[: doc if doc >= 0 else len(text)]


def _parse_date(value: str | None) -> date | None:
    if not value:
        return None
    digits = re.sub(r"\D", "", value)[:8]
    try:
        return datetime.strptime(digits, "%Y%m%d").date()
    except ValueError:
        return None


def _parse_datetime(value: str | None) -> datetime | None:
    if not value:
        return None
    digits = re.sub(r"\D", "", value)[:14]
    try:
        return datetime.strptime(digits, "%Y%m%d%H%M%S")
    except ValueError:
        return None


def parse_sgml_header(text: str) -> SubmissionHeader:
    """Parse the header of an EDGAR submission (``<SEC-HEADER>`` or ``.nc`` tag style).

    Accepts the whole submission or the header alone; never raises on odd input (fields it
    cannot find stay ``None``).
    """
    submission: dict[str, str] = {}
    parties: list[_PartyDraft] = []
    current: _PartyDraft | None = None
    for kind, name, value in _events(_header_region(text)):
        if kind in ("open", "label") and name in _PARTY_ROLES:
            current = _PartyDraft(_PARTY_ROLES[name])
            parties.append(current)
        elif kind == "close" and name in _PARTY_ROLES:
            current = None
        elif kind == "field":
            key = _SUBMISSION_KEYS.get(name)
            if key is not None and (current is None or name != "TYPE"):
                submission.setdefault(key, value)
            elif current is not None:
                current.field(name, value)
    count = submission.get("document_count", "")
    frozen = [p.freeze() for p in parties]
    issuers = [p for p in frozen if p.role in ("issuer", "subject-company")]
    return SubmissionHeader(
        accession_number=submission.get("accession_number"),
        submission_type=submission.get("submission_type"),
        document_count=int(count) if count.isdigit() else None,
        period=_parse_date(submission.get("period")),
        filed_date=_parse_date(submission.get("filed_date")),
        date_of_change=_parse_date(submission.get("date_of_change")),
        acceptance_datetime=_parse_datetime(submission.get("acceptance_datetime")),
        reporting_owners=tuple(p for p in frozen if p.role == "reporting-owner"),
        issuer=next((p for p in issuers if p.role == "issuer"), issuers[0] if issuers else None),
        filers=tuple(p for p in frozen if p.role in ("filer", "filed-by")),
    )


# ---------------------------------------------------------------------------------------------
# Documents
# ---------------------------------------------------------------------------------------------

_DOC_START = re.compile(rb"<DOCUMENT>", re.IGNORECASE)
_DOC_END = re.compile(rb"</DOCUMENT>", re.IGNORECASE)
_META = re.compile(rb"<(TYPE|SEQUENCE|FILENAME|DESCRIPTION)>[ \t]*([^<\r\n]*)", re.IGNORECASE)
_TEXT_START = re.compile(rb"<TEXT>", re.IGNORECASE)
_TEXT_END = re.compile(rb"</TEXT>", re.IGNORECASE)
_XML_START = re.compile(rb"<XML>", re.IGNORECASE)
_XML_END = re.compile(rb"</XML>", re.IGNORECASE)
_ENTITY_DECL = re.compile(rb"<!ENTITY\b", re.IGNORECASE)


@dataclass(frozen=True)
class _Document:
    type: str
    sequence: str | None
    filename: str | None
    description: str | None
    body: bytes
    xml: bytes | None


def _documents(data: bytes) -> list[_Document]:
    starts = [m.end() for m in _DOC_START.finditer(data)]
    documents = []
    for index, start in enumerate(starts):
        limit = starts[index + 1] if index + 1 < len(starts) else len(data)
        end_match = _DOC_END.search(data, start, limit)
        end = end_match.start() if end_match else limit
        text_match = _TEXT_START.search(data, start, end)
        meta_end = text_match.start() if text_match else end
        meta = {
            k.upper().decode(): v.strip().decode("latin-1")
            for k, v in _META.findall(data[start:meta_end])
        }
        body = b""
        if text_match:
            text_end = _TEXT_END.search(data, text_match.end(), end)
            body = data[text_match.end() : text_end.start() if text_end else end]
        xml = None
        xml_start = _XML_START.search(body)
        if xml_start:
            xml_end = _XML_END.search(body, xml_start.end())
            xml = body[xml_start.end() : xml_end.start() if xml_end else len(body)].strip()
        documents.append(
            _Document(
                type=meta.get("TYPE", "").upper(),
                sequence=meta.get("SEQUENCE") or None,
                filename=meta.get("FILENAME") or None,
                description=meta.get("DESCRIPTION") or None,
                body=body,
                xml=xml,
            )
        )
    return documents


def _is_ownership_xml(xml: bytes) -> bool:
    return re.search(rb"<(?:[A-Za-z_][\w.\-]*:)?ownershipDocument[\s>]", xml[:4096]) is not None


def _parse_xml(xml: bytes, path: str) -> etree._Element:
    if _ENTITY_DECL.search(xml[:65536]):
        raise InputError(
            "the XML document in the submission declares entities (possible entity-expansion "
            "bomb); refused unread",
            code="E012",
            path=path,
        )
    try:
        root = etree.fromstring(xml, parser=safe_parser())
    except etree.XMLSyntaxError as exc:
        raise InputError(
            f"the ownership XML in the submission is not well-formed ({exc.msg}); "
            "check the submission is complete, not truncated",
            code="E010",
            path=path,
        ) from None
    local = root.tag.rsplit("}", 1)[-1] if isinstance(root.tag, str) else ""
    if local != "ownershipDocument":
        raise InputError(
            f"the submission's XML root is <{local}>, not <ownershipDocument>",
            code="E011",
            path=path,
        )
    return root


def _attachments(documents: list[_Document]) -> dict[str, str]:
    out: dict[str, str] = {}
    for doc in documents:
        base = doc.type or "DOCUMENT"
        key, n = base, 1
        while key in out:
            n += 1
            key = f"{base}#{n}"
        out[key] = decode_text(doc.body).strip()
    return out


def _warn(code: str, message: str, path: str) -> StageError:
    return StageError(stage=STAGE, code=code, message=message, path=path, severity="warning")


def _text(extracted: object) -> str | None:
    value = getattr(extracted, "value", None)
    return value if isinstance(value, str) and value.strip() else None


def _cik_key(cik: str | None) -> str | None:
    """CIKs compare without leading zeros."""
    if cik is None or not cik.strip().isdigit():
        return cik
    return cik.strip().lstrip("0") or "0"


def _header_warnings(filing: Filing, header: SubmissionHeader) -> list[StageError]:
    warnings: list[StageError] = []
    issuer = header.issuer
    xml_cik = _text(filing.issuer.issuer_cik)
    if issuer is not None and issuer.cik:
        if xml_cik is None:
            warnings.append(
                _warn(
                    "S001",
                    f"issuerCik missing in the XML; the SGML header gives {issuer.cik} "
                    f"({issuer.name or 'no name'})",
                    "issuer/issuerCik",
                )
            )
        elif _cik_key(xml_cik) != _cik_key(issuer.cik):
            warnings.append(
                _warn(
                    "S003",
                    f"issuerCik {xml_cik} in the XML differs from the SGML header's "
                    f"{issuer.cik} ({issuer.name or 'no name'}); the XML is kept",
                    "issuer/issuerCik",
                )
            )
    header_owners = [p for p in header.reporting_owners if p.cik]
    known = {_cik_key(_text(o.reporting_owner_id.rpt_owner_cik)) for o in filing.reporting_owners}
    unused = [p for p in header_owners if _cik_key(p.cik) not in known]
    for index, owner in enumerate(filing.reporting_owners, start=1):
        if _text(owner.reporting_owner_id.rpt_owner_cik) is not None:
            continue
        name = (_text(owner.reporting_owner_id.rpt_owner_name) or "").upper()
        match = next((p for p in unused if p.name and p.name.upper() == name), None)
        if match is None and len(unused) == 1:
            match = unused[0]
        if match is None and len(header_owners) == len(filing.reporting_owners):
            match = header_owners[index - 1]
        if match is None:
            continue
        warnings.append(
            _warn(
                "S002",
                f"rptOwnerCik missing in the XML; the SGML header gives {match.cik} "
                f"({match.name or 'no name'})",
                f"reportingOwner[{index}]/reportingOwnerId/rptOwnerCik",
            )
        )
    document_type = filing.document_type.value if filing.document_type else None
    submitted = (header.submission_type or "").upper()
    if document_type is not None and submitted in OWNERSHIP_TYPES and submitted != document_type:
        warnings.append(
            _warn(
                "S004",
                f"submission type {submitted} in the SGML header differs from the XML's "
                f"documentType {document_type}",
                "documentType",
            )
        )
    return warnings


def read_sgml_submission(
    data: bytes, path: str = "<bytes>"
) -> tuple[ReadOutcome, SubmissionHeader]:
    """Read an EDGAR SGML submission: the Form 3/4/5 ownership XML inside, plus its header.

    Raises ``InputError`` ``E020`` for a legacy text Form (no XML document), ``E021`` for a
    header with no documents, ``E022`` when no document is a Form 3/4/5, and ``E010``/``E011``/
    ``E012`` for a broken embedded XML document.
    """
    header = parse_sgml_header(decode_text(data[: 1 << 20]))
    documents = _documents(data)
    if not documents:
        raise InputError(
            "SGML header only: the submission holds no documents; pass the full submission "
            "(.txt) or its primary XML document",
            code="E021",
            path=path,
        )
    primary = next(
        (d for d in documents if d.xml is not None and _is_ownership_xml(d.xml)),
        None,
    )
    if primary is None:
        form_doc = next((d for d in documents if d.type in OWNERSHIP_TYPES), None)
        if form_doc is not None:
            raise InputError(
                f"legacy text Form {form_doc.type}: the submission has no ownership XML "
                "document (filed before XML was required); the layout engine reads these in "
                "a later release",
                code="E020",
                path=path,
            )
        types = ", ".join(sorted({d.type or "?" for d in documents}))
        raise InputError(
            f"no Form 3/4/5 document in the submission (document types: {types})",
            code="E022",
            path=path,
        )
    assert primary.xml is not None
    result = filing_from_element(_parse_xml(primary.xml, path), Source.SGML)
    warnings = [*result.warnings, *_header_warnings(result.filing, header)]
    outcome = ReadOutcome(
        kind=MediaKind.SGML,
        filing=result.filing,
        warnings=warnings,
        attachments=_attachments([d for d in documents if d is not primary]),
    )
    return outcome, header


def read_sgml(data: bytes, *, path: str = "<bytes>") -> ReadOutcome:
    """Read an EDGAR SGML submission into a ``ReadOutcome`` (see ``read_sgml_submission``)."""
    outcome, _header = read_sgml_submission(data, path)
    return outcome
