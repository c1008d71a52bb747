"""``Filing`` -> ``FormGrid``: what a perfect reader would recover from a rendering.

The inverse of ``build_filing`` through the same layout column maps. Renderers lay out
this grid, and tests use it to check the builder without a reader in between.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from extract.ir.codes import AcquiredDisposed, Timeliness
from extract.ir.filing import Filing, Node
from extract.ir.grid import Cell, FormGrid, GridRow, OwnerBox, SignatureLine, TableGrid
from extract.ir.lexical import format_value
from extract.ir.values import Extracted, Source
from extract.layout.templates import TableSpec, layout_for_form

__all__ = ["grid_from_filing", "printed_text"]


def printed_text(value: Any, kind: str) -> str:
    """How the form prints a typed value: dates mm/dd/yyyy, amounts with commas, ``$``."""
    if value is None:
        return ""
    if kind == "date":
        return f"{value.month:02d}/{value.day:02d}/{value.year:04d}"
    if isinstance(value, Decimal):
        text = format_value(value)
        whole, dot, frac = text.partition(".")
        sign = "-" if whole.startswith("-") else ""
        whole = whole.lstrip("-")
        grouped = f"{int(whole):,}" if whole else "0"
        number = f"{sign}{grouped}{dot}{frac}"
        return f"${number}" if kind == "price" else number
    if isinstance(value, Timeliness):
        return "V" if value is Timeliness.EARLY else ""
    if isinstance(value, bool):
        return "1" if value else "0"
    return format_value(value)


def _cell(leaf: Extracted[Any] | None, kind: str = "text") -> Cell | None:
    if leaf is None or not leaf.present:
        return None
    return Cell(text=printed_text(leaf.value, kind), footnotes=leaf.footnote_ids)


def _get(node: Node | None, path: str) -> Extracted[Any] | None:
    current: Any = node
    for step in path.split("/"):
        if current is None:
            return None
        attr = next(
            (name for name, info in type(current).model_fields.items()
             if (info.alias or name) == step),
            None,
        )
        if attr is None:
            return None
        current = getattr(current, attr)
    return current


def _row(item: Node, spec: TableSpec, holding: bool) -> GridRow:
    cells: dict[str, Cell] = {}
    for column in spec.columns:
        if holding and column.key not in spec.holding_keys:
            continue
        leaf = _get(item, column.element)
        kind = column.type
        if (leaf is None or not leaf.present) and column.value_element:
            leaf = _get(item, column.value_element)
            kind = "price"
        if column.type in ("amount_acquired", "amount_disposed"):
            code = _get(item, "transactionAmounts/transactionAcquiredDisposedCode")
            wanted = (AcquiredDisposed.ACQUIRED if column.type == "amount_acquired"
                      else AcquiredDisposed.DISPOSED)
            if code is None or code.value != wanted:
                continue
        cell = _cell(leaf, kind)
        if cell is not None:
            cells[column.key] = cell
    return GridRow(cells=cells)


def grid_from_filing(filing: Filing, source: Source = Source.TEXT) -> FormGrid:
    """The grid a rendering of ``filing`` shows."""
    form = filing.document_type.value.form if filing.document_type and filing.document_type.value else "4"
    layout = layout_for_form(form)
    header: dict[str, Cell] = {}
    if filing.document_type is not None and filing.document_type.value is not None:
        header["document_type"] = Cell(text=filing.document_type.value.value)
    for key, leaf, kind in (
        ("issuer_name", filing.issuer.issuer_name, "text"),
        ("issuer_trading_symbol", filing.issuer.issuer_trading_symbol, "text"),
        ("period_of_report", filing.period_of_report, "date"),
        ("date_of_original_submission", filing.date_of_original_submission, "date"),
        ("not_subject_to_section16", filing.not_subject_to_section16, "text"),
        ("aff10b5_one", filing.aff10b5_one, "text"),
        ("no_securities_owned", filing.no_securities_owned, "text"),
        ("form3_holdings_reported", filing.form3_holdings_reported, "text"),
        ("form4_transactions_reported", filing.form4_transactions_reported, "text"),
    ):
        cell = _cell(leaf, kind)
        if cell is not None:
            header[key] = cell
    owners = []
    for owner in filing.reporting_owners:
        address = owner.reporting_owner_address
        rel = owner.reporting_owner_relationship
        owners.append(OwnerBox(
            name=_cell(owner.reporting_owner_id.rpt_owner_name),
            street1=_cell(address.rpt_owner_street1) if address else None,
            street2=_cell(address.rpt_owner_street2) if address else None,
            city=_cell(address.rpt_owner_city) if address else None,
            state=_cell(address.rpt_owner_state) if address else None,
            zip_code=_cell(address.rpt_owner_zip_code) if address else None,
            is_director=_cell(rel.is_director),
            is_officer=_cell(rel.is_officer),
            is_ten_percent_owner=_cell(rel.is_ten_percent_owner),
            is_other=_cell(rel.is_other),
            officer_title=_cell(rel.officer_title),
            other_text=_cell(rel.other_text),
        ))
    tables = []
    for label, table, spec in (("I", filing.non_derivative_table, layout.table1),
                               ("II", filing.derivative_table, layout.table2)):
        if table is None:
            continue
        rows = [_row(t, spec, False) for t in table.transactions]
        rows += [_row(h, spec, True) for h in table.holdings]
        tables.append(TableGrid(table=label, rows=rows))  # type: ignore[arg-type]
    return FormGrid(
        form=form,  # type: ignore[arg-type]
        source=source,
        layout=layout.name,
        header=header,
        owners=owners,
        tables=tables,
        footnotes=[(f.id, Cell(text=f.text.value or "")) for f in filing.footnotes],
        remarks=_cell(filing.remarks),
        signatures=[SignatureLine(name=_cell(s.signature_name), date=_cell(s.signature_date, "date"))
                    for s in filing.owner_signatures],
    )
