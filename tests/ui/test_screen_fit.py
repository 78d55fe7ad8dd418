"""Geometry on the office screens: 1280×800 and 1366×768, in every language, at normal and large text.

Each window is built as a user opens it, on a screen whose available area is declared to the sizing
helper (ui/widgets/screen_fit.py). The checks are geometry, not pixels: no window larger than the
screen, every navigation entry and every button inside its window (a button on a scrolling page only
needs to be reachable by scrolling down, never cut at the side).
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QAbstractButton, QAbstractScrollArea, QApplication, QGroupBox, QLabel, QTabBar, QWidget

from mediation_app.i18n import set_language
from mediation_app.ui.widgets import screen_fit
from mediation_app.ui.workspace.case_nav import part_order
from tests.ui.conftest import register_case

SCREENS = [(1280, 800), (1366, 768)]
LANGS = ["zh_CN", "zh_TW", "en"]
CASES = [(size, lang, 1.0) for size in SCREENS for lang in LANGS] + [
    ((1366, 768), "en", 1.5), ((1280, 800), "zh_CN", 1.5)]


@pytest.fixture
def screen(request, qapp):
    """Declare the screen, apply the real look (font, style sheet), restore both afterwards."""
    from mediation_app.ui.theme import apply_theme

    (width, height), lang, scale = request.param
    saved = (qapp.font(), qapp.palette(), qapp.styleSheet())
    screen_fit.declare_available_geometry(QRect(0, 0, width, height - 40))  # a task bar of 40 px
    set_language(lang)
    apply_theme(qapp, scale=scale)
    yield QRect(0, 0, width, height - 40)
    screen_fit.declare_available_geometry(None)
    qapp.setStyleSheet(saved[2])
    qapp.setPalette(saved[1])
    qapp.setFont(saved[0])


def _settle(qapp: QApplication) -> None:
    for _ in range(3):
        qapp.processEvents()


def _assert_fits(window: QWidget, area: QRect) -> None:
    budget = screen_fit.budget(window)
    assert window.width() <= budget.width() and window.height() <= budget.height(), (
        f"{type(window).__name__} {window.width()}×{window.height()} on a {area.width()}×{area.height()} screen")


def _clipping_area(widget: QWidget) -> tuple[QWidget, bool]:
    """The viewport that clips ``widget`` (a scrolling page) or its window; True when it scrolls."""
    w = widget.parentWidget()
    while w is not None and not w.isWindow():
        parent = w.parentWidget()
        if isinstance(parent, QAbstractScrollArea) and w is parent.viewport():
            return w, True
        w = parent
    return widget.window(), False


def _assert_buttons_inside(window: QWidget) -> int:
    checked = 0
    for button in window.findChildren(QAbstractButton):
        if not button.isVisibleTo(window) or button.window() is not window:
            continue
        area, scrolls = _clipping_area(button)
        top_left = button.mapTo(area, QPoint(0, 0))
        rect = QRect(top_left, button.size())
        inside = area.rect()
        where = f"{type(button).__name__} {button.text() or button.objectName()!r} at {rect} in {inside}"
        assert inside.left() <= rect.left() and rect.right() <= inside.right(), where
        if not scrolls:
            assert inside.top() <= rect.top() and rect.bottom() <= inside.bottom(), where
        win_rect = QRect(button.mapTo(window, QPoint(0, 0)), button.size())
        if not scrolls:
            assert window.rect().contains(win_rect), where
        checked += 1
    return checked


def _mnemonic(text: str) -> str | None:
    """The key of a text's mnemonic ("&Save" and "保存(&S)" give "s"; "&&" is a literal ampersand)."""
    found = re.search(r"(?<!&)&([^&\s])", text.replace("&&", ""))
    return found.group(1).lower() if found else None


def _assert_mnemonics_unique(window: QWidget) -> None:
    """Alt+key reaches one thing: no two of a window's visible buttons, labelled fields, group boxes or
    tabs share a mnemonic (Qt would only cycle the focus between them, and a button would not press)."""
    seen: dict[str, str] = {}
    texts: list[str] = []
    for widget in window.findChildren(QWidget):
        if widget.window() is not window or not widget.isVisibleTo(window):
            continue
        if isinstance(widget, QAbstractButton):
            texts.append(widget.text())
        elif isinstance(widget, QLabel) and widget.buddy() is not None and widget.buddy().isVisibleTo(window):
            texts.append(widget.text())
        elif isinstance(widget, QGroupBox) and widget.isCheckable():
            texts.append(widget.title())
        elif isinstance(widget, QTabBar):
            texts.extend(widget.tabText(i) for i in range(widget.count()) if widget.isTabVisible(i))
    for text in texts:
        key = _mnemonic(text)
        if key is None:
            continue
        assert key not in seen, f"{type(window).__name__}: {seen[key]!r} and {text!r} share Alt+{key.upper()}"
        seen[key] = text


