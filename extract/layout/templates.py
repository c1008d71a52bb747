"""Load the declarative layouts in ``layouts/*.toml`` into typed ``Layout`` objects."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from extract.errors import ConfigError

__all__ = ["ColumnSpec", "TableSpec", "Layout", "LAYOUT_DIR", "load_layout", "layout_for_form"]

LAYOUT_DIR = Path(__file__).resolve().parent.parent.parent / "layouts"

ValueKind = Literal[
    "text", "date", "code", "voluntary", "amount", "amount_acquired", "amount_disposed",
    "ad", "price", "di",
]


class ColumnSpec(BaseModel):
    """One printed column: its key, the element it fills and how its text is parsed."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str
    element: str
    type: ValueKind
    value_element: str | None = None  # where a "$" amount goes instead (total/value owned)


class TableSpec(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    columns: list[ColumnSpec]
    holding_keys: list[str] = Field(default_factory=list)

    def column(self, key: str) -> ColumnSpec | None:
        return next((c for c in self.columns if c.key == key), None)


class Layout(BaseModel):
    model_config = ConfigDict(frozen=True, extra="allow")

    name: str
    form: Literal["3", "4", "5"]
    revision: str = ""
    table1: TableSpec
    table2: TableSpec


@cache
def load_layout(name: str, directory: Path = LAYOUT_DIR) -> Layout:
    """Load ``layouts/<name>.toml``; raises ``ConfigError`` naming the file when invalid."""
    path = directory / f"{name}.toml"
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
        return Layout.model_validate(data)
    except FileNotFoundError:
        raise ConfigError(f"layout {name!r} not found in {directory}", code="E402") from None
    except (tomllib.TOMLDecodeError, ValidationError) as exc:
        first = str(exc).splitlines()[0]
        raise ConfigError(f"layout file {path} is invalid: {first}", code="E403") from None


def layout_for_form(form: str) -> Layout:
    """The EDGAR-rendering layout of a base form number ("3", "4" or "5")."""
    return load_layout(f"form{form}-edgar")
