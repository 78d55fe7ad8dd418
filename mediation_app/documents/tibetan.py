"""Tibetan paragraphs: shaped by HarfBuzz (ReportLab ``shaping=1``), broken only between syllables.

ReportLab breaks lines at spaces, and Tibetan separates syllables with the tsheg (་) rather
than spaces. Splitting per character (the CJK rule) could cut a stack in two, so lines are
filled here: after a tsheg, shad (།) or space only, then joined with explicit line breaks.
"""

from __future__ import annotations

import re

from reportlab.pdfbase.pdfmetrics import stringWidth

from mediation_app.documents import fonts
from mediation_app.documents.base import FRAME_WIDTH, DocumentRenderer, styles
from mediation_app.documents.para import Paragraph

_BREAK_AFTER = re.compile(r"[^\u0F0B\u0F0D\u0F0E\u0F14 ]*[\u0F0B\u0F0D\u0F0E\u0F14 ]*")
_SAFETY = 0.96  # unshaped advance widths slightly overestimate stacked syllables; keep a margin


def syllables(text: str) -> list[str]:
    return [s for s in _BREAK_AFTER.findall(text) if s]


def break_lines(text: str, width: float, font_name: str, size: float) -> list[str]:
    lines: list[str] = []
    current = ""
    for syl in syllables(text):
        candidate = current + syl
        if current and stringWidth(candidate.rstrip(), font_name, size) > width * _SAFETY:
            lines.append(current.rstrip())
            current = syl
        else:
            current = candidate
    if current.strip():
        lines.append(current.rstrip())
    return lines


def paragraph(
    r: DocumentRenderer, text: str, style_name: str = "tibetan", width: float = FRAME_WIDTH
) -> Paragraph:
    style = styles()[style_name]
    fonts.register_fonts()
    lines = []
    for block in text.split("\n"):
        lines.extend(break_lines(block, width, style.fontName, style.fontSize))
    return Paragraph("<br/>".join(r.t(line, fonts.TIBETAN) for line in lines), style)
