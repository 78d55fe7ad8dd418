"""Administration → Backups and the auditor's audit log window, on real services."""

from __future__ import annotations

import csv

from mediation_app.domain.enums import Role
from mediation_app.services.read_models import CaseFilter
from mediation_app.ui.administration import AdministrationDialog
from mediation_app.ui.audit_log import AuditLogWindow
from tests.ui.conftest import register_case


def _backups_page(qtbot, services, actor, runner, events):
    dialog = AdministrationDialog(services, actor, runner, events, page="backups")
    qtbot.addWidget(dialog)
    page = dialog.pages["backups"]
    page.dialog = dialog  # keeps the dialog alive as long as the page is used
    return page


def _user(services, admin, username, role):
    services.accounts.create_user(admin, username, "tiaojie-2026!", username, role)
    return services.accounts.authenticate(username, "tiaojie-2026!")


def _count(services, actor):
    return services.cases.count_cases(actor, CaseFilter())


def test_back_up_restore_and_undo_from_the_page(qtbot, qtmodeltester, services, admin, runner, events):
    register_case(services, admin)
    services.maintenance.backup_now(admin)  # listed when the page is first shown
    page = _backups_page(qtbot, services, admin, runner, events)
    qtmodeltester.check(page.model)
    assert not page.banner.isVisibleTo(page) and page.model.rowCount() == 0
    page.dialog.show()
    assert page.model.rowCount() == 1
    page.back_up_now()
    assert page.model.rowCount() == 2
    first = page.model.row_at(0)
    assert first.verified and first.cases == 1
    assert page.model.index(0, 4).data() == "已验证"
    register_case(services, admin, applicant="马明")
    assert _count(services, admin) == 2

    asked, closed = [], []
    page.confirm = lambda text: asked.append(text) or True
    page.notify = lambda text: None
    page.after_restore = lambda: closed.append(True)
    page.table.selectRow([page.model.row_at(r).name for r in range(page.model.rowCount())].index(first.name))
    page.restore_selected()
    assert asked and first.created_at.strftime("%Y-%m-%d %H:%M") in asked[0]
    assert closed == [True]
    assert _count(services, admin) == 1
    page.reload()
    kinds = {page.model.row_at(r).kind for r in range(page.model.rowCount())}
    assert "before-restore" in kinds  # the safety copy is listed
    page.undo_restore()
    assert _count(services, admin) == 2


def test_a_damaged_backup_is_shown_as_such_and_not_restored(qtbot, services, admin, runner, events):
    page = _backups_page(qtbot, services, admin, runner, events)
    page.back_up_now()
    backup = page.model.row_at(0)
    data = bytearray(backup.path.read_bytes())
    data[-100] ^= 0x10
    backup.path.write_bytes(bytes(data))
    page.reload()
    listed = page.model.row_at(0)
    assert not listed.verified
    assert page.model.index(0, 4).data() == listed.problem and "清单" in listed.problem
    page.confirm = lambda text: (_ for _ in ()).throw(AssertionError("must not ask"))
    page.table.selectRow(0)
    page.restore_selected()
    assert listed.problem in page.message.text()


def test_backups_are_not_for_mediators_and_restore_only_for_administrators(qtbot, services, admin, runner, events):
    mediator = _user(services, admin, "zhao", Role.MEDIATOR)
    page = _backups_page(qtbot, services, mediator, runner, events)
    assert page.banner.isVisibleTo(page) and not page.content.isEnabled()
    head = _user(services, admin, "zhuren", Role.HEAD)
    page = _backups_page(qtbot, services, head, runner, events)
    assert page.content.isEnabled() and page.backup_button.isEnabled() and not page.restore_button.isEnabled()


def test_the_auditor_reads_filters_exports_and_verifies(qtbot, qtmodeltester, services, admin, runner, tmp_path):
    case_id = register_case(services, admin)
    services.audit_log.record_view(admin, case_id)
    number = services.cases.detail(admin, case_id).number
    auditor = _user(services, admin, "shenji", Role.AUDITOR)
    window = AuditLogWindow(services, auditor, runner)
    qtbot.addWidget(window)
    qtmodeltester.check(window.model)
    assert window.model.rowCount() >= 3 and "条" in window.count.text()
    window.action.setCurrentText("case.view")
    window.search()
    assert window.model.rowCount() == 1
    assert window.model.index(0, 3).data() == "打开案件" and window.model.index(0, 4).data() == number
    target = tmp_path / "audit.csv"
    window.export_to(target)
    rows = list(csv.reader(target.read_text(encoding="utf-8-sig").splitlines()))
    assert len(rows) == 2 and rows[1][3] == "case.view" and rows[1][6] == number
    window.verify()
    assert "审计日志校验通过" in window.message.text()


def test_the_audit_log_window_is_closed_to_other_roles(qtbot, services, admin, runner):
    window = AuditLogWindow(services, admin, runner)
    qtbot.addWidget(window)
    assert not window.search_button.isEnabled() and window.model.rowCount() == 0
