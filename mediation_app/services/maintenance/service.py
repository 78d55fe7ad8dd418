"""Maintenance as a service (ARCHITECTURE.md): backups, restore (and its undo), the USB archive and
``check``. The client and the CLI call these; neither reaches into ``storage/`` itself.

Works on a database that cannot be opened normally too: it is built without the start-up preflight
and upgrade, so that a damaged file can still be replaced by a verified backup.
"""

from __future__ import annotations

import datetime as dt
import getpass
import sqlite3
from pathlib import Path
from typing import Any

from mediation_app.domain.enums import Role
from mediation_app.i18n import _
from mediation_app.services.base import ServiceBase
from mediation_app.services.clock import Clock
from mediation_app.services.context import Actor
from mediation_app.services.errors import NotFound, PermissionDenied, ServiceError, file_reason, from_storage
from mediation_app.services.maintenance import backups as bk
from mediation_app.services.maintenance import integrity
from mediation_app.services.maintenance.read_models import (
    ArchiveView,
    BackupResult,
    BackupView,
    CheckReport,
    RestoreResult,
)
from mediation_app.storage import maintenance_queries as mq
from mediation_app.storage import queries as q
from mediation_app.storage.anchors import anchored_today, append_anchor
from mediation_app.storage.archive import ArchiveUnreadable, is_archive, verify_archive, write_archive
from mediation_app.storage.audit import audit_head, chain_report
from mediation_app.storage.backup import (
    clean_partials,
    folder_lock,
    has_sqlite_header,
    live_problems,
    read_manifest,
    write_backup,
    write_manifest,
)
from mediation_app.storage.db import Database, StorageError
from mediation_app.storage.encryption import is_encrypted
from mediation_app.storage.errors import NewerSchema
from mediation_app.storage.files import FileStore
from mediation_app.storage.migrate import current_revision, ensure_known, head_revision, upgrade
from mediation_app.storage.queries_due import rebuild_items
from mediation_app.storage.restore import DatabaseInUse, clean_restore_partial, swap_in
from mediation_app.storage.search_tune import TuneReport, tune_index

BACKUP_ROLES = (Role.ADMIN, Role.HEAD)  # may make backups and archives
RESTORE_ROLES = (Role.ADMIN,)  # may replace the database


class BackupFailed(ServiceError):
    code = "backup_failed"


class RestoreRefused(ServiceError):
    code = "restore_refused"


