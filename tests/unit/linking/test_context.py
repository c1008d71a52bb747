"""The issuer context: relations in the registry, and the rule that breaks near-ties with them."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from extract.ir.filing import Filing, Issuer, ReportingOwner, ReportingOwnerId
from extract.ir.values import Extracted, Provenance, Source
from extract.linking import (
    Decision,
    EntityRecord,
    LinkSettings,
    Registry,
    Role,
    decide,
    link_filing,
    link_name,
)
from extract.linking.importers import records_from_filing, records_from_metadata
from extract.linking.linker import choose
from extract.linking.model import Candidate
from extract.linking.normalise import EntityKind
from extract.linking.registry import SCHEMA_VERSION

MARK, MARILYN, ACME, ZETA = "0000000001", "0000000002", "0000000010", "0000000020"


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    reg = Registry(tmp_path_factory.mktemp("ctx") / "r.sqlite")
    reg.add([
        EntityRecord(MARK, "GARRETT MARK", EntityKind.PERSON, issuers=(ACME,)),
        EntityRecord(MARILYN, "GARRETT MARILYN", EntityKind.PERSON, issuers=("20",)),
        EntityRecord(ACME, "ACME INC", EntityKind.COMPANY, tickers=("ACME",)),
        EntityRecord(ZETA, "ZETA CORP", EntityKind.COMPANY),
    ])  # fmt: skip
    return reg


def _cands(*pairs: tuple[str, float]) -> list[Candidate]:
    return [Candidate(cik=c, name=c, score=s) for c, s in pairs]


# -- the rule ---------------------------------------------------------------------------------


def test_a_near_tie_is_broken_by_the_related_candidate() -> None:
    cfg = LinkSettings()
    tie = _cands((MARK, 0.96), (MARILYN, 0.95))
    assert decide(tie, cfg) == (Decision.REVIEW, 0.96)  # no context: the old behaviour
    decision, score, chosen = choose(tie, cfg, related={MARILYN})
    assert decision is Decision.LINKED and chosen is not None and chosen.cik == MARILYN
    assert score == 0.95  # the chosen candidate's own score, not the best one's
    assert choose(tie, cfg, related={MARK})[2] == tie[0]
    assert decide(tie, cfg, related={"0000000099"}) == (Decision.REVIEW, 0.96)


def test_the_context_never_overrides_a_clear_link_nor_a_wide_gap() -> None:
    cfg = LinkSettings()
    clear = _cands((MARK, 0.99), (MARILYN, 0.90))
    assert choose(clear, cfg, related={MARILYN})[2] == clear[0]
    wide = _cands((MARK, 0.95), (MARILYN, 0.94), (ACME, 0.85))  # ACME: 0.10 below the best
    assert decide(wide, cfg, related={ACME}) == (Decision.REVIEW, 0.95)
    low = _cands((MARK, 0.79), (MARILYN, 0.78))  # below context_threshold
    assert decide(low, cfg, related={MARK}) == (Decision.REVIEW, 0.79)


def test_two_related_candidates_in_a_tie_stay_in_review() -> None:
    tie = _cands((MARK, 0.96), (MARILYN, 0.95))
    assert decide(tie, LinkSettings(), related={MARK, MARILYN})[0] is Decision.REVIEW


def test_without_context_an_initial_is_a_tie(registry: Registry) -> None:
    plain = link_name("M. Garrett", registry, kind=EntityKind.PERSON)
    assert plain.decision is Decision.REVIEW and plain.entity is None
    assert {c.cik for c in plain.candidates[:2]} == {MARK, MARILYN}
    assert plain.candidates[0].score == plain.candidates[1].score


@pytest.mark.parametrize(
    ("issuer", "want"), [(ACME, MARK), ("10", MARK), (ZETA, MARILYN), ("0000000099", None)]
)
def test_link_name_uses_the_issuer_context(
    registry: Registry, issuer: str, want: str | None
) -> None:
    link = link_name("M. Garrett", registry, kind=EntityKind.PERSON, issuer_cik=issuer)
    got = link.entity.cik if link.entity else None
    assert got == want
    assert link.decision is (Decision.LINKED if want else Decision.REVIEW)


def test_an_unblocked_related_entity_is_still_scored(tmp_path: Path) -> None:
    reg = Registry(tmp_path / "r.sqlite")
    reg.add([EntityRecord("5", "OKONKWO CHINEDU", EntityKind.PERSON, issuers=(ACME,))])
    index = reg.index()
    assert index.related(ACME) == {"0000000005"}
    found = index.search("Zzzz Qqqq", kind=EntityKind.PERSON, related=index.related(ACME))
    assert [c.cik for c in found] == ["0000000005"]
    assert index.search("Zzzz Qqqq", kind=EntityKind.PERSON) == []


# -- the registry's relations -------------------------------------------------------------------


def test_relations_are_stored_once_and_read_back(tmp_path: Path) -> None:
    reg = Registry(tmp_path / "r.sqlite")
    rec = EntityRecord("7", "DOE JANE", EntityKind.PERSON, issuers=("42", "43", "7"))
    assert reg.add([rec]).relations_added == 2  # an entity is not its own issuer
    assert reg.add([rec]).relations_added == 0
    assert reg.related("42") == {"0000000007"} and reg.related("44") == set()
    assert reg.add_relation("8", "42") and not reg.add_relation("8", "42")
    assert reg.index().related("0000000042") == {"0000000007", "0000000008"}


def test_a_registry_from_before_the_relation_table_still_opens(tmp_path: Path) -> None:
    db = tmp_path / "old.sqlite"
    Registry(db).add([EntityRecord("7", "DOE JANE", EntityKind.PERSON)])
    with sqlite3.connect(db) as conn:  # make it a version-1 registry
        conn.execute("DROP TABLE relation")
        conn.execute("DELETE FROM meta WHERE key = 'schema'")
    reg = Registry(db)
    assert reg.count() == 1 and reg.related("42") == set()
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone() == (
            SCHEMA_VERSION,
        )
    assert reg.add([EntityRecord("7", "DOE JANE", issuers=("42",))]).relations_added == 1
    assert link_name("Jane Doe", reg, issuer_cik="42").entity is not None


def _text(value: str | None) -> Extracted[str] | None:
    if value is None:
        return None
    return Extracted[str](value=value, raw=value, provenance=Provenance(source=Source.TEXT))


def _filing(owner: str, owner_cik: str | None, issuer: str, issuer_cik: str | None) -> Filing:
    return Filing(
        issuer=Issuer(issuer_cik=_text(issuer_cik), issuer_name=_text(issuer)),
        reporting_owners=[
            ReportingOwner(
                reporting_owner_id=ReportingOwnerId(
                    rpt_owner_cik=_text(owner_cik), rpt_owner_name=_text(owner)
                )
            )
        ],
    )


def test_importers_relate_owners_to_the_issuer() -> None:
    recs = list(records_from_filing(_filing("GARRETT MARK", "1", "ACME INC", "10")))
    assert [(r.cik, r.issuers) for r in recs] == [("10", ()), ("1", ("10",))]
    meta = {"submission": {
        "REPORTING-OWNER": [{"OWNER-DATA": {"CONFORMED-NAME": "BOTHA ROELOF", "CIK": "1222287"}}],
        "ISSUER": [{"COMPANY-DATA": {"CONFORMED-NAME": "MongoDB, Inc.", "CIK": "1441816"}}],
    }}  # fmt: skip
    got = {r.cik: r.issuers for r in records_from_metadata(meta)}
    assert got == {"1222287": ("1441816",), "1441816": ()}


# -- link_filing ----------------------------------------------------------------------------------


def test_link_filing_passes_the_issuer_as_context(registry: Registry) -> None:
    stated = link_filing(_filing("M. Garrett", None, "ZETA CORP", ZETA), registry)
    owner = next(link for link in stated if link.role is Role.REPORTING_OWNER)
    assert owner.decision is Decision.LINKED and owner.entity is not None
    assert owner.entity.cik == MARILYN
    # no issuer CIK stated: the issuer is linked first and its CIK is the context
    linked = link_filing(_filing("M. Garrett", None, "Acme Inc.", None), registry)
    issuer = next(link for link in linked if link.role is Role.ISSUER)
    assert issuer.entity is not None and issuer.entity.cik == ACME
    owner = next(link for link in linked if link.role is Role.REPORTING_OWNER)
    assert owner.entity is not None and owner.entity.cik == MARK
    assert [link.role for link in linked] == [Role.REPORTING_OWNER, Role.ISSUER]  # order kept
    # an issuer nobody is known to file for: the old behaviour
    other = link_filing(_filing("M. Garrett", None, "UNKNOWN CO", "0000000099"), registry)
    assert other[0].decision is Decision.REVIEW
