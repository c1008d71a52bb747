"""Words OCR misread in running text, put back by the confusions Tesseract makes.

Footnotes and remarks are sentences in plain English, and a scan's slips in them follow a
few shapes: "l" read as "t" ("tieu", "inctusion"), "ri" as "n" ("secunties"), "ni" as "m"
("pecumiary"), "li" as "h", "ti" as "u" ("meeung"), "r" as "i" ("shaies"), "i" as "1"
("1s"), a speck as a hyphen before a word ("-represented") or as a stop beside a dash
("Exhibit 24 -. Power"), as a stop between a reference noun and its number ("Exhibit.
24") or between two words ("shares.are"). A word is replaced only when undoing one such
confusion gives a word far more common in English than the reading (``wordfreq`` Zipf
frequency at least ``MIN_ZIPF``, or ``MIN_ZIPF_UNKNOWN`` for a reading no list knows, and
``MIN_GAIN`` above the reading's), and only one such word does; words in capitals
(acronyms) and numbers are left as read.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

__all__ = ["CONFUSIONS", "UNKNOWN_CONFUSIONS", "MIN_GAIN", "MIN_ZIPF", "MIN_ZIPF_UNKNOWN", "candidates",
           "respell_word", "respell_text", "zipf"]

#: (what OCR read, what was printed), tried one at a time at every place in a word
CONFUSIONS: tuple[tuple[str, str], ...] = (
    ("t", "l"), ("l", "t"), ("t", "i"), ("t", "r"), ("i", "r"), ("i", "l"), ("l", "i"),
    ("1", "i"), ("1", "l"), ("h", "li"), ("h", "k"), ("n", "ri"), ("m", "ni"), ("m", "rn"),
    ("rn", "m"), ("u", "ti"), ("u", "it"), ("a", "x"), ("g", "o"), ("6", "o"), ("0", "o"),
    ("!", "l"), ("f", "t"), ("c", "e"), ("e", "c"), ("cl", "d"), ("d", "cl"), ("5", "s"),
    ("é", "e"), ("u", "ri"), ("m", "n"), ("n", "m"), ("n", "u"), ("u", "n"))
#: confusions tried only on a reading no word list knows: they turn real words into other
#: real words too often ("hew" -> "new") to be tried on a known one ("inyestment", "Fuhd",
#: "continyed", "clasing")
UNKNOWN_CONFUSIONS: tuple[tuple[str, str], ...] = (
    ("y", "v"), ("y", "u"), ("h", "n"), ("a", "o"), ("ri", "n"), ("fi", "n"))
MIN_ZIPF = 3.0
MIN_GAIN = 2.0
#: a reading no word list knows at all may become a rarer word ("pecumiary" -> "pecuniary")
MIN_ZIPF_UNKNOWN = 2.0
#: two-character readings of common short words (too short for the general rule)
_SHORT = {"1s": "is", "ts": "is", "1n": "in", "1t": "it", "0f": "of", "t0": "to", "t6": "to",
          "1f": "if", "0n": "on", "0r": "or", "qn": "on"}
_TOKEN = re.compile(r"^([(\"'`]*)([A-Za-z0-9!é]+?)([)\"'`.,;:?]*)$")


@cache
def zipf(word: str) -> float:
    """How common ``word`` is in English (``wordfreq``'s Zipf scale: 0 for a word no list
    knows, 7 for "the"), cached: the lists ship inside the package, nothing is downloaded."""
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, "en"))


def candidates(word: str, confusions: tuple[tuple[str, str], ...] = CONFUSIONS) -> set[str]:
    """The words of letters ``word`` becomes when one ``(read, printed)`` confusion is undone
    at one place."""
    out: set[str] = set()
    for seen, meant in confusions:
        start = word.find(seen)
        while start >= 0:
            out.add(word[:start] + meant + word[start + len(seen):])
            start = word.find(seen, start + 1)
    out.discard(word)
    return {c for c in out if c.isalpha()}


def _cased(like: str, word: str) -> str:
    return word.capitalize() if like[:1].isupper() else word


def respell_word(word: str) -> str:
    """``word`` (letters and OCR's look-alike digits, no punctuation) as it was printed."""
    lower = word.lower()
    if lower in _SHORT:
        return _cased(word, _SHORT[lower])
    if len(word) < 3 or word.isupper():  # acronyms and short words are left as read
        return word
    own = zipf(lower)
    confusions = CONFUSIONS + UNKNOWN_CONFUSIONS if own == 0 else CONFUSIONS
    scored = sorted(((zipf(c), c) for c in candidates(lower, confusions)), reverse=True)
    floor = MIN_ZIPF_UNKNOWN if own == 0 else MIN_ZIPF
    scored = [(z, c) for z, c in scored if z >= floor and z - own >= MIN_GAIN]
    if not scored or (len(scored) > 1 and scored[0][0] - scored[1][0] < 1.0):
        return word
    return _cased(word, scored[0][1])


#: a hyphen OCR made of a speck in front of a lower-case word ("is -represented"; no
#: footnote, remark or table text of the dev XML has one)
_LEADING_HYPHEN = re.compile(r"^-(?=[a-z]{2,})")


#: a stop between two words with no space after it ("shares.are"): none of the dev notes
#: and remarks has one outside a web address
_GLUED_STOP = re.compile(r"(?<![\w.])([A-Za-z]{2,})\.([A-Za-z'][A-Za-z']+)\b(?!\.\w)")
_WEB = frozenset({"com", "gov", "org", "net", "html", "htm", "edu", "io"})
#: nouns a number follows in a reference ("Exhibit 24", "Rule 10b5-1"), never a stop
_REFERENCES = frozenset({"Exhibit", "Section", "Rule", "Item", "Form", "Table", "Note",
                         "Footnote", "Schedule", "Article", "Instruction", "Column"})


#: specks read as stops inside a sentence, none of them in a dev note or the remarks: after
#: a lower-case word and before another ("convert. into", "partner. of"), and at the head of
#: a word ("is .one", "Capital .XII")
_INNER_STOP = re.compile(r"(?<![\w.])(?P<word>[a-z]{3,})\. (?=[a-z])|(?<= )\.(?=[A-Za-z])")
_ABBREVIATIONS = frozenset({"etc", "approx", "incl", "inc", "corp", "ltd", "seq", "viz", "est"})
#: "Rule l6a-13", "Rule 1l6a-3": the Section 16 rule numbers, a "1" read as "l" or doubled
_RULE_16 = re.compile(r"\b(?:1l|l1|l|I)6(?=[ab]-\d)")


#: specks read as marks inside a sentence, none of them in the 1,242 notes and remarks of the
#: dev XML: a colon glued between words ("and:Exchange"), a comma before a word with a space
#: in front of it ("Stock ,and"), a stop glued between a number and a word ("$20.51.to"),
#: a price's decimal point read with a space or as a dash ("$373. 92", "$372 -92")
_SPECK_MARKS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?<=[a-z]):(?=[A-Za-z])"), " "),
    (re.compile(r" ,(?=[a-z])"), " "),
    (re.compile(r"(?<=\d)\.(?=[a-z]{2,})"), " "),
    (re.compile(r"(\$\d{1,3}(?:,\d{3})*)(?:\. | -)(\d{2})\b"), r"\1.\2"),
)


