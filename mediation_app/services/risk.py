"""Risk grading (风险等级 蓝/黄/橙/红) and civil-to-criminal prevention (domain §4.5, facts 22 and 36).

The history is append-only; the case keeps its current level for lists. Containment and
reporting entries are sensitive: case workers may read them, the audit administrator may not, and
only a committee head or an administrator may lower a level from orange or red.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from mediation_app.domain.enums import RiskFlag, RiskLevel
from mediation_app.domain.lifecycle import Action
from mediation_app.i18n import _
from mediation_app.services.base import SUPERVISORS, ServiceBase
from mediation_app.services.context import Actor, ChangeKind, Changes
from mediation_app.services.errors import PermissionDenied, ValidationFailed
from mediation_app.services.read_models import RiskView
from mediation_app.storage import queries as q
from mediation_app.storage.models import CaseRecord, RiskAssessmentRecord


def _clean(text: str | None) -> str | None:
    text = (text or "").strip()
    return text or None


def risk_errors(
    level: RiskLevel,
    flags: tuple[RiskFlag, ...],
    reason: str,
    containment: str | None,
    escalated_to: str | None,
    reported_to: str | None,
    reported_on: dt.date | None,
    today: dt.date,
) -> dict[str, str]:
    """Field errors of a risk assessment (shared with the screening ledger)."""
    errors: dict[str, str] = {}
    if not (reason or "").strip():
        errors["reason"] = _("Say why the dispute is graded {level}.").format(level=level.label())
    if level.needs_escalation:
        if not _clean(escalated_to):
            errors["escalated_to"] = _(
                "A risk graded {level} must be escalated: name the unit or leader it was reported up to."
            ).format(level=level.label())
        if not _clean(containment):
            errors["containment"] = _(
                "A risk graded {level} needs containment measures (稳控措施): who watches the parties, and how."
            ).format(level=level.label())
    police = [f for f in flags if f.needs_police_report]
    if police:
        names = "、".join(f.label() for f in police)
        if not _clean(reported_to):
            errors["reported_to"] = _(
                "A risk of a public-security or criminal incident ({flags}) must be reported: "
                "record the police station or department told."
            ).format(flags=names)
        if reported_on is None:
            errors["reported_on"] = _("Record the date the risk ({flags}) was reported.").format(flags=names)
    if reported_on is not None and reported_on > today:
        errors["reported_on"] = _("The report date cannot be in the future.")
    return errors


class RiskService(ServiceBase):
    def set_level(
        self,
        actor: Actor,
        case_id: uuid.UUID,
        level: RiskLevel,
        flags: tuple[RiskFlag, ...],
        reason: str,
        containment: str | None = None,
        escalated_to: str | None = None,
        reported_to: str | None = None,
        reported_on: dt.date | None = None,
    ) -> Changes:
        """Grade (or re-grade) the case's risk; every grading is kept in its history."""
        self.require_role(actor)
        texts = self.cleaned_texts(reason=reason, containment=containment, escalated_to=escalated_to, reported_to=reported_to)
        reason, containment, escalated_to, reported_to = texts["reason"], texts["containment"], texts["escalated_to"], texts["reported_to"]
        flags = tuple(dict.fromkeys(flags))  # keep order, drop repeats
        errors = risk_errors(
            level, flags, reason, containment, escalated_to, reported_to, reported_on, self.clock.today()
        )
        if errors:
            raise ValidationFailed(errors)
        with self.db.write() as s:
            case = self.load_case(s, actor, case_id)
            rec = self.grade(s, actor, case, level, flags, reason, containment, escalated_to, reported_to, reported_on)
            return self.changes(s, ChangeKind.RISK, case.id, created_id=rec.id)

    def grade(
        self, s: Any, actor: Actor, case: CaseRecord, level: RiskLevel, flags: tuple[RiskFlag, ...], reason: str,
        containment: str | None, escalated_to: str | None, reported_to: str | None, reported_on: dt.date | None,
    ) -> RiskAssessmentRecord:
        """Record one grading of a loaded case inside the caller's transaction (the arguments already
        checked by ``risk_errors``); a review of a warning raises the level this way too."""
        self.guard(Action.SET_RISK, self.facts(s, case))
        current = RiskLevel(case.risk_level)
        if current.needs_escalation and level.rank < current.rank and not actor.may(SUPERVISORS):
            raise PermissionDenied(
                _(
                    "Only the committee head or an administrator may lower a risk level from {level}."
                ).format(level=current.label())
            )
        rec = RiskAssessmentRecord(
            case_id=case.id,
            level=level,
            flags=",".join(flags),
            reason=reason.strip(),
            containment=_clean(containment),
            escalated_to=_clean(escalated_to),
            reported_to=_clean(reported_to),
            reported_on=reported_on,
            at=self.clock.now(),
            by_user_id=actor.user_id,
        )
        s.add(rec)
        case.risk_level = level
        s.flush()
        self.audit(
            s,
            actor,
            "risk.set",
            "risk_assessment",
            rec.id,
            case.id,
            {
                "from": current,
                "to": level,
                "flags": list(flags),
                "escalated_to": rec.escalated_to,
                "reported_to": rec.reported_to,
            },
        )
        return rec

    def history(self, actor: Actor, case_id: uuid.UUID) -> list[RiskView]:
        """The case's gradings, oldest first (sensitive: case workers only)."""
        self.require_role(actor)
        with self.db.read() as s:
            case = self.load_case(s, actor, case_id)
            records = q.risk_history(s, case.id)
            names = q.user_names(s, {r.by_user_id for r in records})
            return [
                RiskView(
                    level=r.level,
                    flags=tuple(f for f in r.flags.split(",") if f),
                    reason=r.reason,
                    containment=r.containment,
                    escalated_to=r.escalated_to,
                    reported_to=r.reported_to,
                    reported_on=r.reported_on,
                    at=r.at,
                    by=names.get(r.by_user_id, ""),
                )
                for r in records
            ]
