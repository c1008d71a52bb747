"""What a batch writes: a JSON and an XML per filing, combined tables (CSV and Parquet) and
the run summary. The only module of the batch engine that writes output files.

Tables (one row per item, every value a string; an empty cell is absent):

- ``transactions``: every Table I/II transaction row (the columns of ``sec16 extract
  --format csv``; ``sha256`` is the filing's key).
- ``holdings``: every Table I/II holding row (same columns).
- ``footnotes``: ``filingKey, sourcePath, footnoteId, text``.
- ``poa``: the power-of-attorney values (``extract.nlp.export.POA_CSV_COLUMNS``).
- ``links``: ``filingKey, sourcePath, role, mention, cik, name, score, decision``.

Rows are computed per filing where the filing is converted (``filing_tables``) and written at
the end of the run from the ledger, in (path, part) order, so a resumed run writes the same
tables as an uninterrupted one.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from extract.export.csv import CSV_COLUMNS, filing_rows
from extract.export.json import canonical_json, result_to_dict
from extract.export.sec_xml import to_xml
from extract.ir.lexical import format_value
from extract.ir.result import Result
from extract.nlp.export import POA_CSV_COLUMNS, poa_rows

__all__ = ["FORMATS", "TABLES", "filing_files", "filing_tables", "output_stem", "TableWriter",
           "write_filing", "write_summary"]

FORMATS = ("json", "xml", "csv", "parquet")
TABLES: dict[str, tuple[str, ...]] = {
    "transactions": tuple(CSV_COLUMNS),
    "holdings": tuple(CSV_COLUMNS),
    "footnotes": ("filingKey", "sourcePath", "footnoteId", "text"),
    "poa": tuple(POA_CSV_COLUMNS),
    "links": ("filingKey", "sourcePath", "role", "mention", "cik", "name", "score", "decision"),
}

Row = dict[str, str | None]


def _cell(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return format(round(value, 6), "g")
    return format_value(value) if not isinstance(value, int) else str(value)


def filing_tables(result: Result, key: str) -> dict[str, list[Row]]:
    """The rows ``result`` contributes to each table, keyed by the filing's ``key``."""
    path = result.source.path
    out: dict[str, list[Row]] = {name: [] for name in TABLES}
    filing = result.filing
    if filing is not None:
        keys = {"sourcePath": path, "sha256": key, "status": result.status.value}
        for row in filing_rows(filing, keys):
            table = "transactions" if row.get("entry") == "transaction" else "holdings"
            out[table].append({c: row.get(c) or None for c in CSV_COLUMNS})
        for note in filing.footnotes:
            out["footnotes"].append({"filingKey": key, "sourcePath": path, "footnoteId": note.id,
                                     "text": note.text.value})
    if result.power_of_attorney is not None:
        out["poa"] = [{c: _cell(r.get(c)) for c in POA_CSV_COLUMNS}
                      for r in poa_rows(result.power_of_attorney, key)]
    for link in result.links:
        entity = link.get("entity") or {}
        out["links"].append({
            "filingKey": key, "sourcePath": path, "role": _cell(link.get("role")),
            "mention": _cell(link.get("mention")), "cik": _cell(entity.get("cik")),
            "name": _cell(entity.get("name")), "score": _cell(link.get("score")),
            "decision": _cell(link.get("decision")),
        })
    return out


def output_stem(path: str, key: str) -> str:
    """File name stem of a filing's JSON and XML: the input's stem and the key's first 12."""
    name = path.rsplit("/", 1)[-1].split("#", 1)[0]
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return f"{stem or 'input'}-{key[:12]}"


def filing_files(result: Result) -> tuple[str, bytes | None]:
    """The per-filing JSON text and XML bytes (None without a filing)."""
    xml = to_xml(result.filing) if result.filing is not None else None
    return canonical_json(result_to_dict(result)), xml


def write_filing(out: Path, stem: str, json_text: str, xml: bytes | None,
                 formats: Iterable[str]) -> None:
    wanted = set(formats)
    if "json" in wanted:
        (out / "json").mkdir(parents=True, exist_ok=True)
        (out / "json" / f"{stem}.json").write_text(json_text)
    if "xml" in wanted and xml is not None:
        (out / "xml").mkdir(parents=True, exist_ok=True)
        (out / "xml" / f"{stem}.xml").write_bytes(xml)


class TableWriter:
    """Streams rows into ``OUT/NAME.csv`` and ``OUT/NAME.parquet`` (row groups of ``batch``)."""

    def __init__(self, out: Path, formats: Iterable[str], *, batch: int = 5000) -> None:
        wanted = set(formats)
        self.out = out
        self.batch = batch
        self.csv = "csv" in wanted
        self.parquet = "parquet" in wanted
        self._handles: dict[str, Any] = {}
        self._writers: dict[str, Any] = {}
        self._pending: dict[str, list[Row]] = {name: [] for name in TABLES}
        self._parquet: dict[str, Any] = {}
        if self.csv:
            for name, columns in TABLES.items():
                handle = open(out / f"{name}.csv", "w", newline="")  # noqa: SIM115
                writer = csv.DictWriter(handle, fieldnames=list(columns), lineterminator="\n")
                writer.writeheader()
                self._handles[name] = handle
                self._writers[name] = writer

    def add(self, tables: dict[str, list[Row]]) -> None:
        for name, rows in tables.items():
            if not rows:
                continue
            if self.csv:
                self._writers[name].writerows(rows)
            if self.parquet:
                self._pending[name].extend(rows)
                if len(self._pending[name]) >= self.batch:
                    self._flush(name)

    def _schema(self, name: str) -> Any:
        import pyarrow as pa

        return pa.schema([(c, pa.string()) for c in TABLES[name]])

    def _flush(self, name: str) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        rows = self._pending[name]
        if name not in self._parquet:
            self._parquet[name] = pq.ParquetWriter(self.out / f"{name}.parquet",
                                                   self._schema(name))
        if rows:
            table = pa.Table.from_pylist(rows, schema=self._schema(name))
            self._parquet[name].write_table(table)
        self._pending[name] = []

    def close(self) -> None:
        for handle in self._handles.values():
            handle.close()
        if self.parquet:
            for name in TABLES:
                self._flush(name)
                self._parquet[name].close()

    def __enter__(self) -> TableWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def write_summary(out: Path, summary: dict[str, Any]) -> None:
    (out / "summary.json").write_text(canonical_json(summary))

