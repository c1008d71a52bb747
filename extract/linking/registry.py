"""The entity registry: CIKs, names, kinds, tickers, former names and learned aliases, and
which reporting persons have filed for which issuers (``relation``).

Stored with SQLAlchemy 2 (SQLite by default, any server database by URL). Only this module
touches the database. ``Registry.index()`` loads the names into a ``NameIndex`` for matching.

Schema versions (``meta.schema``): 1 = entity, entity_name, ticker, meta; 2 adds ``relation``
(owner CIK, issuer CIK). Opening a version-1 registry creates the missing table and stamps
version 2; its relations stay empty until filings are imported again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from sqlalchemy import (
    ForeignKey,
    String,
    Table,
    UniqueConstraint,
    create_engine,
    event,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from extract.errors import ConfigError, InputError
from extract.linking.matcher import IndexRow, NameIndex
from extract.linking.normalise import (
    NORMALISER_VERSION,
    EntityKind,
    Order,
    guess_kind,
    key_to_text,
    name_key,
)

__all__ = [
    "DEFAULT_DB",
    "EntityRecord",
    "EntityInfo",
    "ImportStats",
    "Registry",
    "SCHEMA_VERSION",
    "normalise_cik",
]

DEFAULT_DB = "sec16-registry.sqlite"
SCHEMA_VERSION = "2"
_BATCH = 500  # rows per IN (...) look-up


class Base(DeclarativeBase):
    pass


class EntityRow(Base):
    __tablename__ = "entity"

    id: Mapped[int] = mapped_column(primary_key=True)
    cik: Mapped[str] = mapped_column(String(10), unique=True, index=True)
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(8))
    kind_declared: Mapped[bool] = mapped_column(default=False)


class NameRow(Base):
    __tablename__ = "entity_name"
    __table_args__ = (UniqueConstraint("entity_id", "norm"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entity.id"), index=True)
    name: Mapped[str] = mapped_column(String(300))
    norm: Mapped[str] = mapped_column(String(400), index=True)
    role: Mapped[str] = mapped_column(String(8))  # current | former | alias
    source: Mapped[str] = mapped_column(String(60), default="")


class TickerRow(Base):
    __tablename__ = "ticker"
    __table_args__ = (UniqueConstraint("entity_id", "ticker"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entity.id"), index=True)
    ticker: Mapped[str] = mapped_column(String(20), index=True)


class RelationRow(Base):
    """A reporting person (or entity) that has filed for an issuer: both by CIK, so either
    side may be imported before the other."""

    __tablename__ = "relation"
    __table_args__ = (UniqueConstraint("owner_cik", "issuer_cik"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_cik: Mapped[str] = mapped_column(String(10), index=True)
    issuer_cik: Mapped[str] = mapped_column(String(10), index=True)
    source: Mapped[str] = mapped_column(String(60), default="")


class MetaRow(Base):
    __tablename__ = "meta"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))


def _table(model: type[Base]) -> Table:
    """The Core table of a model: bulk inserts through it skip the ORM's per-row work."""
    return cast(Table, model.__table__)


def normalise_cik(cik: str | int) -> str:
    """Ten digits, zero padded (``320193`` -> ``0000320193``)."""
    text = str(cik).strip()
    if not re.fullmatch(r"\d{1,10}", text):
        raise InputError(f"{text!r} is not a CIK (1 to 10 digits)", code="E022")
    return text.zfill(10)


@dataclass(frozen=True)
class EntityRecord:
    """What an importer knows about one entity. ``kind=None`` means: guess from the name."""

    cik: str
    name: str
    kind: EntityKind | None = None
    tickers: tuple[str, ...] = ()
    former_names: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    source: str = ""
    #: the name is the entity's current one (replaces the display name)
    current: bool = True
    #: CIKs of the issuers this entity has filed for (as a reporting owner)
    issuers: tuple[str, ...] = ()


@dataclass(frozen=True)
class EntityInfo:
    cik: str
    name: str
    kind: EntityKind
    names: tuple[str, ...]
    tickers: tuple[str, ...]


@dataclass
class ImportStats:
    entities_added: int = 0
    entities_updated: int = 0
    names_added: int = 0
    tickers_added: int = 0
    relations_added: int = 0
    skipped: int = 0
    notes: list[str] = field(default_factory=list)

    def merge(self, other: ImportStats) -> None:
        self.entities_added += other.entities_added
        self.entities_updated += other.entities_updated
        self.names_added += other.names_added
        self.tickers_added += other.tickers_added
        self.relations_added += other.relations_added
        self.skipped += other.skipped
        self.notes.extend(other.notes)


