"""Layout engine over PDFs: field accuracy, table-cell accuracy and speed, beside baselines.

For every dev ownership XML (or every ``--step``-th) the filing is rendered ``--to paper``
(reportlab) and, with ``--pdf``, ``--to pdf`` (EDGAR HTML printed by Chromium), then read back.

- fields: micro-F1 over printed fields and the share of documents read exactly;
- cells: the share of Table I/II cells a perfect reader sees (``grid_from_filing``) whose text
  the method recovers (white space folded, footnote markers dropped, numbers by value);
- speed: pages per second on one core, reading only (rendering excluded).

Baselines: pdfplumber's own ``find_tables`` + ``extract_tables`` (lattice-style, from ruling
lines) and camelot's lattice flavour when it is installed (it is optional, not a dependency).

Run: .venv/bin/python benchmarks/bench_pdf.py [--step N] [--pdf]
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import time
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from pathlib import Path

from extract.eval.score import Evaluation, printed_only, score_filing
from extract.fields.inverse import grid_from_filing
from extract.ir.filing import Filing
from extract.readers.pdf import pdf_document
from extract.readers.xml import read_ownership_xml
from extract.render.paper import render_paper

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
_MARK = re.compile(r"\(\d{1,3}\)|\[F?\d{1,3}\]")


def _norm(text: str) -> str:
    """Cell text compared: white space folded, markers dropped, numbers by value
    (``$66.70`` = ``66.7``), since renderers print the same value differently."""
    folded = " ".join(_MARK.sub(" ", text or "").split())
    try:
        number = Decimal(folded.replace("$", "").replace(",", "").strip())
    except InvalidOperation:
        return folded
    return format(number.normalize(), "f")


def _truth_cells(filing: Filing) -> list[str]:
    grid = grid_from_filing(filing)
    return [_norm(c.text) for t in grid.tables for r in t.rows for c in r.cells.values()
            if _norm(c.text)]


def _hit_rate(truth: list[str], found: list[str]) -> tuple[int, int]:
    pool = [_norm(x) for x in found]
    pool_set: dict[str, int] = {}
    for x in pool:
        pool_set[x] = pool_set.get(x, 0) + 1
    hits = 0
    for cell in truth:
        if pool_set.get(cell, 0) > 0:
            pool_set[cell] -= 1
            hits += 1
    return hits, len(truth)


def _ours(data: bytes) -> tuple[list[str], Filing | None, int]:
    from extract.fields.build import build_filing
    from extract.layout.detect import detect
    from extract.layout.to_grid import to_grid

    doc = pdf_document(data)
    grid, _notes = to_grid(doc, detect(doc))
    filing, _errors = build_filing(grid)
    cells = [c.text for t in grid.tables for r in t.rows for c in r.cells.values()]
    return cells, filing, len(doc.pages)


def _pdfplumber(data: bytes) -> list[str]:
    import pdfplumber

    out: list[str] = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            for table in page.extract_tables():
                out += [c for row in table for c in row if c]
    return out


def _camelot() -> Callable[[bytes], list[str]] | None:
    try:
        import camelot  # type: ignore[import-not-found]
    except ImportError:
        return None

    def run(data: bytes) -> list[str]:
        import tempfile

        with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
            handle.write(data)
            handle.flush()
            tables = camelot.read_pdf(handle.name, pages="all", flavor="lattice")
            return [c for t in tables for row in t.df.values.tolist() for c in row if c]

    return run


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--step", type=int, default=1)
    parser.add_argument("--pdf", action="store_true", help="also Chromium renderings")
    args = parser.parse_args()
    with open(CORPUS / "index.csv", newline="") as handle:
        rows = [r for r in csv.DictReader(handle)
                if r["split"] == "dev" and r["kind"] == "ownership-xml"][:: args.step]
    renderers: list[tuple[str, Callable[[Filing], bytes]]] = [("paper", render_paper)]
    if args.pdf:
        from extract.render.pdf import render_pdf

        renderers.append(("pdf", render_pdf))
    baselines: list[tuple[str, Callable[[bytes], list[str]]]] = [
        ("pdfplumber.extract_tables", _pdfplumber)]
    camelot = _camelot()
    if camelot is not None:
        baselines.append(("camelot.lattice", camelot))
    print(f"{len(rows)} dev filings")
    print("| rendering | method | docs exact | micro-F1 | cell accuracy | s/page | pages/s |")
    print("|---|---|---|---|---|---|---|")
    for name, render in renderers:
        ev = Evaluation()
        pages = 0
        timing = {"sec16 layout engine": 0.0, **{b: 0.0 for b, _ in baselines}}
        hits = {k: [0, 0] for k in timing}
        for row in rows:
            path = CORPUS / row["path"]
            truth = read_ownership_xml(path.read_bytes(), path=str(path)).filing
            data = render(truth)
            want = _truth_cells(truth)
            t0 = time.perf_counter()
            cells, filing, n = _ours(data)
            timing["sec16 layout engine"] += time.perf_counter() - t0
            pages += n
            ev.add(score_filing(filing, truth, keep=printed_only, name=str(path)))
            h, t = _hit_rate(want, cells)
            hits["sec16 layout engine"][0] += h
            hits["sec16 layout engine"][1] += t
            for label, baseline in baselines:
                t0 = time.perf_counter()
                found = baseline(data)
                timing[label] += time.perf_counter() - t0
                h, t = _hit_rate(want, found)
                hits[label][0] += h
                hits[label][1] += t
        d = ev.to_dict()
        for method, seconds in timing.items():
            acc = hits[method][0] / hits[method][1] if hits[method][1] else 1.0
            fields = (f"{d['exact']}/{d['documents']} | {d['micro']['f1']:.4f}"
                      if method == "sec16 layout engine" else "- | -")
            print(f"| {name} | {method} | {fields} | {acc:.4f} | {seconds / pages:.3f} | "
                  f"{pages / seconds:.1f} |")


if __name__ == "__main__":
    main()
