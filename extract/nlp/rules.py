"""The rule and pattern layer: entity spans found by patterns in their usual contexts, dates, forms.

Rules find a PERSON only where POAs put one (the list after "constitutes and appoints", a
Schedule A list, "I, X", the signature lines "/s/ X", "Print Name: X"), an ORG by its legal suffix
or its ``(the "Company")`` definition, and a DATE by its wording. All offsets are character
offsets into the text given.
"""

from __future__ import annotations

import re
from datetime import date

from pydantic import BaseModel, ConfigDict

__all__ = [
    "WEAK_SCORE",
    "Entity",
    "appointment_regions",
    "find_dates",
    "find_entities",
    "find_forms",
    "find_orgs",
    "find_persons",
    "is_person_name",
    "model_windows",
    "parse_date",
    "schedule_regions",
    "signature_region",
    "clean_name",
    "one_line_name",
]


WEAK_SCORE = 0.8
"""Score of a rule entity from a weak pattern (a bare name line in the signature area)."""


class Entity(BaseModel):
    """One entity span: ``text[start:end]`` labelled PERSON, ORG or DATE by ``source``."""

    model_config = ConfigDict(frozen=True)

    start: int
    end: int
    label: str
    source: str
    score: float = 0.95
    """Rules: 0.95 for a strong pattern, 0.9 for a name known only by its ("Company")
    definition, ``WEAK_SCORE`` for a bare name line; the model: ``ner.MODEL_SCORE`` (0.9);
    rules and model agreeing: 1.0."""


# ----------------------------------------------------------------------------- names
_SEP = r"(?:[ \t\xa0]+|[ \t\xa0]*\n[ \t\xa0]*)"
_UP = "A-ZÀ-ÖØ-ÞĀ-ſ"
_LO = "a-zß-öø-ÿĀ-ſ"
_WORD = (
    rf"(?!(?:Jr|Sr|JR|SR)\b)(?:(?:[{_UP}][’'])?[{_UP}][{_UP}{_LO}]*[{_LO}][{_UP}{_LO}]*(?:[-’'][{_UP}{_LO}]+)*"  # Botha, McAllister
    rf"|[{_UP}]{{2,}}(?:[-’'][{_UP}]+)*"  # BOTHA
    rf"|[{_UP}]\.)"  # initial
)
_PARTICLE = r"(?:van|von|der|den|de|del|della|da|di|du|dos|la|le|y|bin|al|ten|ter|St\.)"
_SUFFIX = r"(?:,?[ \t]+(?:(?i:jr|sr)\.?|II|III|IV|V)(?![A-Za-z]))"
NAME_RE = re.compile(
    rf"(?<![{_UP}{_LO}0-9])({_WORD}(?:{_SEP}(?:{_PARTICLE}{_SEP})*{_WORD}){{1,4}}{_SUFFIX}?)(?![{_UP}{_LO}0-9])"
)

_NOT_NAME = {
    w.lower()
    for w in ["The", "This", "That", "Company", "Corporation", "Inc", "Inc.", "LLC", "LLP", "L.P.", "Ltd", "Ltd.", "Co.", "Corp", "Corp.", "Holdings", "Schedule", "Exhibit", "Annex", "Attorney", "Attorneys", "Attorney-in-Fact", "Attorneys-in-Fact", "Section", "Form", "Forms", "Securities", "Exchange", "Commission", "Power", "Powers", "Know", "Signature", "Name", "Print", "Printed", "Date", "Dated", "By", "Title", "Director", "Officer", "Chief", "Executive", "Financial", "Partner", "Member", "Managing", "General", "Undersigned", "Trust", "Fund", "Capital", "Partners", "Notary", "State", "County", "Witness", "Whereof", "In", "Limited", "Special", "Statement", "Act", "Rule", "Rules", "Persons", "Presents", "All", "Men", "Individuals", "Appointed", "Page", "Follows", "Agent", "Agents", "Reporting", "Section16", "SEC", "System", "Delaware", "Nevada", "Street", "Avenue", "Suite", "Road", "Ventures", "Management", "Group", "President", "Secretary", "Treasurer", "Counsel", "Vice", "Authorized", "Signatory", "Confirming", "Of", "And", "Or", "For", "To", "As", "At", "On", "With", "Full", "Substitution", "Resubstitution", "United", "States", "America", "Beneficial", "Ownership", "Changes", "Initial", "Annual", "Amendment", "Amendments", "Corporate", "Legal", "Department", "Office", "Officers", "Directors", "Stockholder", "Shareholder"]
}
_ORG_WORDS = {"inc", "inc.", "llc", "llp", "l.p.", "lp", "ltd", "ltd.", "co.", "corp", "corp.",
              "corporation", "company", "holdings", "p.c.", "plc", "n.v.", "s.a.", "ag", "trust",
              "fund", "partners", "capital", "group", "bancorp", "ventures", "management"}


