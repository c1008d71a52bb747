"""Locate the power-of-attorney text wherever it is.

- appended to a text rendering of the form (the seed): :func:`locate_poa` on the whole text;
- a separate exhibit file (EX-24 HTML or text): :func:`exhibit_text` then :func:`locate_poa`;
- inside an SGML submission: :func:`sgml_documents` picks ``<TYPE>EX-24`` documents;
- a scan: :func:`is_scan` says so; its text must come from OCR (words with boxes), which the
  caller passes to :func:`extract.nlp.poa.extract_poa` as ``words``.

HTML is turned into text with lxml (block elements end a line); offsets reported downstream are
offsets into that text rendering.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree
from pydantic import BaseModel, ConfigDict

__all__ = [
    "PoaText",
    "exhibit_text",
    "find_poa",
    "html_to_text",
    "is_scan",
    "locate_poa",
    "looks_like_html",
    "looks_like_poa",
    "looks_like_poa_page",
    "sgml_documents",
]

_BLOCK = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "center",
          "blockquote", "pre", "hr", "ul", "ol", "dt", "dd", "title", "section", "article"}
_CELL = {"td", "th"}
_HTML_HINT = re.compile(r"<\s*(html|body|p|div|br|table|font|span)\b", re.I)
_HEADING = re.compile(r"(?:^|\n)[^\S\n]*(?:[A-Z][A-Za-z0-9 .,&-]{0,60}[^\S\n]+)?"
                      r"(?:(?:LIMITED|SPECIAL|SECTION\s+16)\s+)?POWER\s+OF\s+ATTORNEY", re.I)
_APPOINT = re.compile(
    r"\b(?:constitutes?(?:,\s*designates?)?\s+and\s+appoints?|hereby\s+(?:appoints?|authori[sz]es?)"
    r"|authori[sz]ed\s+and\s+designated|KNOW\s+ALL\s+(?:MEN\s+|PERSONS\s+)?BY\s+THESE\s+PRESENTS?)", re.I)
_SGML_DOC = re.compile(r"<DOCUMENT>(.*?)(?:</DOCUMENT>|\Z)", re.S | re.I)
_SGML_TYPE = re.compile(r"<TYPE>\s*([^\s<]+)", re.I)
_SGML_TEXT = re.compile(r"<TEXT>(.*?)(?:</TEXT>|\Z)", re.S | re.I)


class PoaText(BaseModel):
    """The POA text found in one input; ``text`` is what offsets refer to."""

    model_config = ConfigDict(frozen=True)

    text: str
    start: int
    end: int
    where: str
    """``appended`` (after a form), ``exhibit`` (a standalone exhibit), ``sgml`` (an EX-24 document)."""


def looks_like_html(text: str) -> bool:
    return bool(_HTML_HINT.search(text[:5000]))


def html_to_text(html: str | bytes) -> str:
    """Text of an HTML document, one line per block element, non-breaking spaces as spaces."""
    if isinstance(html, bytes):
        html = html.decode("utf-8", errors="replace")
    html = re.sub(r"^\s*<\?xml[^>]*>", "", html)
    if not html.strip():
        return ""
    try:
        root = lxml.html.fromstring(html)
    except (etree.ParserError, ValueError):
        return re.sub(r"<[^>]+>", " ", html)
    for bad in root.xpath("//script|//style|//head"):
        bad.drop_tree()
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        tag = el.tag.lower()
        if tag in _BLOCK:
            el.tail = "\n" + (el.tail or "")
        elif tag in _CELL:
            el.tail = "\t" + (el.tail or "")
    text = root.text_content()
    text = text.replace("\xa0", " ").replace("\r", "").replace("\u200b", "")
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\n[ \t]*\n(?:[ \t]*\n)+", "\n\n", text)
    return text.strip("\n")


def is_scan(html: str | bytes) -> bool:
    """True for an HTML page that is only an embedded image (a scanned POA that needs OCR)."""
    raw = html if isinstance(html, str) else html.decode("utf-8", errors="replace")
    has_image = bool(re.search(r"<img\b|background-image\s*:\s*url", raw, re.I))
    letters = sum(ch.isalpha() for ch in html_to_text(raw))
    return has_image and letters < 200


def sgml_documents(text: str) -> list[tuple[str, str]]:
    """``(type, text)`` for each ``<DOCUMENT>`` of an SGML submission; HTML bodies become text."""
    out: list[tuple[str, str]] = []
    for m in _SGML_DOC.finditer(text):
        body = m.group(1)
        t = _SGML_TYPE.search(body)
        x = _SGML_TEXT.search(body)
        content = x.group(1) if x else body
        if re.match(r"\s*begin \d{3} ", content):  # uuencoded image or PDF: a scan
            content = ""
        elif looks_like_html(content):
            content = html_to_text(content)
        out.append(((t.group(1).upper() if t else ""), content))
    return out


def looks_like_poa(text: str) -> bool:
    """True when ``text`` reads as a power of attorney (a heading or appointing words, and
    attorney-in-fact wording)."""
    return bool(_APPOINT.search(text)) and bool(re.search(
        r"attorneys?[-\s]+in[-\s]+fact|lawful\s+attorney|power\s+of\s+attorney|confirming\s+statement",
        text, re.I))


_EXECUTION_PAGE = re.compile(
    r"IN\s+WITNESS\s+WHEREOF[^.]{0,120}?power\s+of\s+attorney[^.]{0,40}?\bexecuted"
    r"|power\s+of\s+attorney\s+(?:is|was|has\s+been)\s+executed", re.I)


def looks_like_poa_page(text: str) -> bool:
    """True for a POA, or for the execution page of one read on its own (a scan split into page
    images): "IN WITNESS WHEREOF, the undersigned has caused this Power of Attorney to be
    executed ..." with the signature under it."""
    return looks_like_poa(text) or bool(_EXECUTION_PAGE.search(text))


