"""The ledger import dialog (file → columns with a preview → dry run → import) and Export… on the
case list, driven with qtbot on real services and the in-line task runner."""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import Workbook, load_workbook

from mediation_app.domain.enums import Role
from mediation_app.services.read_models import CaseFilter
from tests.ui.conftest import register_case


def _ledger(tmp_path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(["案号", "受理日期", "申请人", "被申请人", "纠纷类型", "简要案情", "调解结果", "结案日期", "调解员", "备注"])
    ws.append(["（2020）新调字第7号", "2020.3.5", "张伟", "李娜", "邻里", "排水沟\n堵塞", "调解成功", "2020.3.9", "王主任", ""])
    ws.append(["", "2020.4.1", "赵强", "钱芳", "合同", "货款", "调解成功", "2020.4.2", "不在名册", ""])
    path = tmp_path / "台账.xlsx"
    wb.save(path)
    return path


def test_import_dialog_walks_file_mapping_dry_run_and_import(qtbot, qtmodeltester, services, admin, runner, events,
                                                            tmp_path):
    from mediation_app.ui.ledger_import import LedgerImportDialog

    dialog = LedgerImportDialog(services, admin, runner, events)
    qtbot.addWidget(dialog)
    changed = []
    events.data_changed.connect(changed.append)
    assert not dialog.next.isEnabled()
    dialog.path.setText(str(_ledger(tmp_path)))
    dialog.next.click()
    assert dialog.steps.currentIndex() == 1
    qtmodeltester.check(dialog.preview_model, force_py=True)
    assert dialog.preview_model.rowCount() == 2 and dialog.preview_model.headerData(0, 2) == 2  # row numbers
    assert [c.key() for c in dialog.combos][:4] == ["number", "registered_on", "applicant", "respondent"]
    assert dialog.combos[9].key() is None  # 备注 is not imported
    dialog.combos[6].set_key(None)  # unmatch the outcome: the dry run cannot start
    assert not dialog.next.isEnabled() and not dialog.missing.isHidden()
    dialog.combos[6].set_key("result")
    dialog.next.click()
    assert dialog.steps.currentIndex() == 2
    text = dialog.report.toPlainText()
    assert "（2020）新调字第7号" in text and "不在名册" in text
    assert services.cases.count_cases(admin, CaseFilter()) == 0  # nothing written before "Import"
    assert dialog.next.isEnabled()
    dialog.next.click()
    assert services.cases.count_cases(admin, CaseFilter()) == 1
    assert changed and "case" in changed[-1].kinds
    assert not dialog.next.isVisible()

    again = LedgerImportDialog(services, admin, runner, events)  # the saved mapping is offered next time
    qtbot.addWidget(again)
    again.path.setText(str(tmp_path / "台账.xlsx"))
    again.next.click()
    assert again._preview.saved


def test_the_import_shows_its_rows_moving_and_cancel_imports_nothing(qtbot, services, admin, events, tmp_path):
    """The dry run and the import go behind a progress window whose bar moves per row; Cancel during
    the import leaves the register as it was and the wizard ready to import again."""
    import threading

    from PySide6.QtWidgets import QProgressDialog

    from mediation_app.ui.ledger_import import LedgerImportDialog
    from mediation_app.ui.tasks import TaskRunner

    gate = threading.Event()

    class Gated:
        def __init__(self, inner):
            self._inner = inner

        def __getattr__(self, name):
            return getattr(self._inner, name)

        def import_file(self, *args, **kwargs):
            gate.wait(10)
            return self._inner.import_file(*args, **kwargs)

    class Svc:
        def __getattr__(self, name):
            return Gated(services.ledger_import) if name == "ledger_import" else getattr(services, name)

    threaded = TaskRunner()
    dialog = LedgerImportDialog(Svc(), admin, threaded, events)
    qtbot.addWidget(dialog)
    dialog.path.setText(str(_ledger(tmp_path)))
    dialog.next.click()
    qtbot.waitUntil(lambda: dialog.steps.currentIndex() == 1, timeout=10000)
    steps = []
    dialog.next.click()  # the dry run
    dialog.progress.step.connect(lambda done, total: steps.append((done, total)))
    qtbot.waitUntil(lambda: dialog.steps.currentIndex() == 2, timeout=10000)
    assert steps and steps[-1] == (2, 2)
    dialog.next.click()  # the import waits at the gate: Cancel is pressed meanwhile
    window = next(w for w in dialog.findChildren(QProgressDialog) if w.labelText().startswith("正在导入台账"))
    from PySide6.QtWidgets import QPushButton

    next(b for b in window.findChildren(QPushButton) if b.text() == "取消").click()
    gate.set()
    qtbot.waitUntil(lambda: not dialog.findChildren(QProgressDialog), timeout=10000)
    threaded.wait()
    assert services.cases.count_cases(admin, CaseFilter()) == 0
    assert dialog.steps.currentIndex() == 2 and dialog.next.isEnabled()


def test_import_dialog_shows_a_broken_file_in_one_sentence(qtbot, services, admin, runner, events, tmp_path):
    from mediation_app.ui.ledger_import import LedgerImportDialog

    broken = tmp_path / "坏.xlsx"
    broken.write_bytes(b"PK\x03\x04 nope")
    dialog = LedgerImportDialog(services, admin, runner, events)
    qtbot.addWidget(dialog)
    dialog.path.setText(str(broken))
    dialog.next.click()
    assert dialog.steps.currentIndex() == 0 and "坏.xlsx" in dialog.message.text()


def test_export_from_the_case_list(qtbot, services, admin, runner, events, tmp_path):
    from mediation_app.ui.case_export import CaseExportDialog
    from mediation_app.ui.case_list import CaseListView

    register_case(services, admin)
    view = CaseListView(services, admin, runner, events)
    qtbot.addWidget(view)
    view.export_list()
    dialog = view.export_dialog
    assert isinstance(dialog, CaseExportDialog)
    target = tmp_path / "list.xlsx"
    dialog.after_choose = lambda *_a: (str(target), "")
    dialog.contacts.setChecked(True)
    dialog.export.click()
    rows = list(load_workbook(target).active.iter_rows(values_only=True))
    assert rows[1][1] == "张伟 — 李娜" and "13800138000" in rows[1][11]
    assert "list.xlsx" in dialog.message.text()

    services.accounts.create_user(admin, "med1", "调解2026-secret!", "韩调解员", Role.MEDIATOR, None)
    mediator = services.accounts.authenticate("med1", "调解2026-secret!")
    limited = CaseExportDialog(services, mediator, runner, CaseFilter(), 1)
    qtbot.addWidget(limited)
    limited.contacts.setChecked(True)
    assert not limited.export.isEnabled() and limited.reason.text()
    limited.redacted.setChecked(True)
    assert limited.export.isEnabled()
    out = tmp_path / "red.csv"
    limited.csv.setChecked(True)
    limited.after_choose = lambda *_a: (str(out), "")
    limited.export.click()
    row = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))[1]
    assert row[1] == "张* — 李*" and "138****8000" in row[11]
