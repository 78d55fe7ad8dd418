"""The words for the records and fields that travel in a hand-over, shown where two versions of a
record are compared side by side: each kind of record and each field by its translated label, and
stored codes (statuses, types, roles, modes) as their labels. Columns that only make the records
work (ids, change times, sort keys, search keys, fingerprints) are not shown."""

from __future__ import annotations

from mediation_app.domain import enums as E
from mediation_app.domain.complaints import ComplaintBody
from mediation_app.domain.remote import IdentityCheck, RemoteConsent
from mediation_app.i18n import N_, _

RECORDS: dict[str, str] = {
    "mediation_case": N_("Case"), "party": N_("Party"), "case_party": N_("Party in the case"),
    "participant": N_("Other participant"), "consent_event": N_("Notice and consent"),
    "status_change": N_("Status history"), "external_ref": N_("External reference"),
    "assignment": N_("Mediator assignment"), "recusal_request": N_("Recusal request"),
    "meeting": N_("Mediation meeting"), "meeting_attendee": N_("Meeting attendance"),
    "investigation": N_("Investigation"), "evidence": N_("Evidence"), "ledger_item": N_("Screening item"),
    "risk_assessment": N_("Risk assessment"), "referral": N_("Referral slip"), "referral_log": N_("Referral log"),
    "agreement": N_("Agreement"), "agreement_term": N_("Agreement term"), "obligation": N_("Obligation"),
    "agreement_execution": N_("Agreement signing"), "termination": N_("Termination"),
    "follow_up": N_("Follow-up visit"), "performance_event": N_("Performance record"),
    "judicial_confirmation": N_("Judicial confirmation"), "generated_document": N_("Generated document"),
    "committee": N_("Committee"), "mediator": N_("Mediator"), "user_account": N_("User account"),
    "lookup_item": N_("List entry"), "dispute_subtype": N_("Dispute sub-type"), "merchant": N_("Merchant"),
    "market_clock": N_("Market clock"), "merchant_party": N_("Party's merchant"),
    "complaint_referral": N_("Consumer complaint handed over"),
    "risk_warning": N_("Risk warning"), "four_part_slip": N_("Four-part slip"),
    "referral_sign_in": N_("Department sign-in"), "ladder_level": N_("Ladder level"),
    "case_level": N_("Level of the case"), "case_level_event": N_("Ladder move"),
    "fund_entry": N_("Compensation fund entry"), "prevention_event": N_("Prevented dispute"),
    "screening_round": N_("Screening round"),
}

