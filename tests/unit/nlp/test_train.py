"""The training command works (a tiny run) and the shipped pipeline is what the card says."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extract.errors import EngineError
from extract.nlp.ner import MODEL_DIR, load_pipeline, model_entities
from extract.nlp.train import TrainSettings, main, train

SEED_POA = """POWER OF ATTORNEY

KNOW ALL BY THESE PRESENT, that the undersigned hereby constitutes and appoints each of
Daniel M. Junius, David G. Foster and Craig Barrows of ImmunoGen, Inc. (the "Company"), acting
singly, the undersigned's true and lawful attorney-in-fact to: ...

IN WITNESS WHEREOF, the undersigned has caused this Power of Attorney to be executed this 11th day
of June 2008.

/s/ David W. Carter

Print Name: David W. Carter
"""


def test_tiny_training_run(tmp_path: Path) -> None:
    report = train(TrainSettings(docs=12, eval_docs=3, epochs=1, out=str(tmp_path / "m"), write_card=False))
    assert (tmp_path / "m" / "config.cfg").is_file() and (tmp_path / "m" / "training.json").is_file()
    assert report.train_examples > 0 and report.misaligned_spans == 0
    ents = model_entities("/s/ Jane Doe\n", path=str(tmp_path / "m"))
    assert all(e.source == "model" for e in ents)


def test_training_is_reproducible(tmp_path: Path) -> None:
    """Same seed, same data, same weights."""
    for name in ("a", "b"):
        train(TrainSettings(docs=8, eval_docs=2, epochs=1, out=str(tmp_path / name), write_card=False))
    assert (tmp_path / "a" / "ner" / "model").read_bytes() == (tmp_path / "b" / "ner" / "model").read_bytes()


def test_command_line(tmp_path: Path) -> None:
    assert main(["--out", str(tmp_path / "cli"), "--docs", "6", "--eval-docs", "2", "--epochs", "1",
                 "--no-card"]) == 0
    assert (tmp_path / "cli" / "meta.json").is_file()


def test_shipped_pipeline() -> None:
    assert (MODEL_DIR / "config.cfg").is_file() and (MODEL_DIR / "MODEL_CARD.md").is_file()
    card = (MODEL_DIR / "MODEL_CARD.md").read_text()
    assert "Evaluation on the real dev exhibits" in card and "| both |" in card
    size = sum(p.stat().st_size for p in MODEL_DIR.rglob("*") if p.is_file())
    assert size < 5_000_000
    meta = json.loads((MODEL_DIR / "meta.json").read_text())
    assert meta["name"] == "poa_ner" and set(meta["labels"]["ner"]) == {"PERSON", "ORG", "DATE"}
    nlp = load_pipeline()
    assert nlp.pipe_names == ["ner"] and load_pipeline() is nlp  # loaded once
    assert [t.text for t in nlp.make_doc("By:/s/Roelof Botha")] == ["By", ":", "/s/", "Roelof", "Botha"]


def test_shipped_model_finds_the_seed_entities() -> None:
    """The model alone; it may run "Craig Barrows of ImmunoGen, Inc." together (the rules then
    give the edge in ``both`` mode, see benchmarks/POA_BENCHMARK.md)."""
    ents = {(SEED_POA[e.start:e.end], e.label) for e in model_entities(SEED_POA)}
    assert ("Daniel M. Junius", "PERSON") in ents and ("David G. Foster", "PERSON") in ents
    assert any(text.startswith("Craig Barrows") and label == "PERSON" for text, label in ents)
    assert ("David W. Carter", "PERSON") in ents
    assert any(label == "DATE" and "June" in text for text, label in ents)


def test_missing_pipeline_is_a_coded_error(tmp_path: Path) -> None:
    with pytest.raises(EngineError) as err:
        load_pipeline(str(tmp_path / "nowhere"))
    assert err.value.code == "E310"
