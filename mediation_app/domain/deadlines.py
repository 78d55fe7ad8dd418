"""Deadlines of a case: what is due or overdue on a given day.

Rules (see the domain notes): mediation within one month of acceptance (one calendar month or 30
days, by setting), or the referring body's deadline, or a deadline extended with both parties'
consent; a drafted written agreement should be executed within a week; judicial confirmation can
be applied for within 30 days of a written agreement taking effect (and again within them after an
application withdrawn or not accepted by the court); each performance obligation falls due on its
date (an agreement with one overall deadline and no instalment rows falls due on that deadline); a
follow-up visit is due when the last obligation falls due (not once a visit found the agreement
performed), and after an oral agreement recorded in full (not by quick entry) from the day it was
reached (law Art. 31 asks the committee to supervise the performance of every agreement); after judicial confirmation, enforcement can be applied for within
2 years of the last day of each performance period (of the overall deadline when there are no
instalments, of the ruling when there is no period at all) until it is applied for; no
confirmation countdown for a personal-status agreement (法释〔2011〕5号 Art. 4); referral slips have
their own deadlines; a committee may add a market clock per dispute sub-type (calendar or working
days from acceptance), running until the dispute has a result.

What was found last counts (domain §4.9: the follow-up outcome updates the performance status): the
agreement is performed in full while the newest finding about it as a whole says so, and a later
visit or record that finds it not performed brings its instalments back. Once a party has sued over
performance (law Art. 32), or applied to the court for enforcement of the whole agreement, the court
decides performance: no instalment and no visit is the committee's task any more (an instalment
enforcement was applied for is no longer reminded either). The confirmation window is reminded while
the committee can record an application (the agreement in force, the case not closed); the
enforcement window stays as the parties' information (a window is never overdue).

The same rules are stated in SQL (storage/queries_due.py), which keeps every case's items in the
table Today and the centre's board read; a test holds the two to the same answers on every day.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from mediation_app.domain.enums import CaseStatus, DeadlineRule
from mediation_app.domain.money import format_fen
from mediation_app.i18n import _, ngettext

CONFIRMATION_WINDOW_DAYS = 30
EXECUTION_DAYS = 7
ENFORCEMENT_YEARS = 2
THIRTY_DAYS = 30

_MEDIATING = frozenset({CaseStatus.ACCEPTED, CaseStatus.MEDIATING})
# the agreement in force and the case open: an application for confirmation can be recorded
# (domain.lifecycle, Action.APPLY_CONFIRMATION)
_CONFIRMABLE = frozenset({CaseStatus.AGREEMENT_EFFECTIVE, CaseStatus.PERFORMING})
_PERFORMANCE_OVER = frozenset(
    {CaseStatus.CLOSED, CaseStatus.ARCHIVED, CaseStatus.TERMINATED, CaseStatus.WITHDRAWN, CaseStatus.VOIDED}
)


def add_months(day: date, months: int) -> date:
    """Same day ``months`` later, clamped to the end of a shorter month (Jan 31 + 1 -> Feb 28/29)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def add_years(day: date, years: int) -> date:
    """Same day ``years`` later; 29 February becomes 28 February in a common year."""
    return add_months(day, 12 * years)


def mediation_deadline(accepted_on: date, rule: DeadlineRule) -> date:
    """Default mediation deadline: one calendar month after acceptance, or 30 days."""
    if rule == DeadlineRule.THIRTY_DAYS:
        return accepted_on + timedelta(days=THIRTY_DAYS)
    return add_months(accepted_on, 1)


# Bodies that refer (移送/委派) a dispute with a deadline of their own: without one stated, 30 days
# (fact 8; a court's entrusted mediation by its rules). Cases from the 12345 hotline or a grid worker
# are reports, not referrals: the committee's own rule applies.
REFERRING_BODIES = ("court", "police", "petition", "procuratorate", "other_dept")
REFERRED_DEFAULT_DAYS = 30


def default_deadline(source: str, accepted_on: date, rule: DeadlineRule) -> date:
    """The deadline a case gets at acceptance when no referrer's deadline was given."""
    if source in REFERRING_BODIES:
        return accepted_on + timedelta(days=REFERRED_DEFAULT_DAYS)
    return mediation_deadline(accepted_on, rule)


def confirmation_deadline(effective_on: date) -> date:
    """Last day to apply jointly for judicial confirmation: effective date + 30 days."""
    return effective_on + timedelta(days=CONFIRMATION_WINDOW_DAYS)


def enforcement_deadline(last_performance_day: date) -> date:
    """Last day to apply for enforcement of a confirmed agreement: + 2 years."""
    return add_years(last_performance_day, ENFORCEMENT_YEARS)


