"""Disabled buttons look clearly less present than enabled ones, in the normal and high-contrast looks."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QPushButton, QSpinBox, QWidget

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


def _dark_pixels(widget: QWidget, x0: int, x1: int, y0: int, y1: int) -> int:
    image = widget.grab().toImage()
    return sum(1 for x in range(x0, x1) for y in range(y0, y1) if image.pixelColor(x, y).lightnessF() < 0.35)


@pytest.mark.parametrize("high_contrast", [False, True])
def test_drop_downs_and_spin_boxes_show_their_arrows(qtbot, qapp, look, high_contrast):
    """The stylesheet draws the buttons of drop-downs and spin boxes, and an arrow on each: a mediator
    sees where to click (without one, they were bare lines at the box's edge)."""
    apply_theme(qapp, scale=1.5, high_contrast=high_contrast)
    combo, spin = QComboBox(), QSpinBox()
    combo.addItems(["未分级", "简单"])
    spin.setRange(0, 100)
    spin.setValue(5)  # neither end: both arrows in force
    for w in (combo, spin):
        qtbot.addWidget(w)
        w.resize(260, w.sizeHint().height())
        w.show()
    qapp.processEvents()
    h = combo.height()
    # the arrow sits in the button at the right end; the same strip left of it is the empty text area
    assert _dark_pixels(combo, combo.width() - 30, combo.width() - 4, 4, h - 4) > 15
    assert _dark_pixels(combo, combo.width() - 90, combo.width() - 64, 4, h - 4) == 0
    h = spin.height()
    assert _dark_pixels(spin, spin.width() - 30, spin.width() - 4, 3, h // 2 - 1) > 10  # up
    assert _dark_pixels(spin, spin.width() - 30, spin.width() - 4, h // 2 + 1, h - 3) > 10  # down
