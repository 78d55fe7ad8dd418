"""Documents of a case built through the services: three parties (one a company), two payers,
monthly support, long facts. Every line obeys the Chinese line-breaking rules; the schedule is
per obligor; the overall deadline agrees with the schedule."""

from __future__ import annotations

import datetime as dt
import io

from pypdf import PdfReader

from mediation_app.documents.linebreak import CLOSING, OPENING
from mediation_app.domain.enums import MeetingMode, MeetingOutcome
from mediation_app.services.agreements import AgreementInput, ObligationInput
from mediation_app.services.documents import DocumentService
from mediation_app.services.meetings import MeetingInput
from tests.factories import BUYER, CARRIER, STALLHOLDER, market_case_input
from tests.services.conftest import initialise

SENTENCE = (
    "2026年10月28日，申请人（买方）从被申请人处购进苹果120箱，约定“货到验收、七日内付清”；"
    "运输途中冷机故障，部分苹果冻伤（约38箱），双方对损失由谁承担、余款如何支付发生争议。"
)
FACTS = SENTENCE * 40  # about 3,000 characters: the register and the case file flow onto more pages


def _lines(pdf: bytes) -> list[str]:
    out = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        out += ["".join(s.split()) for s in (page.extract_text() or "").splitlines() if s.strip()]
    return out


def _broken(pdf: bytes) -> list[str]:
    return [s for s in _lines(pdf) if s[0] in CLOSING or s[-1] in OPENING]


def _case(svc, admin, *, deadline: dt.date | None = None) -> str:  # type: ignore[no-untyped-def]
    data = market_case_input(parties=(BUYER, STALLHOLDER, CARRIER), facts=FACTS)
    case_id = svc.intake.register(admin, data).created_id
    svc.intake.accept(admin, case_id)
    svc.parties.record_all_consents(admin, case_id)
    svc.assignment.assign(admin, case_id, admin.mediator_id)
    svc.clock.set(dt.date(2026, 11, 5))
    detail = svc.cases.detail(admin, case_id)
    buyer, stall, carrier = (p.link_id for p in detail.parties)
    svc.meetings.record(
        admin,
        case_id,
        MeetingInput(
            place="集散中心人民调解室",
            mode=MeetingMode.ON_SITE,
            party_links_present=(buyer, stall, carrier),
            mediator_ids_present=(admin.mediator_id,),
            record_text="告知权利义务后，各方陈述。",
            outcome=MeetingOutcome.AGREEMENT,
            recorder_name="王书记",
        ),
    )
    svc.agreements.save_draft(
        admin,
        case_id,
        AgreementInput(
            facts=FACTS,
            issues="冻伤损失由谁承担，余款如何支付。",
            responsibilities="承运方对冻伤负主要责任；卖方交货时货物完好。",
            terms=(
                "丙方赔偿甲方货物损失人民币壹万伍仟元整（¥15,000.00），分两期支付。",
                "乙方自2026年12月起每月5日前向甲方支付货款人民币伍佰元整（¥500.00），至2027年5月止。",
            ),
            performance_method="银行转账",
            performance_place="青海省西宁市",
            performance_deadline=deadline,
            obligations=(
                ObligationInput(carrier, 1_000_000, dt.date(2026, 11, 20), buyer, "第一期赔偿款"),
                ObligationInput(carrier, 500_000, dt.date(2026, 12, 20), buyer, "第二期赔偿款"),
                ObligationInput(
                    stall, 50_000, dt.date(2026, 12, 5), buyer, "货款", period="monthly", until=dt.date(2027, 5, 5)
                ),
            ),
            recorder_name="王书记",
        ),
    )
    return detail.number


def test_documents_of_a_three_party_case_flow_and_break_lines_right(services) -> None:  # type: ignore[no-untyped-def]
    admin = initialise(services)
    number = _case(services, admin)
    docs = DocumentService(services.db, services.clock, services.cases, services.meetings)
    case_id = services.cases.find_by_number(admin, number)
    assert not services.cases.detail(admin, case_id).current_agreement.missing

    register = docs.render(admin, number, "register")
    assert register.pages >= 2 and not _broken(register.pdf)
    assert "人民调解受理登记表（续页）" in "".join(_lines(register.pdf))

    agreement = docs.render(admin, number, "agreement", draft=True)
    text = "".join(_lines(agreement.pdf))
    assert not _broken(agreement.pdf)
    assert "（一）丙方西宁高原物流有限公司履行：" in text and "（二）乙方李建国履行：" in text
    assert "至2027年5月5日止" in text and "共6期" in text and "人民币叁仟元整（¥3,000.00）" in text
    assert "人民币壹万伍仟元整（¥15,000.00）" in text and "合计" not in text
    assert "最后一期于2027年5月5日前履行" in text  # the overall deadline is the schedule's end
    assert "统一社会信用代码：91350100M000100Y43" in text

    casefile = docs.render(admin, number, "casefile")
    assert not _broken(casefile.pdf)


def test_overall_deadline_before_the_schedule_is_reported(services) -> None:  # type: ignore[no-untyped-def]
    admin = initialise(services)
    number = _case(services, admin, deadline=dt.date(2026, 12, 31))
    case_id = services.cases.find_by_number(admin, number)
    missing = " ".join(services.cases.detail(admin, case_id).current_agreement.missing)
    assert "2026-12-31" in missing and "2027-05-05" in missing
