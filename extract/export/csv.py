"""Results -> CSV: one row per table row (transaction or holding) plus the filing's keys."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from extract.ir.filing import Filing, Node
from extract.ir.lexical import format_value
from extract.ir.result import Result
from extract.ir.schema import iter_leaves

__all__ = ["CSV_COLUMNS", "filing_rows", "results_to_csv"]

KEY_COLUMNS = [
    "sourcePath", "sha256", "status", "documentType", "periodOfReport", "issuerCik",
    "issuerName", "issuerTradingSymbol", "rptOwnerCik", "rptOwnerName", "table", "entry",
    "index",
]
ROW_COLUMNS = [
    "securityTitle", "conversionOrExercisePrice", "transactionDate", "deemedExecutionDate",
    "transactionFormType", "transactionCode", "equitySwapInvolved", "transactionTimeliness",
    "transactionShares", "transactionTotalValue", "transactionPricePerShare",
    "transactionAcquiredDisposedCode", "exerciseDate", "expirationDate",
    "underlyingSecurityTitle", "underlyingSecurityShares", "underlyingSecurityValue",
    "sharesOwnedFollowingTransaction", "valueOwnedFollowingTransaction",
    "directOrIndirectOwnership", "natureOfOwnership", "footnoteIds",
]
CSV_COLUMNS = KEY_COLUMNS + ROW_COLUMNS


def _value(leaf: Any) -> str:
    if leaf is None or leaf.value is None:
        return ""
    return format_value(leaf.value)


def _row_values(item: Node) -> dict[str, str]:
    out: dict[str, str] = {}
    notes: list[str] = []
    for leaf in iter_leaves(item):
        name = leaf.group_path.rsplit("/", 1)[-1]
        if name in ROW_COLUMNS:
            out[name] = _value(leaf.extracted)
        notes.extend(f"{name}:{f}" for f in leaf.extracted.footnote_ids)
    out["footnoteIds"] = " ".join(notes)
    return out


def filing_rows(filing: Filing, keys: dict[str, str]) -> list[dict[str, str]]:
    """One dict per table row of ``filing`` with ``keys`` and the filing's identifiers."""
    owners = filing.reporting_owners
    base = dict(keys)
    base.update(
        documentType=_value(filing.document_type),
        periodOfReport=_value(filing.period_of_report),
        issuerCik=_value(filing.issuer.issuer_cik),
        issuerName=_value(filing.issuer.issuer_name),
        issuerTradingSymbol=_value(filing.issuer.issuer_trading_symbol),
        rptOwnerCik="; ".join(_value(o.reporting_owner_id.rpt_owner_cik) for o in owners),
        rptOwnerName="; ".join(_value(o.reporting_owner_id.rpt_owner_name) for o in owners),
    )
    rows = []
    for label, table in (("I", filing.non_derivative_table), ("II", filing.derivative_table)):
        if table is None:
            continue
        for entry, items in (("transaction", table.transactions), ("holding", table.holdings)):
            for index, item in enumerate(items, start=1):
                row = dict(base, table=label, entry=entry, index=str(index))
                row.update(_row_values(item))
                rows.append(row)
    return rows


def results_to_csv(results: Iterable[Result]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, extrasaction="ignore",
                            lineterminator="\n")
    writer.writeheader()
    for result in results:
        if result.filing is None:
            continue
        keys = {"sourcePath": result.source.path, "sha256": result.source.sha256,
                "status": result.status.value}
        for row in filing_rows(result.filing, keys):
            writer.writerow(row)
    return buffer.getvalue()
