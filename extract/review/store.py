"""The review store: documents, fields, the queue with leases, and the corrections trail.

SQLAlchemy 2 over SQLite (a file path, the default) or PostgreSQL (``postgresql://...``).
Every statement is parameterised. Every decision is one transaction: the item is closed,
the stored ``Result`` is rebuilt with the change (its ``revision`` bumped under an
optimistic check), the ``fields`` projection is refreshed and a ``corrections`` row is
appended. Exports read the stored ``Result``, so a fix reaches JSON, XML and CSV at once.

Leases: ``lease_next`` and ``lease`` take an item with a conditional ``UPDATE`` (open, or
leased with an expired lease, or already held by the same reviewer), so two reviewers never
hold the same item, on either database.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Engine,
    create_engine,
    delete,
    event,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.orm import Session

from extract.ir.lexical import format_value
from extract.ir.result import Result
from extract.ir.schema import iter_leaves
from extract.review.corrections import (
    accept_leaf,
    clear_leaf,
    correct_leaf,
    get_leaf,
    parse_footnote_ids,
)
from extract.review.errors import LeaseError, ReviewError
from extract.review.migrations import migrate
from extract.review.models import (
    CorrectionRow,
    CorrectionView,
    DocumentRow,
    DocumentSummary,
    FieldRow,
    ItemRow,
    ItemView,
    SettingRow,
)
from extract.review.queue import QueueMixin, rowcount
from extract.review.routing import ReviewSettings, field_family, route

__all__ = ["DEFAULT_DB", "FamilyCounts", "ReviewStore", "db_url"]

DEFAULT_DB = "sec16-review.sqlite"
_SETTINGS_KEY = "routing"

#: Called when a reviewer confirms an entity link: ``(cik, name)``; the registry adds an alias.
AliasHook = Callable[[str, str], None]


def db_url(db: str | Path) -> str:
    """A SQLAlchemy URL from ``--db``: URLs pass through, anything else is a SQLite file."""
    text = str(db)
    if "://" in text:
        if text.startswith("postgresql://"):
            return "postgresql+psycopg://" + text[len("postgresql://"):]
        return text
    return f"sqlite:///{text}"


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _sqlite_setup(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # let SQLAlchemy's "begin" below open transactions
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")  # WAL: durable at checkpoints, never corrupt
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        # take the write lock up front: no lock upgrade, so no "database is locked" mid-way
        conn.exec_driver_sql("BEGIN IMMEDIATE")


@dataclass(frozen=True, slots=True)
class FamilyCounts:
    """Per field family: fields seen by a reviewer and how many of them were wrong."""

    reviewed: int = 0
    corrected: int = 0


def _fmt(value: Any) -> str | None:
    return format_value(value) if value is not None else None


def _shown(leaf: Any, with_notes: bool) -> str | None:
    """A leaf as the audit trail records it: the value, with ``[F1,F2]`` when footnote
    references are part of the decision; ``None`` when the element is absent."""
    if leaf is None or not leaf.present:
        return None
    text = _fmt(leaf.value) or ""
    if with_notes and leaf.footnote_ids:
        text = f"{text} [{','.join(leaf.footnote_ids)}]".lstrip()
    return text


class ReviewStore(QueueMixin):
    """The review database. ``clock`` (epoch seconds) is injectable for lease tests."""

    def __init__(
        self,
        db: str | Path = DEFAULT_DB,
        *,
        clock: Callable[[], float] = time.time,
        on_link_confirmed: AliasHook | None = None,
    ) -> None:
        self.url = db_url(db)
        self.engine = create_engine(self.url, future=True)
        if self.engine.dialect.name == "sqlite":
            _sqlite_setup(self.engine)
        self.clock = clock
        self.on_link_confirmed = on_link_confirmed
        with self.engine.begin() as conn:
            migrate(conn)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> ReviewStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # settings ---------------------------------------------------------------------------

    def settings(self) -> ReviewSettings:
        """The routing settings stored by ``calibrate`` (defaults when none were stored)."""
        with Session(self.engine) as session:
            row = session.get(SettingRow, _SETTINGS_KEY)
            return ReviewSettings.resolve(json.loads(row.value_json) if row else None)

    def save_settings(self, settings: ReviewSettings | dict[str, Any]) -> ReviewSettings:
        cfg = ReviewSettings.resolve(settings)
        with Session(self.engine) as session, session.begin():
            row = session.get(SettingRow, _SETTINGS_KEY)
            if row is None:
                session.add(SettingRow(key=_SETTINGS_KEY, value_json=cfg.model_dump_json(),
                                       updated_at=_now()))
            else:
                row.value_json = cfg.model_dump_json()
                row.updated_at = _now()
        return cfg

    # documents --------------------------------------------------------------------------

    def add_result(
        self,
        result: Result,
        *,
        source: bytes | None = None,
        settings: ReviewSettings | dict[str, Any] | None = None,
    ) -> tuple[int, bool]:
        """Store ``result`` and queue its uncertain fields; ``(document id, added)``.

        A source already stored (same sha256) is left as it is: ``added`` is False. A result
        without a hash (an unreadable file) is keyed by the hash of its path.
        """
        cfg = ReviewSettings.resolve(settings) if settings is not None else self.settings()
        key = result.source.sha256 or hashlib.sha256(
            f"path:{result.source.path}".encode()).hexdigest()
        with Session(self.engine) as session, session.begin():
            existing = session.scalar(select(DocumentRow.id).where(DocumentRow.sha256 == key))
            if existing is not None:
                return existing, False
            now = _now()
            doc = DocumentRow(
                sha256=key, path=result.source.path,
                kind=result.source.kind.value if result.source.kind else None,
                status=result.status.value, result_json=result.model_dump_json(),
                original_json=result.model_dump_json(),
                source=source, revision=1, created_at=now, updated_at=now,
            )
            session.add(doc)
            session.flush()
            self._write_fields(session, doc.id, result)
            for routed in route(result, cfg):
                session.add(ItemRow(
                    document_id=doc.id, path=routed.path, family=field_family(routed.path),
                    reason=routed.reason[:300], detail=routed.detail, priority=routed.priority,
                    state="open", skips=0, candidates=json.dumps(routed.candidates, default=str),
                    created_at=now,
                ))
            return doc.id, True

    def _write_fields(self, session: Session, doc_id: int, result: Result,
                      paths: set[str] | None = None) -> None:
        """Rebuild the ``fields`` rows of a document (only ``paths`` when given)."""
        stale = delete(FieldRow).where(FieldRow.document_id == doc_id)
        if paths is not None:
            stale = stale.where(FieldRow.path.in_(sorted(paths)))
        session.execute(stale)
        if result.filing is None:
            return
        rows = []
        for leaf in iter_leaves(result.filing):
            if paths is not None and leaf.path not in paths:
                continue
            x = leaf.extracted
            if not x.present and not x.issues:
                continue
            prov = x.provenance
            rows.append({
                "document_id": doc_id, "path": leaf.path, "family": field_family(leaf.path),
                "value": _fmt(x.value), "raw": x.raw, "confidence": float(x.confidence),
                "page": prov.page if prov else None,
                "bbox": json.dumps(list(prov.bbox)) if prov and prov.bbox else None,
                "source": prov.source.value if prov else None,
                "issues": json.dumps([i.model_dump(mode="json") for i in x.issues]),
            })
        if rows:
            session.execute(insert(FieldRow), rows)

    def result(self, doc_id: int) -> Result:
        with Session(self.engine) as session:
            doc = session.get(DocumentRow, doc_id)
            if doc is None:
                raise ReviewError(f"no document {doc_id} in the review store", code="E601")
            return Result.model_validate_json(doc.result_json)

    def original(self, doc_id: int) -> Result:
        """The result as the extractor produced it, before any review."""
        with Session(self.engine) as session:
            doc = session.get(DocumentRow, doc_id)
            if doc is None:
                raise ReviewError(f"no document {doc_id} in the review store", code="E601")
            return Result.model_validate_json(doc.original_json)

    def source(self, doc_id: int) -> bytes | None:
        with Session(self.engine) as session:
            return session.scalar(select(DocumentRow.source).where(DocumentRow.id == doc_id))

    def documents(self) -> list[DocumentSummary]:
        with Session(self.engine) as session:
            counts: dict[tuple[int, bool], int] = {}
            for doc_id, state, n in session.execute(
                select(ItemRow.document_id, ItemRow.state, func.count())
                .group_by(ItemRow.document_id, ItemRow.state)
            ):
                key = (doc_id, state == "done")
                counts[key] = counts.get(key, 0) + n
            docs = session.scalars(select(DocumentRow).order_by(DocumentRow.id)).all()
            return [
                DocumentSummary(d.id, d.sha256, d.path, d.kind, d.status, d.revision,
                                counts.get((d.id, False), 0), counts.get((d.id, True), 0))
                for d in docs
            ]

    def document(self, doc_id: int) -> DocumentSummary:
        for doc in self.documents():
            if doc.id == doc_id:
                return doc
        raise ReviewError(f"no document {doc_id} in the review store", code="E601")

    def results(self, doc_ids: Iterable[int] | None = None) -> list[Result]:
        """The stored (corrected) results, by document id order."""
        with Session(self.engine) as session:
            query = select(DocumentRow.result_json).order_by(DocumentRow.id)
            if doc_ids is not None:
                query = query.where(DocumentRow.id.in_(list(doc_ids)))
            return [Result.model_validate_json(j) for j in session.scalars(query)]

    def fields(self, doc_id: int) -> list[dict[str, Any]]:
        with Session(self.engine) as session:
            rows = session.scalars(
                select(FieldRow).where(FieldRow.document_id == doc_id).order_by(FieldRow.id)
            ).all()
            return [
                {"path": r.path, "family": r.family, "value": r.value, "raw": r.raw,
                 "confidence": r.confidence, "page": r.page,
                 "bbox": json.loads(r.bbox) if r.bbox else None, "source": r.source,
                 "issues": json.loads(r.issues)}
                for r in rows
            ]

    # decisions --------------------------------------------------------------------------

    def _close(self, session: Session, item_id: int, reviewer: str, resolution: str) -> ItemRow:
        row = session.get(ItemRow, item_id)
        if row is None:
            raise ReviewError(f"no review item {item_id}", code="E601")
        if row.state == "done":
            raise ReviewError(f"item {item_id} is already done ({row.resolution} by "
                              f"{row.resolved_by})", code="E603")
        closed = session.execute(
            update(ItemRow)
            .where(ItemRow.id == item_id, ItemRow.state != "done",
                   self._takeable(reviewer, self.clock()))
            .values(state="done", resolution=resolution, resolved_by=reviewer,
                    resolved_at=_now(), lease_holder=None, lease_expires=None)
        )
        if not rowcount(closed):
            raise LeaseError(f"item {item_id} is being reviewed by {row.lease_holder}",
                             code="E602")
        session.refresh(row)
        return row

    def _update_result(self, session: Session, doc_id: int,
                       change: Callable[[Result], Result], paths: set[str]) -> Result:
        for _ in range(5):
            doc = session.get(DocumentRow, doc_id)
            assert doc is not None
            session.refresh(doc)
            before = Result.model_validate_json(doc.result_json)
            after = change(before)
            written = session.execute(
                update(DocumentRow)
                .where(DocumentRow.id == doc_id, DocumentRow.revision == doc.revision)
                .values(result_json=after.model_dump_json(), revision=doc.revision + 1,
                        updated_at=_now())
            )
            if rowcount(written):
                self._write_fields(session, doc_id, after, paths)
                return after
        raise ReviewError(f"document {doc_id} kept changing under this correction; retry",
                          code="E601")  # pragma: no cover - needs five concurrent writers

    def _log(self, session: Session, *, doc_id: int, item_id: int | None, path: str,
             action: str, old: str | None, new: str | None, reviewer: str,
             comment: str | None) -> None:
        session.add(CorrectionRow(
            document_id=doc_id, item_id=item_id, path=path, family=field_family(path),
            action=action, old_value=old, new_value=new, reviewer=reviewer,
            created_at=_now(), comment=comment,
        ))

    def accept(self, item_id: int, reviewer: str, *, comment: str | None = None,
               candidate_cik: str | None = None) -> ItemView:
        """The value is right. With ``candidate_cik`` on a link item: the link is confirmed,
        and the mention becomes an alias of that entity in the registry."""
        with Session(self.engine) as session, session.begin():
            row = self._close(session, item_id, reviewer, "accepted")
            path = row.path
            old_value: str | None = None
            link_name: str | None = None

            def change(result: Result) -> Result:
                nonlocal old_value, link_name
                if result.filing is None or not path:
                    return result
                try:
                    leaf = get_leaf(result.filing, path)
                except ReviewError:
                    return result  # a document-level finding: nothing to mark
                old_value = _fmt(leaf.value) if leaf is not None else None
                update_: dict[str, Any] = {"filing": accept_leaf(result.filing, path)}
                if candidate_cik is not None:
                    links, link_name = _confirm_link(result.links, row, candidate_cik)
                    update_["links"] = links
                return result.model_copy(update=update_)

            self._update_result(session, row.document_id, change, {path})
            self._log(session, doc_id=row.document_id, item_id=item_id, path=path,
                      action="accept", old=old_value, new=old_value, reviewer=reviewer,
                      comment=comment)
            if candidate_cik is not None:
                self._log(session, doc_id=row.document_id, item_id=item_id, path=path,
                          action="link", old=link_name, new=candidate_cik, reviewer=reviewer,
                          comment=comment)
            view = self._view(session, row)
        if candidate_cik is not None and link_name and self.on_link_confirmed is not None:
            self.on_link_confirmed(candidate_cik, link_name)
        return view

    def correct(self, item_id: int, reviewer: str, value: str, *, comment: str | None = None,
                path: str | None = None, footnote_ids: str | list[str] | None = None,
                clear: bool = False) -> ItemView:
        """Replace the field's value with ``value`` (typed by the field: dates YYYY-MM-DD).

        The field is created when it does not exist yet (a ``missing`` item). ``footnote_ids``
        (``"F1,F2"``; ``""`` for none) replaces the footnote references at the value;
        ``clear`` removes the element, value and references (``value`` is then ignored).
        ``path`` corrects another field than the item's (a finding on a group names the
        group; the reviewer picks the leaf). The audit trail records the old and the new
        value (``None`` for an absent element)."""
        with Session(self.engine) as session, session.begin():
            row = self._close(session, item_id, reviewer, "corrected")
            target = path or row.path
            old, new = self._apply_correction(session, row.document_id, target, value,
                                              footnote_ids, clear)
            self._log(session, doc_id=row.document_id, item_id=item_id, path=target,
                      action="correct", old=old, new=new, reviewer=reviewer, comment=comment)
            return self._view(session, row)

    def correct_field(self, doc_id: int, path: str, value: str, reviewer: str, *,
                      comment: str | None = None, footnote_ids: str | list[str] | None = None,
                      clear: bool = False) -> None:
        """Correct (or create, or with ``clear`` remove) any field of a document (from its
        document page); open items on the same field are closed as corrected."""
        with Session(self.engine) as session, session.begin():
            if session.get(DocumentRow, doc_id) is None:
                raise ReviewError(f"no document {doc_id} in the review store", code="E601")
            old, new = self._apply_correction(session, doc_id, path, value, footnote_ids, clear)
            item_ids = session.scalars(
                select(ItemRow.id).where(ItemRow.document_id == doc_id, ItemRow.path == path,
                                         ItemRow.state != "done")
            ).all()
            for item_id in item_ids:
                self._close(session, item_id, reviewer, "corrected")
            self._log(session, doc_id=doc_id, item_id=item_ids[0] if item_ids else None,
                      path=path, action="correct", old=old, new=new, reviewer=reviewer,
                      comment=comment)

    def _apply_correction(self, session: Session, doc_id: int, path: str, value: str,
                          footnote_ids: str | list[str] | None = None, clear: bool = False,
                          ) -> tuple[str | None, str | None]:
        """Change the stored filing; ``(old, new)`` as the audit trail records them."""
        notes = (None if footnote_ids is None else parse_footnote_ids(
            footnote_ids if isinstance(footnote_ids, str) else " ".join(footnote_ids)))
        with_notes = notes is not None or clear
        old: str | None = None
        new: str | None = None

        def change(result: Result) -> Result:
            nonlocal old, new
            if result.filing is None:
                raise ReviewError(f"document {doc_id} has no filing to correct", code="E601")
            leaf = get_leaf(result.filing, path)
            old = _shown(leaf, with_notes)
            if clear:
                filing = clear_leaf(result.filing, path)
            else:
                filing, _ = correct_leaf(result.filing, path, value, footnote_ids=notes)
            new = _shown(get_leaf(filing, path), with_notes)
            return result.model_copy(update={"filing": filing})

        self._update_result(session, doc_id, change, {path})
        return old, new

    # audit ------------------------------------------------------------------------------

    def corrections(self, doc_id: int | None = None) -> list[CorrectionView]:
        with Session(self.engine) as session:
            query = select(CorrectionRow).order_by(CorrectionRow.id)
            if doc_id is not None:
                query = query.where(CorrectionRow.document_id == doc_id)
            return [
                CorrectionView(r.id, r.document_id, r.item_id, r.path, r.family, r.action,
                               r.old_value, r.new_value, r.reviewer, r.created_at, r.comment)
                for r in session.scalars(query).all()
            ]

    def correction_counts(self) -> dict[str, FamilyCounts]:
        """Per family: reviewed fields (accepted or corrected) and corrected ones."""
        out: dict[str, FamilyCounts] = {}
        with Session(self.engine) as session:
            for family, action, n in session.execute(
                select(CorrectionRow.family, CorrectionRow.action, func.count())
                .where(CorrectionRow.action.in_(["accept", "correct"]))
                .group_by(CorrectionRow.family, CorrectionRow.action)
            ):
                have = out.get(family, FamilyCounts())
                out[family] = FamilyCounts(
                    have.reviewed + n, have.corrected + (n if action == "correct" else 0)
                )
        return out


def _confirm_link(links: list[dict[str, Any]], row: ItemRow,
                  cik: str) -> tuple[list[dict[str, Any]], str | None]:
    """The result's links with the one on this item's field marked linked to ``cik``."""
    from extract.review.routing import link_field_path

    out: list[dict[str, Any]] = []
    mention: str | None = None
    for link in links:
        link = dict(link)
        if link_field_path(link.get("path")) == row.path and link.get("decision") == "review":
            chosen = next((c for c in link.get("candidates", []) if str(c.get("cik")) == cik),
                          None)
            if chosen is None:
                raise ReviewError(f"{cik} is not a candidate of the link on {row.path}",
                                  code="E604")
            mention = str(link.get("mention", ""))
            link.update(decision="linked", entity={"cik": cik, "name": chosen.get("name")},
                        score=float(chosen.get("score", link.get("score", 0.0))))
        out.append(link)
    if mention is None:
        raise ReviewError(f"no entity link under review on {row.path}", code="E604")
    return out, mention