def clean_name(text: str) -> str:
    """A name as printed, on one line: runs of white space become one space."""
    return re.sub(r"\s+", " ", text).strip(" ,;:")


def is_person_name(text: str) -> bool:
    """True when ``text`` reads as a person's name (2-5 words, no company or form words)."""
    words = clean_name(text).replace(",", " ").split()
    if len(words) < 2:
        return False
    if any(w.lower().strip(".,") in _NOT_NAME or w.lower() in _ORG_WORDS for w in words):
        return False
    return any(len(w.strip(".")) > 1 for w in words)


def one_line_name(text: str, start: int, end: int) -> tuple[int, int]:
    """In a signature area a name stays on its line unless that line holds one word only
    ("Print Name: Peter\\nThiel"): cut ``start:end`` at the first newline when the part before
    it is already a name."""
    nl = text.find("\n", start, end)
    if nl != -1 and len(text[start:nl].split()) >= 2:
        end = nl
        while end > start and text[end - 1] in " \t":
            end -= 1
    return start, end


def _names_in(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out = []
    for m in NAME_RE.finditer(text, start, end):
        if is_person_name(m.group(1)):
            out.append((m.start(1), m.end(1)))
    return out


# ----------------------------------------------------------------------------- regions
_APPOINT = re.compile(
    r"\b(?:constitutes?(?:,\s*designates?)?\s+and\s+appoints?|(?:make|makes),?\s+constitutes?\s+and\s+appoints?"
    r"|hereby\s+appoints?|authori[sz]es?(?:\s+and\s+designates?)?|designates?\s+and\s+appoints?"
    r"|has\s+authori[sz]ed\s+and\s+designated|appoints?)\b",
    re.I,
)
_LIST_END = re.compile(
    r"true\s+and\s+lawful|\battorneys?\b|\bagents?\b|\bto\s*:|\bto\s+(?:execute|act|sign|file|prepare)\b"
    r"|\n[ \t]*\n|\(\s*\d\s*\)|\(\s*[a-z]\s*\)",
    re.I,
)
_SCHEDULE_REF = re.compile(r"\b(Schedule|Exhibit|Annex|Appendix)\s+([A-Z1-9])\b")
_WITNESS = re.compile(r"IN\s+WITNESS\s+WHEREOF", re.I)
_SIG_END = re.compile(
    r"subscribed\s+and\s+sworn|notary\s+public|acknowledged\s+before\s+me|personally\s+appeared"
    r"|\bSTATE\s+OF\b|\bCOUNTY\s+OF\b", re.I,
)


def appointment_regions(text: str) -> list[tuple[int, int]]:
    """Spans holding the attorneys' names: from the appointing verb to the end of the list."""
    regions: list[tuple[int, int]] = []
    for m in _APPOINT.finditer(text):
        if regions and m.start() < regions[-1][1]:
            continue
        before = text[max(0, m.start() - 200): m.start()].lower()
        if "undersigned" not in before and not re.search(r"\bI\b|\bI,", text[max(0, m.start() - 200): m.start()]):
            continue
        end_m = _LIST_END.search(text, m.end(), min(len(text), m.end() + 700))
        end = end_m.start() if end_m else min(len(text), m.end() + 400)
        regions.append((m.end(), end))
        if len(regions) >= 3:
            break
    return regions


def schedule_regions(text: str) -> list[tuple[int, int]]:
    """Lists of names under a ``Schedule A`` / ``Exhibit A`` heading that the grant refers to."""
    out: list[tuple[int, int]] = []
    refs = {m.group(0).lower() for m in _SCHEDULE_REF.finditer(text)}
    for ref in refs:
        kind, key = ref.split()
        head = re.compile(rf"^[ \t]*{kind}\s+{re.escape(key)}[ \t]*$", re.I | re.M)
        for h in head.finditer(text):
            start = h.end()
            nxt = re.compile(r"^[ \t]*(?:Schedule|Exhibit|Annex|Appendix)\s+[A-Z0-9]", re.I | re.M)
            n = nxt.search(text, start)
            out.append((start, n.start() if n else len(text)))
    return sorted(out)


def signature_region(text: str) -> tuple[int, int]:
    """Where the grantor signs: from the last IN WITNESS WHEREOF (or the last 600 characters)
    to the end, cut before a notary block and before any schedule list."""
    ms = list(_WITNESS.finditer(text))
    start = ms[-1].start() if ms else max(0, len(text) - 600)
    end = len(text)
    sm = _SIG_END.search(text, start)
    if sm:
        end = sm.start()
    for s, _ in schedule_regions(text):
        if start < s < end:
            head_start = text.rfind("\n", 0, text.rfind("\n", 0, s))
            end = max(start, head_start)
    return start, end


def model_windows(text: str, *, margin: int = 250) -> list[tuple[int, int]]:
    """The parts of a POA worth running the NER on: around the appointing clause, the
    ("Company") definitions and the first lines, and from the signature area to the end
    (schedules included). Windows are widened to whole lines and merged. Empty when no cue is
    found (the caller then runs on the whole text)."""
    raw: list[tuple[int, int]] = [(0, min(len(text), 400))]
    for a, b in appointment_regions(text):
        raw.append((a - margin, b + margin))
    for d in _DEFINED.finditer(text):
        raw.append((d.start() - margin, d.end() + 40))
    sig_a, _ = signature_region(text)
    raw.append((sig_a - 100, len(text)))
    out: list[tuple[int, int]] = []
    for a, b in sorted(raw):
        a, b = max(0, a), min(len(text), b)
        ls = text.rfind("\n", 0, a) + 1
        a = ls if a - ls < 200 else text.rfind(" ", 0, a) + 1
        nl = text.find("\n", b)
        nl = len(text) if nl == -1 else nl
        sp = text.find(" ", b)
        b = nl if nl - b < 200 or sp == -1 else sp
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out if len(out) > 1 or out[0] != (0, min(len(text), 400)) else []


# ----------------------------------------------------------------------------- persons
_STATE_OF = re.compile(r"\s+(?:corporation|limited|company|partnership|statutory|general)\b", re.I)
_SIGNED = re.compile(
    r"(?:/s/|(?<!DocuSigned )\bBy\s*:|\b(?:Print(?:ed)?\s+)?Name\s*:|\bSignature\s*:\s*(?:/s/)?)[ \t]*(?:/s/)?[ \t]*\n?[ \t]*",
    re.I,
)
_I_NAME = re.compile(r"\bI,\s+|\bundersigned,\s+")


def find_persons(text: str) -> list[Entity]:
    """PERSON spans in the contexts where a POA names people."""
    spans: set[tuple[int, int]] = set()
    for a, b in appointment_regions(text):
        for s, e in _names_in(text, a, b):
            prev = text[max(a, s - 12): s].lower()
            if re.search(r"(?<![A-Za-z])an?[ \t]+$", text[max(0, s - 4): s]) or _STATE_OF.match(text, e):
                continue  # "a New York corporation"
            if re.search(r"\bof\s*$", prev) and not re.search(r"\b(each|any|both|all)\s+of\s*$", prev):
                continue  # "of Cooley LLP": an affiliation, not a person
            if _ORG_AFTER.match(text, e):
                continue
            spans.add((s, e))
    for a, b in schedule_regions(text):
        for line in re.finditer(r"[^\n]+", text[a:b]):
            m = NAME_RE.fullmatch(line.group(0).strip())
            if m and is_person_name(m.group(1)):
                off = a + line.start() + line.group(0).index(m.group(1))
                spans.add((off, off + len(m.group(1))))
    for m in _I_NAME.finditer(text):
        n = NAME_RE.match(text, m.end())
        if n and is_person_name(n.group(1)):
            spans.add((n.start(1), n.end(1)))
    a, b = signature_region(text)
    for m in _SIGNED.finditer(text, a, b):
        n = NAME_RE.match(text, m.end())
        if n is None or n.end(1) > b:
            continue
        s, e = one_line_name(text, n.start(1), n.end(1))
        if is_person_name(text[s:e]) and not _ORG_AFTER.match(text, e):
            spans.add((s, e))
    weak: set[tuple[int, int]] = set()
    for line in re.finditer(r"^[ \t]*([^\n]+?)[ \t]*$", text[a:b], re.M):
        m = NAME_RE.fullmatch(line.group(1))
        if m and is_person_name(m.group(1)):
            off = a + line.start(1)
            weak.add((off, off + len(line.group(1))))
    strong = _dedupe(spans)
    out = [Entity(start=s, end=e, label="PERSON", source="rules") for s, e in strong]
    out += [Entity(start=s, end=e, label="PERSON", source="rules", score=WEAK_SCORE)
            for s, e in _dedupe(weak) if not any(s < e2 and s2 < e for s2, e2 in strong)]
    return sorted(out, key=lambda x: x.start)


def _dedupe(spans: set[tuple[int, int]]) -> list[tuple[int, int]]:
    """Drop spans contained in a longer one."""
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans, key=lambda x: (x[0], -x[1])):
        if out and s >= out[-1][0] and e <= out[-1][1]:
            continue
        out.append((s, e))
    return out


