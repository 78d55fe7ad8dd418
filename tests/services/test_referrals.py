"""Referral slips (交办单): numbering, forward-only statuses with feedback, supervision log."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import select

from mediation_app import i18n
from mediation_app.domain.enums import ReferralStatus
from mediation_app.services import Services
from mediation_app.services.context import Actor
from mediation_app.services.errors import GuardRefused, NotFound, ValidationFailed
from mediation_app.services.referrals import ReferralService, log_label
from mediation_app.storage.models import AuditRecord, ReferralLogRecord, ReferralRecord
from tests.factories import TODAY, make_case
from tests.services.test_followup import english

MARKET_OFFICE = "城北区市场监督管理局"


@pytest.fixture
def referrals(services: Services) -> ReferralService:
    return ReferralService(services.db, services.clock)


def issue_weights_slip(referrals: ReferralService, admin: Actor, case_id: uuid.UUID | None) -> uuid.UUID:
    changes = referrals.issue(
        admin,
        case_id,
        MARKET_OFFICE,
        "摊位电子秤疑似被改动，买方称缺斤短两，需计量复核。",
        deadline=dt.date(2026, 11, 9),
        instructions="请于7日内派员复秤并反馈结果。",
    )
    assert changes.created_id is not None
    return changes.created_id


def log_of(services: Services, referral_id: uuid.UUID) -> list[tuple[str, str | None]]:
    with services.db.read() as s:
        return [
            (r.status, r.note)
            for r in s.scalars(
                select(ReferralLogRecord)
                .where(ReferralLogRecord.referral_id == referral_id)
                .order_by(ReferralLogRecord.created_at)
            )
        ]


def test_issue_numbers_slips_from_the_committee_pattern(services, admin, referrals) -> None:
    case_id = make_case(services, admin)
    first = referrals.issue(
        admin, case_id, MARKET_OFFICE, "缺斤短两，需计量复核。", deadline=dt.date(2026, 11, 9)
    )
    second = referrals.issue(
        admin,
        None,
        "城北区交通运输局",
        "外地货车司机与装卸工运费纠纷，涉及运输资质。",
        from_unit="集散中心综治中心点",
    )
    assert (first.number, second.number) == ("客商交办字〔2026〕第001号", "客商交办字〔2026〕第002号")
    assert first.case_ids == frozenset({case_id}) and second.case_ids == frozenset()
    with services.db.read() as s:
        rec = s.get(ReferralRecord, first.created_id)
        assert (rec.case_id, rec.to_department, rec.status, rec.issued_on, rec.deadline) == (
            case_id,
            MARKET_OFFICE,
            "assigned",
            TODAY,
            dt.date(2026, 11, 9),
        )
        assert rec.from_unit == "青藏高原农副产品集散中心人民调解委员会"  # the committee by default
        assert s.get(ReferralRecord, second.created_id).from_unit == "集散中心综治中心点"
        audit = s.scalars(
            select(AuditRecord).where(AuditRecord.action == "referral.issue").order_by(AuditRecord.seq)
        ).first()
        assert audit.case_id == case_id and audit.object_id == str(first.created_id)
    assert log_of(services, first.created_id) == [("assigned", None)]


def test_issue_checks_its_input(services, admin, referrals) -> None:
    with pytest.raises(ValidationFailed) as err:
        referrals.issue(admin, None, " ", "", deadline=TODAY - dt.timedelta(days=1))
    assert err.value.field_errors == {
        "to_department": "Name the department the slip is sent to.",
        "reason": "Say why the dispute is referred to this department.",
        "deadline": "The deadline 2026-11-01 has already passed.",
    }
    with services.db.read() as s:
        assert s.scalars(select(ReferralRecord)).all() == []


def test_no_slip_for_a_voided_case(services, admin, referrals) -> None:
    case_id = make_case(services, admin, accepted=False, consented=False, assigned=False)
    services.intake.void(admin, case_id, "重复登记")
    with pytest.raises(GuardRefused) as err:
        referrals.issue(admin, case_id, MARKET_OFFICE, "复秤")
    assert err.value.reasons == ["This action is not possible while the case is “Voided”."]


def test_statuses_move_forward_to_feedback_and_closing(services, admin, referrals) -> None:
    slip = issue_weights_slip(referrals, admin, make_case(services, admin))
    referrals.update_status(admin, slip, ReferralStatus.RECEIVED, "市场监管所张科长签收")
    referrals.update_status(admin, slip, ReferralStatus.IN_PROGRESS)
    services.clock.set(dt.date(2026, 11, 6))
    referrals.update_status(
        admin, slip, ReferralStatus.FEEDBACK, "经复秤，B-117摊位电子秤偏差3%，已责令停用并立案调查。"
    )
    referrals.update_status(admin, slip, ReferralStatus.CLOSED, "双方已按复秤结果结清差价")
    view = referrals.get(admin, slip)
    assert (view.status, view.feedback_on) == ("closed", dt.date(2026, 11, 6))
    assert view.feedback == "经复秤，B-117摊位电子秤偏差3%，已责令停用并立案调查。"
    assert [entry[1] for entry in view.log] == ["assigned", "received", "in_progress", "feedback", "closed"]
    assert log_of(services, slip)[1] == ("received", "市场监管所张科长签收")
    assert [log_label(code) for _on, code, _note in view.log][-2:] == ["Feedback given", "Closed"]


def test_status_guards_refuse_with_specific_messages(services, admin, referrals) -> None:
    slip = issue_weights_slip(referrals, admin, None)
    referrals.update_status(admin, slip, ReferralStatus.IN_PROGRESS)  # received was skipped: still forward
    with pytest.raises(ValidationFailed) as err:
        referrals.update_status(admin, slip, ReferralStatus.RECEIVED)
    assert err.value.field_errors == {
        "status": "A slip that is “In progress” cannot go back or stay at “Received”; statuses only move forward."
    }
    with pytest.raises(ValidationFailed) as err:
        referrals.update_status(admin, slip, ReferralStatus.FEEDBACK, "  ")
    assert err.value.field_errors == {"note": "Record what the department reported back."}
    with pytest.raises(ValidationFailed) as err:
        referrals.update_status(admin, slip, ReferralStatus.CLOSED, "办结")
    assert err.value.field_errors == {
        "status": "Record the department's feedback before closing slip 客商交办字〔2026〕第001号."
    }
    assert referrals.get(admin, slip).status == "in_progress"
    assert [code for code, _note in log_of(services, slip)] == ["assigned", "in_progress"]


def test_reminders_are_logged_until_the_slip_is_closed(services, admin, referrals) -> None:
    slip = issue_weights_slip(referrals, admin, None)
    with pytest.raises(ValidationFailed) as err:
        referrals.remind(admin, slip, "")
    assert err.value.field_errors == {"note": "Write down how the department was reminded and what it said."}
    services.clock.set(dt.date(2026, 11, 10))
    referrals.remind(admin, slip, "电话督办，对方承诺11月12日前复秤")
    assert log_of(services, slip)[-1] == ("reminder", "电话督办，对方承诺11月12日前复秤")
    assert log_label("reminder") == "Reminder to the department (督办)"
    referrals.update_status(admin, slip, ReferralStatus.FEEDBACK, "已复秤，偏差在允许范围内")
    referrals.update_status(admin, slip, ReferralStatus.CLOSED)
    with pytest.raises(ValidationFailed) as err:
        referrals.remind(admin, slip, "再次督办")
    assert err.value.message == "Slip 客商交办字〔2026〕第001号 is closed; it needs no reminder."
    with pytest.raises(NotFound):
        referrals.remind(admin, uuid.uuid4(), "督办")


def test_lists_open_and_overdue_slips(services, admin, referrals) -> None:
    late = issue_weights_slip(referrals, admin, None)  # due 2026-11-09
    answered = referrals.issue(
        admin, None, "城北区人力资源和社会保障局", "装卸工工资拖欠", deadline=dt.date(2026, 11, 5)
    ).created_id
    no_deadline = referrals.issue(admin, None, "小桥派出所", "摊主间口角，曾扬言报复").created_id
    closed = referrals.issue(
        admin, None, "城北区交通运输局", "运输资质核查", deadline=dt.date(2026, 11, 4)
    ).created_id
    referrals.update_status(admin, answered, ReferralStatus.FEEDBACK, "已督促用人单位结清工资")
    referrals.update_status(admin, closed, ReferralStatus.FEEDBACK, "资质齐全")
    referrals.update_status(admin, closed, ReferralStatus.CLOSED)
    assert {v.id for v in referrals.list(admin)} == {late, answered, no_deadline, closed}
    assert {v.id for v in referrals.list(admin, open_only=True)} == {late, answered, no_deadline}
    assert referrals.overdue(admin, dt.date(2026, 11, 9)) == []  # due today is not overdue yet
    assert [v.id for v in referrals.overdue(admin, dt.date(2026, 11, 10))] == [late]


def test_refusal_is_translated_in_chinese(services, admin, referrals, monkeypatch) -> None:
    english(monkeypatch)
    msgid = "Name the department the slip is sent to."
    i18n.set_language("zh_CN")
    if i18n._(msgid) == msgid:
        pytest.skip("the zh_CN catalogue does not translate the referral messages yet")
    with pytest.raises(ValidationFailed) as err:
        referrals.issue(admin, None, "", "复秤")
    assert err.value.field_errors["to_department"] != msgid
