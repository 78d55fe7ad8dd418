"""The rules behind reminders and guards, through the services, with the reason the user reads."""

from __future__ import annotations

import datetime as dt

import pytest

from mediation_app.domain.enums import (
    ConfirmationOutcome,
    ConsentKind,
    DisputeType,
    ExecutionMethod,
    MeetingOutcome,
    PerformanceStatus,
)
from mediation_app.services.agreements import AgreementInput, ObligationInput
from mediation_app.services.errors import GuardRefused, ValidationFailed
from mediation_app.services.intake import QuickEntryInput
from mediation_app.services.meetings import MeetingInput
from mediation_app.services.parties import PartyInput
from mediation_app.services.read_models import CaseFilter
from tests.factories import TODAY, family_case_input, make_case, market_case_input
from tests.services.test_followup import effective_agreement, hold_meeting


def _meeting(svc, admin, case_id, **kw) -> MeetingInput:
    links = tuple(p.link_id for p in svc.cases.detail(admin, case_id).parties)
    base = dict(place="调解室", party_links_present=links, mediator_ids_present=(admin.mediator_id,),
                record_text="双方陈述。", outcome=MeetingOutcome.CONTINUE)
    base.update(kw)
    return MeetingInput(**base)


def _consent_extension(svc, admin, case_id, only_first: bool = False) -> None:
    parties = svc.cases.detail(admin, case_id).parties
    for p in parties[:1] if only_first else parties:
        svc.parties.record_consent(admin, case_id, p.link_id, ConsentKind.EXTENSION_CONSENT)


# -- extensions --------------------------------------------------------------------------------
def test_an_agreed_extension_is_the_deadline_the_list_and_filter_read(services, admin) -> None:
    case_id = make_case(services, admin)  # accepted today: one month
    _consent_extension(services, admin, case_id)
    services.outcomes.extend_deadline(admin, case_id, dt.date(2026, 12, 20), "等待鉴定结论")
    services.clock.set(dt.date(2026, 12, 15))  # past the original deadline, within the extension
    row = next(r for r in services.cases.list_cases(admin).rows if r.id == case_id)
    assert (row.deadline_on, row.overdue) == (dt.date(2026, 12, 20), False)
    assert case_id not in {r.id for r in services.cases.list_cases(admin, CaseFilter(overdue_only=True)).rows}
    assert [i.message for i in services.cases.detail(admin, case_id).due] == [
        "Extended mediation deadline 2026-12-20 is in 5 days"]
    assert [d.message for d in services.overview.today(admin).due if d.case_id == case_id] == [
        "Extended mediation deadline 2026-12-20 is in 5 days"]
    services.clock.set(dt.date(2026, 12, 21))
    assert case_id in {r.id for r in services.cases.list_cases(admin, CaseFilter(overdue_only=True)).rows}


def test_each_extension_needs_its_own_consents(services, admin) -> None:
    case_id = make_case(services, admin)
    _consent_extension(services, admin, case_id)
    services.outcomes.extend_deadline(admin, case_id, dt.date(2026, 12, 20), "等待鉴定结论")
    with pytest.raises(GuardRefused) as exc:  # the consents of the first extension are used up
        services.outcomes.extend_deadline(admin, case_id, dt.date(2027, 1, 10), "鉴定延期")
    assert exc.value.reasons == [
        "Each extension needs every party's consent recorded for it; missing: 马福海、李建国."]
    _consent_extension(services, admin, case_id, only_first=True)
    with pytest.raises(GuardRefused, match="missing: 李建国.$"):
        services.outcomes.extend_deadline(admin, case_id, dt.date(2027, 1, 10), "鉴定延期")
    _consent_extension(services, admin, case_id)
    services.outcomes.extend_deadline(admin, case_id, dt.date(2027, 1, 10), "鉴定延期")
    assert services.cases.detail(admin, case_id).deadline_on == dt.date(2027, 1, 10)


