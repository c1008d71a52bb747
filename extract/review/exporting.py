"""Stored (corrected) results -> the project's JSON, SEC XML and CSV exports."""

from __future__ import annotations

from collections.abc import Sequence

from extract.ir.result import Result

__all__ = ["export_results"]


def export_results(results: Sequence[Result], fmt: str) -> str:
    """``json``: one canonical JSON document per line; ``xml``: the ownership documents one
    after another; ``csv``: one row per table row."""
    from extract.export.csv import results_to_csv
    from extract.export.json import canonical_json, result_to_dict
    from extract.export.sec_xml import to_xml

    if fmt == "csv":
        return results_to_csv(results)
    if fmt == "xml":
        return "".join(to_xml(r.filing).decode() for r in results if r.filing is not None)
    if fmt == "json":
        return "".join(canonical_json(result_to_dict(r)).replace("\n", "") + "\n"
                       for r in results)
    raise ValueError(f"unknown export format {fmt!r}")
