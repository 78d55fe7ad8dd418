"""Sample scans for demo files: small grey pictures of an ID card, a sheet of evidence, a receipt, a
signed agreement and a court ruling. One file per kind is stored (by content hash) and every demo
case's material points at it, so a million demo cases add a handful of small files, not millions.

The pictures carry no text and no personal data; the material's title says what it stands for.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

WHITE, PAPER, INK, LIGHT = 255, 246, 90, 200


@dataclass(frozen=True)
class Sample:
    kind: str  # EvidenceKind code
    filename: str
    data: bytes

    @property
    def mime(self) -> str:
        return "image/png"


def _png(width: int, height: int, pixels: bytearray) -> bytes:
    """An 8-bit greyscale PNG."""
    raw = b"".join(b"\x00" + bytes(pixels[y * width:(y + 1) * width]) for y in range(height))

    def chunk(tag: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + tag + body + struct.pack(">I", zlib.crc32(tag + body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


class _Canvas:
    def __init__(self, width: int, height: int, fill: int = WHITE) -> None:
        self.width, self.height = width, height
        self.pixels = bytearray([fill]) * (width * height)

    def rect(self, x0: int, y0: int, x1: int, y1: int, value: int) -> None:
        for y in range(max(0, y0), min(self.height, y1)):
            start = y * self.width
            self.pixels[start + max(0, x0):start + min(self.width, x1)] = bytes([value]) * (min(self.width, x1) - max(0, x0))

    def frame(self, x0: int, y0: int, x1: int, y1: int, value: int, t: int = 3) -> None:
        self.rect(x0, y0, x1, y0 + t, value)
        self.rect(x0, y1 - t, x1, y1, value)
        self.rect(x0, y0, x0 + t, y1, value)
        self.rect(x1 - t, y0, x1, y1, value)

    def lines(self, x0: int, x1: int, y0: int, count: int, gap: int, value: int = LIGHT) -> None:
        for i in range(count):
            self.rect(x0, y0 + i * gap, x1 - (i % 3) * 40, y0 + i * gap + 6, value)

    def png(self) -> bytes:
        return _png(self.width, self.height, self.pixels)


def _id_card() -> bytes:
    c = _Canvas(428, 270)
    c.frame(4, 4, 424, 266, INK)
    c.rect(300, 40, 400, 170, LIGHT)  # photo
    c.lines(30, 280, 50, 6, 28)
    c.rect(30, 220, 400, 232, INK)  # number line
    return c.png()


def _sheet(seal: bool = False, table: bool = False) -> bytes:
    c = _Canvas(420, 594, PAPER)
    c.rect(120, 40, 300, 54, INK)  # title
    if table:
        for i in range(6):
            c.rect(40, 100 + i * 40, 380, 102 + i * 40, INK)
        c.rect(40, 100, 42, 302, INK)
        c.rect(378, 100, 380, 302, INK)
    else:
        c.lines(40, 380, 100, 14, 26)
    if seal:
        c.frame(270, 430, 370, 530, 160, 5)
    c.lines(40, 240, 470, 3, 30)
    return c.png()


def _receipt() -> bytes:
    c = _Canvas(420, 220, PAPER)
    c.frame(6, 6, 414, 214, INK, 2)
    c.rect(160, 24, 260, 36, INK)
    c.lines(30, 390, 60, 4, 30)
    c.frame(300, 150, 380, 200, 160, 4)
    return c.png()


def samples() -> dict[str, Sample]:
    """The sample picture of each kind of material, by EvidenceKind code."""
    return {
        "identity": Sample("identity", "id_copy.png", _id_card()),
        "evidence": Sample("evidence", "evidence.png", _sheet(table=True)),
        "receipt": Sample("receipt", "receipt.png", _receipt()),
        "power_of_attorney": Sample("power_of_attorney", "power_of_attorney.png", _sheet()),
        "signed_copy": Sample("signed_copy", "signed_agreement.png", _sheet(seal=True)),
        "court_ruling": Sample("court_ruling", "ruling.png", _sheet(seal=True)),
    }
