"""Disputes prevented (预防纠纷), recorded from the screening ledger and listed for the year."""

from __future__ import annotations

import os

from PySide6.QtWidgets import QApplication

from mediation_app.domain.statistics import PREVENTION_LABELS, PreventionKind
from mediation_app.i18n import _
from mediation_app.ui.main_window import MainWindow
from tests.ui.conftest import register_case

SHOTS = os.environ.get("ADMIN_SHOTS", "")


def test_prevention_recorded_from_the_ledger(qtbot, qtmodeltester, services, admin, runner, events, settings,
                                             drafts) -> None:
    case_id = register_case(services, admin)
    number = services.cases.detail(admin, case_id).number
    w = MainWindow(services, admin, runner, events, settings, drafts, committee_name="新华街人民调解委员会")
    qtbot.addWidget(w)
    w.open_ledger()
    ledger = w.tabs.currentWidget()
    ledger.prevention.click()
    dialog = ledger.prevention_dialog
    qtmodeltester.check(dialog.model)
    assert dialog.model.rowCount() == 0

    # A case number that does not exist: one sentence, the field marked, nothing recorded.
    assert dialog.kind.set_key(PreventionKind.MASS_PETITION.value)
    dialog.persons.setValue(35)
    dialog.case_number.setText("不存在〔2026〕999号")
    dialog.record_button.click()
    assert dialog.message.text() and "\n" not in dialog.message.text()
    assert dialog.case_number.property("invalid") in (True, "true")
    assert dialog.model.rowCount() == 0

    dialog.case_number.setText(number)
    dialog.note.setText("村民因征地补偿拟集体上访，经调解劝返")
    dialog.record_button.click()
    assert dialog.model.rowCount() == 1
    assert dialog.model.index(0, 1).data() == _(PREVENTION_LABELS[PreventionKind.MASS_PETITION])
    assert dialog.model.index(0, 2).data() == "35"
    assert dialog.model.index(0, 3).data() == number
    assert dialog.case_number.text() == ""  # ready for the next one

    assert dialog.kind.set_key(PreventionKind.SUICIDE.value)
    dialog.persons.setValue(1)
    dialog.record_button.click()
    qtmodeltester.check(dialog.model)
    assert dialog.model.rowCount() == 2
    assert "2" in dialog.total.text() and "36" in dialog.total.text()
    events_ = services.stats_recording.prevention_events(admin, services.clock.today().year)
    assert sorted((e.kind, e.persons) for e in events_) == [("mass_petition", 35), ("suicide", 1)]
    if SHOTS:
        from mediation_app.ui.theme import apply_theme

        apply_theme(QApplication.instance())
        w.resize(1280, 800)
        w.show()
        dialog.show()
        QApplication.processEvents()
        dialog.grab().save(os.path.join(SHOTS, "prevention.png"))


def test_the_centre_head_chooses_the_committee_a_room_mediator_has_none_to_choose(
        qtbot, qtmodeltester, services, admin, runner, events) -> None:
    import dataclasses

    from mediation_app.domain.enums import CommitteeKind, Role
    from mediation_app.ui.prevention_dialog import PreventionDialog
    from tests.services.screening_fixture import VILLAGE, actor_in, add_committee

    village_id = add_committee(services, VILLAGE, "元树尔", CommitteeKind.VILLAGE)
    head = dataclasses.replace(admin, centre_head=True)
    dialog = PreventionDialog(services, head, runner, events)
    qtbot.addWidget(dialog)
    assert not dialog.committee.isHidden() and dialog.committee.count() == 2
    assert dialog.committee.key() == admin.committee_id  # its own committee first
    assert dialog.committee.set_key(village_id)
    assert dialog.kind.set_key(PreventionKind.MASS_FIGHT.value)
    dialog.persons.setValue(12)
    dialog.record_button.click()
    qtmodeltester.check(dialog.model)
    assert dialog.model.rowCount() == 1 and dialog.model.index(0, 2).data() == "12"
    assert dialog.committee.set_key(admin.committee_id)
    assert dialog.model.rowCount() == 0  # the market's list: nothing recorded there
    year = services.clock.today().year
    assert [(e.kind, e.persons) for e in services.stats_recording.prevention_events(head, year, village_id)] == [
        ("mass_fight", 12)]
    room = dataclasses.replace(actor_in(admin, village_id), roles=frozenset({Role.MEDIATOR}), role=Role.MEDIATOR)
    own = PreventionDialog(services, room, runner, events)
    qtbot.addWidget(own)
    assert own.committee.isHidden() and own.committee_label.isHidden()
    assert own.model.rowCount() == 1  # the village's event, recorded by the centre's head
