"""Binders: a PDF holding several filings is cut where a new form starts; a power of attorney
stays with the filing it follows; each filing keeps its page range."""

from __future__ import annotations

import json
from pathlib import Path

from extract.batch.local import run_batch
from extract.batch.split import Part, page_role, pdf_page_texts, split_pages
from extract.batch.synth import binder_pdf, poa_pdf
from extract.batch.tasks import DocTask, PartsPlan, TaskSettings, convert_document, convert_part
from extract.eval.score import printed_only, score_filing
from extract.readers.xml import read_ownership_xml
from extract.render import render_bytes
from extract.synth.generate import synthetic_filing

FILINGS = [synthetic_filing(seed) for seed in (101, 202, 303)]


def test_page_roles_of_forms_and_a_power_of_attorney() -> None:
    assert [page_role(t) for t in pdf_page_texts(render_bytes(FILINGS[0], "paper"))] == ["form"]
    assert [page_role(t) for t in pdf_page_texts(poa_pdf(3))] == ["poa"]
    assert page_role("Quarterly newsletter\nNothing to see here.") == "other"
    # OCR-style misreads still match the title and the first box
    ocr = ("FORM 4 UNITED STATES SECURITIES AND EXCHANGE COMMlSSION\nSTATEMENT 0F CHANGES IN "
           "BENEFlCIAL OWNERSHIP\n1. Name and Addres of Reporting Person*")
    assert page_role(ocr) == "form"


def test_split_rules() -> None:
    assert split_pages(["form", "other", "form", "poa", "other", "form"]) == [
        Part(1, (1, 2)), Part(2, (3,), (4, 5)), Part(3, (6,))]
    # a cover page and a leading POA join the first filing; no form page gives one part
    assert split_pages(["other", "poa", "form", "form"]) == [Part(1, (1, 3), (2,)),
                                                             Part(2, (4,))]
    assert split_pages(["other", "other"]) == [Part(1, (1, 2))]
    assert Part(2, (3,), (4, 5)).label == "pages=3-5"


def test_a_binder_of_three_filings_and_a_poa(tmp_path: Path) -> None:
    binder = binder_pdf(FILINGS, poa_after=2, poa_seed=5)
    task = DocTask("0" * 64, "binder.pdf")
    cfg = TaskSettings()
    plan = convert_document(task, binder, cfg)
    assert isinstance(plan, PartsPlan)
    assert [(p.form_pages, p.poa_pages) for p in plan.parts] == [((1,), ()), ((2,), (3,)),
                                                                  ((4,), ())]
    outs = [convert_part(task, binder, cfg, part, len(plan.parts)) for part in plan.parts]
    assert [o.path for o in outs] == ["binder.pdf#pages=1-1", "binder.pdf#pages=2-3",
                                      "binder.pdf#pages=4-4"]
    assert [(o.first_page, o.last_page) for o in outs] == [(1, 1), (2, 3), (4, 4)]
    assert len({o.key for o in outs}) == 3
    for out, truth in zip(outs, FILINGS, strict=True):
        result = out.result()
        assert result.status.value == "success", result.errors
        score = score_filing(result.filing, truth, keep=printed_only)
        assert score.exact, score.mismatches[:3]
    # the power of attorney is read with the filing it follows, and only there
    assert [o.result().power_of_attorney is not None for o in outs] == [False, True, False]
    assert outs[1].tables["poa"] and outs[1].tables["poa"][0]["filing_key"] == outs[1].key


def test_the_batch_writes_one_filing_per_part(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "binder.pdf").write_bytes(binder_pdf(FILINGS, poa_after=2, poa_seed=5))
    summary = run_batch([src], tmp_path / "out")
    assert (summary.converted, summary.filings, summary.binders) == (1, 3, 1)
    docs = sorted((tmp_path / "out" / "json").glob("*.json"))
    paths = sorted(json.loads(p.read_text())["source"]["path"].rsplit("#", 1)[-1] for p in docs)
    assert paths == ["pages=1-1", "pages=2-3", "pages=4-4"]
    xml = sorted((tmp_path / "out" / "xml").glob("*.xml"))
    symbols = sorted(read_ownership_xml(p.read_bytes()).filing.issuer.issuer_trading_symbol.value
                     for p in xml)
    assert symbols == sorted(f.issuer.issuer_trading_symbol.value for f in FILINGS)
