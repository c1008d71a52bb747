"""Train the POA NER pipeline: ``python -m extract.nlp.train [--out DIR] [--docs N] [--epochs N]``.

Regenerates the synthetic training data with a fixed seed (:mod:`extract.nlp.generate`), trains a
small CPU pipeline (blank ``en`` tokenizer + ``ner`` with its own hash-embedding CNN tok2vec), and
writes the pipeline (``config.cfg``, weights, tokenizer) and ``MODEL_CARD.md`` with its evaluation
to ``models/poa_ner/``. No pretrained model or vectors are used. Runs in about two minutes on one
core with the defaults; ``--docs 20 --epochs 1`` runs in seconds (used by a test).
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from extract.nlp.generate import LABELS, SyntheticPoa, generate
from extract.nlp.ner import MODEL_DIR, customise_tokenizer

__all__ = ["TrainSettings", "TrainReport", "build_pipeline", "main", "train", "write_card"]

log = logging.getLogger(__name__)

NER_MODEL: dict[str, Any] = {
    "@architectures": "spacy.TransitionBasedParser.v2",
    "state_type": "ner",
    "extra_state_tokens": False,
    "hidden_width": 64,
    "maxout_pieces": 2,
    "use_upper": True,
    "nO": None,
    "tok2vec": {
        "@architectures": "spacy.HashEmbedCNN.v2",
        "pretrained_vectors": None,
        "width": 64,
        "depth": 4,
        "embed_size": 2000,
        "window_size": 1,
        "maxout_pieces": 3,
        "subword_features": True,
    },
}


class TrainSettings(BaseModel):
    model_config = ConfigDict(frozen=True)

    docs: int = 600
    eval_docs: int = 150
    epochs: int = 6
    seed: int = 16
    dropout: float = 0.2
    keep_empty_paragraphs: float = 0.25
    """Share of paragraphs without entities kept as negative examples."""
    out: str = str(MODEL_DIR)
    write_card: bool = True


class TrainReport(BaseModel):
    model_config = ConfigDict(frozen=True)

    out: str
    train_examples: int
    train_words: int
    misaligned_spans: int
    seconds: float
    cpu_seconds: float
    losses: tuple[float, ...]
    scores: dict[str, Any]
    size_bytes: int


def build_pipeline() -> Any:
    """A blank English pipeline with the customised tokenizer and an untrained ``ner``."""
    import spacy

    nlp = spacy.blank("en")
    customise_tokenizer(nlp)
    ner: Any = nlp.add_pipe("ner", config={"model": NER_MODEL})
    for label in LABELS:
        ner.add_label(label)
    return nlp


def _paragraphs(doc: SyntheticPoa) -> list[tuple[str, list[tuple[int, int, str]]]]:
    """Split a document at blank lines; entity spans follow their paragraph."""
    out = []
    text = doc.text
    pos = 0
    for chunk in text.split("\n\n"):
        start, end = pos, pos + len(chunk)
        ents = [(s - start, e - start, lab) for s, e, lab in doc.entities if start <= s and e <= end]
        if chunk.strip():
            out.append((chunk, ents))
        pos = end + 2
    return out


def _examples(nlp: Any, docs: list[SyntheticPoa], rng: random.Random, keep_empty: float,
              split: bool) -> tuple[list[Any], int, int]:
    from spacy.training import Example

    examples, words, bad = [], 0, 0
    for d in docs:
        parts = _paragraphs(d) if split else [(d.text, list(d.entities))]
        for text, ents in parts:
            if split and not ents and rng.random() > keep_empty:
                continue
            doc = nlp.make_doc(text)
            good = []
            for s, e, lab in ents:
                if doc.char_span(s, e, label=lab) is None:
                    bad += 1
                else:
                    good.append((s, e, lab))
            examples.append(Example.from_dict(doc, {"entities": good}))
            words += len(doc)
    return examples, words, bad


def train(settings: TrainSettings | None = None) -> TrainReport:
    """Generate data, train, evaluate on held-out synthetic documents, write the pipeline."""
    from spacy.util import compounding, fix_random_seed, minibatch

    cfg = settings or TrainSettings()
    fix_random_seed(cfg.seed)
    t0 = time.perf_counter()
    c0 = time.process_time()
    rng = random.Random(cfg.seed)
    nlp = build_pipeline()
    train_docs = generate(cfg.docs, seed=cfg.seed)
    eval_docs = generate(cfg.eval_docs, seed=cfg.seed + 1000)
    train_ex, n_words, bad = _examples(nlp, train_docs, rng, cfg.keep_empty_paragraphs, split=True)
    eval_ex, _, _ = _examples(nlp, eval_docs, rng, 1.0, split=False)
    optimizer = nlp.initialize(lambda: train_ex[:500])
    losses_per_epoch = []
    for epoch in range(cfg.epochs):
        rng.shuffle(train_ex)
        losses: dict[str, float] = {}
        for batch in minibatch(train_ex, size=compounding(4.0, 32.0, 1.001)):
            nlp.update(batch, drop=cfg.dropout, sgd=optimizer, losses=losses)
        losses_per_epoch.append(round(losses.get("ner", 0.0), 1))
        log.info("epoch %d loss %.1f (%.0fs)", epoch + 1, losses.get("ner", 0.0), time.perf_counter() - t0)
    cpu = time.process_time() - c0
    scores = nlp.evaluate(eval_ex)
    out = Path(cfg.out)
    nlp.meta.update({
        "name": "poa_ner",
        "version": "0.1.0",
        "description": "sec16 power-of-attorney NER (PERSON, ORG, DATE), trained on synthetic POAs",
        "license": "same as sec16",
        "author": "sec16",
    })
    nlp.to_disk(out)
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    report = TrainReport(
        out=str(out), train_examples=len(train_ex), train_words=n_words, misaligned_spans=bad,
        seconds=round(time.perf_counter() - t0, 1), cpu_seconds=round(cpu, 1),
        losses=tuple(losses_per_epoch),
        scores={k: scores.get(k) for k in ("ents_p", "ents_r", "ents_f", "ents_per_type")},
        size_bytes=size,
    )
    (out / "training.json").write_text(
        json.dumps({"settings": cfg.model_dump(exclude={"out"}), "report": report.model_dump()}, indent=1,
                   sort_keys=True), encoding="utf-8")
    if cfg.write_card:
        write_card(out)
    return report


def write_card(out: Path | str = MODEL_DIR) -> None:
    """(Re)write ``MODEL_CARD.md`` from ``training.json`` and the current benchmark."""
    out = Path(out)
    data = json.loads((out / "training.json").read_text(encoding="utf-8"))
    cfg = TrainSettings(**data["settings"], out=str(out))
    report = TrainReport(**{**data["report"], "out": str(out)})
    (out / "MODEL_CARD.md").write_text(model_card(report, cfg), encoding="utf-8")


def _dev_table(out: str) -> str:
    """Role scores on the real dev exhibits (when ../shared is present)."""
    try:
        from benchmarks.bench_poa import accuracy_table
    except ImportError:
        return "_The benchmark module is not importable here; run `python -m benchmarks.bench_poa`._\n"
    try:
        return accuracy_table(out)
    except FileNotFoundError as exc:
        return f"_Dev exhibits not available ({exc}); run `python -m benchmarks.bench_poa`._\n"


def model_card(report: TrainReport, cfg: TrainSettings) -> str:
    per_type = report.scores.get("ents_per_type") or {}
    rows = "\n".join(
        f"| {lab} | {v['p']:.3f} | {v['r']:.3f} | {v['f']:.3f} |" for lab, v in sorted(per_type.items()))
    return f"""# poa_ner: power-of-attorney NER for sec16

