"""``Result`` -> the ``sec16.result/1`` JSON document (contract in the README)."""

from __future__ import annotations

import json
from collections import defaultdict
from decimal import Decimal
from typing import Any

from extract.export.document import document_to_dict
from extract.ir.lexical import format_value
from extract.ir.result import Result
from extract.ir.schema import iter_leaves
from extract.nlp.export import poa_to_json, signature_to_json

__all__ = ["SCHEMA_ID", "result_to_dict", "result_to_json", "canonical_json"]

SCHEMA_ID = "sec16.result/1"


def _round(value: float) -> float:
    return round(float(value), 4)


def _fields(result: Result) -> list[dict[str, Any]]:
    if result.filing is None:
        return []
    by_path: dict[str, list[dict[str, str]]] = defaultdict(list)
    for error in result.errors:
        if error.path:
            by_path[error.path].append({"code": error.code, "message": error.message,
                                        "severity": error.severity})
    fields = []
    for leaf in iter_leaves(result.filing):
        extracted = leaf.extracted
        if not extracted.present:
            continue
        prov = extracted.provenance
        issues = [
            {"code": i.code, "message": i.message, "severity": i.severity.value}
            for i in extracted.issues
        ]
        for extra in by_path.get(leaf.path, []) + by_path.get(leaf.group_path, []):
            if extra not in issues:
                issues.append(extra)
        fields.append(
            {
                "path": leaf.path,
                "value": format_value(extracted.value) if extracted.value is not None else None,
                "raw": extracted.raw,
                "footnoteIds": list(extracted.footnote_ids),
                "confidence": _round(extracted.confidence),
                "page": prov.page if prov else None,
                "bbox": [_round(v) for v in prov.bbox] if prov and prov.bbox else None,
                "source": prov.source.value if prov else None,
                "issues": issues,
            }
        )
    return fields


def result_to_dict(result: Result) -> dict[str, Any]:
    """The JSON contract: schema, source, status, document, fields, errors, POA, links."""
    source = result.source
    return {
        "schema": SCHEMA_ID,
        "source": {
            "path": source.path,
            "sha256": source.sha256,
            "mediaType": source.media_type,
            "kind": source.kind.value if source.kind else None,
            "pages": source.pages,
        },
        "status": result.status.value,
        "document": document_to_dict(result.filing) if result.filing is not None else None,
        "fields": _fields(result),
        "errors": [
            {"stage": e.stage, "code": e.code, "message": e.message, "path": e.path,
             "severity": e.severity}
            for e in result.errors
        ],
        "powerOfAttorney": poa_to_json(result.power_of_attorney)
        if result.power_of_attorney is not None else None,
        "signature": signature_to_json(result.signature) if result.signature is not None else None,
        "links": result.links,
    }


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format_value(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def canonical_json(data: Any) -> str:
    """Sorted keys, two-space indent, trailing newline: stable for golden files."""
    return json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False, default=_default) + "\n"


def result_to_json(result: Result) -> str:
    return canonical_json(result_to_dict(result))
