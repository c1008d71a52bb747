"""Coded validation rules over a ``Filing``: they flag, they never fix.

Every finding is a ``StageError`` (stage ``validate``) whose ``path`` is the field path as
``extract.ir.schema.iter_leaves`` writes it (``derivativeTable/derivativeTransaction[1]/
transactionAmounts/transactionAcquiredDisposedCode/value``); a missing element gets the path
it would have. ``RULES`` documents every code.

The rules check the filing against the form's own logic (General Instructions and the
ownership XML schema). They are tuned on real EDGAR filings so that a warning on a correct
filing is rare and explainable; where a filer may legitimately deviate, the rule is a warning.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from extract.ir.codes import (
    AcquiredDisposed,
    DirectIndirect,
    DocumentType,
    Timeliness,
    TransactionCode,
)
from extract.ir.filing import (
    DerivativeHolding,
    DerivativeTransaction,
    Filing,
    NonDerivativeHolding,
    NonDerivativeTransaction,
)
from extract.ir.result import StageError
from extract.ir.schema import iter_leaves
from extract.ir.values import Extracted

__all__ = ["RULES", "Rule", "validate"]

STAGE = "validate"


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    severity: str  # "error" | "warning"
    description: str


_RULE_LIST = (
    Rule("V101", "error", "transaction code present but not one of the SEC codes (Instruction 8)"),
    Rule("V102", "error", "transaction without a transaction code"),
    Rule("V103", "error", "transaction without a valid (A)/(D) acquired-or-disposed code"),
    Rule("V104", "error", "row without a valid direct (D) / indirect (I) ownership form"),
    Rule("V105", "error", "date that is not a real calendar date (or outside 1900-2100)"),
    Rule("V106", "error", "Table II date exercisable later than the expiration date"),
    Rule("V107", "warning", "transaction dated after the reporting person's signature"),
    Rule("V108", "warning", "Form 4 period of report is not the earliest transaction date"),
    Rule("V109", "error", "negative amount (shares, price, value or holdings)"),
    Rule("V110", "error", "footnote reference to a footnote the filing does not have"),
    Rule("V111", "warning", "footnote that nothing in the filing references"),
    Rule("V112", "warning", "indirect ownership (I) without the nature of indirect ownership"),
    Rule(
        "V113",
        "warning",
        "Table II exercise/conversion (M, X, C, O) with no acquisition on the same date with "
        "the same code (or coded J/M/X/C/O under the underlying's title)",
    ),
    Rule(
        "V114",
        "warning",
        "Table I (A)/(D) contradicts the code (S with A, P with D, M/X/C/O with D)",
    ),
    Rule(
        "V115",
        "warning",
        "Table II exercise/conversion (M, X, C, O) reported as (A): it disposes of the derivative",
    ),
    Rule(
        "V116",
        "warning",
        "Table II date exercisable more than five years after the transaction date",
    ),
)
RULES: Mapping[str, Rule] = {rule.code: rule for rule in _RULE_LIST}
"""Every validation code, in order, with its severity and a one-line description."""

_EXERCISE = frozenset({TransactionCode.M, TransactionCode.X, TransactionCode.C, TransactionCode.O})
_RECEIPT = _EXERCISE | {TransactionCode.J}
"""Codes a filer may use for the shares received on an exercise or conversion."""
_TABLE1_CONFLICT: dict[TransactionCode, AcquiredDisposed] = {
    TransactionCode.S: AcquiredDisposed.ACQUIRED,
    TransactionCode.P: AcquiredDisposed.DISPOSED,
    **{code: AcquiredDisposed.DISPOSED for code in _EXERCISE},
}
_TABLE1_MEANING = {
    TransactionCode.S: "a sale disposes of the security (D)",
    TransactionCode.P: "a purchase acquires the security (A)",
    **{code: "an exercise or conversion acquires the underlying (A)" for code in _EXERCISE},
}
_MIN_YEAR, _MAX_YEAR = 1900, 2100
_VESTING_DAYS = 5 * 366

Transaction = NonDerivativeTransaction | DerivativeTransaction
Row = Transaction | NonDerivativeHolding | DerivativeHolding


def _finding(code: str, message: str, path: str) -> StageError:
    return StageError(
        stage=STAGE, code=code, message=message, path=path, severity=RULES[code].severity
    )


@dataclass(frozen=True, slots=True)
class _Row:
    table: int  # 1 or 2
    prefix: str  # "nonDerivativeTable/nonDerivativeTransaction[1]/"
    row: Row

    @property
    def is_transaction(self) -> bool:
        return isinstance(self.row, NonDerivativeTransaction | DerivativeTransaction)

    @property
    def label(self) -> str:
        kind = "transaction" if self.is_transaction else "holding"
        index = self.prefix.rsplit("[", 1)[-1].split("]", 1)[0]
        return f"Table {'I' * self.table} {kind} {index}"


def _rows(filing: Filing) -> Iterator[_Row]:
    table1 = filing.non_derivative_table
    if table1 is not None:
        for i, t1 in enumerate(table1.transactions, start=1):
            yield _Row(1, f"nonDerivativeTable/nonDerivativeTransaction[{i}]/", t1)
        for i, h1 in enumerate(table1.holdings, start=1):
            yield _Row(1, f"nonDerivativeTable/nonDerivativeHolding[{i}]/", h1)
    table2 = filing.derivative_table
    if table2 is not None:
        for i, t2 in enumerate(table2.transactions, start=1):
            yield _Row(2, f"derivativeTable/derivativeTransaction[{i}]/", t2)
        for i, h2 in enumerate(table2.holdings, start=1):
            yield _Row(2, f"derivativeTable/derivativeHolding[{i}]/", h2)


def _value(extracted: Extracted[Any] | None) -> Any:
    return None if extracted is None else extracted.value


def _raw(extracted: Extracted[Any] | None) -> str | None:
    if extracted is None or extracted.raw is None or not extracted.raw.strip():
        return None
    return extracted.raw.strip()


def _code(row: Row) -> TransactionCode | None:
    coding = getattr(row, "transaction_coding", None)
    return _value(coding.transaction_code) if coding is not None else None  # type: ignore[no-any-return]


def _acq_disp(row: Row) -> AcquiredDisposed | None:
    amounts = getattr(row, "transaction_amounts", None)
    return _value(amounts.transaction_acquired_disposed_code) if amounts is not None else None  # type: ignore[no-any-return]


def _date(row: Row) -> date | None:
    return _value(getattr(row, "transaction_date", None))  # type: ignore[no-any-return]


def _check_codes(rows: list[_Row]) -> Iterator[StageError]:
    """V101-V104: transaction code, (A)/(D) and (D)/(I) present and valid."""
    for r in rows:
        if r.is_transaction:
            coding = getattr(r.row, "transaction_coding", None)
            leaf = coding.transaction_code if coding is not None else None
            path = f"{r.prefix}transactionCoding/transactionCode"
            if _value(leaf) is None:
                raw = _raw(leaf)
                if raw is not None:
                    yield _finding(
                        "V101", f"{r.label}: transaction code {raw!r} is not an SEC code", path
                    )
                else:
                    yield _finding("V102", f"{r.label}: no transaction code", path)
            amounts = getattr(r.row, "transaction_amounts", None)
            ad = amounts.transaction_acquired_disposed_code if amounts is not None else None
            if _value(ad) is None:
                raw = _raw(ad)
                what = f"{raw!r} is not A or D" if raw else "missing"
                yield _finding(
                    "V103",
                    f"{r.label}: (A)/(D) code {what}",
                    f"{r.prefix}transactionAmounts/transactionAcquiredDisposedCode/value",
                )
        nature = getattr(r.row, "ownership_nature", None)
        di = nature.direct_or_indirect_ownership if nature is not None else None
        if _value(di) is None:
            raw = _raw(di)
            what = f"{raw!r} is not D or I" if raw else "missing"
            yield _finding(
                "V104",
                f"{r.label}: ownership form (D)/(I) {what}",
                f"{r.prefix}ownershipNature/directOrIndirectOwnership/value",
            )
        elif (
            _value(di) is DirectIndirect.INDIRECT
            and nature is not None
            and not _value(nature.nature_of_ownership)
        ):
            yield _finding(
                "V112",
                f"{r.label}: indirect ownership (I) without the nature of the indirect "
                "ownership (column 7/11)",
                f"{r.prefix}ownershipNature/natureOfOwnership/value",
            )


def _check_leaves(filing: Filing) -> Iterator[StageError]:
    """V105 unreal dates, V109 negative amounts, V110 dangling and V111 unused footnotes."""
    ids = {f.id for f in filing.footnotes}
    referenced: set[str] = set()
    for ref in iter_leaves(filing):
        if ref.spec is None:
            continue
        extracted = ref.extracted
        for footnote_id in extracted.footnote_ids:
            referenced.add(footnote_id)
            if footnote_id not in ids:
                yield _finding(
                    "V110",
                    f"reference to footnote {footnote_id!r}, which is not in the filing",
                    ref.path,
                )
        if ref.spec.value_type is date:
            value = extracted.value
            raw = _raw(extracted)
            # a value the reader could not parse carries its P-coded issue; text that is only
            # a footnote marker (an exercise date given by footnote) is not a date to check
            unparsed = any(issue.code.startswith("P") for issue in extracted.issues)
            if value is None and raw is not None and unparsed:
                yield _finding("V105", f"{raw!r} is not a real date", ref.path)
            elif isinstance(value, date) and not _MIN_YEAR <= value.year <= _MAX_YEAR:
                yield _finding("V105", f"implausible date {value.isoformat()}", ref.path)
        elif ref.spec.value_type is Decimal:
            value = extracted.value
            if isinstance(value, Decimal) and value < 0:
                yield _finding("V109", f"negative amount {value}", ref.path)
    remarks = (_value(filing.remarks) or "") if filing.remarks is not None else ""
    for index, footnote in enumerate(filing.footnotes, start=1):
        if footnote.id in referenced or _mentioned(footnote.id, remarks):
            continue
        yield _finding(
            "V111", f"footnote {footnote.id!r} is never referenced", f"footnotes/footnote[{index}]"
        )


def _mentioned(footnote_id: str, remarks: str) -> bool:
    """A footnote cited in the remarks (``see footnote 3``, ``(F3)``) counts as referenced."""
    if not remarks:
        return False
    number = footnote_id.lstrip("Ff")
    lowered = remarks.lower()
    return (
        f"({footnote_id.lower()})" in lowered
        or f"footnote {number}" in lowered
        or f"footnote ({number})" in lowered
    )


def _check_dates(filing: Filing, rows: list[_Row]) -> Iterator[StageError]:
    """V106 exercisable after expiration, V116 exercisable over five years after the
    transaction, V107 after signature, V108 period of report."""
    for r in rows:
        if r.table != 2:
            continue
        exercise = _value(getattr(r.row, "exercise_date", None))
        expiration = _value(getattr(r.row, "expiration_date", None))
        if isinstance(exercise, date) and isinstance(expiration, date) and exercise > expiration:
            yield _finding(
                "V106",
                f"{r.label}: date exercisable {exercise.isoformat()} is after the expiration "
                f"date {expiration.isoformat()}",
                f"{r.prefix}exerciseDate/value",
            )
        when = _date(r.row)
        if (r.is_transaction and isinstance(exercise, date) and isinstance(when, date)
                and (exercise - when).days > _VESTING_DAYS):
            # grants vest within a few years (of the 26 dev Table II transactions with both
            # dates, none waits more than a day): a year this far out is more often a
            # misread digit (2029 for 2020)
            yield _finding(
                "V116",
                f"{r.label}: date exercisable {exercise.isoformat()} is more than five years "
                f"after the transaction date {when.isoformat()}",
                f"{r.prefix}exerciseDate/value",
            )
    signed = [d for s in filing.owner_signatures if isinstance(d := _value(s.signature_date), date)]
    last_signed = max(signed) if signed else None
    dated = [(r, d) for r in rows if r.is_transaction and isinstance(d := _date(r.row), date)]
    if last_signed is not None:
        for r, when in dated:
            if when > last_signed:
                yield _finding(
                    "V107",
                    f"{r.label}: transaction date {when.isoformat()} is after the signature "
                    f"date {last_signed.isoformat()}",
                    f"{r.prefix}transactionDate/value",
                )
    form = _value(filing.document_type)
    period = _value(filing.period_of_report)
    on_time = [d for r, d in dated if not _reported_early(r.row)]
    if form in (DocumentType.FORM_4, DocumentType.FORM_4A) and isinstance(period, date) and on_time:
        earliest = min(on_time)
        if period != earliest:
            yield _finding(
                "V108",
                f"period of report {period.isoformat()} is not the earliest transaction date "
                f"{earliest.isoformat()}",
                "periodOfReport",
            )


def _reported_early(row: Row) -> bool:
    """A Form 5 transaction reported early on a Form 4 (form type 5 or timeliness E)."""
    coding = getattr(row, "transaction_coding", None)
    form_type = _value(coding.transaction_form_type) if coding is not None else None
    timeliness = _value(getattr(row, "transaction_timeliness", None))
    return form_type == "5" or timeliness is Timeliness.EARLY


def _title_key(text: str | None) -> str:
    """A security title for matching: lower case, no footnote markers or punctuation."""
    if not text:
        return ""
    text = re.sub(r"\(\s*\d+\s*\)|\[\s*F?\d+\s*\]", " ", text.lower())
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def _check_exercises(filing: Filing, rows: list[_Row]) -> Iterator[StageError]:
    """V113 unmatched exercise, V114 Table I code/(A)(D) conflict, V115 Table II conflict."""
    acquired = [
        r for r in rows if r.is_transaction and _acq_disp(r.row) is AcquiredDisposed.ACQUIRED
    ]
    form = _value(filing.document_type)
    amendment = isinstance(form, DocumentType) and form.is_amendment
    for r in rows:
        code = _code(r.row)
        if not r.is_transaction or code is None:
            continue
        ad = _acq_disp(r.row)
        when = _date(r.row)
        ad_path = f"{r.prefix}transactionAmounts/transactionAcquiredDisposedCode/value"
        if r.table == 1:
            if ad is not None and _TABLE1_CONFLICT.get(code) is ad:
                yield _finding(
                    "V114",
                    f"{r.label}: code {code.value} reported as ({ad.value}); "
                    f"{_TABLE1_MEANING[code]}",
                    ad_path,
                )
            continue
        if code not in _EXERCISE:
            continue
        if ad is AcquiredDisposed.ACQUIRED:
            # The acquiring side of a derivative-to-derivative conversion is fine: another
            # Table II row disposes of a derivative with the same code on the same day.
            source = any(
                o.table == 2
                and o is not r
                and _code(o.row) is code
                and _date(o.row) == when
                and _acq_disp(o.row) is AcquiredDisposed.DISPOSED
                for o in rows
                if o.is_transaction
            )
            if not source:
                yield _finding(
                    "V115",
                    f"{r.label}: code {code.value} exercise/conversion reported as (A); "
                    "exercising or converting disposes of the derivative (D)",
                    ad_path,
                )
            continue
        if amendment:
            continue  # an amendment may restate Table II alone
        underlying = getattr(r.row, "underlying_security", None)
        target = _title_key(_value(underlying.underlying_security_title) if underlying else None)
        matched = any(
            o is not r
            and _date(o.row) == when
            and (
                _code(o.row) is code
                or (
                    _code(o.row) in _RECEIPT
                    and bool(target)
                    and _title_key(_value(o.row.security_title)) == target
                )
            )
            for o in acquired
        )
        if not matched:
            yield _finding(
                "V113",
                f"{r.label}: code {code.value} on {when.isoformat() if when else 'no date'} has "
                "no acquisition of the underlying on the same date with the same code",
                f"{r.prefix}transactionCoding/transactionCode",
            )


def validate(filing: Filing) -> list[StageError]:
    """Run every rule in ``RULES`` over ``filing``; findings in rule order, then document order."""
    rows = list(_rows(filing))
    findings = [
        *_check_codes(rows),
        *_check_leaves(filing),
        *_check_dates(filing, rows),
        *_check_exercises(filing, rows),
    ]
    order = {code: i for i, code in enumerate(RULES)}
    return sorted(findings, key=lambda f: order[f.code])