Trained here by `python -m extract.nlp.train` on {datetime.now(UTC):%Y-%m-%d}. Nothing
was downloaded: blank English tokenizer (`/s/` and `Name:X` split off) and one `ner` component
(transition-based parser over a hash-embedding CNN tok2vec: width 64, depth 4, 2000 rows per
feature, window 1, subword features; hidden width 64). No vectors, no pretrained weights.

## Labels
`PERSON`, `ORG`, `DATE`. Roles (grantor, attorneys-in-fact, company, date executed) are not
learned: `extract/nlp/roles.py` assigns them from the entity spans and their context.

## Training data
`extract/nlp/generate.py`, seed {cfg.seed}: {cfg.docs} synthetic powers of attorney in 6
drafting styles (formal "Know all by these presents", "I, X", Section 16 reporting person,
Schedule A lists, confirming statements, several grantors and funds signing through a person),
invented names (initials, particles such as "van der", suffixes, upper case) and companies, and
date wordings ("this 11th day of June 2008", "the eleventh day of June, 2008", "Dated: 6/11/08",
"June 11, 2008", "11 June 2008", ISO). About half the documents are hard-wrapped at 55-100
columns (names split across lines). Documents are split at blank lines;
{cfg.keep_empty_paragraphs:.0%} of paragraphs without entities are kept as negatives.
{report.train_examples} examples, {report.train_words} tokens, {report.misaligned_spans} entity
spans not aligned to tokens (dropped). The vocabularies contain none of the people or companies
of the real dev exhibits (a test checks it), so the dev evaluation below is not memorised.

