"""Input sniffing: decide what kind of document some bytes are, or say why sec16 can't read them.

``sniff`` runs on every input, so it looks only at a bounded prefix (and, for XML, the last few
hundred bytes to catch truncation). It never parses or expands an XML document: a DTD that
declares entities is refused outright (``E012``), whatever the entities hold.

Codes raised (all ``InputError``):

- ``E002`` empty input (zero bytes or only white space)
- ``E003`` binary data (image, PDF, archive, office file, random bytes)
- ``E004`` text or HTML that is not a Form 3/4/5, its rendering or a power of attorney
- ``E005`` a Schedule 13D/13G
- ``E010`` truncated XML (the root element is never closed)
- ``E011`` XML whose root is not ``<ownershipDocument>``
- ``E012`` XML with entity declarations (possible entity-expansion bomb)
- ``E023`` an EDGAR submission of another form type (10-K, 8-K ...)

An HTML page with no visible text that embeds images is a scanned exhibit (``POA_EXHIBIT``:
its images are OCR'd as a power of attorney).
"""

from __future__ import annotations

import codecs
import re

from extract.errors import InputError
from extract.ir.result import MediaKind

__all__ = ["PREFIX_BYTES", "decode_text", "sniff", "visible_text"]

PREFIX_BYTES = 65_536
"""How much of the input the classifier reads."""

_TAIL_BYTES = 4096

_MAGIC: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "a PDF", "PDF reading comes with the layout engine; convert it to text or wait"),
    (b"PK\x03\x04", "a zip archive", "unpack it and pass the filing documents one by one"),
    (b"PK\x05\x06", "an empty zip archive", "unpack it and pass the filing documents one by one"),
    (b"\x1f\x8b", "a gzip file", "decompress it first"),
    (b"\xd0\xcf\x11\xe0", "an old Office (OLE) file", "save it as text, HTML or PDF"),
    (b"7z\xbc\xaf'\x1c", "a 7-zip archive", "unpack it first"),
    (b"Rar!", "a RAR archive", "unpack it first"),
)

_SGML_START = re.compile(
    rb"\A\s*(?:-----BEGIN PRIVACY-ENHANCED MESSAGE-----|<SEC-DOCUMENT>|<SEC-HEADER>|<SUBMISSION>"
    rb"|<IMS-DOCUMENT>|<IMS-HEADER>|<ACCEPTANCE-DATETIME>|ACCESSION NUMBER:|<ACCESSION-NUMBER>)"
)
_SGML_TYPE = re.compile(
    r"(?:CONFORMED SUBMISSION TYPE:|<TYPE>)[ \t]*([^\s<][^\r\n<]*)", re.IGNORECASE
)
_OWNERSHIP_TYPES = {"3", "3/A", "4", "4/A", "5", "5/A"}

# First tag of an XML document after the prolog (declaration, comments, PIs, doctype).
_PROLOG_ITEM = re.compile(
    r"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE\b(?:[^\[>]*\[.*?\])?[^>]*>)", re.DOTALL | re.IGNORECASE
)
_FIRST_TAG = re.compile(r"\s*<([A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)")
_ENTITY_DECL = re.compile(r"<!ENTITY\b", re.IGNORECASE)
_OWNERSHIP_END = re.compile(rb"</(?:[A-Za-z_][\w.\-]*:)?ownershipDocument\s*>")
_HTML_TAGS = {
    "html",
    "head",
    "body",
    "title",
    "meta",
    "table",
    "div",
    "p",
    "pre",
    "font",
    "center",
    "br",
    "span",
    "h1",
    "h2",
    "h3",
    "style",
    "link",
    "base",
    "form",
    "img",
}

_TAG = re.compile(
    r"<(?:script|style)\b.*?</(?:script|style)\s*>|<!--.*?-->|<[^>]*>", re.DOTALL | re.I
)
_ENTITY = re.compile(
    r"&(nbsp|#160|#xa0|amp|lt|gt|quot|apos|#8217|#8220|#8221|rsquo|ldquo|rdquo);", re.I
)
_ENTITY_TEXT = {
    "nbsp": " ",
    "#160": " ",
    "#xa0": " ",
    "amp": "&",
    "lt": "<",
    "gt": ">",
    "quot": '"',
    "apos": "'",
    "#8217": "'",
    "#8220": '"',
    "#8221": '"',
    "rsquo": "'",
    "ldquo": '"',
    "rdquo": '"',
}
_SPACE = re.compile(r"\s+")

