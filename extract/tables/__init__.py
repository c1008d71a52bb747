"""Table strategies (lattice: ruling lines; stream: header text and whitespace) and rows."""

from __future__ import annotations

__all__: list[str] = []
