"""Escalation by level ("四级七天") and the supervision of referral slips ("中心吹哨、部门报到")."""

from mediation_app.services.ladder.levels import LadderService
from mediation_app.services.ladder.supervision import SupervisionService

__all__ = ["LadderService", "SupervisionService"]
