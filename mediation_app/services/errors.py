"""Errors a service raises. ``message`` is already translated and safe to show as-is."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mediation_app.i18n import _


class ServiceError(Exception):
    code = "error"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code


class NotFound(ServiceError):
    code = "not_found"


class PermissionDenied(ServiceError):
    code = "permission_denied"


class AuthenticationFailed(ServiceError):
    code = "authentication_failed"


class ValidationFailed(ServiceError):
    """Bad input. ``field_errors`` maps a field name to its specific message; ``warnings`` may be
    overridden by the user (pass ``confirm_warnings=True``) and are audited when overridden."""

    code = "validation_failed"

    def __init__(
        self,
        field_errors: dict[str, str] | None = None,
        *,
        message: str | None = None,
        warnings: dict[str, str] | None = None,
    ) -> None:
        self.field_errors = dict(field_errors or {})
        self.warnings = dict(warnings or {})
        text = message or "\n".join([*self.field_errors.values(), *self.warnings.values()])
        super().__init__(text)


class GuardRefused(ServiceError):
    """The case state machine or a legal guard refuses the action; ``reasons`` lists why."""

    code = "guard_refused"

    def __init__(self, reasons: list[str]) -> None:
        self.reasons = list(reasons)
        super().__init__("\n".join(self.reasons))


class Conflict(ServiceError):
    code = "conflict"


# -- storage problems: one translated sentence each (what happened, what to do) -----------------
class StorageProblem(ServiceError):
    """A database or disk problem. ``backup`` names the newest verified backup when it helps."""

    code = "storage"

    def __init__(self, message: str, *, backup: Path | None = None) -> None:
        super().__init__(message)
        self.backup = backup


class DatabaseLocked(StorageProblem):
    code = "locked"


class DiskFull(StorageProblem):
    code = "disk_full"


class ReadOnlyDatabase(StorageProblem):
    code = "read_only"


class DatabaseDamaged(StorageProblem):
    code = "damaged"


class DatabaseMissing(StorageProblem):
    code = "missing"


class NewerVersion(StorageProblem):
    code = "newer_version"


class FileProblem(ServiceError):
    """A file the user chose (a document, an export, a report, a bundle) could not be written or read:
    the disk or folder is at fault, not the database."""

    code = "file_problem"


def file_reason(exc: OSError) -> str:
    """Why the operating system refused a file, in the user's language, with what to do."""
    import errno

    code = exc.errno
    if code in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return _("the disk is full. Free some space or choose another drive, and try again.")
    if code == errno.EROFS:
        return _("the disk is write-protected. Choose another drive or remove the protection, and try again.")
    if code in (errno.EACCES, errno.EPERM):
        return _("this account may not write there, or another program holds the file. Choose another folder or "
                 "close that program, and try again.")
    if code in (errno.ENOENT, errno.ENODEV, errno.ENXIO):
        return _("the folder or drive is not there (was a USB stick removed?). Check it, and try again.")
    if code == errno.EIO:
        return _("the drive reported a fault (was a USB stick removed?). Check it, and try again.")
    if code == errno.ENAMETOOLONG:
        return _("the name is too long. Choose a shorter name, and try again.")
    if code == errno.EISDIR:
        return _("that is a folder. Choose a file name, and try again.")
    return _("the system refused it ({error}).").format(error=exc.strerror or code)


def from_os_error(exc: OSError) -> ServiceError:
    """The service error for a file the operating system refused (outside the database: storage
    classifies the database's own files). An OSError raised with a sentence of our own (no errno)
    keeps it."""
    if exc.errno is None:
        return FileProblem(str(exc) or _("A file could not be written or read."))
    where = Path(exc.filename) if exc.filename else None
    if where is None:
        return FileProblem(_("A file could not be written or read: {reason}").format(reason=file_reason(exc)))
    return FileProblem(_("{path}: {reason}").format(path=where, reason=file_reason(exc)))


def _size(n: int) -> str:
    if n < 1_000_000:
        return f"{max(0, n) // 1000} KB"
    mb = round(n / 1_000_000)
    return f"{mb} MB" if mb < 1000 else f"{mb / 1000:.1f} GB"


