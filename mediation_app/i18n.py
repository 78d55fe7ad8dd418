"""gettext glue usable from every layer (no Qt here; ui/ installs Qt's own catalogues).

Catalogues are ``i18n/<lang>/LC_MESSAGES/messages.po``. A compiled ``.mo`` beside the ``.po`` is
used when it is at least as new (wheels ship them, an editable install compiles them); otherwise the
``.po`` is compiled once and the ``.mo`` written beside it for the next start (in memory only where
that folder cannot be written).
"""

from __future__ import annotations

import gettext
import io
import os
import threading
from collections.abc import Callable
from pathlib import Path

from mediation_app.paths import i18n_dir

LANGUAGES = ("zh_CN", "zh_TW", "en")
DEFAULT_LANGUAGE = "zh_CN"
DOMAIN = "messages"

_lock = threading.Lock()
_current: gettext.NullTranslations = gettext.NullTranslations()
_current_lang = "en"
_listeners: list[Callable[[str], None]] = []


def _load(lang: str) -> gettext.NullTranslations:
    base = i18n_dir() / lang / "LC_MESSAGES"
    mo, po = base / f"{DOMAIN}.mo", base / f"{DOMAIN}.po"
    try:
        mo_time = mo.stat().st_mtime_ns
    except OSError:
        mo_time = None
    try:
        po_time = po.stat().st_mtime_ns
    except OSError:
        po_time = None
    if mo_time is not None and (po_time is None or mo_time >= po_time):
        with mo.open("rb") as fh:
            return gettext.GNUTranslations(fh)
    if po_time is not None:
        data = compile_catalogue(po, lang)
        _keep(mo, data)
        return gettext.GNUTranslations(io.BytesIO(data))
    return gettext.NullTranslations()


def compile_catalogue(po: Path, lang: str | None = None) -> bytes:
    """The ``.mo`` bytes of a ``.po`` catalogue (Babel; used at build time and as a fallback)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    buf = io.BytesIO()
    write_mo(buf, catalog)
    return buf.getvalue()


def _keep(mo: Path, data: bytes) -> None:
    """Write a compiled catalogue beside its source for the next start; quietly skipped when the
    folder is read-only (an installed copy ships its ``.mo`` anyway)."""
    tmp = mo.with_name(f".{mo.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, mo)
    except OSError:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass


def set_language(lang: str) -> None:
    """Switch the process-wide catalogue; listeners (the UI) are told so they can retranslate."""
    global _current, _current_lang
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language: {lang}")
    with _lock:
        _current = _load(lang)
        _current_lang = lang
    for listener in _listeners:
        listener(lang)


def current_language() -> str:
    return _current_lang


def on_language_changed(listener: Callable[[str], None]) -> None:
    _listeners.append(listener)


def _(message: str) -> str:
    return _current.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _current.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return _current.pgettext(context, message)


_by_language: dict[str, gettext.NullTranslations] = {}


def _in(lang: str) -> gettext.NullTranslations:
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language: {lang}")
    with _lock:
        translations = _by_language.get(lang)
        if translations is None:
            translations = _by_language[lang] = _load(lang)
    return translations


def pgettext_in(lang: str, context: str, message: str) -> str:
    """``pgettext`` in a given language, whatever the interface language is (printed documents)."""
    return _in(lang).pgettext(context, message)


def gettext_in(lang: str, message: str) -> str:
    """``gettext`` in a given language (a name stored as its message id, read in every language)."""
    return _in(lang).gettext(message)


def N_(message: str) -> str:
    """Mark a string for extraction without translating it now (translate at display time)."""
    return message
