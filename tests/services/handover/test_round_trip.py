"""A room hands its cases to the centre, the centre acknowledges, nothing is lost or doubled."""

from __future__ import annotations

from mediation_app.services.handover import BundleRefused
from mediation_app.services.read_models import CaseFilter
from tests.factories import make_case
from tests.services.handover.conftest import Sites


def test_round_trip_brings_every_record_and_the_ack_comes_back(any_sites: Sites) -> None:
    s = any_sites
    first = make_case(s.room, s.room_admin, assigned=False)
    second = make_case(s.room, s.room_admin, assigned=False)
    s.room.intake.set_title(s.room_admin, second, "马福海与李建国苹果货款纠纷")
    before = s.room.handover.status()
    assert before.pending_cases == 2 and before.pending_changes > 2 and before.last_acknowledged_at is None

    bundle = s.hand_over()
    dry = s.centre.handover.import_bundle(s.centre_admin, bundle, dry_run=True)
    assert dry.dry_run and len(dry.new) == 2 and not dry.conflicts and not dry.rejected
    actor = s.room_actor_at_centre()
    report = s.centre.handover.import_bundle(s.centre_admin, bundle)
    assert sorted(c.number for c in report.new) == sorted(c.number for c in dry.new)
    for case_id in (first, second):
        here = s.room.cases.detail(s.room_admin, case_id)
        there = s.centre.cases.detail(actor, case_id)
        assert there.number == here.number and there.title == here.title
        assert [p.name for p in there.parties] == [p.name for p in here.parties]
        assert there.status == here.status
    assert report.audit_entries > 0
    ok, entries, bad = s.centre.handover.verify_site_audit(s.centre_admin, s.room.handover.site().site_id)
    assert ok and entries == report.audit_entries and bad is None
    assert s.centre.audit_log.verify(None).ok  # the centre's own chain is untouched by the room's

    # the acknowledgement travels back; the room then knows what reached the centre
    back = s.hand_back()
    ack = s.room.handover.import_bundle(s.room_admin, back)
    assert ack.acknowledged_seq == 1 and not ack.conflicts
    after = s.room.handover.status()
    assert after.last_acknowledged_at is not None and after.pending_changes == 0 and after.days_since == 0


def test_the_same_bundle_twice_changes_nothing_and_says_so(sites: Sites) -> None:
    make_case(sites.room, sites.room_admin, assigned=False)
    bundle = sites.hand_over()
    sites.centre.handover.import_bundle(sites.centre_admin, bundle)
    head = sites.centre.audit_log.verify(None).head_seq
    again = sites.centre.handover.import_bundle(sites.centre_admin, bundle)
    assert again.already_imported and not again.new and not again.updated
    assert sites.centre.audit_log.verify(None).head_seq == head  # not even an audit entry


def test_an_unacknowledged_hand_over_is_made_again_whole_and_applies_once(sites: Sites) -> None:
    case_id = make_case(sites.room, sites.room_admin, assigned=False)
    one = sites.hand_over("one.mdh")
    sites.room.intake.set_title(sites.room_admin, case_id, "改过的卷名")
    two = sites.hand_over("two.mdh")  # covers bundle 1 too: the centre never acknowledged it
    report = sites.centre.handover.import_bundle(sites.centre_admin, two)
    assert len(report.new) == 1
    assert sites.centre.cases.detail(sites.room_actor_at_centre(), case_id).title == "改过的卷名"
    try:
        sites.centre.handover.import_bundle(sites.centre_admin, one)
    except BundleRefused as exc:
        assert "older than bundle 2" in exc.message
    else:
        raise AssertionError("an older bundle after a newer one was applied")


def test_handed_over_cases_count_in_the_centres_statistics(any_sites: Sites) -> None:
    """Imported cases reach the centre's monthly counts (the report never loops over cases)."""
    from mediation_app.domain.statistics import Period

    s = any_sites
    make_case(s.room, s.room_admin)
    make_case(s.room, s.room_admin)
    year = Period.parse(str(s.room.clock.today().year))
    here = s.room.stats.compute(s.room_admin, year).value("level_total", "total")
    assert here == 2
    s.centre.handover.import_bundle(s.centre_admin, s.hand_over())
    actor = s.room_actor_at_centre()
    there = s.centre.stats.compute(actor, year)
    assert there.value("level_total", "total") == here
    cell = s.centre.stats.cell_cases(actor, year, "total", "total")
    assert len(cell.case_ids) == 2
    # handing the same cases over again (updated) moves nothing twice
    s.room.intake.set_title(s.room_admin, cell.case_ids[0], "马福海与李建国苹果货款纠纷")
    s.centre.handover.import_bundle(s.centre_admin, s.hand_over("2.mdh"))
    assert s.centre.stats.compute(actor, year).value("level_total", "total") == 2


def test_a_dry_run_tells_a_changed_case_from_an_unchanged_one_and_from_a_conflict(any_sites: Sites) -> None:
    s = any_sites
    make_case(s.room, s.room_admin, assigned=False)
    changed = make_case(s.room, s.room_admin, assigned=False)
    s.room.intake.set_title(s.room_admin, changed, "牦牛皮收购纠纷")
    s.centre.handover.import_bundle(s.centre_admin, s.hand_over("one.mdh"))
    found = s.centre.cases.list_cases(s.room_actor_at_centre(), CaseFilter(text="牦牛皮")).rows
    assert [r.id for r in found] == [changed]  # the new cases are in the centre's search index
    s.room.intake.set_title(s.room_admin, changed, "改过的卷名")
    number = s.room.cases.detail(s.room_admin, changed).number
    dry = s.centre.handover.import_bundle(s.centre_admin, s.hand_over("two.mdh"), dry_run=True)
    assert [c.number for c in dry.updated] == [number] and dry.unchanged == 1 and not dry.conflicts
    s.centre.intake.set_title(s.room_actor_at_centre(), changed, "中心改的卷名")  # now changed at both ends
    dry = s.centre.handover.import_bundle(s.centre_admin, s.hand_over("three.mdh"), dry_run=True)
    assert [c.number for c in dry.conflicts] == [number] and dry.unchanged == 1 and not dry.updated
    assert s.centre.cases.detail(s.room_actor_at_centre(), changed).title == "中心改的卷名"  # a dry run writes nothing


def test_a_handed_over_agreement_is_reminded_at_the_centre(any_sites: Sites) -> None:
    """What falls due in a case is derived where the case is kept, never sent: the centre's Today
    lists the room's instalments and follow-up visit as the room's does."""
    import datetime as dt

    from tests.services.test_due_items import kept_and_derived
    from tests.services.test_followup import effective_agreement

    s = any_sites
    case_id = make_case(s.room, s.room_admin)
    effective_agreement(s.room, s.room_admin, case_id)
    s.centre.handover.import_bundle(s.centre_admin, s.hand_over())
    actor = s.room_actor_at_centre()
    for site in (s.room, s.centre):
        site.clock.set(site.clock.today() + dt.timedelta(days=400))

    def items(site, who) -> set:
        today = site.overview.today(who, page=50)
        return {(d.case_id, d.kind, d.due_on) for d in today.overdue.items if d.case_id == case_id}

    here = items(s.room, s.room_admin)
    assert {k for _, k, _ in here} >= {"obligation", "follow_up"}
    assert items(s.centre, actor) == here
    kept, derived = kept_and_derived(s.centre)
    assert kept == derived
