"""One print vocabulary: every stored code becomes the word printed on a document.

``words(kind, code)`` turns a code (an enum value, or an entry of a configurable list such as the
refusal reasons, routes, satisfaction levels, retention periods and dispute sub-types) into the
printed word. The words are msgids under the context ``"document"``, so translators can choose
the formal wording of the forms independently of the interface labels. An unknown code raises
:class:`UnknownCode`: there is no silent fallback that would print a code on a court document.

Entries a committee adds to its lists carry their own label, typed in the committee's language;
pass them in a :class:`Vocabulary`. Seeded entries are worded here.

Documents are the Ministry of Justice's Chinese forms: they are printed in
:data:`DOCUMENT_LANGUAGE` whatever the interface language is. The interface (``case show``,
lists) uses the same words in its own language (``lang=None``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum

from mediation_app.domain.ethnicity import ethnicities
from mediation_app.i18n import current_language, pgettext, pgettext_in

CONTEXT = "document"
DOCUMENT_LANGUAGE = "zh_CN"


class _Mark:
    """Marks context-qualified msgids for extraction (Babel's pgettext keyword) without translating."""

    @staticmethod
    def pgettext(context: str, message: str) -> str:
        return message




class Kind(StrEnum):
    REFUSAL_REASON = "refusal_reason"
    ROUTE = "route"
    TERMINATION_KIND = "termination_kind"
    SATISFACTION = "satisfaction"
    RETENTION = "retention"
    DISPUTE_TYPE = "dispute_type"
    SUBTYPE = "subtype"
    DISPUTE_NAME = "dispute_name"  # how a dispute of a (sub-)type is named in a title: ……纠纷
    CASE_SOURCE = "case_source"
    PARTY_ROLE = "party_role"
    PARTICIPANT_ROLE = "participant_role"
    MEETING_MODE = "meeting_mode"
    FOLLOW_UP_MODE = "follow_up_mode"
    PERFORMANCE = "performance"
    EVIDENCE_KIND = "evidence_kind"
    EXECUTION_METHOD = "execution_method"
    ID_TYPE = "id_type"
    ETHNICITY = "ethnicity"
    REMOTE_CONSENT = "remote_consent"
    IDENTITY_CHECK = "identity_check"
    COMPLAINT_BODY = "complaint_body"


class UnknownCode(ValueError):
    """A code with no printed word: a bug or a list entry that was never configured."""

    def __init__(self, kind: str, code: object):
        self.kind, self.code = kind, code
        super().__init__(f"no printed word for {kind} code {code!r}")


_TABLES: dict[Kind, dict[str, str]] = {
    # 若干规定 Art. 22 and practice; each reads in "经审查，……。"
    Kind.REFUSAL_REASON: {
        "special_authority": _Mark.pgettext("document", "the dispute may only be handled by a specific authority, or the law "
                                           "forbids settling it by people's mediation"),
        "already_handled": _Mark.pgettext("document", "the dispute has already been accepted or decided by a people's court, "
                                         "the public security organ or another administrative body"),
        "party_refuses": _Mark.pgettext("document", "one party has expressly refused mediation"),
        "criminal": _Mark.pgettext("document", "the matter is already a criminal or public-security case for the police"),
        "not_civil": _Mark.pgettext("document", "the matter is not a civil dispute between the parties"),
        "no_respondent": _Mark.pgettext("document", "the application has no clear respondent or no specific request"),
        "other": _Mark.pgettext("document", "the dispute is not suitable for people's mediation"),
    },
    # law Arts. 3 and 26; each reads as a numbered item after "可以通过以下途径……："
    Kind.ROUTE: {
        "lawsuit": _Mark.pgettext("document", "bring a lawsuit at the people's court with jurisdiction"),
        "arbitration": _Mark.pgettext("document", "apply for arbitration according to law"),
        "labour_arbitration": _Mark.pgettext("document", "apply to the labour dispute arbitration commission"),
        "administrative": _Mark.pgettext("document", "ask the competent administrative department to handle it"),
        "market_regulation": _Mark.pgettext("document", "complain to the market regulation department (weights and quality)"),
        "township": _Mark.pgettext("document", "ask the township government or the sub-district office to handle it"),
        "court_mediation": _Mark.pgettext("document", "apply for court-linked mediation"),
        "police": _Mark.pgettext("document", "report it to the public security organ"),
    },
    Kind.TERMINATION_KIND: {
        "failed": _Mark.pgettext("document", "no agreement could be reached"),
        "withdrawn": _Mark.pgettext("document", "a party asked to end the mediation"),
        "no_consent": _Mark.pgettext("document", "a party refused mediation"),
    },
    Kind.SATISFACTION: {
        "satisfied": _Mark.pgettext("document", "satisfied"),
        "fairly": _Mark.pgettext("document", "fairly satisfied"),
        "unsatisfied": _Mark.pgettext("document", "not satisfied"),
    },
    Kind.RETENTION: {
        "permanent": _Mark.pgettext("document", "permanent"),
        "long": _Mark.pgettext("document", "long term"),
        "short": _Mark.pgettext("document", "short term"),
        "10y": _Mark.pgettext("document", "ten years"),
        "30y": _Mark.pgettext("document", "thirty years"),
    },
    # the 15 official types of the statistical report, as printed ("……纠纷")
    Kind.DISPUTE_TYPE: {
        "marriage_family": _Mark.pgettext("document", "marriage and family dispute"),
        "neighbour": _Mark.pgettext("document", "neighbour dispute"),
        "housing_homestead": _Mark.pgettext("document", "housing and homestead dispute"),
        "contract": _Mark.pgettext("document", "contract dispute"),
        "production_business": _Mark.pgettext("document", "production and business dispute"),
        "damages": _Mark.pgettext("document", "damages dispute"),
        "forest_land": _Mark.pgettext("document", "forest and land dispute"),
        "land_acquisition": _Mark.pgettext("document", "land acquisition and demolition dispute"),
        "environment": _Mark.pgettext("document", "environmental pollution dispute"),
        "labour": _Mark.pgettext("document", "labour dispute"),
        "consumer": _Mark.pgettext("document", "consumer dispute"),
        "medical": _Mark.pgettext("document", "medical dispute"),
        "traffic": _Mark.pgettext("document", "road traffic accident dispute"),
        "property_management": _Mark.pgettext("document", "property management dispute"),
        "other": _Mark.pgettext("document", "other dispute"),
    },
    Kind.SUBTYPE: {
        "payment_arrears": _Mark.pgettext("document", "payment arrears"),
        "goods_quality": _Mark.pgettext("document", "quality of goods"),
        "short_weight": _Mark.pgettext("document", "short weight"),
        "transit_damage": _Mark.pgettext("document", "damage in transit"),
        "stall_lease": _Mark.pgettext("document", "stall lease"),
        "price_dispute": _Mark.pgettext("document", "price"),
        "private_loan": _Mark.pgettext("document", "private loan"),
        "market_injury": _Mark.pgettext("document", "injury in the market"),
        "porter_wages": _Mark.pgettext("document", "porters' and helpers' pay"),
        "forced_trading": _Mark.pgettext("document", "forced trading"),
        "inferior_goods": _Mark.pgettext("document", "passing off inferior goods"),
        "divorce_property": _Mark.pgettext("document", "property after divorce"),
        "support_alimony": _Mark.pgettext("document", "support and maintenance"),
        "inheritance": _Mark.pgettext("document", "inheritance"),
        "boundary": _Mark.pgettext("document", "boundary and right of way"),
        "noise_water": _Mark.pgettext("document", "noise, water and nuisance between neighbours"),
        "grazing_boundary": _Mark.pgettext("document", "grazing boundary"),
        "unpaid_wages": _Mark.pgettext("document", "unpaid migrant workers' wages"),
        "work_injury": _Mark.pgettext("document", "work injury"),
        "tenancy": _Mark.pgettext("document", "house tenancy"),
    },
    # a dispute named as the forms name it, "X与Y……纠纷"
    Kind.DISPUTE_NAME: {
        "payment_arrears": _Mark.pgettext("document", "payment arrears dispute"),
        "goods_quality": _Mark.pgettext("document", "goods quality dispute"),
        "short_weight": _Mark.pgettext("document", "short weight dispute"),
        "transit_damage": _Mark.pgettext("document", "transit damage contract dispute"),
        "stall_lease": _Mark.pgettext("document", "stall lease contract dispute"),
        "price_dispute": _Mark.pgettext("document", "price dispute"),
        "private_loan": _Mark.pgettext("document", "private loan dispute"),
        "market_injury": _Mark.pgettext("document", "personal injury compensation dispute"),
        "porter_wages": _Mark.pgettext("document", "labour remuneration dispute"),
        "forced_trading": _Mark.pgettext("document", "forced trading dispute"),
        "inferior_goods": _Mark.pgettext("document", "inferior goods dispute"),
        "divorce_property": _Mark.pgettext("document", "post-divorce property dispute"),
        "support_alimony": _Mark.pgettext("document", "support and maintenance dispute"),
        "inheritance": _Mark.pgettext("document", "inheritance dispute"),
        "boundary": _Mark.pgettext("document", "boundary and right of way dispute"),
        "noise_water": _Mark.pgettext("document", "neighbour nuisance dispute"),
        "grazing_boundary": _Mark.pgettext("document", "grazing boundary dispute"),
        "unpaid_wages": _Mark.pgettext("document", "unpaid wages dispute"),
        "work_injury": _Mark.pgettext("document", "work injury compensation dispute"),
        "tenancy": _Mark.pgettext("document", "house tenancy contract dispute"),
    },
    Kind.CASE_SOURCE: {
        "application": _Mark.pgettext("document", "application by a party"),
        "initiative": _Mark.pgettext("document", "mediation on the committee's own initiative"),
        "court": _Mark.pgettext("document", "referred or entrusted by a people's court"),
        "police": _Mark.pgettext("document", "transferred by the public security organ"),
        "petition": _Mark.pgettext("document", "transferred by the petition department"),
        "procuratorate": _Mark.pgettext("document", "transferred by the people's procuratorate"),
        "hotline": _Mark.pgettext("document", "transferred by the 12345 hotline"),
        "grid": _Mark.pgettext("document", "reported by a grid worker"),
        "other_dept": _Mark.pgettext("document", "transferred by another department"),
    },
    Kind.PARTY_ROLE: {
        "applicant": _Mark.pgettext("document", "applicant"),
        "respondent": _Mark.pgettext("document", "respondent"),
        "third_party": _Mark.pgettext("document", "third party"),
    },
    Kind.PARTICIPANT_ROLE: {
        "invited": _Mark.pgettext("document", "invited participant"),
        "interpreter": _Mark.pgettext("document", "interpreter"),
        "witness": _Mark.pgettext("document", "witness"),
        "recorder": _Mark.pgettext("document", "recorder"),
        "agent": _Mark.pgettext("document", "authorised agent"),
    },
    Kind.MEETING_MODE: {
        "on_site": _Mark.pgettext("document", "mediation on site"),
        "video": _Mark.pgettext("document", "mediation by video"),
        "phone": _Mark.pgettext("document", "mediation by phone"),
        "mixed": _Mark.pgettext("document", "on site and remote"),
    },
    Kind.REMOTE_CONSENT: {
        "written": _Mark.pgettext("document", "agreed in writing"),
        "recorded": _Mark.pgettext("document", "agreed on an audio or video recording"),
    },
    Kind.IDENTITY_CHECK: {
        "id_on_camera": _Mark.pgettext("document", "resident identity card shown on camera and checked"),
        "platform_face": _Mark.pgettext("document", "face verification on the platform"),
        "known_to_mediator": _Mark.pgettext("document", "personally known to the mediator"),
        "id_details": _Mark.pgettext("document", "identity card number and particulars checked"),
        "id_photo": _Mark.pgettext("document", "photo of the identity card sent and checked"),
    },
    Kind.COMPLAINT_BODY: {
        "market_supervision": _Mark.pgettext("document", "market supervision and administration bureau"),
        "hotline_12315": _Mark.pgettext("document", "12315 complaint and report platform"),
        "consumer_association": _Mark.pgettext("document", "consumer association"),
    },
    Kind.FOLLOW_UP_MODE: {
        "phone": _Mark.pgettext("document", "follow-up by phone"),
        "visit": _Mark.pgettext("document", "follow-up visit in person"),
        "video": _Mark.pgettext("document", "follow-up by video"),
    },
    Kind.PERFORMANCE: {
        "not_due": _Mark.pgettext("document", "the performance period has not yet ended"),
        "performed": _Mark.pgettext("document", "performed in full"),
        "partly": _Mark.pgettext("document", "partly performed"),
        "not_performed": _Mark.pgettext("document", "not performed"),
        "urged": _Mark.pgettext("document", "urged to perform"),
        "sued": _Mark.pgettext("document", "a lawsuit has been brought"),
        "enforced": _Mark.pgettext("document", "enforcement has been applied for"),
    },
    Kind.EVIDENCE_KIND: {
        "evidence": _Mark.pgettext("document", "evidence"),
        "identity": _Mark.pgettext("document", "identity documents of the parties"),
        "power_of_attorney": _Mark.pgettext("document", "power of attorney"),
        "signed_copy": _Mark.pgettext("document", "signed agreement"),
        "receipt": _Mark.pgettext("document", "proof of performance"),
        "court_ruling": _Mark.pgettext("document", "judicial confirmation ruling"),
        "other": _Mark.pgettext("document", "other material"),
    },
    Kind.EXECUTION_METHOD: {
        "signature": _Mark.pgettext("document", "signed"),
        "seal": _Mark.pgettext("document", "sealed"),
        "fingerprint": _Mark.pgettext("document", "fingerprinted"),
        "signature_fingerprint": _Mark.pgettext("document", "signed and fingerprinted"),
        "signature_seal": _Mark.pgettext("document", "signed by the representative and sealed"),
    },
    Kind.ID_TYPE: {
        "resident_id": _Mark.pgettext("document", "resident identity card"),
        "passport": _Mark.pgettext("document", "passport"),
        "hk_macao_permit": _Mark.pgettext("document", "Hong Kong and Macao residents' travel permit"),
        "taiwan_permit": _Mark.pgettext("document", "Taiwan residents' travel permit"),
        "foreign_pr": _Mark.pgettext("document", "foreigner's permanent residence card"),
        "other": _Mark.pgettext("document", "other identity document"),
        "none": _Mark.pgettext("document", "no identity document shown"),
    },
}

_ETHNICITY = {e.code: e for e in ethnicities()}
_DISPUTE_SUFFIX = "纠纷"


def seeded(kind: Kind | str) -> Mapping[str, str]:
    """The codes this module words itself (enum values and seeded list entries) and their msgids."""
    return _TABLES.get(Kind(kind), {})


def _translate(msgid: str, lang: str | None) -> str:
    return pgettext(CONTEXT, msgid) if lang is None else pgettext_in(lang, CONTEXT, msgid)


class Vocabulary:
    """The printed words, with the entries a committee added to its lists (``kind -> code -> label``).

    ``lang`` is the language of the words: :data:`DOCUMENT_LANGUAGE` for documents (the default),
    ``None`` for the interface's current language.
    """

    def __init__(self, entries: Mapping[str, Mapping[str, str]] | None = None,
                 lang: str | None = DOCUMENT_LANGUAGE):
        self.entries = {str(k): dict(v) for k, v in (entries or {}).items()}
        self.lang = lang

    def words(self, kind: Kind | str, code: object) -> str:
        """The printed word of ``code``; raises :class:`UnknownCode` for a code without one."""
        kind = Kind(kind)
        key = str(getattr(code, "value", code)) if code is not None else ""
        if kind is Kind.ETHNICITY:
            e = _ETHNICITY.get(key)
            if e is None:
                raise UnknownCode(kind, code)
            return e.zh_name if (self.lang or current_language()).startswith("zh") else e.label()
        msgid = _TABLES[kind].get(key)
        if msgid is not None:
            return _translate(msgid, self.lang)
        if kind is Kind.DISPUTE_NAME:  # a committee's own sub-type: its label, named as a dispute
            label = self.entries.get(Kind.SUBTYPE, {}).get(key, "").strip()
            if label:
                return label if label.endswith(_DISPUTE_SUFFIX) else label + _DISPUTE_SUFFIX
        label = self.entries.get(kind, {}).get(key, "").strip()
        if label:
            return label
        raise UnknownCode(kind, code)

    def optional(self, kind: Kind | str, code: object) -> str:
        """As :meth:`words`, but an empty field (None or "") prints as empty."""
        return "" if code is None or code == "" else self.words(kind, code)

    def all(self, kind: Kind | str, codes: Iterable[object]) -> tuple[str, ...]:
        return tuple(self.words(kind, c) for c in codes)


_BUILTIN = Vocabulary()
_INTERFACE = Vocabulary(lang=None)


def words(kind: Kind | str, code: object, *, lang: str | None = DOCUMENT_LANGUAGE) -> str:
    """The printed word of an enum value or seeded list entry (documents' language by default;
    ``lang=None`` for the interface language). Raises :class:`UnknownCode`."""
    if lang == DOCUMENT_LANGUAGE:
        return _BUILTIN.words(kind, code)
    if lang is None:
        return _INTERFACE.words(kind, code)
    return Vocabulary(lang=lang).words(kind, code)


def dispute_title(first_side: Iterable[str], other_side: Iterable[str], dispute_name: str) -> str:
    """A dispute named as the forms name it: "马福海与李建国运输损坏合同纠纷".

    ``first_side`` are the applicants (or whoever comes first), ``other_side`` the respondents and
    third parties. More than three names on a side print as "甲、乙等5人"."""

    def side(names: list[str]) -> str:
        names = [n.strip() for n in names if n and n.strip()]
        if len(names) > 3:
            return f"{'、'.join(names[:2])}等{len(names)}人"
        return "、".join(names)

    first, other = list(first_side), list(other_side)
    if not other and len(first) > 1:
        first, other = first[:1], first[1:]
    left, right = side(first), side(other)
    who = f"{left}与{right}" if left and right else (left or right)
    return f"{who}{dispute_name}"
