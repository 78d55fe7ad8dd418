"""Every item model passes pytest-qt's model tester, on real read models where they exist."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QModelIndex, Qt

from mediation_app.i18n import N_
from mediation_app.services.read_models import CaseFilter
from mediation_app.ui.models.agreement_models import InstalmentTableModel, TermListModel, build_instalments
from mediation_app.ui.models.case_table import CaseTableModel
from mediation_app.ui.models.check_list import CheckListModel
from mediation_app.ui.models.item_list import Item, ItemListModel
from mediation_app.ui.models.records import Column, RecordTableModel
from tests.ui.conftest import register_case


def test_case_table_over_real_services(qtmodeltester, services, admin, runner):
    for i in range(5):
        register_case(services, admin, applicant=f"申请人{i}", respondent=f"被申请人{i}")
    model = CaseTableModel(lambda f, a, n: services.cases.list_cases(admin, f, after=a, limit=n), CaseFilter(),
                           runner, page_size=2)
    model.reload()
    assert model.rowCount() == 2
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == 5
    numbers = [model.index(r, 0).data() for r in range(5)]
    assert len(set(numbers)) == 5
    model.sort(0, Qt.SortOrder.AscendingOrder)
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert [model.index(r, 0).data() for r in range(5)] == sorted(numbers)
    model.set_filter(CaseFilter())
    qtmodeltester.check(model, force_py=True)


def test_record_table(qtmodeltester, services, admin):
    case_id = register_case(services, admin)
    detail = services.cases.detail(admin, case_id)
    model = RecordTableModel((Column(N_("Name"), lambda p: p.name), Column(N_("Role"), lambda p: p.role)))
    model.set_rows(detail.parties)
    assert model.rowCount() == 2 and model.headerData(0, Qt.Orientation.Horizontal) == "姓名"
    qtmodeltester.check(model, force_py=True)


def test_small_list_models(qtmodeltester):
    items = ItemListModel()
    items.set_items([Item(1, "甲", "细节", urgent=True), Item(2, "乙")])
    qtmodeltester.check(items, force_py=True)
    checks = CheckListModel()
    checks.set_items([("a", "诉讼"), ("b", "仲裁")])
    assert checks.setData(checks.index(1), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert checks.checked_keys() == ("b",)
    qtmodeltester.check(checks, force_py=True)


def test_terms_and_instalments(qtmodeltester):
    terms = TermListModel()
    terms.set_terms(["一", "二", "三"])
    terms.move(2, -1)
    assert terms.terms() == ("一", "三", "二")
    assert terms.index(0).data() == "1. 一"
    qtmodeltester.check(terms, force_py=True)

    rows = build_instalments(100001, 3, dt.date(2026, 1, 31), 1, ("p", "甲"), ("q", "乙"))
    assert [r.amount_fen for r in rows] == [33333, 33333, 33335]
    assert [r.due_on for r in rows] == [dt.date(2026, 1, 31), dt.date(2026, 2, 28), dt.date(2026, 3, 31)]
    model = InstalmentTableModel()
    model.set_instalments(rows)
    assert model.setData(model.index(0, 4), "500.5")
    assert not model.setData(model.index(0, 4), "abc")
    assert not model.setData(model.index(0, 5), "2026-02-30")
    assert model.total_fen() == 50050 + 33333 + 33335
    qtmodeltester.check(model, force_py=True)