def _inner_stops(text: str, changes: list[tuple[str, str]]) -> str:
    def mend(m: re.Match[str]) -> str:
        word = m.group("word")
        if word is not None and word in _ABBREVIATIONS:
            return m.group(0)
        kept = f"{word} " if word is not None else ""
        changes.append((m.group(0).strip() or ".", kept.strip()))
        return kept

    def sixteen(m: re.Match[str]) -> str:
        changes.append((m.group(0), "16"))
        return "16"

    def speck(put: str) -> Callable[[re.Match[str]], str]:
        def swap(m: re.Match[str]) -> str:
            changes.append((m.group(0), m.expand(put)))
            return m.expand(put)
        return swap

    for pattern, put in _SPECK_MARKS:
        text = pattern.sub(speck(put), text)
    return _RULE_16.sub(sixteen, _INNER_STOP.sub(mend, text))


def respell_text(text: str) -> tuple[str, list[tuple[str, str]]]:
    """``text`` with each misread word put back, and the ``(read, printed)`` pairs changed."""
    out: list[str] = []
    changes: list[tuple[str, str]] = []
    text = _inner_stops(text, changes)
    glued = [m.group(0) for m in _GLUED_STOP.finditer(text) if m.group(2).lower() not in _WEB]
    for word in glued:  # "the.Issuer's": a speck between two words, not a stop
        changes.append((word, word.replace(".", " ", 1)))
        text = text.replace(word, word.replace(".", " ", 1), 1)
    tokens = text.split(" ")
    for index, token in enumerate(tokens):
        if (token[:-1] in _REFERENCES and token.endswith(".") and index + 1 < len(tokens)
                and tokens[index + 1][:1].isdigit()):  # "Exhibit. 24": a speck, not a stop
            changes.append((token, token[:-1]))
            token = token[:-1]
        if index and _LEADING_HYPHEN.match(token):
            changes.append((token, token[1:]))
            token = token[1:]
        if index and token in ("-.", "-,"):  # a dash between words with a speck beside it
            changes.append((token, "-"))
            token = "-"
        match = _TOKEN.match(token)
        if match is None:
            out.append(token)
            continue
        lead, core, tail = match.groups()
        fixed = respell_word(core)
        if fixed != core:
            changes.append((core, fixed))
        out.append(lead + fixed + tail)
    return " ".join(out), changes
