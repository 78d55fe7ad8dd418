"""The fields an office's Excel ledger (台账) can be mapped to, and the guess of that mapping from
the words offices put in their header row (案号, 当事人, 身份证号, 电话, 纠纷类型, 受理日期 …).

Two kinds of ledger come in: a register of past cases (each row becomes a historical case in its
final state) and a screening ledger (矛盾纠纷排查台账; each row becomes a screening-ledger item).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from mediation_app.i18n import N_, _


class LedgerKind(StrEnum):
    CASES = "cases"
    SCREENING = "screening"
    MERCHANTS = "merchants"

    def label(self) -> str:
        if self is LedgerKind.MERCHANTS:
            return _("Market's list of merchants")
        return _("Register of past cases") if self is LedgerKind.CASES else _("Screening ledger")


@dataclass(frozen=True)
class Field:
    key: str
    label_msgid: str
    words: tuple[str, ...]  # header words, best first; a header containing one of them matches
    required: bool = False

    @property
    def label(self) -> str:
        return _(self.label_msgid)


CASE_FIELDS: tuple[Field, ...] = (
    Field("number", N_("Case number"), ("案号", "案件编号", "编号", "卷宗号", "文号")),
    Field("registered_on", N_("Date received"), ("受理日期", "登记日期", "受理时间", "申请日期", "收案日期", "日期"),
          required=True),
    Field("applicant", N_("Applicant"), ("申请人", "当事人", "甲方", "姓名"), required=True),
    Field("respondent", N_("Respondent"), ("被申请人", "对方当事人", "乙方", "相对人")),
    Field("id_number", N_("Applicant's ID number"), ("身份证号", "身份证", "证件号", "公民身份号码")),
    Field("phone", N_("Applicant's phone"), ("联系电话", "电话", "手机", "联系方式")),
    Field("address", N_("Applicant's address"), ("住址", "地址", "住所")),
    Field("respondent_id_number", N_("Respondent's ID number"), ("被申请人身份证", "对方身份证")),
    Field("respondent_phone", N_("Respondent's phone"), ("被申请人电话", "对方电话", "被申请人联系")),
    Field("dispute_type", N_("Type of dispute"), ("纠纷类型", "纠纷类别", "案件类型", "类型", "类别"), required=True),
    Field("facts", N_("Facts"), ("纠纷简要情况", "简要案情", "纠纷情况", "主要事实", "案情", "事由", "纠纷事实")),
    Field("result", N_("Outcome"), ("调解结果", "处理结果", "调解情况", "结果", "结案方式"), required=True),
    Field("closed_on", N_("Date of the outcome"), ("结案日期", "调解日期", "办结日期", "协议日期", "结案时间")),
    Field("amount", N_("Agreed amount"), ("协议金额", "涉案金额", "标的额", "金额")),
    Field("agreement", N_("What was agreed"), ("协议内容", "协议事项", "调解协议")),
    Field("mediator", N_("Mediator"), ("调解员", "主持调解员", "承办人", "经办人")),
    Field("routes", N_("Routes the parties were told of"), ("告知途径", "告知", "其他途径", "引导途径")),
    Field("place", N_("Place"), ("调解地点", "地点", "发生地")),
)

SCREENING_FIELDS: tuple[Field, ...] = (
    Field("screened_on", N_("Screening date"), ("排查日期", "排查时间", "日期", "时间"), required=True),
    Field("area", N_("Area or unit screened"), ("排查地点", "排查区域", "排查单位", "区域", "地点", "单位"), required=True),
    Field("screeners", N_("Screened by"), ("排查人", "排查人员", "登记人")),
    Field("parties_text", N_("Sides of the dispute"), ("当事人", "涉及人员", "双方", "姓名"), required=True),
    Field("phones", N_("Phones"), ("联系电话", "电话", "手机", "联系方式")),
    Field("dispute_type", N_("Type of dispute"), ("纠纷类型", "纠纷类别", "类型", "类别"), required=True),
    Field("facts", N_("Facts"), ("纠纷简要情况", "简要情况", "纠纷情况", "主要事实", "案情", "事由"), required=True),
    Field("cause", N_("Cause"), ("起因", "原因", "成因")),
    Field("persons_involved", N_("Persons involved"), ("涉及人数", "人数")),
    Field("risk_level", N_("Risk grade"), ("风险等级", "风险", "等级", "预警级别")),
    Field("responsible", N_("Responsible unit or person"), ("责任单位", "责任人", "包案")),
    Field("deadline", N_("Deadline"), ("化解期限", "期限", "时限")),
    Field("measures", N_("Containment measures"), ("稳控措施", "措施", "化解措施")),
    Field("result", N_("Result"), ("化解结果", "处理结果", "化解情况", "结果")),
)


MERCHANT_FIELDS: tuple[Field, ...] = (
    Field("stall_number", N_("Stall number"), ("摊位号", "摊位编号", "铺位号", "门店号", "摊位", "铺位", "编号"),
          required=True),
    Field("name", N_("Merchant"), ("商户名称", "字号", "店铺名称", "商户", "名称", "店名"), required=True),
    Field("business_type", N_("Business type"), ("经营类别", "经营范围", "经营品类", "经营项目", "类别", "品类")),
    Field("credit_code", N_("Unified social credit code"), ("统一社会信用代码", "信用代码", "营业执照号", "执照号",
                                                            "营业执照")),
    Field("operator_name", N_("Operator"), ("经营者", "负责人", "业主", "法定代表人", "姓名")),
    Field("operator_phone", N_("Operator's phone"), ("联系电话", "电话", "手机", "联系方式")),
    Field("contacts", N_("Other contacts"), ("其他联系人", "联系人", "备用联系")),
    Field("note", N_("Note"), ("备注", "说明")),
)


def fields_of(kind: LedgerKind) -> tuple[Field, ...]:
    if kind is LedgerKind.MERCHANTS:
        return MERCHANT_FIELDS
    return CASE_FIELDS if kind is LedgerKind.CASES else SCREENING_FIELDS


def field_label(kind: LedgerKind, key: str) -> str:
    return next((f.label for f in fields_of(kind) if f.key == key), key)


def normalise_header(text: object) -> str:
    """A header cell as compared: NFKC, no spaces or line breaks, no trailing colon or asterisk."""
    s = unicodedata.normalize("NFKC", "" if text is None else str(text))
    return "".join(s.split()).strip(":：*")


def guess_mapping(kind: LedgerKind, headers: list[str]) -> dict[int, str]:
    """Column index -> field key, from the header words. Each field takes at most one column and
    each column one field; the most specific match wins: an exact header beats one that only
    contains the word, a longer word beats a shorter one ("被申请人电话" goes to the respondent's
    phone, not the applicant's), an earlier word of the field beats a later one."""
    candidates: list[tuple[tuple[int, int, int], int, str]] = []
    for col, raw in enumerate(headers):
        head = normalise_header(raw)
        if not head:
            continue
        for field in fields_of(kind):
            for rank, word in enumerate(field.words):
                if word in head:
                    candidates.append(((int(head == word), len(word), -rank), col, field.key))
                    break
    mapping: dict[int, str] = {}
    taken: set[str] = set()
    for _score, col, key in sorted(candidates, key=lambda c: (c[0], -c[1]), reverse=True):
        if col in mapping or key in taken:
            continue
        mapping[col] = key
        taken.add(key)
    return dict(sorted(mapping.items()))


def missing_required(kind: LedgerKind, mapping: dict[int, str]) -> list[str]:
    """The labels of required fields no column is mapped to."""
    mapped = set(mapping.values())
    return [f.label for f in fields_of(kind) if f.required and f.key not in mapped]
