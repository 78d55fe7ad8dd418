"""Fingerprints of travelling rows, and a second process that makes them for a large first hand-over.

A row's fingerprint identifies one version of it (:func:`row_hash`); each site keeps, per case, the
fingerprints of the versions both sites last shared, which is how the three-way merge tells "changed
there" from "changed here". A case never seen here is written exactly as it came, and every record
of it needs its fingerprint kept: for a first hand-over of thousands of cases that is a sixth of the
import's time. :class:`Fingerprinter` has a second process inflate the bundle's cases, make them and
check every part's hash while this one merges and writes, on the machine's other core; given the
columns of the case, party and link tables it also makes each case's search terms
(bundle_terms.py). If that
process cannot start, stops or answers out of step, the merge reads on by itself and makes them
itself (:func:`case_hashes_text`, the same function), and the parts are checked here, so the result
never depends on it.

This module imports no database code: the second process starts with the standard library and the
domain's search terms only.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import queue
import subprocess
import sys
import threading
import uuid
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import IO, Any, Protocol

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


class PartRefused(Exception):
    """A part of the bundle is damaged (``kind`` "damaged") or differs from its signed fingerprint
    ("changed"), as found by the second process."""

    def __init__(self, part: str, kind: str) -> None:
        super().__init__(part, kind)
        self.part, self.kind = part, kind


def check_parts(zf: zipfile.ZipFile, parts: dict[str, dict[str, Any]]) -> tuple[str, str] | None:
    """The first part that cannot be read whole ("damaged") or whose SHA-256 or size differs from the
    signed manifest's ("changed"), or None when every part is as signed."""
    for name, want in parts.items():
        sha, size = hashlib.sha256(), 0
        try:
            with zf.open(name) as fh:
                while chunk := fh.read(1 << 20):
                    sha.update(chunk)
                    size += len(chunk)
        except Exception:  # noqa: BLE001 - BadZipFile, zlib.error, EOFError … on a flipped or missing byte
            return name, "damaged"
        if sha.hexdigest() != want.get("sha256") or size != want.get("size"):
            return name, "changed"
    return None


class Readable(Protocol):
    def read(self, n: int = -1, /) -> bytes: ...


def raw_lines(fh: Readable) -> Iterator[bytes]:
    """A part's non-blank lines, read a megabyte at a time (a zip member's own line reader is slow)."""
    rest = b""
    while chunk := fh.read(1 << 20):
        *whole, rest = (rest + chunk).split(b"\n")
        yield from (raw for raw in whole if raw.strip())
    if rest.strip():
        yield rest


def json_lines(fh: Readable) -> Iterator[Any]:
    """A part's JSON lines."""
    return map(json.loads, raw_lines(fh))


class Fingerprinter:
    """The second process, seen from the merge. It reads the rows part and checks it against the
    signed manifest as it reads, then checks every other part: :meth:`lines` gives each line of the
    rows part, decoded here, with the fingerprints of the case's records as the JSON text that is
    kept for it and, when asked for, the case's packed search terms (made there); :meth:`checked`
    gives the verdict on the parts. A line travels as the
    bytes the process inflated, and the fingerprints as the text that will be stored: this process
    neither inflates the part nor makes a fingerprint. The merge writes nothing durable before the
    verdict (it is read before the transaction commits and before any file is stored). Should the
    process stop or answer out of order, :meth:`lines` goes on from this process's own reading of the
    part, with no fingerprints (the merge then makes them itself), and :meth:`checked` says it could
    not tell (the parts are then checked here)."""

    def __init__(self, bundle: str, tables: Sequence[str], parts: dict[str, dict[str, Any]] | None = None,
                 terms_columns: dict[str, list[str]] | None = None) -> None:
        """``parts``: the signed manifest's parts, for the second process to check; ``terms_columns``:
        the travelling columns of bundle_terms.TABLES, for it to make each case's search terms."""
        self.proc: subprocess.Popen[bytes] | None = None
        self._verdict: tuple[Any, ...] | None = None
        self._queue: queue.Queue[Any] = queue.Queue(maxsize=8)  # messages read ahead (500 lines each)
        self._stop = threading.Event()
        self._reader: threading.Thread | None = None
        # the child finds this program's modules where this process found them
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", __name__, bundle, json.dumps(list(tables))],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
            assert self.proc.stdin is not None
            with self.proc.stdin:
                self.proc.stdin.write(json.dumps({"parts": parts, "terms": terms_columns}).encode())
        except (OSError, ValueError, TypeError):  # it could not start (no interpreter), or stopped at once
            self.close()
            return
        # a thread empties the pipe as the process fills it, so that it never waits for this one
        self._reader = threading.Thread(target=self._drain, name="fingerprints", daemon=True)
        self._reader.start()

    def _next(self) -> Any:
        if self.proc is None or self.proc.stdout is None:
            return None
        try:
            return marshal.load(self.proc.stdout)
        except (EOFError, ValueError, TypeError, OSError):
            return None

    def _drain(self) -> None:
        while not self._stop.is_set():
            got = self._next()
            while not self._stop.is_set():
                try:
                    self._queue.put(got, timeout=0.2)
                    break
                except queue.Full:
                    continue
            if not isinstance(got, list):  # the verdict, or the end of what it can say
                return

    def _take(self) -> Any:
        """The next message: a list of lines, the verdict, or None when the process stopped."""
        if self._reader is None:
            return None
        while True:
            try:
                got = self._queue.get(timeout=0.2)
                break
            except queue.Empty:
                if self._stop.is_set() or not self._reader.is_alive():
                    try:
                        got = self._queue.get_nowait()
                        break
                    except queue.Empty:
                        return None
        if isinstance(got, list) or self._is_verdict(got):
            return got
        self.close()  # stopped, or out of order
        return None

    @staticmethod
    def _is_verdict(got: Any) -> bool:
        return isinstance(got, tuple) and len(got) == 2 and got[0] == "verdict" and (
            got[1] is None or (isinstance(got[1], tuple) and len(got[1]) == 2))

    def lines(self, own: Callable[[], Iterator[Any]]) -> Iterator[tuple[Any, str | None, str | None]]:
        """Every line of the rows part with its case's fingerprints and packed search terms (None where
        this process read it itself, ``own`` reading the part here, and terms None where not asked
        for). A part found damaged or changed while the lines come raises :class:`PartRefused`."""
        done = 0
        while self._verdict is None:
            got = self._take()
            if isinstance(got, list):
                for raw, text, terms in got:
                    yield json.loads(raw), text, terms
                    done += 1
                continue
            if got is None:
                break
            self._verdict = got
            if got[1] is not None:
                raise PartRefused(*got[1])
            return
        for i, line in enumerate(own()):  # it stopped: read on from where it stopped
            if i >= done:
                yield line, None, None

    def checked(self) -> bool | tuple[str, str]:
        """True when the second process found every part as signed; the part and what is wrong with it
        when it did not; False when it could not tell (the caller checks them itself). Waits for the
        verdict (lines not taken yet are passed over)."""
        while self._verdict is None:
            got = self._take()
            if got is None:
                self._verdict = ("verdict", False)
            elif not isinstance(got, list):
                self._verdict = got
        outcome = self._verdict[1]
        if outcome is None:
            return True
        if outcome is False:
            return False
        return str(outcome[0]), str(outcome[1])

    def close(self) -> None:
        self._stop.set()
        if self.proc is not None:
            if self.proc.poll() is None:
                self.proc.kill()
            self.proc.wait()
            if self.proc.stdout is not None:
                self.proc.stdout.close()
            self.proc = None
        if self._reader is not None and self._reader is not threading.current_thread():
            self._reader.join(timeout=5)

    def __enter__(self) -> Fingerprinter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


