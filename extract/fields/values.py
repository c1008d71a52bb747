"""Parse printed cell text (``$1.375``, ``50,000``, ``06/17/2008``, ``X``) into typed values.

Every parser returns ``(value, issues)``; text that does not parse gives ``None`` and an
issue, never an exception and never a silent ``None``.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from extract.ir.codes import AcquiredDisposed, DirectIndirect, Timeliness, TransactionCode
from extract.ir.lexical import normalise_space
from extract.ir.values import Issue, Severity

__all__ = [
    "parse_amount",
    "parse_checkbox",
    "parse_code",
    "parse_date",
    "parse_printed",
    "parse_text",
]

_NUMBER = re.compile(r"^\(?\$?\s*([+-]?[\d,]*\.?\d+)\s*\)?$")
_DATE_FORMATS = ("%m/%d/%Y", "%m/%d/%y", "%Y-%m-%d", "%m-%d-%Y", "%B %d, %Y", "%b %d, %Y",
                 "%b. %d, %Y", "%d %B %Y")
_CHECKED = {"1", "x", "[x]", "☒", "☑", "✓", "✔", "true", "yes", "checked"}
_UNCHECKED = {"", "0", "[ ]", "[]", "☐", "false", "no"}
_PLACEHOLDERS = {"", "-", "—", "–", "n/a", "N/A"}

Parsed = tuple[Any, tuple[Issue, ...]]


def _issue(code: str, message: str) -> tuple[Issue, ...]:
    return (Issue(code=code, message=message, severity=Severity.ERROR),)


def parse_text(text: str) -> Parsed:
    cleaned = normalise_space(text)
    return (cleaned or None), ()


def parse_amount(text: str) -> Parsed:
    """``50,000`` / ``$ 1.375`` / ``(5,000)`` -> Decimal. ``$`` is allowed and dropped."""
    cleaned = normalise_space(text)
    if cleaned in _PLACEHOLDERS:
        return None, ()
    match = _NUMBER.match(cleaned.replace(" ", ""))
    if not match:
        return None, _issue("P201", f"not an amount: {cleaned!r}")
    try:
        return Decimal(match[1].replace(",", "")), ()
    except InvalidOperation:
        return None, _issue("P201", f"not an amount: {cleaned!r}")


def parse_date(text: str) -> Parsed:
    cleaned = normalise_space(text)
    if cleaned in _PLACEHOLDERS:
        return None, ()
    for fmt in _DATE_FORMATS:
        try:
            parsed: date = datetime.strptime(cleaned, fmt).date()
            return parsed, ()
        except ValueError:
            continue
    return None, _issue("P202", f"not a date: {cleaned!r}")


def parse_code(text: str) -> Parsed:
    cleaned = normalise_space(text).strip("()").upper()
    if not cleaned:
        return None, ()
    try:
        return TransactionCode(cleaned), ()
    except ValueError:
        return None, _issue("P203", f"not a transaction code (SEC Instruction 8): {cleaned!r}")


def _choice(text: str, enum: type[Any], code: str) -> Parsed:
    cleaned = normalise_space(text).strip("()").upper()
    if not cleaned:
        return None, ()
    cleaned = {"DIRECT": "D", "INDIRECT": "I", "ACQUIRED": "A", "DISPOSED": "D"}.get(
        cleaned, cleaned
    )
    try:
        return enum(cleaned), ()
    except ValueError:
        allowed = "/".join(m.value for m in enum)
        return None, _issue(code, f"expected {allowed}, found {cleaned!r}")


def parse_checkbox(text: str) -> Parsed:
    cleaned = normalise_space(text).lower()
    if cleaned in _CHECKED:
        return True, ()
    if cleaned in _UNCHECKED:
        return False, ()
    return None, _issue("P206", f"checkbox state unclear: {cleaned!r}")


def parse_printed(kind: str, text: str) -> Parsed:
    """Parse cell text by the layout's value kind."""
    if kind == "text":
        return parse_text(text)
    if kind == "date":
        return parse_date(text)
    if kind == "code":
        return parse_code(text)
    if kind in ("amount", "price", "amount_acquired", "amount_disposed"):
        return parse_amount(text)
    if kind == "ad":
        return _choice(text, AcquiredDisposed, "P204")
    if kind == "di":
        return _choice(text, DirectIndirect, "P205")
    if kind == "voluntary":
        cleaned = normalise_space(text).upper()
        if not cleaned:
            return None, ()
        if cleaned == "V":
            return Timeliness.EARLY, ()
        return _choice(cleaned, Timeliness, "P207")
    raise ValueError(f"unknown value kind {kind!r}")  # pragma: no cover
