"""The intake wizard's starting level on the centre's ladder, driven with qtbot on real services: only
the levels the ladder offers, not on the ladder unless chosen, the chosen level shown in the case's
Level part afterwards, and a level removed meanwhile refused in words beside the choice."""

from __future__ import annotations

from mediation_app.domain.enums import IdType
from mediation_app.i18n import set_language
from mediation_app.services.ladder.read_models import LevelInput
from mediation_app.ui.intake import IntakeWizard
from mediation_app.ui.workspace.case_workspace import CaseWorkspace

LEVELS = (("网格员", 7), ("村(社区)调委会", 7), ("乡镇(街道)综治中心", 7), ("乡镇领导", 7), ("县领导", 10))


def _ladder(services, admin):
    """The four-level example: 县领导 was on the ladder once and is removed (kept for history only)."""
    services.ladder.set_ladder(admin, [LevelInput(name=n, days=d) for n, d in LEVELS])
    kept = services.ladder.ladder(admin)[:4]
    services.ladder.set_ladder(admin, [LevelInput(id=v.id, name=v.name, days=v.days) for v in kept])
    return services.ladder.ladder(admin)


def _to_finish(qtbot, services, admin, runner, events, drafts) -> IntakeWizard:
    wiz = IntakeWizard(services, admin, runner, events, drafts, offer_draft=False)
    qtbot.addWidget(wiz)
    wiz.show()
    first, second = wiz.parties_page.editors
    for editor, name, phone in ((first, "马福海", "13897001234"), (second, "韩建国", "13997005678")):
        editor.name.setText(name)  # QTest cannot type CJK
        qtbot.keyClicks(editor.phone, phone)
        editor.id_type.setCurrentIndex(editor.id_type.findData(IdType.NONE.value))
    wiz.next()
    page = wiz.dispute_page
    page.dispute_type.setCurrentIndex(page.dispute_type.findData("neighbour"))
    wiz.next()
    wiz.facts_page.facts.setPlainText("两户因院墙排水发生争执，已多次到村调委会调解未果。")
    wiz.next()
    assert wiz.currentPage() is wiz.finish_page
    return wiz


def _offered(wiz: IntakeWizard) -> list[str]:
    combo = wiz.finish_page.level.combo
    return [combo.itemText(i) for i in range(combo.count())]


def test_the_wizard_starts_the_case_at_the_chosen_level(qtbot, services, admin, runner, events, drafts):
    set_language("zh_CN")
    ladder = _ladder(services, admin)
    wiz = _to_finish(qtbot, services, admin, runner, events, drafts)
    choice = wiz.finish_page.level
    assert choice.isVisible() and choice.level_id() is None  # as before: not on the ladder unless chosen
    offered = _offered(wiz)
    assert len(offered) == 5 and offered[0] == "— 不纳入层级（默认）—"
    assert [t.split(" · ")[0] for t in offered[1:]] == ["1. 网格员", "2. 村(社区)调委会", "3. 乡镇(街道)综治中心",
                                                         "4. 乡镇领导"]
    assert not any("县领导" in t for t in offered)  # a removed level is never offered
    wiz.finish_page.refuse.setChecked(True)
    assert not choice.isEnabled()  # a case not accepted is not put on the ladder
    wiz.finish_page.accept_now.setChecked(True)
    assert choice.isEnabled()
    choice.combo.setCurrentIndex(choice.combo.index_of(ladder[2].id))
    assert wiz.draft()["ladder_level"] == str(ladder[2].id)
    wiz.accept()

    case_id = wiz.created_case_id
    assert case_id is not None, wiz.finish_page.message.text()
    assert services.cases.detail(admin, case_id).status == "accepted"
    view = services.ladder.case_level(admin, case_id)
    assert (view.level_id, view.level) == (ladder[2].id, "乡镇(街道)综治中心")
    ws = CaseWorkspace(services, admin, case_id, runner, events, drafts)
    qtbot.addWidget(ws)
    tab = ws.show_tab("level")
    assert "乡镇(街道)综治中心" in tab.summary.text()
    assert tab.history.rowCount() == 1
    assert tab.history.data(tab.history.index(0, 3)) == "乡镇(街道)综治中心"


def test_left_alone_the_case_is_not_on_the_ladder_and_a_removed_level_is_refused(
        qtbot, services, admin, runner, events, drafts):
    set_language("en")
    ladder = _ladder(services, admin)
    wiz = _to_finish(qtbot, services, admin, runner, events, drafts)
    wiz.accept()
    assert services.ladder.case_level(admin, wiz.created_case_id).level_id is None

    again = _to_finish(qtbot, services, admin, runner, events, drafts)
    choice = again.finish_page.level
    choice.combo.setCurrentIndex(choice.combo.index_of(ladder[3].id))
    # meanwhile the centre's head takes 乡镇领导 off the ladder
    services.ladder.set_ladder(admin, [LevelInput(id=v.id, name=v.name, days=v.days) for v in ladder[:3]])
    again.accept()
    assert again.created_case_id is None
    assert choice.message.isVisibleTo(again) and choice.message.text() == (
        "The level “乡镇领导” was removed from the ladder; choose one of the levels it offers now.")


def test_without_a_ladder_the_choice_is_not_shown(qtbot, services, admin, runner, events, drafts):
    wiz = _to_finish(qtbot, services, admin, runner, events, drafts)
    assert not wiz.finish_page.level.isVisibleTo(wiz) and wiz.case_input().ladder_level_id is None


def test_a_kept_draft_keeps_its_starting_level(qtbot, services, admin, runner, events, drafts):
    ladder = _ladder(services, admin)
    wiz = _to_finish(qtbot, services, admin, runner, events, drafts)
    wiz.finish_page.level.combo.setCurrentIndex(wiz.finish_page.level.combo.index_of(ladder[1].id))
    wiz.reject()  # closed by accident: the draft is kept, with the level
    again = IntakeWizard(services, admin, runner, events, drafts, offer_draft=False)
    qtbot.addWidget(again)
    again.load_draft(drafts.load("intake"))
    assert again.finish_page.level.level_id() == ladder[1].id
    assert again.case_input().ladder_level_id == ladder[1].id
