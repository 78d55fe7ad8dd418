"""What falls due in each case is kept in ``due_item`` and follows every record it is derived from,
through the services, the demo generator and the migration; Today and the centre's board, which
read only that table, still give what each case's own clock gives on every day."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from sqlalchemy import delete, select, true, union_all

from mediation_app.domain.enums import FollowUpMode, PerformanceStatus, TerminationKind
from mediation_app.services import Services
from mediation_app.services.context import Actor
from mediation_app.storage.models import AgreementRecord, DueItemRecord, ObligationRecord
from mediation_app.storage.queries_due import item_parts, refresh_items, refresh_items_where
from tests.factories import make_case
from tests.services.test_today_overview import detail_items, overview_items, varied_cases

COLUMNS = ("case_id", "committee_id", "number", "rank", "kind", "due_on", "seq", "ref", "obligor_id", "amount_fen",
           "detail", "in_window")


def kept_and_derived(svc: Services) -> tuple[Counter, Counter]:
    """The rows of due_item, and the rows its rules give from the records now (as multisets)."""
    with svc.db.read() as s:
        d = DueItemRecord
        kept = Counter(tuple(r) for r in s.execute(select(*(getattr(d, k) for k in COLUMNS))).all())
        u = union_all(*item_parts(s, true())).subquery()
        derived = Counter(tuple(r) for r in s.execute(select(*(u.c[k] for k in COLUMNS))).all())
        return kept, derived


def items_of(svc: Services, case_id) -> list[tuple]:
    with svc.db.read() as s:
        d = DueItemRecord
        return list(s.execute(select(d.kind, d.due_on).where(d.case_id == case_id).order_by(d.n)).all())


def obligations(svc: Services, case_id) -> list:
    o = ObligationRecord
    with svc.db.read() as s:
        return list(s.execute(select(o.id, o.due_on).join(AgreementRecord, AgreementRecord.id == o.agreement_id)
                              .where(AgreementRecord.case_id == case_id).order_by(o.seq)).all())


def agrees_with_each_clock(svc: Services, admin: Actor) -> None:
    kept, derived = kept_and_derived(svc)
    assert kept == derived
    start = svc.clock.today()
    for offset in (0, 20, 44, 400, 760):
        svc.clock.set(start + dt.timedelta(days=offset))
        assert overview_items(svc, admin) == detail_items(svc, admin), offset
    svc.clock.set(start)


def test_the_items_follow_payments_visits_and_the_case(services: Services, admin: Actor) -> None:
    cases = varied_cases(services, admin)
    services.demo.generate(admin, 40, seed=3)
    first, second = obligations(services, cases["instalments"])
    kinds = [k for k, _ in items_of(services, cases["instalments"])]
    assert kinds.count("obligation") == 2 and "follow_up" in kinds and "confirmation" in kinds
    assert [k for k, _ in items_of(services, cases["mediating"])] == ["mediation"]
    agrees_with_each_clock(services, admin)

    # the first instalment paid in part stays due; paid in full it is no longer
    services.followups.record_performance(admin, cases["instalments"], first.id, PerformanceStatus.PARTLY,
                                          services.clock.today(), amount_fen=1)
    assert ("obligation", first.due_on) in items_of(services, cases["instalments"])
    services.followups.record_performance(admin, cases["instalments"], first.id, PerformanceStatus.PERFORMED,
                                          services.clock.today())
    assert ("obligation", first.due_on) not in items_of(services, cases["instalments"])
    assert ("obligation", second.due_on) in items_of(services, cases["instalments"])
    agrees_with_each_clock(services, admin)

    # a visit after the deadline's day leaves nothing to remind of performance
    day = next(d for k, d in items_of(services, cases["one_deadline"]) if k == "follow_up")
    services.clock.set(day + dt.timedelta(days=2))
    services.followups.record_follow_up(
        admin, cases["one_deadline"], "被申请人", dt.datetime.combine(day + dt.timedelta(days=1), dt.time(2), dt.UTC),
        FollowUpMode.PHONE, PerformanceStatus.PERFORMED, "已按期履行完毕。", satisfaction="satisfied", new_risk="",
        measures="无")
    assert not {"obligation", "follow_up"} & {k for k, _ in items_of(services, cases["one_deadline"])}

    # a terminated case has nothing more due
    services.outcomes.terminate(admin, cases["mediating"], "双方分歧较大。", ("lawsuit",), kind=TerminationKind.FAILED)
    assert items_of(services, cases["mediating"]) == []
    agrees_with_each_clock(services, admin)


def test_a_new_case_is_reminded_from_its_first_save(services: Services, admin: Actor) -> None:
    case_id = make_case(services, admin)
    assert [k for k, _ in items_of(services, case_id)] == ["mediation"]
    kept, derived = kept_and_derived(services)
    assert kept == derived


def test_a_lost_item_is_one_the_comparison_sees_and_the_rebuild_puts_back(services: Services, admin: Actor) -> None:
    services.demo.generate(admin, 30, seed=4)
    kept, derived = kept_and_derived(services)
    assert kept == derived and kept
    with services.db.write() as s:
        victim = s.execute(select(DueItemRecord.case_id).limit(1)).scalar_one()
        s.execute(delete(DueItemRecord).where(DueItemRecord.case_id == victim))
    assert kept_and_derived(services)[0] != derived
    with services.db.write() as s:
        refresh_items_where(s)
    assert kept_and_derived(services) == (derived, derived)


def test_two_desks_rewriting_one_cases_items_wait_for_each_other(services: Services, admin: Actor) -> None:
    """On PostgreSQL the second desk waits at the case row until the first commits, then replaces the
    first's rows (without that both would insert the same keys and the second save would fail)."""
    import threading

    import pytest
    from sqlalchemy.orm import Session

    if services.db.is_sqlite:
        pytest.skip("SQLite writes one transaction at a time")
    case_id = make_case(services, admin)
    first = Session(services.db.engine)
    first.begin()
    refresh_items(first, [case_id])
    errors: list[BaseException] = []

    def second_desk() -> None:
        try:
            with Session(services.db.engine) as second, second.begin():
                refresh_items(second, [case_id])
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    other = threading.Thread(target=second_desk)
    other.start()
    other.join(0.5)
    assert other.is_alive()  # waiting for the first desk
    first.commit()
    first.close()
    other.join(20)
    assert not other.is_alive() and errors == []
    kept, derived = kept_and_derived(services)
    assert kept == derived
