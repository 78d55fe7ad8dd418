"""People's-mediation statistics: the report laid out like the national form, drill-down of every
cell to its cases, submitted (frozen) reports. See ``model`` for the read model."""

from mediation_app.services.stats.service import StatsService

__all__ = ["StatsService"]
