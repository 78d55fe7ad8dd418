"""The today overview counts every due or overdue item of every case and pages through them; its
SQL gives the same items, dates and sentences as each case's own deadline clock."""

from __future__ import annotations

import datetime as dt
import uuid

from mediation_app.domain.enums import ConfirmationOutcome, ConsentKind
from mediation_app.services import Services
from mediation_app.services.context import Actor
from mediation_app.services.read_models import CaseFilter
from tests.factories import TODAY, family_case_input, make_case
from tests.services.test_followup import effective_agreement, hold_meeting

COURT = "西宁市城北区人民法院"


def all_due(svc: Services, admin: Actor, overdue: bool, page: int) -> list:
    first = svc.overview.today(admin, page=page)
    current = first.overdue if overdue else first.upcoming
    items = list(current.items)
    while current.next_key is not None:
        current = svc.overview.due_page(admin, overdue, current.next_key, limit=page)
        items.extend(current.items)
    assert len(items) == current.total
    return items


def detail_items(svc: Services, admin: Actor) -> set[tuple]:
    out = set()
    for case_id in case_ids(svc, admin):
        for item in svc.cases.detail(admin, case_id).due:
            out.add((case_id, item.kind, item.due_on, item.overdue, item.message))
    return out


def case_ids(svc: Services, admin: Actor) -> list[uuid.UUID]:
    ids, key = [], None
    while True:
        page = svc.cases.list_cases(admin, CaseFilter(), after=key, limit=500)
        ids += [r.id for r in page.rows]
        if page.next_key is None:
            return ids
        key = page.next_key


def overview_items(svc: Services, admin: Actor, page: int = 7) -> set[tuple]:
    items = all_due(svc, admin, True, page) + all_due(svc, admin, False, page)
    found = {(d.case_id, d.kind, d.due_on, d.overdue, d.message) for d in items}
    assert len(found) == len(items)  # nothing listed twice
    return found


def varied_cases(svc: Services, admin: Actor) -> dict[str, uuid.UUID]:
    cases = {"mediating": make_case(svc, admin)}
    extended = make_case(svc, admin)
    for p in svc.cases.detail(admin, extended).parties:
        svc.parties.record_consent(admin, extended, p.link_id, ConsentKind.EXTENSION_CONSENT)
    svc.outcomes.extend_deadline(admin, extended, TODAY + dt.timedelta(days=45), "双方同意延长以便核实损失")
    cases["extended"] = extended
    cases["instalments"] = make_case(svc, admin)
    effective_agreement(svc, admin, cases["instalments"])
    cases["one_deadline"] = make_case(svc, admin)
    effective_agreement(svc, admin, cases["one_deadline"], instalments=False)
    cases["confirmed"] = make_case(svc, admin)
    effective_agreement(svc, admin, cases["confirmed"], instalments=False)
    app = svc.confirmation.apply(admin, cases["confirmed"], COURT, "domicile", TODAY).created_id
    svc.confirmation.record_outcome(admin, cases["confirmed"], app, ConfirmationOutcome.CONFIRMED, TODAY,
                                    court_case_number="（2026）青0105民特123号")
    cases["family"] = make_case(svc, admin, data=family_case_input())
    effective_agreement(svc, admin, cases["family"], instalments=False, personal_status=True)
    cases["drafted"] = make_case(svc, admin)
    hold_meeting(svc, admin, cases["drafted"])
    return cases


def test_overview_gives_what_each_case_clock_gives_on_every_day(services, admin) -> None:
    cases = varied_cases(services, admin)
    services.demo.generate(admin, 80, seed=5)
    start = services.clock.today()
    for offset in (0, 6, 13, 20, 31, 44, 60, 400, 760):
        services.clock.set(start + dt.timedelta(days=offset))
        assert overview_items(services, admin) == detail_items(services, admin), offset
    services.clock.set(start + dt.timedelta(days=40))  # the overall deadline is 3 days away
    kinds = {(c, k) for c, k, *_ in overview_items(services, admin)}
    assert (cases["one_deadline"], "obligation") in kinds  # one overall deadline, no instalment rows
    assert (cases["one_deadline"], "follow_up") in kinds


def test_counts_are_exact_and_every_page_is_reachable(services, admin) -> None:
    services.demo.generate(admin, 300, seed=9)
    services.clock.set(services.clock.today() + dt.timedelta(days=20))
    overview = services.overview.today(admin, page=10)
    overdue = all_due(services, admin, True, page=10)
    upcoming = all_due(services, admin, False, page=10)
    assert overview.overdue.total == len(overdue) > 10  # more than one page, all counted
    assert overview.upcoming.total == len(upcoming)
    assert all(d.overdue for d in overdue) and not any(d.overdue for d in upcoming)
    assert [d.due_on for d in overdue] == sorted(d.due_on for d in overdue)
    assert overview.unassigned_total == services.cases.count_cases(
        admin, CaseFilter(unassigned_only=True)) >= len(overview.unassigned)


def test_personal_status_agreement_shows_no_confirmation_countdown(services, admin) -> None:
    family = make_case(services, admin, data=family_case_input())
    effective_agreement(services, admin, family, instalments=False, personal_status=True)
    market = make_case(services, admin)
    effective_agreement(services, admin, market, instalments=False)
    services.clock.set(TODAY + dt.timedelta(days=25))
    kinds = {(c, k) for c, k, *_ in overview_items(services, admin)}
    assert (market, "confirmation") in kinds
    assert (family, "confirmation") not in kinds
    assert "confirmation" not in {i.kind for i in services.cases.detail(admin, family).due}
