"""Name normalisation for entity linking.

Persons arrive in SEC order (``CARTER DAVID WARREN``), in prose order (``David W. Carter``),
with a comma (``Carter, David W., Jr.``), initials, suffixes, titles and OCR damage.
Companies arrive with corporate forms (``INC``, ``Corp.``, ``L.L.C.``), ``/DE/`` state tags,
a leading ``THE`` and ``&`` for ``AND``. Everything here is pure and idempotent:
normalising a normalised name gives it back.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from extract.linking.vocab import (
    DIGIT_LOWER,
    DIGIT_UPPER,
    FORM_PHRASES,
    FORMS,
    ORG_WORDS,
    PARTICLES,
    SEC_PARTICLES,
    SUFFIXES,
    TITLES,
)

__all__ = [
    "NORMALISER_VERSION",
    "EntityKind",
    "Order",
    "PersonName",
    "CompanyName",
    "NameKey",
    "fold",
    "guess_kind",
    "parse_person",
    "parse_person_all",
    "normalise_person",
    "parse_company",
    "normalise_company",
    "name_key",
    "name_keys",
    "key_from_text",
]

#: stored beside every normalised key in the registry; a change here re-normalises on load
NORMALISER_VERSION = "linking.normalise.v2"


class EntityKind(StrEnum):
    PERSON = "person"
    COMPANY = "company"


class Order(StrEnum):
    """How a person's name is written: ``sec`` is LAST FIRST MIDDLE, ``prose`` First M. Last."""

    SEC = "sec"
    PROSE = "prose"
    AUTO = "auto"


_STATE_TAG = re.compile(
    r"(?:\s*[/\\][A-Za-z0-9]{2,3}[/\\]?|\s*[/\\][A-Za-z0-9]{1,3}[/\\][A-Za-z0-9]?"
    r"|\s+[A-Za-z0-9]{2,3}[/\\])\s*$"
)  # /DE/, /DE, DE/ (OCR drops a slash), /E/ and /DE/e (OCR drops a letter or adds one)
_SIG_PREFIX = re.compile(r"^\s*(?:(?:by|name)\s*:\s*)?(?:/s/\s*)?", re.IGNORECASE)


def fold(text: str) -> str:
    """Unicode to ASCII (``é`` -> ``e``), curly quotes to straight, white space collapsed."""
    if text.isascii():
        return " ".join(text.split())
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u00a0", " ")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.encode("ascii", "ignore").decode("ascii")
    return " ".join(text.split())


@dataclass(frozen=True, slots=True)
class PersonName:
    """A person's name in canonical parts. ``last`` joins surname particles (``VANDERBERG``)."""

    last: str
    first: str = ""
    middles: tuple[str, ...] = ()
    suffix: str = ""

    @property
    def sec(self) -> str:
        """``LAST FIRST MIDDLE SUFFIX``: the canonical string, and what ``normalise_person`` returns."""
        return " ".join(p for p in (self.last, self.first, *self.middles, self.suffix) if p)

    @property
    def flat(self) -> str:
        return " ".join(p for p in (self.last, self.first, *self.middles) if p)

    @property
    def initials_flat(self) -> str:
        return " ".join(p for p in (self.last, self.first[:1], *(m[:1] for m in self.middles)) if p)

    def tokens(self) -> list[str]:
        return [p for p in (self.last, self.first, *self.middles) if len(p) >= 2]


@dataclass(frozen=True, slots=True)
class CompanyName:
    """A company's name: ``core`` words without the trailing corporate ``form`` (``INC``)."""

    core: str
    form: str = ""

    @property
    def sec(self) -> str:
        return f"{self.core} {self.form}".strip()

    @property
    def flat(self) -> str:
        return self.core

    @property
    def initials_flat(self) -> str:
        return self.core

    def tokens(self) -> list[str]:
        return [t for t in self.core.split() if len(t) >= 2 or t.isdigit()]


NameKey = PersonName | CompanyName


