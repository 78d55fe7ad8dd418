"""From the case read models to the documents' data (pure translation, no database)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

from mediation_app.documents import data as dd
from mediation_app.domain import fingerprint
from mediation_app.domain.enums import (
    AgentKind,
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
from mediation_app.domain.records import parse_qa
from mediation_app.domain.remote import IdentityCheck, RemoteConsent, is_remote
from mediation_app.domain.vocabulary import Kind, UnknownCode, Vocabulary
from mediation_app.services import read_models as rm
from mediation_app.services.document_words import (
    case_title,
    dispute_type_words,
    id_label,
    list_text,
    refusal_reason,
)


def _enum(cls: Any, value: Any, empty: Any) -> Any:
    """The enum member of a stored code; ``empty`` only for a field left empty. An unknown code raises
    (:class:`~mediation_app.domain.vocabulary.UnknownCode`): a document never guesses."""
    if value is None or value == "":
        return empty
    try:
        return cls(value)
    except ValueError:
        raise UnknownCode(cls.__name__, value) from None


def _key(link_id: uuid.UUID) -> str:
    return str(link_id)


def fingerprint_mapping(detail: rm.CaseDetail, a: rm.AgreementView) -> dict[str, Any]:
    """The content the verification code covers, as the agreement service computes it when the
    agreement takes effect; built here from the read models so a copy printed before it takes
    effect carries the same code."""
    return {
        "case": detail.number,
        "agreement": a.number or "",
        "parties": [
            {"name": p.name, "role": p.role, "id": p.id_number or p.credit_code or ""} for p in detail.parties
        ],
        "facts": a.facts,
        "issues": a.issues,
        "responsibilities": a.responsibilities,
        "terms": list(a.terms),
        "obligations": [
            fingerprint.obligation_content(
                obligor=o.obligor_name, obligee=o.obligee_name or "", amount_fen=o.amount_fen, due_on=o.due_on,
                place=o.place or "", method=o.method or "", description=o.description, period=o.period or None,
                until=o.period_until)
            for o in a.obligations
        ],
        "performance": [a.performance_method, a.performance_place, a.performance_deadline],
        "originals": a.originals_override or len(detail.parties) + 1,
    }


def agreement_code(detail: rm.CaseDetail, a: rm.AgreementView) -> str:
    """The stored hash once the agreement is effective; the same mapping before that."""
    digest = a.content_hash or fingerprint.content_hash(fingerprint_mapping(detail, a))
    return fingerprint.short_code(digest)


def _party(p: rm.PartyView, vocab: Vocabulary) -> dd.Party:
    agent = (dd.Agent(p.agent_name, contact=p.agent_phone or "", statutory=p.agent_kind == AgentKind.STATUTORY)
             if p.agent_name else None)
    return dd.Party(
        key=_key(p.link_id),
        name=p.name,
        role=_enum(PartyRole, p.role, PartyRole.APPLICANT),
        kind=_enum(PartyKind, p.kind, PartyKind.NATURAL),
        sex=_enum(Sex, p.sex, Sex.UNKNOWN),
        ethnicity=vocab.optional(Kind.ETHNICITY, p.ethnicity),
        age=p.age,
        occupation=p.occupation or p.business_type or "",
        contact=p.phone or "",
        address=p.address or "",
        id_label=id_label(p, vocab),
        id_number=p.id_number or p.credit_code or "",
        legal_representative=p.legal_rep_name or "",
        representative_title=p.legal_rep_title or "",
        agent=agent,
        preferred_language=p.preferred_language or "",
    )


def _with_interpreter(party: dd.Party, link_id: uuid.UUID, detail: rm.CaseDetail) -> dd.Party:
    """The interpreter who assisted this party (fact 34), named on the documents."""
    names = [p.name for p in detail.participants
             if p.role == ParticipantRole.INTERPRETER and p.assists_link_id == link_id]
    return dataclasses.replace(party, interpreter="、".join(names)) if names else party


def _participant(p: rm.ParticipantView) -> dd.Participant:
    return dd.Participant(
        p.name,
        _enum(ParticipantRole, p.role, ParticipantRole.INVITED),
        p.organisation or p.relation or "",
        p.languages or "",
    )


def _local(value: dt.datetime | None) -> dt.datetime | None:
    if value is None:
        return None
    return value.astimezone().replace(tzinfo=None) if value.tzinfo else value


def _meeting(
    m: rm.MeetingView,
    participants: dict[uuid.UUID, dd.Participant],
    routes: tuple[str, ...] = (),
    subjects: tuple[str, str] = ("", ""),
) -> dd.Meeting:
    """``subjects``: the case list's parties text (once copied into the subject when nothing was typed)
    and the dispute's name that replaces it."""
    at = _local(m.held_at or m.scheduled_at) or dt.datetime.now()
    parties = tuple(_key(a.ref_id) for a in m.attendees if a.kind == "party")
    mediators = tuple(a.name for a in m.attendees if a.kind == "mediator")
    others = tuple(
        participants.get(a.ref_id) or dd.Participant(a.name) for a in m.attendees if a.kind == "participant"
    )
    return dd.Meeting(
        at=at,
        place=m.place,
        subject=subjects[1] if not m.subject.strip() or m.subject == subjects[0] else m.subject,
        parties_present=parties,
        mediators=mediators,
        recorder=m.recorder_name or "",
        mode=_enum(MeetingMode, m.mode, MeetingMode.ON_SITE),
        participants=others,
        notice_given=m.notice_read,
        record=m.record_text,
        statements=m.statements,
        evidence_checked=m.evidence_checked or "",
        risk_warning=m.risk_warning or "",
        outcome=_enum(MeetingOutcome, m.outcome, MeetingOutcome.CONTINUE),
        failure_reason=m.failure_reason or "",
        routes=routes if m.outcome == MeetingOutcome.FAILED else (),
        public=m.is_public,
        signed=m.status == "held",
        platform=(m.platform or "") if is_remote(m.mode) else "",
        attendance=_attendance(m, participants) if is_remote(m.mode) else (),
        identity_note=(m.remote_identity_check or "") if is_remote(m.mode) else "",
    )


