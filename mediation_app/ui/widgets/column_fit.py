"""Table columns that share the width of their view instead of scrolling it sideways.

Each column first takes the width of its heading and the rows shown. When that is more than the
view has (large text, English headings on a 1366-px screen), the widest columns give way first,
down to a common width, never below their floor: a cut cell ends in "…" and its tooltip gives
the whole text (the model's tooltip role).
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QTableView


def shared_widths(wanted: dict[int, int], floors: dict[int, int], room: int) -> dict[int, int]:
    """Widths no wider than ``wanted`` that add up to at most ``room`` where the floors allow:
    every column above a common cap is cut to it (but not below its floor)."""
    if sum(wanted.values()) <= room or not wanted:
        return dict(wanted)

    def total(cap: int) -> int:
        return sum(min(w, max(cap, floors.get(c, 0))) for c, w in wanted.items())

    lo, hi = 0, max(wanted.values())
    while lo < hi:  # the widest cap that fits
        mid = (lo + hi + 1) // 2
        if total(mid) <= room:
            lo = mid
        else:
            hi = mid - 1
    return {c: min(w, max(lo, floors.get(c, 0))) for c, w in wanted.items()}


def fit_to_view(
    table: QTableView, stretch: int, fixed: Iterable[int], floors: dict[int, int], stretch_min: int,
) -> dict[int, str]:
    """Cut the columns of ``table`` (sized already) so that they and at least ``stretch_min`` of
    the stretching column ``stretch`` fit the viewport; ``fixed`` columns keep their width.
    Returns the headings that no longer fit their column, each cut with "…" to fit it."""
    fixed = set(fixed)
    shown = [c for c in range(table.model().columnCount()) if not table.isColumnHidden(c) and c != stretch]
    room = table.viewport().width() - stretch_min - sum(table.columnWidth(c) for c in shown if c in fixed)
    wanted = {c: table.columnWidth(c) for c in shown if c not in fixed}
    header = table.horizontalHeader()
    font = QFont(header.font())
    font.setBold(True)  # the headings are bold (theme)
    fm = QFontMetrics(font)
    headings = {c: str(table.model().headerData(c, Qt.Orientation.Horizontal) or "") for c in wanted}
    margins = {c: header.sectionSizeFromContents(c).width() - fm.horizontalAdvance(headings[c]) for c in wanted}
    # a heading keeps at least its first character: "纠…", "Pr…"
    lowest = {c: max(floors.get(c, 0), margins[c] + fm.horizontalAdvance(headings[c][:1] + "…")) for c in wanted}
    cut: dict[int, str] = {}
    for col, width in shared_widths(wanted, lowest, max(0, room)).items():
        if width != wanted[col]:
            table.setColumnWidth(col, width)
        if margins[col] + fm.horizontalAdvance(headings[col]) > width:  # margins and sort arrow stay
            text = fm.elidedText(headings[col], Qt.TextElideMode.ElideRight, width - margins[col])
            cut[col] = text if text.rstrip("…") else headings[col][:1] + "…"
    return cut
