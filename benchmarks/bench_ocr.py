"""Scanned filings: field accuracy per scan condition, turns and skew, calibration, speed.

    python benchmarks/bench_ocr.py [--step N] [--limit N] [--looks paper,pdf]
                                   [--conditions 300:light,200:heavy] [--variants N]
                                   [--workers 2] [--speed-pages N] [--skip-speed]

Every ``--step``-th dev ownership XML (dev split only, up to ``--limit``) is rendered as a scan
with ``extract.render.scan`` (the paper form, or the EDGAR page printed by Chromium, degraded
at each ``dpi:noise`` condition, seeded by its index), then read by the whole pipeline
(``extract_bytes``: sniff, rasterize, orientation, deskew, OCR, cell re-reads, layout, fields,
validation) and scored against its XML on printed fields:

1. accuracy: micro-F1 over Table I/II cells and over header fields (issuer, owner, header,
   signature), and the share of documents read exactly, per look and condition;
2. turns: the one-page filings turned 90 and 180 degrees and skewed 3 degrees, beside the
   same filings upright;
3. calibration: among fields with confidence >= 0.9, the share wrong, and the share of fields
   under 0.9, per field family;
4. speed (one core, then two processes): seconds per page of the pipeline against a bare
   ``tesseract page.png stdout --psm 3 tsv`` on the same page images, and the 2-process
   speed-up over a fixed set of pages.

Scans are cached in ``$SEC16_BENCH_CACHE`` (default /tmp/sec16-bench-scans) by content, so
reruns skip rendering. Prints tables; asserts nothing.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import multiprocessing
import os
import subprocess
import tempfile
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

from extract.eval.score import Counts, DocScore, printed_only, score_filing
from extract.ocr.engine import OcrSettings, tesseract_version
from extract.readers.xml import read_ownership_xml
from extract.review.calibrate import Observation, observations_from_pair

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
CACHE = Path(os.environ.get("SEC16_BENCH_CACHE", "/tmp/sec16-bench-scans"))
TABLE_GROUPS = ("table1", "table2")
HEADER_GROUPS = ("header", "issuer", "owner", "signature")


def dev_xml() -> list[Path]:
    with open(CORPUS / "index.csv", newline="") as handle:
        return [CORPUS / r["path"] for r in csv.DictReader(handle)
                if r["split"] == "dev" and r["kind"] == "ownership-xml"]


def scan_bytes(xml: Path, look: str, dpi: int, noise: str, seed: int) -> bytes:
    """The scan of ``xml`` (a multi-page TIFF), from the cache when it is there."""
    from extract.render.scan import render_scan

    key = hashlib.sha256(xml.read_bytes() + f"|{look}|{dpi}|{noise}|{seed}".encode()).hexdigest()
    cached = CACHE / f"{key[:24]}.tif"
    if cached.exists():
        return cached.read_bytes()
    truth = read_ownership_xml(xml.read_bytes(), path=str(xml)).filing
    data = render_scan(truth, look="pdf" if look == "pdf" else "paper", dpi=dpi, noise=noise,
                       seed=seed, fmt="tiff")
    CACHE.mkdir(parents=True, exist_ok=True)
    tmp = cached.with_suffix(".part")
    tmp.write_bytes(data)
    tmp.replace(cached)
    return data


@dataclass
class Outcome:
    name: str
    pages: int
    seconds: float
    score: DocScore | None = None
    observations: list[Observation] = field(default_factory=list)
    error: str = ""


def read_one(task: tuple[str, bytes, int, str]) -> Outcome:
    """Extract one scan with the whole pipeline and score it against its XML."""
    from extract.pipeline import extract_bytes

    xml_path, data, dpi, name = task
    truth = read_ownership_xml(Path(xml_path).read_bytes(), path=xml_path).filing
    pages = _page_count(data)
    start = time.perf_counter()
    cfg = OcrSettings(workers=1, dpi=dpi, calibrate=False)  # raw scores; calibrated below

    def read(kind: object, blob: bytes, where: str) -> object:
        from extract.readers.scan import read_scan

        return read_scan(blob, path=where, settings=cfg)

    result = extract_bytes(data, path=name, read=read)  # type: ignore[arg-type]
    took = time.perf_counter() - start
    if result.filing is None:
        message = "; ".join(f"{e.code} {e.message}" for e in result.errors if e.severity == "error")
        return Outcome(name, pages, took, error=message[:200] or str(result.status))
    return Outcome(name, pages, took, score_filing(result.filing, truth, name=name,
                                                   keep=printed_only),
                   observations_from_pair(result.filing, truth))


def _page_count(data: bytes) -> int:
    with Image.open(io.BytesIO(data)) as image:
        return getattr(image, "n_frames", 1)


def _sum(scores: list[DocScore], groups: tuple[str, ...]) -> Counts:
    total = Counts()
    for score in scores:
        for group in groups:
            total.add(score.groups[group])
    return total


def _row(label: str, outcomes: list[Outcome]) -> str:
    scores = [o.score for o in outcomes if o.score is not None]
    table, header = _sum(scores, TABLE_GROUPS), _sum(scores, HEADER_GROUPS)
    every = _sum(scores, tuple({g for s in scores for g in s.groups}))
    exact = sum(s.exact for s in scores) / max(len(outcomes), 1)
    fails = len(outcomes) - len(scores)
    return (f"{label:30} {len(outcomes):>5} {fails:>5} {table.f1:>8.4f} {header.f1:>8.4f} "
            f"{every.f1:>8.4f} {exact:>6.2f}")


def _turn(data: bytes, how: str) -> bytes:
    with Image.open(io.BytesIO(data)) as image:
        page = image.convert("L")
        dpi = image.info.get("dpi", (300, 300))
    if how == "rot90":
        page = page.rotate(90, expand=True)
    elif how == "rot180":
        page = page.rotate(180)
    else:  # skew3
        page = page.rotate(3.0, resample=Image.Resampling.BILINEAR, fillcolor=245)
    buf = io.BytesIO()
    page.save(buf, format="TIFF", compression="tiff_lzw", dpi=dpi)
    return buf.getvalue()


def _print_mismatches(outcomes: list[Outcome], limit: int) -> None:
    shown = 0
    for o in outcomes:
        if o.error:
            print(f"  failed {o.name}: {o.error}")
        for mismatch in (o.score.mismatches if o.score else [])[:6]:
            if shown >= limit:
                return
            print(f"  {o.name}: {str(mismatch)[:220]}")
            shown += 1


def _save_observations(outcomes: list[Outcome], path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        for o in outcomes:
            for ob in o.observations:
                out.write(json.dumps({"name": o.name, "family": ob.family,
                                      "raw": ob.confidence, "wrong": ob.wrong}) + "\n")
    print(f"wrote {path}")


def _load_observations(path: Path) -> list[Outcome]:
    by_name: dict[str, Outcome] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        outcome = by_name.setdefault(row["name"], Outcome(row["name"], 0, 0.0))
        outcome.observations.append(Observation(row["family"], row["raw"], row["wrong"]))
    return list(by_name.values())


def _calibration(outcomes: list[Outcome], write: Path | None, z: float = 3.29,
                 selection: str = "") -> None:
    """Fit the confidence maps on the even-numbered filings, measure on the odd ones; print
    per family the fields at >= 0.9 and the share of them wrong; write the maps fitted on all
    filings when asked."""
    from extract.ocr.confidence import fit

    names = sorted({o.name.split("#")[0] for o in outcomes})
    half = {n: i % 2 for i, n in enumerate(names)}
    fit_obs = [(ob.family, ob.confidence, not ob.wrong) for o in outcomes
               if half[o.name.split("#")[0]] == 0 for ob in o.observations]
    calibration = fit(fit_obs, z=z)
    measured: dict[str, list[tuple[float, float, bool]]] = defaultdict(list)
    for o in outcomes:
        if half[o.name.split("#")[0]] != 1:
            continue
        for ob in o.observations:
            row = (ob.confidence, calibration(ob.family, ob.confidence), ob.wrong)
            measured[ob.family].append(row)
            measured["(all)"].append(row)
    print(f"\ncalibration: fitted on {len(fit_obs)} fields of {sum(1 - v for v in half.values())}"
          f" filings, measured on the other {sum(half.values())}")
    print(f"{'family':16} {'fields':>7} {'wrong':>6} {'raw>=0.9':>9} {'wrong':>7} "
          f"{'cal>=0.9':>9} {'wrong':>7} {'cal<0.9':>8}")
    for family in sorted(measured):
        rows = measured[family]
        raw_hi = [r for r in rows if r[0] >= 0.9]
        cal_hi = [r for r in rows if r[1] >= 0.9]
        print(f"{family:16} {len(rows):>7} {sum(r[2] for r in rows):>6} {len(raw_hi):>9} "
              f"{sum(r[2] for r in raw_hi) / max(len(raw_hi), 1):>7.2%} {len(cal_hi):>9} "
              f"{sum(r[2] for r in cal_hi) / max(len(cal_hi), 1):>7.2%} "
              f"{1 - len(cal_hi) / max(len(rows), 1):>8.2%}")
    if write is not None:
        every = [(ob.family, ob.confidence, not ob.wrong) for o in outcomes
                 for ob in o.observations]
        full = fit(every, z=z, meta={"fields": len(every), "filings": len(names),
                                "source": "benchmarks/bench_ocr.py (dev split, scans)",
                                "selection": selection})
        write.write_text(full.to_json(), encoding="utf-8")
        print(f"wrote {write} ({len(every)} fields)")


def _raw_tesseract(png: Path, dpi: int) -> None:
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    subprocess.run(["tesseract", str(png), "stdout", "--psm", "3", "--dpi", str(dpi), "tsv"],
                   capture_output=True, check=True, env=env)


def speed(tasks: list[tuple[str, bytes, int, str]]) -> None:
    """Same pages, one core: raw tesseract vs the pipeline; then 1 vs 2 processes."""
    with tempfile.TemporaryDirectory(prefix="bench-ocr-") as tmp:
        pngs = []
        for i, (_x, data, dpi, _n) in enumerate(tasks):
            with Image.open(io.BytesIO(data)) as image:
                for j in range(getattr(image, "n_frames", 1)):
                    image.seek(j)
                    target = Path(tmp) / f"{i:03d}-{j}.png"
                    image.convert("L").save(target, dpi=(dpi, dpi))
                    pngs.append((target, dpi))
        start = time.perf_counter()
        for png, dpi in pngs:
            _raw_tesseract(png, dpi)
        raw = time.perf_counter() - start
    start = time.perf_counter()
    for task in tasks:
        read_one(task)
    ours = time.perf_counter() - start
    with ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("spawn")) as pool:
        list(pool.map(read_one, tasks[:1]))  # start both workers before timing
        start = time.perf_counter()
        list(pool.map(read_one, tasks))
        two = time.perf_counter() - start
    pages = len(pngs)
    print(f"\nspeed on {pages} pages ({len(tasks)} filings), {tesseract_version()}")
    print(f"{'run':40} {'s/page':>8} {'ratio':>7}")
    print(f"{'bare tesseract --psm 3 tsv (1 core)':40} {raw / pages:>8.2f} {1.0:>7.2f}")
    print(f"{'pipeline, all stages (1 core)':40} {ours / pages:>8.2f} {ours / raw:>7.2f}")
    print(f"{'pipeline, 2 processes':40} {two / pages:>8.2f} {two / raw:>7.2f}")
    print(f"2 processes over 1: {ours / two:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--step", type=int, default=12)
    parser.add_argument("--offset", type=int, default=0,
                        help="start at the Nth dev filing (--offset 2 --step 4 is disjoint "
                             "from --step 4)")
    parser.add_argument("--limit", type=int, default=20)
    parser.add_argument("--looks", default="paper,pdf")
    parser.add_argument("--conditions", default="300:light,200:heavy")
    parser.add_argument("--variants", type=int, default=6)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--speed-pages", type=int, default=8)
    parser.add_argument("--skip-speed", action="store_true")
    parser.add_argument("--mismatches", type=int, default=25)
    parser.add_argument("--fit-calibration", type=Path, default=None,
                        help="write the confidence maps fitted on every filing read here")
    parser.add_argument("--save-observations", type=Path, default=None,
                        help="write every scored field (filing, family, raw score, wrong) as "
                             "JSON lines, to refit the maps later without OCR")
    parser.add_argument("--z", type=float, default=3.29,
                        help="how far each calibration block is lowered (Wilson z)")
    parser.add_argument("--from-observations", type=Path, default=None,
                        help="skip OCR: fit and measure the calibration from a saved file")
    args = parser.parse_args()
    if args.from_observations is not None:
        _calibration(_load_observations(args.from_observations), args.fit_calibration,
                     args.z, f"observations of {args.from_observations.name}")
        return
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    paths = dev_xml()[args.offset:: args.step][: args.limit]
    looks = [x for x in args.looks.split(",") if x]
    conditions = [(int(c.split(":")[0]), c.split(":")[1]) for c in args.conditions.split(",")]
    rows: list[tuple[str, list[Outcome]]] = []
    all_outcomes: list[Outcome] = []
    first_tasks: list[tuple[str, bytes, int, str]] = []
    spawn = multiprocessing.get_context("spawn")  # forking after OpenCV threads can deadlock
    with ProcessPoolExecutor(max_workers=args.workers, mp_context=spawn) as pool:
        for dpi, noise in conditions:
            for look in looks:
                tasks = [(str(p), scan_bytes(p, look, dpi, noise, seed), dpi,
                          f"{p.relative_to(CORPUS)}#{look}-{dpi}-{noise}")
                         for seed, p in enumerate(paths)]
                if not first_tasks:
                    first_tasks = tasks
                outcomes = list(pool.map(read_one, tasks))
                rows.append((f"{look} {dpi}dpi {noise}", outcomes))
                all_outcomes.extend(outcomes)
        single = [t for t in first_tasks if _page_count(t[1]) == 1][: args.variants]
        if single:
            upright = [o for o in rows[0][1] if o.name in {t[3] for t in single}]
            rows.append((f"upright ({len(single)} one-page)", upright))
            for how in ("rot90", "rot180", "skew3"):
                turned = [(x, _turn(d, how), dpi, f"{n}#{how}") for x, d, dpi, n in single]
                rows.append((f"{how} (same)", list(pool.map(read_one, turned))))
    print(f"engine: {tesseract_version()}; {len(paths)} dev filings (every {args.step}th "
          f"from #{args.offset})")
    print(f"{'set':30} {'docs':>5} {'fail':>5} {'tableF1':>8} {'headF1':>8} {'allF1':>8} "
          f"{'exact':>6}")
    for label, outcomes in rows:
        print(_row(label, outcomes))
    for label, outcomes in rows[: len(conditions) * len(looks)]:
        print(f"\nmismatches, {label}:")
        _print_mismatches(outcomes, args.mismatches)
    if args.save_observations is not None:
        _save_observations(all_outcomes, args.save_observations)
    _calibration(all_outcomes, args.fit_calibration, args.z,
                 f"every {args.step}th dev filing from #{args.offset}; {args.looks}; "
                 f"{args.conditions}")
    if not args.skip_speed and first_tasks:
        speed(first_tasks[: args.speed_pages])


if __name__ == "__main__":
    main()
