"""The same record changed at both ends: nothing is overwritten; both versions are kept and listed
field by field; a person settles it; the settlement is audited and travels back."""

from __future__ import annotations

from tests.factories import make_case
from tests.services.handover.conftest import Sites


def _edited_at_both_ends(s: Sites) -> tuple[object, str]:
    case_id = make_case(s.room, s.room_admin, assigned=False)
    s.centre.handover.import_bundle(s.centre_admin, s.hand_over("1.mdh"))
    s.room.handover.import_bundle(s.room_admin, s.hand_back("ack1.mdh"))
    s.room.intake.set_title(s.room_admin, case_id, "市场里改的卷名")
    s.centre.intake.set_title(s.room_actor_at_centre(), case_id, "中心改的卷名")
    return case_id, s.room.cases.detail(s.room_admin, case_id).number


def test_same_case_edited_at_both_ends_keeps_both_and_lists_them(any_sites: Sites) -> None:
    s = any_sites
    case_id, number = _edited_at_both_ends(s)
    report = s.centre.handover.import_bundle(s.centre_admin, s.hand_over("2.mdh"))
    assert [c.number for c in report.conflicts] == [number]
    actor = s.room_actor_at_centre()
    assert s.centre.cases.detail(actor, case_id).title == "中心改的卷名"  # not overwritten
    [conflict] = s.centre.handover.conflicts(s.centre_admin)
    assert conflict.case_number == number and conflict.record == "mediation_case" and conflict.kind == "changed"
    title = next(f for f in conflict.fields if f.name == "title")
    assert (title.local, title.incoming, title.differs) == ("中心改的卷名", "市场里改的卷名", True)
    assert not next(f for f in conflict.fields if f.name == "number").differs

    # the centre's own change goes back; the room sees the same conflict from its side
    back = s.room.handover.import_bundle(s.room_admin, s.hand_back("back2.mdh"))
    assert [c.number for c in back.conflicts] == [number]
    assert s.room.cases.detail(s.room_admin, case_id).title == "市场里改的卷名"

    # the centre settles it (merge: the room's title), audited; the settlement travels back
    s.centre.handover.resolve(s.centre_admin, conflict.id, keep="merge", fields={"title": "incoming"})
    assert s.centre.cases.detail(actor, case_id).title == "市场里改的卷名"
    assert s.centre.handover.conflict_count() == 0
    settled = s.room.handover.import_bundle(s.room_admin, s.hand_back("back3.mdh"))
    assert not settled.conflicts
    assert s.room.handover.conflict_count() == 0  # closed there too: settled at the centre
    assert s.room.cases.detail(s.room_admin, case_id).title == "市场里改的卷名"
    # and the next hand-over from the room finds both ends agreeing
    final = s.centre.handover.import_bundle(s.centre_admin, s.hand_over("3.mdh"))
    assert not final.conflicts and s.centre.handover.conflict_count() == 0


def test_keeping_our_side_sends_it_back_to_replace_theirs(sites: Sites) -> None:
    s = sites
    case_id, number = _edited_at_both_ends(s)
    s.centre.handover.import_bundle(s.centre_admin, s.hand_over("2.mdh"))
    [conflict] = s.centre.handover.conflicts(s.centre_admin)
    s.centre.handover.resolve(s.centre_admin, conflict.id, keep="local")
    s.room.handover.import_bundle(s.room_admin, s.hand_back("back2.mdh"))
    assert s.room.cases.detail(s.room_admin, case_id).title == "中心改的卷名"
    assert s.room.handover.conflict_count() == 0


def test_a_change_at_one_end_only_is_applied_without_conflict(any_sites: Sites) -> None:
    s = any_sites
    case_id = make_case(s.room, s.room_admin, assigned=False)
    s.centre.handover.import_bundle(s.centre_admin, s.hand_over("1.mdh"))
    s.room.handover.import_bundle(s.room_admin, s.hand_back("ack1.mdh"))
    # the centre changes the case (e.g. a new title); the room did not touch it
    s.centre.intake.set_title(s.room_actor_at_centre(), case_id, "中心统一的卷名")
    report = s.room.handover.import_bundle(s.room_admin, s.hand_back("back2.mdh"))
    assert not report.conflicts and len(report.updated) == 1
    assert s.room.cases.detail(s.room_admin, case_id).title == "中心统一的卷名"
    # the room then edits another field; the centre takes it without conflict
    s.room.intake.set_title(s.room_admin, case_id, "市场又改")
    again = s.centre.handover.import_bundle(s.centre_admin, s.hand_over("2.mdh"))
    assert not again.conflicts and len(again.updated) == 1


