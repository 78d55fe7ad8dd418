"""The look: bundled CJK font, large readable sizes, a calm palette and a high-contrast option."""

from __future__ import annotations

import logging

from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import QApplication

from mediation_app.paths import font_path, resources_dir

log = logging.getLogger(__name__)

UI_FONT_FILE = "NotoSansSC-Regular.ttf"
# Scripts the Chinese font lacks, bundled so that parties' names show as they print (Tibetan is the
# documents' Tibetan font; Mongolian script is shown in the client only).
SCRIPT_FONT_FILES = ("NotoSerifTibetan_400Regular.ttf", "NotoSansMongolian-Regular.ttf")
# Fonts of the office PCs' systems that carry the rare CJK characters (Ext-B and later, e.g. 𠮷), and
# their Tibetan and Mongolian fonts: tried after the bundled ones, skipped where not installed.
SYSTEM_FALLBACKS = ("SimSun-ExtB", "SimSun-ExtG", "MingLiU-ExtB", "Microsoft YaHei", "Microsoft JhengHei",
                    "Noto Sans CJK SC", "Source Han Sans SC", "HanaMinB", "Microsoft Himalaya", "Mongolian Baiti")
BASE_POINT_SIZE = 12.0  # larger than the usual 9-10 pt: the users are older

_registered: list[str] = []


def _add_font(filename: str) -> list[str]:
    path = font_path(filename)
    font_id = QFontDatabase.addApplicationFont(str(path)) if path.exists() else -1
    if font_id < 0:
        log.warning("bundled font could not be loaded: %s", path)
        return []
    return list(QFontDatabase.applicationFontFamilies(font_id))


def register_fonts() -> str:
    """Register the bundled fonts with Qt once; return the UI font's family name ('' when missing)."""
    if not _registered:
        ui = _add_font(UI_FONT_FILE)
        _registered.append(ui[0] if ui else "")
        for filename in SCRIPT_FONT_FILES:
            _registered.extend(_add_font(filename))
    return _registered[0]


def font_families() -> list[str]:
    """The UI font first, then the bundled script fonts and the system fonts with rare characters:
    a character the first lacks is drawn from the next that has it, never as a box."""
    register_fonts()
    installed = set(QFontDatabase.families())
    bundled = [f for f in _registered if f]
    return bundled + [f for f in SYSTEM_FALLBACKS if f in installed and f not in bundled]


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
    # Disabled controls: paler text and border on the window colour, clearly less present than enabled ones
    "disabled_text": "#9ea3a9",
    "disabled_bg": "#eeede8",
    "disabled_border": "#e2e0d8",
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
    # Grey text and a dashed grey border: never bolder than the black-on-white enabled controls
    "disabled_text": "#6e6e6e",
    "disabled_bg": "#ffffff",
    "disabled_border": "#8a8a8a",
}

RISK_COLOURS = {"blue": "#2f6fb5", "yellow": "#d4a400", "orange": "#e06c00", "red": "#c62828"}


def colours(high_contrast: bool) -> dict[str, str]:
    return HIGH_CONTRAST if high_contrast else NORMAL


def _arrow(direction: str, *, disabled: bool = False) -> str:
    """The bundled arrow of drop-downs and spin boxes, as a stylesheet url (forward slashes everywhere).
    The stylesheet draws their buttons, so it must draw their arrows too."""
    return (resources_dir() / "ui" / f"arrow-{direction}{'-disabled' if disabled else ''}.svg").as_posix()


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
QComboBox, QDateEdit, QDateTimeEdit, QSpinBox, QDoubleSpinBox {{ padding-right: 1.5em; }}
QComboBox::drop-down, QDateEdit::drop-down, QDateTimeEdit::drop-down {{
    subcontrol-origin: padding; subcontrol-position: top right; width: 1.4em; background: {c['alt']};
    border-left: {bw}px solid {c['border']}; border-top-right-radius: 3px; border-bottom-right-radius: 3px; }}
QSpinBox::up-button, QDoubleSpinBox::up-button, QDateEdit::up-button, QDateTimeEdit::up-button {{
    subcontrol-origin: padding; subcontrol-position: top right; width: 1.4em; background: {c['alt']};
    border-left: {bw}px solid {c['border']}; border-bottom: 1px solid {c['border']};
    border-top-right-radius: 3px; }}
QSpinBox::down-button, QDoubleSpinBox::down-button, QDateEdit::down-button, QDateTimeEdit::down-button {{
    subcontrol-origin: padding; subcontrol-position: bottom right; width: 1.4em; background: {c['alt']};
    border-left: {bw}px solid {c['border']}; border-bottom-right-radius: 3px; }}
