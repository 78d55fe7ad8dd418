"""The embedded fonts of every document, and the glyph-coverage check.

ReportLab embeds and subsets TrueType (glyf) fonts only and does no font fallback: a character
the font lacks prints as nothing. So every text is checked against the font before printing
(``missing_glyphs``), and a missing character prints as a visible mark. The mark is put in where
text reaches the page, whatever made the text: in every paragraph's style runs (para.py) and in
every string drawn on a document's canvas (``base.PrintCanvas``), so no header, footer, caption or
table cell can print a blank where the body would print the mark.
"""

from __future__ import annotations

import threading
import unicodedata
from collections.abc import Iterable

from reportlab.pdfbase import pdfmetrics

from mediation_app.documents import fontcache
from mediation_app.paths import font_path

SERIF = "NotoSerifSC"
SERIF_BOLD = "NotoSerifSC-Bold"
TIBETAN = "NotoSerifTibetan"
MISSING_MARK = "□"  # printed in place of a character the font cannot draw

_FILES = {
    SERIF: "NotoSerifSC_400Regular.ttf",
    SERIF_BOLD: "NotoSerifSC_700Bold.ttf",
    TIBETAN: "NotoSerifTibetan_400Regular.ttf",
}
_lock = threading.Lock()
_registered = False


def register_fonts() -> None:
    """Register the document fonts once per process (thread-safe); their metrics come from the
    font cache after the first start (:mod:`fontcache`)."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        for name, filename in _FILES.items():
            pdfmetrics.registerFont(fontcache.ttfont(name, font_path(filename)))
        pdfmetrics.registerFontFamily(
            SERIF, normal=SERIF, bold=SERIF_BOLD, italic=SERIF, boldItalic=SERIF_BOLD
        )
        pdfmetrics.registerFontFamily(
            TIBETAN, normal=TIBETAN, bold=TIBETAN, italic=TIBETAN, boldItalic=TIBETAN
        )
        _registered = True


def _cmap(font_name: str) -> dict[int, int]:
    register_fonts()
    return pdfmetrics.getFont(font_name).face.charToGlyph  # type: ignore[no-any-return]


def _ignorable(ch: str) -> bool:
    return ch in "\n\r\t" or unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp")


def missing_glyphs(text: str, font_name: str = SERIF) -> list[str]:
    """Characters of ``text`` that ``font_name`` cannot draw, in order of first appearance."""
    cmap = _cmap(font_name)
    seen: dict[str, None] = {}
    for ch in text:
        if ord(ch) not in cmap and ch not in seen and not _ignorable(ch):
            seen[ch] = None
    return list(seen)


def missing_in(texts: Iterable[str], font_name: str = SERIF) -> list[str]:
    return missing_glyphs("".join(t for t in texts if t), font_name)


def replace_missing(text: str, font_name: str = SERIF) -> str:
    """Replace characters the font lacks with a visible mark, never a blank."""
    cmap = _cmap(font_name)
    if all(ord(ch) in cmap or _ignorable(ch) for ch in text):
        return text
    return "".join(ch if ord(ch) in cmap or _ignorable(ch) else MISSING_MARK for ch in text)


def printable(text: str, font_name: str) -> str:
    """``text`` as drawn in ``font_name``: a document font's missing characters replaced by the mark
    (a font that is not one of the documents' own is left alone)."""
    if font_name not in _FILES or not text:
        return text
    return replace_missing(text, font_name)


def is_tibetan(ch: str) -> bool:
    """A character of the Tibetan block (U+0F00–U+0FFF)."""
    return "\u0f00" <= ch <= "\u0fff"


def script_runs(text: str) -> list[tuple[str, bool]]:
    """``text`` cut into runs: (run, True) for Tibetan script the Tibetan font draws, (run, False)
    for the rest (set in the serif)."""
    runs: list[tuple[str, bool]] = []
    tibetan_cmap = _cmap(TIBETAN)
    for ch in text:
        tib = is_tibetan(ch) and ord(ch) in tibetan_cmap
        if runs and runs[-1][1] == tib:
            runs[-1] = (runs[-1][0] + ch, tib)
        else:
            runs.append((ch, tib))
    return runs


def describe(ch: str) -> str:
    """``𠮷 (U+20BB7)`` for a warning message."""
    return f"{ch} (U+{ord(ch):04X})"