# -- sessions, acceptance and registration ------------------------------------------------------
def test_a_recused_mediator_cannot_conduct_a_session(services, admin) -> None:
    case_id = make_case(services, admin)
    services.accounts.add_mediator(admin, "韩秀英")
    other = next(m for m in services.accounts.mediators(admin) if m.name == "韩秀英")
    detail = services.cases.detail(admin, case_id)
    services.assignment.request_recusal(admin, case_id, admin.mediator_id, "与被申请人是亲戚",
                                        requested_by_link=detail.parties[0].link_id)
    rec = services.cases.detail(admin, case_id).recusals[0]
    services.assignment.decide_recusal(admin, case_id, rec.id, grant=True, replacement_id=other.id)
    with pytest.raises(GuardRefused) as exc:
        services.meetings.record(admin, case_id, _meeting(services, admin, case_id))
    assert exc.value.reasons == ["马调解 has been recused from this case and cannot conduct its sessions."]
    assert services.cases.detail(admin, case_id).meetings == ()
    services.meetings.record(admin, case_id, _meeting(services, admin, case_id, mediator_ids_present=(other.id,)))


def test_a_session_cannot_be_dated_before_the_consents_or_in_the_future(services, admin) -> None:
    case_id = make_case(services, admin, consented=False)
    links = [p.link_id for p in services.cases.detail(admin, case_id).parties]
    services.clock.set(TODAY + dt.timedelta(days=3))
    services.parties.record_all_consents(admin, case_id)  # notice and consent on 11-05
    day_before = dt.datetime.combine(TODAY + dt.timedelta(days=2), dt.time(10)).astimezone()
    with pytest.raises(GuardRefused) as exc:
        services.meetings.record(admin, case_id, _meeting(services, admin, case_id, held_at=day_before))
    assert exc.value.reasons == [
        "The session is dated 2026-11-04, before 马福海 was given the rights notice and consented (2026-11-05).",
        "The session is dated 2026-11-04, before 李建国 was given the rights notice and consented (2026-11-05).",
    ]
    tomorrow = dt.datetime.combine(TODAY + dt.timedelta(days=4), dt.time(10)).astimezone()
    with pytest.raises(GuardRefused, match="The session is dated 2026-11-06, which is in the future."):
        services.meetings.record(admin, case_id, _meeting(services, admin, case_id, held_at=tomorrow))
    assert len(links) == 2 and services.cases.detail(admin, case_id).meetings == ()


def test_a_case_a_party_refused_cannot_be_accepted(services, admin) -> None:
    case_id = make_case(services, admin, accepted=False, consented=False, assigned=False)
    first = services.cases.detail(admin, case_id).parties[0]
    services.parties.record_consent(admin, case_id, first.link_id, ConsentKind.REFUSAL, note="不愿调解，要去法院起诉")
    with pytest.raises(GuardRefused) as exc:
        services.intake.accept(admin, case_id)
    assert exc.value.reasons == ["马福海 has refused mediation; the case can only be refused (not accepted)."]
    assert services.cases.detail(admin, case_id).status == "registered"


def test_acceptance_and_registration_dates_are_checked(services, admin) -> None:
    registered = TODAY - dt.timedelta(days=5)
    case_id = services.intake.register(admin, market_case_input(registered_on=registered)).created_id
    with pytest.raises(GuardRefused) as exc:
        services.intake.accept(admin, case_id, on=registered - dt.timedelta(days=3))
    assert exc.value.reasons == ["The acceptance date 2026-10-25 is before the case was registered (2026-10-28)."]
    with pytest.raises(GuardRefused, match="The acceptance date 2026-11-03 is in the future."):
        services.intake.accept(admin, case_id, on=TODAY + dt.timedelta(days=1))
    before = services.cases.count_cases(admin)
    with pytest.raises(ValidationFailed) as err:
        services.intake.register(admin, market_case_input(registered_on=dt.date(2027, 1, 4)))
    assert err.value.field_errors == {"registered_on": "The registration date 2027-01-04 is in the future; "
                                                       "register the case on the day it is received."}
    assert services.cases.count_cases(admin) == before  # and no 2027 number was issued
    services.intake.accept(admin, case_id, on=registered)


