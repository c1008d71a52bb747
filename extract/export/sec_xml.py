"""``Filing`` -> SEC ownership XML in the schema's element order."""

from __future__ import annotations

from typing import Any

from lxml import etree

from extract.ir.filing import Filing, Node
from extract.ir.lexical import format_value
from extract.ir.schema import FieldSpec, field_specs
from extract.ir.values import Extracted

__all__ = ["filing_to_element", "to_xml"]


def _footnote_refs(parent: etree._Element, ids: tuple[str, ...]) -> None:
    for footnote_id in ids:
        etree.SubElement(parent, "footnoteId", id=footnote_id)


def _leaf(parent: etree._Element, spec: FieldSpec, leaf: Extracted[Any]) -> None:
    element = etree.SubElement(parent, spec.name)
    # a value that did not parse is written back as found, so nothing given is lost
    text = format_value(leaf.value) if leaf.value is not None else (
        leaf.raw.strip() if leaf.raw is not None else None
    )
    if spec.wrapped:
        if text is not None:
            etree.SubElement(element, "value").text = text
        _footnote_refs(element, leaf.footnote_ids)
    elif text is not None:
        element.text = text


def _node(parent: etree._Element, node: Node) -> None:
    trailing = type(node).trailing_footnotes_from
    for spec in field_specs(type(node)):
        current = getattr(node, spec.attr)
        if current is None:
            continue
        if spec.kind == "footnotes":
            if current:
                group = etree.SubElement(parent, spec.name)
                for footnote in current:
                    etree.SubElement(group, "footnote", id=footnote.id).text = (
                        footnote.text.value or ""
                    )
            continue
        for item in current if spec.repeated else [current]:
            if spec.kind == "group":
                _node(etree.SubElement(parent, spec.name), item)
            elif spec.attr == trailing and not spec.wrapped:
                value_only = item.model_copy(update={"footnote_ids": ()})
                _leaf(parent, spec, value_only)
            else:
                _leaf(parent, spec, item)
    if trailing is not None:
        source = getattr(node, trailing)
        if source is not None:
            _footnote_refs(parent, source.footnote_ids)


def filing_to_element(filing: Filing) -> etree._Element:
    root = etree.Element("ownershipDocument")
    _node(root, filing)
    return root


def to_xml(filing: Filing) -> bytes:
    """Serialise as a standalone UTF-8 XML document."""
    return etree.tostring(
        filing_to_element(filing), xml_declaration=True, encoding="UTF-8", pretty_print=True
    )