Settings: {cfg.epochs} epochs, dropout {cfg.dropout}, batch size compounding 4 to 32, Adam
(spaCy defaults). Training used {report.cpu_seconds:.0f} s of CPU on one core ({report.seconds:.0f} s
wall clock on the shared build machine). Loss per epoch:
{", ".join(f"{x:.1f}" for x in report.losses)}. The `[training]` block of `config.cfg` is spaCy's
default and unused: the training loop is `extract/nlp/train.py` (settings above).

## Evaluation on {cfg.eval_docs} held-out synthetic documents (seed {cfg.seed + 1000}, whole documents)
Entity P/R/F (exact span and label): P {report.scores['ents_p']:.3f}, R {report.scores['ents_r']:.3f},
F {report.scores['ents_f']:.3f}.

| label | P | R | F |
|---|---|---|---|
{rows}

## Evaluation on the real dev exhibits (roles)
Roles are assigned by the same code whatever found the entities; "model" uses the NER alone,
"rules" the patterns alone, "both" the merge used in production. See
`benchmarks/POA_BENCHMARK.md` for how to read these rows (the rules were written while reading
the dev exhibits; the model never saw them).

{_dev_table(report.out)}
## Size and speed
{report.size_bytes / 1e6:.1f} MB on disk. `python -m benchmarks.bench_poa` measures milliseconds per
POA after load on one core (about 15 ms median, under 30 ms worst, for "both" on the dev exhibits:
the model runs only on the clause, definition and signature windows of the text).

## Limits
- Trained only on synthetic text; typed exhibits of the usual Section 16 boilerplate. Scanned
  POAs need OCR first (the text API accepts OCR'd text with word boxes).
- Entity scores are not calibrated probabilities: a model entity gets a fixed score (0.9), a
  rule entity 0.95 (0.8 for a bare name line), and agreement of both 1.0.
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m extract.nlp.train", description=__doc__)
    parser.add_argument("--out", default=str(MODEL_DIR))
    parser.add_argument("--docs", type=int, default=TrainSettings().docs)
    parser.add_argument("--eval-docs", type=int, default=TrainSettings().eval_docs)
    parser.add_argument("--epochs", type=int, default=TrainSettings().epochs)
    parser.add_argument("--seed", type=int, default=TrainSettings().seed)
    parser.add_argument("--no-card", action="store_true")
    parser.add_argument("--card-only", action="store_true",
                        help="rewrite MODEL_CARD.md of --out from training.json, no training")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if args.card_only:
        write_card(args.out)
        return 0
    report = train(TrainSettings(docs=args.docs, eval_docs=args.eval_docs, epochs=args.epochs,
                                 seed=args.seed, out=args.out, write_card=not args.no_card))
    log.info("wrote %s: %.1f MB, entity F %.3f, %.0f s", report.out, report.size_bytes / 1e6,
             report.scores["ents_f"], report.seconds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
