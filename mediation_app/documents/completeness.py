"""Before archiving: what the case file still lacks (fact 25, plus signatures and follow-up).

Pure: reads the data only, renders nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from mediation_app.documents import agreement_rules
from mediation_app.documents.data import CaseDocuments
from mediation_app.domain.enums import AgreementForm, CaseStatus, ConsentKind, EvidenceKind, MeetingOutcome
from mediation_app.i18n import _

_AGREED = {
    CaseStatus.AGREEMENT_DRAFTED,
    CaseStatus.AGREEMENT_EFFECTIVE,
    CaseStatus.ORAL_AGREEMENT,
    CaseStatus.PERFORMING,
}


@dataclass(frozen=True)
class MissingItem:
    code: str  # stable, for tests and for the UI to link to the place to fix it
    message: str  # translated


def agreement_reached(data: CaseDocuments) -> bool:
    return (
        data.agreement is not None
        or data.case.status in {s.value for s in _AGREED}
        or any(m.outcome == MeetingOutcome.AGREEMENT for m in data.meetings)
    )


RECEIPT_WORDS = ("收条", "收据", "收款凭证", "收款证明")


def states_receipt(data: CaseDocuments) -> bool:
    """Whether the agreement says a receipt is (to be) issued for a payment."""
    a = data.agreement
    if a is None:
        return False
    texts = [*a.terms, a.performance_method, *(o.method for o in a.obligations), *(o.description for o in a.obligations)]
    return any(word in t for t in texts for word in RECEIPT_WORDS)


def _performance_proofs(d: CaseDocuments, miss: Callable[[str, str], None]) -> None:
    receipts = sum(1 for a in d.attachments if a.kind == EvidenceKind.RECEIPT)
    payments = sum(1 for e in d.performance if e.is_payment)
    if receipts < payments:
        miss(
            "receipts",
            _("Proof of every payment recorded (receipts or transfer slips: {have} of {need})").format(
                have=receipts, need=payments
            ),
        )
    elif states_receipt(d) and receipts == 0:
        miss("receipts", _("The receipt the agreement says is issued"))


def _recorders(d: CaseDocuments, miss: Callable[[str, str], None]) -> None:
    if any(not m.recorder.strip() for m in d.meetings):
        miss("session_recorder", _("The recorder of every session record"))
    if d.agreement is not None and not d.agreement.recorder.strip():
        miss("agreement_recorder", _("The recorder of the agreement"))


def check_completeness(data: CaseDocuments) -> list[MissingItem]:
    d = data
    out: list[MissingItem] = []

    def miss(code: str, message: str) -> None:
        out.append(MissingItem(code, message))

    if d.refusal is not None:  # a refused case is filed with its register and notice only
        if d.cover is None or not d.cover.file_number or not d.cover.retention_period:
            miss("cover", _("Cover: file number and retention period"))
        _compiler_and_checker(d, miss)
        return out
    if not (d.case.registered_on or d.case.accepted_on):
        miss("application_or_register", _("Application or acceptance register"))
    if not any(c.kind == ConsentKind.NOTICE_GIVEN for c in d.consents):
        miss("rights_notice", _("Rights-and-duties notice given to the parties"))
    ids = sum(1 for a in d.attachments if a.kind == EvidenceKind.IDENTITY)
    if ids < len(d.parties):
        miss(
            "party_ids",
            _("Identity documents of the parties ({have} of {need})").format(have=ids, need=len(d.parties)),
        )
    if not d.meetings and not d.case.quick_entry:  # on the spot, the oral register is the record
        miss("session_record", _("At least one mediation session record"))
    elif not all(m.signed for m in d.meetings):
        miss("session_signatures", _("Signatures on every session record"))
    if agreement_reached(d):
        a = d.agreement
        if a is None:
            miss("agreement", _("The agreement (written, or the oral agreement register)"))
        elif a.form == AgreementForm.WRITTEN:
            lacks = agreement_rules.missing_elements(d)
            if lacks:
                miss("agreement_elements", _("Agreement elements: {items}").format(items="; ".join(lacks)))
            signed = {e.party_key for e in a.executions}
            unsigned = [p.name for p in d.agreement_parties() if p.key not in signed]
            if unsigned:
                miss(
                    "agreement_signatures",
                    _("Agreement not executed by: {names}").format(names="、".join(unsigned)),
                )
            if not a.mediator_signed:
                miss("mediator_signature", _("Mediator's signature on the agreement"))
            if not a.seal_affixed:
                miss("committee_seal", _("Committee seal on the agreement"))
        if not d.follow_ups and not d.case.quick_entry:  # performed on the spot
            miss("follow_up", _("Follow-up visit on performance"))
    if d.termination is not None and not d.termination.routes:
        miss("termination_routes", _("Routes the parties were told of on termination"))
    _performance_proofs(d, miss)
    _recorders(d, miss)
    if d.cover is None or not d.cover.file_number or not d.cover.retention_period:
        miss("cover", _("Cover: file number and retention period"))
    _compiler_and_checker(d, miss)
    return out


def _compiler_and_checker(d: CaseDocuments, miss: Callable[[str, str], None]) -> None:
    c = d.cover
    if c is None:  # reported as the missing cover
        return
    if not (c.compiler or d.case.compiler).strip():
        miss("compiler", _("The compiler of the file (立卷人)"))
    if not c.checker.strip():
        miss("checker", _("The checker of the file (检查人)"))
