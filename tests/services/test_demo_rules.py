"""Demo data obeys the rules: every demo case, loaded through the read services, passes every
check a real case in the same state passes — the lifecycle guards of each step of its history, the
agreement checker, the archive completeness checks (the service's and the documents'), the
deadlines — and has no future dates, IDs that agree with the printed sex and birth date, sessions
with mediators and a recorder. The register as a whole shows the variety of a real committee.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from mediation_app.domain import fingerprint
from mediation_app.domain.agreement_check import check_agreement
from mediation_app.domain.deadlines import confirmation_deadline, default_deadline
from mediation_app.domain.enums import CaseStatus, DeadlineRule, RiskFlag, RiskLevel
from mediation_app.domain.identity import age_on, check_credit_code, check_resident_id, id_birth_date, id_sex
from mediation_app.domain.lifecycle import Action, PartyState, blockers, can_transition
from mediation_app.domain.phone import check_phone
from mediation_app.domain.records import parse_qa
from mediation_app.services import Services
from mediation_app.services.agreements import draft_of
from mediation_app.services.document_data import fingerprint_mapping
from mediation_app.services.read_models import CaseDetail, CaseFilter
from mediation_app.services.risk import risk_errors
from mediation_app.services.seeds import LOOKUPS, SUBTYPES
from mediation_app.storage.models import AgreementRecord
from tests.services.conftest import PASSWORD, initialise, open_services

CASES = 300
CENTRE_CASES = 60
SEED = 7
S = CaseStatus

# The action that moves a case into each state (domain/lifecycle.py), checked with the case's facts.
ENTERED_BY = {
    S.ACCEPTED: Action.ACCEPT, S.REFUSED: Action.REFUSE, S.MEDIATING: Action.RECORD_MEETING,
    S.AGREEMENT_DRAFTED: Action.DRAFT_AGREEMENT, S.ORAL_AGREEMENT: Action.ORAL_AGREEMENT,
    S.AGREEMENT_EFFECTIVE: Action.EXECUTE_AGREEMENT, S.TERMINATED: Action.TERMINATE, S.WITHDRAWN: Action.WITHDRAW,
    S.PERFORMING: Action.RECORD_PERFORMANCE, S.CLOSED: Action.CLOSE, S.ARCHIVED: Action.ARCHIVE,
}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Services, object, list[CaseDetail]]]:
    path: Path = tmp_path_factory.mktemp("demo")
    services = open_services("sqlite", path)
    first = initialise(services)
    services.demo.generate(first, CASES, seed=SEED)
    services.demo.centre(first, CENTRE_CASES, seed=SEED)  # the centre's own committee beside the room
    admin = services.accounts.authenticate("admin", PASSWORD)  # now also the centre's head: sees both
    ids, after = [], None
    while True:
        page = services.cases.list_cases(admin, CaseFilter(), after, limit=200)
        ids += [r.id for r in page.rows]
        if page.next_key is None:
            break
        after = page.next_key
    details = [services.cases.detail(admin, case_id) for case_id in ids]
    yield services, admin, details
    services.close()


def _by_state(details: list[CaseDetail]) -> dict[str, list[CaseDetail]]:
    out: dict[str, list[CaseDetail]] = defaultdict(list)
    for d in details:
        out[d.status].append(d)
    return out


def _past_dates(d: CaseDetail) -> list[tuple[str, dt.date]]:
    """Every date of something that has happened (not what is planned: a scheduled session, an
    instalment's due day, a deadline)."""
    out: list[tuple[str, dt.date | None]] = [
        ("registered", d.registered_on), ("accepted", d.accepted_on), ("closed", d.closed_on),
        ("archived", d.archived_on), ("compiled", d.file_compiled_on),
    ]
    out += [("consent", c.on) for c in d.consents]
    out += [("history", h.at.date()) for h in d.history]
    out += [("assigned", a.assigned_at.date()) for a in d.assignments]
    out += [("session", m.held_at.date()) for m in d.meetings if m.held_at]
    out += [("investigation", i.at.date()) for i in d.investigations]
    out += [("evidence", e.added_at.date()) for e in d.evidence]
    for a in d.agreements:
        out += [("drafted", a.drafted_on), ("reached", a.reached_on), ("signed", a.mediator_signed_on),
                ("sealed", a.seal_affixed_on), ("effective", a.effective_on)]
        out += [("executed", e.executed_on) for e in a.executions]
        out += [("paid", o.performed_on) for o in a.obligations]
    out += [("performance", p.on) for p in d.performance]
    out += [("follow-up", f.at.date()) for f in d.follow_ups]
    out += [("applied", c.applied_on) for c in d.confirmations] + [("decided", c.outcome_on) for c in d.confirmations]
    out += [("referral", r.issued_on) for r in d.referrals] + [("log", x[0]) for r in d.referrals for x in r.log]
    out += [("risk", r.at.date()) for r in d.risk_history] + [("reported", r.reported_on) for r in d.risk_history]
    if d.termination:
        out += [("ended", d.termination.on), ("routes told", d.termination.routes_told_on)]
    return [(k, v) for k, v in out if v is not None]


def test_no_date_lies_in_the_future_and_steps_come_in_order(demo) -> None:
    services, _admin, details = demo
    today = services.clock.today()
    for d in details:
        future = [(k, v) for k, v in _past_dates(d) if v > today]
        assert not future, (d.number, d.status, future)
        held = sorted(m.held_at.date() for m in d.meetings if m.held_at)
        consents = [c.on for c in d.consents if c.kind in ("notice_given", "consent")]
        assert d.accepted_on is None or d.registered_on <= d.accepted_on, d.number
        assert all(d.registered_on <= c for c in consents), d.number
        work = held + [i.at.date() for i in d.investigations]
        assert all(max(consents) <= w for w in work), (d.number, "a session or investigation before the consents")
        assert all(d.accepted_on and d.accepted_on <= w for w in work), d.number
        a = d.current_agreement
        if a is not None:
            reached = a.reached_on or a.drafted_on
            assert reached and all(h <= reached for h in held), d.number
            for e in a.executions:
                assert reached <= e.executed_on <= (a.effective_on or today), d.number
            if a.effective_on:
                paid = [o.performed_on for o in a.obligations if o.performed_on]
                assert all(a.effective_on <= p for p in paid), d.number
                assert all(a.effective_on <= f.at.date() for f in d.follow_ups), d.number
        if d.termination:
            assert all(h <= d.termination.on for h in held), d.number
        ends = [x for x in (d.closed_on, d.file_compiled_on, d.archived_on) if x]
        assert ends == sorted(ends), d.number
        last_event = max((v for k, v in _past_dates(d) if k not in ("closed", "archived", "compiled", "history")),
                         default=d.registered_on)
        if d.closed_on:
            assert last_event <= d.closed_on or any(r.log for r in d.referrals), (d.number, last_event)
        scheduled = [m.scheduled_at.date() for m in d.meetings if m.status == "scheduled" and m.scheduled_at]
        assert all(s >= today for s in scheduled), d.number


def test_history_follows_the_state_machine_and_each_step_passes_its_guard(demo) -> None:
    services, admin, details = demo
    with services.db.read() as s:
        for d in details:
            history = d.history
            assert history[0].from_status is None and history[0].to_status == S.REGISTERED, d.number
            assert history[-1].to_status == d.status, d.number
            assert [h.at for h in history] == sorted(h.at for h in history), d.number
            for before, after in zip(history, history[1:], strict=False):
                assert after.from_status == before.to_status, d.number
                assert can_transition(S(before.to_status), S(after.to_status)), (d.number, before, after)
            case = services.cases.load_case(s, admin, d.id)
            facts = services.cases.facts(s, case)
            for h in history[1:]:
                action = ENTERED_BY[S(h.to_status)]
                if action is Action.RECORD_MEETING and not any(m.held_at for m in d.meetings):
                    action = Action.SCHEDULE_MEETING if d.meetings else Action.RECORD_INVESTIGATION
                step = dataclasses.replace(facts, status=S(h.from_status or S.REGISTERED), archive_missing=())
                withdrawn = any(x.to_status == S.WITHDRAWN for x in history)
                if withdrawn and action not in (Action.WITHDRAW, Action.CLOSE, Action.ARCHIVE):  # before it
                    step = dataclasses.replace(step, parties=tuple(
                        PartyState(p.key, p.name, p.notice_given, True, False, False) for p in facts.parties))
                if action is Action.RECORD_PERFORMANCE and S(h.from_status or "") is S.ORAL_AGREEMENT:
                    action = Action.RECORD_FOLLOW_UP
                reasons = blockers(action, step)
                assert not reasons, (d.number, h.to_status, reasons)
            if d.status in (S.ACCEPTED, S.MEDIATING, S.AGREEMENT_DRAFTED):
                assert facts.parties and all(p.notice_given for p in facts.parties), d.number
            if d.extended_until:  # the extension used up the consents given for it
                assert case.extension_count == 1 and not any(p.extension_consented for p in facts.parties)
                assert case.deadline_on == case.extended_until, d.number  # the deadline in force


def test_every_archived_and_closed_case_passes_the_completeness_checks(demo) -> None:
    services, admin, details = demo
    states = _by_state(details)
    assert states[S.ARCHIVED] and states[S.CLOSED]
    for d in states[S.ARCHIVED]:
        assert services.outcomes.archive_check(admin, d.id) == (), d.number
        assert [m.code for m in services.documents.completeness(admin, d.number)] == [], d.number
        assert d.retention_period in {c for c, _l in LOOKUPS["retention"]}, d.number
        assert d.file_compiler and d.file_checker and d.file_compiled_on, d.number
    for d in states[S.CLOSED]:
        assert d.presiding_mediator or d.refusal_reason, d.number
        if any(h.to_status == S.REFUSED for h in d.history):
            continue
        # a closed case could be archived as it stands, once the cover is filled in (the compiler and
        # the checker sign the cover when the file is bound)
        missing = services.outcomes.archive_check(admin, d.id)
        assert set(missing) <= {"the retention period on the cover", "the compiler of the file",
                                "the checker of the file"}, (d.number, missing)


def test_agreements_pass_the_agreement_checker(demo) -> None:
    services, admin, details = demo
    written = [d for d in details if d.current_agreement and d.current_agreement.form == "written"]
    assert written
    with services.db.read() as s:
        for d in written:
            a = d.current_agreement
            assert a is not None and a.missing == (), (d.number, a.missing)
            record = s.get(AgreementRecord, a.id)
            check = check_agreement(draft_of(services.cases.load_case(s, admin, d.id), record))
            assert check.can_finalise, (d.number, check.missing)
            if a.effective_on:
                assert check.can_take_effect, d.number
                assert a.effective_on == max([e.executed_on for e in a.executions] + [a.mediator_signed_on,
                                                                                     a.seal_affixed_on])
                assert a.content_hash == fingerprint.content_hash(fingerprint_mapping(d, a)), d.number
            else:
                assert d.status == S.AGREEMENT_DRAFTED and not check.can_take_effect, d.number
            assert not any("recorder" in w for w in a.warnings), (d.number, a.warnings)
            assert a.obligations and all(o.due_on for o in a.obligations), d.number
            assert a.performance_deadline == max(o.due_on for o in a.obligations if o.due_on), d.number
            for o in a.obligations:
                assert o.obligor_link_id != o.obligee_link_id and (o.amount_fen is None or o.amount_fen > 0)
            assert a.personal_status == (d.subtype_code == "divorce_property"), d.number
            if a.personal_status:
                assert not d.confirmations, d.number
    for d in details:
        for a in d.agreements:
            if a.form == "oral":
                assert a.terms and a.reached_on == a.effective_on and a.recorder_name, d.number


def test_deadlines_extensions_and_confirmation_windows(demo) -> None:
    services, _admin, details = demo
    for d in details:
        if d.accepted_on is None:
            continue
        rule = DeadlineRule(d.committee.deadline_rule)  # each committee's own rule (the centre: 30 days)
        original = d.referrer_deadline or default_deadline(d.source, d.accepted_on, rule)  # referred: 30 days
        extension = [c for c in d.consents if c.kind == "extension_consent"]
        if d.extended_until:
            assert d.deadline_on == d.extended_until and d.extended_until > original, d.number
            assert {c.link_id for c in extension} == {p.link_id for p in d.parties}, d.number
            assert all(c.on <= original for c in extension), d.number
        else:
            assert d.deadline_on == original and not extension, d.number
        a = d.current_agreement
        for c in d.confirmations:
            assert a is not None and a.effective_on is not None
            assert a.effective_on <= c.applied_on <= confirmation_deadline(a.effective_on), d.number
            assert c.outcome in ("pending", "confirmed"), d.number
            if c.outcome == "confirmed":
                assert c.court_case_number and c.outcome_on and c.applied_on <= c.outcome_on, d.number
                assert any(r.value == c.court_case_number for r in d.external_refs), d.number
        if d.status in (S.MEDIATING, S.ACCEPTED) and d.deadline_on:
            due = [i for i in d.due if i.kind == "mediation"]
            assert not due or due[0].due_on == d.deadline_on, d.number


def test_people_ids_phones_and_companies_are_valid(demo) -> None:
    _services, _admin, details = demo
    for d in details:
        for p in d.parties:
            assert p.phone and check_phone(p.phone).ok, (d.number, p.phone)
            if p.kind == "legal":
                code = check_credit_code(p.credit_code or "")
                assert code.ok and not code.issues, (d.number, p.name, p.credit_code)
                assert p.legal_rep_name and p.legal_rep_title and p.address, d.number
                continue
            ident = check_resident_id(p.id_number or "", d.registered_on)
            assert ident.ok and not ident.issues, (d.number, p.id_number)
            assert p.sex == id_sex(p.id_number).value, (d.number, p.name, p.sex, p.id_number)
            assert p.birth_date == id_birth_date(p.id_number), d.number
            assert p.age == age_on(p.birth_date, d.registered_on), d.number
            assert p.ethnicity and p.occupation and p.address, (d.number, p.name)


def test_sessions_investigations_follow_ups_referrals_and_risk_are_complete(demo) -> None:
    _services, _admin, details = demo
    routes = {c for c, _l in LOOKUPS["route"]}
    reasons = {c for c, _l in LOOKUPS["refusal_reason"]}
    satisfaction = {c for c, _l in LOOKUPS["satisfaction"]}
    for d in details:
        links = {p.link_id for p in d.parties}
        for m in d.meetings:
            if m.status != "held":
                assert m.status == "scheduled" and m.scheduled_at, d.number
                continue
            mediators = [x for x in m.attendees if x.kind == "mediator"]
            assert mediators and m.recorder_name and m.recorder_name not in [x.name for x in mediators], d.number
            assert {x.ref_id for x in m.attendees if x.kind == "party"} == links, d.number
            assert m.notice_read and m.record_text and m.statements and m.risk_warning and m.outcome, d.number
            assert m.outcome != "failed" or m.failure_reason, d.number
            assert d.presiding_mediator_id in {x.ref_id for x in mediators}, d.number
        for i in d.investigations:
            assert i.recorder_name and i.investigators and parse_qa(i.content), d.number
        for f in d.follow_ups:
            assert f.visitor_name and f.findings and f.satisfaction in satisfaction and f.lawsuit, d.number
        if d.status in (S.CLOSED, S.ARCHIVED, S.PERFORMING) and d.current_agreement:
            assert d.presiding_mediator, d.number
        if d.status == S.REFUSED or (d.status == S.CLOSED and d.refusal_reason):
            assert d.refusal_routes and set(d.refusal_routes) <= routes, d.number
            assert d.refusal_reason in reasons or d.refusal_reason, d.number
        if d.termination:
            assert d.termination.routes and set(d.termination.routes) <= routes and d.termination.reason, d.number
        for r in d.risk_history:
            errors = risk_errors(RiskLevel(r.level), tuple(RiskFlag(f) for f in r.flags), r.reason, r.containment,
                                 r.escalated_to, r.reported_to, r.reported_on, d.registered_on)
            assert not errors, (d.number, errors)
        assert d.risk_level == (d.risk_history[-1].level if d.risk_history else "blue"), d.number
        for r in d.referrals:
            assert r.deadline and r.deadline >= r.issued_on and r.log, d.number
            assert [x[0] for x in r.log] == sorted(x[0] for x in r.log) and r.log[-1][1] == r.status, d.number
            assert r.status not in ("feedback", "closed") or r.feedback, d.number
        if d.accepted_on:
            ids = [e for e in d.evidence if e.kind == "identity"]
            assert len(ids) >= len(d.parties), d.number


def test_the_register_shows_the_variety_of_a_real_committee(demo) -> None:
    _services, _admin, details = demo
    states = Counter(d.status for d in details)
    assert set(states) == {s.value for s in S} - {"voided"}, states
    parties = [p for d in details for p in d.parties]
    assert any(p.kind == "legal" for p in parties)
    assert any(p.agent_name for p in parties)
    assert all(any(e.kind == "power_of_attorney" for e in d.evidence) for d in details
               if d.accepted_on and any(p.agent_name for p in d.parties))
    assert {"01", "03", "04", "30", "35", "02"} <= {p.ethnicity for p in parties}
    assert {"male", "female"} <= {p.sex for p in parties}
    subtypes = {d.subtype_code for d in details}
    market = {"payment_arrears", "goods_quality", "short_weight", "transit_damage", "stall_lease"}
    assert market <= subtypes, subtypes
    assert subtypes & {"support_alimony", "divorce_property"} and subtypes & {"boundary", "noise_water"}
    assert {"traffic", "labour", "neighbour", "marriage_family", "contract"} <= {d.dispute_type for d in details}
    assert subtypes - {None} <= {c for c, _l, _t in SUBTYPES}
    assert any(d.investigations for d in details)
    assert any(d.follow_ups for d in details)
    assert any(c.outcome == "confirmed" for d in details for c in d.confirmations)
    assert any(d.referrals for d in details)
    assert any(p.role == "interpreter" for d in details for p in d.participants)
    assert any(d.quick_entry for d in details) and any(d.extended_until for d in details)
    assert {"written", "oral"} <= {a.form for d in details for a in d.agreements}
    assert {d.source for d in details} >= {"application", "court", "grid", "police"}
    assert any(d.risk_level in ("orange", "red") for d in details)
    assert len({d.title for d in details}) > CASES * 0.9
    for d in details:
        assert "—" not in d.title and "与" in d.title and d.title.endswith("纠纷"), d.title


def test_documents_get_every_field_they_print(demo) -> None:
    services, admin, details = demo
    for state, cases in _by_state(details).items():
        data = services.documents.case_documents(admin, cases[0].number, with_files=False)
        for p in data.parties:
            if p.is_legal:
                assert p.legal_representative and p.representative_title and p.address and p.id_number
            else:
                assert p.sex.value in ("male", "female") and p.ethnicity and p.age and p.occupation
                assert p.contact and p.address and p.id_number
        for m in (m for m in data.meetings if m.signed):
            assert m.mediators and m.recorder and m.parties_present and m.statements and m.risk_warning, state
        for f in data.follow_ups:
            assert f.visitor and f.satisfaction and f.findings, state
        if data.agreement is not None:
            assert data.agreement.recorder and data.agreement.mediator, state
        if state == S.ARCHIVED:
            assert data.cover and data.cover.compiler and data.cover.checker and data.cover.retention_period
            assert all(a.kind for a in data.attachments)
        if state not in (S.REGISTERED, S.ACCEPTED) and not cases[0].refusal_reason:  # refused: never assigned
            assert data.case.presiding_mediator, state


def test_the_same_seed_gives_the_same_register(tmp_path: Path) -> None:
    registers = []
    for name in ("one", "two"):
        (tmp_path / name).mkdir()
        services = open_services("sqlite", tmp_path / name)
        admin = initialise(services)
        services.demo.generate(admin, 40, seed=3)
        rows = services.cases.list_cases(admin, CaseFilter(), None, limit=100).rows
        registers.append(sorted((r.number, r.title, r.status, r.registered_on, r.deadline_on) for r in rows))
        services.close()
    assert registers[0] == registers[1] and len(registers[0]) == 40


def test_demo_on_postgresql_reads_back(tmp_path: Path) -> None:
    services = open_services("postgresql", tmp_path)
    try:
        admin = initialise(services)
        services.demo.generate(admin, 30, seed=5)
        rows = services.cases.list_cases(admin, CaseFilter(), None, limit=100).rows
        assert len(rows) == 30
        archived = [r for r in rows if r.status == "archived"]
        for r in archived:
            assert services.outcomes.archive_check(admin, r.id) == ()
    finally:
        services.close()


def _text(pdf: bytes) -> str:
    return "".join("".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(pdf)).pages)


