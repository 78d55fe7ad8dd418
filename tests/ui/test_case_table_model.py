"""The lazy case table: keyset pages, SQL sorting through the filter, overdue and risk display."""

from __future__ import annotations

import dataclasses
import datetime as dt
from types import SimpleNamespace

from PySide6.QtCore import QModelIndex, Qt

from mediation_app.services.read_models import CaseFilter, CaseRow
from mediation_app.ui.models.case_table import COL_DEADLINE, COL_RISK, COL_STATUS, CaseIdRole, CaseTableModel


def Flt(**kw):  # noqa: N802
    return CaseFilter(sort="accepted_on", **kw)


def _rows(n):
    today = dt.date.today()
    return [
        CaseRow(
            id=i, number=f"人调字〔2026〕第{i:03d}号", title="", parties=f"甲{i} 与 乙{i}", dispute_type="neighbour",
            status="mediating", presiding_mediator="调解员" if i % 3 else None, registered_on=today,
            accepted_on=today - dt.timedelta(days=i), deadline_on=today - dt.timedelta(days=i - 5),
            overdue=i > 5, risk_level=["blue", "red"][i % 2],
        )
        for i in range(n)
    ]


class FakeList:
    def __init__(self, n):
        self.rows = _rows(n)
        self.calls = []

    def __call__(self, flt, after, limit):
        self.calls.append((flt, after, limit))
        rows = [r for r in self.rows if flt.text in r.parties]
        rows.sort(key=lambda r: getattr(r, flt.sort), reverse=flt.descending)
        start = 0 if after is None else after
        page = rows[start:start + limit]
        nxt = start + limit if start + limit < len(rows) else None
        return SimpleNamespace(rows=page, next_key=nxt)


def test_model_fetches_lazily_in_pages(qtmodeltester, runner):
    fake = FakeList(45)
    model = CaseTableModel(fake, Flt(), runner, page_size=20)
    model.reload()
    assert model.rowCount() == 20
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 45
    assert not model.canFetchMore(QModelIndex())
    assert [c[1] for c in fake.calls] == [None, 20, 40]
    qtmodeltester.check(model, force_py=True)


def test_sort_and_filter_go_to_the_query(runner):
    fake = FakeList(30)
    model = CaseTableModel(fake, Flt(), runner, page_size=10)
    model.reload()
    model.sort(COL_DEADLINE, Qt.SortOrder.AscendingOrder)
    assert fake.calls[-1][0].sort == "deadline_on" and fake.calls[-1][0].descending is False
    assert fake.calls[-1][1] is None  # restarted from the first page
    model.set_filter(dataclasses.replace(model.case_filter, text="甲7"))
    assert model.rowCount() == 1


def test_overdue_deadline_is_red_and_risk_has_a_colour(runner):
    model = CaseTableModel(FakeList(12), Flt(), runner)
    model.reload()
    late = model.index(10, COL_DEADLINE)  # deadline 5 days ago
    on_time = model.index(1, COL_DEADLINE)
    assert model.data(late, Qt.ItemDataRole.ForegroundRole) is not None
    assert model.data(on_time, Qt.ItemDataRole.ForegroundRole) is None
    assert "逾期" in model.data(late, Qt.ItemDataRole.ToolTipRole)
    assert model.data(model.index(1, COL_RISK)) == "红色"
    assert model.data(model.index(1, COL_RISK), Qt.ItemDataRole.DecorationRole).name() == "#c62828"
    assert model.data(model.index(0, COL_STATUS)) == "调解中"
    assert model.data(model.index(3, 0), CaseIdRole) == 3


def test_stale_pages_are_dropped(qapp):
    from mediation_app.ui.tasks import TaskRunner

    class Deferred(TaskRunner):
        def __init__(self):
            super().__init__(inline=True)
            self.jobs = []

        def run(self, fn, on_done=None, on_error=None, *, write=False):
            self.jobs.append((fn, on_done))
            return len(self.jobs)

    r = Deferred()
    model = CaseTableModel(FakeList(5), Flt(), r)
    model.reload()
    model.set_filter(Flt(text="甲1"))
    old, new = r.jobs
    old[1](old[0]())  # the answer to the first query arrives late
    assert model.rowCount() == 0
    new[1](new[0]())
    assert model.rowCount() == 1
