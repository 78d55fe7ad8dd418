"""The vocabulary of a people's-mediation case: codes stored in the database, labels for display.

Stored values are stable English codes; ``label()`` gives the translated display text. Labels
are marked with ``N_`` so Babel extracts them, and translated when shown.
"""

from __future__ import annotations

from enum import StrEnum

from mediation_app.i18n import N_, _


class Labelled(StrEnum):
    """A StrEnum whose members carry an English msgid as display label."""

    def label(self) -> str:
        return _(type(self)._LABELS[self.value])  # type: ignore[attr-defined]

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(m.value, m.label()) for m in cls]


class CommitteeKind(Labelled):
    VILLAGE = "village"
    TOWNSHIP = "township"
    INDUSTRY_MARKET = "industry_market"
    CENTRE = "centre"
    STATIONED = "stationed"
    ENTERPRISE = "enterprise"


CommitteeKind._LABELS = {  # type: ignore[attr-defined]
    "village": N_("Village / residents' committee"),
    "township": N_("Township / sub-district committee"),
    "industry_market": N_("Industry or market committee"),
    "centre": N_("One-stop dispute resolution centre"),
    "stationed": N_("Stationed mediation office"),
    "enterprise": N_("Enterprise committee"),
}


class Role(Labelled):
    MEDIATOR = "mediator"
    HEAD = "head"  # committee head (主任)
    ADMIN = "admin"  # system administrator
    AUDITOR = "auditor"  # audit administrator: reads the audit log, changes nothing
    WINDOW = "window"  # the centre's window clerk (窗口): registers disputes once and routes them


Role._LABELS = {  # type: ignore[attr-defined]
    "mediator": N_("Mediator"),
    "head": N_("Committee head"),
    "admin": N_("Administrator"),
    "auditor": N_("Audit administrator"),
    "window": N_("Window clerk"),
}


class Sex(Labelled):
    MALE = "male"
    FEMALE = "female"
    UNKNOWN = "unknown"


Sex._LABELS = {"male": N_("Male"), "female": N_("Female"), "unknown": N_("Not stated")}  # type: ignore[attr-defined]


class PartyKind(Labelled):
    NATURAL = "natural"
    LEGAL = "legal"


PartyKind._LABELS = {  # type: ignore[attr-defined]
    "natural": N_("Natural person"),
    "legal": N_("Legal person or organisation"),
}


class IdType(Labelled):
    RESIDENT_ID = "resident_id"  # 居民身份证
    PASSPORT = "passport"
    HK_MACAO_PERMIT = "hk_macao_permit"  # 港澳居民来往内地通行证
    TAIWAN_PERMIT = "taiwan_permit"
    FOREIGN_PR = "foreign_pr"  # 外国人永久居留身份证
    OTHER = "other"
    NONE = "none"


IdType._LABELS = {  # type: ignore[attr-defined]
    "resident_id": N_("Resident identity card"),
    "passport": N_("Passport"),
    "hk_macao_permit": N_("Hong Kong/Macao permit"),
    "taiwan_permit": N_("Taiwan permit"),
    "foreign_pr": N_("Foreigner permanent residence card"),
    "other": N_("Other document"),
    "none": N_("No document shown"),
}


class PartyRole(Labelled):
    APPLICANT = "applicant"  # 申请人
    RESPONDENT = "respondent"  # 被申请人
    THIRD_PARTY = "third_party"  # 第三人


PartyRole._LABELS = {  # type: ignore[attr-defined]
    "applicant": N_("Applicant"),
    "respondent": N_("Respondent"),
    "third_party": N_("Third party"),
}


class AgentKind(Labelled):
    """Who acts for a party: an agent the party authorised (委托代理人, with a power of attorney), or
    the legal representative of a party without full capacity, e.g. a minor's parent (法定代理人)."""

    AUTHORISED = "authorised"
    STATUTORY = "statutory"


AgentKind._LABELS = {  # type: ignore[attr-defined]
    "authorised": N_("Authorised agent (委托代理人)"),
    "statutory": N_("Legal representative of a minor or a person without full capacity (法定代理人)"),
}


