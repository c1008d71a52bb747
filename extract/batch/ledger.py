"""The batch ledger: which documents are done, and what each of their filings gave.

SQLAlchemy Core over SQLite (``OUT/sec16.sqlite`` by default) or PostgreSQL (``--db
postgresql://...``), beside the review store's tables in the same database. A document and
all its filings are committed in one transaction, after their files are written: a killed run
leaves each document either fully recorded or not at all, and a re-run converts exactly the
documents not recorded (a filing's files are rewritten with the same bytes).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Column,
    DateTime,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    delete,
    event,
    func,
    insert,
    select,
)

from extract.batch.tasks import DocTask, FilingOut
from extract.review.store import db_url

__all__ = ["Ledger"]

metadata = MetaData()

documents = Table(
    "batch_documents", metadata,
    Column("sha256", String(64), primary_key=True),
    Column("path", Text, nullable=False),
    Column("filings", Integer, nullable=False),
    Column("seconds", Float, nullable=False),
    Column("converted_at", DateTime, nullable=False),
)

filings = Table(
    "batch_filings", metadata,
    Column("key", String(64), primary_key=True),
    Column("doc_sha256", String(64), nullable=False, index=True),
    Column("part", Integer, nullable=False),
    Column("parts", Integer, nullable=False),
    Column("first_page", Integer, nullable=False),
    Column("last_page", Integer, nullable=False),
    Column("path", Text, nullable=False),
    Column("kind", String(40)),
    Column("status", String(16), nullable=False),
    Column("error", Text),
    Column("stem", Text, nullable=False),
    Column("tables_json", Text, nullable=False),
    Column("seconds", Float, nullable=False),
)


def _sqlite_pragmas(engine: Any) -> None:
    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn: Any, _record: Any) -> None:
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


class Ledger:
    """Done documents and their filings, keyed by sha256."""

    def __init__(self, db: str) -> None:
        self.url = db_url(db)
        self.engine = create_engine(self.url, future=True)
        if self.engine.dialect.name == "sqlite":
            _sqlite_pragmas(self.engine)
        metadata.create_all(self.engine)

    def close(self) -> None:
        self.engine.dispose()

    def done(self, sha256: str) -> bool:
        with self.engine.connect() as conn:
            return conn.scalar(select(documents.c.sha256).where(
                documents.c.sha256 == sha256)) is not None

    def record(self, task: DocTask, outs: Sequence[FilingOut], stems: Sequence[str],
               seconds: float) -> None:
        """Record a document and its filings in one transaction (replacing any earlier rows)."""
        now = datetime.now(UTC).replace(tzinfo=None)
        with self.engine.begin() as conn:
            conn.execute(delete(filings).where(filings.c.doc_sha256 == task.sha256))
            conn.execute(delete(documents).where(documents.c.sha256 == task.sha256))
            if outs:
                conn.execute(insert(filings), [{
                    "key": o.key, "doc_sha256": task.sha256, "part": o.part, "parts": o.parts,
                    "first_page": o.first_page, "last_page": o.last_page, "path": o.path,
                    "kind": o.kind, "status": o.status, "error": o.error, "stem": stem,
                    "tables_json": json.dumps(o.tables, sort_keys=True), "seconds": o.seconds,
                } for o, stem in zip(outs, stems, strict=True)])
            conn.execute(insert(documents).values(
                sha256=task.sha256, path=task.path, filings=len(outs), seconds=seconds,
                converted_at=now))

    def iter_filings(self) -> Iterator[dict[str, Any]]:
        """Every recorded filing, in (path, part) order, with its table rows decoded."""
        query = select(filings).order_by(filings.c.path, filings.c.part, filings.c.key)
        with self.engine.connect() as conn:
            for row in conn.execution_options(yield_per=500).execute(query).mappings():
                item = dict(row)
                item["tables"] = json.loads(item.pop("tables_json"))
                yield item

    def counts(self) -> tuple[int, int]:
        """(documents, filings) recorded."""
        with self.engine.connect() as conn:
            docs = conn.scalar(select(func.count()).select_from(documents)) or 0
            parts = conn.scalar(select(func.count()).select_from(filings)) or 0
        return int(docs), int(parts)
