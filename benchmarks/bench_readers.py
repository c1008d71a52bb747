"""Reader throughput on one core: ownership XML and rendering extraction, documents/second.

    python -m benchmarks.bench_readers [--repeat N]

Reads the dev corpus in place (../shared/corpus/dev). Prints a table; asserts nothing.
Each row is timed in this process on the same documents; the XML parse alone (lxml, no model)
is printed as the baseline the readers are compared with.
"""

from __future__ import annotations

import argparse
import csv
import time
from collections.abc import Callable
from pathlib import Path

from lxml import etree
from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"


def dev_xml() -> list[bytes]:
    with open(CORPUS / "index.csv", newline="") as handle:
        rows = [r for r in csv.DictReader(handle)
                if r["split"] == "dev" and r["kind"] == "ownership-xml"]
    return [(CORPUS / r["path"]).read_bytes() for r in rows]


def timed(label: str, items: list[bytes], fn: Callable[[bytes], object], repeat: int
          ) -> tuple[str, int, float]:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for item in items:
            fn(item)
        best = min(best, time.perf_counter() - start)
    return label, len(items), best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not CORPUS.is_dir():
        raise SystemExit(f"needs the shared corpus at {CORPUS}")

    from extract.pipeline import extract_bytes
    from extract.readers.xml import read_ownership_xml, safe_parser
    from extract.render import render_bytes

    xml = dev_xml()
    filings = [read_ownership_xml(x).filing for x in xml]
    rows = [
        timed("lxml parse only (baseline)", xml,
              lambda b: etree.fromstring(b.strip(), parser=safe_parser()), args.repeat),
        timed("XML -> Filing (readers.xml.v1)", xml, read_ownership_xml, args.repeat),
        timed("XML -> Result (full pipeline)", xml, lambda b: extract_bytes(b), args.repeat),
    ]
    for style in ("text", "html"):
        try:
            rendered = [render_bytes(f, style) for f in filings]
        except Exception as exc:  # a renderer not built yet
            print(f"{style}: skipped ({exc})")
            continue
        rows.append(timed(f"{style} rendering -> Result (pipeline)", rendered,
                          lambda b: extract_bytes(b), args.repeat))
    baseline = rows[0][2]
    table = Table(title="sec16 readers, one core, dev corpus (best of "
                        f"{args.repeat})")
    for column in ("stage", "documents", "seconds", "documents/s", "x baseline time"):
        table.add_column(column, justify="left" if column == "stage" else "right")
    for label, count, seconds in rows:
        table.add_row(label, str(count), f"{seconds:.3f}", f"{count / seconds:,.0f}",
                      f"{seconds / baseline:.1f}")
    Console().print(table)


if __name__ == "__main__":
    main()