def _norm(name: str, kind: EntityKind) -> str:
    return key_to_text(name_key(name, kind, Order.SEC))


def _chunks(items: Sequence[str], size: int = _BATCH) -> Iterator[Sequence[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


class Registry:
    """A registry database. ``Registry("x.sqlite")`` or ``Registry("postgresql://...")``."""

    def __init__(self, url: str | Path = DEFAULT_DB) -> None:
        text = str(url)
        self.url = text if "://" in text else f"sqlite:///{text}"
        self._index: NameIndex | None = None
        try:
            self.engine: Engine = create_engine(self.url)
            if self.url.startswith("sqlite"):
                event.listen(self.engine, "connect", _sqlite_pragmas)
            Base.metadata.create_all(self.engine)
            self._check_version()
        except (SQLAlchemyError, ImportError, ValueError) as err:
            raise ConfigError(
                f"cannot open registry {text!r}: {err.__class__.__name__}: {err}; give a "
                f"writable SQLite path or an SQLAlchemy URL",
                code="E411",
            ) from err

    def _check_version(self) -> None:
        with Session(self.engine) as session:
            schema = session.get(MetaRow, "schema")
            if schema is None:  # a new registry, or one from before the relation table
                session.add(MetaRow(key="schema", value=SCHEMA_VERSION))
                session.commit()
            elif schema.value != SCHEMA_VERSION:
                schema.value = SCHEMA_VERSION
                session.commit()
            row = session.get(MetaRow, "normaliser")
            if row is None:
                session.add(MetaRow(key="normaliser", value=NORMALISER_VERSION))
                session.commit()
            elif row.value != NORMALISER_VERSION:
                self._renormalise(session)
                row.value = NORMALISER_VERSION
                session.commit()

    def _renormalise(self, session: Session) -> None:
        kinds: dict[int, str] = {
            eid: kind for eid, kind in session.execute(select(EntityRow.id, EntityRow.kind))
        }
        for rid, eid, name in session.execute(
            select(NameRow.id, NameRow.entity_id, NameRow.name)
        ).all():
            session.execute(
                update(NameRow)
                .where(NameRow.id == rid)
                .values(norm=_norm(name, EntityKind(kinds[eid])))
            )

    # -- writing ----------------------------------------------------------------------------

    def add(self, records: Iterable[EntityRecord], *, batch: int = 20000) -> ImportStats:
        """Insert or merge records (by CIK); returns counts. Idempotent."""
        stats = ImportStats()
        pending: dict[str, EntityRecord] = {}
        for rec in records:
            try:
                cik = normalise_cik(rec.cik)
            except InputError:
                stats.skipped += 1
                continue
            if not rec.name.strip():
                stats.skipped += 1
                continue
            old = pending.get(cik)
            pending[cik] = _merge(old, rec, cik) if old else _with_cik(rec, cik)
            if len(pending) >= batch:
                stats.merge(self._write(pending))
                pending = {}
        if pending:
            stats.merge(self._write(pending))
        self._index = None
        return stats

    def _write(self, recs: dict[str, EntityRecord]) -> ImportStats:
        stats = ImportStats()
        ciks = list(recs)
        with Session(self.engine) as session, session.begin():
            existing: dict[str, tuple[int, str, bool, str]] = {}
            for chunk in _chunks(ciks):
                for eid, cik, kind, declared, name in session.execute(
                    select(
                        EntityRow.id,
                        EntityRow.cik,
                        EntityRow.kind,
                        EntityRow.kind_declared,
                        EntityRow.name,
                    ).where(EntityRow.cik.in_(chunk))
                ):
                    existing[cik] = (eid, kind, declared, name)
            new_rows = []
            for cik, rec in recs.items():
                if cik in existing:
                    continue
                kind = rec.kind or guess_kind(rec.name)
                new_rows.append(
                    {"cik": cik, "name": rec.name.strip(), "kind": kind.value,
                     "kind_declared": rec.kind is not None}
                )  # fmt: skip
            if new_rows:
                session.execute(insert(_table(EntityRow)), new_rows)
                stats.entities_added += len(new_rows)
            rekind: list[int] = []
            for cik, (eid, kind, declared, name) in existing.items():
                rec = recs[cik]
                values: dict[str, object] = {}
                if rec.kind is not None and not declared:
                    values["kind_declared"] = True
                    if rec.kind.value != kind:
                        values["kind"] = rec.kind.value
                        rekind.append(eid)
                if rec.current and rec.name.strip() != name:
                    values["name"] = rec.name.strip()
                if values:
                    session.execute(update(EntityRow).where(EntityRow.id == eid).values(**values))
                    stats.entities_updated += 1
            ids: dict[str, tuple[int, EntityKind]] = {}
            for chunk in _chunks(ciks):
                for eid, cik, kind in session.execute(
                    select(EntityRow.id, EntityRow.cik, EntityRow.kind).where(
                        EntityRow.cik.in_(chunk)
                    )
                ):
                    ids[cik] = (eid, EntityKind(kind))
            if rekind:
                self._rekind(session, rekind)
            stats.names_added += self._write_names(session, recs, ids)
            stats.tickers_added += self._write_tickers(session, recs, ids)
            stats.relations_added += self._write_relations(session, recs)
        return stats

    def _write_relations(self, session: Session, recs: dict[str, EntityRecord]) -> int:
        wanted: dict[tuple[str, str], str] = {}
        for cik, rec in recs.items():
            for issuer in rec.issuers:
                try:
                    issuer_cik = normalise_cik(issuer)
                except InputError:
                    continue
                if issuer_cik != cik:
                    wanted.setdefault((cik, issuer_cik), rec.source[:60])
        if not wanted:
            return 0
        owners = sorted({o for o, _i in wanted})
        have: set[tuple[str, str]] = set()
        for chunk in _chunks(owners):
            have.update(
                session.execute(
                    select(RelationRow.owner_cik, RelationRow.issuer_cik).where(
                        RelationRow.owner_cik.in_(chunk)
                    )
                ).tuples()
            )
        rows = [
            {"owner_cik": o, "issuer_cik": i, "source": src}
            for (o, i), src in sorted(wanted.items())
            if (o, i) not in have
        ]
        if rows:
            session.execute(insert(_table(RelationRow)), rows)
        return len(rows)

    def _rekind(self, session: Session, entity_ids: list[int]) -> None:
        for eid, kind in session.execute(
            select(EntityRow.id, EntityRow.kind).where(EntityRow.id.in_(entity_ids))
        ).all():
            for rid, name in session.execute(
                select(NameRow.id, NameRow.name).where(NameRow.entity_id == eid)
            ).all():
                session.execute(
                    update(NameRow)
                    .where(NameRow.id == rid)
                    .values(norm=_norm(name, EntityKind(kind)))
                )

    def _write_names(
        self,
        session: Session,
        recs: dict[str, EntityRecord],
        ids: dict[str, tuple[int, EntityKind]],
    ) -> int:
        wanted: dict[tuple[int, str], dict[str, object]] = {}
        for cik, rec in recs.items():
            eid, kind = ids[cik]
            names = [(rec.name, "current")] + [(n, "former") for n in rec.former_names]
            names += [(n, "alias") for n in rec.aliases]
            for name, role in names:
                name = " ".join(name.split())
                if not name:
                    continue
                norm = _norm(name, kind)
                wanted.setdefault(
                    (eid, norm),
                    {"entity_id": eid, "name": name, "norm": norm, "role": role,
                     "source": rec.source[:60]},
                )  # fmt: skip
        have: set[tuple[int, str]] = set()
        eids = sorted({eid for eid, _ in wanted})
        for i in range(0, len(eids), _BATCH):
            have.update(
                session.execute(
                    select(NameRow.entity_id, NameRow.norm).where(
                        NameRow.entity_id.in_(eids[i : i + _BATCH])
                    )
                ).tuples()
            )
        rows = [v for k, v in wanted.items() if k not in have]
        if rows:
            session.execute(insert(_table(NameRow)), rows)
        return len(rows)

    def _write_tickers(
        self,
        session: Session,
        recs: dict[str, EntityRecord],
        ids: dict[str, tuple[int, EntityKind]],
    ) -> int:
        wanted = {
            (ids[cik][0], t.strip().upper())
            for cik, rec in recs.items()
            for t in rec.tickers
            if t and t.strip()
        }
        if not wanted:
            return 0
        eids = sorted({eid for eid, _ in wanted})
        have: set[tuple[int, str]] = set()
        for i in range(0, len(eids), _BATCH):
            have.update(
                session.execute(
                    select(TickerRow.entity_id, TickerRow.ticker).where(
                        TickerRow.entity_id.in_(eids[i : i + _BATCH])
                    )
                ).tuples()
            )
        rows = [{"entity_id": e, "ticker": t} for e, t in sorted(wanted - have)]
        if rows:
            session.execute(insert(_table(TickerRow)), rows)
        return len(rows)

    def add_alias(self, cik: str, name: str, *, source: str = "confirmed-link") -> bool:
        """Remember ``name`` as another name of ``cik`` (a confirmed link); False if unknown."""
        cik = normalise_cik(cik)
        info = self.get(cik)
        if info is None:
            return False
        self.add([EntityRecord(cik, info.name, info.kind, aliases=(name,), source=source)])
        return True

    # -- reading ----------------------------------------------------------------------------

    def count(self) -> int:
        with Session(self.engine) as session:
            return int(session.scalar(select(func.count()).select_from(EntityRow)) or 0)

    def get(self, cik: str) -> EntityInfo | None:
        cik = normalise_cik(cik)
        with Session(self.engine) as session:
            row = session.execute(select(EntityRow).where(EntityRow.cik == cik)).scalar()
            if row is None:
                return None
            names = session.scalars(
                select(NameRow.name).where(NameRow.entity_id == row.id).order_by(NameRow.id)
            ).all()
            tickers = session.scalars(
                select(TickerRow.ticker).where(TickerRow.entity_id == row.id)
            ).all()
            return EntityInfo(row.cik, row.name, EntityKind(row.kind), tuple(names), tuple(tickers))

    def iter_index_rows(self) -> Iterator[IndexRow]:
        stmt = (
            select(EntityRow.cik, EntityRow.name, EntityRow.kind, NameRow.name, NameRow.norm)
            .join(NameRow, NameRow.entity_id == EntityRow.id)
            .order_by(EntityRow.id, NameRow.id)
        )
        with self.engine.connect() as conn:
            for cik, ename, kind, name, norm in conn.execute(stmt).yield_per(50000):
                yield IndexRow(cik, ename, EntityKind(kind), name, norm)

    def add_relation(self, owner_cik: str, issuer_cik: str, *, source: str = "") -> bool:
        """Record that ``owner_cik`` has filed for ``issuer_cik``; False if already known."""
        owner, issuer = normalise_cik(owner_cik), normalise_cik(issuer_cik)
        with Session(self.engine) as session, session.begin():
            rec = {owner: EntityRecord(owner, "-", issuers=(issuer,), source=source)}
            added = self._write_relations(session, rec)
        self._index = None
        return added > 0

    def related(self, issuer_cik: str) -> set[str]:
        """CIKs of the persons and entities that have filed for ``issuer_cik``."""
        issuer = normalise_cik(issuer_cik)
        with Session(self.engine) as session:
            return set(
                session.scalars(
                    select(RelationRow.owner_cik).where(RelationRow.issuer_cik == issuer)
                )
            )

    def iter_relations(self) -> Iterator[tuple[str, str]]:
        """Every ``(owner_cik, issuer_cik)`` pair."""
        stmt = select(RelationRow.owner_cik, RelationRow.issuer_cik)
        with self.engine.connect() as conn:
            yield from conn.execute(stmt).tuples()

    def iter_tickers(self) -> Iterator[tuple[str, str]]:
        stmt = select(EntityRow.cik, TickerRow.ticker).join(
            TickerRow, TickerRow.entity_id == EntityRow.id
        )
        with self.engine.connect() as conn:
            yield from conn.execute(stmt).tuples()

    def index(self) -> NameIndex:
        """The matching index over every name, built on first use and kept."""
        if self._index is None:
            self._index = NameIndex.build(
                self.iter_index_rows(), self.iter_tickers(), self.iter_relations()
            )
        return self._index

    def close(self) -> None:
        self.engine.dispose()


def _sqlite_pragmas(dbapi_conn: object, _record: object) -> None:
    cursor = dbapi_conn.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _with_cik(rec: EntityRecord, cik: str) -> EntityRecord:
    if rec.cik == cik:
        return rec
    return EntityRecord(
        cik, rec.name, rec.kind, rec.tickers, rec.former_names, rec.aliases, rec.source,
        rec.current, rec.issuers,
    )  # fmt: skip


def _merge(old: EntityRecord, new: EntityRecord, cik: str) -> EntityRecord:
    """Two records of one CIK in one batch: the later current name wins, names accumulate."""
    name, other = (new.name, old.name) if new.current or not old.current else (old.name, new.name)
    extra = () if other == name else (other,)
    return EntityRecord(
        cik,
        name,
        new.kind or old.kind,
        tuple(dict.fromkeys(old.tickers + new.tickers)),
        tuple(dict.fromkeys(old.former_names + new.former_names)),
        tuple(dict.fromkeys(old.aliases + new.aliases + extra)),
        new.source or old.source,
        old.current or new.current,
        tuple(dict.fromkeys(old.issuers + new.issuers)),
    )