def agent_kind(authority: str | None) -> AgentKind:
    """The kind of agent a case party's stored authority (``case_party.agent_authority``) names; the
    words of a power of attorney kept there before the kind was (一般授权, 特别授权) are an authorised agent."""
    return AgentKind.STATUTORY if authority in (AgentKind.STATUTORY.value, "法定代理") else AgentKind.AUTHORISED


class ParticipantRole(Labelled):
    INVITED = "invited"  # 参加人 (law Art. 20)
    INTERPRETER = "interpreter"  # 翻译
    WITNESS = "witness"  # 证人
    RECORDER = "recorder"  # 记录人
    AGENT = "agent"  # 委托代理人


ParticipantRole._LABELS = {  # type: ignore[attr-defined]
    "invited": N_("Invited participant"),
    "interpreter": N_("Interpreter"),
    "witness": N_("Witness"),
    "recorder": N_("Recorder"),
    "agent": N_("Authorised agent"),
}


class CaseSource(Labelled):
    APPLICATION = "application"  # 当事人申请
    INITIATIVE = "initiative"  # 主动调解
    COURT = "court"  # 法院委派/委托
    POLICE = "police"  # 公安机关移送
    PETITION = "petition"  # 信访部门移送
    PROCURATORATE = "procuratorate"
    HOTLINE = "hotline"  # 12345
    GRID = "grid"  # 网格员上报
    OTHER_DEPT = "other_dept"  # 其他部门移送

    @property
    def is_referral(self) -> bool:
        return self not in (CaseSource.APPLICATION, CaseSource.INITIATIVE)


CaseSource._LABELS = {  # type: ignore[attr-defined]
    "application": N_("Party application"),
    "initiative": N_("Committee's own initiative"),
    "court": N_("Referred by a court"),
    "police": N_("Referred by the police"),
    "petition": N_("Referred by a petition office"),
    "procuratorate": N_("Referred by a procuratorate"),
    "hotline": N_("12345 hotline"),
    "grid": N_("Reported by a grid worker"),
    "other_dept": N_("Referred by another department"),
}


class DisputeType(Labelled):
    """The 15 official dispute types of the statistical report (domain §3.2)."""

    MARRIAGE_FAMILY = "marriage_family"
    NEIGHBOUR = "neighbour"
    HOUSING_HOMESTEAD = "housing_homestead"
    CONTRACT = "contract"
    PRODUCTION_BUSINESS = "production_business"
    DAMAGES = "damages"
    FOREST_LAND = "forest_land"
    LAND_ACQUISITION = "land_acquisition"
    ENVIRONMENT = "environment"
    LABOUR = "labour"
    CONSUMER = "consumer"
    MEDICAL = "medical"
    TRAFFIC = "traffic"
    PROPERTY_MANAGEMENT = "property_management"
    OTHER = "other"


DisputeType._LABELS = {  # type: ignore[attr-defined]
    "marriage_family": N_("Marriage and family"),
    "neighbour": N_("Neighbour"),
    "housing_homestead": N_("Housing and homestead"),
    "contract": N_("Contract"),
    "production_business": N_("Production and business operation"),
    "damages": N_("Damages"),
    "forest_land": N_("Forest and land"),
    "land_acquisition": N_("Land acquisition and demolition"),
    "environment": N_("Environmental pollution"),
    "labour": N_("Labour"),
    "consumer": N_("Consumer"),
    "medical": N_("Medical"),
    "traffic": N_("Road traffic accident"),
    "property_management": N_("Property management"),
    "other": N_("Other"),
}


class CaseStatus(Labelled):
    """Case states (domain Appendix A). Transitions live in ``domain.lifecycle``."""

    REGISTERED = "registered"  # 登记待受理
    REFUSED = "refused"  # 不予受理
    ACCEPTED = "accepted"  # 已受理
    MEDIATING = "mediating"  # 调解中
    AGREEMENT_DRAFTED = "agreement_drafted"  # 达成书面协议, 待签署
    AGREEMENT_EFFECTIVE = "agreement_effective"  # 书面协议已生效
    ORAL_AGREEMENT = "oral_agreement"  # 口头协议 (effective on the day)
    TERMINATED = "terminated"  # 终止调解 (调解不成)
    WITHDRAWN = "withdrawn"  # 当事人撤回/要求终止
    PERFORMING = "performing"  # 履行中
    CLOSED = "closed"  # 结案
    ARCHIVED = "archived"  # 已归档
    VOIDED = "voided"  # 作废 (number never reused)