# ----------------------------------------------------------------------------- organisations
_ORG_SUFFIX = (
    r"(?:Inc\.?|Incorporated|Corp\.?|Corporation|Co\.|Company|L\.?L\.?C\.?|L\.?L\.?P\.?|L\.P\.|LP"
    r"|Ltd\.?|Limited|plc|PLC|N\.V\.|S\.A\.|AG|SE|P\.C\.|Holdings|Bancorp|Trust"
    r"|INC\.?|INCORPORATED|CORP\.?|CORPORATION|CO\.|COMPANY|LTD\.?|LIMITED|HOLDINGS)"
)
_SUFFIX_RE = re.compile(rf"(?:,?{_SEP})({_ORG_SUFFIX}(?:,?{_SEP}{_ORG_SUFFIX})*)(?![A-Za-z])")
_ORG_TOKEN = re.compile(r"^(?:[A-Z0-9][A-Za-z0-9&!.’'\-]*|&)$")
_ORG_AFTER = re.compile(rf",?{_SEP}{_ORG_SUFFIX}(?![A-Za-z])")
_DEFINED = re.compile(
    r"\(\s*(?:the|each,?\s+an?|an?)\s*[\"“”']+\s*(?:Company|Corporation|Issuer|Registrant)\s*[\"“”']+\s*\)",
    re.I,
)
_DEFINED_NAME = re.compile(
    rf"((?:[A-Z0-9][A-Za-z0-9&!.’'\-]*{_SEP}){{0,5}}[A-Z0-9][A-Za-z0-9&!.’'\-]*)"
    rf"(?:,?{_SEP}an?{_SEP}[A-Za-z ]{{3,40}}?(?:corporation|company))?,?{_SEP}?$"
)
_ORG_BAD_START = {"the", "a", "an", "of", "and", "by", "in", "with", "any", "each", "such", "this",
                  "forms", "form", "section", "securities", "rule", "exhibit", "schedule", "officer",
                  "director", "know", "i", "undersigned", "stockholder", "to", "on", "as", "for"}