_SPLIT = re.compile(r"[\s,;:()\"]+")
_DOTTED = re.compile(r"[A-Za-z](?:\.[A-Za-z])+\.?")
_NOT_ALPHA = re.compile(r"[^A-Za-z]")
_OCR_DIGIT = re.compile(r"[0-9|!]")


def _tokens_person(text: str) -> list[str]:
    text = fold(text)
    out: list[str] = []
    for raw in _SPLIT.split(text):
        if raw.isalpha():
            out.append(raw.upper())
            continue
        if _DOTTED.fullmatch(raw):  # D.W. -> D W
            out.extend(c.upper() for c in raw if c.isalpha())
            continue
        raw = raw.strip(".-'*")
        if not raw:
            continue
        up = raw.upper().replace(".", "")
        if up in SUFFIXES:
            out.append(SUFFIXES[up])
            continue
        if _OCR_DIGIT.search(raw):
            lower = sum(c.islower() for c in raw) > sum(c.isupper() for c in raw)
            raw = raw.translate(DIGIT_LOWER if lower else DIGIT_UPPER)
        tok = _NOT_ALPHA.sub("", raw).upper()
        if tok:
            out.append(tok)
    return out


def _split_commas(text: str) -> list[list[str]]:
    parts = [_tokens_person(p) for p in fold(text).split(",")]
    return [p for p in parts if p]


def _strip(tokens: list[str]) -> tuple[list[str], str]:
    """Drop titles; pull out a suffix (from the trailing run of suffixes and titles)."""
    suffix = ""
    kept = [t for t in tokens if t not in TITLES]
    while len(kept) > 1 and kept[-1] in SUFFIXES:
        found = SUFFIXES[kept.pop()]
        suffix = suffix or found
    return kept, suffix


def _sec(tokens: list[str], suffix: str) -> PersonName:
    i = 0
    while i < len(tokens) - 2 and tokens[i] in SEC_PARTICLES:
        i += 1
    if tokens[i] in PARTICLES or "".join(tokens[: i + 1]) in PARTICLES:
        i = 0  # the run must end on a surname: VAN DER BERG, not VAN VAN or DE L
    last = "".join(tokens[: i + 1])
    rest = tokens[i + 1 :]
    return PersonName(last, rest[0] if rest else "", tuple(rest[1:]), suffix)


def _prose(tokens: list[str], suffix: str) -> PersonName:
    if len(tokens) == 1:
        return PersonName(tokens[0], "", (), suffix)
    j = len(tokens) - 1
    while j > 1 and tokens[j - 1] in PARTICLES:
        j -= 1
    return PersonName("".join(tokens[j:]), tokens[0], tuple(tokens[1:j]), suffix)


def parse_person_all(text: str, order: Order | str = Order.AUTO) -> list[PersonName]:
    """Every reading of a person's name, most likely first (two when the order is unknown).

    ``Carter, David W.`` and ``David W. Carter, Jr.`` are unambiguous; ``David Carter`` could be
    either order, so ``auto`` returns both readings and matchers keep the better score.
    """
    order = Order(order)
    text = _SIG_PREFIX.sub("", fold(text))
    parts = _split_commas(text)
    if not parts:
        return [PersonName("")]
    suffix = ""
    body: list[list[str]] = []
    for part in parts:
        if all(t in SUFFIXES or t in TITLES for t in part):  # ", Jr." or ", Esq."
            suffix = suffix or next((SUFFIXES[t] for t in part if t in SUFFIXES), "")
            continue
        kept, suf = _strip(part)
        suffix = suffix or suf
        if kept:
            body.append(kept)
    if not body:
        return [PersonName("", suffix=suffix)]
    if len(body) == 2 and len(body[1]) == 1 and len(body[1][0]) <= 3 and len(body[0]) >= 2:
        body = body[:1]  # "David W. Carter, 8r." - a damaged suffix, not a given name
    if len(body) >= 2:  # "Last, First Middle" (the suffix, if any, was its own part)
        given = [t for part in body[1:] for t in part]
        if "".join(body[0]) in PARTICLES:  # "Van, Jr Van": read as SEC order
            return [_sec(body[0] + given, suffix)]
        return [PersonName("".join(body[0]), given[0], tuple(given[1:]), suffix)]
    tokens = body[0]
    sec, prose = _sec(tokens, suffix), _prose(tokens, suffix)
    if order is Order.SEC or sec == prose:
        return [sec]
    if order is Order.PROSE:
        return [prose]
    inner = tokens[1:-1]
    prose_first = (len(tokens[-1]) > 1 and any(len(t) == 1 for t in inner)) or (
        tokens[0] not in PARTICLES and any(t in PARTICLES for t in inner)
    )
    return [prose, sec] if prose_first else [sec, prose]