class MaintenanceService(ServiceBase):
    def __init__(self, db: Database, clock: Clock, data_dir: Path) -> None:
        super().__init__(db, clock)
        self.data_dir = Path(data_dir)

    @property
    def backups_dir(self) -> Path:
        return self.data_dir / "backups"

    def _require_file(self) -> Path:
        path = self.db.sqlite_path
        if path is None:
            raise ServiceError(_("A server database is backed up and restored with the server's own tools."))
        return path

    def _stamp(self) -> str:
        """Local time of the clock, made unique within the backups folder."""
        base = stamp = self.clock.now().astimezone().strftime("%Y%m%d-%H%M%S")
        n = 2
        while self.backups_dir.is_dir() and any(self.backups_dir.glob(f"*{stamp}*")):
            stamp, n = f"{base}-{n}", n + 1
        return stamp

    # -- listing ---------------------------------------------------------------------------------
    def list_backups(self, *, deep: bool = False) -> list[BackupView]:
        """Every backup with its state; each file is hashed against its manifest (``deep`` adds
        ``integrity_check``)."""
        return bk.views(self.backups_dir, deep=deep)

    def verify_backup(self, path: Path) -> BackupView:
        if not Path(path).exists():
            raise NotFound(_("There is no backup at {path}.").format(path=path))
        return bk.view(Path(path), deep=True)

    # -- making backups --------------------------------------------------------------------------
    def _write(self, target: Path, kind: str) -> dict[str, Any]:
        try:
            manifest = write_backup(self.db, target, kind,
                                    extra={"taken_at": self.clock.now().isoformat(timespec="seconds")})
        except (StorageError, sqlite3.Error) as exc:
            raise BackupFailed(_("The backup could not be written or did not read back correctly ({detail}); the "
                                 "earlier backups are untouched.").format(detail=exc)) from exc
        except OSError as exc:
            raise BackupFailed(_("The backup could not be written to {path}: {reason}. The earlier backups are "
                                 "untouched.").format(path=target.parent, reason=exc.strerror or exc)) from exc
        self._anchor(manifest, "backup", file=str(target.name))
        return manifest

    def _anchor(self, manifest: dict[str, Any], event: str, **extra: Any) -> None:
        append_anchor(self.backups_dir, seq=int(manifest.get("audit_seq") or 0),
                      hash=str(manifest.get("audit_hash") or ""), count=int(manifest.get("audit_count") or 0),
                      event=event, **extra)

    def backup_now(self, actor: Actor | None, dest: Path | None = None) -> BackupResult:
        """A verified backup to ``dest`` (default: the backups folder). A backup elsewhere (a USB stick)
        also anchors the audit chain in the backups folder."""
        self._require_whole_copy(actor)
        self._require_file()
        self.clean_partials()
        target = Path(dest) if dest else bk.unique_name(self.backups_dir, f"mediation-{self._stamp()}")
        manifest = self._write(target, "manual")
        self._audit_copy(actor, "maintenance.backup", target, manifest.get("cases"))
        return BackupResult(backup=bk.view(target, deep=False))

    def _require_whole_copy(self, actor: Actor | None) -> None:
        """A backup or an archive holds the records of every committee in the database: an administrator
        makes it, or a committee head whose cases are all of them (a room of its own, the centre's
        head); never the head of one committee among several. ``None``: the program's own backups."""
        if actor is None:
            return
        self.require_role(actor, BACKUP_ROLES)
        if actor.is_admin:
            return
        with self.db.read() as s:
            unseen = [c.short_name or c.name for c in q.committees(s) if not actor.sees(c.id)]
        if unseen:
            raise PermissionDenied(_("A backup holds the records of every committee ({names}), not only yours; "
                                     "ask an administrator.").format(names="、".join(unseen)))

    def _audit_copy(self, actor: Actor | None, action: str, target: Path, cases: Any) -> None:
        """A copy of everything made by a person is recorded: who, which file, where (a read-only
        database records nothing)."""
        if actor is None or getattr(self.db, "read_only", False):
            return
        with self.db.write() as s:
            self.audit(s, actor, action, "database", target.name[:40],
                       details={"file": target.name, "folder": str(target.parent), "cases": cases})

    def auto_backup(self, reason: str = "start") -> BackupResult | None:
        """``start``/``write``: the first of the day only; ``exit``: when anything changed since the newest
        backup. Then rotate (only after the new one verified)."""
        if self.db.sqlite_path is None:
            return None
        files, size = self.clean_partials()
        listed = bk.summaries(self.backups_dir)  # manifests only: deciding must not hash every backup
        if reason == "exit":
            with self.db.read() as s:
                head, _hash = audit_head(s)
            if listed and listed[0].audit_seq == head:
                return None
        elif any(b.kind == "auto" and b.created_at is not None and b.created_at.date() >= self.clock.today()
                 for b in listed):
            return None
        target = bk.unique_name(self.backups_dir, f"{bk.AUTO_PREFIX}{self._stamp()}")
        self._write(target, "auto")
        deleted = bk.rotate(self.backups_dir)
        return BackupResult(backup=bk.view(target, deep=False), deleted=deleted, partials_removed=files,
                            partial_bytes=size)

    def clean_partials(self) -> tuple[int, int]:
        """Remove what a killed backup or restore left behind; (files, bytes)."""
        files = size = 0
        live = self.db.sqlite_path
        if live is not None:
            n = clean_restore_partial(live)
            files, size = files + (1 if n else 0), size + n
        if self.backups_dir.is_dir():
            with folder_lock(self.backups_dir):
                f, b = clean_partials(self.backups_dir)
            files, size = files + f, size + b
        return files, size

    def daily_anchor(self) -> bool:
        """Anchor the audit chain head once a day even when no backup is due; True when written."""
        if anchored_today(self.backups_dir, self.clock.today()):
            return False
        with self.db.read() as s:
            report = chain_report(s)
        append_anchor(self.backups_dir, seq=report.head_seq, hash=report.head_hash, count=report.count, event="daily")
        return True

    # -- restore -----------------------------------------------------------------------------------
    def restore(self, actor: Actor | None, source: Path, *, operator: str | None = None) -> RestoreResult:
        """Replace the database by a verified backup (or the database of an archive). ``actor`` is the
        signed-in user when the current database can be read; ``operator`` names who did it otherwise."""
        if actor is not None:
            self.require_role(actor, RESTORE_ROLES)
        live = self._require_file()
        source = Path(source)
        if not source.exists():
            raise NotFound(_("There is no backup at {path}.").format(path=source))
        if is_archive(source):
            return self._restore_archive(actor, source, live, operator)
        checked = bk.view(source, deep=True)
        if not checked.verified:
            raise RestoreRefused(_("The backup {name} was not restored: {problem} Choose another backup.").format(
                name=source.name, problem=checked.problem))
        manifest = read_manifest(source) or {}
        return self._swap(actor, operator, source, manifest, live, checked.created_at)

    def _swap(self, actor: Actor | None, operator: str | None, source: Path, manifest: dict[str, Any], live: Path,
              created: dt.datetime | None, attachments: int = 0) -> RestoreResult:
        before = self._current_head()
        stamp = self._stamp()
        self.db.dispose()  # every connection of this process closed before the file is replaced
        try:  # the anchor noted first, so a fault writing it stops the restore before the file is touched
            append_anchor(self.backups_dir, seq=int(manifest.get("audit_seq") or 0),
                          hash=str(manifest.get("audit_hash") or ""), count=int(manifest.get("audit_count") or 0),
                          event="restore-started", file=source.name)
            result = swap_in(live, source, str(manifest["sha256"]), self.backups_dir, stamp)
        except DatabaseInUse as exc:
            raise RestoreRefused(_("The database is open in another program (another window of Mediation Desk?). "
                                   "Close it and try again; nothing was changed.")) from exc
        except OSError as exc:
            raise RestoreRefused(_("The restore did not complete: {reason} The database was not replaced, or the "
                                   "safety copy in {folder} holds it.").format(reason=file_reason(exc),
                                                                              folder=self.backups_dir)) from exc
        except StorageError as exc:
            raise RestoreRefused(_("The restore did not complete: a copy it made did not read back correctly (a "
                                   "failing disk?). The database was not replaced, or the safety copy in {folder} "
                                   "holds it.").format(folder=self.backups_dir)) from exc
        self.db.dispose()
        upgrade(self.db, backup_dir=self.backups_dir)  # an older backup is brought to the current schema
        who = actor.username if actor else (operator or getpass.getuser())
        details = {"backup": source.name, "sha256": manifest.get("sha256"), "backup_created_at": manifest.get("created_at"),
                   "backup_audit_seq": manifest.get("audit_seq"), "replaced_audit_seq": before[0],
                   "safety_copy": result.safety_copy.name if result.safety_copy else None,
                   "attachments": attachments}
        with self.db.write() as s:
            user_id = actor.user_id if actor is not None and mq.user_exists(s, actor.user_id) else None
            rec = self._append(s, user_id, who, details)
            seq, digest = rec.seq, rec.hash
        append_anchor(self.backups_dir, seq=seq, hash=digest, count=seq, event="restore", file=source.name,
                      base_seq=manifest.get("audit_seq"), base_hash=manifest.get("audit_hash"),
                      replaced_seq=before[0], replaced_hash=before[1])
        when = created.strftime("%Y-%m-%d %H:%M") if created else "?"
        message = _("Restored the backup of {when} ({name}). The database as it was before is kept as {safety}.").format(
            when=when, name=source.name, safety=result.safety_copy.name if result.safety_copy else "-")
        return RestoreResult(restored_from=source.name, backup_created_at=created,
                             cases=manifest.get("cases") if isinstance(manifest.get("cases"), int) else None,
                             safety_copy=result.safety_copy, safety_verified=result.safety_verified,
                             moved_aside=result.moved_aside, attachments=attachments, message=message)

    @staticmethod
    def _append(s: Any, user_id: Any, who: str, details: dict[str, Any]) -> Any:
        from mediation_app.storage.audit import append_audit

        return append_audit(s, user_id=user_id, username=who, action="maintenance.restore", object_type="database",
                            object_id=details.get("backup", "")[:40], details=details)

    def _current_head(self) -> tuple[int | None, str | None]:
        live = self.db.sqlite_path
        if live is None or not has_sqlite_header(live):
            return None, None
        try:
            with self.db.read() as s:
                return audit_head(s)
        except Exception:  # noqa: BLE001 - a damaged current file has no head to record
            return None, None

    def undo_restore(self, actor: Actor | None, *, operator: str | None = None) -> RestoreResult:
        """Put back the database as it was before the newest restore (its safety copy)."""
        safety = next((b for b in self.list_backups() if b.kind == "before-restore"), None)
        if safety is None:
            raise NotFound(_("No restore has been made here, so there is nothing to undo."))
        return self.restore(actor, safety.path, operator=operator)

    # -- the USB archive --------------------------------------------------------------------------
    def write_archive(self, actor: Actor | None, dest: Path) -> ArchiveView:
        self._require_whole_copy(actor)
        self._require_file()
        try:
            info = write_archive(self.db, self.data_dir / "attachments", Path(dest))
        except OSError as exc:
            raise BackupFailed(_("The archive could not be written: {reason} Nothing under that name can be "
                                 "trusted.").format(reason=file_reason(exc))) from exc
        except ArchiveUnreadable as exc:
            raise BackupFailed(_("The archive could not be written: {reason} Nothing under that name can be "
                                 "trusted.").format(reason=file_reason(exc.os_error))) from exc
        except sqlite3.Error as exc:
            raise BackupFailed(_("The archive could not be written: the database could not be read whole. Check "
                                 "the database, and try again.")) from exc
        except StorageError as exc:
            raise BackupFailed(_("The archive was written but did not read back correctly (a failing disk or USB "
                                 "stick?); nothing under that name can be trusted. Write it again, on another "
                                 "drive if this happens again.")) from exc
        self._anchor(info.database, "archive", file=Path(dest).name)
        self._audit_copy(actor, "maintenance.archive", Path(info.path), info.database.get("cases"))
        return ArchiveView(path=info.path, created_at=info.created_at, attachments=info.attachments, size=info.size,
                           cases=info.database.get("cases"))

    def _restore_archive(self, actor: Actor | None, source: Path, live: Path, operator: str | None) -> RestoreResult:
        import tempfile

        self.backups_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix=".archive-", dir=self.backups_dir) as work:
            try:
                info = verify_archive(source, extract_to=Path(work))
            except ArchiveUnreadable as exc:
                raise RestoreRefused(_("The archive {name} was not restored: {reason}").format(
                    name=source.name, reason=file_reason(exc.os_error))) from exc
            except StorageError as exc:
                raise RestoreRefused(_("The archive {name} was not restored: it is damaged, incomplete or not a "
                                       "Mediation Desk archive. Nothing was changed; use another copy.").format(
                                           name=source.name)) from exc
            db_file = Path(work) / "mediation.db"
            manifest = write_manifest(db_file, "archive", {"created_at": info.created_at})
            store = FileStore(self.data_dir / "attachments")
            count = 0
            for path in sorted((Path(work) / "attachments").glob("*/*")):
                store.put(path.read_bytes())
                count += 1
            created = dt.datetime.fromisoformat(info.created_at).astimezone() if info.created_at else None
            return self._swap(actor, operator, db_file, {**info.database, **manifest, "sha256": manifest["sha256"]},
                              live, created, attachments=count)

    # -- check --------------------------------------------------------------------------------------
    def tune_search(self, actor: Actor | None) -> TuneReport:
        """Learn from the data which runs of three characters the search index keeps as terms of their
        own (storage/search_tune.py): worth doing when the cases have grown several times over."""
        if actor is not None:
            self.require_role(actor, BACKUP_ROLES)
        with self.db.write() as s:
            return tune_index(s.connection())

    def rebuild_reminders(self, actor: Actor | None) -> tuple[int, int]:
        """Derive what falls due in every case again from its records (what the upgrade that made the
        table did); (items before, items after). Audited."""
        if actor is not None:
            self.require_role(actor, BACKUP_ROLES)
        with self.db.write() as s:
            before, after = rebuild_items(s)
            self.audit(s, actor, "reminders.rebuild", "due_item", None, details={"before": before, "after": after})
        return before, after

    def check(self) -> CheckReport:
        """Everything ``mediation-app check`` reports; no personal data in it."""
        live = self.db.sqlite_path
        if live is not None and (not live.exists() or live.stat().st_size == 0 or not has_sqlite_header(live)):
            return CheckReport(lines=(("database", str(live)),), problems=(_(
                "{path} is missing, empty or not a Mediation Desk database. Restore a verified backup "
                "(mediation-app restore --list).").format(path=live),))
        try:
            return self._check()
        except Exception:  # noqa: BLE001 - whatever the damage, the answer is one sentence
            return CheckReport(lines=(("database", str(live or "-")),), problems=(_(
                "The database cannot be read: it is damaged. Keep the file and restore a verified backup "
                "(mediation-app restore --list).").format(),))

    def _check(self) -> CheckReport:
        lines: list[tuple[str, str]] = []
        problems: list[str] = []
        rev, head = current_revision(self.db), head_revision()
        lines.append((_("schema"), _("{rev} (head {head})").format(rev=rev, head=head)))
        try:
            ensure_known(self.db)
        except NewerSchema as exc:  # a newer version's tables are not ours to judge
            problems.append(from_storage(exc).message)
            return CheckReport(lines=tuple(lines), problems=tuple(problems))
        if rev != head:
            problems.append(_("The database schema is {rev}, this version of the application expects {head}.").format(
                rev=rev, head=head))
        if self.db.is_sqlite:
            lines.append(("SQLite", sqlite3.sqlite_version))
            pragmas = self.db.pragmas()
            expected: dict[str, object] = {"journal_mode": "wal", "synchronous": 2, "foreign_keys": 1}
            if self.db.read_only and self.db.sqlite_path is not None and not is_encrypted(self.db.sqlite_path):
                # Opened read-only (immutable) the connection reports no journal mode of its own: the
                # file header says whether it is in WAL mode (bytes 18-19 are 2); synchronous is a
                # setting of the writing connections, not of the file.
                with self.db.sqlite_path.open("rb") as fh:
                    header = fh.read(20)
                pragmas["journal_mode"] = "wal" if header[18:20] == b"\x02\x02" else "delete"
                del expected["synchronous"]
            lines.append((_("pragmas"), ", ".join(f"{k}={v}" for k, v in pragmas.items())))
            for key, value in expected.items():
                if pragmas.get(key) != value:
                    problems.append(_("pragma {name} is {value}").format(name=key, value=pragmas.get(key)))
            found = live_problems(self.db)
            lines.append((_("integrity"), _("ok") if not found else "; ".join(found)))
            if found:
                problems.append(_("integrity check failed: {detail}").format(detail="; ".join(found)))
        entries = 0
        if rev is not None:
            with self.db.read() as s:
                report = chain_report(s)
                entries = report.count
                span = f"{report.first_seq}–{report.head_seq}" if report.count else "-"
                chain = _("chain ok") if report.ok else _("chain BROKEN at {seq}").format(seq=report.bad_seq)
                lines.append((_("audit"), _("{n} entries (seq {span}), {chain}").format(n=report.count, span=span,
                                                                                        chain=chain)))
                problems += integrity.chain_problems(report) + integrity.empty_log_problem(s, report)
                checked, found_anchor = integrity.anchor_problems(s, report, self.backups_dir)
                lines.append((_("audit anchors"), _("{n} compared").format(n=checked)))
                problems += found_anchor
                if rev == head:  # the other sites' chains (hand-over) live in tables of the current schema
                    sites, found_imported = integrity.imported_chain_problems(s)
                    lines.append((_("imported audit"), (_("{n} sites, ok") if not found_imported
                                                        else _("{n} sites, BROKEN")).format(n=sites)))
                    problems += found_imported
                n, found_agreements, _cases = integrity.agreement_problems(s)
                lines.append((_("agreements"), _("{n} effective, fingerprints checked").format(n=n)))
                problems += found_agreements
                n, found_docs = integrity.document_problems(s)
                lines.append((_("documents"), _("{n} generated, fingerprints checked").format(n=n)))
                problems += found_docs
                n, found_files = integrity.attachment_problems(s, FileStore(self.data_dir / "attachments"))
                lines.append((_("Evidence"), _("{n} compared").format(n=n)))  # each read back and hashed
                problems += found_files
                if rev == head:  # the reminders' table is of the current schema
                    n, found_due = integrity.due_item_problems(s)
                    lines.append((_("reminders"), _("{n} items, derived again and compared").format(n=n)))
                    problems += found_due
        if self.db.is_sqlite:
            listed = self.list_backups()
            bad = [b for b in listed if not b.verified and b.kind != "damaged"]
            lines.append((_("backups"), _("{n} ({verified} verified)").format(n=len(listed),
                                                                             verified=len(listed) - len(bad))))
            for b in bad:
                problems.append(_("Backup {name}: {problem}").format(name=b.name, problem=b.problem))
        return CheckReport(lines=tuple(lines), problems=tuple(problems), audit_entries=entries)

    # -- who may use the maintenance page --------------------------------------------------------
    @staticmethod
    def may_restore(actor: Actor) -> bool:
        return actor.role in RESTORE_ROLES

    @staticmethod
    def require_restore(actor: Actor) -> None:
        if actor.role not in RESTORE_ROLES:
            raise PermissionDenied(_("Only an administrator may restore a backup."))
