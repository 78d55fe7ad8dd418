"""The complete case file (卷宗) as one PDF, in the standard binding order (domain §2.2).

Two passes: the parts are laid out with a provisional table of contents, the start page of every
part is read back from the canvas, then the file is laid out again with the real page numbers
(repeated while the contents' own length changes). Archive page numbers start at the first
document; the cover, contents and back cover are not numbered.
"""

from __future__ import annotations

import dataclasses
import hashlib
import pickle
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

from mediation_app.documents import agreement_rules, applicability
from mediation_app.documents.attachments import attachment_part
from mediation_app.documents.base import DocumentRenderer, Part, RenderedDocument, build_pdf
from mediation_app.documents.data import Attachment, CaseDocuments
from mediation_app.documents.forms.agreement import AgreementForm_
from mediation_app.documents.forms.application import ApplicationForm
from mediation_app.documents.forms.closing_notices import RefusalNotice, TerminationNotice
from mediation_app.documents.forms.confirmation import ConfirmationApplication
from mediation_app.documents.forms.file_parts import (
    BackCover,
    ContentsPage,
    CoverPage,
    FileTotals,
    NotePage,
    TocEntry,
)
from mediation_app.documents.forms.follow_up import FollowUpRecord
from mediation_app.documents.forms.investigation import InvestigationRecord
from mediation_app.documents.forms.notice import NoticeForm
from mediation_app.documents.forms.oral_agreement import OralAgreementRegister
from mediation_app.documents.forms.register import RegisterForm
from mediation_app.documents.forms.session import SessionRecord
from mediation_app.documents.registry import CASEFILE_KIND
from mediation_app.domain import fingerprint
from mediation_app.domain.enums import EvidenceKind
from mediation_app.i18n import _

FRONT = ("cover", "contents")
BACK = ("back-cover",)
MAX_PASSES = 4


@dataclass(frozen=True)
class FileLayout:
    entries: tuple[TocEntry, ...]
    totals: FileTotals
    page_keys: tuple[str | None, ...]


def _attachments(data: CaseDocuments, *kinds: EvidenceKind) -> list[tuple[int, Attachment]]:
    return [(i, a) for i, a in enumerate(data.attachments) if a.kind in kinds]


def _body(data: CaseDocuments) -> list[DocumentRenderer | tuple[int, Attachment]]:
    """Documents and attachments between the contents and the back cover, in binding order; a
    document is filed only when it applies to the case (:func:`applicability.why_not`)."""
    d = data

    def filed(kind: str) -> bool:
        return not applicability.why_not(kind, d, in_file=True)

    seq: list[DocumentRenderer | tuple[int, Attachment]] = []
    if filed("application"):
        seq.append(ApplicationForm(d))
    seq.append(RegisterForm(d))
    if filed("refusal"):
        seq.append(RefusalNotice(d))
    if filed("notice"):
        seq.append(NoticeForm(d))
    seq += _attachments(d, EvidenceKind.IDENTITY)
    seq += _attachments(d, EvidenceKind.POWER_OF_ATTORNEY)
    seq += [InvestigationRecord(d, item=i + 1) for i in range(len(d.investigations))]
    seq += _attachments(d, EvidenceKind.EVIDENCE)
    seq += [SessionRecord(d, item=i + 1) for i in range(len(d.meetings))]
    if filed("agreement") and d.agreement is not None:
        final = not agreement_rules.missing_elements(d)
        committee_copy = len(d.agreement_parties()) + 1
        agreement_data = d if final else draft_copy(d)
        seq.append(
            AgreementForm_(
                agreement_data, draft=not final, copies=min(committee_copy, agreement_rules.originals(d))
            )
        )
        seq += _attachments(d, EvidenceKind.SIGNED_COPY)
    elif filed("oral-agreement"):
        seq.append(OralAgreementRegister(d))
    if filed("termination"):
        seq.append(TerminationNotice(d))
    seq += _attachments(d, EvidenceKind.RECEIPT)
    seq += [FollowUpRecord(d, item=i + 1) for i in range(len(d.follow_ups))]
    if filed("confirmation"):
        seq.append(ConfirmationApplication(d))
    seq += _attachments(d, EvidenceKind.COURT_RULING)
    seq += _attachments(d, EvidenceKind.OTHER)
    if filed("note"):
        seq.append(NotePage(d))
    return seq


def draft_copy(data: CaseDocuments) -> CaseDocuments:
    """The data of a draft print: its agreement carries the draft code, which never verifies."""
    a = data.agreement
    if a is None:
        return data
    code = fingerprint.draft_code(agreement_rules.verification_code(data))
    return dataclasses.replace(data, agreement=dataclasses.replace(a, verification_code=code))


def exhibits(data: CaseDocuments) -> int:
    """附证物: items kept with the file but not bound into it (a bound scan is a page, not a 证物)."""
    return sum(1 for a in data.attachments if a.exhibit and a.data is None and not a.path)


