"""Checks on a written mediation agreement (人民调解协议书) before it is printed and signed.

"Missing" items block finalising: the party particulars of the standard form, the facts and
disputed issues, numbered terms, the method and deadline of performance, at least two parties.
"Warnings" are shown but do not block: no place of performance, an unusual number of originals,
an agreement that cannot be judicially confirmed, no recorder.

Issue codes about one party carry the party key after a colon, e.g. ``party_ethnicity_missing:p2``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from mediation_app.domain.enums import DisputeType, PartyKind, Sex
from mediation_app.domain.schedule import schedule_end
from mediation_app.domain.validation import Issue
from mediation_app.i18n import _, ngettext

MIN_PARTIES = 2
MAX_AGE = 150
FULL_AGE = 18  # Civil Code Art. 17-18: a minor acts through the legal representative (Art. 23)


@dataclass(frozen=True)
class PartyParticulars:
    key: str
    kind: PartyKind
    name: str
    sex: Sex | None
    ethnicity: str | None
    age: int | None
    occupation: str | None
    contact: str | None
    address: str | None
    legal_rep_name: str | None
    legal_rep_title: str | None
    statutory_agent: bool = False  # a legal representative (法定代理人) acts for the party


@dataclass(frozen=True)
class AgreementDraft:
    parties: tuple[PartyParticulars, ...]
    facts: str
    issues: str
    terms: tuple[str, ...]
    performance_method: str
    performance_place: str
    performance_deadline: date | None
    obligation_due_dates: tuple[date | None, ...]
    originals_override: int | None
    executed_party_keys: frozenset[str]
    mediator_signed: bool
    seal_affixed: bool
    recorder_name: str
    dispute_type: DisputeType
    personal_status: bool  # the core is marriage, adoption or another personal-status relation
    personal_status_suggested: bool = False  # the dispute sub-type usually concerns such a relation
    # Recurring obligations (domain.schedule.Period per obligation, "" = once) and their last due
    # dates, parallel to obligation_due_dates; empty = all one-off.
    obligation_periods: tuple[str, ...] = ()
    obligation_until: tuple[date | None, ...] = ()
    # Term numbers a parallel translation (Tibetan) covers; None = no translation.
    translated_terms: frozenset[int] | None = None


@dataclass(frozen=True)
class AgreementCheck:
    missing: tuple[Issue, ...]
    warnings: tuple[Issue, ...]
    originals: int
    confirmation_eligible: bool
    can_finalise: bool  # nothing missing
    can_take_effect: bool  # can_finalise, every party executed, mediator signed, seal affixed


def _blank(text: str | None) -> bool:
    return text is None or not text.strip()


def party_label(party: PartyParticulars, index: int) -> str:
    """How a party is named in messages: "party 2 (Wang Fang)" or "party 2"."""
    if _blank(party.name):
        return _("party {number}").format(number=index + 1)
    return _("party {number} ({name})").format(number=index + 1, name=party.name.strip())


# (field, test for "missing", message) per kind of party; messages name the party.
_Rule = tuple[str, Callable[[PartyParticulars], bool], Callable[[], str]]

_NATURAL_RULES: tuple[_Rule, ...] = (
    ("name", lambda p: _blank(p.name), lambda: _("The name of {party} is missing")),
    ("sex", lambda p: p.sex in (None, Sex.UNKNOWN), lambda: _("The sex of {party} is missing")),
    ("ethnicity", lambda p: _blank(p.ethnicity), lambda: _("The ethnicity of {party} is missing")),
    ("age", lambda p: p.age is None, lambda: _("The age of {party} is missing")),
    (
        "occupation",
        lambda p: _blank(p.occupation),
        lambda: _("The occupation or position of {party} is missing"),
    ),
    ("contact", lambda p: _blank(p.contact), lambda: _("The contact details of {party} are missing")),
    ("address", lambda p: _blank(p.address), lambda: _("The work unit or address of {party} is missing")),
)

_LEGAL_RULES: tuple[_Rule, ...] = (
    ("name", lambda p: _blank(p.name), lambda: _("The name of {party} (legal person) is missing")),
    ("address", lambda p: _blank(p.address), lambda: _("The address of {party} is missing")),
    (
        "legal_rep_name",
        lambda p: _blank(p.legal_rep_name),
        lambda: _("The legal representative's name of {party} is missing"),
    ),
    (
        "legal_rep_title",
        lambda p: _blank(p.legal_rep_title),
        lambda: _("The legal representative's position of {party} is missing"),
    ),
)


def _party_issues(party: PartyParticulars, index: int) -> list[Issue]:
    label = party_label(party, index)
    rules = _LEGAL_RULES if party.kind == PartyKind.LEGAL else _NATURAL_RULES
    issues = [
        Issue.error(f"party_{field}_missing:{party.key}", message().format(party=label))
        for field, is_missing, message in rules
        if is_missing(party)
    ]
    if party.kind == PartyKind.NATURAL and party.age is not None and not 0 <= party.age <= MAX_AGE:
        msg = _("The age of {party} is {age}, which cannot be right")
        issues.append(Issue.error(f"party_age_invalid:{party.key}", msg.format(party=label, age=party.age)))
    return issues


def _content_issues(draft: AgreementDraft) -> list[Issue]:
    issues: list[Issue] = []
    if len(draft.parties) < MIN_PARTIES:
        msg = _("An agreement needs at least 2 parties; this one has {count}")
        issues.append(Issue.error("agreement_parties_count", msg.format(count=len(draft.parties))))
    if _blank(draft.facts):
        issues.append(Issue.error("agreement_facts_missing", _("The main facts of the dispute are missing")))
    if _blank(draft.issues):
        issues.append(Issue.error("agreement_issues_missing", _("The disputed issues are missing")))
    if not draft.terms:
        issues.append(Issue.error("agreement_terms_missing", _("Add at least one agreed term")))
    for number, term in enumerate(draft.terms, start=1):
        if _blank(term):
            msg = _("Term {number} is empty; write it or delete it")
            issues.append(Issue.error("agreement_term_empty", msg.format(number=number)))
    if _blank(draft.performance_method):
        msg = _("The method of performance is missing (for example: bank transfer, cash on signing)")
        issues.append(Issue.error("agreement_method_missing", msg))
    # Every instalment needs its own date, whatever the overall deadline says: an undated row
    # would print blank and never be reminded.
    undated = [str(n) for n, due in enumerate(draft.obligation_due_dates, start=1) if due is None]
    if undated:
        msg = ngettext(
            "Instalment {numbers} has no due date; give every instalment its own date",
            "Instalments {numbers} have no due date; give every instalment its own date",
            len(undated),
        )
        issues.append(Issue.error("obligation_due_missing", msg.format(numbers="、".join(undated))))
    elif draft.performance_deadline is None and not draft.obligation_due_dates:
        msg = _("The performance deadline is missing: give a deadline or a due date for each obligation")
        issues.append(Issue.error("agreement_deadline_missing", msg))
    return issues


def _warnings(draft: AgreementDraft, default_originals: int) -> list[Issue]:
    warnings: list[Issue] = []
    if _blank(draft.performance_place):
        msg = _("The place of performance is not stated; courts prefer it to be written in the agreement")
        warnings.append(Issue.warning("agreement_place_missing", msg))
    if draft.originals_override is not None and draft.originals_override != default_originals:
        msg = _(
            "{count} originals are stated; the usual number is {expected}, one for each party "
            "and one for the committee"
        )
        issue = Issue.warning(
            "agreement_originals", msg.format(count=draft.originals_override, expected=default_originals)
        )
        warnings.append(issue)
    if draft.personal_status:
        if draft.dispute_type == DisputeType.MARRIAGE_FAMILY:
            msg = _(
                "This marriage and family agreement concerns marriage, adoption or another personal-status "
                "relation, so a court will not confirm it judicially"
            )
        else:
            msg = _(
                "An agreement about marriage, adoption or another personal-status relation "
                "cannot be judicially confirmed"
            )
        warnings.append(Issue.warning("agreement_not_confirmable", msg))
    elif draft.personal_status_suggested:
        msg = _(
            "Disputes of this sub-type usually concern marriage, adoption or another personal-status relation; "
            "confirm that this agreement does not, or flag it (a court will not confirm such an agreement)"
        )
        warnings.append(Issue.warning("agreement_personal_status_unconfirmed", msg))
    if _blank(draft.recorder_name):
        msg = _("The recorder is not named; the recorder signs the agreement")
        warnings.append(Issue.warning("agreement_recorder_missing", msg))
    for index, party in enumerate(draft.parties):
        if (party.kind == PartyKind.NATURAL and party.age is not None and 0 <= party.age < FULL_AGE
                and not party.statutory_agent):
            msg = _("{party} is {age} years old: a minor acts through a legal representative (法定代理人, e.g. a "
                    "parent), who takes part and signs; name them as the party's agent")
            warnings.append(Issue.warning(f"party_minor_without_representative:{party.key}",
                                          msg.format(party=party_label(party, index), age=party.age)))
    return warnings


def _schedule_issues(draft: AgreementDraft) -> list[Issue]:
    """The schedule and the overall deadline agree; a recurring obligation has a last date; a
    parallel translation covers every term."""
    issues: list[Issue] = []
    items = []
    for i, first in enumerate(draft.obligation_due_dates):
        period = draft.obligation_periods[i] if i < len(draft.obligation_periods) else ""
        until = draft.obligation_until[i] if i < len(draft.obligation_until) else None
        items.append((first, period, until))
        if period and first is not None and until is not None and until < first:
            msg = _("Obligation {number}: the last due date is before the first")
            issues.append(Issue.error("agreement_recurring_dates", msg.format(number=i + 1)))
    end, _open = schedule_end(items)
    if draft.performance_deadline is not None and end is not None and end > draft.performance_deadline:
        msg = _(
            "The overall performance deadline ({deadline}) is earlier than the last due date of the "
            "schedule ({last}); correct one of them"
        )
        issues.append(
            Issue.error(
                "agreement_deadline_before_schedule",
                msg.format(deadline=draft.performance_deadline.isoformat(), last=end.isoformat()),
            )
        )
    if draft.translated_terms is not None:
        untranslated = [n for n in range(1, len(draft.terms) + 1) if n not in draft.translated_terms]
        if untranslated:
            msg = _(
                "The Tibetan text does not translate terms {numbers}: give every term its own paragraph "
                "starting with the term's number (༡, ༢, … or 1, 2, …)"
            )
            issues.append(
                Issue.error(
                    "agreement_translation_incomplete", msg.format(numbers=", ".join(map(str, untranslated)))
                )
            )
    return issues


def check_agreement(draft: AgreementDraft) -> AgreementCheck:
    """Check a written agreement draft for missing content and points to confirm."""
    missing: list[Issue] = []
    for index, party in enumerate(draft.parties):
        missing.extend(_party_issues(party, index))
    missing.extend(_content_issues(draft))
    missing.extend(_schedule_issues(draft))
    default_originals = len(draft.parties) + 1
    if draft.originals_override is not None and draft.originals_override < 1:
        msg = _("The number of originals must be at least 1; {count} was given")
        missing.append(Issue.error("agreement_originals_invalid", msg.format(count=draft.originals_override)))
    originals = draft.originals_override if draft.originals_override is not None else default_originals
    can_finalise = not missing
    return AgreementCheck(
        missing=tuple(missing),
        warnings=tuple(_warnings(draft, default_originals)),
        originals=originals,
        confirmation_eligible=not draft.personal_status,
        can_finalise=can_finalise,
        can_take_effect=can_finalise and not execution_missing(draft),
    )


def execution_missing(draft: AgreementDraft) -> list[Issue]:
    """What is still needed for the agreement to take effect: each party's execution, the
    mediator's signature and the committee seal."""
    issues: list[Issue] = []
    for index, party in enumerate(draft.parties):
        if party.key in draft.executed_party_keys:
            continue
        label = party_label(party, index)
        if party.kind == PartyKind.LEGAL:
            msg = _("Still to execute the agreement: {party} (representative's signature and company seal)")
        else:
            msg = _("Still to sign, seal or put a fingerprint on the agreement: {party}")
        issues.append(Issue.error(f"party_not_executed:{party.key}", msg.format(party=label)))
    if not draft.mediator_signed:
        issues.append(Issue.error("mediator_not_signed", _("The mediator has not signed the agreement")))
    if not draft.seal_affixed:
        issues.append(Issue.error("seal_missing", _("The committee seal has not been affixed")))
    return issues
