"""消费投诉移送函: a consumer complaint handed over to market supervision, 12315 or the consumer
association, with the fields their complaint registers use and a feedback slip at the foot."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from mediation_app.documents.base import DocumentRenderer, RenderedDocument
from mediation_app.documents.data import Case, CaseDocuments, Committee
from mediation_app.documents.fmt import date_cn, money_both, or_blank
from mediation_app.documents.forms._common import heading, seal_and_date
from mediation_app.documents.widgets import field_table


@dataclass(frozen=True, kw_only=True)
class ComplaintSlip:
    """Everything printed on the slip, in words (no codes)."""

    committee: str
    number: str  # the referral slip's number
    case_number: str
    body: str  # 市场监督管理局 / 12315投诉举报平台 / 消费者协会
    department: str  # the office addressed
    complainant_name: str
    complainant_phone: str = ""
    complainant_id_number: str = ""
    merchant_name: str
    stall_number: str = ""
    credit_code: str = ""
    goods: str
    purchased_on: dt.date | None = None
    amount_fen: int | None = None
    request: str
    facts: str
    evidence: tuple[str, ...] = ()
    register_number: str = ""
    issued_on: dt.date
    deadline: dt.date | None = None
    feedback_on: dt.date | None = None
    feedback_result: str = ""
    handling_number: str = ""


class ComplaintSlipDocument(DocumentRenderer):
    kind = "complaint_slip"
    title = "消费投诉移送函"

    def __init__(self, slip: ComplaintSlip) -> None:
        super().__init__(CaseDocuments(committee=Committee(slip.committee), case=Case(number=slip.number), parties=()))
        self.slip = slip

    def story(self) -> list[Flowable]:
        c = self.slip
        out = heading(self, number=c.number, committee=True)
        out.append(self.p(f"{self.t(c.department)}：", "plain"))
        about = f"在调解{self.t(c.case_number)}案件中，" if c.case_number else ""
        reply = f"请于{date_cn(c.deadline)}前" if c.deadline else "请"
        out.append(self.p(
            f"本委员会{about}收到下列消费投诉，属于{self.t(c.body)}受理范围，经投诉人同意，现移送贵单位依法处理。"
            f"{reply}将处理结果填写下方回执反馈本委员会。"))
        evidence = "；".join(f"{i}. {self.t(e)}" for i, e in enumerate(c.evidence, start=1)) or "无"
        rows: list[tuple[str, object]] = [
            ("投诉人", c.complainant_name),
            ("联系电话", or_blank(c.complainant_phone)),
            ("身份证号码", or_blank(c.complainant_id_number)),
            ("被投诉商户", c.merchant_name),
            ("摊位号", or_blank(c.stall_number)),
            ("统一社会信用代码", or_blank(c.credit_code)),
            ("商品或服务", c.goods),
            ("购买日期", date_cn(c.purchased_on) if c.purchased_on else or_blank("")),
            ("涉及金额", money_both(c.amount_fen) if c.amount_fen is not None else or_blank("")),
            ("投诉诉求", c.request),
            ("事实与理由", c.facts),
            ("证据材料", self.p(evidence, "cell")),
            ("12315登记号", or_blank(c.register_number)),
        ]
        out.append(field_table(self, rows, label_width=34 * mm, compact=True))
        out.extend(seal_and_date(self, c.issued_on))
        back: list[Flowable] = [Spacer(1, 4 * mm),
                                self.p("- - - - - - - - - - - - - - 沿此线剪开 - - - - - - - - - - - - - -", "center"),
                                self.p(f"处理结果回执（移送函编号：{self.t(c.number)}）", "heading")]
        back.append(field_table(self, [
            ("反馈日期", date_cn(c.feedback_on) if c.feedback_on else or_blank("")),
            ("受理或处理编号", or_blank(c.handling_number)),
            ("处理结果", or_blank(c.feedback_result)),
            ("承办人（签名）", or_blank("")),
        ], label_width=34 * mm, compact=True))
        back.append(Spacer(1, 3 * mm))
        back.append(self.p(f"{self.t(c.department)}（印章）\u3000{date_cn(c.feedback_on)}", "right"))
        out.append(KeepTogether(back))
        return out


def render_complaint_slip(slip: ComplaintSlip) -> RenderedDocument:
    return ComplaintSlipDocument(slip).render()