# the same word wherever the column appears
FIELDS: dict[str, str] = {
    "number": N_("Number"), "title": N_("Title"), "status": N_("Status"), "source": N_("Source"),
    "facts": N_("Facts"), "requests": N_("Requests"), "place": N_("Place"), "address": N_("Address"),
    "phone": N_("Phone"), "phones": N_("Phone"), "name": N_("Name"), "sex": N_("Sex"), "age": N_("Age"),
    "occupation": N_("Occupation"), "dispute_type": N_("Dispute type"), "registered_on": N_("Registered on"),
    "accepted_on": N_("Accepted on"), "closed_on": N_("Closed on"), "deadline_on": N_("Deadline"),
    "market_due_on": N_("Market deadline"),
    "deadline": N_("Deadline"), "amount_fen": N_("Amount"), "note": N_("Note"), "kind": N_("Kind"),
    "role": N_("Role"), "mode": N_("Mode"), "outcome": N_("Outcome"), "result": N_("Result"),
    "reason": N_("Reason"), "description": N_("Description"), "form": N_("Form"), "reached_on": N_("Reached on"),
    "due_on": N_("Due on"), "satisfaction": N_("Satisfaction"), "stall_number": N_("Stall number"),
    "legal_rep_name": N_("Legal representative"), "persons_involved": N_("Persons involved"),
    "committee_id": N_("Committee"), "mediator_id": N_("Mediator"), "presiding_mediator_id": N_("Presiding mediator"),
    "court": N_("Court"), "decision": N_("Decision"), "interpreter_name": N_("Interpreter"),
    "visitor_name": N_("Visitor"), "feedback": N_("Feedback"), "findings": N_("Findings"), "area": N_("Area"),
    "level": N_("Level"), "code": N_("Code"), "display_name": N_("Display name"), "risk_level": N_("Risk level"),
    "ethnicity": N_("Ethnicity"), "birth_date": N_("Date of birth"), "id_type": N_("ID type"),
    "id_number": N_("ID number"), "subtype_code": N_("Dispute sub-type"), "complexity": N_("Complexity"),
    "text": N_("Text"), "content": N_("Content"), "location": N_("Location"), "held_at": N_("Held at"),
    "scheduled_at": N_("Scheduled for"), "effective_on": N_("Effective on"), "performed_on": N_("Performed on"),
    "performance_status": N_("Performance"), "method": N_("Method"), "filename": N_("File name"),
    "label": N_("Label"), "username": N_("User name"), "recorded_by": N_("Recorded by"),
    "registered_by": N_("Registered by"), "by_user_id": N_("Recorded by"), "on": N_("Date"), "at": N_("Time"),
    "party_id": N_("Party"), "from_status": N_("From status"), "to_status": N_("To status"),
    "agent_name": N_("Agent"), "agent_phone": N_("Agent's phone"), "measures": N_("Measures"),
    "referrer_name": N_("Referred by"), "referrer_contact": N_("Referrer's contact"),
    "explanatory_note": N_("Explanatory note"), "retention_period": N_("Retention period"),
    "migrant_wages": N_("Migrant workers' wages"), "is_public": N_("Public"), "performed_fen": N_("Amount performed"),
    "performance_deadline": N_("Performance deadline"), "performance_method": N_("Manner of performance"),
    "performance_place": N_("Place of performance"), "obligor_id": N_("Obligor"), "obligee_id": N_("Obligee"),
    "interpreter_needed": N_("Interpreter needed"), "preferred_language": N_("Preferred language"),
    "credit_code": N_("Unified social credit code"), "legal_rep_title": N_("Legal representative's title"),
    "signer_name": N_("Signed by"), "issued_on": N_("Issued on"), "applied_on": N_("Applied on"),
    "decided_on": N_("Decided on"), "court_case_number": N_("Court case number"), "to_department": N_("Department"),
    "end_reason": N_("Reason it ended"), "failure_reason": N_("Reason it failed"), "subject": N_("Subject"),
    "extended_until": N_("Extended until"), "archived_on": N_("Archived on"), "short_name": N_("Short name"),
    "number_pattern": N_("Case number pattern"), "case_word": N_("Case word"), "agreement_word": N_("Agreement word"),
    "deadline_rule": N_("Deadline rule"), "supervising_unit": N_("Supervising unit"), "active": N_("In use"),
    "form_body": N_("Form wording"), "business_type": N_("Line of business"), "core_type": N_("Main dispute type"),
    "personal_status": N_("Personal status matter"), "languages": N_("Languages"), "full_time": N_("Full-time"),
    "specialties": N_("Specialties"), "roles": N_("Roles"), "referrer_deadline": N_("Referrer's deadline"),
    "application_form": N_("Application made"), "file_compiler": N_("File compiled by"),
    "file_compiled_on": N_("File compiled on"), "file_checker": N_("File checked by"),
    "refusal_reason_code": N_("Reason for not accepting"), "refusal_reason_text": N_("Reason for not accepting, in words"),
    "refusal_routes": N_("Other routes told"), "issues": N_("Matters in dispute"),
    "responsibilities": N_("Responsibilities"), "originals_override": N_("Number of originals"),
    "recorder_name": N_("Recorded by"), "tibetan_text": N_("Tibetan text"), "drafted_on": N_("Drafted on"),
    "mediator_signed_on": N_("Signed by the mediator on"), "seal_affixed_on": N_("Sealed on"),
    "party_asked_written": N_("A party asked for a written agreement"), "superseded": N_("Superseded"),
    "assigned_at": N_("Assigned at"), "ended_at": N_("Ended at"), "conflict_note": N_("Conflict of interest note"),
    "agent_authority": N_("Kind of agent"), "wants_private": N_("Wants privacy"), "added_by": N_("Added by"),
    "value": N_("Value"), "final": N_("Final version"), "generated_at": N_("Generated at"),
    "investigators": N_("Investigators"), "interviewee": N_("Person interviewed"), "screened_on": N_("Screened on"),
    "screeners": N_("Screened by"), "cause": N_("Cause"), "responsible": N_("Responsible"),
    "screening_category": N_("Screening category"), "major": N_("Major dispute"), "handled_on": N_("Handled on"),
    "notice_read": N_("Rights and duties read out"), "record_text": N_("Record"),
    "remote_identity_check": N_("Identity checked remotely"), "statements": N_("Statements"),
    "evidence_checked": N_("Evidence examined"), "risk_warning": N_("Risk warning"), "from_unit": N_("From"),
    "instructions": N_("Instructions"), "feedback_on": N_("Feedback on"), "routes": N_("Other routes told"),
    "routes_told_on": N_("Routes told on"), "reported_to": N_("Reported to"), "reported_on": N_("Reported on"),
    "executed_on": N_("Signed on"), "person_visited": N_("Person visited"), "lawsuit": N_("Went to court"),
    "new_risk": N_("New risk"), "court_basis": N_("Court's basis"), "joint": N_("Joint application"),
    "outcome_on": N_("Decided on"), "ref_id": N_("Attendee"), "period": N_("Period"),
    "period_until": N_("Period until"), "next_due_on": N_("Next period due"),
    "last_due_on": N_("Last period due"), "organisation": N_("Organisation"), "relation": N_("Relation to the party"),
    "parties_consented": N_("Parties consented"), "requested_by": N_("Requested by"),
    "requested_on": N_("Requested on"), "decided_by": N_("Decided by"), "decision_note": N_("Decision note"),
    "replacement_mediator_id": N_("Replacement mediator"), "flags": N_("Risk signs"),
    "containment": N_("Containment"), "escalated_to": N_("Escalated to"),
    "operator_name": N_("Operator"), "operator_phone": N_("Operator's phone"), "contacts": N_("Other contacts"),
    "left_on": N_("Left on"), "days": N_("Days"), "unit": N_("Counted in"), "merchant_id": N_("Merchant"),
    # remote sessions and consumer complaints handed over
    "platform": N_("Platform"), "remote": N_("Took part remotely"), "identity_check": N_("Identity checked by"),
    "complainant_name": N_("Complainant"), "complainant_phone": N_("Complainant's phone"),
    "complainant_id_number": N_("Complainant's ID number"), "merchant_name": N_("Merchant"),
    "goods": N_("Goods or service"), "purchased_on": N_("Purchased on"), "request": N_("What is asked for"),
    "register_number": N_("12315 registration no."), "feedback_result": N_("Result reported back"),
    "handling_number": N_("Their handling number"),
}

