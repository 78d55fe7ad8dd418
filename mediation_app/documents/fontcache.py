"""The embedded fonts' metrics, parsed from the TrueType file once per machine, not per start.

ReportLab reads a TrueType font by walking its tables in Python: for the two CJK faces (some
31,000 characters each) that is most of the time a document takes to start. What it extracts (the
character map, widths, metrics, table directory) depends only on the file, so it is kept in the
user's cache folder with ``marshal`` (plain values, never code), keyed by the file's size and
time and ReportLab's version. A missing, stale or unreadable cache entry is simply parsed again.
The font file itself is still read at every start: subsetting copies its glyphs.
"""

from __future__ import annotations

import marshal
import os
import threading
from fnmatch import fnmatch
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

import reportlab
from reportlab import rl_config
from reportlab.pdfbase import ttfonts
from reportlab.pdfbase.ttfonts import TTEncoding, TTFNameBytes, TTFont, TTFontFace

FORMAT = 1  # bump when what is stored changes
_NAMES = ("name", "familyName", "styleName", "fullName", "uniqueFontID")
_write_lock = threading.Lock()


APP_NAME = "MediationDesk"  # as mediation_app.config names the data folder (not imported: it reaches storage)


def cache_dir() -> Path | None:
    try:
        from platformdirs import user_cache_dir

        return Path(user_cache_dir(APP_NAME, appauthor=False)) / "fonts"
    except Exception:  # noqa: BLE001 (no cache folder: parse every time)
        return None


def _entry(path: Path) -> Path | None:
    base = cache_dir()
    if base is None:
        return None
    try:
        st = path.stat()
    except OSError:
        return None
    return base / f"{path.stem}-{st.st_size}-{st.st_mtime_ns}-rl{reportlab.Version}-{FORMAT}.marshal"


def _scale(units_per_em: int) -> Any:
    """``TTFontFile._pdfScale`` as ReportLab builds it (a closure, so it is rebuilt, not stored)."""
    if units_per_em == 1000:
        return lambda x: x
    mult = 1000 / units_per_em
    return lambda x: x * mult


def _state(face: TTFontFace) -> dict[str, Any]:
    state = {k: v for k, v in face.__dict__.items() if k not in ("_ttf_data", "_pdfScale")}
    for k in _NAMES:
        if isinstance(state.get(k), TTFNameBytes):
            state[k] = bytes(state[k])
    return state


def _face_from(state: dict[str, Any], data: bytes) -> TTFontFace:
    face = TTFontFace.__new__(TTFontFace)
    face.__dict__.update(state)
    for k in _NAMES:
        if isinstance(face.__dict__.get(k), bytes):
            face.__dict__[k] = TTFNameBytes(face.__dict__[k])
    face._pdfScale = _scale(face.unitsPerEm)
    face._ttf_data = data
    return face


def _load(entry: Path, path: Path) -> TTFontFace | None:
    try:
        state = marshal.loads(entry.read_bytes())
        if not isinstance(state, dict) or "charToGlyph" not in state or "unitsPerEm" not in state:
            return None
        return _face_from(state, path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError, KeyError):
        return None


def _store(entry: Path, face: TTFontFace) -> None:
    try:
        blob = marshal.dumps(_state(face))
        with _write_lock:
            entry.parent.mkdir(parents=True, exist_ok=True)
            tmp = entry.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_bytes(blob)
            os.replace(tmp, entry)
    except (OSError, ValueError):
        pass  # a read-only or full disk: parse again next time


def face(path: Path) -> TTFontFace:
    """The parsed face of the font file at ``path``, from the cache when it is there."""
    entry = _entry(path)
    if entry is not None and entry.exists():
        cached = _load(entry, path)
        if cached is not None:
            return cached
    parsed = TTFontFace(str(path))
    if entry is not None:
        _store(entry, parsed)
    return parsed


def ttfont(name: str, path: Path) -> TTFont:
    """``TTFont(name, path)`` with its face from :func:`face` (the rest as ``TTFont.__init__`` sets it)."""
    font = TTFont.__new__(TTFont)
    font.fontName = name
    font.face = face(path)
    font.encoding = TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    font.shapable = not any(fnmatch(name, g) for g in ttfonts.unShapedFontGlob)
    return font
