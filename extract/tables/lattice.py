"""Lattice strategy: leaf columns between the vertical ruling lines of the data rows."""

from __future__ import annotations

from extract.ir.document import Line, Page
from extract.layout.anchors import LayoutSpec
from extract.tables.base import HeaderInfo, TableStrategy

__all__ = ["LatticeStrategy", "vertical_cuts"]


def vertical_cuts(vlines: list[Line], x0: float, x1: float, y0: float, y1: float,
                  unit: float) -> list[float]:
    """x of the vertical rules crossing the band y0..y1; rules closer than 1.2 units are one
    (a frame drawn double, a cell border beside the table's: no column is that narrow)."""
    xs = sorted(v.x for v in vlines
                if x0 - unit <= v.x <= x1 + unit and v.bbox[1] < y1 and v.bbox[3] > y0
                and min(v.bbox[3], y1) - max(v.bbox[1], y0) >= 0.5 * min(unit, y1 - y0))
    cuts: list[float] = []
    for x in xs:
        if cuts and x - cuts[-1] < 1.2 * unit:
            continue
        cuts.append(x)
    return cuts


class LatticeStrategy(TableStrategy):
    name = "tables.lattice.v1"

    def find_bands(self, page: Page, region: tuple[float, float, float, float],
                   header: HeaderInfo, spec: LayoutSpec, label: str,
                   vlines: list[Line]) -> list[tuple[float, float]]:
        x0, _top, x1, bottom = region
        unit = page.unit
        y0 = header.bottom + 0.2 * unit
        y1 = bottom
        if y1 - y0 < unit:  # no data rows: use the lowest header row
            y0, y1 = header.bottom - 1.5 * unit, header.bottom - 0.2 * unit
        cuts = vertical_cuts(vlines, x0, x1, y0, y1, unit)
        # no rule at the table's outer edges (pipe tables): the region's edge is one; a
        # sliver of under two units between the outer rule and the region's edge (a scan's
        # region reaching past the frame) is no column
        if cuts and cuts[0] > x0 + 2 * unit:
            cuts.insert(0, x0)
        if cuts and cuts[-1] < x1 - 2 * unit:
            cuts.append(x1)
        return [(a, b) for a, b in zip(cuts, cuts[1:], strict=False) if b - a >= 0.8 * unit]
