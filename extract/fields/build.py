"""``FormGrid`` -> ``Filing``: map printed boxes and columns to ownershipDocument elements.

The column maps come from ``layouts/form{3,4,5}-edgar.toml``; nothing here knows a column
by position. Values the printed form implies but does not show are filled with a lower
confidence and an ``I301`` info issue: ``transactionFormType`` (the form's number) and
``equitySwapInvolved`` (0).
"""

from __future__ import annotations

from typing import Any

from extract.fields.values import parse_checkbox, parse_printed, parse_text
from extract.ir.codes import AcquiredDisposed, DocumentType
from extract.ir.filing import (
    DerivativeHolding,
    DerivativeTable,
    DerivativeTransaction,
    Filing,
    Footnote,
    Issuer,
    NonDerivativeHolding,
    NonDerivativeTable,
    NonDerivativeTransaction,
    OwnerSignature,
    ReportingOwner,
    ReportingOwnerAddress,
    ReportingOwnerId,
    ReportingOwnerRelationship,
)
from extract.ir.grid import Cell, FormGrid, GridRow, OwnerBox, TableGrid
from extract.ir.result import StageError
from extract.ir.values import Extracted, Issue, Provenance, Severity
from extract.layout.templates import TableSpec, layout_for_form

__all__ = ["build_filing", "INFERRED_CONFIDENCE"]

STAGE = "fields.build"
#: Confidence of a value the form implies but does not print.
INFERRED_CONFIDENCE = 0.95

_INFERRED = Issue(
    code="I301", message="not printed on the form; inferred", severity=Severity.INFO
)


