"""The Today view takes its first overview from a read started before the view was built (the client
starts it while the main window loads), whether that read is already done or still running."""

from __future__ import annotations

from mediation_app.ui.tasks import EarlyRead, TaskRunner
from mediation_app.ui.today import TodayView
from tests.ui.conftest import register_case


class Counting:
    """The services, with the overview reads counted."""

    def __init__(self, services):
        self._svc, self.reads = services, 0

    def __getattr__(self, name):
        return getattr(self._svc, name)

    @property
    def overview(self):
        self.reads += 1
        return self._svc.overview


def test_a_finished_early_read_fills_today_without_reading_again(qtbot, services, admin, runner, events):
    waiting = register_case(services, admin, accept=False)
    number = services.cases.detail(admin, waiting).number
    counted = Counting(services)
    early = EarlyRead(runner, lambda: counted.overview.today(admin, page=100))  # inline: done already
    today = TodayView(counted, admin, runner, events, early=early)
    qtbot.addWidget(today)
    assert counted.reads == 1
    items = [today.models["unassigned"].item(i).text for i in range(today.models["unassigned"].rowCount())]
    assert today.totals["unassigned"] == 1 and number in items[0]
    today.refresh()  # later refreshes read again
    assert counted.reads == 2


def test_a_running_early_read_is_handed_over_when_it_ends(qtbot, services, admin, events):
    register_case(services, admin, accept=False)
    threaded = TaskRunner()
    early = EarlyRead(threaded, lambda: services.overview.today(admin, page=100))
    today = TodayView(services, admin, TaskRunner(inline=True), events, early=early)
    qtbot.addWidget(today)
    qtbot.waitUntil(lambda: today.totals.get("unassigned") == 1, timeout=10000)
    threaded.wait()


def test_an_early_read_that_fails_is_said_in_the_view(qtbot, services, admin, runner, events):
    from mediation_app.services.errors import PermissionDenied

    def refused():
        raise PermissionDenied("没有权限查看。")

    today = TodayView(services, admin, runner, events, early=EarlyRead(runner, refused))
    qtbot.addWidget(today)
    assert today.status.text() == "没有权限查看。"


def test_while_the_first_read_runs_today_says_so_and_shows_no_count(qtbot, services, admin, events):
    """Before the first overview comes back the boxes carry no count (a title "Overdue (0)" during a
    read of several seconds on a large file would tell the mediator nothing is overdue)."""
    import threading

    register_case(services, admin, accept=False)
    gate = threading.Event()

    def slow_read():
        gate.wait(10)
        return services.overview.today(admin, page=100)

    threaded = TaskRunner()
    today = TodayView(services, admin, TaskRunner(inline=True), events, early=EarlyRead(threaded, slow_read))
    qtbot.addWidget(today)
    titles = [box.title() for box in today.boxes.values()]
    assert titles and not any("(" in t or "（" in t for t in titles), titles
    assert today.status.text() == "正在读取今日的调解安排和到期事项……"
    assert not any(label.isVisibleTo(today) for label in today.empty.values())  # no "nothing is overdue" yet
    gate.set()
    qtbot.waitUntil(lambda: today.totals.get("unassigned") == 1, timeout=10000)
    threaded.wait()
    assert today.boxes["unassigned"].title() == "等待指派调解员（1）"
    assert today.status.text() == ""


def test_the_ladder_watch_says_nothing_is_due_only_after_its_read(qtbot, services, admin, events):
    """"No case has run out of days at its level" is said once the read has come back, never before."""
    import threading

    from mediation_app.ui.ladder_watch import LadderWatch

    gate = threading.Event()

    class Gated(Counting):
        @property
        def ladder(self):
            gate.wait(10)
            return self._svc.ladder

    threaded = TaskRunner()
    watch = LadderWatch(Gated(services), admin, threaded, events)
    qtbot.addWidget(watch)
    assert watch.boxes["escalate"].title() == "待上报"
    assert not watch.empty["escalate"].isVisibleTo(watch) and not watch.empty["press"].isVisibleTo(watch)
    gate.set()
    qtbot.waitUntil(lambda: watch.boxes["escalate"].title() == "待上报（0）", timeout=10000)
    threaded.wait()
    assert watch.empty["escalate"].isVisibleTo(watch)
    assert watch.empty["escalate"].text() == "没有本级期限届满的案件。"
