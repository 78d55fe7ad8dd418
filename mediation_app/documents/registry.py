"""The document kinds: short English names, the printed form, template versions."""

from __future__ import annotations

from dataclasses import dataclass

from mediation_app.documents.base import DocumentRenderer
from mediation_app.documents.forms.agreement import AgreementForm_
from mediation_app.documents.forms.application import ApplicationForm
from mediation_app.documents.forms.closing_notices import RefusalNotice, TerminationNotice
from mediation_app.documents.forms.confirmation import ConfirmationApplication
from mediation_app.documents.forms.file_parts import BackCover, ContentsPage, CoverPage, NotePage
from mediation_app.documents.forms.follow_up import FollowUpRecord
from mediation_app.documents.forms.investigation import InvestigationRecord
from mediation_app.documents.forms.notice import NoticeForm
from mediation_app.documents.forms.oral_agreement import OralAgreementRegister
from mediation_app.documents.forms.register import RegisterForm
from mediation_app.documents.forms.session import SessionRecord
from mediation_app.i18n import _

RENDERERS: tuple[type[DocumentRenderer], ...] = (
    ApplicationForm,
    RegisterForm,
    NoticeForm,
    InvestigationRecord,
    SessionRecord,
    AgreementForm_,
    OralAgreementRegister,
    FollowUpRecord,
    ConfirmationApplication,
    RefusalNotice,
    TerminationNotice,
    CoverPage,
    ContentsPage,
    NotePage,
    BackCover,
)


@dataclass(frozen=True)
class DocumentKind:
    kind: str  # short English name used by the CLI and stored with each generated document
    form_name: str  # the printed Chinese form name
    template_version: str
    per_item: str  # "" or the collection the document is made once per item of

    @property
    def description(self) -> str:
        if self.kind == "slip":
            return _("Four-part slip: stub, party's part, handler's part, returned part")
        return _(KINDS_BY_NAME[self.kind].description)


KINDS_BY_NAME: dict[str, type[DocumentRenderer]] = {r.kind: r for r in RENDERERS}
KINDS: tuple[DocumentKind, ...] = tuple(
    DocumentKind(r.kind, r.title, r.template_version, r.per_item) for r in RENDERERS
)
CASEFILE_KIND = DocumentKind("casefile", "人民调解卷宗", "1", "")
# 人民调解四联单: printed from the slip's own record (its serial), not from the case's documents' data
SLIP_KIND = DocumentKind("slip", "人民调解四联单", "1", "")


def kind_names() -> list[str]:
    return [k.kind for k in KINDS]


def renderer_for(kind: str) -> type[DocumentRenderer]:
    try:
        return KINDS_BY_NAME[kind]
    except KeyError:
        raise KeyError(
            _("Unknown document kind {kind}; known kinds: {kinds}").format(
                kind=kind, kinds=", ".join(kind_names())
            )
        ) from None


def template_version(kind: str) -> str:
    if kind == CASEFILE_KIND.kind:
        return CASEFILE_KIND.template_version
    if kind == SLIP_KIND.kind:
        return SLIP_KIND.template_version
    return renderer_for(kind).template_version