def _trim_org(text: str, s: int, e: int) -> tuple[int, int] | None:
    words = list(re.finditer(r"\S+", text[s:e]))
    while words and (words[0].group(0).lower().strip(",") in _ORG_BAD_START):
        words.pop(0)
    if not words:
        return None
    return s + words[0].start(), e


_PLACE_BEFORE = re.compile(r"(?:laws|state|province|commonwealth|republic)\s+of\s+(?:the\s+)?$"
                           r"|(?:under|of)\s+the\s+$", re.I)


def _org_before(text: str, end: int) -> int | None:
    """Start of the capitalised words that end at ``end`` (at most six), or None."""
    lo = max(0, end - 140)
    tokens = list(re.finditer(r"\S+", text[lo:end]))
    start = None
    for tok in reversed(tokens[-6:]):
        word = tok.group(0).rstrip(",")
        if tok.group(0).endswith(",") and start is not None:
            break
        if start is not None and re.search(r"\n[ \t]*\n", text[lo + tok.end(): start]):
            break  # never across a blank line
        if start is not None and "\n" in text[lo + tok.end(): start]:
            line_start = text.rfind("\n", 0, lo + tok.start()) + 1
            if lo + tok.end() - line_start < 40:  # a short line above: a separate line, not a wrap
                break
        if not _ORG_TOKEN.match(word) or word.lower() in _ORG_BAD_START:
            break
        start = lo + tok.start()
    return start


def find_orgs(text: str) -> list[Entity]:
    """ORG spans: names ending in a legal suffix, and names defined as ``(the "Company")``."""
    spans: set[tuple[int, int]] = set()
    for m in _SUFFIX_RE.finditer(text):
        s = _org_before(text, m.start())
        if s is not None and text[s].isalnum() and text[m.start(1)].isupper():
            spans.add((s, m.end(1)))
    defined: set[tuple[int, int]] = set()
    for d in _DEFINED.finditer(text):
        lo = max(0, d.start() - 200)
        window = text[lo: d.start()]
        dm = _DEFINED_NAME.search(window)
        if dm:
            t = _trim_org(text, lo + dm.start(1), lo + dm.end(1))
            if t and not any(s <= t[0] < e or s < t[1] <= e for s, e in spans) and \
                    not _PLACE_BEFORE.search(text[max(0, t[0] - 30): t[0]]):
                defined.add(t)
    out = [Entity(start=s, end=e, label="ORG", source="rules") for s, e in _dedupe(spans)]
    # a name known only by its ("Company") definition is less sure than one with a legal suffix
    out += [Entity(start=s, end=e, label="ORG", source="rules", score=0.9) for s, e in defined]
    return sorted(out, key=lambda x: x.start)