CaseStatus._LABELS = {  # type: ignore[attr-defined]
    "registered": N_("Registered"),
    "refused": N_("Not accepted"),
    "accepted": N_("Accepted"),
    "mediating": N_("Mediating"),
    "agreement_drafted": N_("Agreement to sign"),
    "agreement_effective": N_("Agreement in effect"),
    "oral_agreement": N_("Oral agreement"),
    "terminated": N_("Mediation terminated"),
    "withdrawn": N_("Withdrawn"),
    "performing": N_("Performing"),
    "closed": N_("Closed"),
    "archived": N_("Archived"),
    "voided": N_("Voided"),
}


class ConsentKind(Labelled):
    """Per-party events of voluntariness (law Arts. 17, 23; 若干规定 Art. 30)."""

    NOTICE_GIVEN = "notice_given"  # 权利义务告知
    CONSENT = "consent"  # 同意调解
    REFUSAL = "refusal"  # 明确拒绝调解
    WITHDRAWAL = "withdrawal"  # 要求终止调解
    EXTENSION_CONSENT = "extension_consent"  # 同意延长调解期限


ConsentKind._LABELS = {  # type: ignore[attr-defined]
    "notice_given": N_("Rights notice given"),
    "consent": N_("Consents to mediation"),
    "refusal": N_("Refuses mediation"),
    "withdrawal": N_("Asks to end mediation"),
    "extension_consent": N_("Consents to extend the deadline"),
}


class NoticeForm(Labelled):
    WRITTEN = "written"
    ORAL = "oral"


NoticeForm._LABELS = {"written": N_("Written"), "oral": N_("Oral")}  # type: ignore[attr-defined]


class AssignmentRole(Labelled):
    PRESIDING = "presiding"  # 调解主持人
    CO_MEDIATOR = "co_mediator"


AssignmentRole._LABELS = {  # type: ignore[attr-defined]
    "presiding": N_("Presiding mediator"),
    "co_mediator": N_("Co-mediator"),
}


class AssignmentMethod(Labelled):
    DESIGNATED = "designated"  # 调委会指定
    CHOSEN = "chosen"  # 当事人选择


AssignmentMethod._LABELS = {  # type: ignore[attr-defined]
    "designated": N_("Designated by the committee"),
    "chosen": N_("Chosen by the parties"),
}


class RecusalDecision(Labelled):
    PENDING = "pending"
    GRANTED = "granted"
    REJECTED = "rejected"


RecusalDecision._LABELS = {  # type: ignore[attr-defined]
    "pending": N_("Pending"),
    "granted": N_("Granted"),
    "rejected": N_("Rejected"),
}


class MeetingMode(Labelled):
    ON_SITE = "on_site"  # 现场
    VIDEO = "video"  # 视频
    PHONE = "phone"  # 电话
    MIXED = "mixed"  # 混合


MeetingMode._LABELS = {  # type: ignore[attr-defined]
    "on_site": N_("On site"),
    "video": N_("Video"),
    "phone": N_("Phone"),
    "mixed": N_("Mixed"),
}


class MeetingStatus(Labelled):
    SCHEDULED = "scheduled"
    HELD = "held"
    CANCELLED = "cancelled"


MeetingStatus._LABELS = {  # type: ignore[attr-defined]
    "scheduled": N_("Scheduled"),
    "held": N_("Held"),
    "cancelled": N_("Cancelled"),
}


class MeetingOutcome(Labelled):
    CONTINUE = "continue"  # 继续调解
    AGREEMENT = "agreement"  # 达成协议
    FAILED = "failed"  # 调解不成


MeetingOutcome._LABELS = {  # type: ignore[attr-defined]
    "continue": N_("Mediation continues"),
    "agreement": N_("Agreement reached"),
    "failed": N_("No agreement"),
}


class AgreementForm(Labelled):
    WRITTEN = "written"
    ORAL = "oral"


