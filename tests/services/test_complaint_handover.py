"""Consumer complaints handed over to market supervision, 12315 or the consumer association: the
register fields, the registry merchant, the printed slip, and the body's feedback on the case."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from mediation_app.domain.complaints import ComplaintBody
from mediation_app.domain.enums import ReferralStatus
from mediation_app.services.errors import ValidationFailed
from mediation_app.services.market.complaints import ComplaintInput
from mediation_app.storage.models import AuditRecord
from tests.factories import TODAY, make_case
from tests.services.test_market import FRUIT, good_code

COMPLAINT = ComplaintInput(
    body=ComplaintBody.HOTLINE_12315, complainant_name="马福海", complainant_phone="13897001234",
    goods="红富士苹果120箱", purchased_on=dt.date(2026, 10, 28), amount_fen=1_260_000,
    request="退还短少货款并赔偿损失", facts="复秤发现每箱短少1.5公斤，共短少180公斤。",
    evidence=("购货单据", "复秤记录"), deadline=dt.date(2026, 11, 16))


def _text(pdf: bytes) -> str:
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).replace("\n", "")


def test_complaint_with_a_registry_merchant_is_issued_and_printed(services, admin) -> None:
    case_id = make_case(services, admin)
    code = good_code()
    merchant_id = services.merchants.add(admin, dataclasses.replace(FRUIT, credit_code=code)).created_id
    changes = services.complaints.issue(admin, case_id, dataclasses.replace(COMPLAINT, merchant_id=merchant_id))
    view = services.complaints.get(admin, changes.created_id)
    assert (view.merchant_name, view.stall_number, view.credit_code) == ("建国水果批发部", "B-117", code)
    assert view.department == "12315投诉举报平台" and view.evidence == ("购货单据", "复秤记录")
    slip = services.cases.detail(admin, case_id).referrals[-1]
    assert slip.number == view.number and "红富士苹果120箱" in slip.reason
    text = _text(services.complaints.slip(admin, view.referral_id).pdf)
    for expected in ("消费投诉移送函", view.number, "马福海", "13897001234", "建国水果批发部", "B-117", code,
                     "红富士苹果120箱", "2026年10月28日", "人民币壹万贰仟陆佰元整", "退还短少货款并赔偿损失",
                     "1. 购货单据", "2. 复秤记录", "12315投诉举报平台受理范围", "2026年11月16日前", "处理结果回执"):
        assert expected in text, expected


def test_complaint_fields_are_checked(services, admin) -> None:
    case_id = make_case(services, admin)
    bad = dataclasses.replace(COMPLAINT, complainant_name=" ", request="", complainant_phone="12345",
                              purchased_on=TODAY + dt.timedelta(days=3), credit_code="91630100")
    with pytest.raises(ValidationFailed) as refused:
        services.complaints.issue(admin, case_id, bad)
    assert set(refused.value.field_errors) == {"complainant_name", "request", "complainant_phone", "purchased_on",
                                               "merchant_name", "credit_code"}
    assert services.complaints.of_case(admin, case_id) == []


def test_registration_number_and_feedback_are_recorded_on_the_case_and_audited(services, admin) -> None:
    case_id = make_case(services, admin)
    rid = services.complaints.issue(admin, case_id, dataclasses.replace(COMPLAINT, merchant_name="建国水果批发部")
                                    ).created_id
    services.complaints.record_register_number(admin, rid, "1263010020261100123")
    with pytest.raises(ValidationFailed):
        services.complaints.record_feedback(admin, rid, TODAY, " ")
    services.complaints.record_feedback(admin, rid, TODAY, "经调查属实，责令商户退还货款2,160元。", "西市监处〔2026〕88号")
    view = services.complaints.of_case(admin, case_id)[0]
    assert (view.register_number, view.feedback_on, view.handling_number) == (
        "1263010020261100123", TODAY, "西市监处〔2026〕88号")
    slip = services.cases.detail(admin, case_id).referrals[-1]
    assert slip.status == ReferralStatus.FEEDBACK and "责令商户退还" in (slip.feedback or "")
    assert slip.log[-1][1] == ReferralStatus.FEEDBACK and "西市监处" in (slip.log[-1][2] or "")
    with services.db.read() as s:
        actions = list(s.scalars(select(AuditRecord.action).where(AuditRecord.case_id == case_id)))
    assert {"complaint.issue", "complaint.register_number", "complaint.feedback"} <= set(actions)
    text = _text(services.complaints.slip(admin, rid).pdf)
    assert "1263010020261100123" in text and "西市监处〔2026〕88号" in text and "责令商户退还" in text
