"""Lists out: the case register as .xlsx or CSV, redacted or in full."""

from mediation_app.services.exports.service import CaseExportService, ExportOptions, ExportResult

__all__ = ["CaseExportService", "ExportOptions", "ExportResult"]