@pytest.mark.parametrize("screen", CASES, indirect=True, ids=lambda c: f"{c[0][0]}x{c[0][1]}-{c[1]}-{c[2]}")
def test_main_window_and_case_workspace_fit(qtbot, qapp, screen, services, admin, runner, events, settings, drafts):
    from mediation_app.ui.main_window import MainWindow

    case_ids = [register_case(services, admin, applicant=f"马福海{i}", respondent=f"才让多杰{i}") for i in range(4)]
    # the committee keeps a fund (its first top-up, as the fund window records it): every part is listed
    services.fund.topup(admin, amount="5,000", paid_in_on=dt.date.today(), source="商户保证金")
    window = MainWindow(services, admin, runner, events, settings, drafts, committee_name="新华街人民调解委员会")
    qtbot.addWidget(window)
    window.show()
    for case_id in case_ids:  # four cases open: Today and the case list stay in sight
        window.open_case(case_id)
    _settle(qapp)
    _assert_fits(window, screen)
    for i in range(window.tabs.fixed_count()):
        button = window.tabs.fixed_button(i)
        assert button.isVisible()
        assert window.rect().contains(QRect(button.mapTo(window, QPoint(0, 0)), button.size()))
    assert _assert_buttons_inside(window) > 5
    workspace = window.tabs.currentWidget()
    nav = workspace.nav
    viewport = nav.viewport().rect()
    large = qapp.font().pointSizeF() > 13
    for key in part_order():
        # At normal text every part of a case is in sight at once; at large text on a 768-px screen the
        # list may scroll, but no entry is ever cut at the side.
        if large:
            nav.scrollTo(nav.nav_model.index(nav._rows[key], 0))
        rect = nav.part_rect(key)
        assert viewport.contains(rect), f"{key} at {rect} outside the list {viewport}"
        assert nav.nav_model.item(nav._rows[key]).text().strip()
    for key in part_order():
        workspace.show_tab(key)
        _settle(qapp)
        _assert_fits(window, screen)
        _assert_buttons_inside(window)
        _assert_mnemonics_unique(window)
    window.tabs.setCurrentWidget(window.case_list)
    _settle(qapp)
    _assert_buttons_inside(window)
    _assert_mnemonics_unique(window)
    from mediation_app.ui.models.case_table import COL_NUMBER

    table = window.case_list.table
    number = table.model().index(0, COL_NUMBER).data()
    assert number and table.columnWidth(COL_NUMBER) > table.fontMetrics().horizontalAdvance(number)  # not cut
    # The columns share the width: the list never scrolls sideways; a cut heading says itself whole
    # in its tooltip.
    assert table.horizontalScrollBar().maximum() == 0, [table.columnWidth(c) for c in range(table.model().columnCount())]
    header = table.horizontalHeader()
    for col in range(table.model().columnCount()):
        shown = table.model().headerData(col, Qt.Orientation.Horizontal)
        tip = table.model().headerData(col, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
        assert shown.rstrip("…") and tip.startswith(shown.rstrip("…")), (col, shown, tip)
        if not table.isColumnHidden(col):
            assert header.sectionSizeFromContents(col).width() <= max(header.sectionSize(col), 1) + 1, shown
    # Every tool bar button on the bar, whole (none left in the "»" menu on these screens).
    for action in window.toolbar.actions():
        button = window.toolbar.widgetForAction(action)
        assert button.isVisible(), f"{action.iconText()!r} not on the tool bar"
        assert window.rect().contains(QRect(button.mapTo(window, QPoint(0, 0)), button.size())), action.iconText()


@pytest.mark.parametrize("screen", CASES, indirect=True, ids=lambda c: f"{c[0][0]}x{c[0][1]}-{c[1]}-{c[2]}")
def test_intake_wizard_fits(qtbot, qapp, screen, services, admin, runner, events, drafts):
    from mediation_app.ui.intake import IntakeWizard

    wizard = IntakeWizard(services, admin, runner, events, drafts, offer_draft=False)
    qtbot.addWidget(wizard)
    wizard.show()
    _settle(qapp)
    seen = set()
    for page_id in wizard.pageIds():  # every page, as if reached with 下一步
        wizard.setStartId(page_id)
        wizard.restart()
        _settle(qapp)
        seen.add(wizard.currentId())
        _assert_fits(wizard, screen)
        assert _assert_buttons_inside(wizard) >= 2
        _assert_mnemonics_unique(wizard)
    assert seen == set(wizard.pageIds())


@pytest.mark.parametrize("screen", CASES, indirect=True, ids=lambda c: f"{c[0][0]}x{c[0][1]}-{c[1]}-{c[2]}")
def test_print_preview_fits(qtbot, qapp, screen, services, admin, runner, events, drafts, tmp_path):
    from mediation_app.ui.print_preview import PrintPreviewDialog
    from mediation_app.ui.workspace.case_workspace import CaseWorkspace
    from tests.ui.test_printing_referral_risk import Recorder, drafted_agreement

    case_id, _number = drafted_agreement(services, admin)
    workspace = CaseWorkspace(services, admin, case_id, runner, events, drafts)
    qtbot.addWidget(workspace)
    tab = workspace.show_tab("documents")
    user = Recorder(tab.output, tmp_path)
    tab.select_kind("agreement")
    tab.preview()
    dialog = user.previews[-1]
    assert isinstance(dialog, PrintPreviewDialog)
    _settle(qapp)
    _assert_fits(dialog, screen)
    assert _assert_buttons_inside(dialog) >= 2  # 打印 / 另存为PDF / 关闭 on the screen
    dialog.close()


@pytest.mark.parametrize("screen", CASES, indirect=True, ids=lambda c: f"{c[0][0]}x{c[0][1]}-{c[1]}-{c[2]}")
def test_centre_views_and_dialogs_fit(qtbot, qapp, screen, services, admin, runner, events, settings, drafts):
    """The views opened from the tool bar and the menus (statistics, the centre's board and window, the
    screening ledger, the merchants) and the hand-over, ledger-import and administration dialogs."""
    from mediation_app.ui.administration import AdministrationDialog
    from mediation_app.ui.handover import HandoverDialog
    from mediation_app.ui.ledger_import import LedgerImportDialog
    from mediation_app.ui.main_window import MainWindow

    register_case(services, admin, applicant="马福海", respondent="才让多杰")
    window = MainWindow(services, admin, runner, events, settings, drafts, committee_name="新华街人民调解委员会")
    qtbot.addWidget(window)
    window.show()
    for name, opener in (("statistics", window.open_statistics), ("board", window.open_board),
                         ("ledger", window.open_ledger), ("merchants", window.open_merchants),
                         ("window", window.open_window_desk)):
        opener()
        _settle(qapp)
        _assert_fits(window, screen)
        assert _assert_buttons_inside(window) > 3, name
        _assert_mnemonics_unique(window)
    from mediation_app.services.read_models import CaseFilter
    from mediation_app.ui.audit_log import AuditLogWindow
    from mediation_app.ui.case_export import CaseExportDialog
    from mediation_app.ui.day_agreements import DayAgreementsDialog
    from mediation_app.ui.fund import FundOverviewDialog
    from mediation_app.ui.ledger_dialogs import LedgerItemDialog, ScreeningRoundDialog
    from mediation_app.ui.market_settings import MarketSettingsDialog
    from mediation_app.ui.market_stats import MarketStatsDialog
    from mediation_app.ui.merchant_dialog import MerchantDialog
    from mediation_app.ui.prevention_dialog import PreventionDialog
    from mediation_app.ui.quick_entry import QuickEntryDialog
    from mediation_app.ui.slips_overview import OverdueSlipsWindow
    from mediation_app.ui.warnings import WordListDialog

    for make in (lambda: HandoverDialog(services, admin, runner, events, parent=window),
                 lambda: LedgerImportDialog(services, admin, runner, events, parent=window),
                 lambda: AdministrationDialog(services, admin, runner, events, parent=window),
                 lambda: AuditLogWindow(services, admin, runner, parent=window),
                 lambda: CaseExportDialog(services, admin, runner, CaseFilter(), 1, parent=window),
                 lambda: DayAgreementsDialog(services, admin, runner, events, parent=window),
                 lambda: FundOverviewDialog(services, admin, runner, events, parent=window),
                 lambda: LedgerItemDialog(services, admin, runner, events, parent=window),
                 lambda: ScreeningRoundDialog(services, admin, runner, events, parent=window),
                 lambda: MarketSettingsDialog(services, admin, runner, events, parent=window),
                 lambda: MarketStatsDialog(services, admin, runner, parent=window),
                 lambda: MerchantDialog(services, admin, runner, events, parent=window),
                 lambda: PreventionDialog(services, admin, runner, events, parent=window),
                 lambda: QuickEntryDialog(services, admin, runner, events, drafts, parent=window),
                 lambda: OverdueSlipsWindow(services, admin, runner, events, parent=window),
                 lambda: WordListDialog(services, admin, parent=window)):
        dialog = make()
        dialog.show()
        _settle(qapp)
        _assert_fits(dialog, screen)
        assert _assert_buttons_inside(dialog) >= 1, type(dialog).__name__
        _assert_mnemonics_unique(dialog)
        for key in getattr(dialog, "pages", {}):  # every page of the administration
            dialog.show_page(key)
            _settle(qapp)
            _assert_fits(dialog, screen)
            _assert_buttons_inside(dialog)
            _assert_mnemonics_unique(dialog)
        dialog.close()