def execution_deadline(drafted_on: date) -> date:
    """When a drafted written agreement should have been executed: drafting + 7 days."""
    return drafted_on + timedelta(days=EXECUTION_DAYS)


@dataclass(frozen=True)
class ObligationDue:
    key: str
    label: str
    due_on: date | None  # of a recurring obligation: its first period not paid in full
    amount_fen: int | None
    performed: bool
    last_due_on: date | None = None  # the schedule's last day, when it is not ``due_on``


@dataclass(frozen=True)
class CaseClock:
    accepted_on: date | None
    rule: DeadlineRule
    referrer_deadline: date | None  # referred cases use it instead of the rule
    extended_until: date | None  # set only when both parties consented
    status: CaseStatus
    agreement_drafted_on: date | None  # written agreement waiting for execution
    agreement_effective_on: date | None
    agreement_written: bool
    confirmation_applied_on: date | None  # of the application in force (not withdrawn, not refused by the court)
    confirmation_confirmed: bool
    obligations: tuple[ObligationDue, ...]
    last_follow_up_on: date | None
    referral_deadlines: tuple[tuple[str, date], ...]  # (slip number, deadline) of open slips
    deadline_on: date | None = None  # the stored deadline in force (acceptance rule, referrer, extension)
    agreement_personal_status: bool = False  # not eligible for judicial confirmation
    performance_deadline: date | None = None  # the agreement's overall deadline of performance
    performed_in_full: bool = False  # found performed as a whole (a follow-up, or a record naming no obligation)
    confirmed_on: date | None = None  # when the confirmation ruling was made
    market_due_on: date | None = None  # the committee's additional clock for the sub-type (market clock)
    market_label: str = ""  # what the committee calls that clock
    visit_found_performed: bool = False  # a follow-up visit found the agreement performed
    oral_agreed_on: date | None = None  # an oral agreement in force, recorded in full (not by quick entry)
    enforcement_applied: tuple[str, ...] = ()  # obligation keys enforcement was applied for ("": the whole agreement)
    sued: bool = False  # a party sued over the agreement's performance (law Art. 32)


@dataclass(frozen=True)
class DueItem:
    kind: str  # mediation, execution, confirmation, obligation, follow_up, enforcement, referral
    due_on: date
    days_left: int  # negative when overdue
    overdue: bool
    message: str
    ref: str = ""  # obligation key or referral slip number


KINDS = ("mediation", "execution", "confirmation", "obligation", "follow_up", "enforcement", "referral", "market")
# A referral slip whose department has answered (feedback given, or closed) has met its deadline.
REFERRAL_ANSWERED = ("feedback", "closed")
# Outcomes of an application for judicial confirmation after which the parties may apply again (to the
# right court, or once more): the 30-day window runs on as if they had not applied.
CONFIRMATION_REAPPLY_AFTER = ("withdrawn", "not_accepted")
# The market clock runs from acceptance until the dispute has a result (an agreement in effect, an
# oral agreement, termination or withdrawal).
_MARKET_OPEN = frozenset({CaseStatus.ACCEPTED, CaseStatus.MEDIATING, CaseStatus.AGREEMENT_DRAFTED})


def current_mediation_deadline(clock: CaseClock) -> date | None:
    """The deadline in force: an agreed extension, else the referrer's, else the rule's."""
    if clock.extended_until is not None:
        return clock.extended_until
    if clock.deadline_on is not None:
        return clock.deadline_on
    if clock.referrer_deadline is not None:
        return clock.referrer_deadline
    if clock.accepted_on is None:
        return None
    return mediation_deadline(clock.accepted_on, clock.rule)


def _last_due(clock: CaseClock) -> date | None:
    """The last day of performance: the last instalment, else the overall deadline."""
    dates = [d for o in clock.obligations if (d := o.last_due_on or o.due_on) is not None]
    return max(dates) if dates else clock.performance_deadline


def _open_obligations(clock: CaseClock) -> list[tuple[str, date, str, int | None]]:
    """(key, due, label, amount) of what is still to perform; an agreement without instalment
    rows has one: its overall deadline."""
    if clock.performed_in_full:  # a follow-up found everything performed
        return []
    if clock.obligations:
        return [(o.key, o.due_on, o.label, o.amount_fen) for o in clock.obligations
                if not o.performed and o.due_on is not None]
    if clock.performance_deadline is not None:
        return [("", clock.performance_deadline, "", None)]
    return []


