"""The words the documents print for a case: its title, its type, its refusal reason.

A dispute is named as the forms name it ("马福海与李建国运输损坏合同纠纷") unless a title was typed.
Pure: read models and the vocabulary in, words out.
"""

from __future__ import annotations

from mediation_app.domain.enums import IdType, PartyKind, PartyRole
from mediation_app.domain.vocabulary import Kind, Vocabulary, dispute_title
from mediation_app.services import read_models as rm


def _sides(detail: rm.CaseDetail) -> tuple[list[str], list[str]]:
    applicants = [p.name for p in detail.parties if p.role == PartyRole.APPLICANT]
    others = [p.name for p in detail.parties if p.role != PartyRole.APPLICANT]
    return applicants, others


def list_text(detail: rm.CaseDetail) -> str:
    """The parties column of the case list ("甲 — 乙"), once stored as the title when none was typed."""
    applicants, others = _sides(detail)
    text = "、".join(applicants)
    if others:
        text = f"{text} — {'、'.join(others)}" if text else "、".join(others)
    return text


def dispute_name(detail: rm.CaseDetail, vocab: Vocabulary) -> str:
    """The dispute named by its sub-type (or official type): 运输损坏合同纠纷."""
    if detail.subtype_code:
        return vocab.words(Kind.DISPUTE_NAME, detail.subtype_code)
    return vocab.words(Kind.DISPUTE_TYPE, detail.dispute_type)


def case_title(detail: rm.CaseDetail, vocab: Vocabulary) -> str:
    """The title typed for the case, or the dispute named as the forms do: "X与Y……纠纷"."""
    typed = (detail.title or "").strip()
    if typed and typed != list_text(detail)[:300]:
        return typed
    return dispute_title(*_sides(detail), dispute_name(detail, vocab))


def dispute_type_words(detail: rm.CaseDetail, vocab: Vocabulary) -> str:
    """纠纷类型 as the register prints it: the official type, and the sub-type in brackets."""
    core = vocab.words(Kind.DISPUTE_TYPE, detail.dispute_type)
    if detail.subtype_code:
        return f"{core}（{vocab.words(Kind.SUBTYPE, detail.subtype_code)}）"
    return core


def refusal_reason(detail: rm.CaseDetail, vocab: Vocabulary) -> str:
    """The refusal reason from the list, with the note typed beside it ("other": the note alone)."""
    code = detail.refusal_reason_code
    note = (detail.refusal_note or "").strip().rstrip("。；;.")
    if not code:
        return note
    if code == "other" and note:
        return note
    word = vocab.words(Kind.REFUSAL_REASON, code)
    return f"{word}（{note}）" if note else word


def id_label(party: rm.PartyView, vocab: Vocabulary) -> str:
    """What a party's number is, as the forms print it before the number: 统一社会信用代码 for an
    organisation, 公民身份号码 for a resident identity card, else the document's name and 号码
    (护照号码, 港澳居民来往内地通行证号码 …), so a court can tell which document to ask for."""
    if party.kind == PartyKind.LEGAL and party.credit_code:
        return "统一社会信用代码"
    code = party.id_type or IdType.RESIDENT_ID
    if code == IdType.RESIDENT_ID:
        return "公民身份号码"
    if code in (IdType.OTHER, IdType.NONE):
        return "证件号码"
    return f"{vocab.words(Kind.ID_TYPE, code)}号码"
