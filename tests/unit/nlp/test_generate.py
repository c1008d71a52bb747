"""The synthetic training-data generator: reproducible, exact spans, varied, no dev names."""

from __future__ import annotations

import random
import re
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from extract.nlp.generate import (
    ACCENTED_NAMES,
    FIRST_NAMES,
    LABELS,
    LAST_NAMES,
    LAW_FIRMS,
    ORG_HEADS,
    PARTICLE_LAST_NAMES,
    generate,
    generate_one,
)
from extract.nlp.rules import parse_date


def test_same_seed_same_documents() -> None:
    assert generate(5, seed=3) == generate(5, seed=3)
    assert generate(5, seed=3) != generate(5, seed=4)


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=0, max_value=10_000))
def test_spans_are_exact(seed: int) -> None:
    doc = generate_one(random.Random(seed))
    assert doc.entities
    for s, e, label in doc.entities:
        assert label in LABELS
        span = doc.text[s:e]
        assert span == span.strip() and span
        if label == "DATE":
            assert parse_date(span) is not None, span
    persons = {re.sub(r"\s+", " ", doc.text[s:e]) for s, e, lab in doc.entities if lab == "PERSON"}
    for name in doc.attorneys:
        assert name in persons
    spans = sorted((s, e) for s, e, _ in doc.entities)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False)), "entities overlap"


def test_variety() -> None:
    docs = generate(300, seed=11)
    assert {d.style for d in docs} == {"default", "i-name", "reporting-person", "schedule", "confirming", "multi"}
    assert any(len(d.grantors) > 1 for d in docs)
    assert any("\n" in d.text[s:e] for d in docs for s, e, lab in d.entities if lab == "PERSON")
    wordings = {re.sub(r"\d+", "9", d.text[s:e]).split()[-1] if " " in d.text[s:e] else re.sub(r"\d", "9", d.text[s:e])
                for d in docs for s, e, lab in d.entities if lab == "DATE"}
    assert len(wordings) >= 6
    assert any(re.search(r"\d+(st|nd|rd|th) day of", d.text) for d in docs)
    assert any(re.search(r"Dated: \d+/\d+/\d\d\b", d.text) for d in docs)
    assert any(re.search(r"[A-Z][a-z]+ \d{1,2}, \d{4}", d.text) for d in docs)


def test_no_dev_names_in_the_vocabulary(poa_truth: list[dict[str, Any]]) -> None:
    """The generator must not know the people or companies of the dev exhibits."""
    vocab = set(FIRST_NAMES) | set(LAST_NAMES) | set(ORG_HEADS)
    vocab |= {w for n in PARTICLE_LAST_NAMES + ACCENTED_NAMES + LAW_FIRMS for w in n.replace(",", "").split()}
    dev_words = set()
    for t in poa_truth:
        for name in t["grantors"] + t["attorneys"]:
            dev_words.add(name.split()[-1])
        dev_words |= {w for w in t["company"].replace(",", "").split() if w[0].isupper() and len(w) > 3
                      and w not in {"Inc.", "Capital", "Holdings", "Technologies", "Platforms", "Corporation",
                                    "Operations", "Global", "Biologics", "Holding"}}
    assert vocab.isdisjoint(dev_words), sorted(vocab & dev_words)
