"""The bundle as a file: one zip written atomically (parts streamed in, each hashed as it goes),
a manifest naming every part with its SHA-256 and size, the manifest's Ed25519 signature, and
optionally the whole sealed with a passphrase. Once in place the file is read back from where it was
written and checked against what was signed (USB sticks lie about syncing, and a fake-capacity stick
drops what does not fit). Reading checks the file before any part is used."""

from __future__ import annotations

import hashlib
import json
import os
import queue
import shutil
import tempfile
import threading
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from mediation_app.fileio import atomic_open, drop_cached, move_into_place
from mediation_app.i18n import _
from mediation_app.services.errors import ServiceError, file_reason
from mediation_app.services.handover.crypto import DecryptFailed, is_sealed, seal, unseal
from mediation_app.storage.handover.fingerprint import check_parts, json_lines

FORMAT = 1
KIND = "mediation-desk-handover"
MANIFEST, SIGNATURE = "manifest.json", "manifest.sig"


class BundleRefused(ServiceError):
    """The bundle is refused whole; the message names the problem. Nothing was written."""


class BundleNotWritten(ServiceError):
    """The bundle file could not be written where it was asked (a full or removed USB stick, a folder
    that may not be written): nothing was handed over, and no partial file is left."""


def _not_written(target: Path, exc: OSError) -> BundleNotWritten:
    # raised as a service error, not an OSError: the stream's writes name no file, and inside the
    # export's read of the database such an OSError would be taken for a fault of the database's disk
    return BundleNotWritten(_("The hand-over bundle could not be written to {path}: {reason} Nothing was handed "
                              "over.").format(path=target.parent, reason=file_reason(exc)))


class BundleBadCopy(ServiceError):
    """The bundle was written but did not read back as it was signed: the copy is bad and was removed;
    nothing was handed over."""


def _bad_copy(target: Path) -> BundleBadCopy:
    return BundleBadCopy(_("The bundle written to {path} did not read back correctly, so the copy there is bad and "
                           "nothing was handed over: write it again (on another USB stick if this happens "
                           "again).").format(path=target.parent))


class _HashingWriter:
    def __init__(self, raw: IO[bytes], target: Path) -> None:
        self.raw, self.sha, self.size, self.target = raw, hashlib.sha256(), 0, target

    def write(self, data: bytes) -> None:
        try:
            self.raw.write(data)
        except OSError as exc:
            raise _not_written(self.target, exc) from exc
        self.sha.update(data)
        self.size += len(data)


@contextmanager
def in_background(out: _HashingWriter) -> Iterator[Callable[[bytes], None]]:
    """A ``write`` that hands each block to a thread: deflating, hashing and writing it (each lets
    other threads run) overlap the reading of the next block from the database. At most two blocks
    wait; the thread's first error is raised in the caller, at the next write or at the end."""
    blocks: queue.Queue[bytes | None] = queue.Queue(maxsize=2)
    failed: list[BaseException] = []

    def run() -> None:
        while (data := blocks.get()) is not None:
            if not failed:
                try:
                    out.write(data)
                except BaseException as exc:  # noqa: BLE001 - raised in the caller
                    failed.append(exc)

    thread = threading.Thread(target=run, name="bundle-writer", daemon=True)
    thread.start()

    def write(data: bytes) -> None:
        if failed:
            raise failed[0]
        blocks.put(data)

    try:
        yield write
    finally:
        blocks.put(None)
        thread.join()
    if failed:
        raise failed[0]


class BundleWriter:
    """Parts go into a temporary zip beside the target; ``finish`` signs and moves it into place."""

    def __init__(self, target: Path) -> None:
        self.target = Path(target)
        try:
            self.target.parent.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(prefix=f".{self.target.name}.", suffix=".partial", dir=self.target.parent)
            os.close(fd)
        except OSError as exc:
            raise _not_written(self.target, exc) from exc
        self.tmp = Path(name)
        self.zip = zipfile.ZipFile(self.tmp, "w", allowZip64=True)
        self.parts: dict[str, dict[str, Any]] = {}

    @contextmanager
    def part(self, name: str, *, compress: bool = True) -> Iterator[_HashingWriter]:
        info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
        for attr in ("compress_level", "_compresslevel"):  # fast deflate (the name changed in Python 3.13)
            try:
                setattr(info, attr, 1)
            except AttributeError:
                pass
        with self.zip.open(info, "w", force_zip64=True) as raw:
            writer = _HashingWriter(raw, self.target)
            yield writer
        self.parts[name] = {"sha256": writer.sha.hexdigest(), "size": writer.size}

    def add_file(self, name: str, source: Path) -> None:
        with self.part(name, compress=False) as out, open(source, "rb") as src:
            while chunk := src.read(1 << 20):
                out.write(chunk)

    def finish(self, manifest: dict[str, Any], sign: Callable[[bytes], bytes], passphrase: str | None) -> str:
        """Write the manifest (with every part's hash) and its signature; seal with the passphrase if
        given; move into place. Returns the manifest's SHA-256 (the bundle's identity)."""
        try:
            manifest = {**manifest, "format": FORMAT, "kind": KIND, "encrypted": passphrase is not None,
                        "parts": self.parts}
            body = json.dumps(manifest, ensure_ascii=False, sort_keys=True, indent=1).encode()
            self.zip.writestr(zipfile.ZipInfo(MANIFEST, date_time=(2020, 1, 1, 0, 0, 0)), body)
            signature = sign(body).hex()
            self.zip.writestr(zipfile.ZipInfo(SIGNATURE, date_time=(2020, 1, 1, 0, 0, 0)), signature)
            self.zip.close()
            if passphrase is not None:
                with atomic_open(self.target) as out, open(self.tmp, "rb") as src:
                    seal(src, out, passphrase)
            else:
                move_into_place(self.tmp, self.target)
        except OSError as exc:
            raise _not_written(self.target, exc) from exc
        finally:
            self.abort()
        self.read_back(body, bytes.fromhex(signature), passphrase)
        return hashlib.sha256(body).hexdigest()

    def read_back(self, body: bytes, signature: bytes, passphrase: str | None) -> None:
        """Read the bundle in place back from its medium, as the receiving site will, and check it
        against what was signed; a bad copy is removed (it would be refused there)."""
        drop_cached(self.target)
        cause: BaseException | None = None
        try:
            with BundleReader(self.target, passphrase) as reader:
                same = reader.manifest_bytes == body and reader.signature == signature
                if same:
                    reader.verify_parts()
        except (BundleRefused, OSError, ValueError) as exc:
            same, cause = False, exc
        if not same:
            try:
                self.target.unlink(missing_ok=True)
            except OSError:
                pass  # the stick is gone: nothing is left to remove
            raise _bad_copy(self.target) from cause

    def abort(self) -> None:
        try:
            self.zip.close()
        except Exception:  # noqa: BLE001 - closing a half-written zip after a failure
            pass
        self.tmp.unlink(missing_ok=True)


