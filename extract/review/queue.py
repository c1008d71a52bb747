"""The queue half of the review store: item views, listing, counts and leases.

A lease is taken with a conditional ``UPDATE`` (the item is open, or leased with an expired
lease, or already held by the same reviewer), so two reviewers never hold the same item on
either database. ``ReviewStore`` mixes this in; it provides ``engine``, ``clock`` and
``settings``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from sqlalchemy import CursorResult, Engine, and_, or_, select, update
from sqlalchemy.orm import Session

from extract.review.errors import LeaseError, ReviewError
from extract.review.models import DocumentRow, FieldRow, ItemRow, ItemView
from extract.review.routing import ReviewSettings

__all__ = ["QueueMixin", "rowcount"]


def rowcount(result: Any) -> int:
    """Rows an UPDATE matched (``Session.execute`` is typed as returning a plain Result)."""
    assert isinstance(result, CursorResult)
    return int(result.rowcount)


class QueueMixin:
    """Queue operations over ``self.engine``; time from ``self.clock`` (epoch seconds)."""

    engine: Engine
    clock: Callable[[], float]

    def settings(self) -> ReviewSettings:  # pragma: no cover - ReviewStore overrides it
        raise NotImplementedError

    def _view(self, session: Session, row: ItemRow) -> ItemView:
        doc_path = session.scalar(select(DocumentRow.path).where(DocumentRow.id == row.document_id))
        field = session.scalar(
            select(FieldRow).where(FieldRow.document_id == row.document_id,
                                   FieldRow.path == row.path)
        )
        return ItemView(
            id=row.id, document_id=row.document_id, document_path=doc_path or "",
            path=row.path, family=row.family, reason=row.reason, detail=row.detail,
            priority=row.priority, state=row.state, lease_holder=row.lease_holder,
            lease_expires=row.lease_expires, skips=row.skips,
            candidates=json.loads(row.candidates or "[]"), resolution=row.resolution,
            resolved_by=row.resolved_by,
            value=field.value if field else None, raw=field.raw if field else None,
            confidence=field.confidence if field else None, page=field.page if field else None,
            bbox=json.loads(field.bbox) if field and field.bbox else None,
            source=field.source if field else None,
            issues=json.loads(field.issues) if field else [],
        )

    def items(self, *, state: str | None = None, document_id: int | None = None,
              limit: int | None = None) -> list[ItemView]:
        """Queue items, highest priority first (skipped ones after the rest)."""
        with Session(self.engine) as session:
            query = select(ItemRow).order_by(ItemRow.skips, ItemRow.priority.desc(), ItemRow.id)
            if state == "pending":
                query = query.where(ItemRow.state != "done")
            elif state is not None:
                query = query.where(ItemRow.state == state)
            if document_id is not None:
                query = query.where(ItemRow.document_id == document_id)
            if limit is not None:
                query = query.limit(limit)
            return [self._view(session, row) for row in session.scalars(query).all()]

    def item(self, item_id: int) -> ItemView:
        with Session(self.engine) as session:
            row = session.get(ItemRow, item_id)
            if row is None:
                raise ReviewError(f"no review item {item_id}", code="E601")
            return self._view(session, row)

    def counts(self) -> dict[str, int]:
        """Items by state, with expired leases counted as open."""
        now = self.clock()
        out = {"open": 0, "leased": 0, "done": 0}
        with Session(self.engine) as session:
            for state, expires in session.execute(select(ItemRow.state, ItemRow.lease_expires)):
                if state == "leased" and (expires or 0) < now:
                    state = "open"
                out[state] = out.get(state, 0) + 1
        return out

    def _takeable(self, reviewer: str, now: float) -> Any:
        return or_(
            ItemRow.state == "open",
            and_(ItemRow.state == "leased", ItemRow.lease_expires < now),
            and_(ItemRow.state == "leased", ItemRow.lease_holder == reviewer),
        )

    def _try_lease(self, session: Session, item_id: int, reviewer: str, ttl: float) -> bool:
        now = self.clock()
        taken = session.execute(
            update(ItemRow)
            .where(ItemRow.id == item_id, self._takeable(reviewer, now))
            .values(state="leased", lease_holder=reviewer, lease_expires=now + ttl)
        )
        return rowcount(taken) > 0

    def lease(self, item_id: int, reviewer: str, *, ttl: float | None = None) -> ItemView:
        """Take (or renew) the lease on one item; ``LeaseError`` when another reviewer holds it."""
        seconds = ttl if ttl is not None else self.settings().lease_seconds
        with Session(self.engine) as session, session.begin():
            row = session.get(ItemRow, item_id)
            if row is None:
                raise ReviewError(f"no review item {item_id}", code="E601")
            if row.state == "done":
                return self._view(session, row)
            if not self._try_lease(session, item_id, reviewer, seconds):
                raise LeaseError(
                    f"item {item_id} is being reviewed by {row.lease_holder}; take the next one",
                    code="E602",
                )
            session.refresh(row)
            return self._view(session, row)

    def lease_next(self, reviewer: str, *, ttl: float | None = None) -> ItemView | None:
        """The reviewer's current item, else the highest-priority free one, leased; or None."""
        seconds = ttl if ttl is not None else self.settings().lease_seconds
        with Session(self.engine) as session, session.begin():
            now = self.clock()
            held = session.scalar(
                select(ItemRow).where(ItemRow.state == "leased", ItemRow.lease_holder == reviewer,
                                      ItemRow.lease_expires >= now)
                .order_by(ItemRow.id).limit(1)
            )
            if held is not None:
                self._try_lease(session, held.id, reviewer, seconds)
                session.refresh(held)
                return self._view(session, held)
            for _ in range(5):  # another reviewer may win a candidate: try the next ones
                candidates = session.scalars(
                    select(ItemRow.id).where(self._takeable(reviewer, now))
                    .order_by(ItemRow.skips, ItemRow.priority.desc(), ItemRow.id).limit(8)
                ).all()
                if not candidates:
                    return None
                for item_id in candidates:
                    if self._try_lease(session, item_id, reviewer, seconds):
                        row = session.get(ItemRow, item_id)
                        assert row is not None
                        session.refresh(row)
                        return self._view(session, row)
            return None

    def release(self, item_id: int, reviewer: str) -> None:
        with Session(self.engine) as session, session.begin():
            session.execute(
                update(ItemRow)
                .where(ItemRow.id == item_id, ItemRow.state == "leased",
                       ItemRow.lease_holder == reviewer)
                .values(state="open", lease_holder=None, lease_expires=None)
            )

    def skip(self, item_id: int, reviewer: str) -> None:
        """Put the item back behind the unskipped ones and release it."""
        with Session(self.engine) as session, session.begin():
            now = self.clock()
            session.execute(
                update(ItemRow)
                .where(ItemRow.id == item_id, ItemRow.state != "done",
                       self._takeable(reviewer, now))
                .values(state="open", lease_holder=None, lease_expires=None,
                        skips=ItemRow.skips + 1)
            )
