"""Every guard of domain.md §8 refuses with its reason, and nothing is half-saved."""

from __future__ import annotations

import datetime as dt

import pytest

from mediation_app.domain.enums import (
    ConsentKind,
    DisputeType,
    ExecutionMethod,
    MeetingOutcome,
    Role,
    TerminationKind,
)
from mediation_app.services.agreements import AgreementInput
from mediation_app.services.errors import (
    AuthenticationFailed,
    GuardRefused,
    PermissionDenied,
    ValidationFailed,
)
from mediation_app.services.intake import QuickEntryInput
from mediation_app.services.meetings import MeetingInput
from mediation_app.services.parties import PartyInput
from tests.factories import BUYER, make_case, market_case_input
from tests.services.conftest import PASSWORD


def _meeting(svc, admin, case_id) -> MeetingInput:
    links = tuple(p.link_id for p in svc.cases.detail(admin, case_id).parties)
    return MeetingInput(place="调解室", party_links_present=links, mediator_ids_present=(admin.mediator_id,),
                        record_text="双方陈述。", outcome=MeetingOutcome.CONTINUE)


def test_no_session_before_consent_and_rights_notice(services, admin) -> None:
    case_id = make_case(services, admin, consented=False)
    with pytest.raises(GuardRefused) as exc:
        services.meetings.record(admin, case_id, _meeting(services, admin, case_id))
    reasons = "\n".join(exc.value.reasons)
    assert "The rights notice has not been recorded for 马福海." in reasons
    assert "李建国 has not consented to mediation yet." in reasons
    assert services.cases.detail(admin, case_id).meetings == ()


def test_a_party_refusing_blocks_mediation_and_agreement(services, admin) -> None:
    case_id = make_case(services, admin, consented=False)
    detail = services.cases.detail(admin, case_id)
    buyer, seller = detail.parties
    services.parties.record_all_consents(admin, case_id)
    services.parties.record_consent(admin, case_id, seller.link_id, ConsentKind.REFUSAL, note="不愿意调解，要去法院")
    with pytest.raises(GuardRefused, match="李建国 has refused mediation; the case can only be refused or terminated"):
        services.meetings.record(admin, case_id, _meeting(services, admin, case_id))
    with pytest.raises(GuardRefused, match="has refused mediation"):
        services.meetings.schedule(admin, case_id, MeetingInput(place="调解室", scheduled_at=dt.datetime(
            2026, 11, 9, 9, tzinfo=dt.UTC)))
    detail = services.cases.detail(admin, case_id)
    assert detail.blocked["record_meeting"] and not detail.blocked["terminate"]
    services.outcomes.terminate(admin, case_id, "一方拒绝调解", ("lawsuit",), kind=TerminationKind.NO_CONSENT)
    assert services.cases.detail(admin, case_id).status == "terminated"


def test_refusal_needs_reason_and_routes(services, admin) -> None:
    case_id = make_case(services, admin, accepted=False, consented=False, assigned=False)
    with pytest.raises(ValidationFailed) as exc:
        services.intake.refuse(admin, case_id, "", ())
    assert exc.value.field_errors == {
        "reason": "Choose the reason for not accepting the case.",
        "routes": "Record where the party was told to go (court, arbitration, department …).",
    }
    services.intake.refuse(admin, case_id, "already_handled", ("lawsuit",))
    detail = services.cases.detail(admin, case_id)
    assert detail.status == "refused" and detail.refusal_routes == ("lawsuit",)


def test_termination_needs_reason_routes_and_a_complete_police_report(services, admin) -> None:
    case_id = make_case(services, admin)
    with pytest.raises(ValidationFailed) as exc:
        services.outcomes.terminate(admin, case_id, "", (), reported_to="朝阳派出所")
    assert set(exc.value.field_errors) == {"reason", "routes", "reported_to"}
    assert services.cases.detail(admin, case_id).status == "accepted"  # nothing half-saved
    services.outcomes.terminate(admin, case_id, "双方分歧大", ("lawsuit", "market_regulation"))
    detail = services.cases.detail(admin, case_id)
    assert detail.termination.routes == ("lawsuit", "market_regulation")


