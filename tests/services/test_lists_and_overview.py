"""Keyset pages, sorts and filters in SQL; the "today" overview; evidence stored by hash;
configurable sub-types rolled up into the official types."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from mediation_app.domain.enums import DisputeType, EvidenceKind
from mediation_app.services.errors import Conflict, PermissionDenied
from mediation_app.services.meetings import MeetingInput
from mediation_app.services.read_models import CaseFilter
from tests.factories import make_case, market_case_input


def _all_pages(svc, admin, flt: CaseFilter, limit: int) -> list:
    rows, key = [], None
    while True:
        page = svc.cases.list_cases(admin, flt, after=key, limit=limit)
        rows.extend(page.rows)
        if page.next_key is None:
            return rows
        key = page.next_key


@pytest.mark.parametrize("sort", ["registered_on", "accepted_on", "deadline_on", "number", "status", "risk_level"])
@pytest.mark.parametrize("descending", [True, False])
def test_keyset_pages_cover_every_row_once_in_sql_order(services, admin, sort: str, descending: bool) -> None:
    services.demo.generate(admin, 180, seed=11)
    flt = CaseFilter(sort=sort, descending=descending)
    rows = _all_pages(services, admin, flt, limit=37)
    assert len(rows) == len({r.id for r in rows}) == services.cases.count_cases(admin, flt) == 180

    def key(r):
        value = getattr(r, sort)
        return (value if value is not None else dt.date(1, 1, 1), r.id.hex)

    expected = sorted(rows, key=lambda r: (key(r)[0], r.id), reverse=descending)
    assert [getattr(r, sort) for r in rows] == [getattr(r, sort) for r in expected]


def test_filters_combine(services, admin) -> None:
    services.demo.generate(admin, 300, seed=4)
    flt = CaseFilter(statuses=("mediating", "accepted"), dispute_type="contract")
    rows = _all_pages(services, admin, flt, limit=50)
    assert rows and all(r.status in ("mediating", "accepted") and r.dispute_type == "contract" for r in rows)
    overdue = _all_pages(services, admin, CaseFilter(overdue_only=True), limit=50)
    assert all(r.overdue and r.deadline_on < services.clock.today() for r in overdue)
    recent = CaseFilter(date_from=services.clock.today() - dt.timedelta(days=10))
    assert all(r.registered_on >= recent.date_from for r in _all_pages(services, admin, recent, limit=50))


def test_today_overview(services, admin) -> None:
    case_id = make_case(services, admin)
    links = tuple(p.link_id for p in services.cases.detail(admin, case_id).parties)
    today = services.clock.today()
    at = dt.datetime.combine(today, dt.time(15, 30)).astimezone()
    services.meetings.schedule(admin, case_id, MeetingInput(place="调解室", scheduled_at=at, party_links_present=links))
    unassigned = make_case(services, admin, assigned=False, consented=False)
    services.clock.set(today + dt.timedelta(days=27))  # the one-month deadline is 3 days away
    overview = services.overview.today(admin)
    assert [d.kind for d in overview.due if d.case_id == case_id] == ["mediation"]
    assert unassigned in {r.id for r in overview.unassigned}
    services.clock.set(today)
    assert [m.case_id for m in services.overview.today(admin).meetings] == [case_id]


def test_evidence_is_copied_in_by_hash(services, admin, tmp_path) -> None:
    case_id = make_case(services, admin)
    scan = tmp_path / "欠条.jpg"
    scan.write_bytes(b"\xff\xd8\xff" + b"scan" * 1000)
    services.meetings.add_evidence(admin, case_id, scan, "欠条", EvidenceKind.EVIDENCE, source="申请人提供")
    scan.unlink()  # the user's file may vanish: the case keeps its own copy
    ev = services.cases.detail(admin, case_id).evidence[0]
    mime, data = services.meetings.evidence_bytes(admin, case_id, ev.id)
    assert ev.sha256 == hashlib.sha256(data).hexdigest() and mime == "image/jpeg" and ev.title == "欠条"


def test_subtypes_roll_up_and_lookups_are_configurable(services, admin) -> None:
    services.reference_admin.add_subtype(admin, "cold_chain", "冷链断链损失", DisputeType.CONTRACT)
    with pytest.raises(Conflict):
        services.reference_admin.add_subtype(admin, "cold_chain", "重复", DisputeType.CONTRACT)
    changes = services.intake.register(admin, market_case_input(subtype_code="cold_chain"))
    assert services.cases.detail(admin, changes.created_id).dispute_type == "contract"
    services.reference_admin.add_lookup(admin, "route", "consumer_association", "向消费者协会投诉")
    assert "consumer_association" in {i.code for i in services.reference.lookups("route")}
    services.reference_admin.deactivate_lookup(admin, "route", "consumer_association")
    assert "consumer_association" not in {i.code for i in services.reference.lookups("route")}
    from mediation_app.domain.enums import Role

    services.accounts.create_user(admin, "med1", "调解员2026-pw", "调解员甲", Role.MEDIATOR)
    mediator = services.accounts.authenticate("med1", "调解员2026-pw")
    with pytest.raises(PermissionDenied):
        services.reference_admin.add_lookup(mediator, "route", "x", "y")
