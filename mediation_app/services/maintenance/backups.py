"""Backups as the client and the CLI see them: listed with their verified state, made by hand or
automatically (first start of the day, exit, first write of the day), rotated 7 daily / 4 weekly /
12 monthly, each read back against its manifest; stale partial files of a killed backup removed."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

from mediation_app.domain.rotation import backups_to_delete
from mediation_app.i18n import _
from mediation_app.services.maintenance.read_models import BackupView
from mediation_app.storage.backup import check_backup, delete_backup, list_backups, read_manifest

AUTO_PREFIX = "auto-"


def kind_label(kind: str) -> str:
    return {
        "auto": _("Automatic"), "manual": _("Made by hand"), "before-upgrade": _("Before an upgrade"),
        "before-restore": _("Before a restore (safety copy)"), "damaged": _("Damaged file kept aside"),
        "archive": _("Archive"),
    }.get(kind, kind)


def problem_text(problem: str | None) -> str | None:
    if problem is None:
        return None
    if problem == "no manifest":
        return _("It has no manifest, so it cannot be verified.")
    if problem == "hash mismatch":
        return _("Its content no longer matches its manifest (the file was changed or damaged).")
    if problem.startswith("unreadable"):
        return _("It cannot be read.")
    return _("It fails the database integrity check.")


def _kind_of(path: Path, manifest: dict[str, Any] | None) -> str:
    if manifest and manifest.get("kind"):
        return str(manifest["kind"])
    if "before-upgrade" in path.name:
        return "before-upgrade"
    return "auto" if path.name.startswith(AUTO_PREFIX) else "manual"


def taken_at(path: Path, manifest: dict[str, Any] | None) -> dt.datetime | None:
    for key in ("taken_at", "created_at"):
        if manifest and manifest.get(key):
            try:
                return dt.datetime.fromisoformat(str(manifest[key])).astimezone()
            except ValueError:
                continue
    try:
        return dt.datetime.fromtimestamp(path.stat().st_mtime).astimezone()
    except OSError:
        return None


def view(path: Path, *, deep: bool, hashed: bool = True) -> BackupView:
    """``hashed=False`` reads the manifest only (``verified`` then means "has a manifest")."""
    manifest = read_manifest(path)
    kind = _kind_of(path, manifest)
    problem = check_backup(path, deep=deep) if hashed else (None if manifest else "no manifest")
    size = int(manifest.get("size", 0)) if manifest else 0
    try:
        size = size or os.path.getsize(path)
    except OSError:
        pass
    cases = manifest.get("cases") if manifest else None
    seq = manifest.get("audit_seq") if manifest else None
    return BackupView(path=path, name=path.name, kind=kind, kind_label=kind_label(kind),
                      created_at=taken_at(path, manifest), size=size,
                      cases=cases if isinstance(cases, int) else None, audit_seq=seq if isinstance(seq, int) else None,
                      verified=problem is None, problem=problem_text(problem))


def views(folder: Path, *, deep: bool = False) -> list[BackupView]:
    return [view(p, deep=deep) for p in list_backups(folder)]


def summaries(folder: Path) -> list[BackupView]:
    """Newest first, from the manifests alone (cheap; nothing is hashed)."""
    return [view(p, deep=False, hashed=False) for p in list_backups(folder)]


def unique_name(folder: Path, stem: str) -> Path:
    target = folder / f"{stem}.db"
    n = 2
    while target.exists():
        target = folder / f"{stem}-{n}.db"
        n += 1
    return target


def rotate(folder: Path) -> tuple[str, ...]:
    """Delete the automatic backups the rotation no longer keeps (never any other kind)."""
    autos = []
    for path in list_backups(folder):
        manifest = read_manifest(path)
        if _kind_of(path, manifest) == "auto" and check_backup(path, deep=False) is None:  # a bad one keeps nothing
            when = taken_at(path, manifest)
            if when is not None:
                autos.append((path, when.replace(tzinfo=None)))
    doomed = backups_to_delete(autos)
    for path in doomed:
        delete_backup(path)
    return tuple(sorted(p.name for p in doomed))