# -- quick entry ---------------------------------------------------------------------------------
QUICK = dict(
    parties=(PartyInput(name="冶永林", phone="13709712345"), PartyInput(name="沙国建", phone="18997123456")),
    dispute_type=DisputeType.CONSUMER, place="A区23号摊位", summary="买菜回秤少了半斤，双方争吵。",
)


def test_quick_entry_asks_for_the_routes_told(services, admin) -> None:
    with pytest.raises(ValidationFailed) as err:
        services.intake.quick_entry(admin, QuickEntryInput(**QUICK, outcome="not_settled"))
    assert err.value.field_errors == {
        "routes": "Tick the routes the parties were told of (court, arbitration, department …)."}
    changes = services.intake.quick_entry(admin, QuickEntryInput(**QUICK, outcome="not_settled",
                                                                 routes=("market_regulation",)))
    assert services.cases.detail(admin, changes.created_id).termination.routes == ("market_regulation",)


def test_quick_entry_prompts_a_written_agreement_for_later_performance(services, admin) -> None:
    terms = ("摊主三日内退还货款50元",)
    with pytest.raises(ValidationFailed) as err:
        services.intake.quick_entry(admin, QuickEntryInput(**QUICK, outcome="oral_agreement", agreement_terms=terms))
    assert err.value.field_errors == {"performed_on_the_spot": (
        "Say whether what was agreed was carried out on the spot (a payment due later calls for a written "
        "agreement).")}
    before = services.cases.count_cases(admin)
    with pytest.raises(ValidationFailed) as err:
        services.intake.quick_entry(admin, QuickEntryInput(**QUICK, outcome="oral_agreement", agreement_terms=terms,
                                                           performed_on_the_spot=False))
    assert err.value.warnings == {"performed_on_the_spot": (
        "Something agreed is still to be performed later; a written agreement is normally required "
        "(若干规定 Art. 34). Record it orally only if the parties do not want one.")}
    assert services.cases.count_cases(admin) == before
    changes = services.intake.quick_entry(admin, QuickEntryInput(
        **QUICK, outcome="oral_agreement", agreement_terms=terms, performed_on_the_spot=False, confirm_oral=True))
    assert services.cases.detail(admin, changes.created_id).status == "oral_agreement"


# -- agreements ----------------------------------------------------------------------------------
def test_an_undated_instalment_is_refused_by_the_checker(services, admin) -> None:
    case_id = make_case(services, admin)
    links = hold_meeting(services, admin, case_id)
    services.agreements.save_draft(admin, case_id, AgreementInput(
        facts="申请人购进苹果120箱，运输途中损坏38箱。", issues="余款如何支付。", terms=("申请人分两期支付余款。",),
        performance_method="银行转账", performance_place="西宁市", recorder_name="王书记",
        obligations=(ObligationInput(links[0], 1_000_000, dt.date(2026, 11, 15), links[1]),
                     ObligationInput(links[0], 640_000, None, links[1]))))
    check = services.agreements.check(admin, case_id)
    assert [i.message for i in check.missing] == ["Instalment 2 has no due date; give every instalment its own date"]
    with pytest.raises(GuardRefused) as exc:
        services.agreements.record_execution(admin, case_id, links[0], ExecutionMethod.SIGNATURE_AND_FINGERPRINT)
    assert "Instalment 2 has no due date; give every instalment its own date" in exc.value.reasons


def test_one_overall_deadline_without_instalments_is_followed_through(services, admin) -> None:
    case_id = make_case(services, admin)
    effective_agreement(services, admin, case_id, instalments=False)  # overall deadline 2026-12-15
    services.clock.set(dt.date(2026, 12, 12))
    assert [i.message for i in services.cases.detail(admin, case_id).due if i.kind != "confirmation"] == [
        "Performance deadline of the agreement 2026-12-15 is in 3 days",
        "Follow-up visit on performance due 2026-12-15 is in 3 days",
    ]
    assert services.followups.performance_status(case_id, admin) is PerformanceStatus.NOT_DUE
    services.clock.set(dt.date(2026, 12, 16))
    assert services.followups.performance_status(case_id, admin) is PerformanceStatus.NOT_PERFORMED
    services.followups.record_performance(admin, case_id, None, PerformanceStatus.PERFORMED, dt.date(2026, 12, 16))
    assert services.followups.performance_status(case_id, admin) is PerformanceStatus.PERFORMED
    assert "obligation" not in {i.kind for i in services.cases.detail(admin, case_id).due}


