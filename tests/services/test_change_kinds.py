"""What a service call says it changed: the case-row kind whenever a field the case lists show
changed, whatever the action — and not when it did not."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from mediation_app.domain.enums import CaseStatus, FollowUpMode, PerformanceStatus
from mediation_app.services.context import ChangeKind, Changes
from tests.factories import make_case
from tests.services.test_followup import effective_agreement

AT = dt.datetime(2026, 12, 20, 3, 30, tzinfo=dt.UTC)


def _visit(services, admin, case_id, status=PerformanceStatus.PARTLY) -> Changes:
    return services.followups.record_follow_up(admin, case_id, "李建国（被申请人）", AT, FollowUpMode.PHONE, status,
                                              "第一期已付，第二期承诺按期支付。")


def test_a_follow_up_that_moves_the_status_marks_the_case_row(services, admin) -> None:
    case_id = make_case(services, admin)
    effective_agreement(services, admin, case_id)
    services.clock.set(dt.date(2026, 12, 20))
    first = _visit(services, admin, case_id)
    assert services.cases.detail(admin, case_id).status == CaseStatus.PERFORMING
    assert first.kinds == {ChangeKind.FOLLOW_UP, ChangeKind.CASE_ROW}
    assert first.case_ids == {case_id}
    again = _visit(services, admin, case_id)  # already performing: the row stays as it is
    assert again.kinds == {ChangeKind.FOLLOW_UP}
    assert again.case_ids == {case_id}


def test_an_investigation_that_starts_mediation_marks_the_row_and_evidence_does_not(services, admin,
                                                                                    tmp_path: Path) -> None:
    case_id = make_case(services, admin)
    assert services.cases.detail(admin, case_id).status == CaseStatus.ACCEPTED
    changes = services.meetings.record_investigation(admin, case_id, AT, "B区117号摊位", "马调解", "摊主李建国",
                                                     "问：苹果损坏多少箱？答：三十八箱。")
    assert services.cases.detail(admin, case_id).status == CaseStatus.MEDIATING
    assert changes.kinds == {ChangeKind.INVESTIGATION, ChangeKind.CASE_ROW}
    photo = tmp_path / "receipt.txt"
    photo.write_text("收货单", encoding="utf-8")
    evidence = services.meetings.add_evidence(admin, case_id, photo, "收货单")
    assert evidence.kinds == {ChangeKind.EVIDENCE}


def test_a_granted_recusal_marks_the_row_with_the_new_presiding_mediator(services, admin) -> None:
    case_id = make_case(services, admin)
    other = services.accounts.add_mediator(admin, "韩晓东").created_id
    request = services.assignment.request_recusal(admin, case_id, admin.mediator_id, "申请人认为调解员与对方是亲戚。")
    assert request.kinds == {ChangeKind.RECUSAL}  # a request changes nothing the list shows
    decided = services.assignment.decide_recusal(admin, case_id, request.created_id, True, replacement_id=other)
    assert decided.kinds == {ChangeKind.RECUSAL, ChangeKind.CASE_ROW}
    [row] = services.cases.list_cases(admin).rows
    assert row.presiding_mediator == "韩晓东"
