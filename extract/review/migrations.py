"""Versioned schema migrations of the review store: ordered functions, applied once each.

``schema_migrations`` records every applied version. A database whose newest version is
above ``MIGRATIONS[-1]`` was written by a newer sec16 and is refused (E606). A migration is
never edited after release: a change adds the next version.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import Connection, insert, inspect, select, text

from extract.review.errors import ReviewError
from extract.review.models import Base, MigrationRow

__all__ = ["MIGRATIONS", "current_version", "migrate"]

Migration = tuple[int, str, Callable[[Connection], None]]

_V1_TABLES = ("documents", "fields", "review_items", "corrections", "review_settings")


def _v1_tables(conn: Connection) -> None:
    tables = [Base.metadata.tables[name] for name in _V1_TABLES]
    Base.metadata.create_all(conn, tables=tables)


def _v2_append_only_corrections(conn: Connection) -> None:
    """The audit trail is never rewritten: the database itself refuses UPDATE and DELETE."""
    if conn.dialect.name == "sqlite":
        for op in ("UPDATE", "DELETE"):
            conn.execute(text(
                f"CREATE TRIGGER corrections_no_{op.lower()} BEFORE {op} ON corrections "
                "BEGIN SELECT RAISE(ABORT, 'corrections are append-only'); END"
            ))
    elif conn.dialect.name == "postgresql":
        conn.execute(text(
            "CREATE OR REPLACE FUNCTION sec16_corrections_append_only() RETURNS trigger "
            "AS $$ BEGIN RAISE EXCEPTION 'corrections are append-only'; END; $$ "
            "LANGUAGE plpgsql"
        ))
        conn.execute(text(
            "CREATE TRIGGER corrections_append_only BEFORE UPDATE OR DELETE ON corrections "
            "FOR EACH ROW EXECUTE FUNCTION sec16_corrections_append_only()"
        ))


MIGRATIONS: tuple[Migration, ...] = (
    (1, "documents, fields, review items, corrections, settings", _v1_tables),
    (2, "corrections are append-only (triggers)", _v2_append_only_corrections),
)


def current_version(conn: Connection) -> int:
    if not inspect(conn).has_table("schema_migrations"):
        return 0
    versions = conn.execute(select(MigrationRow.version)).scalars().all()
    return max(versions, default=0)


def migrate(conn: Connection) -> list[int]:
    """Apply the missing migrations in order; returns the versions applied."""
    Base.metadata.create_all(conn, tables=[Base.metadata.tables["schema_migrations"]])
    have = current_version(conn)
    newest = MIGRATIONS[-1][0]
    if have > newest:
        raise ReviewError(
            f"the review database is at schema version {have}, this sec16 knows up to "
            f"{newest}; upgrade sec16 or use another --db",
            code="E606",
        )
    applied = []
    for version, name, step in MIGRATIONS:
        if version <= have:
            continue
        step(conn)
        conn.execute(
            insert(MigrationRow).values(
                version=version, name=name, applied_at=datetime.now(UTC).replace(tzinfo=None)
            )
        )
        applied.append(version)
    return applied
