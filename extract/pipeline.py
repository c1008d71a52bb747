"""Compose the stages: sniff -> read -> validate -> ``Result``. No extraction logic here.

A stage error is recorded in the result (status FAILED or PARTIAL) unless ``strict`` is set.
"""

from __future__ import annotations

import hashlib
import importlib
import time
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from extract.errors import ConfigError, ExtractError, InputError, LayoutError
from extract.ir.filing import Filing
from extract.ir.result import MediaKind, Result, SourceMeta, StageError, Status
from extract.ir.values import Source
from extract.nlp.poa import PowerOfAttorney, SignatureBlock
from extract.readers.base import ReadOutcome
from extract.settings import ExtractSettings

__all__ = ["READERS", "ReadHook", "extract_bytes", "extract_path", "get_reader", "read_kind"]

#: Reader registry: versioned name -> "module:function" (imported on first use).
READERS: dict[str, str] = {
    "readers.xml.v1": "extract.readers.xml:read_xml_outcome",
    "readers.sgml.v1": "extract.readers.sgml:read_sgml",
    "readers.text.v1": "extract.readers.text:read_text_rendering",
    "readers.html.v1": "extract.readers.html:read_html_rendering",
    "readers.poa.v1": "extract.readers.poa:read_poa_exhibit",
    "readers.pdf.v1": "extract.readers.pdf:read_pdf",
    "readers.legacy.v1": "extract.readers.legacy:read_legacy",
    "readers.scan.v1": "extract.readers.scan:read_scan",
    "readers.poa_scan.v1": "extract.readers.poa_scan:read_poa_scan",
}

#: Which reader handles each kind the sniffer recognises.
READER_FOR_KIND: dict[MediaKind, str] = {
    MediaKind.OWNERSHIP_XML: "readers.xml.v1",
    MediaKind.SGML: "readers.sgml.v1",
    MediaKind.TEXT_RENDERING: "readers.text.v1",
    MediaKind.HTML_RENDERING: "readers.html.v1",
    MediaKind.POA_EXHIBIT: "readers.poa.v1",
    MediaKind.PDF: "readers.pdf.v1",
    MediaKind.LEGACY_TEXT: "readers.legacy.v1",
    MediaKind.SCAN: "readers.scan.v1",
}

MEDIA_TYPES = {
    MediaKind.OWNERSHIP_XML: "application/xml",
    MediaKind.SGML: "text/plain",
    MediaKind.TEXT_RENDERING: "text/plain",
    MediaKind.HTML_RENDERING: "text/html",
    MediaKind.POA_EXHIBIT: "text/plain",
    MediaKind.PDF: "application/pdf",
    MediaKind.LEGACY_TEXT: "text/plain",
    MediaKind.SCAN: "image/*",
}

Reader = Callable[..., ReadOutcome]
#: A replacement for the read stage: ``(sniffed kind, data, path) -> ReadOutcome``; a batch
#: engine that OCR'd the pages itself, or cut a binder, passes one to ``extract_bytes``.
ReadHook = Callable[[MediaKind, bytes, str], ReadOutcome]


def get_reader(name: str) -> Reader:
    """The reader registered under ``name``; ``ConfigError`` lists the known names."""
    target = READERS.get(name)
    if target is None:
        raise ConfigError(f"no reader {name!r}; known: {', '.join(sorted(READERS))}", code="E404")
    module_name, func = target.split(":")
    module = importlib.import_module(module_name)
    reader: Reader = getattr(module, func)
    return reader


#: Readers tried, in order, when the sniffed kind's reader finds no layout it knows: plain
#: text may be a pre-2003 ASCII form with pipe tables, or a rendering that merely has pipes.
FALLBACK_KINDS: dict[MediaKind, tuple[MediaKind, ...]] = {
    MediaKind.TEXT_RENDERING: (MediaKind.LEGACY_TEXT,),
    MediaKind.LEGACY_TEXT: (MediaKind.TEXT_RENDERING,),
}


