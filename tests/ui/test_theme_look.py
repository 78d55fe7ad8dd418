"""Disabled buttons look clearly less present than enabled ones, in the normal and high-contrast looks."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from mediation_app.ui.theme import apply_theme
from mediation_app.ui.widgets.common import set_primary


def _darkest_text(button: QPushButton) -> float:
    """The darkest pixel of the button's inner area (its text), as luminance 0..255."""
    image = button.grab().toImage()
    w, h = image.width(), image.height()
    values = [image.pixelColor(x, y).lightnessF() * 255 for x in range(w // 4, 3 * w // 4)
              for y in range(h // 4, 3 * h // 4)]
    return min(values)


@pytest.fixture
def look(qapp):
    saved = (qapp.font(), qapp.palette(), qapp.styleSheet())
    yield
    qapp.setStyleSheet(saved[2])
    qapp.setPalette(saved[1])
    qapp.setFont(saved[0])


@pytest.mark.parametrize("high_contrast", [False, True])
def test_disabled_buttons_are_muted(qtbot, qapp, look, high_contrast):
    apply_theme(qapp, high_contrast=high_contrast)
    box = QWidget()
    qtbot.addWidget(box)
    row = QHBoxLayout(box)
    enabled, disabled = QPushButton("保存协议"), QPushButton("保存协议")
    disabled.setEnabled(False)
    for b in (enabled, disabled):
        row.addWidget(b)
    box.show()
    qapp.processEvents()
    # enabled text is near black; disabled text is a clearly lighter grey
    assert _darkest_text(enabled) < 80
    assert _darkest_text(disabled) > _darkest_text(enabled) + 60


def test_a_disabled_primary_button_loses_its_colour(qtbot, qapp, look):
    apply_theme(qapp, high_contrast=True)
    enabled, disabled = set_primary(QPushButton("打印")), set_primary(QPushButton("打印"))
    disabled.setEnabled(False)
    for b in (enabled, disabled):
        qtbot.addWidget(b)
        b.show()
    qapp.processEvents()
    fill = enabled.grab().toImage().pixelColor(6, enabled.height() // 2)
    muted = disabled.grab().toImage().pixelColor(6, disabled.height() // 2)
    assert fill.saturationF() > 0.5  # the accent colour
    assert muted.saturationF() < 0.1  # grey or white: nothing says 'press me'