class _Assembly:
    """The file's pieces. Flowables are consumed by a build, so every pass makes fresh parts."""

    def __init__(self, data: CaseDocuments):
        self.data = data
        self.items = _body(data)
        self.renderers = [r for r in self.items if isinstance(r, DocumentRenderer)]
        for r in self.renderers:
            r.validate()
        self.exhibits = exhibits(data)
        self.cover = CoverPage(data)
        self.cover.validate()
        self.body: list[tuple[list[Part], str]] = []

    def _make_body(self) -> list[tuple[list[Part], str]]:
        body = []
        for item in self.items:
            if isinstance(item, tuple):
                index, att = item
                part = attachment_part(f"attachment-{index}", att)
                body.append(([part], part.spec.remarks))
            else:
                parts = item.printed_parts()
                body.append((parts, parts[0].spec.remarks if len(parts) == 1 else ""))
        return body

    def provisional_entries(self) -> list[TocEntry]:
        """The contents before any layout: every document listed, no page numbers yet."""
        return [TocEntry(parts[0].spec.title, None, None, remarks) for parts, remarks in self.body]

    def parts(self, entries: Sequence[TocEntry] | None, totals: FileTotals) -> list[Part]:
        """Fresh parts of the whole file; ``entries`` None lists the contents provisionally."""
        self.body = self._make_body()
        if entries is None:
            entries = self.provisional_entries()
        contents = ContentsPage(self.data, entries=entries)
        back = BackCover(self.data, totals=totals)
        self._front_back = (contents, back)
        out = [*self.cover.parts(), *contents.parts()]
        for parts, _remarks in self.body:
            out.extend(parts)
        out.extend(back.parts())
        return out

    def entries_from(self, page_keys: Sequence[str | None]) -> tuple[list[TocEntry], FileTotals]:
        first_numbered = next((i for i, k in enumerate(page_keys) if k not in FRONT), len(page_keys))
        numbered = [k for k in page_keys if k not in FRONT and k not in BACK]
        entries = []
        for parts, remarks in self.body:
            keys = {p.spec.key for p in parts}
            pages = [i - first_numbered + 1 for i, k in enumerate(page_keys) if k in keys]
            title = parts[0].spec.title
            entries.append(
                TocEntry(title, min(pages) if pages else None, max(pages) if pages else None, remarks)
            )
        return entries, FileTotals(len(numbered), self.exhibits)

    def warnings(self) -> list[str]:
        seen: dict[str, None] = {}
        for r in [self.cover, *self.renderers, *getattr(self, "_front_back", ())]:
            for w in r.warnings():
                seen.setdefault(w, None)
        if self.data.agreement is not None and not applicability.why_not("agreement", self.data):
            missing = agreement_rules.missing_elements(self.data)
            if missing:
                seen.setdefault(
                    _("The agreement is filed as a draft; missing: {items}").format(items="; ".join(missing)),
                    None,
                )
        return list(seen)


# The page numbers of files laid out lately, by their content: printing a file again (a preview,
# then the print; a second copy) starts from them instead of a layout pass. They are only a first
# guess: every pass checks that the contents page lists the pages the file is printed with, so
# the printed file is the same with or without them.
_LAYOUTS: OrderedDict[bytes, tuple[tuple[TocEntry, ...], FileTotals]] = OrderedDict()
_LAYOUTS_KEPT = 32
_LAYOUTS_LOCK = threading.Lock()


def _layout_key(data: CaseDocuments) -> bytes | None:
    try:
        return hashlib.sha256(pickle.dumps(data, protocol=5)).digest()
    except Exception:  # noqa: BLE001 - something that does not pickle: laid out afresh
        return None


def _build(data: CaseDocuments, *, printed: bool = True) -> tuple[bytes, FileLayout, _Assembly]:
    """Lay the file out until its contents page lists the pages it is printed with.

    The first pass, with a provisional contents page, is needed only for its page numbers: it is
    laid out without drawing. Every later pass prints, and the last one is the file; it usually
    is the second, as the real page numbers seldom change the contents page's length. Without
    ``printed`` (the layout alone is wanted) no pass draws and the PDF is empty.
    """
    asm = _Assembly(data)
    entries: list[TocEntry] | None = None
    totals = FileTotals(0, asm.exhibits)
    previous: list[TocEntry] | None = None
    key = _layout_key(data)
    with _LAYOUTS_LOCK:
        known = _LAYOUTS.get(key) if key is not None else None
    if known is not None:  # laid out before (a preview, then the print): that pass is not repeated
        previous, entries, totals = list(known[0]), list(known[0]), known[1]
    for _pass in range(MAX_PASSES):
        parts = asm.parts(entries, totals)
        pdf, keys = build_pdf(
            parts,
            title=f"人民调解卷宗 {data.case.number}",
            author=data.committee.name,
            subject=data.case.number,
            file_numbers=True,
            layout_only=entries is None or not printed,
        )
        new_entries, totals_now = asm.entries_from(keys)
        if new_entries == previous and totals_now == totals:
            break
        previous, entries, totals = new_entries, new_entries, totals_now
    assert entries is not None
    if key is not None:
        with _LAYOUTS_LOCK:
            _LAYOUTS[key] = (tuple(entries), totals)
            _LAYOUTS.move_to_end(key)
            while len(_LAYOUTS) > _LAYOUTS_KEPT:
                _LAYOUTS.popitem(last=False)
    for part in parts if printed else ():
        if part.after_build is not None:
            pdf = part.after_build(pdf, [i for i, k in enumerate(keys) if k == part.spec.key])
    return pdf, FileLayout(tuple(entries), totals, tuple(keys)), asm


def layout(data: CaseDocuments) -> FileLayout:
    """Where every document falls in the bound file (used by the standalone contents/back cover)."""
    return _build(data, printed=False)[1]


def render_case_file(data: CaseDocuments) -> RenderedDocument:
    pdf, lay, asm = _build(data)
    return RenderedDocument(
        CASEFILE_KIND.kind,
        CASEFILE_KIND.template_version,
        "人民调解卷宗",
        pdf,
        len(lay.page_keys),
        tuple(asm.warnings()),
    )