QComboBox::drop-down:hover, QDateEdit::drop-down:hover, QDateTimeEdit::drop-down:hover, QSpinBox::up-button:hover,
QSpinBox::down-button:hover, QDoubleSpinBox::up-button:hover, QDoubleSpinBox::down-button:hover,
QDateEdit::up-button:hover, QDateEdit::down-button:hover, QDateTimeEdit::up-button:hover,
QDateTimeEdit::down-button:hover {{ background: {c['highlight']}; }}
QComboBox::down-arrow, QDateEdit::down-arrow, QDateTimeEdit::down-arrow, QSpinBox::down-arrow,
QDoubleSpinBox::down-arrow {{ image: url({_arrow('down')}); width: 0.75em; height: 0.75em; }}
QSpinBox::up-arrow, QDoubleSpinBox::up-arrow, QDateEdit::up-arrow, QDateTimeEdit::up-arrow {{
    image: url({_arrow('up')}); width: 0.75em; height: 0.75em; }}
QComboBox::down-arrow:disabled, QDateEdit::down-arrow:disabled, QDateTimeEdit::down-arrow:disabled,
QSpinBox::down-arrow:disabled, QDoubleSpinBox::down-arrow:disabled, QSpinBox::down-arrow:off,
QDoubleSpinBox::down-arrow:off {{ image: url({_arrow('down', disabled=True)}); }}
QSpinBox::up-arrow:disabled, QDoubleSpinBox::up-arrow:disabled, QDateEdit::up-arrow:disabled,
QDateTimeEdit::up-arrow:disabled, QSpinBox::up-arrow:off, QDoubleSpinBox::up-arrow:off {{
    image: url({_arrow('up', disabled=True)}); }}
QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus, QComboBox:focus, QDateEdit:focus {{
    border: 2px solid {c['accent']};
}}
QLineEdit[invalid="true"], QPlainTextEdit[invalid="true"] {{ border: 2px solid {c['danger']}; }}
QLineEdit:read-only, QPlainTextEdit:read-only, QTextEdit:read-only, QComboBox:disabled, QDateEdit:disabled,
QDateTimeEdit:disabled, QSpinBox:disabled, QDoubleSpinBox:disabled {{ background: {c['alt']}; color: {c['muted']}; }}
QToolButton:disabled, QCheckBox:disabled, QRadioButton:disabled, QLabel:disabled {{ color: {c['disabled_text']}; }}
QPushButton {{
    background: {c['base']}; border: {bw}px solid {c['border']}; border-radius: 5px;
    padding: 6px 16px; min-height: 1.6em;
}}
QPushButton:hover {{ border-color: {c['accent']}; }}
QPushButton:focus {{ border: 2px solid {c['accent']}; }}
QPushButton[primary="true"] {{ background: {c['accent']}; color: {c['accent_text']}; border-color: {c['accent']}; }}
QPushButton:disabled, QPushButton[primary="true"]:disabled {{ color: {c['disabled_text']};
    background: {c['disabled_bg']}; border: {bw}px {'dashed' if high_contrast else 'solid'} {c['disabled_border']}; }}
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
QTabBar QToolButton {{ padding: 0px; background: {c['alt']}; border: {bw}px solid {c['border']}; }}
QTabBar::scroller {{ width: 2.2em; }}
QTabBar#opened_views[active="false"]::tab:selected {{ background: {c['alt']}; font-weight: normal; }}
QToolButton[role="view"] {{ padding: 8px 16px; border: {bw}px solid {c['border']}; border-bottom: none;
    border-top-left-radius: 5px; border-top-right-radius: 5px; background: {c['alt']}; }}
QToolButton[role="view"]:checked {{ background: {c['base']}; font-weight: bold;
    border-top: 3px solid {c['accent']}; }}
QToolButton[role="view"]:focus {{ border: 2px solid {c['accent']}; border-bottom: none; }}
QListView#case_nav {{ background: {c['alt']}; }}
QListView#case_nav::item {{ padding: 0px 10px; border: none; }}
QListView#case_nav::item:disabled {{ color: {c['muted']}; padding-left: 4px; }}
QListView#case_nav::item:selected {{ background: {c['accent']}; color: {c['accent_text']}; }}
QListView#case_nav::item:hover:!selected {{ background: {c['highlight']}; }}
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
QToolButton#qt_toolbar_ext_button {{ padding: 0px; }}
QToolButton:hover {{ background: {c['highlight']}; }}
"""


def apply_theme(app: QApplication, *, scale: float = 1.0, high_contrast: bool = False) -> QFont:
    """Set the application font (bundled CJK font, scaled) and the stylesheet. Returns the font."""
    families = font_families()
    font = QFont(app.font())
    if families:
        font.setFamilies(families)
    font.setPointSizeF(BASE_POINT_SIZE * scale)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
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
    for group in (QPalette.ColorGroup.Disabled,):
        for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
            pal.setColor(group, role, QColor(c["disabled_text"]))
    # Font, palette and style sheet each make Qt revisit every widget: set each once, and only when it
    # changed (one pass per change of text size or contrast, never a loop over widgets).
    if app.font() != font:
        app.setFont(font)
    if app.palette() != pal:
        app.setPalette(pal)
    sheet = _stylesheet(c, BASE_POINT_SIZE * scale, high_contrast)
    if app.styleSheet() != sheet:
        app.setStyleSheet(sheet)
    return font
