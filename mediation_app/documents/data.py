"""What the documents need to know about a case: plain frozen dataclasses, no behaviour.

The services layer builds these from its read models; the renderers only read them. Codes use
the domain vocabulary (``mediation_app.domain.enums``); free text is printed as typed (escaped).
Money is integer fen. Dates are ``datetime.date``; times are ``datetime.datetime`` in local time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from mediation_app.domain.enums import (
    AgreementForm,
    CaseSource,
    ConsentKind,
    EvidenceKind,
    ExecutionMethod,
    FollowUpMode,
    MeetingMode,
    MeetingOutcome,
    NoticeForm,
    ParticipantRole,
    PartyKind,
    PartyRole,
    PerformanceStatus,
    Sex,
    TerminationKind,
)
from mediation_app.domain.remote import IdentityCheck, RemoteConsent


@dataclass(frozen=True)
class Committee:
    name: str  # e.g. 某某市场人民调解委员会
    short_name: str = ""  # numbering prefix, e.g. 客商
    kind: str = ""  # CommitteeKind code
    address: str = ""
    phone: str = ""


@dataclass(frozen=True)
class Agent:
    """委托代理人 of a party, or its 法定代理人 (a minor's parent or guardian)."""

    name: str
    relation: str = ""  # e.g. 律师, 儿子
    contact: str = ""
    powers: str = ""  # 一般授权 / 特别授权
    statutory: bool = False  # 法定代理人: acts for the party by law, without a power of attorney

    @property
    def title(self) -> str:
        return "法定代理人" if self.statutory else "委托代理人"


@dataclass(frozen=True)
class Party:
    """A party, with the particulars exactly as the forms print them (fact 10)."""

    key: str  # stable identifier inside the case (the service uses the party's UUID)
    name: str  # natural person's name, or the organisation's name
    role: PartyRole = PartyRole.APPLICANT
    kind: PartyKind = PartyKind.NATURAL
    sex: Sex = Sex.UNKNOWN
    ethnicity: str = ""  # 民族, e.g. 汉族, 藏族
    age: int | None = None
    occupation: str = ""  # 职业或职务
    contact: str = ""  # 联系方式
    address: str = ""  # 单位或住址 (natural) / 地址 (legal)
    id_label: str = ""  # what the number is, printed before it: 公民身份号码, 护照号码, 统一社会信用代码 …
    id_number: str = ""
    legal_representative: str = ""  # legal person only
    representative_title: str = ""  # e.g. 总经理
    agent: Agent | None = None
    preferred_language: str = ""  # BCP-47-ish code: "zh", "bo" (Tibetan), "mn", …
    interpreter: str = ""  # name of the interpreter who assisted this party, if any

    @property
    def is_legal(self) -> bool:
        return self.kind == PartyKind.LEGAL


@dataclass(frozen=True)
class Participant:
    """Somebody other than a party or mediator: 参加人, 翻译, 证人, 记录人, 代理人."""

    name: str
    role: ParticipantRole = ParticipantRole.INVITED
    unit: str = ""  # unit or relation to a party, e.g. 市场管理方, 村委会
    languages: str = ""  # interpreter: e.g. 藏语—汉语


@dataclass(frozen=True)
class Case:
    number: str  # 客商人调字〔2026〕第015号
    title: str = ""  # 卷名 / dispute name, e.g. 水果运输损坏赔偿纠纷
    dispute_type: str = ""  # DisputeType code
    dispute_type_label: str = ""  # printed label, e.g. 生产经营纠纷
    source: CaseSource = CaseSource.APPLICATION
    source_label: str = ""  # printed label, e.g. 当事人申请
    referrer: str = ""  # referring body for referrals
    application_form: NoticeForm = NoticeForm.WRITTEN  # written or oral application
    registered_on: dt.date | None = None
    accepted_on: dt.date | None = None
    closed_on: dt.date | None = None
    facts: str = ""  # 纠纷简要情况
    requests: tuple[str, ...] = ()  # 当事人申请事项
    place: str = ""  # where the dispute arose
    amount_fen: int | None = None  # 涉及金额
    presiding_mediator: str = ""
    co_mediators: tuple[str, ...] = ()
    recorder: str = ""
    registrar: str = ""  # 登记人
    status: str = ""  # CaseStatus code
    retention_period: str = ""  # 保管期限 (user-chosen, fact 28)
    compiler: str = ""  # 立卷人
    quick_entry: bool = False  # 随手调: settled on the spot, recorded in the register (no session record)

    @property
    def mediators(self) -> tuple[str, ...]:
        return tuple(m for m in (self.presiding_mediator, *self.co_mediators) if m)


@dataclass(frozen=True)
class ConsentRecord:
    party_key: str
    kind: ConsentKind
    on: dt.date
    form: NoticeForm = NoticeForm.WRITTEN
    note: str = ""


@dataclass(frozen=True)
class QA:
    question: str
    answer: str


@dataclass(frozen=True)
class Investigation:
    at: dt.datetime
    place: str
    investigators: tuple[str, ...]
    interviewee: str
    recorder: str
    qa: tuple[QA, ...] = ()
    others_present: tuple[str, ...] = ()
    summary: str = ""  # free text when no Q&A form was used
    signed: bool = False


@dataclass(frozen=True, kw_only=True)
class Attendance:
    """Where one person present at a remote or mixed session took part from."""

    name: str
    role: str  # printed: 当事人, 人民调解员, 翻译人员 …
    remote: bool
    location: str = ""
    consent: RemoteConsent | None = None  # parties: how they agreed to remote mediation
    identity_check: IdentityCheck | None = None  # remote persons


@dataclass(frozen=True)
class Meeting:
    """One mediation session (调解记录)."""

    at: dt.datetime
    place: str
    subject: str  # 事由
    parties_present: tuple[str, ...]  # party keys
    mediators: tuple[str, ...]
    recorder: str
    mode: MeetingMode = MeetingMode.ON_SITE
    ended_at: dt.datetime | None = None
    participants: tuple[Participant, ...] = ()  # invited, interpreters, witnesses
    notice_given: bool = True
    statements: tuple[tuple[str, str], ...] = ()  # (party key or speaker name, statement)
    evidence_checked: str = ""  # 核实调查情况与证据
    risk_warning: str = ""  # 风险提示
    record: str = ""  # further record text
    outcome: MeetingOutcome = MeetingOutcome.CONTINUE
    agreement_summary: str = ""  # when the outcome is an agreement
    failure_reason: str = ""
    routes: tuple[str, ...] = ()  # routes the parties were told of on failure
    public: bool = False
    signed: bool = False
    platform: str = ""  # remote and mixed sessions
    attendance: tuple[Attendance, ...] = ()  # remote and mixed sessions: everyone present, in order
    identity_note: str = ""  # a further note on how identities were checked


@dataclass(frozen=True)
class Obligation:
    """One payment or act owed: instalments are several obligations."""

    obligor: str  # party key
    obligee: str  # party key
    due: dt.date | None
    amount_fen: int | None = None
    description: str = ""  # what is owed when it is not money, or a note on the payment
    place: str = ""
    method: str = ""  # e.g. 现金, 银行转账至乙方账户（尾号1234）
    period: str = ""  # domain.schedule.Period: "" once, "monthly"…; due is then the first due date
    until: dt.date | None = None  # last due date of a recurring obligation (None: open-ended)


@dataclass(frozen=True)
class Execution:
    """That a party has executed (signed / sealed / fingerprinted) the agreement."""

    party_key: str
    method: ExecutionMethod
    on: dt.date


@dataclass(frozen=True)
class TibetanText:
    """Optional Tibetan parallel text; the Chinese text governs."""

    title: str  # e.g. མི་དམངས་ཀྱི་བར་འདུམ་གྲོས་མཐུན་ཡི་གེ།
    paragraphs: tuple[str, ...]
    translator: str = ""


@dataclass(frozen=True)
class Agreement:
    number: str  # 协议编号
    form: AgreementForm = AgreementForm.WRITTEN
    party_keys: tuple[str, ...] = ()  # order gives 甲方, 乙方, 丙方…; empty = all case parties
    facts: str = ""  # 纠纷主要事实
    issues: str = ""  # 争议事项
    responsibilities: str = ""  # 各方责任
    terms: tuple[str, ...] = ()  # numbered terms, printed 一、二、三、
    obligations: tuple[Obligation, ...] = ()
    performance_method: str = ""
    performance_place: str = ""
    performance_deadline: dt.date | None = None
    originals: int | None = None  # None = parties + 1 (fact 11)
    executions: tuple[Execution, ...] = ()
    mediator: str = ""
    recorder: str = ""
    interpreters: tuple[Participant, ...] = ()
    mediator_signed: bool = False
    seal_affixed: bool = False
    reached_on: dt.date | None = None  # date the agreement was formed (printed date)
    effective_on: dt.date | None = None
    registered_on: dt.date | None = None  # oral register
    tibetan: TibetanText | None = None
    verification_code: str = ""  # computed from the content when empty


@dataclass(frozen=True)
class FollowUp:
    at: dt.datetime
    visited: tuple[str, ...]  # party keys or names
    visitor: str
    mode: FollowUpMode = FollowUpMode.VISIT
    reason: str = ""  # 回访事由: the dispute name
    performance: PerformanceStatus | None = None
    satisfaction: str = ""
    lawsuit: str = ""  # whether anyone sued over performance, and the judgment
    new_risk: str = ""
    measures: str = ""
    findings: str = ""
    signed: bool = False


@dataclass(frozen=True)
class ConfirmationApplication:
    court: str
    applicant_keys: tuple[str, ...] = ()  # empty = all agreement parties (joint application)
    requests: tuple[str, ...] = ()
    agreement_number: str = ""
    agreement_effective_on: dt.date | None = None
    facts_and_reasons: str = ""
    applied_on: dt.date | None = None


@dataclass(frozen=True)
class Refusal:
    decided_on: dt.date
    reason: str
    routes: tuple[str, ...]
    party_keys: tuple[str, ...] = ()  # addressees; empty = all parties


@dataclass(frozen=True)
class Termination:
    decided_on: dt.date
    reason: str
    routes: tuple[str, ...]
    kind: TerminationKind = TerminationKind.FAILED
    reported_to_police: bool = False
    reported_to: str = ""
    reported_on: dt.date | None = None
    party_keys: tuple[str, ...] = ()


@dataclass(frozen=True)
class Attachment:
    """Scanned evidence, ID copies, signed copies, receipts: images or PDFs."""

    title: str
    kind: EvidenceKind = EvidenceKind.EVIDENCE
    mime: str = "image/png"
    data: bytes | None = None
    path: str = ""  # a stored file, when ``data`` is not given
    pages: int | None = None  # known page count (PDFs)
    source: str = ""  # who provided it
    exhibit: bool = True  # a physical item: counts as 证物 on the back cover when it is not bound in
    remarks: str = ""


@dataclass(frozen=True)
class PerformanceEvent:
    """A recorded act of performance: a payment (full or part), an urging, a lawsuit …"""

    kind: PerformanceStatus
    on: dt.date
    amount_fen: int | None = None
    note: str = ""

    @property
    def is_payment(self) -> bool:
        return self.kind in (PerformanceStatus.PERFORMED, PerformanceStatus.PARTLY) and bool(self.amount_fen)


@dataclass(frozen=True)
class Cover:
    file_number: str  # 卷号
    title: str = ""  # 卷名
    mediator: str = ""
    started_on: dt.date | None = None
    ended_on: dt.date | None = None
    compiler: str = ""  # 立卷人
    compiled_on: dt.date | None = None
    retention_period: str = ""
    remarks: str = ""
    checker: str = ""  # 检查人
    checked_on: dt.date | None = None


@dataclass(frozen=True)
class ExplanatoryNote:
    text: str
    author: str = ""
    on: dt.date | None = None


@dataclass(frozen=True)
class CaseDocuments:
    """Everything known about one case, as the documents need it."""

    committee: Committee
    case: Case
    parties: tuple[Party, ...]
    participants: tuple[Participant, ...] = ()
    consents: tuple[ConsentRecord, ...] = ()
    investigations: tuple[Investigation, ...] = ()
    meetings: tuple[Meeting, ...] = ()
    agreement: Agreement | None = None
    follow_ups: tuple[FollowUp, ...] = ()
    confirmation: ConfirmationApplication | None = None
    refusal: Refusal | None = None
    termination: Termination | None = None
    attachments: tuple[Attachment, ...] = ()
    cover: Cover | None = None
    note: ExplanatoryNote | None = None
    performance: tuple[PerformanceEvent, ...] = ()

    def party(self, key: str) -> Party | None:
        for p in self.parties:
            if p.key == key:
                return p
        return None

    def party_name(self, key: str) -> str:
        """Name of the party with this key; a key that is not a party is printed as given."""
        p = self.party(key)
        return p.name if p else key

    def agreement_parties(self) -> tuple[Party, ...]:
        if self.agreement is None or not self.agreement.party_keys:
            return self.parties
        return tuple(p for k in self.agreement.party_keys if (p := self.party(k)) is not None)
