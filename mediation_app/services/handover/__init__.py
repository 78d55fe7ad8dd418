"""Hand-over bundles between an offline room and its centre: identity and pairing, signed bundles
out and in, three-way merge with conflicts kept for a person, acknowledgements and reminders."""

from mediation_app.services.handover.bundle_file import BundleRefused
from mediation_app.services.handover.read_models import (
    ConflictView,
    ExportResult,
    FieldDiff,
    HandoverStatus,
    ImportReport,
    PeerView,
    SiteView,
)
from mediation_app.services.handover.service import HandoverService

__all__ = ["BundleRefused", "ConflictView", "ExportResult", "FieldDiff", "HandoverService", "HandoverStatus",
           "ImportReport", "PeerView", "SiteView"]
