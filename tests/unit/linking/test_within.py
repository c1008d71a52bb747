"""Links within one filing, signature parsing and CIK filling (the seed filing's case)."""

from __future__ import annotations

import pytest

from extract.export.sec_xml import to_xml
from extract.ir.filing import (
    Filing,
    Issuer,
    OwnerSignature,
    ReportingOwner,
    ReportingOwnerId,
)
from extract.ir.values import Extracted, Provenance, Source
from extract.linking import (
    Decision,
    EntityRecord,
    Registry,
    Role,
    fill_ciks,
    link_filing,
    parse_signature,
)
from extract.linking.normalise import EntityKind

CARTER, IMMUNOGEN = "0000900001", "0000900002"
ATTORNEYS = ("Daniel M. Junius", "David G. Foster", "Craig Barrows")


def _text(value: str | None) -> Extracted[str] | None:
    if value is None:
        return None
    return Extracted[str](value=value, raw=value, provenance=Provenance(source=Source.TEXT))


def _filing(owner: str, issuer: str = "IMMUNOGEN INC", *, owner_cik: str | None = None,
            issuer_cik: str | None = None,
            signature: str = "/s/ Craig Barrows, attorney in fact") -> Filing:  # fmt: skip
    return Filing(
        issuer=Issuer(
            issuer_cik=_text(issuer_cik),
            issuer_name=_text(issuer),
            issuer_trading_symbol=_text("IMGN"),
        ),
        reporting_owners=[
            ReportingOwner(
                reporting_owner_id=ReportingOwnerId(
                    rpt_owner_cik=_text(owner_cik), rpt_owner_name=_text(owner)
                )
            )
        ],
        owner_signatures=[OwnerSignature(signature_name=_text(signature))],
    )


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    reg = Registry(tmp_path_factory.mktemp("reg") / "r.sqlite")
    reg.add([
        EntityRecord(CARTER, "CARTER DAVID WARREN", EntityKind.PERSON),
        EntityRecord("0000900003", "CARTER DANIEL", EntityKind.PERSON),
        EntityRecord(IMMUNOGEN, "IMMUNOGEN INC", EntityKind.COMPANY, tickers=("IMGN",)),
    ])  # fmt: skip
    return reg


def _by(links: list, role: Role) -> list:
    return [link for link in links if link.role is role]


def test_seed_filing_links(registry: Registry) -> None:
    links = link_filing(
        _filing("CARTER DAVID WARREN"),
        registry,
        poa_grantor="David W. Carter",
        poa_attorneys=ATTORNEYS,
        poa_company="ImmunoGen, Inc.",
    )
    owner = _by(links, Role.REPORTING_OWNER)[0]
    assert owner.decision is Decision.LINKED and owner.entity is not None
    assert owner.entity.cik == CARTER and owner.path == "reportingOwner[0]"
    issuers = _by(links, Role.ISSUER)
    assert [i.entity.cik for i in issuers if i.entity] == [IMMUNOGEN, IMMUNOGEN]
    assert issuers[1].refers_to == "issuer" and issuers[1].mention == "ImmunoGen, Inc."
    grantor = _by(links, Role.POA_GRANTOR)[0]
    assert grantor.refers_to == "reportingOwner[0]"
    assert grantor.entity is not None and grantor.entity.cik == CARTER
    signer = _by(links, Role.SIGNER)[0]
    assert signer.mention == "Craig Barrows"
    assert signer.refers_to == "poaAttorney[2]"
    assert signer.decision is Decision.NEW and signer.entity is None
    assert [a.mention for a in _by(links, Role.POA_ATTORNEY)] == list(ATTORNEYS)
    dumped = owner.model_dump(mode="json", by_alias=True)
    assert set(dumped) >= {"role", "mention", "entity", "score", "candidates", "decision"}
    assert dumped["role"] == "reportingOwner" and dumped["entity"]["cik"] == CARTER


def test_grantor_evidence_raises_a_damaged_owner(registry: Registry) -> None:
    # three errors OCR does not make by look-alike letters (CARTFR DAVLD WARRFN now links alone)
    filing = _filing("CARTAR DAVUD WARRAN")
    alone = _by(link_filing(filing, registry), Role.REPORTING_OWNER)[0]
    assert alone.decision is Decision.REVIEW
    helped = _by(link_filing(filing, registry, poa_grantor="David W. Carter"),
                 Role.REPORTING_OWNER)[0]  # fmt: skip
    assert helped.decision is Decision.LINKED
    assert helped.entity is not None and helped.entity.cik == CARTER
    assert helped.score > alone.score


