"""Fingerprints of travelling rows, and a second process that makes them for a large first hand-over.

A row's fingerprint identifies one version of it (:func:`row_hash`); each site keeps, per case, the
fingerprints of the versions both sites last shared, which is how the three-way merge tells "changed
there" from "changed here". A case never seen here is written exactly as it came, and every record
of it needs its fingerprint kept: for a first hand-over of thousands of cases that is a sixth of the
import's time. :class:`Fingerprinter` has a second process read the same (already verified) bundle
and make them while this one merges and writes, on the machine's other core. If that process cannot
start, stops or answers out of step, the merge makes them itself (:func:`case_hashes`, the same
function), so the result never depends on it.

This module imports no database code: the second process starts with the standard library only.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import subprocess
import sys
import uuid
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, Any

# tables whose rows are keyed by the id of another record (one row per referral, one level row per
# case): the bundle's bookkeeping knows such a row by an id made from that key and the table's name
# (``row_key``), so that it never meets the record it belongs to
KEYED_BY = {"referral_sign_in": "referral_id", "case_level": "case_id"}
ROWS_PART = "cases.jsonl"


def row_key(name: str, values: Sequence[Any]) -> str:
    """The id a travelling row is known by (its own id; for a table in ``KEYED_BY`` one made from its key)."""
    return values[0] if name not in KEYED_BY else uuid.uuid5(uuid.UUID(values[0]), name).hex


def row_hash(values: Sequence[Any]) -> str:
    """A version's fingerprint. Values are JSON scalars of fixed type per column, and stored text never
    holds control characters (domain/text_input.py), so NUL-joined text identifies the version."""
    return hashlib.sha256("\x00".join(map(str, values)).encode()).hexdigest()[:32]


def case_hashes(rows: dict[str, list[list[Any]]], tables: Iterable[str]) -> dict[str, str]:
    """The fingerprint of every record of one case in ``tables`` (parties apart: a party may be on
    several cases and is fingerprinted once, with the first)."""
    out: dict[str, str] = {}
    for name in tables:
        there = rows.get(name)
        if not there or name == "party":
            continue
        if name in KEYED_BY:
            out.update((row_key(name, values), row_hash(values)) for values in there)
        else:
            out.update(zip([values[0] for values in there], map(row_hash, there), strict=True))
    return out


def case_hashes_text(rows: dict[str, list[list[Any]]], tables: Iterable[str], known: dict[str, str]) -> str:
    """What is kept for a case never seen before (``handover_base.hashes``): the fingerprints of its
    records (:func:`case_hashes`) and of ``known`` (its parties first seen with it), as JSON text."""
    return with_known(json.dumps(case_hashes(rows, tables), separators=(",", ":")), known)


def with_known(text: str, known: dict[str, str]) -> str:
    """``text`` (a JSON object of fingerprints) with ``known``'s entries (other keys) added."""
    if not known:
        return text
    head = json.dumps(known, separators=(",", ":"))
    return head if text == "{}" else f"{head[:-1]},{text[1:]}"


def json_lines(fh: IO[bytes]) -> Iterator[Any]:
    """A part's JSON lines, read a megabyte at a time (a zip member's own line reader is slow)."""
    rest = b""
    while chunk := fh.read(1 << 20):
        *whole, rest = (rest + chunk).split(b"\n")
        for raw in whole:
            if raw.strip():
                yield json.loads(raw)
    if rest.strip():
        yield json.loads(rest)


class Fingerprinter:
    """The second process, seen from the merge: :meth:`batch` gives, for the next ``size`` lines of the
    bundle's rows part, each case's fingerprints as the JSON text kept for it, or None when the
    process is not (or no longer) of use. The text travels as it will be stored: reading it back
    as a dictionary here would cost about what making the fingerprints costs."""

    def __init__(self, bundle: str, tables: Sequence[str], size: int) -> None:
        self.size = size
        self.proc: subprocess.Popen[bytes] | None = None
        # the child finds this program's modules where this process found them
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", __name__, bundle, str(size), json.dumps(list(tables))],
                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
        except OSError:
            self.proc = None

    def batch(self, case_ids: Sequence[str]) -> list[str] | None:
        """Each case's fingerprints as JSON text (parties apart), for the next lines, or None."""
        if self.proc is None or self.proc.stdout is None:
            return None
        try:
            got = marshal.load(self.proc.stdout)
        except (EOFError, ValueError, TypeError, OSError):
            got = None
        if not isinstance(got, list) or [c for c, _ in got] != list(case_ids):
            self.close()  # out of step: the merge makes the rest itself
            return None
        return [hashes for _, hashes in got]

    def close(self) -> None:
        if self.proc is not None:
            if self.proc.poll() is None:
                self.proc.kill()
            self.proc.wait()
            if self.proc.stdout is not None:
                self.proc.stdout.close()
            self.proc = None

    def __enter__(self) -> Fingerprinter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _serve(bundle: str, size: int, tables: list[str], out: IO[bytes]) -> None:
    with zipfile.ZipFile(bundle) as zf, zf.open(ROWS_PART) as fh:
        batch: list[tuple[str, str]] = []
        for line in json_lines(fh):
            rows = line.get("rows") if isinstance(line, dict) else None
            batch.append((str(line.get("case")) if isinstance(line, dict) else "",
                          case_hashes_text(rows, tables, {}) if isinstance(rows, dict) else "{}"))
            if len(batch) >= size:
                marshal.dump(batch, out)
                out.flush()
                batch = []
        if batch:
            marshal.dump(batch, out)
            out.flush()


if __name__ == "__main__":  # python -m mediation_app.storage.handover.fingerprint BUNDLE SIZE TABLES
    try:
        _serve(sys.argv[1], int(sys.argv[2]), json.loads(sys.argv[3]), sys.stdout.buffer)
    except (BrokenPipeError, KeyboardInterrupt):
        pass
