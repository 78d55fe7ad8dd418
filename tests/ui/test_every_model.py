"""Every Qt item model of the client passes pytest-qt's model tester, filled the way users fill it.

The first test finds every model class under ``mediation_app.ui``: a new model fails it until it is
checked with ``qtmodeltester`` (and named here with the test that checks it).
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from PySide6.QtCore import QAbstractItemModel

import mediation_app.ui

# model class -> the test module that runs qtmodeltester over it with data built through the services
CHECKED_IN = {
    "CaseTableModel": "test_case_table_model",
    "RecordTableModel": "test_printing_referral_risk",
    "CheckListModel": "test_models",
    "ItemListModel": "test_every_model",
    "TermListModel": "test_every_model",
    "InstalmentTableModel": "test_every_model",
    "StatsTableModel": "test_board_and_statistics",
    "BoardModel": "test_board_and_statistics",
    "PreviewModel": "test_ledger_import_export",
    "ConflictListModel": "test_handover_ui",
    "FieldDiffModel": "test_handover_ui",
}


def _ui_model_classes() -> set[str]:
    found: set[str] = set()
    for info in pkgutil.walk_packages(mediation_app.ui.__path__, "mediation_app.ui."):
        module = importlib.import_module(info.name)
        for name, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, QAbstractItemModel) and obj.__module__ == module.__name__:
                found.add(name)
    return found


def test_every_model_class_is_checked_somewhere():
    found = _ui_model_classes()
    assert found, "no model found: the discovery is broken"
    assert found <= set(CHECKED_IN), f"models without a qtmodeltester check: {sorted(found - set(CHECKED_IN))}"


def test_case_navigation_and_agreement_models(qtbot, qtmodeltester, services, admin, runner, events, drafts):
    from mediation_app.ui.workspace.case_nav import part_order
    from mediation_app.ui.workspace.case_workspace import CaseWorkspace
    from tests.ui.test_printing_referral_risk import drafted_agreement

    case_id, _number = drafted_agreement(services, admin)
    ws = CaseWorkspace(services, admin, case_id, runner, events, drafts)
    qtbot.addWidget(ws)
    nav = ws.nav.nav_model
    assert nav.rowCount() == len(part_order()) + 5  # every part and the five stage headings
    qtmodeltester.check(nav, force_py=True)
    agreement = ws.show_tab("agreement")
    assert agreement.terms.rowCount() == 1 and agreement.instalments.rowCount() == 1
    for model in (agreement.terms, agreement.instalments, agreement.checklist):
        qtmodeltester.check(model, force_py=True)


def test_case_navigation_by_keyboard_skips_the_stage_headings(qtbot, services, admin, runner, events, drafts):
    from PySide6.QtCore import Qt

    from mediation_app.ui.workspace.case_workspace import CaseWorkspace
    from tests.factories import make_case

    ws = CaseWorkspace(services, admin, make_case(services, admin), runner, events, drafts)
    qtbot.addWidget(ws)
    ws.show()
    nav = ws.nav
    assert nav.current_key() == "overview" and ws.pages.currentWidget() is ws._pages["overview"]
    nav.setFocus()
    qtbot.keyClick(nav, Qt.Key.Key_Down)
    assert nav.current_key() == "parties"
    qtbot.keyClick(nav, Qt.Key.Key_Down)  # past the heading 调解 to its first part
    assert nav.current_key() == "assignment"
    assert ws.pages.currentWidget() is ws._pages["assignment"]  # the part is built and shown
    qtbot.keyClick(nav, Qt.Key.Key_End)
    assert nav.current_key() == "documents"
    nav.step(1)  # Ctrl+PgDown wraps round to the first part
    assert nav.current_key() == "overview"
    assert nav.nav_model.item(0).text() == "受理"  # the stage headings in the user's language