def _read_scan(data: bytes, path: str) -> ReadOutcome:
    """A scan is read as a form; when no form layout fits (E102) it may be a scanned power of
    attorney, read on its own like a standalone exhibit."""
    try:
        return get_reader(READER_FOR_KIND[MediaKind.SCAN])(data, path=path)
    except LayoutError as first:
        if first.code != "E102":
            raise
        try:
            return get_reader("readers.poa_scan.v1")(data, path=path)
        except ExtractError:
            raise LayoutError(first.message + "; nor does its text read as a power of attorney",
                              code=first.code, path=first.path) from None


def _read(kind: MediaKind, data: bytes, path: str) -> ReadOutcome:
    """Read with the kind's reader; on a ``LayoutError`` try the fallback readers, and when all
    fail raise the first reader's error (it names what was tried)."""
    try:
        if kind is MediaKind.SCAN:
            return _read_scan(data, path)
        return get_reader(READER_FOR_KIND[kind])(data, path=path)
    except InputError as error:
        if kind is MediaKind.PDF and error.code == "E020":  # no text layer: a scanned PDF
            return _read_scan(data, path)
        raise
    except LayoutError as first:
        for other in FALLBACK_KINDS.get(kind, ()):
            try:
                return get_reader(READER_FOR_KIND[other])(data, path=path)
            except ExtractError:
                continue
        raise first from None


#: The default read stage, public for read hooks that wrap it.
read_kind: ReadHook = _read


def _sniff(data: bytes, path: str) -> MediaKind:
    from extract.readers.sniff import sniff

    return sniff(data, path)


def _poa_text(outcome: ReadOutcome) -> str | None:
    """The power-of-attorney text a reader kept: appended (POA) or an EX-24 document."""
    for key, text in outcome.attachments.items():
        if key == "POA" or key.upper().startswith("EX-24"):
            return text
    return None


def _power_of_attorney(
    outcome: ReadOutcome, data: bytes
) -> tuple[PowerOfAttorney | None, SignatureBlock | None]:
    """The POA stage: entities and roles of the power of attorney, and the form's signature
    block checked against its attorneys-in-fact."""
    from extract.nlp.poa import extract_poa
    from extract.nlp.signature import link_signature, parse_signature

    text = _poa_text(outcome)
    if text and outcome.poa_words:  # OCR'd: the words give page and box
        poa = extract_poa(text, source=Source.OCR, words=outcome.poa_words)
    else:
        poa = extract_poa(text) if text else None
    signature = None
    filing = outcome.filing
    if filing is not None and filing.owner_signatures:
        name = filing.owner_signatures[0].signature_name
        if name is not None and name.value:
            signature = link_signature(parse_signature(name.value), poa)
    return poa, signature


@cache
def _open_registry(location: str) -> Any:
    from extract.linking.registry import Registry

    return Registry(location)


def _link(filing: Filing, poa: PowerOfAttorney | None, registry: str | None
          ) -> tuple[Filing, list[dict[str, Any]]]:
    """The linking stage: names to CIKs (with a registry) and people within the filing."""
    from extract.linking import fill_ciks, link_filing

    links = link_filing(
        filing,
        _open_registry(registry) if registry else None,
        poa_grantor=poa.grantor if poa else None,
        poa_attorneys=[a.value for a in poa.attorneys_in_fact if a.value] if poa else (),
        poa_company=poa.company if poa else None,
    )
    if registry:
        filing = fill_ciks(filing, links)
    return filing, [link.model_dump(mode="json", by_alias=True) for link in links]


def _status(outcome: ReadOutcome | None, errors: list[StageError],
            poa: PowerOfAttorney | None = None) -> Status:
    if outcome is None:
        return Status.FAILED
    if outcome.kind is MediaKind.POA_EXHIBIT:
        return Status.SUCCESS if poa is not None else Status.FAILED
    if outcome.filing is None:
        return Status.FAILED
    if any(e.severity == "error" for e in errors):
        return Status.PARTIAL
    return Status.SUCCESS


