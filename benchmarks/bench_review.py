"""Review queue: the calibration curve, truth-corrected exactness and item page latency.

    python -m benchmarks.bench_review [--limit N] [--step N] [--offset N] [--style text|html|scan]
                                      [--noise 0.03] [--target 0.005] [--skip-latency]

1. Dev ownership XML (../shared/corpus/dev, dev split only) rendered as ``--style``, extracted
   by the real pipeline and compared with the XML, field by field (printed fields).
   a. REAL: the extractor's own confidences on clean renderings, or with ``--style scan`` on
      300 dpi light-noise scans of the paper form (``extract.render.scan``) read by OCR with
      the shipped calibration (``models/ocr_confidence.json``).
   b. SIMULATED NOISE (labelled; stands in for 300 dpi scans until the OCR reader of issue 4
      exists): ``extract.review.simulate.perturb_filing`` corrupts ``--noise`` of the fields
      and draws confidences (corrupted ~ Beta(3, 3), 5% of them confidently wrong; clean
      ~ 1 - Beta(1, 30)).
   Thresholds are fitted on the even-numbered documents and measured on the odd ones; the
   whole curve (one global threshold, swept) is printed for the measured half.
2. Every measured document goes through a SQLite review store with the fitted thresholds;
   each queued item is decided from the truth (accept if right; correct to the truth's value
   and footnote references otherwise, creating a missing field; remove a value the truth
   does not have) and the share of exact documents is printed (with and without confidently
   wrong fields, and with dropped fields), with the reasons the other documents are not
   exact: a row lost or split, footnote text, a confidently wrong field nobody saw, an
   optional field missed, an extra field not queued.
3. Item page latency (FastAPI TestClient, in process): a long text rendering (two pages of
   rows) and a two-page PDF with the field on page 2 (page HTML and the cropped image).

Prints tables; asserts nothing.
"""

from __future__ import annotations

import argparse
import csv
import re
import statistics
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from extract.eval.score import printed_only, score_filing
from extract.ir.filing import Filing
from extract.ir.lexical import format_value
from extract.ir.result import Result
from extract.pipeline import extract_bytes
from extract.readers.xml import read_ownership_xml
from extract.render import render_bytes
from extract.review.calibrate import (
    Observation,
    curve,
    evaluate,
    fit_thresholds,
    format_curve,
    global_threshold,
    observations_from_pair,
)
from extract.review.corrections import get_leaf
from extract.review.errors import ReviewError
from extract.review.routing import FAMILIES
from extract.review.simulate import NoiseModel, perturb_filing
from extract.review.store import ReviewStore

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"


def dev_xml_paths() -> list[Path]:
    with open(CORPUS / "index.csv", newline="") as handle:
        return [CORPUS / r["path"] for r in csv.DictReader(handle)
                if r["split"] == "dev" and r["kind"] == "ownership-xml"]


def extract_dev(style: str, limit: int | None) -> list[tuple[Result, Filing]]:
    out = []
    for path in dev_xml_paths()[:limit]:
        truth = read_ownership_xml(path.read_bytes(), path=str(path)).filing
        result = extract_bytes(render_bytes(truth, style), path=f"{path.name}.{style}")
        if result.filing is not None:
            out.append((result, truth))
    return out


def _scan_one(task: tuple[str, int]) -> str | None:
    """One dev filing as a 300 dpi light-noise scan (paper look), read by the pipeline with
    the shipped confidence calibration."""
    from extract.ocr.engine import OcrSettings
    from extract.readers.scan import read_scan
    from extract.render.scan import render_scan

    path, seed = Path(task[0]), task[1]
    truth = read_ownership_xml(path.read_bytes(), path=str(path)).filing
    data = render_scan(truth, look="paper", dpi=300, noise="light", seed=seed, fmt="tiff")
    cfg = OcrSettings(workers=1)
    result = extract_bytes(data, path=f"{path.name}.scan.tif",
                           read=lambda _k, blob, where: read_scan(blob, path=where, settings=cfg))
    # pydantic's generic leaves do not pickle: the result crosses the process boundary as JSON
    return result.model_dump_json() if result.filing is not None else None


def extract_scans(limit: int | None, step: int, offset: int = 0) -> list[tuple[Result, Filing]]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    tasks = [(str(p), i) for i, p in enumerate(dev_xml_paths()[offset::step][:limit])]
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=2, mp_context=spawn) as pool:
        found = list(pool.map(_scan_one, tasks))
    return [(Result.model_validate_json(text),
             read_ownership_xml(Path(path).read_bytes(), path=path).filing)
            for (path, _seed), text in zip(tasks, found, strict=True) if text is not None]


