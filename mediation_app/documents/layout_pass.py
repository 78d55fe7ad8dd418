"""A layout pass that places every flowable on its page without drawing it.

The bound case file is laid out more than once: a first time with a provisional table of
contents, to learn on which page every document starts, then with the real page numbers. Only
the last layout is printed, so the earlier ones need what the frames decide (where each flowable
goes, which page it falls on) and none of the drawing: no text is formatted, no scan decoded,
no font subset. Where each flowable goes depends only on its ``wrap`` and ``split``, which run as
in a printing pass; ``drawOn`` is skipped, except for the flowables that mark pages
(``_md_always_draw``), which is how the canvas learns which part a page belongs to.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Frame, PageTemplate, SimpleDocTemplate
from reportlab.platypus.doctemplate import BaseDocTemplate


def _skip_drawing(canvas: Any, x: float, y: float, _sW: float = 0) -> None:
    """Stands in for ``Flowable.drawOn`` during a layout pass."""


class LayoutFrame(Frame):  # type: ignore[misc]
    """A frame that places flowables exactly as ReportLab's does, without drawing them."""

    def _add(self, flowable: Any, canv: Any, trySplit: int = 0) -> int:
        if getattr(flowable, "_md_always_draw", False):
            return int(super()._add(flowable, canv, trySplit))
        flowable.drawOn = _skip_drawing  # shadows the method for this placement only
        try:
            return int(super()._add(flowable, canv, trySplit))
        finally:
            flowable.__dict__.pop("drawOn", None)

    add = _add  # ReportLab's Frame binds ``add`` to its own ``_add``


class LayoutOnlyTemplate(SimpleDocTemplate):  # type: ignore[misc]
    """``SimpleDocTemplate`` with the same single frame per page, as a :class:`LayoutFrame`."""

    def build(self, flowables: list[Any], canvasmaker: Any) -> None:
        self._calc()
        frame = LayoutFrame(self.leftMargin, self.bottomMargin, self.width, self.height, id="normal")
        self.addPageTemplates(
            [
                PageTemplate(id="First", frames=frame, pagesize=self.pagesize),
                PageTemplate(id="Later", frames=frame, pagesize=self.pagesize),
            ]
        )
        BaseDocTemplate.build(self, flowables, canvasmaker=canvasmaker)
