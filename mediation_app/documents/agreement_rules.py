"""What a final agreement must contain, and the content its verification code is computed from.

The required elements are the domain's (facts 9–14): this module translates the documents' data
into the draft of ``mediation_app.domain.agreement_check`` and runs that checker.
"""

from __future__ import annotations

from typing import Any

from mediation_app.documents.data import Agreement, CaseDocuments, Party
from mediation_app.domain import fingerprint
from mediation_app.domain.agreement_check import (
    AgreementCheck,
    AgreementDraft,
    PartyParticulars,
    check_agreement,
)
from mediation_app.domain.enums import DisputeType, PartyKind, Sex
from mediation_app.domain.parallel_text import numbered_terms
from mediation_app.i18n import _


def originals(data: CaseDocuments) -> int:
    """Number of originals: parties + 1 unless overridden (fact 11)."""
    agreement = data.agreement
    if agreement is not None and agreement.originals:
        return agreement.originals
    return len(data.agreement_parties()) + 1


def agreement_content(data: CaseDocuments) -> dict[str, Any]:
    """The canonical content of the agreement (what was agreed, not who signed or when printed)."""
    a = _require(data)

    def party(p: Party) -> dict[str, Any]:
        return {
            "name": p.name,
            "kind": str(p.kind),
            "sex": str(p.sex),
            "ethnicity": p.ethnicity,
            "age": p.age,
            "occupation": p.occupation,
            "contact": p.contact,
            "address": p.address,
            "id": p.id_number,
            "representative": p.legal_representative,
            "title": p.representative_title,
        }

    return {
        "case": data.case.number,
        "number": a.number,
        "form": str(a.form),
        "parties": [party(p) for p in data.agreement_parties()],
        "facts": a.facts,
        "issues": a.issues,
        "responsibilities": a.responsibilities,
        "terms": list(a.terms),
        "obligations": [
            {
                "obligor": data.party_name(o.obligor),
                "obligee": data.party_name(o.obligee),
                "due": o.due,
                "amount_fen": o.amount_fen,
                "description": o.description,
                "place": o.place,
                "method": o.method,
                **({"period": o.period, "until": o.until} if o.period else {}),
            }
            for o in a.obligations
        ],
        "performance": {
            "method": a.performance_method,
            "place": a.performance_place,
            "deadline": a.performance_deadline,
        },
        "originals": originals(data),
        "tibetan": [a.tibetan.title, *a.tibetan.paragraphs] if a.tibetan else [],
    }


def content_hash(data: CaseDocuments) -> str:
    return fingerprint.content_hash(agreement_content(data))


def verification_code(data: CaseDocuments) -> str:
    """The short code printed on the agreement (the stored one when given)."""
    a = _require(data)
    return fingerprint.normalise_code(a.verification_code) or fingerprint.verification_code(
        agreement_content(data)
    )


def _require(data: CaseDocuments) -> Agreement:
    if data.agreement is None:
        raise ValueError("the case has no agreement")
    return data.agreement


def agreement_draft(data: CaseDocuments) -> AgreementDraft:
    """The domain checker's view of the agreement."""
    a = _require(data)

    def particulars(p: Party) -> PartyParticulars:
        return PartyParticulars(
            key=p.key,
            kind=PartyKind(p.kind),
            name=p.name,
            sex=Sex(p.sex),
            ethnicity=p.ethnicity,
            age=p.age,
            occupation=p.occupation,
            contact=p.contact,
            address=p.address,
            legal_rep_name=p.legal_representative,
            legal_rep_title=p.representative_title,
            statutory_agent=p.agent is not None and p.agent.statutory,
        )

    try:
        dispute_type = DisputeType(data.case.dispute_type)
    except ValueError:
        dispute_type = DisputeType.OTHER
    return AgreementDraft(
        parties=tuple(particulars(p) for p in data.agreement_parties()),
        facts=a.facts,
        issues=a.issues or a.responsibilities,
        terms=tuple(a.terms),
        performance_method=a.performance_method or next((o.method for o in a.obligations if o.method), ""),
        performance_place=a.performance_place,
        performance_deadline=a.performance_deadline,
        obligation_due_dates=tuple(o.due for o in a.obligations),
        obligation_periods=tuple(o.period for o in a.obligations),
        obligation_until=tuple(o.until for o in a.obligations),
        translated_terms=numbered_terms(a.tibetan.paragraphs) if a.tibetan is not None else None,
        originals_override=a.originals,
        executed_party_keys=frozenset(e.party_key for e in a.executions),
        mediator_signed=a.mediator_signed,
        seal_affixed=a.seal_affixed,
        recorder_name=a.recorder,
        dispute_type=dispute_type,
        personal_status=False,
    )


def check(data: CaseDocuments) -> AgreementCheck:
    return check_agreement(agreement_draft(data))


def missing_elements(data: CaseDocuments) -> list[str]:
    """Messages for the required elements a final written agreement lacks (empty: may be finalised)."""
    if data.agreement is None:
        return [_("There is no agreement")]
    return [issue.message for issue in check(data).missing]
