"""Similarity of two normalised names, in [0, 1].

Persons: the two names are aligned part by part (surname, first name, middles), an initial
cutting its counterpart down to one letter, then compared as one string with the normalised
Levenshtein similarity; the result is multiplied by evidence factors (documented in
``person_score``). Companies: the better of Levenshtein on the core words and the token-sort
ratio, times a factor when both carry different corporate forms.
"""

from __future__ import annotations

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

__all__ = ["person_score", "company_score", "key_score", "name_similarity"]

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
FORM_CLASH = 0.93  # INC against LLC
FORM_MISSING = 0.96  # a form on one side only
KIND_CLASH = 0.90  # a person's reading against a company's name


def person_score(q: PersonName, c: PersonName) -> float:
    """Aligned similarity of two persons' names times the evidence factors above."""
    factor = 1.0
    qa, ca = [q.last], [c.last]
    if q.first and c.first:
        if len(q.first) == 1 or len(c.first) == 1:
            qa.append(q.first[0])
            ca.append(c.first[0])
            if (len(q.first) == 1) != (len(c.first) == 1):
                factor *= INITIAL_ONLY
            if q.first[0] != c.first[0]:
                factor *= INITIAL_CLASH
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
                if qm[0] != cm[0]:
                    factor *= MIDDLE_CLASH
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
    return Levenshtein.normalized_similarity(" ".join(qa), " ".join(ca)) * factor


def company_score(q: CompanyName, c: CompanyName) -> float:
    """Similarity of the names with their forms when both carry the same form (the longer
    string dilutes OCR damage); else of the core words, times ``FORM_CLASH`` (different
    forms) or ``FORM_MISSING`` (one side without). Levenshtein or token sort, the better."""
    if q.form and q.form == c.form:
        a, b, factor = q.sec, c.sec, 1.0
    else:
        a, b = q.core, c.core
        factor = FORM_CLASH if q.form and c.form else FORM_MISSING if q.form or c.form else 1.0
    score = max(Levenshtein.normalized_similarity(a, b), fuzz.token_sort_ratio(a, b) / 100.0 * 0.97)
    return score * factor


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
