"""Documents: frozen dataclass in, PDF bytes out (ReportLab, embedded Noto fonts).

Entry points:
- :func:`render_document` — one standard document of a case, by short kind name;
- :func:`render_case_file` — the whole bound 卷宗;
- :func:`check_completeness` — what the file lacks before archiving;
- :func:`preflight` — characters the fonts cannot print, before printing.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mediation_app.documents.applicability import Offer, offers, why_not
    from mediation_app.documents.base import DocumentError, MissingDataError, RenderedDocument
    from mediation_app.documents.casefile import render_case_file
    from mediation_app.documents.completeness import MissingItem, check_completeness
    from mediation_app.documents.data import CaseDocuments
    from mediation_app.documents.forms.agreement import AgreementIncompleteError
    from mediation_app.documents.registry import (
        CASEFILE_KIND,
        KINDS,
        SLIP_KIND,
        DocumentKind,
        kind_names,
        renderer_for,
    )

# Importing a light part (the data carriers, the applicability rules) must not load ReportLab and
# every form: the names below are imported from their modules on first use (PEP 562).
_LAZY = {
    "Offer": "applicability", "offers": "applicability", "why_not": "applicability",
    "DocumentError": "base", "MissingDataError": "base", "RenderedDocument": "base",
    "draft_copy": "casefile", "render_case_file": "casefile",
    "MissingItem": "completeness", "check_completeness": "completeness",
    "CaseDocuments": "data",
    "AgreementIncompleteError": "forms.agreement",
    "CASEFILE_KIND": "registry", "SLIP_KIND": "registry", "KINDS": "registry", "DocumentKind": "registry", "kind_names": "registry",
    "renderer_for": "registry",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def render_document(
    kind: str,
    data: CaseDocuments,
    *,
    item: int | None = None,
    draft: bool = False,
    missing: list[str] | None = None,
) -> RenderedDocument:
    """Render one document. ``item`` picks the meeting / investigation / follow-up (1-based).

    For the agreement, ``missing`` is the caller's agreement-check result; when omitted, the
    check runs here. A final agreement with missing elements raises AgreementIncompleteError.
    """
    from mediation_app.documents.casefile import draft_copy
    from mediation_app.documents.registry import renderer_for

    cls = renderer_for(kind)
    kwargs = {"missing": missing} if kind == "agreement" else {}
    if draft and kind == "agreement":
        data = draft_copy(data)  # a draft's code never verifies
    return cls(data, item=item, draft=draft, **kwargs).render()


def preflight(kind: str, data: CaseDocuments, *, item: int | None = None) -> list[str]:
    """Warnings to show before printing (e.g. a name with a character the font lacks)."""
    from mediation_app.documents.registry import renderer_for

    cls = renderer_for(kind)
    renderer = cls(data, item=item, draft=True)
    renderer.validate()
    renderer.printed_parts()  # lays out the text, which records every character the fonts lack
    return renderer.warnings()


__all__ = [
    "CASEFILE_KIND",
    "KINDS",
    "AgreementIncompleteError",
    "CaseDocuments",
    "DocumentError",
    "DocumentKind",
    "MissingDataError",
    "MissingItem",
    "SLIP_KIND",
    "Offer",
    "RenderedDocument",
    "check_completeness",
    "kind_names",
    "offers",
    "preflight",
    "render_case_file",
    "render_document",
    "renderer_for",
    "why_not",
]
