"""The earliest performance item kept on each case (``perform_due_on``) follows every record it is
derived from, through the services, the demo generator and the migration; Today, which reads only
the performing cases whose kept date falls due, still gives what each case's own clock gives."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import select, true, update

from mediation_app.domain.enums import FollowUpMode, PerformanceStatus
from mediation_app.services import Services
from mediation_app.services.context import Actor
from mediation_app.storage.models import AgreementRecord, CaseRecord, ObligationRecord
from mediation_app.storage.queries_due import perform_due_dates
from mediation_app.storage.stats_facts import refresh_perform_due
from tests.services.test_today_overview import detail_items, overview_items, varied_cases


def kept_and_derived(svc: Services) -> tuple[dict[uuid.UUID, dt.date], dict[uuid.UUID, dt.date]]:
    with svc.db.read() as s:
        kept = dict(s.execute(select(CaseRecord.id, CaseRecord.perform_due_on)
                              .where(CaseRecord.perform_due_on.is_not(None))).all())
        return kept, perform_due_dates(s, true())


def obligations(svc: Services, case_id: uuid.UUID) -> list:
    o = ObligationRecord
    with svc.db.read() as s:
        return list(s.execute(select(o.id, o.due_on).join(AgreementRecord, AgreementRecord.id == o.agreement_id)
                              .where(AgreementRecord.case_id == case_id).order_by(o.seq)).all())


def agrees_with_each_clock(svc: Services, admin: Actor) -> None:
    kept, derived = kept_and_derived(svc)
    assert kept == derived
    start = svc.clock.today()
    for offset in (0, 20, 44, 400):
        svc.clock.set(start + dt.timedelta(days=offset))
        assert overview_items(svc, admin) == detail_items(svc, admin), offset
    svc.clock.set(start)


def test_the_kept_date_follows_payments_visits_and_performance(services: Services, admin: Actor) -> None:
    cases = varied_cases(services, admin)
    services.demo.generate(admin, 40, seed=3)
    kept, _ = kept_and_derived(services)
    first, second = obligations(services, cases["instalments"])
    assert kept[cases["instalments"]] == first.due_on < second.due_on  # the first instalment
    assert cases["mediating"] not in kept and cases["drafted"] not in kept  # nothing to perform yet
    agrees_with_each_clock(services, admin)

    # the first instalment paid in part: still open, still the earliest
    services.followups.record_performance(admin, cases["instalments"], first.id, PerformanceStatus.PARTLY,
                                         services.clock.today(), amount_fen=1)
    assert kept_and_derived(services)[0][cases["instalments"]] == first.due_on
    # paid in full: the second instalment is the earliest now
    services.followups.record_performance(admin, cases["instalments"], first.id, PerformanceStatus.PERFORMED,
                                         services.clock.today())
    assert kept_and_derived(services)[0][cases["instalments"]] == second.due_on
    agrees_with_each_clock(services, admin)

    # a visit after the deadline's day leaves the case with nothing more to remind
    day = kept_and_derived(services)[0][cases["one_deadline"]]
    services.clock.set(day + dt.timedelta(days=2))
    services.followups.record_follow_up(
        admin, cases["one_deadline"], "被申请人", dt.datetime.combine(day + dt.timedelta(days=1), dt.time(2), dt.UTC),
        FollowUpMode.PHONE, PerformanceStatus.PERFORMED, "已按期履行完毕。", satisfaction="satisfied", new_risk="",
        measures="无")
    assert cases["one_deadline"] not in kept_and_derived(services)[0]
    agrees_with_each_clock(services, admin)


def test_a_stale_value_is_put_right_by_the_refresh(services: Services, admin: Actor) -> None:
    """The check behind the other tests: a wrong kept date is one the comparison sees."""
    services.demo.generate(admin, 30, seed=4)
    kept, derived = kept_and_derived(services)
    assert kept == derived and kept
    victim = next(iter(kept))
    with services.db.write() as s:
        s.execute(update(CaseRecord).where(CaseRecord.id == victim).values(perform_due_on=dt.date(2099, 1, 1)))
    assert kept_and_derived(services)[0] != derived
    with services.db.write() as s:
        refresh_perform_due(s, true())
    assert kept_and_derived(services) == (derived, derived)
