"""Excel and CSV ledgers in (past cases and screening items) and the case register out."""

from mediation_app.services.imports.reader import LedgerFileError
from mediation_app.services.imports.service import ImportPreview, ImportReport, LedgerImportService, RowReport

__all__ = ["ImportPreview", "ImportReport", "LedgerFileError", "LedgerImportService", "RowReport"]
