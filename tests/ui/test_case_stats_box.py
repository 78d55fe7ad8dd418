"""The statistics fields of a case, recorded on the case's overview and counted by the report."""

from __future__ import annotations

from mediation_app.domain.statistics import Period
from mediation_app.ui.workspace.case_workspace import CaseWorkspace
from tests.factories import make_case, market_case_input
from tests.ui.test_workflow import _case_with_full_particulars


def test_difficulty_persons_and_wages_are_saved_and_counted(qtbot, services, admin, runner, events, drafts):
    case_id = _case_with_full_particulars(services, admin)
    ws = CaseWorkspace(services, admin, case_id, runner, events, drafts)
    qtbot.addWidget(ws)
    box = dict(ws.tab_list)["overview"].stats_box
    assert box.title() == "统计项目"
    assert box.complexity.currentText() == "未分级" and box.persons.value() == 0
    assert box.persons.text() == "未登记（按2名当事人计）"  # not a count of nobody: the report counts its parties
    assert services.stats.compute(admin, Period.parse(str(services.clock.today().year))).value(
        "level_total", "persons") == 2
    assert box.wages.isEnabled()  # a sub-type other than unpaid wages: the mediator decides
    box.complexity.setCurrentIndex(3)
    box.persons.setValue(12)
    box.wages.setChecked(True)
    box.save.click()
    facts = services.stats_recording.case_facts(admin, case_id)
    assert (facts.complexity, facts.persons_involved, facts.migrant_wages) == ("difficult", 12, True)
    report = services.stats.compute(admin, Period.parse(str(services.clock.today().year)))
    assert report.value("level_total", "difficult") == 1 and report.value("level_total", "persons") == 12
    assert report.value("level_total", "type.wages") == 1


def test_a_wages_sub_type_keeps_its_mark(qtbot, services, admin, runner, events, drafts):
    case_id = make_case(services, admin, data=market_case_input(subtype_code="unpaid_wages"))
    ws = CaseWorkspace(services, admin, case_id, runner, events, drafts)
    qtbot.addWidget(ws)
    box = dict(ws.tab_list)["overview"].stats_box
    assert box.wages.isChecked() and not box.wages.isEnabled()
    assert "拖欠农民工工资" in box.wages.toolTip()