AgreementForm._LABELS = {"written": N_("Written agreement"), "oral": N_("Oral agreement")}  # type: ignore[attr-defined]


class ExecutionMethod(Labelled):
    """How a party executed the agreement (law Art. 29: 签名、盖章或者按指印)."""

    SIGNATURE = "signature"
    SEAL = "seal"
    FINGERPRINT = "fingerprint"
    SIGNATURE_AND_FINGERPRINT = "signature_fingerprint"
    SIGNATURE_AND_SEAL = "signature_seal"  # legal person: representative signs and company seal


ExecutionMethod._LABELS = {  # type: ignore[attr-defined]
    "signature": N_("Signature"),
    "seal": N_("Seal"),
    "fingerprint": N_("Fingerprint"),
    "signature_fingerprint": N_("Signature and fingerprint"),
    "signature_seal": N_("Representative's signature and company seal"),
}


class TerminationKind(Labelled):
    FAILED = "failed"  # 调解不成, 终止调解
    WITHDRAWN = "withdrawn"  # 当事人撤回/要求终止
    NO_CONSENT = "no_consent"  # 一方拒绝调解


TerminationKind._LABELS = {  # type: ignore[attr-defined]
    "failed": N_("Mediation failed"),
    "withdrawn": N_("Withdrawn by a party"),
    "no_consent": N_("A party refused mediation"),
}


class PerformanceStatus(Labelled):
    """Fact 40: performance status of an agreement."""

    NOT_DUE = "not_due"
    PERFORMED = "performed"
    PARTLY = "partly"
    NOT_PERFORMED = "not_performed"
    URGED = "urged"
    SUED = "sued"
    ENFORCED = "enforced"


PerformanceStatus._LABELS = {  # type: ignore[attr-defined]
    "not_due": N_("Not yet due"),
    "performed": N_("Performed in full"),
    "partly": N_("Partly performed"),
    "not_performed": N_("Not performed"),
    "urged": N_("Urged to perform"),
    "sued": N_("Litigated"),
    "enforced": N_("Enforced"),
}


class FollowUpMode(Labelled):
    PHONE = "phone"
    VISIT = "visit"
    VIDEO = "video"


FollowUpMode._LABELS = {  # type: ignore[attr-defined]
    "phone": N_("By phone"),
    "visit": N_("In person"),
    "video": N_("By video"),
}


class ConfirmationOutcome(Labelled):
    PENDING = "pending"
    CONFIRMED = "confirmed"  # 确认有效
    INVALID = "invalid"  # 确认无效
    NOT_ACCEPTED = "not_accepted"  # 不予受理
    REJECTED = "rejected"  # 驳回申请
    WITHDRAWN = "withdrawn"


ConfirmationOutcome._LABELS = {  # type: ignore[attr-defined]
    "pending": N_("Awaiting the court"),
    "confirmed": N_("Confirmed valid"),
    "invalid": N_("Confirmed invalid"),
    "not_accepted": N_("Not accepted by the court"),
    "rejected": N_("Application rejected"),
    "withdrawn": N_("Application withdrawn"),
}


class ReferralStatus(Labelled):
    ASSIGNED = "assigned"  # 已交办
    RECEIVED = "received"  # 已签收
    IN_PROGRESS = "in_progress"  # 办理中
    FEEDBACK = "feedback"  # 已反馈
    CLOSED = "closed"  # 已办结


ReferralStatus._LABELS = {  # type: ignore[attr-defined]
    "assigned": N_("Assigned"),
    "received": N_("Received"),
    "in_progress": N_("In progress"),
    "feedback": N_("Feedback given"),
    "closed": N_("Closed"),
}


class RiskLevel(Labelled):
    """Default four-colour scale, low to high (蓝 < 黄 < 橙 < 红)."""

    BLUE = "blue"
    YELLOW = "yellow"
    ORANGE = "orange"
    RED = "red"

    @property
    def rank(self) -> int:
        return list(RiskLevel).index(self)

    @property
    def needs_escalation(self) -> bool:
        """Fact 36: the top two grades need an escalation target and containment measures."""
        return self.rank >= RiskLevel.ORANGE.rank


