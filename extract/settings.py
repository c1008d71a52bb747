"""Settings objects: one per stage, validated, with ``resolve(None | dict | instance)``."""

from __future__ import annotations

from typing import Any, ClassVar, Self

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from extract.errors import ConfigError

__all__ = ["Settings", "ExtractSettings"]


class Settings(BaseModel):
    """Base: frozen, unknown keys rejected, one ``resolve`` entry point."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    #: the code of the ConfigError raised for invalid settings of this kind
    error_code: ClassVar[str] = "E401"

    @classmethod
    def resolve(cls, value: None | dict[str, Any] | Self) -> Self:
        if value is None:
            return cls()
        if isinstance(value, cls):
            return value
        if isinstance(value, dict):
            try:
                return cls.model_validate(value)
            except ValidationError as exc:
                first = exc.errors()[0]
                where = ".".join(str(p) for p in first["loc"])
                place = f"{where}: " if where else ""
                raise ConfigError(
                    f"invalid {cls.__name__}: {place}{first['msg']}", code=cls.error_code
                ) from None
        raise ConfigError(
            f"{cls.__name__}: cannot resolve {type(value).__name__}", code=cls.error_code
        )


class ExtractSettings(Settings):
    """Pipeline settings stored in every ``Result``."""

    max_bytes: int = Field(default=50 * 1024 * 1024, gt=0)
    """Inputs larger than this are refused (E006) before any parsing."""
    strict: bool = False
    """Re-raise a stage's error instead of recording it."""
    validate_rules: bool = True
    power_of_attorney: bool = True
    """Find and read the power of attorney (appended, EX-24 or a standalone exhibit)."""
    registry: str | None = None
    """Entity registry (SQLite path or database URL) to link names to CIKs; without one, only
    the links within a filing are made (signer = attorney-in-fact, grantor = owner)."""
