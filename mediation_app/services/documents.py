"""Generating the standard documents and the case file of a case, and checking printed copies.

Every generated document is recorded (kind, template version, SHA-256, pages, final or draft,
who, when) with its audit entry in the same transaction. Files are written atomically.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from mediation_app import documents
from mediation_app.documents import RenderedDocument
from mediation_app.documents.batch import bind
from mediation_app.documents.data import CaseDocuments
from mediation_app.domain import fingerprint
from mediation_app.domain.enums import AgreementForm
from mediation_app.domain.vocabulary import Kind, UnknownCode, Vocabulary
from mediation_app.fileio import atomic_write_bytes
from mediation_app.i18n import _
from mediation_app.services import read_models as rm
from mediation_app.services.base import ServiceBase
from mediation_app.services.cases import CaseQueryService
from mediation_app.services.clock import Clock
from mediation_app.services.context import Actor, ChangeKind, Changes
from mediation_app.services.document_data import agreement_code, case_documents, fingerprint_mapping
from mediation_app.services.errors import NotFound, ServiceError
from mediation_app.services.meetings import MeetingService
from mediation_app.storage import queries as q
from mediation_app.storage.db import Database
from mediation_app.storage.models import GeneratedDocumentRecord

_LIST_KINDS = {"refusal_reason": Kind.REFUSAL_REASON, "route": Kind.ROUTE, "satisfaction": Kind.SATISFACTION,
               "retention": Kind.RETENTION}


class ContentChanged(ServiceError):
    code = "content_changed"


@dataclass(frozen=True)
class Verification:
    matches: bool
    case_number: str
    agreement_number: str
    expected_code: str  # formatted, e.g. ABCD-EFGH-JKMN; only on a match (never disclosed otherwise)
    presented: str
    message: str  # translated one-line answer


class DocumentService(ServiceBase):
    def __init__(self, db: Database, clock: Clock, cases: CaseQueryService, meetings: MeetingService) -> None:
        super().__init__(db, clock)
        self.cases = cases
        self.meetings = meetings

    # -- reading -----------------------------------------------------------------------------
    def vocabulary(self, *, interface: bool = False) -> Vocabulary:
        """The printed words, with every entry the committees added to their lists (also those no
        longer offered: old cases keep them). ``interface``: in the interface's language, not the
        documents'."""
        with self.db.read() as s:
            entries: dict[str, dict[str, str]] = {}
            for item in q.all_list_entries(s):
                entries.setdefault(_LIST_KINDS.get(item.kind, item.kind), {})[item.code] = item.label
            for sub in q.all_subtypes(s):
                entries.setdefault(Kind.SUBTYPE, {})[sub.code] = sub.label
        return Vocabulary(entries, lang=None) if interface else Vocabulary(entries)

    def case_documents(self, actor: Actor, case_number: str, *, with_files: bool = True) -> CaseDocuments:
        detail = self.cases.detail_by_number(actor, case_number)
        return self._data(actor, detail, with_files=with_files)

    def _data(self, actor: Actor, detail: rm.CaseDetail, *, with_files: bool) -> CaseDocuments:
        fetch = (
            (lambda evidence_id: self.meetings.evidence_bytes(actor, detail.id, evidence_id))
            if with_files
            else None
        )
        try:
            return case_documents(detail, fetch, self.vocabulary())
        except UnknownCode as exc:
            raise documents.DocumentError(
                _("Case {case} holds an entry that has no printed wording ({code}); "
                  "add it to the lists under Administration first.").format(case=detail.number, code=exc.code)
            ) from exc

    def offers(self, actor: Actor, case_number: str) -> list[documents.Offer]:
        """Every document kind (and the case file) with whether it applies to the case and why not."""
        data = self.case_documents(actor, case_number, with_files=False)
        return documents.offers(data, (*documents.kind_names(), documents.CASEFILE_KIND.kind,
                                       documents.SLIP_KIND.kind))

    # -- generating --------------------------------------------------------------------------
    def render(
        self, actor: Actor, case_number: str, kind: str, *, item: int | None = None, draft: bool = False
    ) -> RenderedDocument:
        """Render one document (``kind`` from ``documents.kind_names()``, or ``casefile``) and record it.
        A document that does not apply to the case is refused with the reason (DocumentError)."""
        detail = self.cases.detail_by_number(actor, case_number)
        if kind in ("agreement", documents.CASEFILE_KIND.kind):
            self.refuse_if_changed(detail)
        if kind == documents.SLIP_KIND.kind:  # the case's four-part slip, with its own serial
            from mediation_app.services.slips import SlipService

            reason = documents.why_not(kind, self._data(actor, detail, with_files=False))
            if reason:
                raise documents.DocumentError(reason)
            return SlipService(self.db, self.clock).print_for_case(actor, detail.id)
        if kind == documents.CASEFILE_KIND.kind:
            data = self._data(actor, detail, with_files=True)
            doc = documents.render_case_file(data)
        else:
            documents.renderer_for(kind)  # an unknown kind is a KeyError naming the known ones
            data = self._data(actor, detail, with_files=False)
            reason = documents.why_not(kind, data)
            if reason:
                raise documents.DocumentError(reason)
            missing = None
            agreement = detail.current_agreement
            if kind == "agreement" and agreement is not None and agreement.form == AgreementForm.WRITTEN:
                missing = list(agreement.missing)  # the agreement service's own check
            doc = documents.render_document(kind, data, item=item, draft=draft, missing=missing)
        self.record(actor, detail.id, doc, final=not draft)
        return doc

    def refuse_if_changed(self, detail: rm.CaseDetail) -> None:
        """An effective agreement whose content no longer matches the fingerprint stored when it took
        effect (edited in the file behind the application's back) is never printed again."""
        from mediation_app.services.maintenance.integrity import agreement_changes, tampered_agreement_text
        from mediation_app.storage.audit import find_audit

        for a in detail.agreements:
            if a.form != AgreementForm.WRITTEN or not a.content_hash:
                continue
            with self.db.read() as s:
                entry = find_audit(s, "agreement.effective", a.id)
                details = entry.details if entry is not None else None
            parts = agreement_changes(fingerprint_mapping(detail, a), a.content_hash, details)
            if parts is not None:
                raise ContentChanged(tampered_agreement_text(a.number or "", detail.number, parts))

    def save(
        self,
        actor: Actor,
        case_number: str,
        kind: str,
        path: Path,
        *,
        item: int | None = None,
        draft: bool = False,
    ) -> RenderedDocument:
        doc = self.render(actor, case_number, kind, item=item, draft=draft)
        atomic_write_bytes(path, doc.pdf)
        return doc

    def record(
        self, actor: Actor, case_id: uuid.UUID, doc: RenderedDocument, *, final: bool = True
    ) -> Changes:
        """Record a generated document and audit it, in one transaction."""
        self.require_role(actor)
        with self.db.write() as s:
            case = self.load_case(s, actor, case_id)
            rec = GeneratedDocumentRecord(
                case_id=case.id,
                kind=doc.kind,
                template_version=doc.template_version,
                sha256=doc.sha256,
                pages=doc.pages,
                final=final,
                by_user_id=actor.user_id,
                generated_at=self.clock.now(),
            )
            s.add(rec)
            s.flush()
            self.audit(
                s,
                actor,
                "document.generate",
                "generated_document",
                rec.id,
                case.id,
                {"kind": doc.kind, "sha256": doc.sha256, "final": final, "pages": doc.pages},
            )
            return self.changes(s, ChangeKind.DOCUMENT, case.id, created_id=rec.id)

    def day_agreements(self, actor: Actor, day: dt.date | None = None) -> list[str]:
        """Case numbers whose written agreement is to be signed on ``day`` (default today)."""
        self.require_role(actor)
        with self.db.read() as s:
            return q.agreements_to_sign(s, actor.visible_committees(), day or self.clock.today())

    def render_batch(
        self, actor: Actor, case_numbers: list[str], *, progress: Callable[[int, int], None] | None = None
    ) -> RenderedDocument:
        """Every listed case's agreement (all originals) bound into one PDF for one print run. A case
        whose agreement is incomplete stops the batch with its number and what is missing."""
        rendered = []
        for i, number in enumerate(case_numbers, 1):
            try:
                rendered.append(self.render(actor, number, "agreement"))
            except documents.AgreementIncompleteError as exc:
                raise documents.DocumentError(f"{number}: {exc}") from exc
            if progress:
                progress(i, len(case_numbers))
        return bind(rendered, _("Agreements to sign"))

    def history(self, actor: Actor, case_number: str) -> tuple[rm.DocumentRecordView, ...]:
        return self.cases.detail_by_number(actor, case_number).documents

    def completeness(self, actor: Actor, case_number: str) -> list[documents.MissingItem]:
        return documents.check_completeness(self.case_documents(actor, case_number, with_files=False))

    # -- verifying a printed copy ------------------------------------------------------------
    def verify_agreement(self, actor: Actor, case_number: str, presented: str) -> Verification:
        """Does a printed agreement (its code, full hash or QR text) match the record?

        Only an agreement in effect verifies: a draft print (草稿) carries a code that never
        matches, and a copy of an agreement not yet executed is answered as such. A mismatch never
        discloses the valid code."""
        qr_case, _code = fingerprint.parse_presented(presented)
        if qr_case is not None and qr_case != case_number:
            msg = _("Mismatch: the QR code belongs to case {other}, not {case}").format(
                other=qr_case, case=case_number
            )
            return Verification(False, case_number, "", "", presented, msg)
        detail = self.cases.detail_by_number(actor, case_number)
        agreement = next((a for a in reversed(detail.agreements) if a.form == AgreementForm.WRITTEN), None)
        if agreement is None:
            raise NotFound(_("Case {case} has no written agreement").format(case=case_number))
        expected = agreement_code(detail, agreement)
        number = agreement.number or ""
        if fingerprint.codes_match(fingerprint.draft_code(expected), presented):
            msg = _("Not valid: this is a draft (草稿) of agreement {number}; a draft is never a valid copy").format(
                number=number)
            return Verification(False, case_number, number, "", presented, msg)
        if not fingerprint.codes_match(expected, presented):
            msg = _("Mismatch: the printed agreement does not agree with the record of {number}")
            return Verification(False, case_number, number, "", presented, msg.format(number=number))
        if agreement.effective_on is None:
            msg = _(
                "Not valid yet: agreement {number} has not taken effect (still a draft awaiting the parties' "
                "signatures, the mediator's signature and the seal)"
            ).format(number=number)
            return Verification(False, case_number, number, "", presented, msg)
        msg = _("Match: the printed agreement {number} agrees with the record").format(number=number)
        return Verification(True, case_number, number, fingerprint.format_code(expected), presented, msg)