def test_a_room_change_before_any_reply_from_the_centre_is_an_update_not_a_conflict(any_sites: Sites) -> None:
    s = any_sites
    case_id = make_case(s.room, s.room_admin, assigned=False)
    s.centre.handover.import_bundle(s.centre_admin, s.hand_over("1.mdh"))
    # no bundle back yet: the room goes on working and hands over again
    s.room.intake.set_title(s.room_admin, case_id, "市场第二次改的卷名")
    report = s.centre.handover.import_bundle(s.centre_admin, s.hand_over("2.mdh"))
    assert not report.conflicts and s.centre.handover.conflict_count() == 0
    assert len(report.updated) == 1
    assert s.centre.cases.detail(s.room_actor_at_centre(), case_id).title == "市场第二次改的卷名"
    # a change at the centre after that import is still never overwritten silently
    s.centre.intake.set_title(s.room_actor_at_centre(), case_id, "中心改的卷名")
    s.room.intake.set_title(s.room_admin, case_id, "市场第三次改的卷名")
    third = s.centre.handover.import_bundle(s.centre_admin, s.hand_over("3.mdh"))
    assert len(third.conflicts) == 1
    assert s.centre.cases.detail(s.room_actor_at_centre(), case_id).title == "中心改的卷名"


def test_attachments_arrive_by_content_hash(any_sites: Sites) -> None:
    s = any_sites
    case_id = make_case(s.room, s.room_admin, assigned=False)
    data = b"%PDF-1.4 scanned receipt " + bytes(range(256)) * 100
    scan = s.tmp / "收据.pdf"
    scan.write_bytes(data)
    s.room.meetings.add_evidence(s.room_admin, case_id, scan, "收据")
    report = s.centre.handover.import_bundle(s.centre_admin, s.hand_over())
    assert report.files == 1
    actor = s.room_actor_at_centre()
    [evidence] = s.centre.cases.detail(actor, case_id).evidence
    mime, content = s.centre.meetings.evidence_bytes(actor, case_id, evidence.id)
    assert content == data and mime == "application/pdf"


def test_records_removed_at_the_room_are_removed_at_the_centre(any_sites: Sites) -> None:
    """Rewriting an agreement's terms deletes the old term records: the centre ends with the new ones only."""
    from mediation_app.domain.enums import MeetingOutcome
    from mediation_app.services.agreements import AgreementInput
    from mediation_app.services.meetings import MeetingInput

    s = any_sites
    case_id = make_case(s.room, s.room_admin)
    links = tuple(p.link_id for p in s.room.cases.detail(s.room_admin, case_id).parties)
    s.room.meetings.record(s.room_admin, case_id, MeetingInput(
        place="调解室", party_links_present=links, mediator_ids_present=(s.room_admin.mediator_id,),
        record_text="双方陈述。", outcome=MeetingOutcome.CONTINUE))
    s.room.agreements.save_draft(s.room_admin, case_id, AgreementInput(
        facts="货款争议。", issues="货款", terms=("核减货款7,600元。", "余款分两期支付。")))
    s.centre.handover.import_bundle(s.centre_admin, s.hand_over("1.mdh"))
    actor = s.room_actor_at_centre()
    assert s.centre.cases.detail(actor, case_id).current_agreement.terms == ("核减货款7,600元。", "余款分两期支付。")
    s.room.agreements.save_draft(s.room_admin, case_id, AgreementInput(
        facts="货款争议。", issues="货款", terms=("余款16,400元于2026年12月15日前一次付清。",)))
    report = s.centre.handover.import_bundle(s.centre_admin, s.hand_over("2.mdh"))
    assert not report.conflicts and len(report.updated) == 1
    assert s.centre.cases.detail(actor, case_id).current_agreement.terms == ("余款16,400元于2026年12月15日前一次付清。",)


def test_the_conflict_lists_fields_by_their_labels_and_values_as_read(any_sites: Sites) -> None:
    from mediation_app.domain.enums import CaseStatus

    s = any_sites
    case_id = make_case(s.room, s.room_admin)  # assigned: a presiding mediator
    s.centre.handover.import_bundle(s.centre_admin, s.hand_over("1.mdh"))
    s.room.handover.import_bundle(s.room_admin, s.hand_back("ack1.mdh"))
    s.room.intake.set_title(s.room_admin, case_id, "市场里改的卷名")
    s.centre.intake.set_title(s.room_actor_at_centre(), case_id, "中心改的卷名")
    s.centre.handover.import_bundle(s.centre_admin, s.hand_over("2.mdh"))
    [conflict] = s.centre.handover.conflicts(s.centre_admin)
    assert conflict.record_label == "Case"
    fields = {f.name: f for f in conflict.fields}
    assert fields["title"].label == "Case title" and fields["title"].differs
    detail = s.room.cases.detail(s.room_admin, case_id)
    status = fields["status"]
    assert status.label == "Status" and status.local == CaseStatus(detail.status).label() != detail.status
    assert fields["dispute_type"].local and fields["dispute_type"].local != "contract"
    assert fields["registered_on"].label == "Registered on"
    assert fields["registered_on"].local == detail.registered_on.isoformat()
    presiding = fields["presiding_mediator_id"]
    assert presiding.label == "Presiding mediator" and presiding.local and presiding.local == presiding.incoming
    assert len(presiding.local) < 32 and presiding.local != "(not on this site)"  # a name, not an id
    assert fields["migrant_wages"].local in ("Yes", "No")
    # ids, change times and search keys are not shown; every field shown has a word, not a key
    assert "id" not in fields and "updated_at" not in fields and "search_id" not in fields
    assert all(f.label != f.name and "_" not in f.label and f.label != "Other detail" for f in conflict.fields)