def parse_person(text: str, order: Order | str = Order.AUTO) -> PersonName:
    """The most likely reading of a person's name."""
    return parse_person_all(text, order)[0]


def normalise_person(text: str, order: Order | str = Order.SEC) -> str:
    """``LAST FIRST MIDDLE SUFFIX``, upper case, particles joined. Idempotent in SEC order."""
    return parse_person(text, order).sec


_INNER_DOT = re.compile(r"(?<=\w)[.'](?=\w)")
_NOT_ALNUM = re.compile(r"[^A-Z0-9]+")


def _company_tokens(text: str) -> list[str]:
    text = fold(text).upper().replace("|", "I")  # OCR reads I as a bar: |NC
    text = _STATE_TAG.sub("", text)
    text = text.replace("&", " AND ")
    text = _INNER_DOT.sub("", text)  # I.B.M -> IBM, O'NEIL -> ONEIL
    text = _NOT_ALNUM.sub(" ", text)
    padded = f" {text.strip()} "
    for phrase, form in FORM_PHRASES:
        while f" {phrase} " in padded:  # repeated: replace() skips overlapping matches
            padded = padded.replace(f" {phrase} ", f" {form} ")
    return padded.split()


#: corporate forms as OCR misreads them (``1NC``, ``C0RP``, ``LL1``, ``1P``)
_OCR_FORMS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), f)
    for p, f in (
        (r"^[I1L][NH][CGE]$", "INC"), (r"^[CG][O0]RP$", "CORP"), (r"^[L1I][L1I][CG]$", "LLC"),
        (r"^[L1I][T7][DO0]$", "LTD"), (r"^[L1I][PR]$", "LP"), (r"^[PR][L1I][CG]$", "PLC"),
    )
)  # fmt: skip


_LONG_FORMS = {"INCORPORATED": "INC", "CORPORATION": "CORP", "COMPANY": "CO", "LIMITED": "LTD"}


def _fuzzy_form(token: str) -> str:
    """A trailing word one OCR error from a corporate form (two for the long spellings)."""
    for pattern, form in _OCR_FORMS:
        if pattern.match(token):
            return form
    if len(token) >= 6:
        for word, form in _LONG_FORMS.items():
            if _distance(token, word) <= (2 if len(word) >= 10 else 1):
                return form
    elif 3 <= len(token) <= 5:
        for form in ("INC", "CORP", "LLC", "LTD", "PLC"):
            if _distance(token, form) <= 1:
                return form
    return token


#: spelled-out forms of two or three words, recognised at the end of a name with OCR damage
_LONG_PHRASES = tuple((p, f) for p, f in FORM_PHRASES if len(p) >= 15)


def _fuzzy_phrase(tokens: list[str]) -> list[str]:
    """A trailing ``LIMITED PARTNERSHIP`` (or another long form phrase) with up to two OCR
    errors (three for the three-word phrases) becomes its form (``LIMITED PARTNERSHIR`` -> LP)."""
    for phrase, form in _LONG_PHRASES:
        n = phrase.count(" ") + 1
        if len(tokens) > n:
            tail = " ".join(tokens[-n:])
            if tail != phrase and _distance(tail, phrase) <= (3 if n >= 3 else 2):
                return [*tokens[:-n], form]
    return tokens


