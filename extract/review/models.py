"""SQLAlchemy 2 tables of the review store and the views the store hands out.

Tables: ``documents`` (one per source sha256, the current ``Result`` as JSON and the source
bytes), ``fields`` (a projection of the current filing's leaves, rebuilt on every change),
``review_items`` (the queue), ``corrections`` (the audit trail: insert only, a trigger
refuses updates and deletes), ``review_settings`` and ``schema_migrations``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

__all__ = [
    "Base",
    "CorrectionRow",
    "CorrectionView",
    "DocumentRow",
    "DocumentSummary",
    "FieldRow",
    "ItemRow",
    "ItemView",
    "MigrationRow",
    "SettingRow",
]


class Base(DeclarativeBase):
    pass


class MigrationRow(Base):
    __tablename__ = "schema_migrations"

    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(200))
    applied_at: Mapped[datetime] = mapped_column(DateTime)


class DocumentRow(Base):
    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    path: Mapped[str] = mapped_column(Text)
    kind: Mapped[str | None] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20))
    result_json: Mapped[str] = mapped_column(Text)
    original_json: Mapped[str] = mapped_column(Text)  # the result as extracted, never changed
    source: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class FieldRow(Base):
    __tablename__ = "fields"
    __table_args__ = (UniqueConstraint("document_id", "path"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    path: Mapped[str] = mapped_column(String(300))
    family: Mapped[str] = mapped_column(String(40))
    value: Mapped[str | None] = mapped_column(Text, nullable=True)
    raw: Mapped[str | None] = mapped_column(Text, nullable=True)
    confidence: Mapped[float] = mapped_column(Float)
    page: Mapped[int | None] = mapped_column(Integer, nullable=True)
    bbox: Mapped[str | None] = mapped_column(String(200), nullable=True)  # JSON list
    source: Mapped[str | None] = mapped_column(String(20), nullable=True)
    issues: Mapped[str] = mapped_column(Text, default="[]")  # JSON list


class ItemRow(Base):
    __tablename__ = "review_items"
    __table_args__ = (
        UniqueConstraint("document_id", "path"),
        Index("ix_review_items_queue", "state", "skips", "priority"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    path: Mapped[str] = mapped_column(String(300))
    family: Mapped[str] = mapped_column(String(40))
    reason: Mapped[str] = mapped_column(String(300))
    detail: Mapped[str] = mapped_column(Text, default="")
    priority: Mapped[float] = mapped_column(Float)
    state: Mapped[str] = mapped_column(String(10), default="open")  # open | leased | done
    lease_holder: Mapped[str | None] = mapped_column(String(200), nullable=True)
    lease_expires: Mapped[float | None] = mapped_column(Float, nullable=True)  # epoch seconds
    skips: Mapped[int] = mapped_column(Integer, default=0)
    candidates: Mapped[str] = mapped_column(Text, default="[]")  # JSON list
    resolution: Mapped[str | None] = mapped_column(String(20), nullable=True)
    resolved_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class CorrectionRow(Base):
    __tablename__ = "corrections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"))
    item_id: Mapped[int | None] = mapped_column(ForeignKey("review_items.id"), nullable=True)
    path: Mapped[str] = mapped_column(String(300))
    family: Mapped[str] = mapped_column(String(40))
    action: Mapped[str] = mapped_column(String(10))  # accept | correct | link | skip
    old_value: Mapped[str | None] = mapped_column(Text, nullable=True)
    new_value: Mapped[str | None] = mapped_column(Text, nullable=True)
    reviewer: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    comment: Mapped[str | None] = mapped_column(Text, nullable=True)


class SettingRow(Base):
    __tablename__ = "review_settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value_json: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


@dataclass(frozen=True, slots=True)
class ItemView:
    """One queue item with the field's current state."""

    id: int
    document_id: int
    document_path: str
    path: str
    family: str
    reason: str
    detail: str
    priority: float
    state: str
    lease_holder: str | None
    lease_expires: float | None
    skips: int
    candidates: list[dict[str, Any]]
    resolution: str | None
    resolved_by: str | None
    value: str | None
    raw: str | None
    confidence: float | None
    page: int | None
    bbox: list[float] | None
    source: str | None
    issues: list[dict[str, Any]]


@dataclass(frozen=True, slots=True)
class CorrectionView:
    id: int
    document_id: int
    item_id: int | None
    path: str
    family: str
    action: str
    old_value: str | None
    new_value: str | None
    reviewer: str
    created_at: datetime
    comment: str | None


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    id: int
    sha256: str
    path: str
    kind: str | None
    status: str
    revision: int
    open_items: int
    done_items: int
