"""Apply a reviewer's decision to a frozen ``Filing``.

Paths are the ones ``extract.ir.schema.iter_leaves`` writes, 1-based:
``nonDerivativeTable/nonDerivativeTransaction[1]/transactionAmounts/transactionShares/value``,
``reportingOwner[1]/reportingOwnerId/rptOwnerName``, ``footnotes/footnote[2]``.
``set_leaf`` rebuilds every node along the path with ``model_copy(update=...)``; groups and
list items that do not exist yet are created (a list grows by one item at most), so a
correction can add a field the extractor missed (``missing`` items name such paths).
``clear_leaf`` removes a value that should not be there, with its footnote references.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from extract.ir.filing import Filing, Footnote, Node
from extract.ir.lexical import parse_value
from extract.ir.schema import FieldSpec, field_specs
from extract.ir.values import Extracted, Provenance, typed_extracted
from extract.review.errors import PathError, ReviewError

__all__ = [
    "REVIEW_STAGE",
    "Step",
    "accept_leaf",
    "clear_leaf",
    "correct_leaf",
    "parse_footnote_ids",
    "get_leaf",
    "leaf_value_type",
    "parse_path",
    "set_leaf",
]

REVIEW_STAGE = "review"
_STEP = re.compile(r"^([A-Za-z0-9_]+)(?:\[(\d+)\])?$")
_FOOTNOTE_ID = re.compile(r"^F\d{1,2}$")


@dataclass(frozen=True, slots=True)
class Step:
    name: str
    index: int  # 1-based; 0 when the step has no index


def parse_path(path: str) -> list[Step]:
    """``a/b[2]/c`` -> steps; ``PathError`` when a step is malformed."""
    steps = []
    for part in path.strip("/").split("/"):
        match = _STEP.match(part)
        if not match:
            raise PathError(f"bad step {part!r} in field path {path!r}")
        index = int(match[2]) if match[2] else 0
        if match[2] is not None and index < 1:
            raise PathError(f"indices are 1-based: {part!r} in {path!r}")
        steps.append(Step(match[1], index))
    return steps


def _spec(cls: type[Node], name: str, path: str) -> FieldSpec:
    for spec in field_specs(cls):
        if spec.name == name:
            return spec
    raise PathError(f"{cls.__name__} has no element {name!r} (path {path!r})")


def _leaf_steps(spec: FieldSpec, rest: list[Step], path: str) -> None:
    expected = [Step("value", 0)] if spec.wrapped else []
    if rest != expected:
        tail = "/value" if spec.wrapped else ""
        raise PathError(f"{spec.name} is a leaf: the path must end {spec.name}{tail} ({path!r})")


def leaf_value_type(path: str) -> type:
    """The Python type of the leaf at ``path`` (``str`` for a footnote's text)."""
    steps = parse_path(path)
    cls: type[Node] = Filing
    for i, step in enumerate(steps):
        spec = _spec(cls, step.name, path)
        if spec.kind == "footnotes":
            _footnote_index(steps[i + 1 :], path)
            return str
        if spec.kind == "leaf":
            _leaf_steps(spec, steps[i + 1 :], path)
            assert spec.value_type is not None
            return spec.value_type
        assert spec.node_type is not None
        cls = spec.node_type
    raise PathError(f"{path!r} names a group, not a field")


def _footnote_index(rest: list[Step], path: str) -> int:
    if len(rest) != 1 or rest[0].name != "footnote" or rest[0].index < 1:
        raise PathError(f"footnote paths look like footnotes/footnote[2], not {path!r}")
    return rest[0].index


def get_leaf(filing: Node, path: str) -> Extracted[Any] | None:
    """The leaf at ``path``, or ``None`` when the element (or a group above it) is absent."""
    leaf_value_type(path)  # validates the path
    node: Any = filing
    steps = parse_path(path)
    for i, step in enumerate(steps):
        spec = _spec(type(node), step.name, path)
        if spec.kind == "footnotes":
            index = _footnote_index(steps[i + 1 :], path)
            notes = getattr(node, spec.attr)
            return notes[index - 1].text if index <= len(notes) else None
        current = getattr(node, spec.attr)
        if spec.repeated:
            position = max(step.index, 1)
            current = current[position - 1] if position <= len(current) else None
        if current is None or spec.kind == "leaf":
            return current  # type: ignore[no-any-return]
        node = current
    return None  # pragma: no cover - leaf_value_type rejects group paths


def _place(items: list[Any], index: int, make: Any, path: str) -> tuple[list[Any], Any]:
    position = max(index, 1)
    if position <= len(items):
        return items, items[position - 1]
    if position == len(items) + 1:
        return items, make()
    raise PathError(f"{path!r}: item {position} would leave a gap after {len(items)} items")


def _set(node: Node, steps: list[Step], new: Extracted[Any] | None, path: str) -> Node:
    step = steps[0]
    spec = _spec(type(node), step.name, path)
    current = getattr(node, spec.attr)
    if spec.kind == "footnotes":
        index = _footnote_index(steps[1:], path)
        notes = list(current)
        text = new if new is not None else typed_extracted(str)()
        notes, note = _place(notes, index, lambda: Footnote(id=f"F{index}"), path)
        updated = note.model_copy(update={"text": text})
        notes = notes[: index - 1] + [updated] + notes[index:]
        return node.model_copy(update={spec.attr: notes})
    if spec.kind == "leaf":
        _leaf_steps(spec, steps[1:], path)
        if spec.repeated:  # pragma: no cover - the model has no repeated leaves today
            items = list(current)
            items, _ = _place(items, step.index, lambda: None, path)
            items[max(step.index, 1) - 1 : max(step.index, 1)] = [new]
            return node.model_copy(update={spec.attr: [i for i in items if i is not None]})
        return node.model_copy(update={spec.attr: new})
    assert spec.node_type is not None
    node_type = spec.node_type
    if spec.repeated:
        items = list(current)
        items, child = _place(items, step.index, node_type, path)
        position = max(step.index, 1)
        items = items[: position - 1] + [_set(child, steps[1:], new, path)] + items[position:]
        return node.model_copy(update={spec.attr: items})
    child = current if current is not None else node_type()
    return node.model_copy(update={spec.attr: _set(child, steps[1:], new, path)})


def set_leaf(filing: Filing, path: str, new: Extracted[Any] | None) -> Filing:
    """A copy of ``filing`` with the leaf at ``path`` replaced by ``new`` (``None`` removes it).

    ``new`` should be ``typed_extracted(leaf_value_type(path))(...)`` so the model's types hold.
    """
    leaf_value_type(path)
    steps = parse_path(path)
    result = _set(filing, steps, new, path)
    assert isinstance(result, Filing)
    return result


def _review_provenance(old: Extracted[Any] | None) -> Provenance | None:
    if old is None or old.provenance is None:
        return None
    return old.provenance.model_copy(update={"stage": REVIEW_STAGE})


def parse_footnote_ids(text: str) -> tuple[str, ...]:
    """``"F1, F2"`` (or ``"1 2"``) -> ``("F1", "F2")``; ``""`` -> no references.
    ``ReviewError`` E604 for anything else."""
    out: list[str] = []
    for part in re.split(r"[\s,;]+", text.strip()):
        if not part:
            continue
        note = part.upper() if part.upper().startswith("F") else f"F{part}"
        if not _FOOTNOTE_ID.match(note):
            raise ReviewError(f"{part!r} is not a footnote id (F1, F2 ...)", code="E604")
        if note not in out:
            out.append(note)
    return tuple(out)


def correct_leaf(filing: Filing, path: str, text: str, *,
                 footnote_ids: Sequence[str] | None = None,
                 ) -> tuple[Filing, Extracted[Any] | None]:
    """Type ``text`` for the leaf at ``path`` and put it in; returns the new filing and leaf.

    The leaf is created when the extractor missed it (groups and one more row item as
    needed). The footnote references at the value are kept, or replaced by ``footnote_ids``
    when given (``()`` drops them). An empty ``text`` removes the element unless footnote
    references stay on it (a price cell that holds only "(1)"); ``clear_leaf`` removes
    both. ``ReviewError`` E604 when ``text`` does not parse as the field's type (a date
    must be YYYY-MM-DD) or when a footnote reference is malformed.
    """
    value_type = leaf_value_type(path)
    value, issue = parse_value(value_type, text)
    if issue is not None:
        raise ReviewError(f"{path}: {issue.message}", code="E604")
    old = get_leaf(filing, path)
    if footnote_ids is not None:
        notes = parse_footnote_ids(" ".join(footnote_ids))
        if notes and path.startswith("footnotes/"):
            raise ReviewError(f"{path}: a footnote's text takes no footnote references",
                              code="E604")
    else:
        notes = old.footnote_ids if old is not None else ()
    new: Extracted[Any] | None
    if value is None and not notes and not path.startswith("footnotes/"):
        new = None
    else:
        new = typed_extracted(value_type)(
            value=value, raw=text, footnote_ids=notes, confidence=1.0,
            provenance=_review_provenance(old), issues=(),
        )
    return set_leaf(filing, path, new), new


def clear_leaf(filing: Filing, path: str) -> Filing:
    """Remove the element at ``path``: its value and its footnote references (a footnote's
    text is emptied; the footnote keeps its place so later footnotes keep their paths)."""
    filing, _ = correct_leaf(filing, path, "", footnote_ids=())
    return filing


def accept_leaf(filing: Filing, path: str) -> Filing:
    """Mark the leaf as confirmed by a reviewer: confidence 1, issues kept, value unchanged."""
    old = get_leaf(filing, path)
    if old is None:
        return filing
    new = old.model_copy(update={"confidence": 1.0, "provenance": _review_provenance(old)})
    return set_leaf(filing, path, new)