# Matched against upper-cased visible text (case-sensitive search is much faster).
_FORM_TITLE = re.compile(
    r"INITIAL\s+STATEMENT\s+OF\s+BENEFICIAL\s+OWNERSHIP\s+OF\s+SECURITIES"
    r"|STATEMENT\s+OF\s+CHANGES\s+IN\s+BENEFICIAL\s+OWNERSHIP"
)
_FORM_TABLE = re.compile(r"TABLE\s+I{1,2}\b\W{0,12}(?:NON-?\s?)?DERIVATIVE\s+SECURIT")
_SCHEDULE_13 = re.compile(r"\bSCHEDULE\s+13\s?[DG]\b|\bSC\s+13[DG]\b")
_POA = re.compile(r"POWER\s+OF\s+ATTORNEY|ATTORNEYS?[\s-]+IN[\s-]+FACT|\bEXHIBIT\s+24\b|\bEX-24\b")
_SCHEDULE_WINDOW = 1_500
_NOT_BLANK = re.compile(rb"[^\s\x00]")
_CONTROL_BYTES = bytes(b for b in range(256) if b < 9 or 13 < b < 32 or b == 127)


def _fail(code: str, message: str, path: str) -> InputError:
    return InputError(message, code=code, path=path)


def _entity_error(path: str) -> InputError:
    return _fail(
        "E012",
        "XML declares entities (possible entity-expansion bomb); refused unread. "
        "EDGAR ownership XML never has a DTD: pass the document as filed",
        path,
    )