# a column whose meaning depends on its record
TABLE_FIELDS: dict[tuple[str, str], str] = {
    ("mediation_case", "number"): N_("Case number"), ("mediation_case", "title"): N_("Case title"),
    ("mediation_case", "place"): N_("Place of the dispute"), ("agreement", "number"): N_("Agreement number"),
    ("merchant", "name"): N_("Shop name"), ("merchant", "active"): N_("Still trading"),
    ("market_clock", "label"): N_("What the clock is called"),
    ("meeting_attendee", "consent"): N_("Agreed to remote mediation"),
    ("complaint_referral", "body"): N_("Hand over to"), ("complaint_referral", "facts"): N_("Facts of the complaint"),
    ("complaint_referral", "evidence"): N_("Evidence"),
    ("risk_warning", "rule"): N_("Warning rule"), ("risk_warning", "evidence_on"): N_("Date of the evidence"),
    ("risk_warning", "raised_at"): N_("Warning raised at"), ("risk_warning", "reviewed_at"): N_("Reviewed at"),
    ("risk_warning", "reviewed_by"): N_("Reviewed by"), ("risk_warning", "police"): N_("Reported to the police"),
    ("risk_warning", "police_unit"): N_("Police station"),
    ("four_part_slip", "issued_by_user_id"): N_("Issued by"), ("four_part_slip", "parties"): N_("Parties"),
    ("four_part_slip", "summary"): N_("Dispute summary"), ("four_part_slip", "sent_to"): N_("Sent to"),
    ("four_part_slip", "asked"): N_("What is asked"), ("four_part_slip", "returned_on"): N_("Returned on"),
    ("four_part_slip", "return_result"): N_("Result returned"),
    ("four_part_slip", "returned_handler"): N_("Handled by"),
    ("four_part_slip", "return_recorded_by_user_id"): N_("Return recorded by"),
    ("referral_sign_in", "issued_at"): N_("Slip issued at"), ("referral_sign_in", "signed_in_at"): N_("Signed in at"),
    ("referral_sign_in", "signed_in_by"): N_("Signed in by"),
    ("referral_sign_in", "recorded_by_user_id"): N_("Sign-in recorded by"),
    ("case_level", "level_id"): N_("Ladder level"), ("case_level", "since"): N_("At the level since"),
    ("case_level_event", "move"): N_("Move"), ("case_level_event", "from_level_id"): N_("From level"),
    ("case_level_event", "to_level_id"): N_("To level"),
    ("fund_entry", "entry_on"): N_("Day the money moved"), ("fund_entry", "payee"): N_("Paid to"),
    ("fund_entry", "payment_id"): N_("Payment recovered"), ("fund_entry", "reverses_id"): N_("Entry reversed"),
    ("fund_entry", "approver"): N_("Approved by"), ("fund_entry", "receipt"): N_("Receipt"),
    ("prevention_event", "persons"): N_("Persons involved"), ("screening_round", "held_on"): N_("Held on"),
    ("screening_round", "found"): N_("Disputes found"),
    ("screening_round", "concentrated"): N_("Concentrated screening"),
}

