"""Similarity of two normalised names, in [0, 1].

Persons: the two names are aligned part by part (surname, first name, middles), an initial
cutting its counterpart down to one letter, then compared as one string with
``ocr_similarity`` (normalised Levenshtein in which OCR look-alike letters cost half an edit);
the result is multiplied by evidence factors (documented in ``person_score``; initials OCR
confuses clash less than others). Companies: the better of that similarity on the core words
and the token-sort ratio, times a factor when both carry different corporate forms; a digit
read for a letter (``1I``) and a form too damaged to parse (``YELP IN``) are allowed for.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from extract.linking.normalise import (
    CompanyName,
    EntityKind,
    NameKey,
    PersonName,
    name_keys,
    parse_company,
    parse_person_all,
)
from extract.linking.vocab import OCR_CLASSES, OCR_LOOKALIKES

__all__ = ["person_score", "company_score", "key_score", "name_similarity", "ocr_similarity"]

#: factors applied to the aligned string similarity of two persons' names
INITIAL_ONLY = 0.96  # one side gives only the first name's initial
INITIAL_CLASH = 0.80  # initials differ (first name)
MIDDLE_CLASH = 0.85  # middle initials differ
MIDDLE_MISSING = 0.98  # the query has no middle name, the candidate has one
MIDDLE_EXTRA = 0.94  # the query has a full middle name the candidate lacks
MIDDLE_EXTRA_INITIAL = 0.97  # the query has a middle initial the candidate lacks
MIDDLE_COUNT = 0.99  # both have middles, in different numbers
FIRST_MISSING = 0.90  # one side is a bare surname
SUFFIX_MISSING = 0.98  # JR on one side only
SUFFIX_CLASH = 0.85  # JR against SR, II against III
FORM_CLASH = 0.85  # INC against LLC
FORM_MISSING = 0.96  # a form on one side only
KIND_CLASH = 0.90  # a person's reading against a company's name
INITIAL_OCR = 0.93  # first initials differ by a letter OCR confuses (M and N, R and P)
MIDDLE_OCR = 0.95  # middle initials differ by a letter OCR confuses
SHORT_AS_INITIAL = 0.97  # a two-letter given name read as an initial and an OCR insertion


def _clash(a: str, b: str, ocr: float, other: float) -> float:
    """The factor for initials ``a`` and ``b``: 1 when equal, ``ocr`` when OCR confuses them."""
    if a == b:
        return 1.0
    return ocr if b in OCR_LOOKALIKES.get(a, "") else other


def person_score(q: PersonName, c: PersonName) -> float:
    """Aligned similarity of two persons' names times the evidence factors above.

    A given name of two letters in the query (``Cp Hurley``, ``Robert Hb Swan``) is also
    scored as the initial it may be, with an OCR-inserted letter, times ``SHORT_AS_INITIAL``;
    the better reading counts."""
    score = _person_score(q, c)
    if (len(q.first) == 2 and len(c.first) > 2) or any(len(m) == 2 for m in q.middles):
        first = q.first[:1] if len(q.first) == 2 and len(c.first) > 2 else q.first
        middles = tuple(m[:1] if len(m) == 2 else m for m in q.middles)
        short = PersonName(q.last, first, middles, q.suffix)
        score = max(score, _person_score(short, c) * SHORT_AS_INITIAL)
    return score


def _person_score(q: PersonName, c: PersonName) -> float:
    factor = 1.0
    qa, ca = [q.last], [c.last]
    if q.first and c.first:
        if len(q.first) == 1 or len(c.first) == 1:
            qa.append(q.first[0])
            ca.append(c.first[0])
            if (len(q.first) == 1) != (len(c.first) == 1):
                factor *= INITIAL_ONLY
            factor *= _clash(q.first[0], c.first[0], INITIAL_OCR, INITIAL_CLASH)
        else:
            qa.append(q.first)
            ca.append(c.first)
    elif q.first or c.first:
        factor *= FIRST_MISSING
    if q.middles and c.middles:
        for qm, cm in zip(q.middles, c.middles, strict=False):
            if len(qm) == 1 or len(cm) == 1:
                qa.append(qm[0])
                ca.append(cm[0])
                factor *= _clash(qm[0], cm[0], MIDDLE_OCR, MIDDLE_CLASH)
            else:
                qa.append(qm)
                ca.append(cm)
        if len(q.middles) != len(c.middles):
            factor *= MIDDLE_COUNT
    elif c.middles:
        factor *= MIDDLE_MISSING
    elif q.middles:
        factor *= MIDDLE_EXTRA_INITIAL if all(len(m) == 1 for m in q.middles) else MIDDLE_EXTRA
    if q.suffix and c.suffix and q.suffix != c.suffix:
        factor *= SUFFIX_CLASH
    elif q.suffix != c.suffix:
        factor *= SUFFIX_MISSING
    return ocr_similarity(" ".join(qa), " ".join(ca)) * factor


def company_score(q: CompanyName, c: CompanyName) -> float:
    """Similarity of the names with their forms when both carry the same form (the longer
    string dilutes OCR damage); else of the core words, times ``FORM_CLASH`` (different
    forms) or ``FORM_MISSING`` (one side without). Levenshtein or token sort, the better."""
    if q.form and q.form == c.form:
        a, b, factor = q.sec, c.sec, 1.0
    else:
        a, b = q.core, c.core
        factor = FORM_CLASH if q.form and c.form else FORM_MISSING if q.form or c.form else 1.0
    score = max(ocr_similarity(a, b), fuzz.token_sort_ratio(a, b) / 100.0 * 0.97)
    if _has_ocr_digit(a) != _has_ocr_digit(b):  # MITHRIL 1I against MITHRIL II
        score = max(score, Levenshtein.normalized_similarity(_skeleton(a), _skeleton(b)) * 0.99)
    score *= factor
    if c.form and not q.form:  # the query's form too damaged to read stayed in its core: YELP IN
        score = max(score, ocr_similarity(q.core, c.sec))
    return score


#: characters OCR reads in place of letters in company names, and the letters they stand for
_SKELETON = str.maketrans({"0": "O", "1": "I", "5": "S", "8": "B"})


def ocr_similarity(a: str, b: str) -> float:
    """Normalised Levenshtein similarity in which a substitution of OCR look-alike letters
    (O for D, N for M, V for Y ...) counts half: the mean of the plain similarity and that of
    the two strings with each look-alike class mapped to one letter, when that is higher."""
    plain = Levenshtein.normalized_similarity(a, b)
    if plain >= 1.0 or plain < 0.5:  # below 0.5 the mean stays under any threshold that counts
        return plain
    alike = Levenshtein.normalized_similarity(
        a.encode("ascii", "replace").translate(OCR_CLASSES),
        b.encode("ascii", "replace").translate(OCR_CLASSES),
    )
    return (plain + alike) / 2.0 if alike > plain else plain


_OCR_DIGIT = re.compile("[0158]")


def _has_ocr_digit(text: str) -> bool:
    return _OCR_DIGIT.search(text) is not None


def _skeleton(text: str) -> str:
    return text.translate(_SKELETON)


def key_score(q: NameKey, c: NameKey) -> float:
    if isinstance(q, PersonName) and isinstance(c, PersonName):
        return person_score(q, c)
    if isinstance(q, CompanyName) and isinstance(c, CompanyName):
        return company_score(q, c)
    return fuzz.token_sort_ratio(q.flat, c.flat) / 100.0 * KIND_CLASH


def name_similarity(
    s1: str,
    s2: str,
    *,
    kind: EntityKind | str | None = None,
    processor: Callable[[str], str] | None = None,
    score_cutoff: float | None = None,
    **_: Any,
) -> float:
    """RapidFuzz-shaped scorer on two raw names; every reading of each is tried.

    Returns a similarity in [0, 1] (RapidFuzz's own scorers use 0-100); 0 when below
    ``score_cutoff``.
    """
    if processor is not None:
        s1, s2 = processor(s1), processor(s2)
    left = name_keys(s1, kind)
    if isinstance(left[0], PersonName):
        right: list[NameKey] = list(parse_person_all(s2))
    else:
        right = [parse_company(s2)]
    best = max(key_score(a, b) for a in left for b in right)
    if score_cutoff is not None and best < score_cutoff:
        return 0.0
    return best
