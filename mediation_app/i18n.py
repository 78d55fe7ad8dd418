"""gettext glue usable from every layer (no Qt here; ui/ installs Qt's own catalogues).

Catalogues are ``i18n/<lang>/LC_MESSAGES/messages.po``. A compiled ``.mo`` beside the ``.po`` is
used when present (wheels ship them); in a checkout the ``.po`` is compiled in memory on first use.
"""

from __future__ import annotations

import gettext
import io
import threading
from collections.abc import Callable

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
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as fh:
            return gettext.GNUTranslations(fh)
    if po.exists():
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        with po.open("rb") as fh:
            catalog = read_po(fh, locale=lang)
        buf = io.BytesIO()
        write_mo(buf, catalog)
        buf.seek(0)
        return gettext.GNUTranslations(buf)
    return gettext.NullTranslations()


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


def pgettext_in(lang: str, context: str, message: str) -> str:
    """``pgettext`` in a given language, whatever the interface language is (printed documents)."""
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language: {lang}")
    with _lock:
        translations = _by_language.get(lang)
        if translations is None:
            translations = _by_language[lang] = _load(lang)
    return translations.pgettext(context, message)


def N_(message: str) -> str:
    """Mark a string for extraction without translating it now (translate at display time)."""
    return message