def test_recused_mediator_cannot_preside(services, admin) -> None:
    case_id = make_case(services, admin)
    services.accounts.add_mediator(admin, "韩秀英")
    other = next(m for m in services.accounts.mediators(admin) if m.name == "韩秀英")
    detail = services.cases.detail(admin, case_id)
    services.assignment.request_recusal(admin, case_id, admin.mediator_id, "与被申请人是亲戚",
                                        requested_by_link=detail.parties[0].link_id)
    rec = services.cases.detail(admin, case_id).recusals[0]
    with pytest.raises(ValidationFailed, match="Choose the replacement presiding mediator"):
        services.assignment.decide_recusal(admin, case_id, rec.id, grant=True)
    services.assignment.decide_recusal(admin, case_id, rec.id, grant=True, replacement_id=other.id)
    detail = services.cases.detail(admin, case_id)
    assert detail.presiding_mediator == "韩秀英"
    with pytest.raises(GuardRefused, match="was recused from the case and cannot be assigned again"):
        services.assignment.assign(admin, case_id, admin.mediator_id)


def test_conflict_check_flags_a_mediator_who_is_a_party(services, admin) -> None:
    case_id = make_case(services, admin, assigned=False)
    services.accounts.add_mediator(admin, "李建国", phone="0971-6123456")
    conflicted = next(m for m in services.accounts.mediators(admin) if m.name == "李建国")
    with pytest.raises(GuardRefused, match="李建国 is a party to this case"):
        services.assignment.assign(admin, case_id, conflicted.id)


def test_incomplete_agreement_cannot_be_executed(services, admin) -> None:
    case_id = make_case(services, admin)
    services.meetings.record(admin, case_id, _meeting(services, admin, case_id))
    services.agreements.save_draft(admin, case_id, AgreementInput(facts="", issues="货款", terms=("付款",)))
    detail = services.cases.detail(admin, case_id)
    missing = " ".join(detail.current_agreement.missing)
    assert "facts" in missing.lower() and "deadline" in missing.lower()
    with pytest.raises(GuardRefused, match="The agreement is incomplete and cannot be signed"):
        services.agreements.record_execution(admin, case_id, detail.parties[0].link_id, ExecutionMethod.SIGNATURE)


def test_extension_needs_every_partys_consent(services, admin) -> None:
    case_id = make_case(services, admin)
    detail = services.cases.detail(admin, case_id)
    services.parties.record_consent(admin, case_id, detail.parties[0].link_id, ConsentKind.EXTENSION_CONSENT)
    with pytest.raises(GuardRefused, match="missing: 李建国"):
        services.outcomes.extend_deadline(admin, case_id, dt.date(2026, 12, 20), "等待鉴定")
    services.parties.record_consent(admin, case_id, detail.parties[1].link_id, ConsentKind.EXTENSION_CONSENT)
    services.outcomes.extend_deadline(admin, case_id, dt.date(2026, 12, 20), "等待鉴定")
    assert services.cases.detail(admin, case_id).deadline_on == dt.date(2026, 12, 20)


def test_oral_agreement_refused_when_a_party_asks_for_writing(services, admin) -> None:
    case_id = make_case(services, admin)
    services.meetings.record(admin, case_id, _meeting(services, admin, case_id))
    with pytest.raises(GuardRefused, match="asked for a written agreement"):
        services.agreements.record_oral(admin, case_id, ("退还押金",), "押金", party_asked_written=True)
    with pytest.raises(ValidationFailed, match="written agreement is normally required"):
        services.agreements.record_oral(admin, case_id, ("退还押金",), "押金", has_civil_obligations=True)
    services.agreements.record_oral(admin, case_id, ("当场退还押金500元",), "押金", has_civil_obligations=True,
                                    confirm_oral=True)
    assert services.cases.detail(admin, case_id).status == "oral_agreement"


def test_bad_id_number_is_explained_and_nothing_is_saved(services, admin, tmp_path) -> None:
    bad = PartyInput(name="马福海", id_number="620102198507153316", phone="13893126688")
    with pytest.raises(ValidationFailed) as exc:
        services.intake.register(admin, market_case_input(parties=(bad,)))
    assert exc.value.field_errors["parties.0.id_number"].startswith("Check digit should be 4, not 6")
    from mediation_app.services.read_models import CaseFilter

    assert services.cases.count_cases(admin, CaseFilter()) == 0
    assert services.parties.find_duplicates(admin, PartyInput(name="马福海", phone="13893126688")) == []


