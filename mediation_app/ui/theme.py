"""The look: bundled CJK font, large readable sizes, a calm palette and a high-contrast option."""

from __future__ import annotations

import logging

from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import QApplication

from mediation_app.paths import font_path

log = logging.getLogger(__name__)

UI_FONT_FILE = "NotoSansSC-Regular.ttf"
BASE_POINT_SIZE = 12.0  # larger than the usual 9-10 pt: the users are older

_registered: list[str] = []


def register_fonts() -> str:
    """Register the bundled Noto Sans SC with Qt; return its family name ('' when missing)."""
    if _registered:
        return _registered[0]
    path = font_path(UI_FONT_FILE)
    font_id = QFontDatabase.addApplicationFont(str(path)) if path.exists() else -1
    if font_id < 0:
        log.warning("bundled UI font could not be loaded: %s", path)
        return ""
    families = QFontDatabase.applicationFontFamilies(font_id)
    _registered.extend(families)
    return families[0] if families else ""


# Calm, warm-neutral colours; status colours chosen to stay readable for weaker eyes.
NORMAL = {
    "window": "#f6f5f1",
    "base": "#ffffff",
    "alt": "#f1f0ea",
    "text": "#1f2328",
    "muted": "#5b6169",
    "accent": "#2f5d8a",
    "accent_text": "#ffffff",
    "border": "#cfcdc4",
    "danger": "#b42318",
    "warning": "#9a5b00",
    "ok": "#2e7d32",
    "highlight": "#d7e5f3",
}
HIGH_CONTRAST = {
    "window": "#ffffff",
    "base": "#ffffff",
    "alt": "#f2f2f2",
    "text": "#000000",
    "muted": "#222222",
    "accent": "#003a8c",
    "accent_text": "#ffffff",
    "border": "#000000",
    "danger": "#a00000",
    "warning": "#6b3d00",
    "ok": "#005a00",
    "highlight": "#ffe066",
}

RISK_COLOURS = {"blue": "#2f6fb5", "yellow": "#d4a400", "orange": "#e06c00", "red": "#c62828"}


def colours(high_contrast: bool) -> dict[str, str]:
    return HIGH_CONTRAST if high_contrast else NORMAL


def _stylesheet(c: dict[str, str], pt: float, high_contrast: bool) -> str:
    bw = 2 if high_contrast else 1
    return f"""
QWidget {{ color: {c['text']}; }}
QMainWindow, QDialog, QWizard {{ background: {c['window']}; }}
QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QDateEdit, QDateTimeEdit, QSpinBox, QDoubleSpinBox {{
    background: {c['base']}; border: {bw}px solid {c['border']}; border-radius: 4px; padding: 4px 6px;
    selection-background-color: {c['highlight']}; selection-color: {c['text']};
}}
QLineEdit, QComboBox, QDateEdit, QDateTimeEdit, QSpinBox, QDoubleSpinBox {{ min-height: 1.6em; }}
QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus, QComboBox:focus, QDateEdit:focus {{
    border: 2px solid {c['accent']};
}}
QLineEdit[invalid="true"], QPlainTextEdit[invalid="true"] {{ border: 2px solid {c['danger']}; }}
QLineEdit:read-only, QPlainTextEdit:read-only, QTextEdit:read-only, QComboBox:disabled, QDateEdit:disabled,
QDateTimeEdit:disabled, QSpinBox:disabled, QDoubleSpinBox:disabled {{ background: {c['alt']}; color: {c['muted']}; }}
QToolButton:disabled, QCheckBox:disabled, QRadioButton:disabled {{ color: {c['muted']}; }}
QPushButton {{
    background: {c['base']}; border: {bw}px solid {c['border']}; border-radius: 5px;
    padding: 6px 16px; min-height: 1.6em;
}}
QPushButton:hover {{ border-color: {c['accent']}; }}
QPushButton:focus {{ border: 2px solid {c['accent']}; }}
QPushButton:disabled {{ color: {c['muted']}; background: {c['alt']}; }}
QPushButton[primary="true"] {{ background: {c['accent']}; color: {c['accent_text']}; border-color: {c['accent']}; }}
QPushButton[primary="true"]:disabled {{ background: {c['border']}; color: {c['base']}; }}
QTableView, QListView, QTreeView {{
    background: {c['base']}; alternate-background-color: {c['alt']}; border: {bw}px solid {c['border']};
    gridline-color: {c['border']}; selection-background-color: {c['highlight']}; selection-color: {c['text']};
}}
QHeaderView::section {{
    background: {c['alt']}; border: none; border-right: 1px solid {c['border']};
    border-bottom: {bw}px solid {c['border']}; padding: 6px 8px; font-weight: bold;
}}
QTabBar::tab {{ padding: 8px 14px; margin-right: 2px; background: {c['alt']};
    border: {bw}px solid {c['border']}; border-bottom: none; border-top-left-radius: 5px;
    border-top-right-radius: 5px; }}
QTabBar::tab:selected {{ background: {c['base']}; font-weight: bold; }}
QTabWidget::pane {{ border: {bw}px solid {c['border']}; background: {c['base']}; }}
QGroupBox {{ border: {bw}px solid {c['border']}; border-radius: 6px; margin-top: 1.2em; padding: 10px 8px 8px 8px;
    background: {c['base']}; }}
QGroupBox::title {{ subcontrol-origin: margin; left: 10px; padding: 0 4px; font-weight: bold; }}
QLabel[role="error"] {{ color: {c['danger']}; }}
QLabel[role="warning"] {{ color: {c['warning']}; }}
QLabel[role="ok"] {{ color: {c['ok']}; }}
QLabel[role="muted"] {{ color: {c['muted']}; }}
QLabel[role="title"] {{ font-size: {pt * 1.5:.1f}pt; font-weight: bold; }}
QLabel[role="heading"] {{ font-size: {pt * 1.15:.1f}pt; font-weight: bold; }}
QLabel[role="reason"] {{ color: {c['muted']}; font-style: italic; }}
QListWidget, QListView {{ padding: 2px; }}
QStatusBar {{ background: {c['alt']}; }}
QToolBar {{ background: {c['alt']}; border-bottom: 1px solid {c['border']}; spacing: 6px; padding: 4px; }}
QToolButton {{ padding: 6px 10px; border-radius: 4px; }}
QToolButton:hover {{ background: {c['highlight']}; }}
"""


def apply_theme(app: QApplication, *, scale: float = 1.0, high_contrast: bool = False) -> QFont:
    """Set the application font (bundled CJK font, scaled) and the stylesheet. Returns the font."""
    family = register_fonts()
    font = QFont(app.font())
    if family:
        font.setFamilies([family])
    font.setPointSizeF(BASE_POINT_SIZE * scale)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    app.setFont(font)
    c = colours(high_contrast)
    pal = app.palette()
    pal.setColor(QPalette.ColorRole.Window, QColor(c["window"]))
    pal.setColor(QPalette.ColorRole.Base, QColor(c["base"]))
    pal.setColor(QPalette.ColorRole.AlternateBase, QColor(c["alt"]))
    pal.setColor(QPalette.ColorRole.Text, QColor(c["text"]))
    pal.setColor(QPalette.ColorRole.WindowText, QColor(c["text"]))
    pal.setColor(QPalette.ColorRole.ButtonText, QColor(c["text"]))
    pal.setColor(QPalette.ColorRole.Highlight, QColor(c["highlight"]))
    pal.setColor(QPalette.ColorRole.HighlightedText, QColor(c["text"]))
    app.setPalette(pal)
    app.setStyleSheet(_stylesheet(c, BASE_POINT_SIZE * scale, high_contrast))
    return font
