"""The one-stop centre (综治中心 / 矛盾纠纷多元化解中心): several committees in one database, and
one window that registers a dispute once and routes it to a committee or a department."""

from mediation_app.services.centre.committees import CommitteeInput, CommitteeService
from mediation_app.services.centre.routing import RoutingService, routing_view

__all__ = ["CommitteeInput", "CommitteeService", "RoutingService", "routing_view"]