def test_messages_come_in_the_users_language(services, admin) -> None:
    from mediation_app.i18n import set_language

    set_language("zh_CN")
    bad = PartyInput(name="", phone="12345678901")
    with pytest.raises(ValidationFailed) as exc:
        services.intake.register(admin, market_case_input(parties=(bad,)))
    text = "".join(exc.value.field_errors.values())
    assert any("\u4e00" <= ch <= "\u9fff" for ch in text), text


def test_duplicate_parties_are_suggested(services, admin) -> None:
    make_case(services, admin)
    same_id = services.parties.find_duplicates(admin, PartyInput(name="马富海", id_number=BUYER.id_number))
    assert [(d.name, d.reason, d.case_count) for d in same_id] == [("马福海", "Same ID number", 1)]
    same_phone = services.parties.find_duplicates(admin, PartyInput(name="马福海", phone="+86 138 9312 6688"))
    assert same_phone and same_phone[0].reason == "Same name and phone"


def test_quick_entry_makes_an_oral_agreement_in_one_step(services, admin) -> None:
    changes = services.intake.quick_entry(admin, QuickEntryInput(
        parties=(PartyInput(name="冶永林", phone="13709712345"), PartyInput(name="沙国建", phone="18997123456")),
        dispute_type=DisputeType.CONSUMER, place="A区23号摊位", summary="买菜回秤少了半斤，双方争吵。",
        outcome="oral_agreement", agreement_terms=("摊主当场补足分量并道歉",), performed_on_the_spot=True))
    detail = services.cases.detail(admin, changes.created_id)
    assert detail.status == "oral_agreement" and detail.quick_entry
    assert detail.agreements[0].form == "oral" and detail.agreements[0].terms == ("摊主当场补足分量并道歉",)
    assert detail.presiding_mediator == "马调解"


def test_roles_and_sign_in(services, admin) -> None:
    services.accounts.create_user(admin, "audit", "审计2026-pass", "审计员", Role.AUDITOR)
    auditor = services.accounts.authenticate("audit", "审计2026-pass")
    with pytest.raises(PermissionDenied, match="may not register cases"):
        services.intake.register(auditor, market_case_input())
    for _ in range(5):
        with pytest.raises(AuthenticationFailed, match="Wrong user name or password"):
            services.accounts.authenticate("admin", "wrong")
    with pytest.raises(AuthenticationFailed, match="locked"):
        services.accounts.authenticate("admin", PASSWORD)


def test_conflict_check_names_a_party_the_mediator_met_in_an_earlier_case(services, admin) -> None:
    """Found from the case's own parties (not by reading every party of the mediator's cases): the
    party of an earlier case this mediator handled is named, a party never met is not, and the case
    being assigned does not count as an earlier one."""
    from dataclasses import replace

    from tests.factories import STALLHOLDER

    first = make_case(services, admin)  # presided by the administrator's own mediator record
    buyer = next(p for p in services.cases.detail(admin, first).parties if p.name == BUYER.name)
    again = make_case(services, admin, assigned=False, data=market_case_input(parties=(
        replace(BUYER, existing_party_id=buyer.party_id), replace(STALLHOLDER, name="韩永福", phone="13997001122",
                                                                   id_number="", stall_number="C-021"))))
    found = [f.reason for f in services.assignment.conflicts(admin, again, admin.mediator_id)]
    assert found == [f"{admin.display_name} mediated an earlier case involving {BUYER.name}; check impartiality."]
    with pytest.raises(GuardRefused, match="mediated an earlier case involving 马福海"):
        services.assignment.assign(admin, again, admin.mediator_id)
    services.assignment.assign(admin, again, admin.mediator_id, override_reason="当事人同意由原调解员继续调解")
    strangers = make_case(services, admin, assigned=False, data=market_case_input(parties=(
        replace(BUYER, name="才让东周", id_number="", phone="13709710001"),
        replace(STALLHOLDER, name="韩永福", phone="13997001122", id_number="", stall_number="C-021"))))
    assert services.assignment.conflicts(admin, strangers, admin.mediator_id) == []
