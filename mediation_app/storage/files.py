"""Content-addressed attachment store inside the data directory.

Evidence is copied in by SHA-256 (never kept as a path to the user's file), written atomically
(fileio: temporary name, fsync, rename, folder fsync; nothing is left behind when the disk fills
or the drive fails), and read back by hash. The same file added twice is stored once; a stored
copy whose bytes no longer match its name is replaced by the sound one when the file comes in
again, and is never served: reading it raises :class:`AttachmentDamaged`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from mediation_app.fileio import atomic_open, atomic_write_bytes, file_sha256
from mediation_app.storage.errors import StorageError


class AttachmentDamaged(StorageError):
    """A stored attachment is missing (``missing``) or its bytes no longer match its hash."""

    def __init__(self, sha256: str, *, missing: bool = False) -> None:
        super().__init__(f"stored attachment {sha256[:12]}… is {'missing' if missing else 'damaged (hash mismatch)'}")
        self.sha256 = sha256
        self.missing = missing


class _Hashing:
    """A write-only stream that hashes what passes through it."""

    def __init__(self, out: BinaryIO) -> None:
        self.out = out
        self.sha = hashlib.sha256()

    def write(self, data: bytes) -> int:
        self.sha.update(data)
        return self.out.write(data)


class FileStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path_of(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def intact(self, sha256: str) -> bool:
        """Whether the stored copy exists and its bytes still hash to its name."""
        try:
            return file_sha256(self.path_of(sha256)) == sha256
        except OSError:
            return False

    def put(self, data: bytes) -> str:
        digest = hashlib.sha256(data).hexdigest()
        if self.intact(digest):
            return digest
        target = self.path_of(digest)
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(target, data)
        return digest

    def put_stream(self, sha256: str, copy: Callable[[BinaryIO], object]) -> bool:
        """Store what ``copy`` writes under ``sha256`` when no sound copy is there yet; False (and
        nothing stored, no temporary file left) when the bytes do not hash to ``sha256``."""
        if self.intact(sha256):
            return True
        target = self.path_of(sha256)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            with atomic_open(target) as out:
                tee = _Hashing(out)
                copy(tee)  # type: ignore[arg-type]
                if tee.sha.hexdigest() != sha256:
                    raise _Mismatch
        except _Mismatch:
            return False
        return True

    def get(self, sha256: str) -> bytes:
        try:
            data = self.path_of(sha256).read_bytes()
        except FileNotFoundError as exc:
            raise AttachmentDamaged(sha256, missing=True) from exc
        if hashlib.sha256(data).hexdigest() != sha256:
            raise AttachmentDamaged(sha256)
        return data


class _Mismatch(Exception):
    """Raised inside the atomic write so that the temporary file is discarded."""


