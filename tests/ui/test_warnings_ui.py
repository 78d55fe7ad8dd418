"""Risk early warnings in the client, over real services: the case's risk part with Review…, Today's box,
the board's column, the statistics line and the administrator's word-list editor."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog

from mediation_app.domain.enums import RiskLevel
from mediation_app.domain.warnings import ReviewDecision
from mediation_app.services.board import MEASURES
from mediation_app.ui.board import BoardView
from mediation_app.ui.today import TodayView
from mediation_app.ui.warnings import ReviewDialog, WarningStatsLine, WordListDialog
from mediation_app.ui.workspace.case_workspace import CaseWorkspace
from tests.ui.conftest import register_case


def _threat_case(services, admin):
    from mediation_app.domain.enums import AssignmentMethod, MeetingOutcome
    from mediation_app.services.meetings import MeetingInput

    case_id = register_case(services, admin)
    detail = services.cases.detail(admin, case_id)
    services.parties.record_all_consents(admin, case_id)
    services.assignment.assign(admin, case_id, admin.mediator_id, method=AssignmentMethod.DESIGNATED)
    services.meetings.record(admin, case_id, MeetingInput(
        place="调解室", party_links_present=tuple(p.link_id for p in detail.parties),
        mediator_ids_present=(admin.mediator_id,), outcome=MeetingOutcome.CONTINUE,
        record_text="李娜称对方昨晚扬言要放火烧你家。", recorder_name="王书记"))
    return case_id


def _fits(dialog) -> None:
    assert dialog.width() <= 1280 and dialog.height() <= 800


def test_the_risk_part_lists_warnings_and_the_review_raises_the_level(qtbot, qtmodeltester, services, admin, runner,
                                                                      events, drafts):
    case_id = _threat_case(services, admin)
    ws = CaseWorkspace(services, admin, case_id, runner, events, drafts)
    qtbot.addWidget(ws)
    tab = ws.show_tab("risk")
    box = tab.warnings_box
    qtmodeltester.check(box.model)
    assert box.model.rowCount() == 1 and "放火" in box.model.data(box.model.index(0, 2))
    assert box.review_button.isEnabled() and "1" in box.empty.text()
    assert ws.detail.risk_level == "blue"  # the warning alone changes nothing
    box.review()
    dialog = box.last_dialog
    assert isinstance(dialog, ReviewDialog)
    _fits(dialog)
    dialog.decision.setCurrentIndex(dialog.decision.index_of(ReviewDecision.RAISE))
    dialog.save()
    assert dialog.message.text() and dialog.result() != QDialog.DialogCode.Accepted  # what the review found is needed
    dialog.note.setPlainText("电话核实，双方情绪激动。")
    dialog.level.setCurrentIndex(dialog.level.index_of(RiskLevel.YELLOW))
    dialog.containment.setPlainText("网格员每日走访。")
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert services.cases.detail(admin, case_id).risk_level == "yellow"
    assert box.model.rowCount() == 1 and not box.review_button.isEnabled()
    assert box.model.data(box.model.index(0, 3)).startswith(ReviewDecision.RAISE.label())


def test_today_and_the_board_show_the_open_warnings(qtbot, services, admin, runner, events):
    case_id = _threat_case(services, admin)
    today = TodayView(services, admin, runner, events)
    qtbot.addWidget(today)
    from mediation_app.i18n import ngettext

    title = ngettext("Risk warnings to review ({n})", "Risk warnings to review ({n})", 1).format(n=1)
    assert today.warnings_box.total == 1 and today.warnings_box.title() == title and "1" in title
    with qtbot.waitSignal(today.case_activated) as got:
        today.warnings_box._open(today.warnings_box.model.index(0, 0))
    assert got.args == [case_id]
    board = BoardView(services, admin, runner, events)
    qtbot.addWidget(board)
    column = list(MEASURES).index("warnings") + 1
    assert board.model.index(0, column).data() == "1"
    board.open_cell(board.model.index(0, column))
    assert board.last_dialog.model.rowCount() == 1
    _fits(board.last_dialog)
    line = WarningStatsLine(services, admin, runner)
    from mediation_app.domain.statistics import Period

    line.refresh(Period.parse(str(services.clock.today().year)))
    assert "1" in line.text()


def test_the_administrator_edits_the_word_list(qtbot, services, admin):
    dialog = WordListDialog(services, admin)
    qtbot.addWidget(dialog)
    _fits(dialog)
    assert "刀削面" in dialog.text.toPlainText()
    dialog.text.setPlainText("没有标题的词\n")
    dialog.save()
    assert "1" in dialog.message.text()  # the line is named
    dialog.text.setPlainText("[威胁]\n打断腿\n[排除]\n")
    dialog.spins["repeat_months"].setValue(6)
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    words = services.warnings.words(admin)
    assert not words.shipped and "打断腿" in words.text and services.warnings.settings(admin)["repeat_months"] == 6
