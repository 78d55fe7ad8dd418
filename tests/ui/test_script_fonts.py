"""Parties' names in Tibetan and Mongolian script are drawn with real glyphs in the client, not boxes."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFont, QTextLayout

from mediation_app.ui.theme import apply_theme, font_families, register_fonts


def _missing_glyphs(text: str, font: QFont) -> int:
    """How many characters of ``text`` come out as the 'no glyph' box (glyph 0) with ``font``."""
    layout = QTextLayout(text, font)
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    return sum(1 for run in layout.glyphRuns() for glyph in run.glyphIndexes() if glyph == 0)


@pytest.fixture
def themed(qapp):
    saved = (qapp.font(), qapp.palette(), qapp.styleSheet())
    apply_theme(qapp)
    yield qapp.font()
    qapp.setStyleSheet(saved[2])
    qapp.setPalette(saved[1])
    qapp.setFont(saved[0])


def test_bundled_fonts_are_registered_and_follow_the_ui_font(themed):
    families = font_families()
    assert families[0] == register_fonts() and families[0]
    assert any("Tibetan" in f for f in families) and any("Mongolian" in f for f in families)
    assert list(themed.families())[: len(families)] == families


@pytest.mark.parametrize("name", ["བཀྲ་ཤིས་རྡོ་རྗེ", "ᠪᠠᠲᠤ", "扎西多杰 བཀྲ་ཤིས", "马福海"])
def test_names_in_other_scripts_show_without_boxes(themed, name):
    assert _missing_glyphs(name, themed) == 0
