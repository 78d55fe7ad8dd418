"""When things happen in a demo case: the dates of every step for a case that ends in a given
state, in the order the services allow (registered ≤ accepted ≤ consents ≤ sessions ≤ agreement ≤
effective ≤ performance ≤ follow-up ≤ closed ≤ archived) and never after today. Only what is
planned (a scheduled session, an instalment not yet due, a slip's deadline) lies ahead.

Pure: dates in, dates out.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from mediation_app.domain.deadlines import EXECUTION_DAYS

# Final state -> weight in the demo register.
STATUS_MIX: tuple[tuple[str, int], ...] = (
    ("registered", 3), ("refused", 2), ("accepted", 4), ("mediating", 9), ("agreement_drafted", 3),
    ("agreement_effective", 4), ("oral_agreement", 9), ("terminated", 6), ("withdrawn", 2), ("performing", 10),
    ("closed", 34), ("archived", 14),
)
# How a closed (or archived) case ended.
CLOSED_MIX = (("written", 52), ("oral", 26), ("terminated", 14), ("withdrawn", 3), ("refused", 5))
ARCHIVED_MIX = (("written", 60), ("oral", 25), ("terminated", 15))
OUTCOME_OF = {
    "agreement_drafted": "written", "agreement_effective": "written", "performing": "written",
    "oral_agreement": "oral", "terminated": "terminated", "withdrawn": "withdrawn", "refused": "refused",
}
DAY = dt.timedelta(days=1)


@dataclass(kw_only=True)
class Plan:
    status: str
    outcome: str  # none / written / oral / terminated / withdrawn / refused
    quick: bool = False  # 随手调: registered, accepted and settled on the spot
    registered: dt.date
    accepted: dt.date | None = None
    refused: dt.date | None = None
    consents: dt.date | None = None  # notice and consent recorded
    all_consented: bool = True
    assigned: bool = True
    investigation: dt.date | None = None
    sessions: list[dt.date] = field(default_factory=list)  # held
    scheduled: dt.date | None = None  # a session planned (today or later)
    extension: dt.date | None = None  # every party consented to more time on this day
    extension_days: int = 0  # how much more time
    reached: dt.date | None = None  # agreement reached (oral) or drafted (written)
    executed: dt.date | None = None  # every party executed, mediator signed, seal affixed
    all_executed: bool = True  # a drafted agreement may still wait for some signatures
    ended: dt.date | None = None  # terminated / withdrawn
    first_due: dt.date | None = None  # instalments: first due date and the interval between them
    interval: int = 30
    instalments: int = 1
    paid_until: dt.date | None = None  # instalments due up to this day were paid (on their due day or before)
    follow_up: dt.date | None = None
    confirmation: tuple[dt.date, dt.date | None] | None = None  # (applied, court decided)
    closed: dt.date | None = None
    compiled: dt.date | None = None
    archived: dt.date | None = None


def _pick(rng: random.Random, table: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([v for v, _w in table], [w for _v, w in table])[0]


def _lag(rng: random.Random, low: int, high: int, mode: int) -> int:
    return int(rng.triangular(low, high, mode))


def plan_case(rng: random.Random, today: dt.date, status: str | None = None) -> Plan:
    """Dates for one case ending in ``status`` (drawn from the mix when None)."""
    status = status or _pick(rng, STATUS_MIX)
    if status == "closed":
        outcome = _pick(rng, CLOSED_MIX)
    elif status == "archived":
        outcome = _pick(rng, ARCHIVED_MIX)
    else:
        outcome = OUTCOME_OF.get(status, "none")
    # Relative days, acceptance = 0; shifted at the end so the anchor falls on ``today - lag``.
    p = Plan(status=status, outcome=outcome, registered=today)
    reg = -rng.choice((0, 0, 0, 1, 1, 2, 3))
    days: dict[str, int] = {"registered": reg}
    if outcome == "refused":
        days = {"registered": 0, "refused": rng.choice((0, 1, 1, 2, 3))}
        anchor = days["refused"]
        if status == "closed":
            days["closed"] = anchor = days["refused"] + rng.randint(0, 5)
        return _place(p, days, today - DAY * _lag(rng, 0, 700, 40), anchor)
    if status == "registered":
        return _place(p, {"registered": 0}, today - DAY * rng.randint(0, 4), 0)
    days["accepted"] = days["consents"] = 0
    if status == "accepted":
        p.all_consented = rng.random() < 0.6
        p.assigned = rng.random() < 0.7
        return _place(p, days, today - DAY * rng.randint(0, 5), 0)
    p.quick = outcome == "oral" and status in ("oral_agreement", "closed") and rng.random() < 0.25
    if p.quick:
        days = {"registered": 0, "accepted": 0, "consents": 0, "reached": 0}
        lag = _lag(rng, 0, 60, 5) if status == "oral_agreement" else _lag(rng, 10, 700, 60)
        if status == "closed":
            days["closed"] = rng.randint(0, 3)
        return _place(p, days, today - DAY * lag, max(days.values()))
    day = rng.randint(1, 4)
    if rng.random() < 0.3:
        days["investigation"] = day
        day += rng.randint(1, 3)
    sessions = rng.choice((1, 1, 2, 2, 3))
    held = []
    for _ in range(sessions):
        held.append(day)
        day += rng.randint(3, 7)
    last = held[-1]
    if status == "mediating":
        if rng.random() < 0.35:  # the next session is already scheduled
            p.scheduled = today + DAY * rng.randint(0, 6)
            held = held[:-1]
        if held:
            for i, d in enumerate(held):
                days[f"session{i}"] = d
        p.sessions = []
        anchor = held[-1] if held else 0
        lag = _lag(rng, 0, 40, 3) if held else rng.randint(0, 3)
        if held and rng.random() < 0.2:  # both parties agreed to more time
            days["extension"] = anchor
            p.extension_days = rng.choice((15, 30))
        return _place(p, days, today - DAY * lag, anchor)
    for i, d in enumerate(held):
        days[f"session{i}"] = d
    if outcome in ("terminated", "withdrawn"):
        days["ended"] = anchor = last + rng.randint(0, 2)
    else:  # an agreement at the last session
        days["reached"] = anchor = last
        if outcome == "written":
            if status == "agreement_drafted":
                p.all_executed = False
                lag = rng.randint(0, EXECUTION_DAYS + 3)
                return _place(p, days, today - DAY * lag, anchor)
            days["executed"] = anchor = last + rng.choice((0, 0, 1, 2))
            p.instalments = rng.choice((1, 1, 2, 2, 3))
            p.interval = rng.choice((15, 30, 30, 60))
            days["first_due"] = days["executed"] + rng.choice((0, 7, 15, 30))
            if status in ("agreement_effective", "performing"):
                return _performance(rng, p, days, today, status)
            days["paid_until"] = days["first_due"] + p.interval * (p.instalments - 1)
            anchor = days["paid_until"]
            if rng.random() < 0.3:
                applied = days["executed"] + rng.randint(1, 20)
                days["applied"], days["decided"] = applied, applied + rng.randint(5, 25)
                anchor = max(anchor, days["decided"])
        if status == "oral_agreement":
            return _place(p, days, today - DAY * _lag(rng, 0, 60, 5), anchor)
        days["follow_up"] = anchor = anchor + rng.randint(1, 15)
    if status in ("closed", "archived"):
        days["closed"] = anchor = anchor + rng.randint(0, 10)
    if status == "archived":
        days["compiled"] = days["closed"] + rng.randint(0, 10)
        days["archived"] = anchor = days["compiled"] + rng.randint(0, 10)
    lag = _lag(rng, 0, 900, 60) if status in ("closed", "archived", "terminated", "withdrawn") else 0
    return _place(p, days, today - DAY * lag, anchor)


def _performance(rng: random.Random, p: Plan, days: dict[str, int], today: dt.date, status: str) -> Plan:
    """Effective written agreements still being performed: the anchor is the effective date."""
    if status == "agreement_effective":  # nothing recorded since it took effect
        lag = rng.randint(0, 20)
        days["first_due"] = days["executed"] + max(days["first_due"] - days["executed"], lag + rng.randint(1, 20))
    else:
        lag = rng.randint(10, 150)
    placed = _place(p, days, today - DAY * lag, days["executed"])
    assert placed.first_due is not None and placed.executed is not None
    if status == "performing":
        if placed.first_due > today:  # something must have been recorded: the first payment, early
            placed.first_due = today - DAY * rng.randint(0, 3)
            placed.first_due = max(placed.first_due, placed.executed)
        last_due = placed.first_due + DAY * (placed.interval * (placed.instalments - 1))
        paid = min(today, last_due if rng.random() < 0.3 else today - DAY * rng.randint(0, 20))
        placed.paid_until = max(paid, placed.first_due)
        if rng.random() < 0.4:
            placed.follow_up = min(today, placed.paid_until + DAY * rng.randint(1, 10))
    if rng.random() < 0.35:
        applied = placed.executed + DAY * rng.randint(1, 20)
        if applied <= today:
            decided = applied + DAY * rng.randint(5, 25)
            placed.confirmation = (applied, decided if decided <= today else None)
    return placed


def _place(p: Plan, days: dict[str, int], anchor_on: dt.date, anchor: int) -> Plan:
    """Turn relative days into dates, the anchor day landing on ``anchor_on``."""
    base = anchor_on - DAY * anchor

    def on(key: str) -> dt.date | None:
        return base + DAY * days[key] if key in days else None

    p.registered = on("registered") or base
    p.accepted, p.refused, p.consents = on("accepted"), on("refused"), on("consents")
    p.investigation = on("investigation")
    p.sessions = [base + DAY * days[k] for k in sorted((k for k in days if k.startswith("session")),
                                                       key=lambda k: int(k[7:]))]
    p.reached, p.executed, p.ended, p.first_due = on("reached"), on("executed"), on("ended"), on("first_due")
    p.paid_until, p.follow_up, p.extension = on("paid_until"), on("follow_up"), on("extension")
    if "applied" in days:
        decided = on("decided")
        assert decided is not None
        p.confirmation = (base + DAY * days["applied"], decided)
    p.closed, p.compiled, p.archived = on("closed"), on("compiled"), on("archived")
    return p
