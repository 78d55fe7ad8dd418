"""Who else has the database open, and the fair queue of writers (POSIX ``flock``).

Two small files beside the database:

- ``<db>-lock``: every process that opens the database holds a shared lock on it. A process that
  can take it exclusively knows it is alone, so a leftover ``-wal`` file means an unclean
  shutdown rather than another desk at work.
- ``<db>-writer``: held exclusively for the length of each write transaction. Its content names
  the holder (user and machine) so a waiting desk can say who is saving. Waiters poll it at a
  short, constant interval and a writer that has just released it lets the others in first,
  so four busy writers take turns instead of one starving the rest.

On systems without ``fcntl`` (Windows) both are no-ops and SQLite's own locking applies.
"""

from __future__ import annotations

import getpass
import json
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from mediation_app.storage.errors import Locked

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

WAIT_LIMIT_S = 120.0  # a writer waits this long in the queue before telling the user to try later
POLL_S = 0.002
COURTESY_S = 0.006  # after releasing, a writer waits this long before queueing again


def holder_note() -> str:
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # pragma: no cover - no user name in the environment
        user = "?"
    return f"{user}@{socket.gethostname()} (pid {os.getpid()})"


def wal_salts(db_path: Path) -> list[int] | None:
    """The two salts of the ``-wal`` file's header (they change whenever SQLite restarts the WAL);
    None when there is no WAL with a header."""
    try:
        with open(db_path.with_name(db_path.name + "-wal"), "rb") as fh:
            header = fh.read(32)
    except OSError:
        return None
    if len(header) < 32:
        return None
    return [int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")]


def read_note(db_path: Path) -> dict[str, object] | None:
    """The last writer's note: who, and the WAL salts before and after its write."""
    try:
        data = json.loads(db_path.with_name(db_path.name + "-writer").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def wal_is_ours(db_path: Path) -> bool | None:
    """Did this application write the ``-wal`` beside ``db_path``? None when it cannot tell (no
    note: a file from before notes were kept, or written by another program)."""
    note = read_note(db_path)
    salts = wal_salts(db_path)
    if note is None or salts is None:
        return None
    if note.get("state") == "done":
        return note.get("wal") == salts
    before = note.get("before")  # killed during a write: the WAL may have restarted (salt-1 + 1)
    if not isinstance(before, list) or len(before) != 2:
        return True
    return salts == before or salts[0] == (int(before[0]) + 1) & 0xFFFFFFFF


def _open(path: Path, create: bool = True) -> int | None:
    if fcntl is None:
        return None
    try:
        return os.open(path, os.O_RDWR | (os.O_CREAT if create else 0), 0o600)
    except OSError:  # read-only folder: no coordination possible, nobody can write anyway
        return None


class Presence:
    """This process's shared hold on ``<db>-lock``."""

    def __init__(self, db_path: Path) -> None:
        self.path = db_path.with_name(db_path.name + "-lock")
        self._fd: int | None = None

    def alone(self) -> bool:
        """True when no other process (or other Database in this one) has the database open."""
        fd = _open(self.path, create=False)  # no lock file: nobody has joined
        if fd is None:
            return True
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        finally:
            os.close(fd)
        return True

    def join(self) -> None:
        if self._fd is None:
            self._fd = _open(self.path)
            if self._fd is not None:
                fcntl.flock(self._fd, fcntl.LOCK_SH)

    def alone_besides_me(self) -> bool:
        """While joined: True when no one else holds the database (our shared hold upgrades)."""
        if self._fd is None:
            return False
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True

    def leave(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


class WriteQueue:
    """In-process lock plus the cross-process ``<db>-writer`` lock, taken in turn."""

    def __init__(self, db_path: Path | None) -> None:
        self._local = threading.Lock()
        self._db = db_path
        self.path = db_path.with_name(db_path.name + "-writer") if db_path is not None else None
        self._fd: int | None = None
        self._released = 0.0
        self._note = holder_note()

    def current_holder(self) -> str:
        note = read_note(self._db) if self._db is not None else None
        return str(note.get("holder", "")) if note else ""

    def _write_note(self, fd: int, **fields: object) -> None:
        try:
            data = json.dumps({"holder": self._note, **fields}).encode("utf-8")
            os.ftruncate(fd, 0)
            os.pwrite(fd, data, 0)
        except OSError:  # the note is a courtesy; a full disk must not block the queue
            pass

    @contextmanager
    def turn(self, on_wait: Callable[[str | None], None] | None = None,
             limit: float = WAIT_LIMIT_S) -> Iterator[None]:
        """Hold the writer's turn. ``on_wait(holder)`` is called once when the turn is not free
        at once, and ``on_wait(None)`` when it is finally ours."""
        started = time.monotonic()
        waited = False
        if not self._local.acquire(blocking=False):
            waited = True
            if on_wait:
                on_wait("")
            if not self._local.acquire(timeout=limit):
                raise Locked((), limit)
        try:
            if self.path is not None and self._fd is None:
                self._fd = _open(self.path)
            fd = self._fd
            if fd is not None:
                pause = COURTESY_S - (time.monotonic() - self._released)
                if pause > 0:
                    time.sleep(pause)
                while True:
                    try:
                        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                        break
                    except OSError:
                        if not waited:
                            waited = True
                            if on_wait:
                                on_wait(self.current_holder())
                        if time.monotonic() - started > limit:
                            holder = self.current_holder()
                            raise Locked((holder,) if holder else (), limit) from None
                        time.sleep(POLL_S)
                self._write_note(fd, state="writing", before=wal_salts(self._db) if self._db else None)
            if waited and on_wait:
                on_wait(None)
            try:
                yield
            finally:
                if fd is not None:
                    self._write_note(fd, state="done", wal=wal_salts(self._db) if self._db else None)
                    fcntl.flock(fd, fcntl.LOCK_UN)
                    self._released = time.monotonic()
        finally:
            self._local.release()

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
