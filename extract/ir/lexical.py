"""Lexical forms: parse XML/printed text into typed values and format them back.

Parsers never raise on bad text: they return ``(None, Issue)`` so a bad element becomes an
issue on that field, never a crashed filing.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any

from extract.ir.values import Issue, Severity

__all__ = ["format_value", "parse_value", "normalise_space"]

_SPACE = re.compile(r"\s+")
_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})")
_TRUE = {"1", "true", "y", "yes", "x"}
_FALSE = {"0", "false", "n", "no"}


def normalise_space(text: str) -> str:
    """Collapse runs of white space to one space and strip the ends."""
    return _SPACE.sub(" ", text).strip()


def _bad(code: str, kind: str, text: str) -> tuple[None, Issue]:
    shown = text if len(text) <= 40 else text[:37] + "..."
    return None, Issue(code=code, message=f"not a valid {kind}: {shown!r}", severity=Severity.ERROR)


def parse_value(value_type: type, text: str) -> tuple[Any, Issue | None]:
    """Parse XML lexical text into ``value_type``; ``(None, issue)`` when it does not parse."""
    if value_type is str:
        cleaned = normalise_space(text)
        return (cleaned or None), None
    stripped = text.strip()
    if not stripped:
        return None, None
    if value_type is Decimal:
        cleaned = stripped.replace(",", "").replace("$", "").strip()
        try:
            number = Decimal(cleaned)
        except InvalidOperation:
            return _bad("P101", "number", text)
        if not number.is_finite():
            return _bad("P101", "number", text)
        return number, None
    if value_type is date:
        match = _ISO_DATE.match(stripped)
        if not match:
            return _bad("P102", "date (YYYY-MM-DD)", text)
        try:
            return date(int(match[1]), int(match[2]), int(match[3])), None
        except ValueError:
            return _bad("P102", "date (YYYY-MM-DD)", text)
    if value_type is bool:
        lowered = stripped.lower()
        if lowered in _TRUE:
            return True, None
        if lowered in _FALSE:
            return False, None
        return _bad("P103", "boolean (1/0/true/false)", text)
    if isinstance(value_type, type) and issubclass(value_type, Enum):
        candidate = stripped.upper() if stripped.upper() in value_type._value2member_map_ else stripped
        try:
            return value_type(candidate), None
        except ValueError:
            allowed = "/".join(str(m.value) for m in value_type)
            return _bad("P104", f"{value_type.__name__} ({allowed})", text)
    raise TypeError(f"no parser for {value_type!r}")  # pragma: no cover


def format_value(value: Any) -> str:
    """The XML lexical form of a typed value."""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return str(value.value)
    return str(value)