def test_enforcement_window_follows_confirmation_of_an_overall_deadline(services, admin) -> None:
    case_id = make_case(services, admin)
    effective_agreement(services, admin, case_id, instalments=False)
    app = services.confirmation.apply(admin, case_id, "西宁市城北区人民法院", "domicile", TODAY).created_id
    services.confirmation.record_outcome(admin, case_id, app, ConfirmationOutcome.CONFIRMED, TODAY,
                                         court_case_number="（2026）青0105民特88号")
    services.clock.set(dt.date(2028, 12, 10))
    assert [i.message for i in services.cases.detail(admin, case_id).due if i.kind == "enforcement"] == [
        "Last day to apply for enforcement of the agreement 2028-12-15 is in 5 days"]


def test_personal_status_sub_types_are_flagged_by_default_and_asked(services, admin) -> None:
    data = family_case_input()
    case_id = make_case(services, admin, data=type(data)(**{**data.__dict__, "subtype_code": "divorce_property"}))
    detail = services.cases.detail(admin, case_id)
    assert detail.personal_status_suggested
    links = hold_meeting(services, admin, case_id)
    draft = AgreementInput(facts="双方离婚后对共同财产分割发生争议。", issues="房屋归属。", terms=("房屋归女方所有。",),
                           performance_method="办理过户", performance_deadline=dt.date(2026, 12, 30),
                           recorder_name="王书记")
    services.agreements.save_draft(admin, case_id, draft)  # not said: flagged as the sub-type suggests
    assert services.cases.detail(admin, case_id).current_agreement.personal_status
    assert "agreement_not_confirmable" in {i.code for i in services.agreements.check(admin, case_id).warnings}
    services.agreements.save_draft(admin, case_id, type(draft)(**{**draft.__dict__, "personal_status": False}))
    warnings = {i.code: i.message for i in services.agreements.check(admin, case_id).warnings}
    assert warnings["agreement_personal_status_unconfirmed"] == (
        "Disputes of this sub-type usually concern marriage, adoption or another personal-status relation; "
        "confirm that this agreement does not, or flag it (a court will not confirm such an agreement)")
    assert len(links) == 2


# -- one user action, one transaction -----------------------------------------------------------
def _count_writes(services, monkeypatch) -> list[int]:
    calls = [0]
    original = services.db.write

    def counting(*args, **kwargs):
        calls[0] += 1
        return original(*args, **kwargs)

    monkeypatch.setattr(services.db, "write", counting)
    return calls


def test_recording_every_consent_is_one_transaction(services, admin, monkeypatch) -> None:
    case_id = make_case(services, admin, consented=False)
    calls = _count_writes(services, monkeypatch)
    services.parties.record_all_consents(admin, case_id)
    assert calls == [1]
    assert {(p.notice_given_on, p.consent) for p in services.cases.detail(admin, case_id).parties} == {
        (TODAY, "consent")}


def test_the_intake_form_is_saved_whole_or_not_at_all(services, admin, monkeypatch) -> None:
    from mediation_app.domain.enums import NoticeForm
    from mediation_app.services.intake import Refusal

    before = services.cases.count_cases(admin)
    with pytest.raises(ValidationFailed) as err:
        services.intake.register(admin, market_case_input(), consents=NoticeForm.WRITTEN,
                                 refusal=Refusal("already_handled", ()))
    assert err.value.field_errors == {
        "routes": "Record where the party was told to go (court, arbitration, department …)."}
    assert services.cases.count_cases(admin) == before  # no half-saved case
    calls = _count_writes(services, monkeypatch)
    changes = services.intake.register(admin, market_case_input(), accept=True, consents=NoticeForm.WRITTEN)
    assert calls == [1]
    detail = services.cases.detail(admin, changes.created_id)
    assert detail.status == "accepted" and {p.consent for p in detail.parties} == {"consent"}