def _distance(a: str, b: str) -> int:
    from rapidfuzz.distance import Levenshtein

    return int(Levenshtein.distance(a, b, score_cutoff=3))


def _is_the(token: str) -> bool:
    """``THE`` or one OCR error from it (``TNE``, ``7HE``, ``TH``, ``THHE``)."""
    return token == "THE" or (len(token) >= 2 and _distance(token, "THE") <= 1)


def parse_company(text: str) -> CompanyName:
    """Core words and corporate form: ``The Walt Disney Co.`` -> ``WALT DISNEY`` + ``CO``.

    A trailing form and a leading ``THE`` are also recognised as OCR misreads them."""
    tokens = _company_tokens(text)
    while len(tokens) > 1 and _is_the(tokens[0]):
        tokens = tokens[1:]
    tokens = _fuzzy_phrase(tokens)
    form = ""
    while len(tokens) > 1:
        tok = tokens[-1]
        if tok not in FORMS and tok != "AND" and not form:  # only the last form may be damaged
            tok = _fuzzy_form(tok)
        if tok not in FORMS and tok != "AND":
            break
        tokens.pop()
        if tok != "AND" and not form:
            form = FORMS[tok]
    while len(tokens) > 1 and tokens[-1] == "AND":
        tokens.pop()
    return CompanyName(" ".join(tokens), form)


def normalise_company(text: str) -> str:
    """``CORE FORM``, upper case, no punctuation or state tag. Idempotent."""
    return parse_company(text).sec


def guess_kind(name: str) -> EntityKind:
    """Company when the name carries a corporate form, an organisation word or a digit."""
    if re.search(r"\d|&", name):
        return EntityKind.COMPANY
    tokens = _company_tokens(name)
    if any(t in FORMS or t in ORG_WORDS for t in tokens):
        return EntityKind.COMPANY
    return EntityKind.PERSON


def name_key(text: str, kind: EntityKind | str, order: Order | str = Order.SEC) -> NameKey:
    """The canonical key of a name known to be a person or a company."""
    if EntityKind(kind) is EntityKind.PERSON:
        return parse_person(text, order)
    return parse_company(text)


def name_keys(text: str, kind: EntityKind | str | None) -> list[NameKey]:
    """Every reading of a mention of unknown order (and, with ``kind=None``, guessed kind)."""
    resolved = EntityKind(kind) if kind else guess_kind(text)
    if resolved is EntityKind.PERSON:
        readings: list[NameKey] = list(parse_person_all(text, Order.AUTO))
        joined = _rejoin(text)
        if joined != text:  # OCR split a word: "Bot ha" is also read as "Botha"
            readings += [r for r in parse_person_all(joined, Order.AUTO) if r not in readings]
        return readings
    return [parse_company(text)]


def _rejoin(text: str) -> str:
    """Join a stray one- or two-letter lowercase fragment to the word before it."""
    return re.sub(
        r"(?<=[A-Za-z]{2}) (?!(?:de|la|le|du|da|di|do|st|al|el|mc)\b)(?=[a-z]{1,2}\b(?!\.))",
        "",
        text,
    )


def key_to_text(key: NameKey) -> str:
    if isinstance(key, PersonName):
        return "P|" + "|".join((key.last, key.first, " ".join(key.middles), key.suffix))
    return f"C|{key.core}|{key.form}"


def key_from_text(text: str) -> NameKey:
    """Inverse of the serialised key stored in the registry (``P|LAST|FIRST|MIDDLES|SUFFIX``)."""
    parts = text.split("|")
    if parts[0] == "P":
        return PersonName(parts[1], parts[2], tuple(parts[3].split()), parts[4])
    return CompanyName(parts[1], parts[2])


__all__ += ["key_to_text"]
