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

from extract.ir.filing import (
    DerivativeHolding,
    DerivativeTransaction,
    Filing,
    Footnote,
    Issuer,
    Node,
    NonDerivativeHolding,
    NonDerivativeTransaction,
    OwnershipNature,
    OwnerSignature,
    PostTransactionAmounts,
    ReportingOwner,
    ReportingOwnerId,
    TransactionAmounts,
    TransactionCoding,
    UnderlyingSecurity,
    Wrapped,
)
from extract.ir.values import Extracted

__all__ = [
    "FOOTNOTE_MAY_REPLACE_VALUE",
    "NOT_REQUIRED_ON_FORM3",
    "REQUIRED_ELEMENTS",
    "FieldSpec",
    "LeafRef",
    "field_specs",
    "iter_leaves",
    "iter_missing",
    "leaf_value_type",
]

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



#: Elements a group must hold in a Form 3/4/5 ``ownershipDocument``, by XSD element name,
#: in schema order. Each entry is a tuple of alternatives: one of them must be present (an
#: ``xs:choice``; the first is the one the printed form has a column for). Read off
#: ``ownershipDocumentCommon.xsd`` and ``ownership4Document.xsd`` (X0306: every element with
#: ``minOccurs`` 1), with three elements the XSD leaves optional but the form always prints:
#: ``issuerName`` and ``rptOwnerName`` (EDGAR can fill them from the CIK; boxes 1 and 2 of
#: the paper form), ``transactionCoding`` (column 3/4 "Transaction Code", which rule V102
#: requires) and ``underlyingSecurityShares`` (column 7 "Amount or Number of Shares"; the
#: XSD's choice there has two optional members). A test checks the table against the XSD.
REQUIRED_ELEMENTS: dict[type[Node], tuple[tuple[str, ...], ...]] = {
    Filing: (("documentType",), ("periodOfReport",), ("issuer",), ("reportingOwner",),
             ("ownerSignature",)),
    Issuer: (("issuerCik",), ("issuerName",), ("issuerTradingSymbol",)),
    ReportingOwner: (("reportingOwnerId",), ("reportingOwnerRelationship",)),
    ReportingOwnerId: (("rptOwnerCik",), ("rptOwnerName",)),
    NonDerivativeTransaction: (("securityTitle",), ("transactionDate",),
                               ("transactionCoding",), ("transactionAmounts",),
                               ("postTransactionAmounts",), ("ownershipNature",)),
    DerivativeTransaction: (("securityTitle",), ("conversionOrExercisePrice",),
                            ("transactionDate",), ("transactionCoding",),
                            ("transactionAmounts",), ("exerciseDate",), ("expirationDate",),
                            ("underlyingSecurity",), ("postTransactionAmounts",),
                            ("ownershipNature",)),
    NonDerivativeHolding: (("securityTitle",), ("postTransactionAmounts",),
                           ("ownershipNature",)),
    DerivativeHolding: (("securityTitle",), ("conversionOrExercisePrice",), ("exerciseDate",),
                        ("expirationDate",), ("underlyingSecurity",),
                        ("postTransactionAmounts",), ("ownershipNature",)),
    TransactionCoding: (("transactionFormType",), ("transactionCode",),
                        ("equitySwapInvolved",)),
    TransactionAmounts: (("transactionShares", "transactionTotalValue"),
                         ("transactionPricePerShare",), ("transactionAcquiredDisposedCode",)),
    PostTransactionAmounts: (("sharesOwnedFollowingTransaction",
                              "valueOwnedFollowingTransaction"),),
    OwnershipNature: (("directOrIndirectOwnership",),),
    UnderlyingSecurity: (("underlyingSecurityTitle",),
                         ("underlyingSecurityShares", "underlyingSecurityValue")),
    OwnerSignature: (("signatureName",), ("signatureDate",)),
}

#: Elements of ``REQUIRED_ELEMENTS`` that a Form 3 (and 3/A) does not have: its Table II
#: prints no "amount owned" column (``ownership3Document.xsd``'s derivative holding has no
#: ``postTransactionAmounts``).
NOT_REQUIRED_ON_FORM3: dict[type[Node], frozenset[str]] = {
    DerivativeHolding: frozenset({"postTransactionAmounts"}),
}

