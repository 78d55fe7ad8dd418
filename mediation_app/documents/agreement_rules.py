"""What a final agreement must contain, and the content its verification code is computed from.

The required elements are the domain's (facts 9–14): the agreement checker in
``mediation_app.domain.agreement_check`` is used when it is available; this module translates the
documents' data into its draft type. Without it, the same rules are applied here.
"""

from __future__ import annotations

from typing import Any

from mediation_app.documents.data import Agreement, CaseDocuments, Party
from mediation_app.domain import fingerprint
from mediation_app.domain.enums import AgreementForm
from mediation_app.i18n import N_, _


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
            "name": p.name, "kind": str(p.kind), "sex": str(p.sex), "ethnicity": p.ethnicity, "age": p.age,
            "occupation": p.occupation, "contact": p.contact, "address": p.address, "id": p.id_number,
            "representative": p.legal_representative, "title": p.representative_title,
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
                "obligor": data.party_name(o.obligor), "obligee": data.party_name(o.obligee), "due": o.due,
                "amount_fen": o.amount_fen, "description": o.description, "place": o.place, "method": o.method,
            }
            for o in a.obligations
        ],
        "performance": {"method": a.performance_method, "place": a.performance_place,
                        "deadline": a.performance_deadline},
        "originals": originals(data),
        "tibetan": [a.tibetan.title, *a.tibetan.paragraphs] if a.tibetan else [],
    }


def content_hash(data: CaseDocuments) -> str:
    return fingerprint.content_hash(agreement_content(data))


def verification_code(data: CaseDocuments) -> str:
    """The short code printed on the agreement (the stored one when given)."""
    a = _require(data)
    return fingerprint.normalise_code(a.verification_code) or fingerprint.verification_code(agreement_content(data))


def _require(data: CaseDocuments) -> Agreement:
    if data.agreement is None:
        raise ValueError("the case has no agreement")
    return data.agreement


def _party_missing(p: Party) -> list[str]:
    if p.is_legal:
        fields = [(p.name, N_("name")), (p.address, N_("address")),
                  (p.legal_representative, N_("legal representative")),
                  (p.representative_title, N_("representative's position"))]
    else:
        fields = [(p.name, N_("name")), (p.sex in ("male", "female"), N_("sex")), (p.ethnicity, N_("ethnicity")),
                  (p.age is not None, N_("age")), (p.occupation, N_("occupation")), (p.contact, N_("contact")),
                  (p.address, N_("work unit or address"))]
    return [_(what) for ok, what in fields if not ok]


def missing_elements(data: CaseDocuments) -> list[str]:
    """Required elements a final written agreement lacks (empty list: it may be finalised)."""
    a = data.agreement
    if a is None:
        return [_("an agreement")]
    domain = _domain_check(data)
    if domain is not None:
        return domain
    missing: list[str] = []
    parties = data.agreement_parties()
    if len(parties) < 2:
        missing.append(_("at least two parties"))
    for p in parties:
        lacks = _party_missing(p)
        if lacks:
            missing.append(_("particulars of {party}: {fields}").format(party=p.name or "?", fields=", ".join(lacks)))
    if not (a.facts.strip() and (a.issues.strip() or a.responsibilities.strip())):
        missing.append(_("main facts and disputed issues"))
    if not any(t.strip() for t in a.terms):
        missing.append(_("numbered terms"))
    if not (a.performance_method.strip() or any(o.method for o in a.obligations)):
        missing.append(_("method of performance"))
    if a.performance_deadline is None and not (a.obligations and all(o.due for o in a.obligations)):
        missing.append(_("deadline of performance"))
    if originals(data) < len(parties) + 1:
        missing.append(_("number of originals (at least one per party and one for the committee)"))
    if not a.mediator.strip():
        missing.append(_("mediator"))
    if a.form == AgreementForm.WRITTEN and not a.recorder.strip():
        missing.append(_("recorder"))
    return missing


def _domain_check(data: CaseDocuments) -> list[str] | None:
    """Use the domain's agreement checker when it is installed (returns None when it is not)."""
    try:
        from mediation_app.domain import agreement_check  # noqa: PLC0415
    except ImportError:
        return None
    build = getattr(agreement_check, "draft_from_documents", None)
    if build is None:
        return None
    result = agreement_check.check_agreement(build(data))
    return [str(m) for m in result.missing]
