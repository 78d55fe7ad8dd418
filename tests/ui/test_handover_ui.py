"""The hand-over screens on two real databases: the Today line, writing and importing a bundle from
the dialog (report first, then apply), and settling a conflict field by field."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from mediation_app.services.read_models import CaseFilter
from tests.factories import TODAY, make_case
from tests.services.handover.conftest import Sites, make_sites


@pytest.fixture
def sites(tmp_path: Path, qapp) -> Sites:  # type: ignore[no-untyped-def]
    s = make_sites(tmp_path, "sqlite")
    yield s
    s.room.close()
    s.centre.close()


def test_today_shows_what_is_not_yet_handed_over_and_reminds(qtbot, sites, runner, events) -> None:
    from mediation_app.ui.handover import status_text
    from mediation_app.ui.today import TodayView

    make_case(sites.room, sites.room_admin, assigned=False)
    status = sites.room.handover.status()
    assert status.pending_cases == 1 and not status.reminder_due  # paired today: not yet
    sites.room.clock.set(TODAY + dt.timedelta(days=status.reminder_days))  # type: ignore[attr-defined]
    view = TodayView(sites.room, sites.room_admin, runner, events)
    qtbot.addWidget(view)
    status = sites.room.handover.status()
    assert status.reminder_due  # the configured days since pairing, nothing handed over
    assert not view.handover_line.isHidden()
    text = view.handover_line.text()
    assert sites.centre.handover.site().name in text and str(status.pending_changes) in text
    assert view.handover_line.property("role") == "warning"
    quiet = status_text(dataclasses.replace(status, reminder_due=False))
    assert text == status_text(status) and text.startswith(quiet) and len(text) > len(quiet)  # the reminder added


def test_the_reminder_days_are_set_in_the_dialog(qtbot, sites, runner, events) -> None:
    from mediation_app.ui.handover import HandoverDialog, status_text

    make_case(sites.room, sites.room_admin, assigned=False)
    sites.room.clock.set(TODAY + dt.timedelta(days=3))  # type: ignore[attr-defined]
    assert not sites.room.handover.status().reminder_due  # 7 days by default
    dialog = HandoverDialog(sites.room, sites.room_admin, runner, events)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.remind_days.value() == 7)
    dialog.remind_days.setValue(3)
    dialog.remind_days.editingFinished.emit()
    qtbot.waitUntil(lambda: sites.room.handover.status().reminder_days == 3)
    assert sites.room.handover.status().reminder_due
    qtbot.waitUntil(lambda: dialog.status_label.text() == status_text(sites.room.handover.status()))


def test_write_then_import_a_bundle_from_the_dialog(qtbot, sites, runner, events, monkeypatch, tmp_path) -> None:
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from mediation_app.ui.handover import HandoverDialog

    case_id = make_case(sites.room, sites.room_admin, assigned=False)
    number = sites.room.cases.detail(sites.room_admin, case_id).number
    target = tmp_path / "usb" / "handover.mdh"
    target.parent.mkdir()
    room_dialog = HandoverDialog(sites.room, sites.room_admin, runner, events)
    qtbot.addWidget(room_dialog)
    assert sites.room.handover.site().code in room_dialog.code_label.text()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    room_dialog.export_button.click()
    qtbot.waitUntil(lambda: target.exists())
    assert str(target) in room_dialog.report.toPlainText()

    asked: list[str] = []

    def yes(_parent, _title, text, *a, **k):  # type: ignore[no-untyped-def]
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", yes)
    centre_dialog = HandoverDialog(sites.centre, sites.centre_admin, runner, events)
    qtbot.addWidget(centre_dialog)
    centre_dialog.import_bundle(str(target))
    actor = sites.room_actor_at_centre()
    qtbot.waitUntil(lambda: bool(asked) and sites.centre.cases.count_cases(actor) == 1)
    assert sites.centre.cases.detail(actor, case_id).number == number
    room_name = sites.room.handover.site().name
    assert room_name in asked[0]  # the dry-run report was shown before anything was applied
    assert room_name in centre_dialog.report.toPlainText() and centre_dialog.report.toPlainText() != asked[0]
    # the search index of the imported case is written in the background after the import's commit
    qtbot.waitUntil(lambda: sites.centre.handover.still_indexing() == 0)
    party = sites.room.cases.list_cases(sites.room_admin).rows[0].parties.split(" ")[0]
    found = sites.centre.cases.list_cases(actor, CaseFilter(text=party))
    assert [r.id for r in found.rows] == [case_id] and found.still_indexing == 0


def test_a_conflict_is_settled_field_by_field(qtbot, qtmodeltester, sites, runner) -> None:
    from PySide6.QtCore import Qt

    from mediation_app.ui.handover_conflicts import ConflictsDialog

    s = sites
    case_id = make_case(s.room, s.room_admin, assigned=False)
    s.centre.handover.import_bundle(s.centre_admin, s.hand_over("1.mdh"))
    s.room.handover.import_bundle(s.room_admin, s.hand_back("ack.mdh"))
    s.room.intake.set_title(s.room_admin, case_id, "市场里改的卷名")
    s.centre.intake.set_title(s.room_actor_at_centre(), case_id, "中心改的卷名")
    s.centre.handover.import_bundle(s.centre_admin, s.hand_over("2.mdh"))

    dialog = ConflictsDialog(s.centre, s.centre_admin, runner)
    qtbot.addWidget(dialog)
    qtmodeltester.check(dialog.list_model)
    qtmodeltester.check(dialog.fields)
    assert dialog.list_model.rowCount() == 1
    row = next(i for i, f in enumerate(dialog.fields.fields) if f.name == "title")
    index = dialog.fields.index(row, 2)
    assert dialog.fields.data(index) == "市场里改的卷名"
    assert dialog.fields.data(dialog.fields.index(row, 1)) == "中心改的卷名"
    assert dialog.fields.setData(index, Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    dialog.merge.click()
    qtbot.waitUntil(lambda: dialog.list_model.rowCount() == 0)
    assert s.centre.cases.detail(s.room_actor_at_centre(), case_id).title == "市场里改的卷名"


def test_a_search_says_how_many_imported_cases_are_still_being_indexed(qtbot, sites, runner, events) -> None:
    """Records committed, index not yet written: the case list's search says so; the background
    step (as the dialog and the next start run it) then makes the cases searchable."""
    from mediation_app.i18n import ngettext
    from mediation_app.ui.case_list import CaseListView
    from mediation_app.ui.handover import index_in_background

    case_id = make_case(sites.room, sites.room_admin, assigned=False)
    sites.room.intake.set_title(sites.room_admin, case_id, "牦牛皮收购纠纷")
    sites.centre.handover.import_bundle(sites.centre_admin, sites.hand_over(), index=False)
    view = CaseListView(sites.centre, sites.room_actor_at_centre(), runner, events)
    qtbot.addWidget(view)
    view.search.setText("牦牛皮")
    view.apply_filters()
    said = ngettext("({n} imported case is still being indexed and may be missing from the results)",
                    "({n} imported cases are still being indexed and may be missing from the results)", 1).format(n=1)
    qtbot.waitUntil(lambda: said in view.count.text())
    assert view.model.rowCount() == 0
    index_in_background(runner, sites.centre, events)
    qtbot.waitUntil(lambda: sites.centre.handover.still_indexing() == 0)
    view.apply_filters()
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    assert said not in view.count.text()
