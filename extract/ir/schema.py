"""Introspection of the ``Filing`` model: one ``FieldSpec`` per element, in schema order.

Readers, exporters, evaluation and the JSON Schema generator all walk these specs, so a
new element is added to ``filing.py`` once and every stage follows.
"""

from __future__ import annotations

import typing
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from types import NoneType, UnionType
from typing import Any, Literal

from pydantic import BaseModel

from extract.ir.filing import Footnote, Node, Wrapped
from extract.ir.values import Extracted

__all__ = ["FieldSpec", "LeafRef", "field_specs", "iter_leaves", "leaf_value_type"]

Kind = Literal["leaf", "group", "footnotes"]


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """How one attribute of a ``Node`` maps to XML."""

    attr: str
    name: str  # XSD element name
    kind: Kind
    wrapped: bool  # leaf written as <name><value/><footnoteId/></name>
    repeated: bool
    value_type: type | None  # leaf: str, Decimal, date, bool or an Enum
    node_type: type[Node] | None  # group: the Node subclass


def _strip(annotation: Any) -> tuple[Any, bool, bool]:
    """Return (inner annotation, wrapped, repeated) from an annotation."""
    wrapped = False
    repeated = False
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, UnionType):
        args = [a for a in typing.get_args(annotation) if a is not NoneType]
        annotation = args[0]
        origin = typing.get_origin(annotation)
    if origin is list:
        repeated = True
        annotation = typing.get_args(annotation)[0]
        origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        parts = typing.get_args(annotation)
        wrapped = any(m is Wrapped for m in parts[1:])
        annotation = parts[0]
    return annotation, wrapped, repeated


def leaf_value_type(extracted_cls: type) -> type:
    """The ``T`` of an ``Extracted[T]`` class."""
    meta = extracted_cls.__pydantic_generic_metadata__  # type: ignore[attr-defined]
    args = meta.get("args") or ()
    return args[0] if args else str


@cache
def field_specs(cls: type[Node]) -> tuple[FieldSpec, ...]:
    """The element specs of a ``Node`` subclass, in declaration (schema) order."""
    specs: list[FieldSpec] = []
    for attr, info in cls.model_fields.items():
        inner, wrapped, repeated = _strip(info.annotation)
        name = info.alias or attr
        if inner is Footnote:
            specs.append(FieldSpec(attr, name, "footnotes", False, True, None, Footnote))
        elif isinstance(inner, type) and issubclass(inner, Extracted):
            specs.append(
                FieldSpec(attr, name, "leaf", wrapped, repeated, leaf_value_type(inner), None)
            )
        elif isinstance(inner, type) and issubclass(inner, Node):
            specs.append(FieldSpec(attr, name, "group", False, repeated, None, inner))
        elif attr == "id" and cls is Footnote:
            continue
        else:  # pragma: no cover - guards the model definition itself
            raise TypeError(f"{cls.__name__}.{attr}: unsupported annotation {info.annotation!r}")
    return tuple(specs)


@dataclass(frozen=True, slots=True)
class LeafRef:
    """A leaf with its path relative to ``ownershipDocument`` (1-based indices)."""

    path: str
    spec: FieldSpec | None  # None for a footnote's text
    extracted: Extracted[Any]
    group_path: str


def iter_leaves(node: BaseModel, prefix: str = "") -> Iterator[LeafRef]:
    """Every present leaf of ``node`` with its XPath-like path, in document order.

    Wrapped leaves get a ``/value`` suffix (``.../transactionShares/value``), as in the XML.
    Footnotes yield ``footnotes/footnote[i]`` with the footnote's text.
    """
    assert isinstance(node, Node)
    for spec in field_specs(type(node)):
        current = getattr(node, spec.attr)
        if current is None:
            continue
        if spec.kind == "footnotes":
            for i, footnote in enumerate(current, start=1):
                path = f"{prefix}footnotes/footnote[{i}]"
                yield LeafRef(path, None, footnote.text, path)
            continue
        items = list(enumerate(current, start=1)) if spec.repeated else [(0, current)]
        for index, item in items:
            step = f"{spec.name}[{index}]" if spec.repeated else spec.name
            if spec.kind == "group":
                yield from iter_leaves(item, f"{prefix}{step}/")
            else:
                path = f"{prefix}{step}/value" if spec.wrapped else f"{prefix}{step}"
                yield LeafRef(path, spec, item, f"{prefix}{step}")

