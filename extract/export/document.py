"""``Filing`` <-> the JSON mirror of ownershipDocument used in the result's ``document``.

Element names are the XSD's. A plain element is a string in its XML lexical form; an element
that XML wraps in ``<value>`` is ``{"value": "...", "footnoteIds": ["F1"]}`` (``value``
omitted when only footnotes are given); repeated elements are lists; a table is
``{"nonDerivativeTransaction": [...], "nonDerivativeHolding": [...]}``; footnotes are
``{"footnote": [{"id": "F1", "text": "..."}]}``. Group-level footnotes (transactionCoding)
appear as that group's ``footnoteIds``.
"""

from __future__ import annotations

from typing import Any

from extract.ir.filing import Filing, Node
from extract.ir.lexical import format_value
from extract.ir.schema import FieldSpec, field_specs
from extract.ir.values import Extracted

__all__ = ["document_to_dict"]


def _leaf(spec: FieldSpec, leaf: Extracted[Any], with_notes: bool) -> Any:
    value = format_value(leaf.value) if leaf.value is not None else None
    if not spec.wrapped:
        return value
    out: dict[str, Any] = {}
    if value is not None:
        out["value"] = value
    out["footnoteIds"] = list(leaf.footnote_ids) if with_notes else []
    return out


def _node(node: Node) -> dict[str, Any]:
    out: dict[str, Any] = {}
    trailing = type(node).trailing_footnotes_from
    for spec in field_specs(type(node)):
        current = getattr(node, spec.attr)
        if current is None:
            continue
        if spec.kind == "footnotes":
            if current:
                out[spec.name] = {
                    "footnote": [{"id": f.id, "text": f.text.value or ""} for f in current]
                }
            continue
        if spec.kind == "group":
            out[spec.name] = [_node(i) for i in current] if spec.repeated else _node(current)
        else:
            convert = [_leaf(spec, i, True) for i in current] if spec.repeated else _leaf(
                spec, current, True
            )
            out[spec.name] = convert
    if trailing is not None:
        source = getattr(node, trailing)
        if source is not None and source.footnote_ids:
            out["footnoteIds"] = list(source.footnote_ids)
    return out


def document_to_dict(filing: Filing) -> dict[str, Any]:
    """The ownershipDocument of ``filing`` as JSON-ready data."""
    return _node(filing)
