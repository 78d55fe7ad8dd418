"""Optional encryption of the whole SQLite database (SQLCipher 4 through the ``sqlcipher3`` wheel).

The key is derived from a passphrase by SQLCipher itself (PBKDF2-HMAC-SHA512, 256,000 iterations)
and never stored: it is asked for at every start. An encrypted file does not begin with
"SQLite format 3"; without the passphrase it reads as noise. Backups (``VACUUM INTO``) are
encrypted with the same key, so they stay encrypted; every raw connection the app opens to check a
file goes through :func:`connect`, which uses the key of this process when the file is encrypted.

A lost passphrase means lost data: the set-up says so, and there is no recovery key.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import quote

SQLITE_HEADER = b"SQLite format 3\x00"
ENCRYPTED_DRIVER = "sqlite+pysqlcipher"
MIN_PASSPHRASE = 12

_keys: dict[str, str] = {}  # resolved database path -> passphrase, for this process only


class EncryptionUnavailable(RuntimeError):
    pass


def cipher_module() -> Any:
    try:
        from sqlcipher3 import dbapi2  # type: ignore[import-untyped]
    except ImportError as exc:  # pragma: no cover - a dependency of every build
        raise EncryptionUnavailable("the SQLCipher library (sqlcipher3) is not installed") from exc
    return dbapi2


def is_encrypted(path: Path) -> bool:
    """Does ``path`` look like an SQLCipher database? Its pages are whole (the size a multiple of
    512), it does not start with the SQLite header, its first bytes are not text, its first page
    looks random, and it is not a plain SQLite file whose first bytes alone were damaged (bytes
    21-23 of a plain header are always 64, 32, 32; a plain page has runs of zeros). Only the
    passphrase can tell an encrypted file from random noise of a whole number of pages."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size < 1024 or size % 512:
            return False
        with path.open("rb") as fh:
            page = fh.read(4096)
    except OSError:
        return False
    if page[:16] == SQLITE_HEADER or page[21:24] == b"\x40\x20\x20":
        return False
    if page.count(0) > len(page) // 16:  # ciphertext is random: about 1 byte in 256 is zero
        return False  # a plain page (free space is zeros) whose header was damaged
    return not all(32 <= b < 127 or b in (9, 10, 13) for b in page[:16])


def encrypted_url(path: Path, passphrase: str) -> str:
    """The SQLAlchemy URL of an encrypted SQLite file (SQLAlchemy's pysqlcipher dialect)."""
    return f"{ENCRYPTED_DRIVER}://:{quote(passphrase, safe='')}@/{Path(path).resolve()}"


def remember_key(path: Path, passphrase: str) -> None:
    _keys[str(Path(path).resolve())] = passphrase


def forget_keys() -> None:
    _keys.clear()


def _candidate_keys(path: Path) -> list[str]:
    own = _keys.get(str(Path(path).resolve()))
    return ([own] if own else []) + [k for k in dict.fromkeys(_keys.values()) if k != own]


def connect(path: Path, *, readonly: bool = True, passphrase: str | None = None) -> Any:
    """A DB-API connection to ``path``: the standard library's for a plain file; SQLCipher's with
    the passphrase (given, or one this process opened a database with) for an encrypted one.
    A backup carries its database's key, so the keys in use are tried in turn."""
    path = Path(path)
    if not is_encrypted(path):
        mode = "?mode=ro" if readonly else ""
        return sqlite3.connect(f"file:{path}{mode}", uri=True)
    dbapi = cipher_module()
    keys = [passphrase] if passphrase else _candidate_keys(path)
    last: Exception | None = None
    for key in keys:
        con = dbapi.connect(f"file:{path}{'?mode=ro' if readonly else ''}", uri=True)
        try:
            con.execute("PRAGMA cipher_log_level = NONE")  # a wrong key is our answer, not a log line
            con.execute("PRAGMA key = " + _literal(key))
            con.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return con
        except dbapi.DatabaseError as exc:
            last = exc
            con.close()
    raise sqlite3.DatabaseError("file is encrypted or is not a database") from last


def opens_with(path: Path, passphrase: str) -> bool:
    try:
        connect(path, passphrase=passphrase).close()
        return True
    except sqlite3.DatabaseError:
        return False


def opens_any(path: Path) -> bool:
    """Does one of the keys this process opened a database with open ``path``?"""
    try:
        connect(path).close()
        return True
    except sqlite3.DatabaseError:
        return False


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def sqlite_file_of(url: str) -> Path | None:
    """The file behind a plain or encrypted SQLite URL (None for a server or in-memory database)."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)
