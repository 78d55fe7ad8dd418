"""The documents' paragraph: a paragraph whose user text holds a run of Tibetan script (a party's
name written in Tibetan, say) is shaped by HarfBuzz, as the Tibetan translation is (tibetan.py);
every other paragraph is ReportLab's own, unchanged, so their printed bytes stay the same.

``DocumentRenderer.t`` puts the Tibetan runs of user text in the Tibetan font (the Chinese serif
has no Tibetan glyphs); stacked letters need shaping to sit right.

Every paragraph also replaces, run by run, a character its run's font cannot draw by the visible
mark (fonts.printable): text that reached a paragraph without ``DocumentRenderer.t`` (a title, a
caption, a unit's name on a report) never prints as a blank."""

from __future__ import annotations

from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph as _Paragraph

from mediation_app.documents import fonts

TIBETAN_RUN = f'<font name="{fonts.TIBETAN}">'
_shaped: dict[int, tuple[Any, ParagraphStyle]] = {}


def shaped(style: Any) -> ParagraphStyle:
    """The same style with shaping on (one copy per style, so parsed mark-up is reused)."""
    hit = _shaped.get(id(style))
    if hit is None or hit[0] is not style:
        hit = (style, ParagraphStyle(f"{style.name}-shaped", parent=style, shaping=1))
        _shaped[id(style)] = hit
    return hit[1]


class Paragraph(_Paragraph):  # type: ignore[misc]
    def __init__(self, text: Any, style: Any = None, *args: Any, **kwargs: Any) -> None:
        if style is not None and isinstance(text, str) and TIBETAN_RUN in text and not getattr(style, "shaping", 0):
            style = shaped(style)
        super().__init__(text, style, *args, **kwargs)
        for frag in self.frags:
            run = getattr(frag, "text", None)
            if isinstance(run, str) and run:
                frag.text = fonts.printable(run, frag.fontName)
