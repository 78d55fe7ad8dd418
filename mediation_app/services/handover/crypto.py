"""Keys, fingerprints, signatures and passphrase encryption of hand-over bundles.

Ed25519 signs the bundle's manifest (which holds the SHA-256 of every part). A passphrase-protected
bundle is the whole file sealed with AES-256-GCM in 1 MiB chunks (each chunk's number and a "last"
flag authenticated, so a dropped, reordered or cut-off chunk fails), the key derived with scrypt
(64 MiB, memory-hard).
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
from collections.abc import Iterator
from typing import BinaryIO

# cryptography is imported by the functions that sign or seal: a start that only reads the
# hand-over state (the Today view's reminder) does not load it.

ENC_MAGIC = b"MDHBENC1"
CHUNK = 1 << 20
SCRYPT = {"n": 1 << 16, "r": 8, "p": 1}


class DecryptFailed(Exception):
    """Wrong passphrase, or the sealed file was changed or cut short."""


def new_private_key() -> tuple[bytes, str]:
    """(PKCS#8 PEM of a new private key, its public key as hex)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    return pem, public_hex(pem)


def public_hex(pem: bytes) -> str:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = serialization.load_pem_private_key(pem, password=None)
    assert isinstance(key, Ed25519PrivateKey)
    return key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()


def sign(pem: bytes, data: bytes) -> bytes:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = serialization.load_pem_private_key(pem, password=None)
    assert isinstance(key, Ed25519PrivateKey)
    return key.sign(data)


def verify(public_key_hex: str, signature: bytes, data: bytes) -> bool:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_key_hex)).verify(signature, data)
        return True
    except (InvalidSignature, ValueError):
        return False


def fingerprint_code(public_key_hex: str) -> str:
    """The key's fingerprint as five groups of four digits (about 66 bits), read aloud or compared
    on two screens when pairing: e.g. ``4821-0937-5512-8803-1267``."""
    digest = hashlib.sha256(bytes.fromhex(public_key_hex)).digest()
    number = int.from_bytes(digest[:9], "big") % 10**20
    text = f"{number:020d}"
    return "-".join(text[i:i + 4] for i in range(0, 20, 4))


def normalise_code(code: str) -> str:
    digits = "".join(ch for ch in code if ch.isdigit())
    return "-".join(digits[i:i + 4] for i in range(0, len(digits), 4))


# -- passphrase sealing -----------------------------------------------------------------------------
def _key(passphrase: str, salt: bytes, params: dict[str, int]) -> bytes:
    return hashlib.scrypt(passphrase.encode(), salt=salt, n=params["n"], r=params["r"], p=params["p"],
                          maxmem=256 * 1024 * 1024, dklen=32)


def _chunks(src: BinaryIO) -> Iterator[tuple[bytes, bool]]:
    current = src.read(CHUNK)
    while True:
        following = src.read(CHUNK)
        yield current, not following
        if not following:
            return
        current = following


def seal(src: BinaryIO, dst: BinaryIO, passphrase: str) -> None:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    salt, prefix = os.urandom(16), os.urandom(8)
    header = json.dumps({"kdf": "scrypt", **SCRYPT, "salt": salt.hex(), "nonce": prefix.hex(), "chunk": CHUNK},
                        sort_keys=True).encode()
    dst.write(ENC_MAGIC + struct.pack(">I", len(header)) + header)
    aes = AESGCM(_key(passphrase, salt, SCRYPT))
    for index, (plain, last) in enumerate(_chunks(src)):
        aad = header + struct.pack(">IB", index, last)
        sealed = aes.encrypt(prefix + struct.pack(">I", index), plain, aad)
        dst.write(struct.pack(">I", len(sealed)) + sealed)


def is_sealed(head: bytes) -> bool:
    return head.startswith(ENC_MAGIC)


def unseal(src: BinaryIO, dst: BinaryIO, passphrase: str) -> None:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if src.read(len(ENC_MAGIC)) != ENC_MAGIC:
        raise DecryptFailed
    try:
        (size,) = struct.unpack(">I", src.read(4))
        header = src.read(size)
        params = json.loads(header)
        salt, prefix = bytes.fromhex(params["salt"]), bytes.fromhex(params["nonce"])
        aes = AESGCM(_key(passphrase, salt, {k: int(params[k]) for k in ("n", "r", "p")}))
    except (struct.error, ValueError, KeyError, TypeError) as exc:
        raise DecryptFailed from exc
    index, finished = 0, False
    while True:
        raw = src.read(4)
        if not raw:
            break
        if finished or len(raw) < 4:
            raise DecryptFailed
        (length,) = struct.unpack(">I", raw)
        sealed = src.read(length)
        if len(sealed) != length:
            raise DecryptFailed
        for last in (False, True):
            try:
                plain = aes.decrypt(prefix + struct.pack(">I", index), sealed, header + struct.pack(">IB", index, last))
            except InvalidTag:
                continue
            dst.write(plain)
            finished = last
            break
        else:
            raise DecryptFailed
        index += 1
    if not finished:
        raise DecryptFailed