def due_items(clock: CaseClock, on: date, warn_days: int = 7) -> list[DueItem]:
    """Everything due within ``warn_days`` of ``on`` or already overdue, sorted by due date."""
    if clock.status == CaseStatus.VOIDED:
        return []
    found: list[tuple[str, date, str, str]] = []  # kind, due, ref, detail

    deadline = current_mediation_deadline(clock)
    if clock.status in _MEDIATING and deadline is not None:
        detail = "extended" if clock.extended_until else "referred" if clock.referrer_deadline else ""
        found.append(("mediation", deadline, "", detail))

    if clock.status == CaseStatus.AGREEMENT_DRAFTED and clock.agreement_drafted_on is not None:
        found.append(("execution", execution_deadline(clock.agreement_drafted_on), "", ""))

    effective = clock.agreement_effective_on
    if (effective is not None and clock.agreement_written and clock.confirmation_applied_on is None
            and not clock.agreement_personal_status and clock.status in _CONFIRMABLE):
        closes = confirmation_deadline(effective)
        if on <= closes:
            found.append(("confirmation", closes, "", ""))

    supervised = clock.status not in _PERFORMANCE_OVER and not (  # not the court's to decide now
        clock.sued or "" in clock.enforcement_applied)
    if effective is not None and supervised:
        for key, due, label, amount in _open_obligations(clock):
            if key in clock.enforcement_applied:
                continue
            detail = label if amount is None else f"{label} {format_fen(amount)}"
            found.append(("obligation", due, key, detail))
        visit_on = _last_due(clock) or effective
        visited = clock.last_follow_up_on
        # a visit on or after the day is the visit due; one before it that found the agreement
        # performed leaves nothing to supervise
        if visited is None or (visited < visit_on and not clock.visit_found_performed):
            found.append(("follow_up", visit_on, "", ""))
    elif clock.oral_agreed_on is not None and supervised:
        visited = clock.last_follow_up_on
        if visited is None or (visited < clock.oral_agreed_on and not clock.visit_found_performed):
            found.append(("follow_up", clock.oral_agreed_on, "", ""))

    if clock.confirmation_confirmed:
        periods = _open_obligations(clock)
        if not periods and not clock.obligations and not clock.performed_in_full and clock.confirmed_on:
            periods = [("", clock.confirmed_on, "", None)]  # no period: from the ruling
        for key, due, label, _amount in periods:
            if "" in clock.enforcement_applied or key in clock.enforcement_applied:
                continue  # applied for: the window has served its purpose
            closes = enforcement_deadline(due)
            if on <= closes:
                found.append(("enforcement", closes, key, label))

    for slip, slip_deadline in clock.referral_deadlines:
        found.append(("referral", slip_deadline, slip, slip))

    if clock.market_due_on is not None and clock.status in _MARKET_OPEN:
        found.append(("market", clock.market_due_on, "", clock.market_label))

    items = []
    for kind, due, ref, detail in found:
        days_left = (due - on).days
        if days_left <= warn_days:
            items.append(
                DueItem(kind, due, days_left, days_left < 0, due_message(kind, due, days_left, detail), ref)
            )
    items.sort(key=lambda i: (i.due_on, KINDS.index(i.kind), i.ref))
    return items


def _subject(kind: str, detail: str) -> str:
    """A noun phrase naming the deadline; the sentence around it comes from :func:`_message`."""
    if kind == "mediation":
        if detail == "extended":
            return _("Extended mediation deadline")
        if detail == "referred":
            return _("Referring body's mediation deadline")
        return _("Mediation deadline")
    if kind == "execution":
        return _("Signing deadline of the drafted agreement (parties, mediator, seal)")
    if kind == "confirmation":
        return _("Last day to apply jointly for judicial confirmation")
    if kind == "obligation":
        if not detail:
            return _("Performance deadline of the agreement")
        return _("Obligation “{obligation}” due").format(obligation=detail)
    if kind == "follow_up":
        return _("Follow-up visit on performance due")
    if kind == "enforcement":
        if not detail:
            return _("Last day to apply for enforcement of the agreement")
        return _("Last day to apply for enforcement against “{obligor}”").format(obligor=detail)
    if kind == "market":
        if detail:
            return _("Market deadline “{clock}”").format(clock=detail)
        return _("Market deadline")
    return _("Deadline of referral slip {slip}").format(slip=detail)


def due_message(kind: str, due: date, days_left: int, detail: str) -> str:
    """The sentence a mediator reads for one item (the today overview builds its items with it)."""
    subject = _subject(kind, detail)
    day = due.isoformat()
    if days_left < 0:
        n = -days_left
        text = ngettext("{subject} {date} is {n} day overdue", "{subject} {date} is {n} days overdue", n)
        return text.format(subject=subject, date=day, n=n)
    if days_left == 0:
        return _("{subject} {date} is today").format(subject=subject, date=day)
    text = ngettext("{subject} {date} is in {n} day", "{subject} {date} is in {n} days", days_left)
    return text.format(subject=subject, date=day, n=days_left)
