"""One error hierarchy with coded messages that say what was tried and what to do.

Codes: E0xx input, E1xx layout, E2xx parse, E3xx engine, E4xx configuration.
"""

from __future__ import annotations

__all__ = [
    "ExtractError",
    "InputError",
    "EngineError",
    "LayoutError",
    "ParseError",
    "ConfigError",
]


class ExtractError(Exception):
    """Base of every error sec16 raises on purpose. ``str()`` is one line: code and message."""

    default_code = "E000"

    def __init__(self, message: str, *, code: str | None = None, path: str | None = None):
        super().__init__(message)
        self.code = code or self.default_code
        self.message = message
        self.path = path

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return f"{where}{self.code} {self.message}"


class InputError(ExtractError):
    """The input is not something sec16 can read (empty, binary, not a filing, too large)."""

    default_code = "E001"


class LayoutError(ExtractError):
    """No layout matched the page(s)."""

    default_code = "E101"


class ParseError(ExtractError):
    """A document was recognised but could not be parsed."""

    default_code = "E201"


class EngineError(ExtractError):
    """An external engine (Tesseract, Chromium) failed or is missing."""

    default_code = "E301"


class ConfigError(ExtractError):
    """Settings are invalid."""

    default_code = "E401"