#: Wrapped leaves whose XSD type lets footnote references stand in for the value
#: (``OPT_NUMBER_WITH_FOOTNOTE``, ``OPT_DATE_WITH_FOOTNOTE``, ``DATE_AND_OR_FOOTNOTE``,
#: ``TRANSACTION_TIMELINESS``): a price cell that holds only "(1)" is complete.
FOOTNOTE_MAY_REPLACE_VALUE = frozenset({
    "transactionPricePerShare", "conversionOrExercisePrice", "exerciseDate", "expirationDate",
    "underlyingSecurityShares", "underlyingSecurityValue", "deemedExecutionDate",
    "transactionTimeliness",
})


def _leaf_path(prefix: str, step: str, spec: FieldSpec) -> str:
    return f"{prefix}{step}/value" if spec.wrapped else f"{prefix}{step}"


def _has(spec: FieldSpec, current: Any) -> bool:
    if current is None:
        return False
    if spec.repeated or spec.kind == "footnotes":
        return bool(current)
    if spec.kind == "leaf":
        return bool(current.present)
    return True


def _required(cls: type[Node], form3: bool) -> tuple[tuple[str, ...], ...]:
    required = REQUIRED_ELEMENTS.get(cls, ())
    if not form3:
        return required
    dropped = NOT_REQUIRED_ON_FORM3.get(cls, frozenset())
    return tuple(alts for alts in required if alts[0] not in dropped)


def iter_missing(node: BaseModel, prefix: str = "", *, form3: bool | None = None
                 ) -> Iterator[str]:
    """Leaf paths that ``REQUIRED_ELEMENTS`` asks for and ``node`` does not hold, in
    document order: an absent element (inside a group that is absent too, the group's
    required leaves, at index 1 of an empty list), or a leaf with footnote references but
    no value where the XSD needs the value (not in ``FOOTNOTE_MAY_REPLACE_VALUE``), or a
    listed footnote without its text.

    Paths are the ones ``iter_leaves`` would write, so a correction can create the leaf.
    Rows are never invented: a table's rows are all optional, so only rows that exist are
    checked. ``form3`` (default: read from a ``Filing``'s ``documentType``) applies
    ``NOT_REQUIRED_ON_FORM3``.
    """
    assert isinstance(node, Node)
    if form3 is None:
        kind = getattr(node, "document_type", None)
        form3 = kind is not None and str(getattr(kind.value, "value", kind.value)).startswith("3")
    specs = {spec.name: spec for spec in field_specs(type(node))}
    required = _required(type(node), form3)
    wanted = {alternatives[0]: alternatives for alternatives in required}
    for spec in field_specs(type(node)):
        current = getattr(node, spec.attr)
        if spec.kind == "footnotes":  # a footnote the filing lists has its text
            for i, footnote in enumerate(current, start=1):
                if not footnote.text.present:
                    yield f"{prefix}footnotes/footnote[{i}]"
            continue
        alternatives = wanted.get(spec.name)
        if not _has(spec, current):
            if alternatives is not None and not any(
                _has(specs[name], getattr(node, specs[name].attr)) for name in alternatives[1:]
            ):
                step = f"{spec.name}[1]" if spec.repeated else spec.name
                if spec.kind == "leaf":
                    yield _leaf_path(prefix, step, spec)
                else:
                    assert spec.node_type is not None
                    yield from iter_missing(spec.node_type(), f"{prefix}{step}/", form3=form3)
            continue
        items = list(enumerate(current, start=1)) if spec.repeated else [(0, current)]
        for index, item in items:
            step = f"{spec.name}[{index}]" if spec.repeated else spec.name
            if spec.kind == "group":
                yield from iter_missing(item, f"{prefix}{step}/", form3=form3)
            elif (item.value is None and spec.wrapped
                  and spec.name not in FOOTNOTE_MAY_REPLACE_VALUE
                  and any(spec.name in alts for alts in required)):
                yield _leaf_path(prefix, step, spec)