RiskLevel._LABELS = {  # type: ignore[attr-defined]
    "blue": N_("Blue"),
    "yellow": N_("Yellow"),
    "orange": N_("Orange"),
    "red": N_("Red"),
}


class RiskFlag(Labelled):
    THREATS = "threats"  # 扬言
    ARMED = "armed"  # 持械
    MENTAL_DISORDER = "mental_disorder"  # 精神障碍
    GROUP = "group"  # 群体 ≥10人
    MINORS = "minors"  # 涉及未成年人
    CRIMINAL_RISK = "criminal_risk"  # 可能民转刑
    PUBLIC_SECURITY = "public_security"  # 可能引发治安案件
    SUICIDE_RISK = "suicide_risk"
    PETITION_RISK = "petition_risk"  # 群体性上访倾向

    @property
    def needs_police_report(self) -> bool:
        """Fact 22: risk of a public-security or criminal incident needs a 'reported to' entry."""
        return self in (RiskFlag.CRIMINAL_RISK, RiskFlag.PUBLIC_SECURITY, RiskFlag.ARMED)


RiskFlag._LABELS = {  # type: ignore[attr-defined]
    "threats": N_("Has made threats"),
    "armed": N_("Armed"),
    "mental_disorder": N_("Mental disorder"),
    "group": N_("Group of 10 or more"),
    "minors": N_("Minors involved"),
    "criminal_risk": N_("May turn criminal"),
    "public_security": N_("May cause a public-security incident"),
    "suicide_risk": N_("Suicide risk"),
    "petition_risk": N_("Mass petition tendency"),
}


class LedgerStatus(Labelled):
    OPEN = "open"
    CONVERTED = "converted"  # turned into a case
    PREVENTED = "prevented"
    RESOLVED = "resolved"


LedgerStatus._LABELS = {  # type: ignore[attr-defined]
    "open": N_("Open"),
    "converted": N_("Turned into a case"),
    "prevented": N_("Prevented"),
    "resolved": N_("Resolved"),
}


class EvidenceKind(Labelled):
    EVIDENCE = "evidence"  # 证据材料
    IDENTITY = "identity"  # 身份证明
    POWER_OF_ATTORNEY = "power_of_attorney"  # 授权委托书
    SIGNED_COPY = "signed_copy"  # 签署后的扫描件
    RECEIPT = "receipt"  # 履行凭证
    COURT_RULING = "court_ruling"  # 司法确认裁定书
    OTHER = "other"


EvidenceKind._LABELS = {  # type: ignore[attr-defined]
    "evidence": N_("Evidence"),
    "identity": N_("Identity document"),
    "power_of_attorney": N_("Power of attorney"),
    "signed_copy": N_("Signed copy"),
    "receipt": N_("Proof of performance"),
    "court_ruling": N_("Court ruling"),
    "other": N_("Other material"),
}


class ExternalRefKind(Labelled):
    COURT_REFERRAL_LETTER = "court_referral_letter"  # 委派调解函号
    COURT_CASE = "court_case"  # 法院案号
    CONFIRMATION_CASE = "confirmation_case"  # 调确字号
    POLICE_CASE = "police_case"
    HOTLINE_TICKET = "hotline_ticket"  # 12345 工单号
    GRID_REPORT = "grid_report"


ExternalRefKind._LABELS = {  # type: ignore[attr-defined]
    "court_referral_letter": N_("Court referral letter no."),
    "court_case": N_("Court case no."),
    "confirmation_case": N_("Judicial confirmation case no."),
    "police_case": N_("Police case no."),
    "hotline_ticket": N_("Hotline ticket no."),
    "grid_report": N_("Grid report no."),
}


class DeadlineRule(Labelled):
    CALENDAR_MONTH = "calendar_month"
    THIRTY_DAYS = "thirty_days"


DeadlineRule._LABELS = {  # type: ignore[attr-defined]
    "calendar_month": N_("One calendar month"),
    "thirty_days": N_("30 days"),
}


def enum_label(value: Labelled | str | None, enum: type[Labelled]) -> str:
    """Label for a stored code, tolerant of None and unknown codes (shown as-is)."""
    if value is None:
        return ""
    try:
        return enum(value).label()
    except ValueError:
        return str(value)