def _backup_hint(backup: Path | None) -> str:
    if backup is None:
        return _("No verified backup was found; keep the file as it is and ask for help to recover it.")
    import datetime as dt

    made = dt.datetime.fromtimestamp(backup.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
    return _("The newest verified backup is {name} ({made}); restore it to go on working, and keep the "
             "damaged file for recovery.").format(name=backup.name, made=made)


def too_long(exc: Any) -> ValidationFailed:
    """A text longer than its field keeps (storage TooLong): its field, both lengths; nothing was saved."""
    from mediation_app.domain.record_fields import field_label, record_label

    label = field_label(exc.table, exc.column) if exc.table and exc.column else None
    if label is None or exc.length is None:
        return ValidationFailed(message=_("A text is longer than its field keeps; nothing was saved. Shorten the "
                                          "longest texts and save again."))
    return ValidationFailed({exc.column: _("{field} ({record}) is {count} characters long; at most {limit} fit. "
                                           "Nothing was saved: shorten it and save again.").format(
        field=label, record=record_label(exc.table), count=exc.length, limit=exc.limit)})


def from_storage(exc: Exception) -> ServiceError:
    """The service error for a typed storage error (storage/errors.py); anything else unchanged
    is the caller's business. The sentence never contains SQL, parameters or a traceback."""
    from mediation_app import __version__
    from mediation_app.storage import errors as se
    from mediation_app.storage.preflight import Missing

    if isinstance(exc, se.Locked):
        if exc.holders and exc.holders[0]:
            return DatabaseLocked(_("Another desk ({holder}) has been saving to the database for {s:.0f} s; your "
                                    "change was not saved but is still here — try again in a moment.").format(
                                        holder=exc.holders[0], s=exc.waited))
        return DatabaseLocked(_("The database is busy in another program; your change was not saved but is "
                                "still here — try again in a moment."))
    if isinstance(exc, se.DiskFull):
        path = exc.path
        free = needed = None
        if path is not None:
            import shutil

            folder = path if path.is_dir() else path.parent
            try:
                free = shutil.disk_usage(folder).free
            except OSError:
                free = None
            size = path.stat().st_size if path.is_file() else 0
            needed = exc.needed_bytes or max(10_000_000, size // 10)  # a save: the transaction and WAL room
        if free is not None and needed is not None:
            return DiskFull(_("The disk holding {folder} is full ({free} free): nothing was saved and what you "
                              "entered is kept. Free at least {need} and try again.").format(
                                  folder=folder, free=_size(free), need=_size(max(needed - free, 1_000_000))))
        return DiskFull(_("The disk is full: nothing was saved and what you entered is kept. Free some space "
                          "and try again."))
    if isinstance(exc, se.ReadOnly):
        if exc.folder:
            return ReadOnlyDatabase(_("The folder {path} is read-only, so the database there can only be read: "
                                      "changes are disabled. To work in it, allow writing to the folder.").format(
                                          path=exc.path))
        return ReadOnlyDatabase(_("The database {path} is read-only, so it can only be read: changes are "
                                  "disabled. To work in it, allow writing to the file.").format(path=exc.path))
    if isinstance(exc, se.Damaged):
        hint = " " + _backup_hint(exc.backup)
        if exc.kind == "empty":
            return DatabaseDamaged(_("{path} is empty (0 bytes): it may be a database that lost its contents, so no "
                                     "new database is set up over it; nothing was changed.").format(path=exc.path)
                                   + hint, backup=exc.backup)
        if exc.kind == "foreign":
            return DatabaseDamaged(_("{path} is not a Mediation Desk database, or its beginning is damaged; nothing "
                                     "was changed.").format(path=exc.path) + hint, backup=exc.backup)
        if exc.kind == "wal":
            return DatabaseDamaged(_("{path} has a change log (-wal file) beside it that does not fit it — after an "
                                     "unclean shutdown, or because a copy was put over the database; nothing was "
                                     "changed and both files are left as they are.").format(
                                         path=exc.path) + hint, backup=exc.backup)
        return DatabaseDamaged(_("The database {path} is damaged; nothing more is written to it.").format(
            path=exc.path) + hint, backup=exc.backup)
    if isinstance(exc, Missing):
        hint = (" " + _backup_hint(exc.backup)) if exc.backup else ""
        return DatabaseMissing(_("There is no database at {path}. Set one up with “mediation-app init” or the "
                                 "first-run window, or restore a backup.").format(path=exc.path) + hint,
                               backup=exc.backup)
    if isinstance(exc, se.NewerSchema):
        if exc.app_version:
            return NewerVersion(_("This database was last written by Mediation Desk {version}, newer than this "
                                  "one ({ours}); nothing was changed. Open it with version {version} or later.").format(
                                      version=exc.app_version, ours=__version__))
        return NewerVersion(_("This database was written by a newer version of Mediation Desk (schema {revision}) "
                              "than this one ({ours}); nothing was changed. Open it with that newer version.").format(
                                  revision=exc.revision, ours=__version__))
    if isinstance(exc, se.TooLong):
        return too_long(exc)
    if isinstance(exc, se.Conflict):
        return Conflict(_("This change conflicts with data saved in the meantime (for example a number already "
                          "taken); nothing was saved. Reload and try again."))
    from mediation_app.storage.files import AttachmentDamaged

    if isinstance(exc, AttachmentDamaged):
        if exc.missing:
            return FileProblem(_("The stored copy of this material is missing from the data folder. Add the file "
                                 "again, or restore a verified backup."))
        return FileProblem(_("The stored copy of this material is damaged: it no longer matches the file that was "
                             "added. Add the file again, or restore a verified backup."))
    if isinstance(exc, se.StorageError):
        return StorageProblem(_("The database could not be used: {reason}").format(reason=exc))
    return ServiceError(_("Something went wrong; nothing was saved. The details are in the log file."))
