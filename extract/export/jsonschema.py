"""Generate the JSON Schema of the ``sec16.result/1`` output from the ``Filing`` model.

The committed copy is ``extract/export/result.schema.json``; a test fails when it is stale.
Regenerate with ``python -m extract.export.jsonschema --write``.
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

from extract.ir.filing import Filing, Node
from extract.ir.schema import FieldSpec, field_specs

__all__ = ["SCHEMA_PATH", "result_json_schema"]

SCHEMA_PATH = Path(__file__).with_name("result.schema.json")


def _scalar(spec: FieldSpec) -> dict[str, Any]:
    tp = spec.value_type
    if isinstance(tp, type) and issubclass(tp, Enum):
        return {"type": "string", "enum": [m.value for m in tp]}
    if tp is bool:
        return {"type": "string", "enum": ["0", "1"]}
    if tp is Decimal:
        return {"type": "string", "pattern": r"^-?\d+(\.\d+)?$"}
    if tp is date:
        return {"type": "string", "format": "date"}
    return {"type": "string"}


def _leaf(spec: FieldSpec) -> dict[str, Any]:
    if not spec.wrapped:
        # null: the element is present but empty (or its text did not parse)
        return {"anyOf": [_scalar(spec), {"type": "null"}]}
    return {
        "type": "object",
        "properties": {
            "value": _scalar(spec),
            "footnoteIds": {"type": "array", "items": {"$ref": "#/$defs/footnoteId"}},
        },
        "required": ["footnoteIds"],
        "additionalProperties": False,
    }


def _node(cls: type[Node], defs: dict[str, Any]) -> dict[str, Any]:
    name = cls.__name__
    if name in defs:
        return {"$ref": f"#/$defs/{name}"}
    defs[name] = {}  # placeholder against recursion
    props: dict[str, Any] = {}
    for spec in field_specs(cls):
        if spec.kind == "footnotes":
            item = {
                "type": "object",
                "properties": {"id": {"$ref": "#/$defs/footnoteId"}, "text": {"type": "string"}},
                "required": ["id", "text"],
                "additionalProperties": False,
            }
            schema: dict[str, Any] = {
                "type": "object",
                "properties": {"footnote": {"type": "array", "items": item, "maxItems": 99}},
                "additionalProperties": False,
            }
        elif spec.kind == "group":
            assert spec.node_type is not None
            schema = _node(spec.node_type, defs)
        else:
            schema = _leaf(spec)
        if spec.repeated and spec.kind != "footnotes":
            schema = {"type": "array", "items": schema}
        props[spec.name] = schema
    if cls.trailing_footnotes_from:
        props["footnoteIds"] = {"type": "array", "items": {"$ref": "#/$defs/footnoteId"}}
    defs[name] = {"type": "object", "properties": props, "additionalProperties": False}
    return {"$ref": f"#/$defs/{name}"}


def result_json_schema() -> dict[str, Any]:
    """The JSON Schema (2020-12) of one ``sec16 extract --format json`` document."""
    defs: dict[str, Any] = {"footnoteId": {"type": "string", "pattern": r"^F\d+$"}}
    document = _node(Filing, defs)
    issue = {
        "type": "object",
        "properties": {
            "code": {"type": "string"},
            "message": {"type": "string"},
            "severity": {"type": "string", "enum": ["info", "warning", "error"]},
        },
        "required": ["code", "message"],
    }
    field = {
        "type": "object",
        "properties": {
            "path": {"type": "string"},
            "value": {"type": ["string", "null"]},
            "raw": {"type": ["string", "null"]},
            "footnoteIds": {"type": "array", "items": {"$ref": "#/$defs/footnoteId"}},
            "confidence": {"type": "number", "minimum": 0, "maximum": 1},
            "page": {"type": ["integer", "null"]},
            "bbox": {
                "oneOf": [
                    {"type": "null"},
                    {"type": "array", "items": {"type": "number"}, "minItems": 4, "maxItems": 4},
                ]
            },
            "source": {"enum": ["xml", "sgml", "text", "html", "pdf-text", "ocr", None]},
            "issues": {"type": "array", "items": issue},
        },
        "required": ["path", "value", "raw", "confidence", "page", "bbox", "source", "issues"],
        "additionalProperties": False,
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "sec16.result/1",
        "title": "sec16 extraction result",
        "type": "object",
        "properties": {
            "schema": {"const": "sec16.result/1"},
            "source": {
                "type": "object",
                "properties": {
                    "path": {"type": "string"},
                    "sha256": {"type": "string"},
                    "mediaType": {"type": "string"},
                    "kind": {"type": ["string", "null"]},
                    "pages": {"type": "integer", "minimum": 0},
                },
                "required": ["path", "sha256", "mediaType", "pages"],
            },
            "status": {"enum": ["success", "partial", "failed"]},
            "document": {"oneOf": [{"type": "null"}, document]},
            "fields": {"type": "array", "items": field},
            "errors": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "stage": {"type": "string"},
                        "code": {"type": "string"},
                        "message": {"type": "string"},
                        "path": {"type": ["string", "null"]},
                        "severity": {"type": "string"},
                    },
                    "required": ["stage", "code", "message"],
                },
            },
            "powerOfAttorney": {"type": ["object", "null"]},
            "signature": {"type": ["object", "null"]},
            "links": {"type": "array", "items": {"type": "object"}},
        },
        "required": ["schema", "source", "status", "document", "fields", "errors",
                     "powerOfAttorney", "links"],
        "$defs": defs,
    }


def _main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--write", action="store_true", help=f"rewrite {SCHEMA_PATH.name}")
    args = parser.parse_args()
    text = json.dumps(result_json_schema(), indent=2, sort_keys=True) + "\n"
    if args.write:
        SCHEMA_PATH.write_text(text)
    else:
        print(text, end="")  # noqa: T201 - a generator command


if __name__ == "__main__":
    _main()