def test_an_archived_demo_file_renders_with_its_parties_and_agreement(demo) -> None:
    services, admin, details = demo
    archived = next(d for d in details if d.status == S.ARCHIVED and d.current_agreement
                    and d.current_agreement.form == "written")
    text = _text(services.documents.render(admin, archived.number, "casefile").pdf)
    assert archived.number in text
    agreement = archived.current_agreement
    assert agreement is not None and agreement.number and agreement.number in text
    for p in archived.parties:
        assert p.name in text, p.name
    assert archived.presiding_mediator and archived.presiding_mediator in text


def test_the_demo_centre_has_two_committees_and_a_window(demo) -> None:
    services, admin, details = demo
    shorts = Counter(d.committee.short_name for d in details)
    assert set(shorts) == {"客商", "中心"} and shorts["中心"] >= CENTRE_CASES
    assert all(d.number.startswith(d.committee.short_name) for d in details)
    kinds = {c.short_name: c.kind for c in services.committees.list(admin)}
    assert kinds == {"客商": "industry_market", "中心": "centre"}
    assert services.routing.waiting(admin).total == 2
    routed = [d.routing for d in details if d.routing is not None]
    assert sorted(r.status for r in routed) == ["committee", "department", "waiting", "waiting"]
    to_room = next(d for d in details if d.routing is not None and d.routing.status == "committee")
    assert to_room.committee.short_name == "客商" and to_room.routing.window_number.startswith("中心窗受字")
    slip = next(r for r in routed if r.status == "department")
    assert slip.referral_number and slip.referral_number.startswith("中心交办字") and slip.referral_deadline
