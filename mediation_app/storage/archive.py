""""Copy everything to a USB stick": the database and every attachment in one zip archive with a
manifest of the SHA-256 of each member, written atomically and read back completely before it is
called done (USB sticks lie about syncing, reliability.md §1.1)."""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import hashlib
import json
import os
import re
import tempfile
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mediation_app.fileio import drop_cached, file_sha256, move_into_place
from mediation_app.storage.backup import PARTIAL_MARK, make_private, write_backup
from mediation_app.storage.db import Database, StorageError

FORMAT = "mediation-desk-archive/1"
MANIFEST = "manifest.json"
DB_MEMBER = "database/mediation.db"
_ATTACHMENT = re.compile(r"^attachments/([0-9a-f]{2})/([0-9a-f]{64})$")


@dataclass(frozen=True, kw_only=True)
class ArchiveInfo:
    path: Path
    created_at: str
    members: int
    attachments: int
    size: int
    database: dict[str, Any]  # the database backup's own manifest (cases, audit head, schema)


class ArchiveUnreadable(StorageError):
    """The archive (or the folder it is extracted to) could not be read or written: ``os_error`` says why."""

    def __init__(self, os_error: OSError) -> None:
        super().__init__(f"the archive cannot be read: {os_error}")
        self.os_error = os_error


def _attachment_files(root: Path) -> list[tuple[str, Path]]:
    found = []
    if root.is_dir():
        for path in sorted(root.glob("*/*")):
            name = f"attachments/{path.parent.name}/{path.name}"
            if path.is_file() and _ATTACHMENT.match(name):
                found.append((name, path))
    return found


def write_archive(db: Database, attachments: Path, dest: Path) -> ArchiveInfo:
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}{PARTIAL_MARK}")
    with tempfile.TemporaryDirectory(prefix="mediation-archive-") as work:
        db_copy = Path(work) / "mediation.db"
        db_manifest = write_backup(db, db_copy, kind="archive")
        members: dict[str, dict[str, Any]] = {DB_MEMBER: {"sha256": db_manifest["sha256"], "size": db_manifest["size"]}}
        files = []
        for name, path in _attachment_files(Path(attachments)):
            digest = file_sha256(path)
            if digest == path.name:  # a damaged copy would come back under another name: the check names it
                files.append((name, path))
                members[name] = {"sha256": digest, "size": path.stat().st_size}
        manifest = {"format": FORMAT, "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                    "database": db_manifest, "members": members}
        try:
            with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as zf:
                zf.write(db_copy, DB_MEMBER)
                for name, path in files:
                    zf.write(path, name, compress_type=zipfile.ZIP_STORED)
                zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2))
            make_private(tmp)
            move_into_place(tmp, dest)
        finally:
            tmp.unlink(missing_ok=True)
    drop_cached(dest)
    try:
        return verify_archive(dest)  # read everything back from the medium
    except (StorageError, OSError):
        with contextlib.suppress(OSError):  # a bad copy is not left to be trusted (unless the stick is gone)
            dest.unlink(missing_ok=True)
        raise


def _read_manifest(zf: zipfile.ZipFile) -> dict[str, Any]:
    try:
        manifest = json.loads(zf.read(MANIFEST).decode("utf-8"))
    except (KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise StorageError("the archive has no readable manifest") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT or DB_MEMBER not in manifest.get("members", {}):
        raise StorageError("this is not a Mediation Desk archive")
    return manifest


def _member_digest(zf: zipfile.ZipFile, name: str, out: Path | None = None) -> str:
    digest = hashlib.sha256()
    with zf.open(name) as src:
        fh = open(out, "wb") if out else None  # noqa: SIM115
        try:
            for block in iter(lambda: src.read(1 << 20), b""):
                digest.update(block)
                if fh:
                    fh.write(block)
            if fh:
                fh.flush()
                os.fsync(fh.fileno())
        finally:
            if fh:
                fh.close()
    return digest.hexdigest()


def verify_archive(path: Path, extract_to: Path | None = None) -> ArchiveInfo:
    """Read every member and compare it with the manifest; optionally extract (database as
    ``extract_to/mediation.db``, attachments under ``extract_to/attachments``)."""
    try:
        with zipfile.ZipFile(path) as zf:
            manifest = _read_manifest(zf)
            members: dict[str, Any] = manifest["members"]
            names = set(zf.namelist()) - {MANIFEST}
            if names != set(members):
                raise StorageError("the archive's members do not match its manifest")
            for name, entry in members.items():
                if name != DB_MEMBER and not _ATTACHMENT.match(name):
                    raise StorageError("the archive holds an unexpected member")
                out = None
                if extract_to is not None:  # extracted copies are private (personal data)
                    m = _ATTACHMENT.match(name)
                    out = Path(extract_to) / ("mediation.db" if m is None else f"attachments/{m[1]}/{m[2]}")
                    out.parent.mkdir(parents=True, exist_ok=True)
                if _member_digest(zf, name, out) != entry.get("sha256"):
                    raise StorageError(f"member {name} of the archive does not match its manifest")
    except OSError as exc:
        if exc.errno in (None, errno.EINVAL):  # a seek to a damaged offset: the archive itself is bad
            raise StorageError(f"the archive cannot be read: {exc}") from exc
        raise ArchiveUnreadable(exc) from exc
    except (zipfile.BadZipFile, EOFError, zlib.error, ValueError, KeyError) as exc:
        raise StorageError(f"the archive cannot be read: {exc}") from exc
    return ArchiveInfo(path=Path(path), created_at=str(manifest.get("created_at")), members=len(members),
                       attachments=len(members) - 1, size=Path(path).stat().st_size,
                       database=dict(manifest.get("database") or {}))


def is_archive(path: Path) -> bool:
    return zipfile.is_zipfile(path)