# columns that only make the records work: never shown
HIDDEN = frozenset({
    "id", "created_at", "updated_at", "search_id", "name_keys", "phone_raw", "position", "sort", "seq",
    "case_id", "content_hash", "sha256", "template_version", "year", "serial", "parties_text", "case_party_id",
    "meeting_id", "agreement_id", "referral_id", "obligation_id", "ledger_item_id", "assists_link_id",
    "resolved_form", "performed", "confirmation", "quick_entry", "extension_count", "size", "mime", "pages",
    "stall_key", "linked_at", "evidence_key", "risk_assessment_id", "detail", "printed_times",
})

ENUMS: dict[tuple[str | None, str], type[E.Labelled]] = {
    ("mediation_case", "status"): E.CaseStatus, (None, "from_status"): E.CaseStatus,
    (None, "to_status"): E.CaseStatus, (None, "source"): E.CaseSource, (None, "dispute_type"): E.DisputeType,
    (None, "sex"): E.Sex, ("party", "kind"): E.PartyKind, (None, "id_type"): E.IdType,
    ("case_party", "role"): E.PartyRole, ("participant", "role"): E.ParticipantRole,
    ("case_party", "agent_authority"): E.AgentKind,
    ("meeting", "mode"): E.MeetingMode, ("meeting", "status"): E.MeetingStatus,
    ("meeting", "outcome"): E.MeetingOutcome, ("agreement", "form"): E.AgreementForm,
    ("termination", "kind"): E.TerminationKind, (None, "performance_status"): E.PerformanceStatus,
    ("follow_up", "mode"): E.FollowUpMode, ("judicial_confirmation", "outcome"): E.ConfirmationOutcome,
    ("referral", "status"): E.ReferralStatus, (None, "risk_level"): E.RiskLevel,
    ("assignment", "role"): E.AssignmentRole, ("assignment", "method"): E.AssignmentMethod,
    ("recusal_request", "decision"): E.RecusalDecision, ("consent_event", "kind"): E.ConsentKind,
    ("consent_event", "form"): E.NoticeForm, ("evidence", "kind"): E.EvidenceKind,
    ("external_ref", "kind"): E.ExternalRefKind, ("ledger_item", "status"): E.LedgerStatus,
    ("committee", "kind"): E.CommitteeKind, ("committee", "deadline_rule"): E.DeadlineRule,
    ("meeting_attendee", "consent"): RemoteConsent, ("meeting_attendee", "identity_check"): IdentityCheck,
    ("complaint_referral", "body"): ComplaintBody,
}


def record_label(table: str) -> str:
    return _(RECORDS[table]) if table in RECORDS else _("Other record")


def field_label(table: str, column: str) -> str | None:
    """The field's translated label; None for a column that is never shown."""
    if column in HIDDEN:
        return None
    msgid = TABLE_FIELDS.get((table, column)) or FIELDS.get(column)
    return _(msgid) if msgid else _("Other detail")


def code_enum(table: str, column: str) -> type[E.Labelled] | None:
    return ENUMS.get((table, column)) or ENUMS.get((None, column))