# ----------------------------------------------------------------------------- dates
_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
          r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?")
_ORD_WORDS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth", "twentieth", "twenty-first", "twenty-second", "twenty-third", "twenty-fourth", "twenty-fifth", "twenty-sixth", "twenty-seventh", "twenty-eighth", "twenty-ninth", "thirtieth", "thirty-first"]
_ORD_WORD = "|".join(sorted(_ORD_WORDS, key=len, reverse=True))
_WS = r"[\s\xa0]+"
_OCR_ORD = r"[\"'”“’*°™]{1,2}"  # a superscript "th" as OCR reads it: 19" day of August
DATE_RES = (
    re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th|{_OCR_ORD})?{_WS}day{_WS}of{_WS}(?P<m>{_MONTH}),?{_WS}(?P<y>\d{{4}})\b", re.I),
    re.compile(rf"\b(?P<dw>{_ORD_WORD}){_WS}day{_WS}of{_WS}(?P<m>{_MONTH}),?{_WS}(?P<y>\d{{4}})\b", re.I),
    re.compile(rf"\b(?P<m>{_MONTH}){_WS}(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?{_WS}(?P<y>\d{{4}})\b"),
    re.compile(rf"\b(?P<d>\d{{1,2}}){_WS}(?P<m>{_MONTH}),?{_WS}(?P<y>\d{{4}})\b"),
    re.compile(r"(?<![\d/])(?P<mn>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4}|\d{2})(?![\d/])"),
    re.compile(r"(?<![\d-])(?P<y>\d{4})-(?P<mn>\d{2})-(?P<d>\d{2})(?![\d-])"),
)


def _date_from(m: re.Match[str]) -> date | None:
    g = m.groupdict()
    try:
        day = int(g["d"]) if g.get("d") else _ORD_WORDS.index(g["dw"].lower()) + 1
        month = _MONTHS[g["m"].lower()[:3]] if g.get("m") else int(g["mn"])
        year = int(g["y"])
        if year < 100:
            year += 2000 if year < 70 else 1900
        return date(year, month, day)
    except (KeyError, ValueError):
        return None


def parse_date(text: str) -> date | None:
    """The first date written in ``text`` ("this 11th day of June 2008", "6/11/08", ...), or None."""
    best: tuple[int, date] | None = None
    for rx in DATE_RES:
        m = rx.search(text)
        if m:
            d = _date_from(m)
            if d and (best is None or m.start() < best[0]):
                best = (m.start(), d)
    return best[1] if best else None


def find_dates(text: str) -> list[Entity]:
    """DATE spans whose text parses as a calendar date."""
    spans: set[tuple[int, int]] = set()
    for rx in DATE_RES:
        for m in rx.finditer(text):
            if _date_from(m):
                spans.add((m.start(), m.end()))
    return [Entity(start=s, end=e, label="DATE", source="rules") for s, e in _dedupe(spans)]


def find_entities(text: str) -> list[Entity]:
    """All rule entities, sorted by position."""
    ents = find_persons(text) + find_orgs(text) + find_dates(text)
    return sorted(ents, key=lambda e: (e.start, e.end))


# ----------------------------------------------------------------------------- forms
FORM_ORDER = ("3", "4", "5", "ID", "144", "13D", "13G", "13F", "13H")
_FORM_LIST = re.compile(
    r"\b(?:Forms?|Schedules?)[ \t\n]+((?:ID|\d{1,3}[A-Z]?)\b(?:(?:\s*(?:,|and|or|&|/))+\s*(?:(?:Forms?|Schedules?)\s+)?"
    r"(?:ID|\d{1,3}[A-Z]?)\b)*)"
)


def find_forms(text: str) -> list[tuple[str, int, int]]:
    """``(form, start, end)`` for each form the POA names (3, 4, 5, ID, 144, 13D, 13G, 13F, 13H)."""
    out: list[tuple[str, int, int]] = []
    for m in _FORM_LIST.finditer(text):
        for f in re.finditer(r"ID|\d{1,3}[A-Z]?", m.group(1)):
            code = f.group(0)
            if code in FORM_ORDER:
                out.append((code, m.start(1) + f.start(), m.start(1) + f.end()))
    return out
