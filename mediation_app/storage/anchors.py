"""The audit chain's head, written down outside the database (reliability.md §5.2).

A hash chain stored next to the data can be truncated, emptied or recomputed by whoever can write
the file; only a commitment held elsewhere shows that. Every backup and the first start of each day
append a line ``{"seq", "hash", "count", "at", "event", ...}`` to ``audit-anchors.jsonl`` in the
backups folder. A restore appends a line of its own (the audit entry that records it); anchors
written before the newest restore describe a history the restore replaced.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

from mediation_app.storage.backup import fsync_dir

ANCHOR_FILE = "audit-anchors.jsonl"


def anchor_file(folder: Path) -> Path:
    return Path(folder) / ANCHOR_FILE


def append_anchor(folder: Path, *, seq: int, hash: str, count: int, event: str, **extra: Any) -> dict[str, Any]:
    """Append one anchor line (flushed and fsynced: an anchor that is not on the disk anchors nothing)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    line = {"seq": seq, "hash": hash, "count": count, "event": event,
            "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), **extra}
    path = anchor_file(folder)
    new = not path.exists()
    with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600), "a", encoding="utf-8") as fh:
        fh.write(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    if new:
        fsync_dir(folder)
    return line


def read_anchors(folder: Path) -> tuple[list[dict[str, Any]], int]:
    """(anchors in the order written, number of unreadable lines)."""
    path = anchor_file(folder)
    if not path.exists():
        return [], 0
    anchors: list[dict[str, Any]] = []
    bad = 0
    for text in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if not text.strip():
            continue
        try:
            item = json.loads(text)
        except ValueError:
            bad += 1
            continue
        if isinstance(item, dict) and isinstance(item.get("seq"), int) and isinstance(item.get("hash"), str):
            anchors.append(item)
        else:
            bad += 1
    return anchors, bad


RESTORE_EVENTS = ("restore", "restore-started")


def current_anchors(anchors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The anchors of the present history: from the newest restore line on (all when none). A restore
    writes ``restore-started`` (the backup's head) before it replaces the file and ``restore`` (its own
    audit entry) after; a kill in between leaves the first as the newest boundary."""
    last = max((i for i, a in enumerate(anchors) if a.get("event") in RESTORE_EVENTS), default=0)
    return anchors[last:]


def interrupted_restore(anchors: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The ``restore-started`` line when it is the last line written (the restore never finished)."""
    return anchors[-1] if anchors and anchors[-1].get("event") == "restore-started" else None


def anchored_today(folder: Path, today: dt.date) -> bool:
    anchors, _bad = read_anchors(folder)
    for a in reversed(anchors):
        try:
            when = dt.datetime.fromisoformat(str(a.get("at")))
        except ValueError:
            continue
        return when.astimezone().date() >= today
    return False
