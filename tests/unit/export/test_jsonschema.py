"""The committed JSON Schema is current, and real outputs validate against it."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from extract.export.json import result_to_dict
from extract.export.jsonschema import SCHEMA_PATH, result_json_schema
from extract.pipeline import extract_bytes


def test_committed_schema_is_not_stale() -> None:
    committed = json.loads(SCHEMA_PATH.read_text())
    assert committed == result_json_schema(), (
        "extract/export/result.schema.json is stale: run "
        "`python -m extract.export.jsonschema --write` and commit it"
    )


def test_dev_outputs_validate(dev_xml_paths: list[Path]) -> None:
    schema = result_json_schema()
    validator = jsonschema.Draft202012Validator(schema)
    for path in dev_xml_paths[::10]:
        data = result_to_dict(extract_bytes(path.read_bytes(), path=str(path)))
        errors = sorted(validator.iter_errors(data), key=lambda e: list(e.path))
        assert not errors, (path.name, errors[0].message)
        assert data["status"] in ("success", "partial")
        assert data["document"]["issuer"]["issuerCik"]


def test_fields_carry_path_value_and_provenance(dev_xml_paths: list[Path]) -> None:
    path = dev_xml_paths[0]
    data = result_to_dict(extract_bytes(path.read_bytes(), path=str(path)))
    paths = {f["path"] for f in data["fields"]}
    assert "issuer/issuerCik" in paths
    assert all(f["source"] == "xml" and 0 <= f["confidence"] <= 1 for f in data["fields"])