class _Builder:
    def __init__(self, grid: FormGrid) -> None:
        self.grid = grid
        self.errors: list[StageError] = []

    def provenance(self, cell: Cell | None) -> Provenance:
        if cell is None:
            return Provenance(source=self.grid.source, stage=STAGE)
        return Provenance(source=self.grid.source, page=cell.page, bbox=cell.bbox, stage=STAGE)

    def leaf(self, cell: Cell | None, kind: str, path: str) -> Extracted[Any] | None:
        """A typed leaf from a cell; None when the cell is absent or blank with no footnote."""
        if cell is None:
            return None
        value, issues = parse_printed(kind, cell.text)
        if value is None and not cell.footnotes and not issues:
            return None
        return self._extracted(cell, value, issues, path, tuple(cell.footnotes))

    def checkbox(self, cell: Cell | None, path: str) -> Extracted[bool] | None:
        """A box's state; a blank box is unchecked (False), not absent."""
        if cell is None:
            return None
        value, issues = parse_checkbox(cell.text)
        return self._extracted(cell, value, issues, path, ())

    def _extracted(self, cell: Cell, value: Any, issues: tuple[Issue, ...], path: str,
                   footnotes: tuple[str, ...]) -> Extracted[Any]:
        """The leaf for a parsed cell; a parse issue is recorded and zeroes the confidence."""
        for issue in issues:
            self.errors.append(
                StageError(stage=STAGE, code=issue.code, message=issue.message, path=path,
                           severity="warning")
            )
        return Extracted(
            value=value,
            raw=cell.raw if cell.raw is not None else cell.text,
            footnote_ids=footnotes,
            confidence=cell.confidence if not issues else 0.0,
            provenance=self.provenance(cell),
            issues=issues + cell.issues,
        )

    def inferred(self, value: Any) -> Extracted[Any]:
        return Extracted(
            value=value,
            confidence=INFERRED_CONFIDENCE,
            provenance=Provenance(source=self.grid.source, stage=STAGE),
            issues=(_INFERRED,),
        )

    # -- header -----------------------------------------------------------------------
    def document_type(self) -> Extracted[DocumentType]:
        cell = self.grid.header.get("document_type")
        text = cell.text.strip().upper().replace(" ", "") if cell else ""
        text = text.removeprefix("FORM")
        try:
            value = DocumentType(text)
        except ValueError:
            amended = "date_of_original_submission" in self.grid.header and bool(
                self.grid.header["date_of_original_submission"].text.strip()
            )
            value = DocumentType(self.grid.form + ("/A" if amended else ""))
            return self.inferred(value)
        return Extracted(value=value, raw=cell.text if cell else None,
                         confidence=cell.confidence if cell else 1.0,
                         provenance=self.provenance(cell))

    def owner(self, box: OwnerBox, index: int) -> ReportingOwner:
        base = f"reportingOwner[{index}]/"

        def text(cell: Cell | None, name: str) -> Extracted[Any] | None:
            return self.leaf(cell, "text", base + name)

        address = ReportingOwnerAddress(
            rpt_owner_street1=text(box.street1, "reportingOwnerAddress/rptOwnerStreet1"),
            rpt_owner_street2=text(box.street2, "reportingOwnerAddress/rptOwnerStreet2"),
            rpt_owner_city=text(box.city, "reportingOwnerAddress/rptOwnerCity"),
            rpt_owner_state=text(box.state, "reportingOwnerAddress/rptOwnerState"),
            rpt_owner_zip_code=text(box.zip_code, "reportingOwnerAddress/rptOwnerZipCode"),
        )
        rel = base + "reportingOwnerRelationship/"
        return ReportingOwner(
            reporting_owner_id=ReportingOwnerId(
                rpt_owner_name=text(box.name, "reportingOwnerId/rptOwnerName")
            ),
            reporting_owner_address=address,
            reporting_owner_relationship=ReportingOwnerRelationship(
                is_director=self.checkbox(box.is_director, rel + "isDirector"),
                is_officer=self.checkbox(box.is_officer, rel + "isOfficer"),
                is_ten_percent_owner=self.checkbox(
                    box.is_ten_percent_owner, rel + "isTenPercentOwner"
                ),
                is_other=self.checkbox(box.is_other, rel + "isOther"),
                officer_title=text(box.officer_title, "reportingOwnerRelationship/officerTitle"),
                other_text=text(box.other_text, "reportingOwnerRelationship/otherText"),
            ),
        )

    # -- tables -----------------------------------------------------------------------
    def row(self, row: GridRow, spec: TableSpec, path: str, holding: bool) -> dict[str, Any]:
        """Nested element dict (XSD names) for one table row."""
        out: dict[str, Any] = {}
        for column in spec.columns:
            if holding and column.key not in spec.holding_keys:
                continue
            cell = row.cells.get(column.key)
            if cell is None:
                continue
            element = column.element
            if column.value_element and cell.text.strip().startswith("$"):
                element = column.value_element
            leaf = self.leaf(cell, column.type, f"{path}/{element}")
            if leaf is None:
                continue
            if column.type in ("amount_acquired", "amount_disposed"):
                code = (AcquiredDisposed.ACQUIRED if column.type == "amount_acquired"
                        else AcquiredDisposed.DISPOSED)
                _put(out, "transactionAmounts/transactionAcquiredDisposedCode",
                     Extracted(value=code, raw=column.key, confidence=leaf.confidence,
                               provenance=leaf.provenance))
            _put(out, element, leaf)
        if not holding and self.grid.form in ("4", "5"):
            coding = out.setdefault("transactionCoding", {})
            coding.setdefault("transactionFormType", self.inferred(self.grid.form))
            coding.setdefault("equitySwapInvolved", self.inferred(False))
            out["transactionCoding"] = {
                k: coding[k]
                for k in ("transactionFormType", "transactionCode", "equitySwapInvolved")
                if k in coding
            }
        return out

    def table(self, grid: TableGrid, spec: TableSpec) -> tuple[list[Any], list[Any]]:
        derivative = grid.table == "II"
        names = ("derivativeTransaction", "derivativeHolding") if derivative else (
            "nonDerivativeTransaction", "nonDerivativeHolding")
        table_name = "derivativeTable" if derivative else "nonDerivativeTable"
        tx_cls: Any = DerivativeTransaction if derivative else NonDerivativeTransaction
        hold_cls: Any = DerivativeHolding if derivative else NonDerivativeHolding
        transactions: list[Any] = []
        holdings: list[Any] = []
        for row in grid.rows:
            holding = self.grid.form == "3" or not any(
                (c.text.strip() or c.footnotes)
                for key, c in row.cells.items()
                if key not in spec.holding_keys
            )
            if holding:
                path = f"{table_name}/{names[1]}[{len(holdings) + 1}]"
                holdings.append(hold_cls.model_validate(self.row(row, spec, path, True)))
            else:
                path = f"{table_name}/{names[0]}[{len(transactions) + 1}]"
                transactions.append(tx_cls.model_validate(self.row(row, spec, path, False)))
        return transactions, holdings

    def build(self) -> Filing:
        grid = self.grid
        layout = layout_for_form(grid.form)
        header = grid.header
        kwargs: dict[str, Any] = {"document_type": self.document_type()}
        kwargs["period_of_report"] = self.leaf(header.get("period_of_report"), "date",
                                               "periodOfReport")
        kwargs["date_of_original_submission"] = self.leaf(
            header.get("date_of_original_submission"), "date", "dateOfOriginalSubmission")
        for key, name in (
            ("no_securities_owned", "noSecuritiesOwned"),
            ("not_subject_to_section16", "notSubjectToSection16"),
            ("form3_holdings_reported", "form3HoldingsReported"),
            ("form4_transactions_reported", "form4TransactionsReported"),
            ("aff10b5_one", "aff10b5One"),
        ):
            kwargs[key] = self.checkbox(header.get(key), name)
        kwargs["issuer"] = Issuer(
            issuer_name=self.leaf(header.get("issuer_name"), "text", "issuer/issuerName"),
            issuer_trading_symbol=self.leaf(
                header.get("issuer_trading_symbol"), "text", "issuer/issuerTradingSymbol"),
        )
        kwargs["reporting_owners"] = [self.owner(box, i) for i, box in
                                      enumerate(grid.owners, start=1)]
        for table in grid.tables:
            spec = layout.table1 if table.table == "I" else layout.table2
            transactions, holdings = self.table(table, spec)
            if table.table == "I":
                kwargs["non_derivative_table"] = NonDerivativeTable(
                    transactions=transactions, holdings=holdings)
            else:
                kwargs["derivative_table"] = DerivativeTable(
                    transactions=transactions, holdings=holdings)
        kwargs["footnotes"] = [
            Footnote(id=fid, text=Extracted(value=parse_text(cell.text)[0],
                                            raw=cell.raw if cell.raw is not None else cell.text,
                                            confidence=cell.confidence,
                                            provenance=self.provenance(cell)))
            for fid, cell in grid.footnotes
        ]
        kwargs["remarks"] = self.leaf(grid.remarks, "text", "remarks")
        signatures = []
        for i, line in enumerate(grid.signatures, start=1):
            signer = self.leaf(line.name, "text", f"ownerSignature[{i}]/signatureName")
            day = self.leaf(line.date, "date", f"ownerSignature[{i}]/signatureDate")
            signatures.append(OwnerSignature(signature_name=signer, signature_date=day))
        kwargs["owner_signatures"] = signatures
        return Filing(**kwargs)


def _put(tree: dict[str, Any], path: str, leaf: Extracted[Any]) -> None:
    *parents, last = path.split("/")
    node = tree
    for part in parents:
        node = node.setdefault(part, {})
    node[last] = leaf


def build_filing(grid: FormGrid) -> tuple[Filing, list[StageError]]:
    """Map a recovered ``FormGrid`` to a typed ``Filing`` plus coded parse warnings."""
    builder = _Builder(grid)
    filing = builder.build()
    return filing, builder.errors