def with_noise(pairs: list[tuple[Result, Filing]], noise: NoiseModel
               ) -> list[tuple[Result, Filing]]:
    out = []
    for i, (result, truth) in enumerate(pairs):
        assert result.filing is not None
        filing, _ = perturb_filing(result.filing, 1000 + i, noise)
        out.append((result.model_copy(update={"filing": filing}), truth))
    return out


def observe(pairs: list[tuple[Result, Filing]]) -> list[Observation]:
    obs: list[Observation] = []
    for result, truth in pairs:
        assert result.filing is not None
        obs.extend(observations_from_pair(result.filing, truth))
    return obs


def calibrate_and_report(label: str, pairs: list[tuple[Result, Filing]], target: float
                         ) -> dict[str, float]:
    fit_half, eval_half = pairs[0::2], pairs[1::2]
    fit_obs, eval_obs = observe(fit_half), observe(eval_half)
    fit = fit_thresholds(fit_obs, target)
    measured = evaluate(eval_obs, fit.thresholds)
    print(f"\n== {label} ==")
    print(f"fields: fit {len(fit_obs)} ({sum(o.wrong for o in fit_obs)} wrong), "
          f"measured {len(eval_obs)} ({sum(o.wrong for o in eval_obs)} wrong)")
    print("fitted thresholds: " + ", ".join(f"{f} {t:.4f}" for f, t in sorted(fit.thresholds.items())))
    print(f"with the fitted thresholds, on the measured half: queued {measured.queued_share:.2%}, "
          f"error among auto-accepted {measured.accepted_error:.3%} "
          f"({measured.wrong_accepted} of {measured.accepted}); target {target:.3%}")
    one = global_threshold(fit_obs, target)
    point = evaluate(eval_obs, {}, default=one)
    print(f"one global threshold fitted on the fit half ({one:.4f}, point estimate), on the "
          f"measured half: queued {point.queued_share:.2%}, error among auto-accepted "
          f"{point.accepted_error:.3%} ({point.wrong_accepted} of {point.accepted})")
    print("curve on the measured half (one global threshold):")
    print(format_curve(curve(eval_obs)))
    return fit.thresholds


def _truth_decision(current: Filing | None, truth: Filing, path: str
                    ) -> tuple[str, str, str | None]:
    """What a reviewer reading the printed form does with the item at ``path``:
    ``("accept", "", None)``, ``("clear", "", None)`` or ``("correct", value, footnotes)``."""
    if not path or current is None:
        return "accept", "", None
    try:
        want = get_leaf(truth, path)
        have = get_leaf(current, path)
    except ReviewError:  # a finding on a group: nothing to type
        return "accept", "", None
    if not printed_only(path):
        return "accept", "", None
    same = ((want is None or not want.present) and (have is None or not have.present)) or (
        want is not None and have is not None and want.present and have.present
        and _canon(want) == _canon(have))
    if same:
        return "accept", "", None
    if want is None or not want.present:
        return "clear", "", None
    value = format_value(want.value) if want.value is not None else ""
    return "correct", value, ",".join(want.footnote_ids)


def _canon(leaf: object) -> tuple[str, tuple[str, ...]]:
    value = getattr(leaf, "value", None)
    notes = tuple(sorted(getattr(leaf, "footnote_ids", ())))
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return ("0" if text in ("-0", "0.0") else text), notes
    if isinstance(value, str):
        return " ".join(value.split()), notes
    return (format_value(value) if value is not None else ""), notes


def _rows(filing: Filing | None) -> tuple[int, int, int, int]:
    if filing is None:
        return (0, 0, 0, 0)
    t1, t2 = filing.non_derivative_table, filing.derivative_table
    return (len(t1.transactions) if t1 else 0, len(t1.holdings) if t1 else 0,
            len(t2.transactions) if t2 else 0, len(t2.holdings) if t2 else 0)


#: Why a document is not exact after the truth review, most structural first.
FAILURE_REASONS = (
    "row count differs (a row lost or split: no item can add or drop a row)",
    "footnote text wrong, not queued (confident)",
    "confidently wrong field, not queued",
    "optional field missed (not required by the form, so not queued)",
    "extra field, not queued (confident)",
    "queued, still wrong",
)


def _failure(path: str, predicted: str | None, queued: set[str], rows_differ: bool) -> str:
    if path in queued:
        return FAILURE_REASONS[5]
    if rows_differ and re.search(r"Table/\w+\[\d+\]", path):
        return FAILURE_REASONS[0]
    if path.startswith("footnotes/"):
        return FAILURE_REASONS[1]
    if predicted is None:
        return FAILURE_REASONS[3]
    return FAILURE_REASONS[2]


