"""EDGAR ownership XML -> ``Filing``, for every schema version (X0101 .. X0508).

Tolerant by design: ``1``/``true``, stray white space, namespaces, unknown and missing
elements. A malformed value becomes ``Extracted(value=None, raw=..., issues=[...])`` on that
field; the filing is never dropped for it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from extract.errors import InputError
from extract.ir.filing import Filing, Footnote, Node
from extract.ir.lexical import normalise_space, parse_value
from extract.ir.result import MediaKind, StageError
from extract.ir.schema import FieldSpec, field_specs
from extract.ir.values import Extracted, Provenance, Source, typed_extracted
from extract.readers.base import ReadOutcome

__all__ = [
    "XmlReadResult",
    "filing_from_element",
    "read_ownership_xml",
    "read_xml_outcome",
    "safe_parser",
]

STAGE = "readers.xml"


def safe_parser() -> etree.XMLParser:
    """A parser that resolves no entities, loads no DTD and reads nothing from the network."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


@dataclass
class XmlReadResult:
    filing: Filing
    warnings: list[StageError] = field(default_factory=list)


def _local(tag: Any) -> str:
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


class _Builder:
    def __init__(self, source: Source) -> None:
        self.provenance = Provenance(source=source, stage=STAGE)
        self.warnings: list[StageError] = []

    def warn(self, path: str, code: str, message: str) -> None:
        self.warnings.append(
            StageError(stage=STAGE, code=code, message=message, path=path, severity="warning")
        )

    def leaf(self, spec: FieldSpec, element: etree._Element, path: str) -> Extracted[Any]:
        footnotes: list[str] = []
        if spec.wrapped:
            text: str | None = None
            for child in element:
                name = _local(child.tag)
                if name == "value":
                    text = child.text or ""
                elif name == "footnoteId":
                    footnotes.append((child.get("id") or "").strip())
            if text is None and not footnotes and (element.text or "").strip():
                text = element.text  # a value written without its <value> wrapper
        else:
            text = "".join(element.itertext())
        assert spec.value_type is not None
        cls = typed_extracted(spec.value_type)
        if text is None:
            return cls(footnote_ids=tuple(footnotes), provenance=self.provenance)
        value, issue = parse_value(spec.value_type, text)
        if issue is not None:
            self.warn(path, issue.code, issue.message)
        return cls(
            value=value,
            raw=text,
            footnote_ids=tuple(footnotes),
            provenance=self.provenance,
            issues=(issue,) if issue else (),
        )

    def node(self, cls: type[Node], element: etree._Element, path: str) -> Node:
        children: dict[str, list[etree._Element]] = defaultdict(list)
        for child in element:
            name = _local(child.tag)
            if name:
                children[name].append(child)
        kwargs: dict[str, Any] = {}
        known = set()
        for spec in field_specs(cls):
            known.add(spec.name)
            found = children.get(spec.name, [])
            if not found:
                continue
            if spec.kind == "footnotes":
                kwargs[spec.attr] = self.footnotes(found[0], f"{path}{spec.name}")
                continue
            values: list[Any] = []
            for index, child in enumerate(found, start=1):
                step = f"{path}{spec.name}[{index}]" if spec.repeated else f"{path}{spec.name}"
                if spec.kind == "group":
                    assert spec.node_type is not None
                    values.append(self.node(spec.node_type, child, step + "/"))
                else:
                    values.append(self.leaf(spec, child, step))
            if spec.repeated:
                kwargs[spec.attr] = values
            else:
                if len(values) > 1:
                    self.warn(f"{path}{spec.name}", "X002", "element repeated; first kept")
                kwargs[spec.attr] = values[0]
        trailing = cls.trailing_footnotes_from
        if trailing and children.get("footnoteId"):
            known.add("footnoteId")
            ids = tuple((c.get("id") or "").strip() for c in children["footnoteId"])
            base = kwargs.get(trailing) or Extracted(provenance=self.provenance)
            kwargs[trailing] = base.model_copy(update={"footnote_ids": base.footnote_ids + ids})
        for name in children.keys() - known:
            self.warn(f"{path}{name}", "X001", f"unknown element <{name}> ignored")
        return cls(**kwargs)

    def footnotes(self, element: etree._Element, path: str) -> list[Footnote]:
        notes = []
        for index, child in enumerate(element, start=1):
            if _local(child.tag) != "footnote":
                continue
            raw = "".join(child.itertext())
            notes.append(
                Footnote(
                    id=(child.get("id") or "").strip(),
                    text=Extracted(
                        value=normalise_space(raw) or None, raw=raw, provenance=self.provenance
                    ),
                )
            )
            del index
        return notes


def filing_from_element(root: etree._Element, source: Source = Source.XML) -> XmlReadResult:
    """Build a ``Filing`` from a parsed ``<ownershipDocument>`` element."""
    builder = _Builder(source)
    filing = builder.node(Filing, root, "")
    assert isinstance(filing, Filing)
    return XmlReadResult(filing=filing, warnings=builder.warnings)


def read_ownership_xml(data: bytes, *, path: str = "<bytes>", source: Source = Source.XML) -> XmlReadResult:
    """Parse ownership XML bytes. Raises ``InputError`` when it is not an ownershipDocument."""
    try:
        root = etree.fromstring(data.strip(), parser=safe_parser())
    except etree.XMLSyntaxError as exc:
        raise InputError(
            f"not well-formed XML ({exc.msg}); check the file is complete, not truncated",
            code="E010",
            path=path,
        ) from None
    if root is None or _local(root.tag) != "ownershipDocument":
        found = _local(root.tag) if root is not None else "nothing"
        raise InputError(
            f"XML root is <{found}>, not <ownershipDocument>: not a Form 3/4/5 ownership document",
            code="E011",
            path=path,
        )
    return filing_from_element(root, source)


def read_xml_outcome(data: bytes, *, path: str = "<bytes>") -> ReadOutcome:
    """Reader-registry entry: ownership XML as a ``ReadOutcome``."""
    result = read_ownership_xml(data, path=path)
    return ReadOutcome(kind=MediaKind.OWNERSHIP_XML, filing=result.filing, warnings=result.warnings)