def _attendance(m: rm.MeetingView, participants: dict[uuid.UUID, dd.Participant]) -> tuple[dd.Attendance, ...]:
    """Everyone present at a remote or mixed session: parties, other participants, mediators."""
    order = {"party": 0, "participant": 1, "mediator": 2}
    out: list[dd.Attendance] = []
    for a in sorted(m.attendees, key=lambda a: order.get(a.kind, 3)):
        if a.kind == "party":
            role = "当事人"
        elif a.kind == "mediator":
            role = "人民调解员"
        else:
            p = participants.get(a.ref_id)
            role = Vocabulary().words(Kind.PARTICIPANT_ROLE, p.role) if p is not None else "参加人"
        out.append(dd.Attendance(
            name=a.name, role=role, remote=bool(a.remote), location=a.location or "",
            consent=_enum(RemoteConsent, a.consent, None) if a.consent else None,
            identity_check=_enum(IdentityCheck, a.identity_check, None) if a.identity_check else None,
        ))
    return tuple(out)


def _agreement(
    detail: rm.CaseDetail, a: rm.AgreementView, participants: tuple[dd.Participant, ...]
) -> dd.Agreement:
    tibetan = None
    if a.tibetan_text and a.tibetan_text.strip():
        lines = [line for line in a.tibetan_text.strip().split("\n") if line.strip()]
        tibetan = dd.TibetanText(lines[0], tuple(lines[1:]))
    interpreters = tuple(
        p for p in participants if p.role == ParticipantRole.INTERPRETER and p.name == a.interpreter_name
    )
    if a.interpreter_name and not interpreters:
        interpreters = (dd.Participant(a.interpreter_name, ParticipantRole.INTERPRETER),)
    oral = a.form == AgreementForm.ORAL
    recorder = a.recorder_name or ""
    if oral and not recorder:  # the register is kept by the mediator who recorded the session, or presided
        recorder = next((m.recorder_name for m in reversed(detail.meetings) if m.recorder_name), None) or (
            detail.presiding_mediator or "")
    return dd.Agreement(
        number=a.number or (detail.number if oral else ""),  # an oral register is filed under the case number
        form=_enum(AgreementForm, a.form, AgreementForm.WRITTEN),
        facts=a.facts,
        issues=a.issues,
        responsibilities=a.responsibilities,
        terms=tuple(a.terms),
        obligations=tuple(
            dd.Obligation(
                _key(o.obligor_link_id),
                _key(o.obligee_link_id) if o.obligee_link_id else "",
                o.due_on,
                o.amount_fen,
                o.description,
                o.place or "",
                o.method or "",
                o.period,
                o.period_until,
            )
            for o in a.obligations
        ),
        performance_method=a.performance_method,
        performance_place=a.performance_place,
        performance_deadline=a.performance_deadline,
        originals=a.originals_override,
        executions=tuple(
            dd.Execution(
                _key(e.link_id), _enum(ExecutionMethod, e.method, ExecutionMethod.SIGNATURE), e.executed_on
            )
            for e in a.executions
        ),
        mediator=detail.presiding_mediator or "",
        recorder=recorder,
        interpreters=interpreters,
        mediator_signed=a.mediator_signed_on is not None,
        seal_affixed=a.seal_affixed_on is not None,
        reached_on=a.reached_on or a.drafted_on,
        effective_on=a.effective_on,
        registered_on=a.reached_on,
        tibetan=tibetan,
        verification_code=agreement_code(detail, a) if a.form == AgreementForm.WRITTEN else "",
    )


