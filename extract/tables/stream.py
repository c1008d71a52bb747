"""Stream strategy: columns from the header text alone (no ruling lines needed).

Each printed column number starts its column; the column ends where the next number
starts. A column with sub-columns is cut between its sub-column labels, in the middle of the
widest stretch there that no data word covers (the labels' midpoint when there is none)."""

from __future__ import annotations

from extract.ir.document import Line, Page
from extract.layout.anchors import LayoutSpec
from extract.tables.base import HeaderInfo, TableStrategy

__all__ = ["StreamStrategy"]


class StreamStrategy(TableStrategy):
    name = "tables.stream.v1"

    def find_bands(self, page: Page, region: tuple[float, float, float, float],
                   header: HeaderInfo, spec: LayoutSpec, label: str,
                   vlines: list[Line]) -> list[tuple[float, float]]:
        x0, _top, x1, bottom = region
        unit = page.unit
        data = [(w.x0, w.x1) for w in page.words
                if header.bottom < w.yc <= bottom and x0 <= w.xc <= x1]
        table = spec.table(label)
        starts = sorted((w.x0 - 0.5 * unit, key) for key, w in header.parents.items())
        out: list[tuple[float, float]] = []
        for i, (left, parent) in enumerate(starts):
            right = starts[i + 1][0] if i + 1 < len(starts) else x1
            if i == 0:
                left = min(left, x0)
            subs = [c.key for c in table.columns if c.key.split(".", 1)[0] == parent
                    and "." in c.key]
            located = [header.subs[k] for k in subs if k in header.subs]
            if len(subs) > 1 and len(located) == len(subs):
                cuts = [left] + [_cut(a[1], b[0], data) for a, b in zip(located, located[1:],
                                                                         strict=False)] + [right]
                out += list(zip(cuts, cuts[1:], strict=False))
            else:
                out.append((left, right))
        return out


def _cut(a: float, b: float, data: list[tuple[float, float]]) -> float:
    """The middle of the widest stretch of [a, b] no data word covers (else the midpoint)."""
    if b <= a:
        return (a + b) / 2
    spans = sorted((max(x0, a), min(x1, b)) for x0, x1 in data if x1 > a and x0 < b)
    best = (0.0, (a + b) / 2)
    pos = a
    for s0, s1 in spans:
        if s0 > pos and s0 - pos > best[0]:
            best = (s0 - pos, (pos + s0) / 2)
        pos = max(pos, s1)
    if b > pos and b - pos > best[0]:
        best = (b - pos, (pos + b) / 2)
    return best[1]