def test_every_field_that_travels_has_a_label_or_is_never_shown() -> None:
    from mediation_app.domain.record_fields import field_label, record_label
    from mediation_app.storage.handover import rows as R

    for table in R.ALL_TABLES:
        assert record_label(table) != "Other record", table
        unlabelled = [c for c in R.CODECS[table].columns if field_label(table, c) == "Other detail"]
        assert not unlabelled, (table, unlabelled)


def test_a_settled_conflict_moves_the_centres_statistics_with_the_case(any_sites: Sites) -> None:
    """Settling writes the kept version straight into the row: the case's statistics facts and the
    monthly counts follow it, as a rebuild of the counts from every case shows."""
    from mediation_app.domain.statistics import Period
    from mediation_app.services.stats.recording import CaseFactsInput
    from mediation_app.storage.stats_facts import summarise_bulk

    s = any_sites
    case_id = make_case(s.room, s.room_admin, assigned=False)
    s.room.stats_recording.set_case_facts(s.room_admin, case_id, CaseFactsInput(complexity="ordinary"))
    s.centre.handover.import_bundle(s.centre_admin, s.hand_over("1.mdh"))
    s.room.handover.import_bundle(s.room_admin, s.hand_back("ack1.mdh"))
    s.room.stats_recording.set_case_facts(s.room_admin, case_id, CaseFactsInput(complexity="difficult"))
    actor = s.room_actor_at_centre()
    s.centre.intake.set_title(actor, case_id, "中心改的卷名")
    s.centre.handover.import_bundle(s.centre_admin, s.hand_over("2.mdh"))
    [conflict] = s.centre.handover.conflicts(s.centre_admin)
    year = Period.parse(str(s.centre.clock.today().year))
    before = s.centre.stats.compute(actor, year).values
    s.centre.handover.resolve(s.centre_admin, conflict.id, keep="incoming")
    after = s.centre.stats.compute(actor, year).values
    assert after != before  # the room's "difficult" counts now
    with s.centre.db.write() as session:
        summarise_bulk(session)  # the monthly counts again, from every case as it stands
    assert s.centre.stats.compute(actor, year).values == after


def test_a_conflict_shows_personal_numbers_whole_only_to_who_may_reveal_them(any_sites: Sites) -> None:
    import dataclasses

    from mediation_app.domain.permissions import Perm
    from tests.factories import BUYER

    s = any_sites
    case_id = make_case(s.room, s.room_admin, assigned=False)
    s.centre.handover.import_bundle(s.centre_admin, s.hand_over("1.mdh"))
    s.room.handover.import_bundle(s.room_admin, s.hand_back("ack1.mdh"))
    link = next(p.link_id for p in s.room.cases.detail(s.room_admin, case_id).parties if p.name == BUYER.name)
    s.room.parties.update_party(s.room_admin, case_id, link, dataclasses.replace(BUYER, phone="13997001111"))
    s.centre.parties.update_party(s.room_actor_at_centre(), case_id, link,
                                  dataclasses.replace(BUYER, phone="13997002222"))
    s.centre.handover.import_bundle(s.centre_admin, s.hand_over("2.mdh"))

    def phone(actor):
        [conflict] = [c for c in s.centre.handover.conflicts(actor) if c.record == "party"]
        return next(f for f in conflict.fields if f.name == "phone")

    # the centre's administrator settles hand-overs but may not reveal a party's numbers: masked, and
    # which side differs still shows
    admin = s.centre_admin
    with s.centre.db.read() as session:
        from mediation_app.storage.models import CaseRecord

        assert s.centre.handover.case_denial(session, admin, session.get(CaseRecord, case_id), Perm.REVEAL_ID)
    shown = phone(admin)
    assert shown.differs and (shown.local, shown.incoming) == ("139****2222", "139****1111")
