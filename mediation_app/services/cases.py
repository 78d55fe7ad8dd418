"""Reading cases: keyset-paged lists with filters and search, and the full case detail."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import uuid
from collections.abc import Sequence
from typing import Any

from mediation_app.domain.agreement_check import check_agreement
from mediation_app.domain.deadlines import (
    CONFIRMATION_REAPPLY_AFTER,
    REFERRAL_ANSWERED,
    REFERRING_BODIES,
    CaseClock,
    ObligationDue,
    confirmation_deadline,
    due_items,
)
from mediation_app.domain.enums import AgentKind, CaseStatus, ConsentKind, DeadlineRule, PerformanceStatus, agent_kind
from mediation_app.domain.lifecycle import Action, blockers
from mediation_app.domain.masking import mask_id, mask_phone
from mediation_app.domain.permissions import Perm
from mediation_app.domain.schedule import schedule_last_due
from mediation_app.domain.search_terms import field_label
from mediation_app.i18n import _
from mediation_app.services import read_models as rm
from mediation_app.services.agreements import draft_of, personal_status_suggested
from mediation_app.services.base import ServiceBase
from mediation_app.services.context import Actor
from mediation_app.services.errors import NotFound
from mediation_app.services.followup import derive_performance_status, obligation_done, obligation_due_on
from mediation_app.services.outcomes import archive_missing
from mediation_app.services.setup import committee_view
from mediation_app.storage import queries as q
from mediation_app.storage import queries_centre as qc
from mediation_app.storage import queries_followup as qf
from mediation_app.storage import search_pending
from mediation_app.storage.models import CaseRecord, CommitteeRecord
from mediation_app.storage.queries_market import clock_for
from mediation_app.storage.search_query import where_matched_in

PAGE_MAX = 2000
OPEN = (CaseStatus.ACCEPTED, CaseStatus.MEDIATING, CaseStatus.AGREEMENT_DRAFTED)


def _matched(found: tuple[str, str] | None) -> str:
    if found is None:
        return ""
    return _("{field}: {text}").format(field=field_label(found[0]), text=found[1])


def _masked(p: rm.PartyView) -> rm.PartyView:
    """A party as an account that may not see full ID numbers and phones reads it (masked, so that
    what is on file still shows as there)."""
    return dataclasses.replace(p, id_number=mask_id(p.id_number) if p.id_number else p.id_number,
                               phone=p.phone_masked or p.phone)


def _split(text: str | None) -> tuple[str, ...]:
    return tuple(x for x in (text or "").split("\n") if x)


def case_clock(
    case: CaseRecord, rule: DeadlineRule, agreements: list[Any], confirmations: list[Any],
    last_follow_up_on: dt.date | None, referrals: list[Any], performed_in_full: bool = False,
    market_label: str = "", performance: Sequence[Any] = (), visit_found_performed: bool = False,
) -> CaseClock:
    """The deadline clock of one case from its records (the case detail uses it; the today overview
    reads the same items as kept in SQL, storage/queries_due.py)."""
    names = {link.id: link.party.name for link in case.links}
    # an agreement a court confirmed invalid has no force: nothing of it falls due (law Art. 33)
    invalid = {c.agreement_id for c in confirmations if c.outcome == "invalid"}
    effective_written = next((a for a in agreements if a.form == "written" and a.effective_on and a.id not in invalid),
                             None)
    confirmed = [c for c in confirmations if c.outcome == "confirmed"]
    return CaseClock(
        accepted_on=case.accepted_on, rule=rule,
        referrer_deadline=case.referrer_deadline or (case.deadline_on if case.source in REFERRING_BODIES else None),
        extended_until=case.extended_until, status=CaseStatus(case.status),
        agreement_drafted_on=next((a.drafted_on for a in agreements if a.form == "written" and not a.effective_on), None),
        agreement_effective_on=effective_written.effective_on if effective_written else None,
        agreement_written=effective_written is not None,
        confirmation_applied_on=next((c.applied_on for c in reversed(confirmations)
                                      if c.outcome not in CONFIRMATION_REAPPLY_AFTER
                                      and effective_written is not None and c.agreement_id == effective_written.id),
                                     None),
        confirmation_confirmed=bool(confirmed),
        obligations=tuple(
            ObligationDue(key=str(o.id), label=names.get(o.obligor_id, ""), due_on=obligation_due_on(o),
                          amount_fen=o.amount_fen, performed=obligation_done(o),
                          last_due_on=schedule_last_due(o.due_on, o.period, o.period_until) if o.period else None)
            for o in (effective_written.obligations if effective_written else ())),
        last_follow_up_on=last_follow_up_on,
        referral_deadlines=tuple((r.number, r.deadline) for r in referrals
                                 if r.deadline and r.status not in REFERRAL_ANSWERED),
        deadline_on=case.deadline_on,
        agreement_personal_status=bool(effective_written and effective_written.personal_status),
        performance_deadline=effective_written.performance_deadline if effective_written else None,
        performed_in_full=performed_in_full,
        confirmed_on=confirmed[-1].outcome_on if confirmed else None,
        market_due_on=case.market_due_on, market_label=market_label,
        visit_found_performed=visit_found_performed,
        oral_agreed_on=(oral.effective_on if (oral := next((a for a in agreements if a.form == "oral" and a.effective_on),
                                                           None)) and not effective_written and not case.quick_entry
                        else None),
        enforcement_applied=tuple(str(e.obligation_id or "") for e in performance
                                  if e.kind == PerformanceStatus.ENFORCED),
        sued=any(e.kind == PerformanceStatus.SUED for e in performance),
    )


def market_clock_label(s: Any, case: CaseRecord) -> str:
    """What the committee calls the market clock the case runs on ("" without a label or clock)."""
    if case.market_due_on is None:
        return ""
    rule = clock_for(s, case.committee_id, case.subtype_code)
    return rule.label if rule is not None else ""


class CaseQueryService(ServiceBase):
    @staticmethod
    def _scope(actor: Actor, flt: rm.CaseFilter) -> frozenset[uuid.UUID] | None:
        """The committees whose cases the list shows: those the account works in (every committee
        for the centre's head), narrowed to the filter's committee when one is chosen."""
        visible = actor.visible_committees()
        if flt.committee_id is None:
            return visible
        if visible is not None and flt.committee_id not in visible:
            return frozenset()
        return frozenset({flt.committee_id})

    def list_cases(
        self, actor: Actor, flt: rm.CaseFilter | None = None, after: rm.PageKey | None = None, limit: int = 200
    ) -> rm.CasePage:
        self.require_role(actor)
        flt = flt or rm.CaseFilter()
        limit = max(1, min(limit, PAGE_MAX))
        today = self.clock.today()
        with self.db.read() as s:
            rows = q.list_cases(s, flt, self._scope(actor, flt), today,
                                (after.value, after.id, after.search_id) if after else None, limit)
            found = where_matched_in(s, [r[0] for r in rows], flt.text) if flt.text else {}
            indexing = search_pending.count(s) if flt.text else 0
        out = tuple(
            rm.CaseRow(
                id=r[0], number=r[1], title=r[2], parties=r[3], dispute_type=r[4], status=r[5],
                presiding_mediator=r[6], registered_on=r[7], accepted_on=r[8], deadline_on=r[9],
                overdue=bool(r[9] and r[9] < today and r[5] in OPEN), risk_level=r[10],
                committee=r[12] or "", matched=_matched(found.get(r[0])),
            )
            for r in rows
        )
        next_key = None
        if len(rows) == limit:
            last = rows[-1]
            value = last[11]
            next_key = rm.PageKey(value.isoformat() if isinstance(value, dt.date) else str(value), last[0], last[13])
        return rm.CasePage(out, next_key, indexing)

    def count_cases(self, actor: Actor, flt: rm.CaseFilter | None = None) -> int:
        self.require_role(actor)
        flt = flt or rm.CaseFilter()
        with self.db.read() as s:
            return q.count_cases(s, flt, self._scope(actor, flt), self.clock.today())

    def find_by_number(self, actor: Actor, number: str) -> uuid.UUID:
        self.require_role(actor)
        with self.db.read() as s:
            case = q.case_by_number(s, number.strip())
            if case is None:  # a dispute routed from the centre's window is found by its window number too
                routed = qc.routing_by_window_number(s, number.strip())
                case = s.get(CaseRecord, routed.case_id) if routed is not None else None
            if case is None:
                raise NotFound(_("No case numbered {number}.").format(number=number.strip()))
            self._check_committee(actor, case)
            return case.id

    # -- detail -------------------------------------------------------------------------------
    def detail(self, actor: Actor, case_id: uuid.UUID) -> rm.CaseDetail:
        from mediation_app.services.centre.routing import routing_view  # with the intake checks: not for lists
        from mediation_app.services.market.fund import keeps_fund

        with self.db.read() as s:
            case = self.load_case(s, actor, case_id)
            detail = dataclasses.replace(self._detail(s, case), routing=routing_view(s, case.id),
                                         keeps_fund=keeps_fund(s, case.committee_id))
            refused = self.read_only_reason() or self.case_denial(s, actor, case)
            if refused:  # readable but not to be changed (read-only file, not this actor's): every action shows why
                detail = dataclasses.replace(detail, blocked={a.value: (refused,) for a in Action})
            if self.case_denial(s, actor, case, Perm.REVEAL_ID):  # full numbers only by the audited reveal
                detail = dataclasses.replace(detail, parties=tuple(_masked(p) for p in detail.parties))
            return detail

    def detail_by_number(self, actor: Actor, number: str) -> rm.CaseDetail:
        return self.detail(actor, self.find_by_number(actor, number))

    def _detail(self, s: Any, case: CaseRecord) -> rm.CaseDetail:
        committee = s.get(CommitteeRecord, case.committee_id)
        events = q.consent_events(s, case.id)
        links = {link.id: link for link in case.links}
        parties = tuple(self._party_view(link, events.get(link.id, [])) for link in case.links)
        history = q.status_history(s, case.id)
        risk = q.risk_history(s, case.id)
        users = q.user_names(s, {h.by_user_id for h in history} | {r.by_user_id for r in risk} | {case.registered_by})
        assignments = q.assignments(s, case.id)
        recusals = q.recusals(s, case.id)
        mediators = q.mediator_names(
            s, {a.mediator_id for a in assignments} | {r.mediator_id for r in recusals}
            | {r.replacement_mediator_id for r in recusals if r.replacement_mediator_id}
            | ({case.presiding_mediator_id} if case.presiding_mediator_id else set()))
        meetings = q.meetings(s, case.id)
        attendees = q.attendees(s, [m.id for m in meetings])
        agreements = q.agreements(s, case.id)
        terminations = q.terminations(s, case.id)
        confirmations = q.confirmations(s, case.id)
        effective_written = next((a for a in agreements if a.form == "written" and a.effective_on), None)
        referrals = q.referrals(s, case.id)
        facts = self.facts(s, case, archive_missing(s, case) if case.status == CaseStatus.CLOSED else ())
        blocked = {a.value: tuple(blockers(a, facts)) for a in Action}
        suggested = personal_status_suggested(s, case)
        performance, visits = q.performance_events(s, case.id), q.follow_ups(s, case.id)
        clock = case_clock(case, DeadlineRule(committee.deadline_rule), agreements, confirmations,
                           max((f.at.astimezone().date() for f in visits), default=None), referrals,
                           qf.performed_whole(s, case.id),
                           market_label=market_clock_label(s, case), performance=performance,
                           visit_found_performed=bool(visits) and (  # the newest visit's finding
                               visits[-1].performance_status == PerformanceStatus.PERFORMED))
        return rm.CaseDetail(
            id=case.id, number=case.number, committee=committee_view(committee), status=case.status,
            title=case.title, source=case.source, referrer_name=case.referrer_name,
            referrer_contact=case.referrer_contact, referrer_deadline=case.referrer_deadline,
            application_form=case.application_form, dispute_type=case.dispute_type, subtype_code=case.subtype_code,
            subtype_label=(sub.label if (sub := q.subtype(s, case.subtype_code)) else None) if case.subtype_code else None,
            personal_status_suggested=suggested,
            facts=case.facts, requests=case.requests, place=case.place, amount_fen=case.amount_fen,
            persons_involved=case.persons_involved, is_public=case.is_public, quick_entry=case.quick_entry,
            registered_on=case.registered_on, accepted_on=case.accepted_on,
            deadline_on=case.extended_until or case.deadline_on, extended_until=case.extended_until,
            closed_on=case.closed_on, archived_on=case.archived_on, risk_level=case.risk_level,
            retention_period=case.retention_period, file_compiler=case.file_compiler,
            file_compiled_on=case.file_compiled_on, file_checker=case.file_checker,
            explanatory_note=case.explanatory_note,
            refusal_reason=case.refusal_reason_text or case.refusal_reason_code,
            refusal_routes=_split(case.refusal_routes), registered_by=users.get(case.registered_by, ""),
            presiding_mediator_id=case.presiding_mediator_id,
            presiding_mediator=mediators.get(case.presiding_mediator_id) if case.presiding_mediator_id else None,
            parties=parties,
            participants=tuple(
                rm.ParticipantView(p.id, p.role, p.name, p.organisation, p.relation, p.languages, p.phone,
                                   p.parties_consented, p.assists_link_id) for p in q.participants(s, case.id)),
            consents=tuple(
                rm.ConsentView(lid, links[lid].party.name, e.kind, e.form, e.on, e.note)
                for lid, evs in events.items() for e in evs),
            history=tuple(rm.StatusChangeView(h.from_status, h.to_status, h.at, users.get(h.by_user_id, ""), h.reason)
                          for h in history),
            assignments=tuple(rm.AssignmentView(a.id, a.mediator_id, mediators.get(a.mediator_id, ""), a.role, a.method,
                                                a.assigned_at, a.ended_at, a.end_reason) for a in assignments),
            recusals=tuple(
                rm.RecusalView(r.id, r.mediator_id, mediators.get(r.mediator_id, ""),
                               links[r.requested_by].party.name if r.requested_by in links else None, r.reason,
                               r.requested_on, r.decision, r.decided_on,
                               mediators.get(r.replacement_mediator_id) if r.replacement_mediator_id else None)
                for r in recusals),
            meetings=tuple(
                rm.MeetingView(m.id, m.status, m.scheduled_at, m.held_at, m.place, m.mode, m.subject, m.is_public,
                               m.notice_read, m.record_text, m.outcome, m.failure_reason, m.recorder_name,
                               tuple(rm.AttendeeView(a.kind, a.ref_id, a.name, a.location, a.remote, a.consent,
                                                     a.identity_check) for a in attendees[m.id]),
                               tuple((str(x[0]), str(x[1])) for x in json.loads(m.statements or "[]")),
                               m.evidence_checked, m.risk_warning, m.platform, m.remote_identity_check)
                for m in meetings),
            investigations=tuple(
                rm.InvestigationView(i.id, i.at, i.place, i.investigators, i.interviewee, i.recorder_name, i.content)
                for i in q.investigations(s, case.id)),
            evidence=tuple(
                rm.EvidenceView(e.id, e.kind, e.title, e.source, e.pages, e.sha256, e.filename, e.mime, e.size,
                                e.created_at) for e in q.evidence(s, case.id)),
            agreements=tuple(self._agreement_view(case, a, links, suggested) for a in agreements),
            termination=(
                rm.TerminationView(t.kind, t.reason, _split(t.routes), t.routes_told_on, t.reported_to, t.reported_on,
                                   t.on) if (t := terminations[-1] if terminations else None) else None),
            follow_ups=tuple(
                rm.FollowUpView(f.id, f.person_visited, f.at, f.mode, f.performance_status, f.satisfaction, f.lawsuit,
                                f.new_risk, f.measures, f.findings, f.visitor_name) for f in visits),
            performance=tuple(
                rm.PerformanceView(p.id, p.obligation_id, p.kind, p.amount_fen, p.on, p.note)
                for p in performance),
            confirmations=tuple(
                rm.ConfirmationView(c.id, c.court, c.court_basis, c.applied_on, c.joint, c.outcome, c.outcome_on,
                                    c.court_case_number,
                                    confirmation_deadline(effective_written.effective_on)
                                    if effective_written and effective_written.effective_on
                                    and not effective_written.personal_status else None, c.agreement_id)
                for c in confirmations),
            referrals=tuple(
                rm.ReferralView(r.id, r.number, r.case_id, r.from_unit, r.to_department, r.reason, r.instructions,
                                r.issued_on, r.deadline, r.status, r.feedback, r.feedback_on,
                                tuple((lg.on, lg.status, lg.note) for lg in q.referral_log(s, r.id)))
                for r in referrals),
            risk_history=tuple(
                rm.RiskView(r.level, tuple(f for f in r.flags.split(",") if f), r.reason, r.containment, r.escalated_to,
                            r.reported_to, r.reported_on, r.at, users.get(r.by_user_id, "")) for r in risk),
            external_refs=tuple(rm.ExternalRefView(e.kind, e.value, e.issued_on) for e in q.external_refs(s, case.id)),
            documents=tuple(
                rm.DocumentRecordView(d.kind, d.template_version, d.sha256, d.pages, d.final, d.generated_at,
                                      users.get(d.by_user_id, "")) for d in q.generated_documents(s, case.id)),
            due=tuple(due_items(clock, self.clock.today())),
            blocked=blocked,
            performance_status=derive_performance_status(s, case.id, self.clock.today()),
            refusal_reason_code=case.refusal_reason_code, refusal_note=case.refusal_reason_text,
        )

    @staticmethod
    def _party_view(link: Any, events: list[Any]) -> rm.PartyView:
        p = link.party
        notice = next((e for e in events if e.kind == ConsentKind.NOTICE_GIVEN), None)
        decision = next((e for e in reversed(events)
                         if e.kind in (ConsentKind.CONSENT, ConsentKind.REFUSAL, ConsentKind.WITHDRAWAL)), None)
        ident = p.id_number or p.credit_code or ""
        return rm.PartyView(
            link_id=link.id, party_id=p.id, role=link.role, kind=p.kind, name=p.name, sex=p.sex,
            ethnicity=p.ethnicity, birth_date=p.birth_date, age=p.age, id_type=p.id_type, id_number=p.id_number,
            id_masked=mask_id(ident) if ident else "", occupation=p.occupation, address=p.address, phone=p.phone,
            phone_masked=mask_phone(p.phone) if p.phone else "", preferred_language=p.preferred_language,
            interpreter_needed=p.interpreter_needed, credit_code=p.credit_code, legal_rep_name=p.legal_rep_name,
            legal_rep_title=p.legal_rep_title, stall_number=p.stall_number, business_type=p.business_type,
            agent_name=link.agent_name, agent_phone=link.agent_phone,
            notice_given_on=notice.on if notice else None, notice_form=notice.form if notice else None,
            consent=decision.kind if decision else "pending", consent_on=decision.on if decision else None,
            wants_private=link.wants_private,
            agent_kind=agent_kind(link.agent_authority).value if link.agent_name else AgentKind.AUTHORISED.value,
        )

    @staticmethod
    def _agreement_view(
        case: CaseRecord, a: Any, links: dict[uuid.UUID, Any], suggested: bool = False,
    ) -> rm.AgreementView:
        name = {lid: link.party.name for lid, link in links.items()}
        check = check_agreement(draft_of(case, a, suggested)) if a.form == "written" else None
        return rm.AgreementView(
            id=a.id, form=a.form, number=a.number, facts=a.facts, issues=a.issues, responsibilities=a.responsibilities,
            terms=tuple(t.text for t in a.terms),
            obligations=tuple(
                rm.ObligationView(o.id, o.seq, o.obligor_id, name.get(o.obligor_id, ""), o.obligee_id,
                                  name.get(o.obligee_id) if o.obligee_id else None, o.description, o.amount_fen,
                                  o.due_on, o.place, o.method, o.performed_fen, o.performed_on,
                                  o.period or "", o.period_until)
                for o in a.obligations),
            performance_method=a.performance_method, performance_place=a.performance_place,
            performance_deadline=a.performance_deadline,
            originals=check.originals if check else len(links) + 1, originals_override=a.originals_override,
            personal_status=a.personal_status, recorder_name=a.recorder_name, interpreter_name=a.interpreter_name,
            tibetan_text=a.tibetan_text, drafted_on=a.drafted_on, reached_on=a.reached_on,
            mediator_signed_on=a.mediator_signed_on, seal_affixed_on=a.seal_affixed_on, effective_on=a.effective_on,
            executions=tuple(rm.ExecutionView(e.case_party_id, name.get(e.case_party_id, ""), e.method, e.signer_name,
                                              e.executed_on) for e in a.executions),
            content_hash=a.content_hash,
            missing=tuple(i.message for i in check.missing) if check else (),
            warnings=tuple(i.message for i in check.warnings) if check else (),
            confirmation_eligible=check.confirmation_eligible if check else False,
            total_fen=sum(o.amount_fen or 0 for o in a.obligations),
        )