@dataclass
class TruthReview:
    docs: int = 0
    exact: int = 0
    decisions: int = 0
    seconds: float = 0.0
    actions: Counter[str] = field(default_factory=Counter)
    missing_items: int = 0
    doc_reasons: Counter[str] = field(default_factory=Counter)  # a document's first reason
    field_reasons: Counter[str] = field(default_factory=Counter)


def truth_review(pairs: list[tuple[Result, Filing]], thresholds: dict[str, float]
                 ) -> TruthReview:
    """Decide every queued item from the truth (accept, correct to the truth's value and
    footnotes, create a missing field, clear an extra one); count exact documents and say
    why the others are not."""
    out = TruthReview()
    with tempfile.TemporaryDirectory() as tmp:
        store = ReviewStore(Path(tmp) / "bench.sqlite")
        store.save_settings({"thresholds": thresholds, "default_threshold": 0.0})
        truth_of: dict[int, Filing] = {}
        for result, truth in pairs:
            doc_id, _ = store.add_result(result)
            truth_of[doc_id] = truth
        queued: dict[int, set[str]] = {}
        started = time.perf_counter()
        while (item := store.lease_next("truth")) is not None:
            out.decisions += 1
            queued.setdefault(item.document_id, set()).add(item.path)
            out.missing_items += "missing" in item.reason.split(", ")
            action, value, notes = _truth_decision(
                store.result(item.document_id).filing, truth_of[item.document_id], item.path)
            out.actions[action] += 1
            try:
                if action == "accept":
                    store.accept(item.id, "truth")
                elif action == "clear":
                    store.correct(item.id, "truth", "", clear=True)
                else:
                    store.correct(item.id, "truth", value, footnote_ids=notes)
            except ReviewError:  # a finding on a path the model cannot take: accept it
                out.actions["refused"] += 1
                store.accept(item.id, "truth")
        out.seconds = (time.perf_counter() - started) / max(out.decisions, 1)
        out.docs = len(truth_of)
        for doc_id, truth in truth_of.items():
            filing = store.result(doc_id).filing
            score = score_filing(filing, truth, keep=printed_only)
            if score.exact:
                out.exact += 1
                continue
            rows_differ = _rows(filing) != _rows(truth)
            reasons = [_failure(path, pred, queued.get(doc_id, set()), rows_differ)
                       for path, pred, _want in score.mismatches]
            out.field_reasons.update(reasons)
            out.doc_reasons[min(reasons, key=FAILURE_REASONS.index)] += 1
        store.close()
    return out


def print_review(name: str, review: TruthReview) -> None:
    actions = ", ".join(f"{k} {v}" for k, v in sorted(review.actions.items()))
    print(f"{name:56} {review.exact}/{review.docs} exact documents "
          f"({review.exact / max(review.docs, 1):.1%}) after {review.decisions} decisions "
          f"({actions}; {review.missing_items} missing-field items), "
          f"{review.seconds * 1000:.1f} ms per decision")
    for reason in FAILURE_REASONS:
        if review.doc_reasons[reason] or review.field_reasons[reason]:
            print(f"    not exact: {reason}: {review.doc_reasons[reason]} documents "
                  f"(first reason), {review.field_reasons[reason]} fields")