def decode_text(data: bytes) -> str:
    """Decode bytes to text: BOM-declared UTF-16/UTF-8, else UTF-8, else cp1252, else latin-1."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 3 and len(data) >= PREFIX_BYTES:
            # a prefix cut inside a multi-byte character
            return data[: exc.start].decode("utf-8")
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def visible_text(markup: str) -> str:
    """Text of an HTML (or plain text) fragment: tags dropped, common entities and space folded."""
    text = _TAG.sub(" ", markup)
    text = _ENTITY.sub(lambda m: _ENTITY_TEXT[m.group(1).lower()], text)
    return _SPACE.sub(" ", text).strip()


#: Page images (PNG, JPEG, GIF, TIFF): scanned pages for the OCR reader.
_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"II*\x00",
                b"MM\x00*")


def _binary_reason(head: bytes) -> tuple[str, str] | None:
    for magic, what, todo in _MAGIC:
        if head.startswith(magic):
            return what, todo
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    sample = head[:8192]
    if b"\x00" in sample:
        return "binary data (NUL bytes)", "pass a text, HTML or XML filing document"
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if controls > max(2, len(sample) // 100):
        return "binary data", "pass a text, HTML or XML filing document"
    return None


def _first_xml_tag(text: str) -> tuple[str | None, str]:
    """The local name of the first element after the XML prolog, and the prolog text."""
    pos = 0
    while True:
        match = _PROLOG_ITEM.match(text, pos)
        if not match or match.end() == pos:
            break
        pos = match.end()
    tag = _FIRST_TAG.match(text, pos)
    return (tag.group(2) if tag else None), text[:pos]


def _sniff_xml(data: bytes, text: str, root: str, prolog: str, path: str) -> MediaKind:
    if _ENTITY_DECL.search(prolog):
        raise _entity_error(path)
    if root != "ownershipDocument":
        raise _fail(
            "E011",
            f"XML root is <{root}>, not <ownershipDocument>: not a Form 3/4/5 ownership "
            "document; pass the filing's primary XML document",
            path,
        )
    tail = data[-_TAIL_BYTES:]
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        tail = decode_text(data)[-_TAIL_BYTES:].encode("utf-8")
    if not _OWNERSHIP_END.search(tail):
        raise _fail(
            "E010",
            "XML is truncated: <ownershipDocument> is never closed; fetch the complete document",
            path,
        )
    return MediaKind.OWNERSHIP_XML


def _sniff_sgml(text: str, path: str) -> MediaKind:
    match = _SGML_TYPE.search(text)
    form = match.group(1).strip().upper() if match else ""
    if form and form not in _OWNERSHIP_TYPES:
        if re.match(r"SC\s*13[DG]|SCHEDULE\s*13[DG]", form):
            raise _fail(
                "E005",
                f"this is a Schedule 13D/13G, not a Form 3, 4 or 5 (submission type {form})",
                path,
            )
        raise _fail(
            "E023",
            f"EDGAR submission of type {form}, not a Form 3, 4 or 5; pass a Form 3/4/5 submission",
            path,
        )
    return MediaKind.SGML


def _is_html(text: str) -> bool:
    head = text.lstrip()[:2048]
    while head.startswith("<!--"):
        end = head.find("-->")
        if end < 0:
            return False
        head = head[end + 3 :].lstrip()
    if head.startswith("<?xml"):
        end = head.find("?>")
        head = head[end + 2 :].lstrip() if end >= 0 else ""
    if head[:9].upper() == "<!DOCTYPE":
        return "HTML" in head[:200].upper()
    match = re.match(r"<([A-Za-z][A-Za-z0-9]*)", head)
    return bool(match and match.group(1).lower() in _HTML_TAGS)


_OPEN_TAG_AT_END = re.compile(r"<[^<>]*\Z")
_EMBEDDED_IMAGE = re.compile(r"<img\b|background(?:-image)?\s*:[^;\"'>]*url\(", re.I)


def _classify_visible(text: str, *, html: bool, path: str) -> MediaKind:
    """Form rendering, 13D/G, power of attorney or nothing we read, from visible text."""
    markup = text
    if html:  # the prefix may end inside a tag (a long data: URI): that is not visible text
        text = _OPEN_TAG_AT_END.sub("", text)
    visible = visible_text(text) if html else _SPACE.sub(" ", text).strip()
    what = "HTML page" if html else "text"
    if not visible:
        if html and _EMBEDDED_IMAGE.search(markup):
            return MediaKind.POA_EXHIBIT  # only page images: OCR'd as a scanned exhibit
        raise _fail("E002", f"{what} has no visible text; pass the filing document", path)
    upper = visible.upper()
    title = _FORM_TITLE.search(upper)
    table = _FORM_TABLE.search(upper)
    poa = _POA.search(upper)
    rendering = MediaKind.HTML_RENDERING if html else MediaKind.TEXT_RENDERING
    if title and table:
        return rendering
    schedule = _SCHEDULE_13.search(upper, 0, _SCHEDULE_WINDOW)
    if schedule and (poa is None or schedule.start() < poa.start()):
        raise _fail("E005", "this is a Schedule 13D/13G, not a Form 3, 4 or 5", path)
    if poa:
        return MediaKind.POA_EXHIBIT
    if title:
        return rendering
    raise _fail(
        "E004",
        f"{what} is not a Form 3/4/5 filing: no form title or Table I/II and no power of "
        "attorney found; pass the filing's XML, text or HTML document",
        path,
    )


def sniff(data: bytes, path: str) -> MediaKind:
    """Recognise the input's kind from its bytes; raise a coded ``InputError`` when unreadable.

    ``path`` only names the input in error messages; the decision is made on content.
    """
    first = _NOT_BLANK.search(data)
    if first is None:
        raise _fail("E002", "input is empty (no bytes or only white space); pass a filing", path)
    start = 0 if first.start() < PREFIX_BYTES // 2 else first.start()
    head = data[start : start + PREFIX_BYTES]
    if head.startswith(b"%PDF-"):
        return MediaKind.PDF  # the PDF reader says whether it has a text layer
    if head.startswith(_IMAGE_MAGIC):
        return MediaKind.SCAN  # page images go to OCR
    binary = _binary_reason(head)
    if binary is not None:
        what, todo = binary
        raise _fail("E003", f"input is {what}, not a filing document; {todo}", path)
    text = decode_text(head)
    if not text.strip():
        raise _fail("E002", "input is empty (no bytes or only white space); pass a filing", path)
    if _SGML_START.match(head.lstrip(codecs.BOM_UTF8)):
        kind = _sniff_sgml(text, path)
        if b"ownershipDocument" not in data and _is_legacy_form(data):
            return MediaKind.LEGACY_TEXT
        return kind
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped.startswith("<") and not _is_html(stripped):
        if "<!DOCTYPE" in stripped[:4096].upper() and _ENTITY_DECL.search(stripped):
            raise _entity_error(path)
        root, prolog = _first_xml_tag(stripped)
        if root is not None and root.lower() != "html":
            return _sniff_xml(data, stripped, root, prolog, path)
    if stripped.startswith("{") or stripped.startswith("["):
        raise _fail(
            "E004",
            "input is JSON, not a filing document; pass the filing's XML, text or HTML",
            path,
        )
    try:
        return _classify_visible(text, html=_is_html(stripped), path=path)
    except InputError:
        if not _is_html(stripped) and _is_legacy_form(data):
            return MediaKind.LEGACY_TEXT
        raise


def _is_legacy_form(data: bytes) -> bool:
    """A pre-2003 ASCII Form 3/4/5 (fixed-width pipe tables), read by the legacy reader."""
    from extract.readers.legacy import legacy_text, looks_like_legacy

    return looks_like_legacy(legacy_text(data))