def _damaged(path: Path) -> BundleRefused:
    return BundleRefused(_("{file} is not a complete hand-over bundle: it is damaged or was cut short "
                           "(copy it again from the sending computer).").format(file=path.name))


class BundleReader:
    """Opens a bundle (unsealing it into a private temporary file first), reads its manifest, and
    checks that the parts are exactly those the manifest names, each with its hash."""

    def __init__(self, path: Path, passphrase: str | None = None) -> None:
        self.path = Path(path)
        self._tmp: Path | None = None
        try:
            with open(self.path, "rb") as fh:
                head = fh.read(16)
        except OSError as exc:
            raise BundleRefused(_("The bundle {file} cannot be read.").format(file=self.path.name)) from exc
        source = self.path
        if is_sealed(head):
            if not passphrase:
                raise BundleRefused(_("This bundle is protected with a passphrase; give the passphrase it was "
                                      "made with."))
            fd, name = tempfile.mkstemp(prefix="handover-", suffix=".zip")
            self._tmp = Path(name)
            try:
                with open(self.path, "rb") as src, os.fdopen(fd, "wb") as dst:
                    unseal(src, dst, passphrase)
            except DecryptFailed as exc:
                self.close()
                raise BundleRefused(_("The passphrase is wrong, or the protected bundle was changed or cut short; "
                                      "nothing was imported.")) from exc
            source = self._tmp
        try:
            self.zip = zipfile.ZipFile(source)
            self.manifest_bytes = self.zip.read(MANIFEST)
            self.signature = bytes.fromhex(self.zip.read(SIGNATURE).decode("ascii"))
            self.manifest: dict[str, Any] = json.loads(self.manifest_bytes)
        except (zipfile.BadZipFile, KeyError, ValueError, EOFError, OSError, UnicodeDecodeError) as exc:
            self.close()
            raise _damaged(self.path) from exc
        if not isinstance(self.manifest, dict) or self.manifest.get("kind") != KIND:
            self.close()
            raise BundleRefused(_("{file} is not a hand-over bundle.").format(file=self.path.name))

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.manifest_bytes).hexdigest()

    def verify_names(self) -> None:
        """The parts are exactly those the manifest names."""
        parts: dict[str, dict[str, Any]] = self.manifest.get("parts") or {}
        present = set(self.zip.namelist()) - {MANIFEST, SIGNATURE}
        extra = sorted(present - set(parts))
        missing = sorted(set(parts) - present)
        if extra or missing:
            raise BundleRefused(_("The bundle's parts do not match its signed list (unexpected: {extra}; missing: "
                                  "{missing}); nothing was imported.").format(extra=", ".join(extra) or "-",
                                                                              missing=", ".join(missing) or "-"))

    def verify_parts(self) -> None:
        """Every part named in the manifest is there with its SHA-256 and size, and nothing else is."""
        self.verify_names()
        refused = check_parts(self.zip, self.manifest.get("parts") or {})
        if refused is not None:
            raise self.refusal(*refused)

    @staticmethod
    def refusal(part: str, kind: str) -> BundleRefused:
        """What is said of a part that cannot be read whole ("damaged") or is not as signed ("changed")."""
        if kind == "damaged":
            return BundleRefused(_("Part {part} of the bundle is damaged; nothing was imported.").format(part=part))
        return BundleRefused(_("Part {part} of the bundle does not match its signed fingerprint (changed after it "
                               "was made); nothing was imported.").format(part=part))

    def lines(self, name: str) -> Iterator[Any]:
        """The part's JSON lines."""
        with self.zip.open(name) as fh:
            yield from json_lines(fh)

    @property
    def plain_path(self) -> Path:
        """The bundle as a plain zip file (the private unsealed copy of a protected one)."""
        return self._tmp if self._tmp is not None else self.path

    def copy_to(self, name: str, out: IO[bytes]) -> None:
        with self.zip.open(name) as fh:
            shutil.copyfileobj(fh, out, 1 << 20)

    def close(self) -> None:
        zf = getattr(self, "zip", None)
        if zf is not None:
            zf.close()
        if self._tmp is not None:
            self._tmp.unlink(missing_ok=True)
            self._tmp = None

    def __enter__(self) -> BundleReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