def latency(runs: int = 40) -> None:
    from fastapi.testclient import TestClient
    from PIL import Image, ImageDraw

    from extract.ir.values import Provenance, Source
    from extract.review.corrections import set_leaf
    from extract.review.web import create_app
    from extract.synth.generate import synthetic_filing

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "latency.sqlite"
        store = ReviewStore(db)
        # a long text rendering: 30 Table I rows, two printed pages' worth
        base = next(f for f in (synthetic_filing(s) for s in range(50))
                    if f.non_derivative_table and f.non_derivative_table.transactions)
        table = base.non_derivative_table
        assert table is not None and table.transactions
        rows = (table.transactions * 30)[:30]
        long = base.model_copy(update={"non_derivative_table": table.model_copy(
            update={"transactions": rows})})
        text = render_bytes(long, "text")
        result = extract_bytes(text, path="long.txt")
        assert result.filing is not None
        path = "nonDerivativeTable/nonDerivativeTransaction[28]/transactionAmounts/transactionShares/value"
        leaf = get_leaf(result.filing, path)
        assert leaf is not None
        filing = set_leaf(result.filing, path, leaf.model_copy(update={"confidence": 0.3}))
        store.add_result(result.model_copy(update={"filing": filing}), source=text)
        # a two-page PDF (letter, 72 dpi) with the field on page 2
        pages = [Image.new("RGB", (612, 792), "white") for _ in range(2)]
        for n, page in enumerate(pages, 1):
            ImageDraw.Draw(page).text((72, 72), f"FORM 4 page {n}  GRANITE ENERGY INC", fill="black")
        pdf = Path(tmp) / "two-pages.pdf"
        pages[0].save(pdf, format="PDF", save_all=True, append_images=pages[1:], resolution=72)
        name = get_leaf(base, "issuer/issuerName")
        assert name is not None
        placed = name.model_copy(update={"confidence": 0.2, "provenance": Provenance(
            source=Source.PDF_TEXT, page=2, bbox=(150.0, 70.0, 330.0, 84.0))})
        from extract.ir.result import MediaKind, SourceMeta, Status
        pdf_result = Result(source=SourceMeta(path="two-pages.pdf", sha256="b" * 64,
                                              media_type="application/pdf", pages=2,
                                              kind=MediaKind.HTML_RENDERING),
                            status=Status.SUCCESS, filing=set_leaf(base, "issuer/issuerName", placed))
        store.add_result(pdf_result, source=pdf.read_bytes())
        items = {i.document_path: i.id for i in store.items()}
        store.close()
        client = TestClient(create_app(db))
        client.get("/")
        print("\n== item page latency (TestClient, in process; median / p95 of "
              f"{runs} loads after one warm-up) ==")
        for label, url in (
            ("text rendering, 30 rows (span on line ~50)", f"/item/{items['long.txt']}"),
            ("two-page PDF, page 2: HTML", f"/item/{items['two-pages.pdf']}"),
            ("two-page PDF, page 2: cropped PNG", f"/item/{items['two-pages.pdf']}/page.png"),
        ):
            client.get(url)
            times = []
            for _ in range(runs):
                start = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200, response.text[:200]
            times.sort()
            print(f"{label:45} {statistics.median(times):7.1f} ms  "
                  f"{times[int(0.95 * (len(times) - 1))]:7.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=None, help="at most N dev documents")
    parser.add_argument("--style", choices=["text", "html", "scan"], default="text",
                        help="scan: 300 dpi light-noise scans of the paper form, OCR'd")
    parser.add_argument("--step", type=int, default=1, help="every Nth dev document")
    parser.add_argument("--offset", type=int, default=0,
                        help="start at the Nth dev document (scan style; --offset 1 --step 4 "
                             "is disjoint from --step 4)")
    parser.add_argument("--noise", type=float, default=0.03)
    parser.add_argument("--target", type=float, default=0.005)
    parser.add_argument("--skip-latency", action="store_true")
    args = parser.parse_args()

    started = time.perf_counter()
    pairs = (extract_scans(args.limit, args.step, args.offset) if args.style == "scan"
             else extract_dev(args.style, args.limit))
    print(f"{len(pairs)} dev documents rendered as {args.style} and extracted "
          f"in {time.perf_counter() - started:.1f}s")
    real = calibrate_and_report(f"REAL: {args.style} renderings, extractor confidences",
                                pairs, args.target)
    noisy = with_noise(pairs, NoiseModel(error_rate=args.noise))
    label = (f"SIMULATED NOISE: {args.style} renderings + perturb_filing(error_rate="
             f"{args.noise}, 5% confidently wrong) -- not OCR")
    thresholds = calibrate_and_report(label, noisy, args.target)
    print("\n== truth-corrected review of every queued item (measured half, SQLite store) ==")
    for name, data, cut in (
        ("REAL", pairs[1::2], real),
        ("SIMULATED NOISE", noisy[1::2], thresholds),
        ("SIMULATED NOISE, no confident errors", with_noise(
            pairs, NoiseModel(error_rate=args.noise, confident_error_share=0.0))[1::2],
         thresholds),
        ("SIMULATED NOISE, every error under 0.85, thresholds 0.9", with_noise(
            pairs, NoiseModel(error_rate=args.noise, confident_error_share=0.0,
                              error_confidence_cap=0.85))[1::2],
         dict.fromkeys(FAMILIES, 0.9)),
        ("SIMULATED NOISE as above, a third of errors dropped", with_noise(
            pairs, NoiseModel(error_rate=args.noise, confident_error_share=0.0,
                              error_confidence_cap=0.85, drop_share=0.33))[1::2],
         dict.fromkeys(FAMILIES, 0.9)),
    ):
        print_review(name, truth_review(data, cut))
    if not args.skip_latency:
        latency()


if __name__ == "__main__":
    main()
