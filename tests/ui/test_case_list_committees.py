"""The case list of an account that sees several committees: a Committee column (short name) and
a committee filter; neither for an account of one committee."""

from __future__ import annotations

import os

from PySide6.QtWidgets import QApplication

from mediation_app.domain.enums import CommitteeKind, Role
from mediation_app.services.centre import CommitteeInput
from mediation_app.ui.case_list import CaseListView
from mediation_app.ui.models.case_table import COL_COMMITTEE, COL_NUMBER
from tests.ui.conftest import register_case

SHOTS = os.environ.get("ADMIN_SHOTS", "")
PASSWORD = "Two-committees-2026"


def _column(view, col):
    return [view.model.index(r, col).data() for r in range(view.model.rowCount())]


def test_committee_column_and_filter_for_several_committees(qtbot, qtmodeltester, services, admin, runner,
                                                            events) -> None:
    other = services.committees.add(admin, CommitteeInput(
        name="城北区矛盾纠纷多元化解中心人民调解委员会", short_name="中心", kind=CommitteeKind.CENTRE)).created_id
    services.accounts.create_user(admin, "both", PASSWORD, "两会调解员", Role.HEAD)
    one = services.accounts.authenticate("both", PASSWORD)
    home = one.committee_id
    single = CaseListView(services, one, runner, events)
    qtbot.addWidget(single)
    assert single.table.isColumnHidden(COL_COMMITTEE) and not single.committee.isVisibleTo(single)

    services.accounts.set_membership(admin, one.user_id, other, (Role.HEAD,))
    actor = services.accounts.authenticate("both", PASSWORD)
    here = register_case(services, actor)
    there = register_case(services, actor.in_committee(other), applicant="赵强", respondent="孙丽")
    view = CaseListView(services, actor, runner, events)
    qtbot.addWidget(view)
    qtmodeltester.check(view.model)
    assert not view.table.isColumnHidden(COL_COMMITTEE) and view.committee.isVisibleTo(view)
    numbers = {services.cases.detail(actor, here).number: "新华",
               services.cases.detail(actor.in_committee(other), there).number: "中心"}
    assert dict(zip(_column(view, COL_NUMBER), _column(view, COL_COMMITTEE), strict=True)) == numbers
    assert [view.committee.key_at(i) for i in range(view.committee.count())][0] is None
    assert {view.committee.key_at(i) for i in range(1, view.committee.count())} == {home, other}

    assert view.committee.set_key(other)
    assert _column(view, COL_COMMITTEE) == ["中心"]
    if SHOTS:
        from mediation_app.ui.theme import apply_theme

        apply_theme(QApplication.instance())
        view.resize(1280, 800)
        view.show()
        QApplication.processEvents()
        view.grab().save(os.path.join(SHOTS, "case_list_committees.png"))
    view.clear_filters()
    assert sorted(_column(view, COL_COMMITTEE)) == ["中心", "新华"]
