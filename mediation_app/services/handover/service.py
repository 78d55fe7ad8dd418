"""The hand-over service: this site's identity and pairing, bundles out and in, conflicts kept for
a person, and how long since the centre last acknowledged what this site handed over."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from mediation_app import __version__
from mediation_app.domain.enums import Role
from mediation_app.domain.masking import mask_id, mask_phone
from mediation_app.domain.permissions import Perm
from mediation_app.domain.record_fields import field_label, record_label
from mediation_app.i18n import _
from mediation_app.services.base import ServiceBase
from mediation_app.services.clock import Clock
from mediation_app.services.context import Actor
from mediation_app.services.errors import NotFound, ServiceError, ValidationFailed
from mediation_app.services.handover import crypto
from mediation_app.services.handover import identity as ID
from mediation_app.services.handover.bundle_file import BundleWriter
from mediation_app.services.handover.exporter import ExportPlan, columns_manifest, write_bundle
from mediation_app.services.handover.importer import Importer, no_gc
from mediation_app.services.handover.read_models import (
    ConflictView,
    ExportResult,
    FieldDiff,
    HandoverStatus,
    ImportReport,
    PeerView,
    SiteView,
)
from mediation_app.storage import search_pending
from mediation_app.storage.bulk import begin_bulk, end_bulk
from mediation_app.storage.db import Database
from mediation_app.storage.files import FileStore
from mediation_app.storage.handover import rows as R
from mediation_app.storage.handover import state as S
from mediation_app.storage.migrate import head_revision
from mediation_app.storage.models import CaseRecord, HandoverPeerRecord

log = logging.getLogger(__name__)
# personal numbers in a conflict's fields, masked for who may not reveal them (domain.masking)
_MASKS: dict[str, Callable[[str], str]] = {
    **dict.fromkeys(("id_number", "complainant_id_number"), mask_id),
    **dict.fromkeys(("phone", "phone_raw", "agent_phone", "operator_phone", "complainant_phone", "phones"),
                    mask_phone),
}
HANDOVER_ROLES = (Role.ADMIN, Role.HEAD)
INDEX_BATCH = 5000  # imported cases indexed per committed transaction
REMINDER_KEY = "handover_reminder_days"
DEFAULT_REMINDER_DAYS = 7
Progress = Callable[[int, int], None]


def _peer_view(p: HandoverPeerRecord) -> PeerView:
    return PeerView(site_id=p.site_id, name=p.name, code=crypto.fingerprint_code(p.public_key),
                    trusted_at=p.trusted_at, trusted_by=p.trusted_by, revoked_at=p.revoked_at,
                    received_seq=p.in_seq, sent_seq=p.out_seq, acknowledged_seq=p.acked_seq,
                    acknowledged_at=p.acked_at)


class HandoverService(ServiceBase):
    def __init__(self, db: Database, clock: Clock, data_dir: Path, files: FileStore) -> None:
        super().__init__(db, clock)
        self.data_dir = Path(data_dir)
        self.files = files

    # -- identity and pairing ----------------------------------------------------------------------
    def site(self, actor: Actor | None = None) -> SiteView:
        """This site (its identity is made at set-up; a database set up before hand-over gets it now)."""
        with self.db.write() as s:
            ident = ID.ensure_identity(s)
            return SiteView(site_id=ident.id, name=ident.name, code=crypto.fingerprint_code(ident.public_key),
                            public_key=ident.public_key)

    def write_pairing_file(self, actor: Actor, target: Path) -> SiteView:
        self.require_role(actor, HANDOVER_ROLES)
        view = self.site(actor)
        with self.db.read() as s:
            ident = S.identity(s)
            assert ident is not None
            from mediation_app.fileio import atomic_write_bytes

            atomic_write_bytes(target, ID.pairing_document(ident))
        return view

    def read_pairing_file(self, path: Path) -> SiteView:
        """What a pairing file names, to show before trusting it."""
        body = ID.read_pairing(path)
        return SiteView(site_id=uuid.UUID(body["site_id"]), name=str(body.get("name") or ""),
                        code=crypto.fingerprint_code(body["public_key"]), public_key=body["public_key"])

    def pair(self, actor: Actor, path: Path, code: str) -> PeerView:
        """Trust the site of a pairing file once the fingerprint code read at that site matches."""
        self.require_role(actor, (Role.ADMIN,))
        body = ID.read_pairing(path)
        expected = crypto.fingerprint_code(body["public_key"])
        if crypto.normalise_code(code) != expected:
            raise ValidationFailed({"code": _("The code does not match this pairing file's key: do not pair; "
                                              "get a new pairing file from the other site.")})
        site_id = uuid.UUID(body["site_id"])
        with self.db.write() as s:
            ident = ID.ensure_identity(s)
            if site_id == ident.id:
                raise ServiceError(_("This is this site's own pairing file."))
            peer = S.peer(s, site_id)
            now = self.clock.now()
            if peer is not None and peer.public_key != body["public_key"]:
                raise ServiceError(_("{name} is already paired with another key; revoke it first.").format(
                    name=peer.name))
            if peer is None:
                peer = HandoverPeerRecord(site_id=site_id, name=str(body.get("name") or "")[:200],
                                          public_key=body["public_key"], trusted_at=now, trusted_by=actor.username,
                                          in_seq=0, in_audit_seq=0, out_seq=0, acked_seq=0, acked_watermark=0)
                s.add(peer)
            else:
                peer.revoked_at, peer.revoked_by, peer.trusted_at, peer.trusted_by = None, None, now, actor.username
            s.flush()
            self.audit(s, actor, "handover.pair", "site", site_id, details={"name": peer.name, "code": expected})
            return _peer_view(peer)

    def peers(self, actor: Actor) -> list[PeerView]:
        self.require_role(actor, HANDOVER_ROLES)
        with self.db.read() as s:
            return [_peer_view(p) for p in S.peers(s)]

    def revoke(self, actor: Actor, site_id: uuid.UUID) -> PeerView:
        self.require_role(actor, (Role.ADMIN,))
        with self.db.write() as s:
            peer = S.peer(s, site_id)
            if peer is None:
                raise NotFound(_("No paired site has this id."))
            peer.revoked_at, peer.revoked_by = self.clock.now(), actor.username
            self.audit(s, actor, "handover.revoke", "site", site_id, details={"name": peer.name})
            return _peer_view(peer)

    def find_peer(self, actor: Actor, text: str) -> PeerView:
        """A paired site by its id (or the start of it) or its name."""
        matches = [p for p in self.peers(actor) if str(p.site_id).startswith(text.lower()) or p.name == text]
        if len(matches) != 1:
            raise NotFound(_("No single paired site matches “{text}”.").format(text=text))
        return matches[0]

    # -- export -------------------------------------------------------------------------------------
    def export(self, actor: Actor, target: Path, *, to: uuid.UUID | None = None, passphrase: str | None = None,
               progress: Progress | None = None) -> ExportResult:
        """Write one bundle for the paired site ``to`` (the only paired site when not given)."""
        self.require_role(actor, HANDOVER_ROLES)
        if passphrase is not None and len(passphrase) < 8:
            raise ValidationFailed({"passphrase": _("A bundle passphrase needs at least 8 characters.")})
        with self.db.write() as s:
            ident = ID.ensure_identity(s)
            peer = self._target(s, to)
            peer.out_seq += 1
            own = ident.committee_id or actor.committee_id
            plan = ExportPlan(site_id=ident.id, peer_id=peer.site_id, committee_id=peer.committee_id or own,
                              seq=peer.out_seq, covers_from=peer.acked_seq + 1, after_audit=peer.acked_watermark,
                              head_audit=0, include_audit=(peer.committee_id or own) == own)
            key = ID.private_key(ident, self.data_dir)
            site = {"id": str(ident.id), "name": ident.name, "public_key": ident.public_key}
            ack, peer_name = peer.in_seq, peer.name
        writer = BundleWriter(Path(target))
        try:
            with self.db.read() as s:
                plan.head_audit = S.audit_head_seq(s)
                counts = write_bundle(s, plan, writer, self.files, progress)
                committee = S.committee(s, plan.committee_id)
                manifest = {
                    "site": site, "to": str(plan.peer_id), "seq": plan.seq, "covers_from": plan.covers_from, "ack": ack,
                    "committee": {"id": str(plan.committee_id), "name": committee.name if committee else ""},
                    "changes": {"audit_after": plan.after_audit, "audit_to": plan.head_audit},
                    "schema": head_revision(), "app_version": __version__,
                    "created_at": self.clock.now().isoformat(), "counts": counts, "columns": columns_manifest(),
                }
            sha = writer.finish(manifest, lambda body: crypto.sign(key, body), passphrase)
        except BaseException:
            writer.abort()
            self._release_seq(plan.peer_id, plan.seq)
            raise
        with self.db.write() as s:
            S.record_bundle(s, direction="out", site_id=plan.peer_id, seq=plan.seq, watermark=plan.head_audit,
                            sha256=sha, counts=counts, at=self.clock.now())
            self.audit(s, actor, "handover.export", "bundle", plan.seq,
                       details={"to": str(plan.peer_id), "seq": plan.seq, "cases": counts["cases"],
                                "encrypted": passphrase is not None})
        return ExportResult(path=str(target), seq=plan.seq, to_site=peer_name, cases=counts["cases"],
                            rows=counts["rows"], files=counts["files"], audit_entries=counts["audit"],
                            encrypted=passphrase is not None, missing_files=counts["missing_files"])

    def _release_seq(self, peer_id: uuid.UUID, seq: int) -> None:
        """A bundle that was not written (or did not read back) is not handed over: its number goes to
        the next one, unless another export has taken a later number meanwhile."""
        try:
            with self.db.write() as s:
                peer = S.peer(s, peer_id)
                if peer is not None and peer.out_seq == seq:
                    peer.out_seq = seq - 1
        except Exception:  # noqa: BLE001 - the export's own error is the one to report
            log.warning("the number of a hand-over bundle that was not written could not be given back",
                        exc_info=True)

    @staticmethod
    def _target(s: Any, to: uuid.UUID | None) -> HandoverPeerRecord:
        active = [p for p in S.peers(s) if p.revoked_at is None]
        if to is not None:
            active = [p for p in active if p.site_id == to]
        if not active:
            raise ServiceError(_("No paired site to hand over to: pair with the centre first (its pairing file and "
                                 "code)."))
        if len(active) > 1:
            raise ServiceError(_("Several sites are paired: say which one the bundle is for."))
        return active[0]

    # -- import --------------------------------------------------------------------------------------
    def import_bundle(self, actor: Actor, path: Path, *, dry_run: bool = False, passphrase: str | None = None,
                      progress: Progress | None = None, index: bool = True) -> ImportReport:
        """Check the bundle whole (format, version, trust, signature, every part's hash, sequence), then
        report what it would do (``dry_run``) or apply it in one transaction.

        The transaction commits the records and marks the cases it wrote as still to be indexed for
        search; with ``index`` their index rows are written right after, in committed batches
        (:meth:`finish_indexing`); without, the caller runs that step (the client in the background)."""
        self.require_role(actor, HANDOVER_ROLES)
        importer = Importer(self.db, self.clock, self.files, self.data_dir)
        report = importer.run(actor, Path(path), dry_run=dry_run, passphrase=passphrase, progress=progress,
                              audit=self.audit)
        if index and not dry_run:
            self.finish_indexing()
        return report

    # -- the search index of imported cases ------------------------------------------------------------
    def still_indexing(self) -> int:
        """How many imported cases are not yet in the search index."""
        with self.db.read() as s:
            return search_pending.count(s)

    def index_step(self, limit: int | None = None) -> int:
        """Write the search index rows of up to ``limit`` imported cases in one committed transaction;
        returns how many (0: none is waiting). A step cut short leaves its cases marked for the next."""
        with no_gc(), self.db.write() as s:  # no collection walking the batch's terms (a sixth of its time)
            begin_bulk(s)
            try:
                return search_pending.index_batch(s, limit or INDEX_BATCH)
            finally:
                end_bulk(s)

    def finish_indexing(self, progress: Progress | None = None) -> int:
        """Index every imported case still waiting (after an import, and at start after one was cut
        short), a committed batch at a time; returns how many were indexed."""
        total = 0
        waiting = self.still_indexing() if progress is not None else 0
        while done := self.index_step():
            total += done
            if progress is not None:
                progress(min(total, waiting), waiting)
        return total

    @staticmethod
    def needs_passphrase(path: Path) -> bool:
        """Is this bundle protected with a passphrase?"""
        try:
            with open(path, "rb") as fh:
                return crypto.is_sealed(fh.read(16))
        except OSError:
            return False

    # -- conflicts ------------------------------------------------------------------------------------
    def conflicts(self, actor: Actor, *, case_id: uuid.UUID | None = None, offset: int = 0,
                  limit: int | None = None) -> list[ConflictView]:
        self.require_role(actor, HANDOVER_ROLES)
        with self.db.read() as s:
            names = {p.site_id: p.name for p in S.peers(s)}
            out = []
            for c in S.open_conflicts(s, case_id, offset, limit):
                case = s.get(CaseRecord, c.case_id) if c.case_id else None
                # ID numbers and phones show whole only to who may reveal them in the case's committee
                masked = case is None or bool(self.case_denial(s, actor, case, Perm.REVEAL_ID))
                out.append(ConflictView(id=c.id, case_number=case.number if case else None, record=c.table_name,
                                        record_label=record_label(c.table_name), kind=c.kind, from_site=names.get(c.peer_site_id, ""), found_at=c.found_at,
                                        fields=self._diff(s, c, masked)))
            return out

    def conflict_count(self) -> int:
        with self.db.read() as s:
            return S.open_conflict_count(s)

    @staticmethod
    def _diff(s: Any, c: Any, masked: bool = False) -> tuple[FieldDiff, ...]:
        import json

        from mediation_app.services.handover.conflict_words import FieldWords

        local = R.row_of_key(s, c.table_name, c.row_id, c.case_id)
        mine = dict(zip(R.CODECS[c.table_name].columns, local, strict=True)) if local else {}
        theirs = json.loads(c.incoming) if c.incoming else {}
        words = FieldWords(s, c.table_name, (mine, theirs))
        out = []
        for name in R.CODECS[c.table_name].columns:
            label = field_label(c.table_name, name)
            if label is None:
                continue
            a, b = mine.get(name), theirs.get(name)
            ours, incoming = words.text(name, a), words.text(name, b)
            mask = _MASKS.get(name) if masked else None
            if mask is not None:  # which side differs still shows (compared unmasked)
                ours, incoming = (mask(ours) if ours else ours), (mask(incoming) if incoming else incoming)
            out.append(FieldDiff(name=name, label=label, local=ours, incoming=incoming, differs=a != b))
        return tuple(out)

    def resolve(self, actor: Actor, conflict_id: uuid.UUID, *, keep: str,
                fields: Mapping[str, str] | None = None) -> None:
        """``keep``: "local" (ours stays), "incoming" (theirs replaces ours) or "merge" (``fields``
        names, per field, "incoming" where theirs is taken; the others stay ours)."""
        from mediation_app.services.handover.resolve import resolve_conflict

        self.require_role(actor, HANDOVER_ROLES)
        if keep not in ("local", "incoming", "merge"):
            raise ValidationFailed({"keep": _("Choose ours, theirs, or a merge field by field.")})
        with self.db.write() as s:
            resolve_conflict(s, actor, conflict_id, keep, dict(fields or {}), self.clock.now(), self.audit)

    # -- status and reminder ------------------------------------------------------------------------
    def status(self) -> HandoverStatus:
        with self.db.read() as s:
            ident = S.identity(s)
            committee = ident.committee_id if ident else None
            if committee is None:
                first = S.first_committee(s)
                committee = first.id if first else None
            active = [p for p in S.peers(s) if p.revoked_at is None and p.committee_id is None]
            peer = active[0] if len(active) == 1 else None
            after = peer.acked_watermark if peer else 0
            changes, cases = S.change_count(s, after, committee) if committee else (0, 0)
            if committee and after == 0:  # never acknowledged: the first hand-over carries every case
                cases = S.case_count(s, committee)
            days = int(S.setting(s, REMINDER_KEY) or DEFAULT_REMINDER_DAYS)
            acked_at = peer.acked_at if peer else None
            since = (self.clock.now() - acked_at).days if acked_at else None
            # never acknowledged yet: counted from the pairing (a room paired today is not reminded today)
            waited = since if since is not None else ((self.clock.now() - peer.trusted_at).days if peer else 0)
            due = peer is not None and changes > 0 and waited >= days
            return HandoverStatus(peer_name=peer.name if peer else None, last_acknowledged_at=acked_at,
                                  days_since=since, pending_changes=changes, pending_cases=cases, reminder_days=days,
                                  reminder_due=due, open_conflicts=S.open_conflict_count(s))

    def set_reminder_days(self, actor: Actor, days: int) -> None:
        self.require_role(actor, HANDOVER_ROLES)
        if not 1 <= days <= 365:
            raise ValidationFailed({"days": _("Give a number of days from 1 to 365.")})
        with self.db.write() as s:
            S.set_setting(s, REMINDER_KEY, str(days))
            self.audit(s, actor, "handover.settings", "setting", REMINDER_KEY, details={"days": days})

    def verify_site_audit(self, actor: Actor, site_id: uuid.UUID) -> tuple[bool, int, int | None]:
        """The audit chain imported from ``site_id``: (ok, entries, first bad seq)."""
        self.require_role(actor, (Role.ADMIN, Role.HEAD, Role.AUDITOR))
        with self.db.read() as s:
            return S.verify_imported_chain(s, site_id)