def extract_bytes(
    data: bytes, *, path: str = "<stdin>", settings: ExtractSettings | dict[str, Any] | None = None,
    read: ReadHook | None = None,
) -> Result:
    """Convert one input held in memory (``read`` replaces the read stage when given)."""
    cfg = ExtractSettings.resolve(settings)
    timings: dict[str, float] = {}
    errors: list[StageError] = []
    sha256 = hashlib.sha256(data).hexdigest()
    kind: MediaKind | None = None
    outcome: ReadOutcome | None = None
    poa: PowerOfAttorney | None = None
    signature: SignatureBlock | None = None
    links: list[dict[str, Any]] = []
    started = time.perf_counter()
    try:
        if len(data) > cfg.max_bytes:
            raise InputError(
                f"file is {len(data):,} bytes, over the {cfg.max_bytes:,}-byte limit; "
                "raise max_bytes in the settings if it really is one filing",
                code="E006",
                path=path,
            )
        kind = _sniff(data, path)
        timings["sniff"] = time.perf_counter() - started
        t0 = time.perf_counter()
        outcome = (read or _read)(kind, data, path)
        timings["read"] = time.perf_counter() - t0
        errors.extend(outcome.warnings)
        if cfg.power_of_attorney:
            t0 = time.perf_counter()
            poa, signature = _power_of_attorney(outcome, data)
            timings["poa"] = time.perf_counter() - t0
        if outcome.filing is not None:
            t0 = time.perf_counter()
            filing, links = _link(outcome.filing, poa, cfg.registry)
            outcome.filing = filing
            timings["link"] = time.perf_counter() - t0
        if cfg.validate_rules and outcome.filing is not None:
            from extract.validate.rules import validate

            t0 = time.perf_counter()
            errors.extend(validate(outcome.filing))
            timings["validate"] = time.perf_counter() - t0
    except ExtractError as exc:
        if cfg.strict:
            raise
        if exc.path is None:
            exc.path = path
        errors.append(StageError(stage="pipeline", code=exc.code, message=exc.message))
    except Exception as exc:  # a bug in a stage must not end a batch: record it, go on
        if cfg.strict:
            raise
        errors.append(StageError(
            stage="pipeline", code="E900",
            message=f"internal error ({type(exc).__name__}: {exc}); please report it with "
                    "this file; --strict shows the traceback"))
    if outcome is not None and outcome.kind is MediaKind.POA_EXHIBIT and poa is None:
        errors.append(StageError(stage="nlp.poa", code="N200",
                                 message="no power of attorney found in the exhibit"))
    timings["total"] = time.perf_counter() - started
    meta = SourceMeta(
        path=path,
        sha256=sha256,
        media_type=MEDIA_TYPES.get(kind, "application/octet-stream") if kind else "application/octet-stream",
        kind=kind,
        pages=outcome.pages if outcome else 0,
        size=len(data),
    )
    return Result(
        source=meta,
        status=_status(outcome, errors, poa),
        filing=outcome.filing if outcome else None,
        errors=errors,
        settings=cfg.model_dump(),
        timings={k: round(v, 6) for k, v in timings.items()},
        attachments=outcome.attachments if outcome else {},
        power_of_attorney=poa,
        signature=signature,
        links=links,
    )


def extract_path(path: str | Path, settings: ExtractSettings | dict[str, Any] | None = None) -> Result:
    """Convert one file. Unreadable paths (a directory, missing) give a FAILED result."""
    cfg = ExtractSettings.resolve(settings)
    p = Path(path)
    try:
        if p.is_dir():
            raise InputError("is a directory; give the files inside it", code="E007", path=str(p))
        if not p.exists():
            raise InputError("no such file", code="E008", path=str(p))
        size = p.stat().st_size
        if size > cfg.max_bytes:
            raise InputError(
                f"file is {size:,} bytes, over the {cfg.max_bytes:,}-byte limit; "
                "raise max_bytes in the settings if it really is one filing",
                code="E006",
                path=str(p),
            )
        data = p.read_bytes()
    except OSError as exc:
        error = InputError(f"cannot read ({exc.strerror})", code="E009", path=str(p))
        if cfg.strict:
            raise error from None
        return _failed(str(p), error, cfg)
    except InputError as error:
        if cfg.strict:
            raise
        return _failed(str(p), error, cfg)
    return extract_bytes(data, path=str(p), settings=cfg)


def _failed(path: str, error: ExtractError, cfg: ExtractSettings) -> Result:
    return Result(
        source=SourceMeta(path=path, sha256="", media_type="application/octet-stream", pages=0),
        status=Status.FAILED,
        errors=[StageError(stage="pipeline", code=error.code, message=error.message)],
        settings=cfg.model_dump(),
    )
