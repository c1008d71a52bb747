"""Blocking, scoring, the RapidFuzz-shaped API, decisions and settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.errors import ConfigError
from extract.linking import (
    Decision,
    EntityRecord,
    LinkSettings,
    Registry,
    extract,
    extract_one,
    link_name,
    name_similarity,
)
from extract.linking.linker import decide
from extract.linking.matcher import deletions
from extract.linking.model import Candidate
from extract.linking.normalise import EntityKind

PEOPLE = [
    ("1000001", "CARTER DAVID WARREN"),
    ("1000002", "CARTER DANIEL J"),
    ("1000003", "CARTWRIGHT DAVID"),
    ("1000004", "THIEL PETER"),
    ("1000005", "VAN DER BERG JOHN"),
    ("1000006", "SMITH JOHN A"),
    ("1000007", "SMITH JOHN B"),
]
COMPANIES = [
    ("2000001", "IMMUNOGEN INC", ("IMGN",)),
    ("2000002", "MICROSOFT CORP /WA/", ("MSFT",)),
    ("2000003", "Mithril II GP LP", ()),
    ("2000004", "Mithril II UGP LLC", ()),
]


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    reg = Registry(tmp_path_factory.mktemp("reg") / "r.sqlite")
    reg.add(EntityRecord(c, n, EntityKind.PERSON) for c, n in PEOPLE)
    reg.add(EntityRecord(c, n, EntityKind.COMPANY, tickers=t) for c, n, t in COMPANIES)
    return reg


def test_deletions_cover_one_edit() -> None:
    assert "CARER" in deletions("CARTER")
    assert deletions("AB") == {"AB"}


@pytest.mark.parametrize(
    ("query", "cik"),
    [
        ("David W. Carter", "0001000001"),  # prose order, middle initial
        ("CARTER DAVID", "0001000001"),  # middle dropped
        ("David Warren Cartcr", "0001000001"),  # OCR error
        ("Peter Thiel", "0001000004"),
        ("Pefer Thiel, Jr.", "0001000004"),  # OCR error and a suffix added
        ("John van der Berg", "0001000005"),
    ],
)
def test_person_links(registry: Registry, query: str, cik: str) -> None:
    link = link_name(query, registry, kind="person")
    assert link.decision is Decision.LINKED, link
    assert link.entity is not None and link.entity.cik == cik


@pytest.mark.parametrize(
    ("query", "cik"),
    [
        ("ImmunoGen, Inc.", "0002000001"),
        ("Microsoft Corporation", "0002000002"),
        ("The Microsoft Corp.", "0002000002"),
        ("Mithril II GP, L.P.", "0002000003"),
    ],
)
def test_company_links(registry: Registry, query: str, cik: str) -> None:
    link = link_name(query, registry, kind="company")
    assert link.decision is Decision.LINKED, link
    assert link.entity is not None and link.entity.cik == cik


def test_ambiguous_names_go_to_review(registry: Registry) -> None:
    link = link_name("John Smith", registry, kind="person")  # SMITH JOHN A or B?
    assert link.decision is Decision.REVIEW
    assert link.entity is None
    assert {c.cik for c in link.candidates[:2]} == {"0001000006", "0001000007"}


def test_unknown_names_are_new(registry: Registry) -> None:
    link = link_name("Craig Barrows", registry, kind="person")
    assert link.decision is Decision.NEW and link.entity is None


def test_ticker_breaks_ties(registry: Registry) -> None:
    link = link_name("IMMUNOGFN", registry, kind="company", ticker="IMGN")
    assert link.entity is not None and link.entity.cik == "0002000001"


def test_extract_is_rapidfuzz_shaped(registry: Registry) -> None:
    found = extract("David W. Carter", registry.index(), kind="person", limit=2)
    assert len(found) == 2
    choice, score, key = found[0]
    assert choice == "CARTER DAVID WARREN" and key == "0001000001" and 0.9 < score <= 1.0
    assert extract_one("nobody at all", ["Peter Thiel"], score_cutoff=0.9) is None
    best = extract_one("Peter Thiel", {"a": "THIEL PETER", "b": "THIEL PAUL"})
    assert best is not None and best[2] == "a" and best[1] == 1.0
    listed = extract("Peter Thiel", ["THIEL PAUL", "THIEL PETER"], limit=None)
    assert [k for _c, _s, k in listed] == [1, 0]


def test_name_similarity_reads_both_orders() -> None:
    assert name_similarity("Peter Thiel", "THIEL PETER") == 1.0
    assert name_similarity("Peter Thiel", "THIEL PETER", score_cutoff=0.5) == 1.0
    assert name_similarity("Paul Thiel", "THIEL PETER", score_cutoff=0.99) == 0.0


def test_learned_alias_links(registry: Registry) -> None:
    assert link_name("Dave Carter", registry, kind="person").decision is not Decision.LINKED
    assert registry.add_alias("1000001", "Dave Carter")
    link = link_name("Dave Carter", registry, kind="person")
    assert link.entity is not None and link.entity.cik == "0001000001"
    assert link.candidates[0].matched == "Dave Carter"
    assert not registry.add_alias("999", "Nobody")


def test_decide_needs_a_margin() -> None:
    cfg = LinkSettings()
    close = [Candidate(cik="1", name="a", score=0.95), Candidate(cik="2", name="b", score=0.94)]
    assert decide(close, cfg)[0] is Decision.REVIEW
    clear = [Candidate(cik="1", name="a", score=0.95), Candidate(cik="2", name="b", score=0.5)]
    assert decide(clear, cfg)[0] is Decision.LINKED
    assert decide([Candidate(cik="1", name="a", score=0.5)], cfg)[0] is Decision.NEW
    assert decide([], cfg) == (Decision.NEW, 0.0)


def test_settings_resolve() -> None:
    assert LinkSettings.resolve(None) == LinkSettings()
    custom = LinkSettings.resolve({"link_threshold": 0.95, "topK": 3})
    assert custom.link_threshold == 0.95 and custom.top_k == 3
    assert LinkSettings.resolve(custom) is custom
    with pytest.raises(ConfigError, match="E410"):
        LinkSettings.resolve({"link_threshold": 2})
    with pytest.raises(ConfigError, match="E410"):
        LinkSettings.resolve({"review_threshold": 0.99, "link_threshold": 0.9})
    with pytest.raises(ConfigError, match="E410"):
        LinkSettings.resolve("strict")  # type: ignore[arg-type]


def test_no_registry_links_nothing(tmp_path: Path) -> None:
    link = link_name("Peter Thiel", None)
    assert link.decision is Decision.NEW and link.candidates == []