def case_documents(
    detail: rm.CaseDetail,
    evidence_bytes: Callable[[uuid.UUID], tuple[str, bytes]] | None = None,
    vocab: Vocabulary | None = None,
) -> dd.CaseDocuments:
    """Everything the documents need, from one case detail (and, for attachments, the files).

    Every stored code that is printed (reasons, routes, types, satisfaction, retention …) is
    handed over as its printed word from ``vocab`` (the committee's lists); an unknown code raises."""
    vocab = vocab or Vocabulary()
    title = case_title(detail, vocab)
    committee = dd.Committee(
        detail.committee.name,
        detail.committee.short_name,
        detail.committee.kind,
        detail.committee.address or "",
        detail.committee.phone or "",
    )
    participant_by_id = {p.id: _participant(p) for p in detail.participants}
    participants = tuple(participant_by_id.values())
    co_mediators = tuple(
        a.mediator_name for a in detail.assignments if a.ended_at is None and a.role != "presiding"
    )
    recorder = next((m.recorder_name for m in detail.meetings if m.recorder_name), "") or ""
    case = dd.Case(
        number=detail.number,
        title=title,
        dispute_type=detail.dispute_type,
        dispute_type_label=dispute_type_words(detail, vocab),
        source=_enum(CaseSource, detail.source, CaseSource.APPLICATION),
        source_label=vocab.words(Kind.CASE_SOURCE, detail.source),
        referrer=detail.referrer_name or "",
        application_form=_enum(NoticeForm, detail.application_form, NoticeForm.WRITTEN),
        registered_on=detail.registered_on,
        accepted_on=detail.accepted_on,
        closed_on=detail.closed_on,
        facts=detail.facts,
        requests=tuple(r.strip() for r in detail.requests.split("\n") if r.strip()),
        place=detail.place or "",
        amount_fen=detail.amount_fen,
        presiding_mediator=detail.presiding_mediator or "",
        co_mediators=co_mediators,
        recorder=recorder,
        registrar=detail.registered_by,
        status=detail.status,
        retention_period=vocab.optional(Kind.RETENTION, detail.retention_period),
        compiler=detail.file_compiler or "",
        quick_entry=detail.quick_entry,
    )
    names = {p.name: _key(p.link_id) for p in detail.parties}
    consents = tuple(
        dd.ConsentRecord(
            names.get(c.party_name, c.party_name),
            _enum(ConsentKind, c.kind, ConsentKind.CONSENT),
            c.on,
            _enum(NoticeForm, c.form, NoticeForm.WRITTEN),
            c.note or "",
        )
        for c in detail.consents
    )
    investigations = tuple(
        dd.Investigation(
            _local(i.at) or dt.datetime.now(),
            i.place,
            tuple(x for x in i.investigators.split("、") if x),
            i.interviewee,
            i.recorder_name or "",
            qa=tuple(dd.QA(q, a) for q, a in parse_qa(i.content)),
            summary="" if parse_qa(i.content) else i.content,
            signed=True,
        )
        for i in detail.investigations
    )
    told = vocab.all(Kind.ROUTE, detail.termination.routes) if detail.termination is not None else ()
    meetings = tuple(
        _meeting(m, participant_by_id, told, (list_text(detail), title))
        for m in detail.meetings
        if m.status != "cancelled"
    )
    agreement = (
        _agreement(detail, detail.current_agreement, participants) if detail.current_agreement else None
    )
    follow_ups = tuple(
        dd.FollowUp(
            _local(f.at) or dt.datetime.now(),
            (f.person_visited,),
            f.visitor_name,
            _enum(FollowUpMode, f.mode, FollowUpMode.VISIT),
            title,
            _enum(PerformanceStatus, f.performance_status, None),
            vocab.optional(Kind.SATISFACTION, f.satisfaction),
            f.lawsuit or "",
            f.new_risk or "",
            f.measures or "",
            f.findings,
            signed=True,
        )
        for f in detail.follow_ups
    )
    confirmation = None
    if detail.confirmations and agreement is not None:
        c = detail.confirmations[-1]
        confirmation = dd.ConfirmationApplication(
            c.court,
            agreement_number=agreement.number,
            agreement_effective_on=agreement.effective_on,
            applied_on=c.applied_on,
        )
    refusal = None
    if detail.status == "refused" and (detail.refusal_reason_code or detail.refusal_reason):
        refusal = dd.Refusal(
            detail.closed_on or detail.registered_on,
            refusal_reason(detail, vocab),
            vocab.all(Kind.ROUTE, detail.refusal_routes),
        )
    termination = None
    if detail.termination is not None:
        t = detail.termination
        termination = dd.Termination(
            t.on,
            t.reason,
            vocab.all(Kind.ROUTE, t.routes),
            _enum(TerminationKind, t.kind, TerminationKind.FAILED),
            bool(t.reported_to),
            t.reported_to or "",
            t.reported_on,
        )
    attachments = tuple(
        dd.Attachment(
            e.title,
            _enum(EvidenceKind, e.kind, EvidenceKind.OTHER),
            e.mime,
            data=evidence_bytes(e.id)[1] if evidence_bytes else None,
            pages=e.pages,
            source=e.source or "",
            exhibit=False,  # a stored file is bound into the case file: not a separate 证物
        )
        for e in detail.evidence
    )
    # 调解日期 ends the day the mediation ended: the agreement reached (or in force), the termination,
    # else the closing; a follow-up visit comes after the mediation and does not end it
    reached = detail.current_agreement
    end = ((reached.reached_on or reached.effective_on) if reached is not None else None) or (
        detail.termination.on if detail.termination is not None else None) or detail.closed_on
    cover = dd.Cover(
        detail.number,
        title,
        detail.presiding_mediator or "",
        detail.accepted_on or detail.registered_on,
        end,
        detail.file_compiler or "",
        detail.file_compiled_on or detail.archived_on,
        vocab.optional(Kind.RETENTION, detail.retention_period),
        checker=detail.file_checker or "",
        checked_on=detail.archived_on,
    )
    note = dd.ExplanatoryNote(detail.explanatory_note) if detail.explanatory_note else None
    return dd.CaseDocuments(
        committee,
        case,
        tuple(_with_interpreter(_party(p, vocab), p.link_id, detail) for p in detail.parties),
        participants,
        consents,
        investigations,
        meetings,
        agreement,
        follow_ups,
        confirmation,
        refusal,
        termination,
        attachments,
        cover,
        note,
        tuple(
            dd.PerformanceEvent(PerformanceStatus(e.kind), e.on, e.amount_fen, e.note or "")
            for e in detail.performance
        ),
    )