def test_without_registry_mentions_still_refer_to_each_other() -> None:
    links = link_filing(
        _filing("CARTER DAVID WARREN", signature="/s/ David W. Carter"),
        None,
        poa_grantor="David W. Carter",
    )
    assert all(link.entity is None for link in links)
    assert _by(links, Role.SIGNER)[0].refers_to == "reportingOwner[0]"
    assert _by(links, Role.POA_GRANTOR)[0].refers_to == "reportingOwner[0]"


def test_stated_ciks_are_taken_as_given(registry: Registry) -> None:
    links = link_filing(
        _filing("CARTER DAVID WARREN", owner_cik="900001", issuer_cik=IMMUNOGEN), registry
    )
    owner = _by(links, Role.REPORTING_OWNER)[0]
    assert owner.score == 1.0 and owner.entity is not None and owner.entity.cik == CARTER


def test_fill_ciks_sets_confidence_and_provenance(registry: Registry) -> None:
    filing = _filing("Carter, David W.", issuer="ImmunoGen Inc")
    links = link_filing(filing, registry)
    filled = fill_ciks(filing, links)
    cik = filled.reporting_owners[0].reporting_owner_id.rpt_owner_cik
    assert cik is not None and cik.value == CARTER
    owner_link = _by(links, Role.REPORTING_OWNER)[0]
    assert cik.confidence == owner_link.score
    assert cik.provenance is not None and cik.provenance.stage == "linking"
    assert cik.provenance.source is Source.TEXT
    assert filled.issuer.issuer_cik is not None and filled.issuer.issuer_cik.value == IMMUNOGEN
    assert filing.issuer.issuer_cik is None  # the input is untouched
    xml = to_xml(filled).decode()
    assert f"<issuerCik>{IMMUNOGEN}</issuerCik>" in xml
    assert f"<rptOwnerCik>{CARTER}</rptOwnerCik>" in xml


def test_fill_ciks_keeps_a_stated_cik(registry: Registry) -> None:
    filing = _filing("CARTER DAVID WARREN", owner_cik="0000123456")
    filled = fill_ciks(filing, link_filing(filing, registry))
    assert filled.reporting_owners[0].reporting_owner_id.rpt_owner_cik.value == "0000123456"


@pytest.mark.parametrize(
    ("text", "signer", "behalf", "attorney"),
    [
        ("/s/ Craig Barrows, attorney in fact.", "Craig Barrows", None, True),
        ("/s/ Jung Yeon Son, Attorney-in-fact for Roelof Botha", "Jung Yeon Son",
         "Roelof Botha", True),
        ("/s/ Roelof Botha, by Kathy Hibbs, attorney-in-fact", "Kathy Hibbs", "Roelof Botha",
         True),
        ("/s/ Roelof Botha by Guy Chayoun, attorney-in-fact", "Guy Chayoun", "Roelof Botha",
         True),
        ("Donna Kalazdy, by power of attorney from Michael Feld", "Donna Kalazdy",
         "Michael Feld", True),
        ("/s/Christopher Ferro, attorney in fact to Roelof Frederik Botha", "Christopher Ferro",
         "Roelof Frederik Botha", True),
        ("/s/ Michael Johnson as attorney-in-fact for Peter Thiel", "Michael Johnson",
         "Peter Thiel", True),
        ("By: Kristin Johnston, Attorney-in-fact For: the Reporting Person", "Kristin Johnston",
         None, True),
        ("/s/ Samantha Harnett, attorney-in-fact of the Reporting Person", "Samantha Harnett",
         None, True),
        ("Jeremy M. Sclar 2012 Irrevocable Family Trust By: /s/ Richard A. Marks, Trustee",
         "Richard A. Marks", "Jeremy M. Sclar 2012 Irrevocable Family Trust", False),
        ("Mithril II LP By: Mithril II GP LP, its general partner By: Mithril II UGP LLC, its "
         "general partner, By: /s/ Ajay Royan, Managing Member", "Ajay Royan", "Mithril II LP",
         False),
        ("/s/ Ajay Royan, Managing Member, Mithril II UGP LLC", "Ajay Royan", None, False),
        ("/s/ Warren E. Buffett, on behalf of himself and each other reporting person hereunder",
         "Warren E. Buffett", None, False),
        ("/s/Adeoye Olukotun", "Adeoye Olukotun", None, False),
        ("/s/ Justin V. Laubach, under power of attorney", "Justin V. Laubach", None, True),
    ],
)  # fmt: skip
def test_parse_signature(text: str, signer: str, behalf: str | None, attorney: bool) -> None:
    parts = parse_signature(text)
    assert (parts.signer, parts.on_behalf_of, parts.attorney) == (signer, behalf, attorney)