def locate_poa(text: str, *, page: bool = False) -> tuple[int, int] | None:
    """Span of the POA inside ``text`` (a rendering of a form with the POA after it, or an
    exhibit); None when there is none. ``page``: ``text`` is one or more scanned pages read on
    their own, and the execution page of a POA counts (see :func:`looks_like_poa_page`)."""
    if not looks_like_poa(text):
        m = _EXECUTION_PAGE.search(text) if page else None
        return (text.rfind("\n", 0, m.start()) + 1, len(text)) if m else None
    verb = _APPOINT.search(text)
    assert verb is not None
    heads = [h for h in _HEADING.finditer(text, 0, verb.start()) if verb.start() - h.start() < 2500]
    if heads:
        start = heads[-1].start()
        if text[start] == "\n":
            start += 1
    else:
        para = text.rfind("\n\n", 0, verb.start())
        start = para + 2 if para != -1 else 0
    # an "Exhibit 24" line right above the heading belongs to the exhibit
    above = re.search(r"(?:^|\n)([^\S\n]*Exh?i?bit[^\n]{0,20})\n\s*$", text[max(0, start - 60): start], re.I)
    if above:
        start = max(0, start - 60) + above.start(1)
    return start, len(text)


def exhibit_text(data: str | bytes) -> str:
    """The text of a standalone exhibit file (HTML or plain text)."""
    if isinstance(data, bytes):
        data = data.decode("utf-8", errors="replace")
    return html_to_text(data) if looks_like_html(data) else data.replace("\r", "")


def find_poa(data: str | bytes) -> PoaText | None:
    """The POA in any input: an SGML submission (its EX-24 documents, else any document), an
    HTML or text exhibit, or a form rendering with the POA appended."""
    raw = data.decode("utf-8", errors="replace") if isinstance(data, bytes) else data
    if "<DOCUMENT>" in raw[:20000].upper():
        docs = sgml_documents(raw)
        ordered = [d for d in docs if d[0].startswith("EX-24")] + [d for d in docs if not d[0].startswith("EX-24")]
        for _, body in ordered:
            span = locate_poa(body)
            if span:
                return PoaText(text=body, start=span[0], end=span[1], where="sgml")
        return None
    text = exhibit_text(raw)
    span = locate_poa(text)
    if span is None:
        return None
    where = "exhibit" if span[0] < 200 else "appended"
    return PoaText(text=text, start=span[0], end=span[1], where=where)