SENT_AT_ONCE = 500  # lines per message from the second process
FIRST_SENT = 50  # the first message: the merge starts on it while the rest is made


class _Hashing:
    """A part read through: its SHA-256 and size as it is read."""

    def __init__(self, fh: IO[bytes]) -> None:
        self.fh, self.sha, self.size = fh, hashlib.sha256(), 0

    def read(self, n: int = -1) -> bytes:
        data = self.fh.read(n)
        self.sha.update(data)
        self.size += len(data)
        return data


def _serve(bundle: str, tables: list[str], asked: dict[str, Any] | None, out: IO[bytes]) -> None:
    """Send the rows part's lines with their fingerprints (and search terms when asked), then the
    verdict on every part."""
    parts: dict[str, dict[str, Any]] = (asked or {}).get("parts") or {}
    terms_columns = (asked or {}).get("terms")
    with zipfile.ZipFile(bundle) as zf:
        refused = _send_lines(zf, tables, parts.get(ROWS_PART), out, terms_columns)
        if refused is None:
            refused = check_parts(zf, {n: w for n, w in parts.items() if n != ROWS_PART})
        marshal.dump(("verdict", refused), out)
        out.flush()


def _send_lines(zf: zipfile.ZipFile, tables: list[str], want: dict[str, Any] | None, out: IO[bytes],
                terms_columns: dict[str, list[str]] | None = None) -> tuple[str, str] | None:
    batch: list[tuple[bytes, str, str | None]] = []
    sent = False
    try:
        with zf.open(ROWS_PART) as fh:
            part = _Hashing(fh)
            for raw in raw_lines(part):  # a line that does not decode: no verdict, this process stops
                line = json.loads(raw)
                rows = line.get("rows") if isinstance(line, dict) else None
                if isinstance(rows, dict):
                    batch.append((raw, case_hashes_text(rows, tables, {}), _case_terms(rows, terms_columns)))
                else:
                    batch.append((raw, "{}", None))
                if len(batch) >= (SENT_AT_ONCE if sent else FIRST_SENT):
                    marshal.dump(batch, out)
                    out.flush()
                    batch, sent = [], True
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise  # no verdict: the merge reads the part itself, and the parts are checked here
    except Exception:  # noqa: BLE001 - BadZipFile, zlib.error, EOFError … on a flipped or missing byte
        return ROWS_PART, "damaged"
    marshal.dump(batch, out)
    out.flush()
    if want is not None and (part.sha.hexdigest() != want.get("sha256") or part.size != want.get("size")):
        return ROWS_PART, "changed"
    return None


def _case_terms(rows: dict[str, Any], columns: dict[str, list[str]] | None) -> str | None:
    """A case's packed search terms when asked for (``columns``), or None; None too when its records are
    not as expected (the merge rejects such a case, or the index step makes its terms itself)."""
    if not columns:
        return None
    from mediation_app.storage.handover.bundle_terms import packed_terms  # only where asked for

    try:
        return packed_terms(rows, columns)
    except (KeyError, ValueError, TypeError, AttributeError, IndexError):
        return None


if __name__ == "__main__":  # python -m mediation_app.storage.handover.fingerprint BUNDLE TABLES < {parts, terms}
    try:
        _serve(sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.stdin.buffer.read() or b"null"), sys.stdout.buffer)
    except (BrokenPipeError, KeyboardInterrupt):
        pass
