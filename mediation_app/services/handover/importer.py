"""Reading a bundle in: everything is checked before anything is written (the file, the format and
version, the sender's pairing and key, the signature, every part's hash, the sequence, the sender's
audit chain); then a dry-run report, or the whole bundle applied in one transaction."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from mediation_app.i18n import _
from mediation_app.services.clock import Clock
from mediation_app.services.context import Actor
from mediation_app.services.handover import crypto
from mediation_app.services.handover.bundle_file import FORMAT, BundleReader, BundleRefused
from mediation_app.services.handover.merge import Merger
from mediation_app.services.handover.read_models import ImportReport
from mediation_app.storage import search_pending
from mediation_app.storage.bulk import begin_bulk, end_bulk
from mediation_app.storage.db import Database
from mediation_app.storage.files import FileStore
from mediation_app.storage.handover import rows as R
from mediation_app.storage.handover import state as S
from mediation_app.storage.handover.bundle_terms import TABLES as TERMS_TABLES
from mediation_app.storage.handover.fingerprint import Fingerprinter, PartRefused
from mediation_app.storage.migrate import head_revision, known_revisions
from mediation_app.storage.models import HandoverPeerRecord

Progress = Callable[[int, int], None]
# from this many cases on, a second process makes the fingerprints of the cases never seen here
# (storage/handover/fingerprint.py); below it, starting one would cost more than it saves
FINGERPRINTS_APART_FROM = 2000
AUDIT_FIELDS = ("seq", "id", "at", "user_id", "username", "action", "object_type", "object_id", "case_id",
                "success", "details")


@contextmanager
def no_gc() -> Iterator[None]:
    """No cyclic garbage collection while a bundle is read and merged: the merge holds a few hundred
    thousand decoded rows, which every collection would walk again (a fifth of the time of an
    import); nothing it makes is cyclic garbage, and collection resumes afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class Importer:
    def __init__(self, db: Database, clock: Clock, files: FileStore, data_dir: Path) -> None:
        self.db, self.clock, self.files, self.data_dir = db, clock, files, data_dir

    def run(self, actor: Actor, path: Path, *, dry_run: bool, passphrase: str | None, progress: Progress | None,
            audit: Callable[..., None]) -> ImportReport:
        with no_gc(), BundleReader(path, passphrase) as reader, contextlib.ExitStack() as stack:
            m = reader.manifest
            self._check_version(m)
            with self.db.read() as s:
                peer_name = self._check_sender(s, reader).name
            reader.verify_names()
            prints: Fingerprinter | None = None
            if not dry_run and int((m.get("counts") or {}).get("cases") or 0) >= FINGERPRINTS_APART_FROM:
                # a large hand-over: a second process inflates the cases' part, makes the records'
                # fingerprints and checks every part's hash while this one merges; its verdict is
                # awaited before the transaction commits or any file is stored
                # and the search terms of each case, for the index step after the commit
                terms_columns = {name: list(R.CODECS[name].columns) for name in TERMS_TABLES}
                prints = stack.enter_context(Fingerprinter(str(reader.plain_path), R.CASE_TABLES, parts=m["parts"],
                                                           terms_columns=terms_columns))
            else:
                reader.verify_parts()
            try:
                return self._apply(actor, reader, peer_name, prints, dry_run=dry_run, progress=progress, audit=audit)
            except PartRefused as exc:
                raise reader.refusal(exc.part, exc.kind) from exc
            except Exception:
                if prints is not None:  # a part that is not as signed explains any failure: say so
                    self._verified(reader, prints)
                raise

    def _apply(self, actor: Actor, reader: BundleReader, peer_name: str, prints: Fingerprinter | None, *,
               dry_run: bool, progress: Progress | None, audit: Callable[..., None]) -> ImportReport:
        m = reader.manifest
        with self.db.read() as s:
            already = self._check_sequence(s, reader)
        if already:
            self._verified_here(reader, prints)
            return ImportReport(from_site=peer_name, seq=int(m["seq"]), dry_run=dry_run, already_imported=True)
        if dry_run:
            with self.db.read() as s:
                return self._merge(s, actor, reader, apply=False, audit=audit, progress=progress)
        with self.db.write() as s:  # checked again inside the transaction that writes
            self._check_sender(s, reader)
            if self._check_sequence(s, reader):
                self._verified_here(reader, prints)
                return ImportReport(from_site=peer_name, seq=int(m["seq"]), dry_run=False, already_imported=True)
            begin_bulk(s)
            try:
                return self._merge(s, actor, reader, apply=True, audit=audit, progress=progress, prints=prints)
            finally:
                end_bulk(s)

    @staticmethod
    def _verified_here(reader: BundleReader, prints: Fingerprinter | None) -> None:
        """Every part as signed, checked here (the second process, if any, is stopped: its verdict
        would come only after it had read every case)."""
        if prints is not None:
            prints.close()
            reader.verify_parts()

    @staticmethod
    def _verified(reader: BundleReader, prints: Fingerprinter | None) -> None:
        """Every part as signed, as the second process found (its verdict waited for), or as checked here
        when it could not say. Without a second process the parts were checked before anything else."""
        if prints is None:
            return
        verdict = prints.checked()
        if verdict is False:
            reader.verify_parts()
        elif verdict is not True:
            raise reader.refusal(*verdict)

    # -- checks ---------------------------------------------------------------------------------------
    @staticmethod
    def _check_version(m: dict[str, Any]) -> None:
        fmt, schema = m.get("format"), m.get("schema")
        if not isinstance(fmt, int) or fmt > FORMAT or schema not in known_revisions():
            raise BundleRefused(_("This bundle was made by a newer version of Mediation Desk ({version}); upgrade "
                                  "this program first, then import it.").format(version=m.get("app_version", "?")))
        if schema != head_revision():
            raise BundleRefused(_("This bundle was made by an older version of Mediation Desk ({version}); upgrade the "
                                  "program at the sending site and make the bundle again.").format(
                version=m.get("app_version", "?")))
        for key in ("site", "to", "seq", "covers_from", "committee", "columns"):
            if key not in m:
                raise BundleRefused(_("The bundle's manifest is incomplete; nothing was imported."))

    @staticmethod
    def _check_sender(s: Any, reader: BundleReader) -> HandoverPeerRecord:
        m = reader.manifest
        site = m["site"]
        ident = S.identity(s)
        try:
            site_id = uuid.UUID(site["id"])
        except (ValueError, KeyError, TypeError) as exc:
            raise BundleRefused(_("The bundle's manifest is incomplete; nothing was imported.")) from exc
        code = crypto.fingerprint_code(str(site.get("public_key", ""))) if site.get("public_key") else "?"
        peer = S.peer(s, site_id)
        if peer is None:
            raise BundleRefused(_("The bundle comes from “{name}” (code {code}), which this site has not paired with; "
                                  "nothing was imported.").format(name=site.get("name", "?"), code=code))
        if peer.revoked_at is not None:
            raise BundleRefused(_("The bundle comes from “{name}”, whose key was revoked here on {day}; nothing was "
                                  "imported.").format(name=peer.name, day=peer.revoked_at.date().isoformat()))
        if site.get("public_key") != peer.public_key or not crypto.verify(peer.public_key, reader.signature,
                                                                            reader.manifest_bytes):
            raise BundleRefused(_("The bundle's signature does not match the key paired for “{name}”: it was changed "
                                  "after it was made, or signed with another key; nothing was imported.").format(
                name=peer.name))
        if ident is None or m["to"] != str(ident.id):
            raise BundleRefused(_("This bundle was made for another site; nothing was imported."))
        return peer

    @staticmethod
    def _check_sequence(s: Any, reader: BundleReader) -> bool:
        """True when this very bundle was applied before; refuses an older or a gapped one."""
        m = reader.manifest
        peer = S.peer(s, uuid.UUID(m["site"]["id"]))
        assert peer is not None
        seq, covers = int(m["seq"]), int(m["covers_from"])
        done = S.bundle(s, "in", peer.site_id, seq)
        if done is not None and done.sha256 == reader.sha256:
            return True
        if seq <= peer.in_seq:
            raise BundleRefused(_("Bundle {seq} from “{name}” is older than bundle {last}, already imported (which holds "
                                  "everything it had); nothing was imported.").format(seq=seq, name=peer.name,
                                                                                      last=peer.in_seq))
        if covers > peer.in_seq + 1:
            raise BundleRefused(_("Bundle {seq} from “{name}” follows bundle {prev}, but bundles {first}–{prev} never "
                                  "arrived here; import those first, or ask for a new bundle; nothing was imported.")
                                .format(seq=seq, name=peer.name, prev=covers - 1, first=peer.in_seq + 1))
        return False

    # -- the merge -------------------------------------------------------------------------------------
    def _merge(self, s: Any, actor: Actor, reader: BundleReader, *, apply: bool,
               audit: Callable[..., None], progress: Progress | None = None,
               prints: Fingerprinter | None = None) -> ImportReport:
        m = reader.manifest
        peer = S.peer(s, uuid.UUID(m["site"]["id"]))
        ident = S.identity(s)
        assert peer is not None and ident is not None
        committee_id = uuid.UUID(m["committee"]["id"])
        now = self.clock.now()
        try:
            merger = Merger(s, peer_id=peer.site_id, bundle_seq=int(m["seq"]), committee_id=committee_id,
                            columns=m["columns"], apply=apply, now=now, site_tag=peer.site_id.hex[:6])
        except ValueError as exc:
            raise BundleRefused(_("The bundle's records are laid out differently from this version's; nothing was "
                                  "imported.")) from exc
        audit_entries = self._audit(s, peer, reader, apply)
        counters = merger.reference(reader.lines("reference.jsonl"))
        if apply:
            R.merge_counters(s, committee_id, counters)
        lines: Iterable[tuple[Any, str | None, str | None]] = (
            prints.lines(lambda: reader.lines("cases.jsonl")) if prints is not None
            else ((line, None, None) for line in reader.lines("cases.jsonl")))
        merger.cases(lines, progress, int((m.get("counts") or {}).get("cases") or 0))
        self._verified(reader, prints)  # before any file is stored, and before the commit
        merger.links()
        files = self._files(reader, apply)
        tally = merger.tally
        acked = int(m.get("ack") or 0)
        if apply:
            # their index rows are written by the index step after the commit (search_pending)
            search_pending.mark(s, tally.touched_cases, now, terms=tally.index_terms)
            if committee_id != ident.committee_id and peer.committee_id is None:
                peer.committee_id = committee_id
            peer.in_seq = int(m["seq"])
            if acked > peer.acked_seq:
                out = S.bundle(s, "out", peer.site_id, acked)
                peer.acked_seq, peer.acked_at = acked, now
                peer.acked_watermark = out.watermark if out is not None else peer.acked_watermark
            counts = {"new": len(tally.new), "updated": len(tally.updated), "unchanged": tally.unchanged,
                      "conflicts": len(tally.conflicts), "rejected": len(tally.rejected), "files": files,
                      "audit": audit_entries}
            S.record_bundle(s, direction="in", site_id=peer.site_id, seq=int(m["seq"]),
                            watermark=int(m.get("changes", {}).get("audit_to") or 0), sha256=reader.sha256,
                            counts=counts, at=now)
            audit(s, actor, "handover.import", "bundle", m["seq"], details={"from": str(peer.site_id), **counts})
        return ImportReport(from_site=peer.name, seq=int(m["seq"]), dry_run=not apply, new=tuple(tally.new),
                            updated=tuple(tally.updated), unchanged=tally.unchanged, conflicts=tuple(tally.conflicts),
                            rejected=tuple(tally.rejected), files=files, audit_entries=audit_entries,
                            acknowledged_seq=acked)

    def _audit(self, s: Any, peer: HandoverPeerRecord, reader: BundleReader, apply: bool) -> int:
        """The sender's audit entries follow on from those imported before and each carries its own hash;
        the new ones join the sender's separate chain here."""
        if "audit.jsonl" not in reader.manifest["parts"]:
            return 0
        prev_seq, prev_hash = peer.in_audit_seq, peer.in_audit_hash
        fresh: list[dict[str, Any]] = []
        count = 0
        for raw in reader.lines("audit.jsonl"):
            seq = int(raw["seq"])
            if seq <= peer.in_audit_seq:  # imported with an earlier bundle: must be the same entries
                if seq == peer.in_audit_seq and raw["hash"] != peer.in_audit_hash:
                    raise self._chain_broken(peer)
                continue
            entry = {k: raw[k] for k in AUDIT_FIELDS}
            entry["at"] = dt.datetime.fromisoformat(raw["at"]).replace(tzinfo=dt.UTC)
            entry["user_id"] = uuid.UUID(raw["user_id"]) if raw["user_id"] else None
            entry["case_id"] = uuid.UUID(raw["case_id"]) if raw["case_id"] else None
            entry["success"] = bool(raw["success"])
            follows = prev_hash is None or (raw["prev_hash"] == prev_hash and seq == prev_seq + 1)
            if not follows or S.entry_hash(raw["prev_hash"], entry) != raw["hash"]:
                raise self._chain_broken(peer)
            fresh.append({**raw, "site_id": peer.site_id.hex})
            count += 1
            prev_seq, prev_hash = seq, raw["hash"]
            if len(fresh) >= 2000:
                if apply:
                    R.insert(s, "imported_audit_event", fresh)
                fresh = []
        if apply:
            R.insert(s, "imported_audit_event", fresh)
            peer.in_audit_seq, peer.in_audit_hash = prev_seq, prev_hash
        return count

    @staticmethod
    def _chain_broken(peer: HandoverPeerRecord) -> BundleRefused:
        return BundleRefused(_("The audit log in the bundle does not follow on from the part of “{name}”'s log "
                               "imported before (entries changed or missing); nothing was imported.").format(
            name=peer.name))

    def _files(self, reader: BundleReader, apply: bool) -> int:
        """Attachments by content hash, streamed into the store (the hash is checked again on the way)."""
        names = [n for n in reader.manifest["parts"] if n.startswith("files/")]
        if not apply:
            return len(names)
        for name in names:
            sha = name.split("/", 1)[1]
            if not self.files.put_stream(sha, functools.partial(reader.copy_to, name)):
                raise reader.refusal(name, "changed")
        return len(names)
