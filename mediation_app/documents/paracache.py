"""Paragraph mark-up parsed once per text and style, not once per paragraph built.

ReportLab parses a paragraph's mark-up into style runs (fragments) with an HTML parser every time
a ``Paragraph`` is made. The documents make the same paragraphs again and again: every form
label, every original of an agreement, every layout pass of the case file. :func:`install` puts
a cache in front of the parser: a text already parsed in the same style gets copies of the
fragments the parser made for it (each paragraph may annotate its own fragments while it is laid
out, so none are shared). What the parser returns for a text and a style never changes, so the
paragraphs and the printed bytes are the same.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

_SIZE = 4096
_cache: OrderedDict[tuple[Any, ...], tuple[Any, ...]] = OrderedDict()
_lock = threading.Lock()
_installed = False


def _copies(frags: list[Any]) -> list[Any]:
    return [f.clone() for f in frags]


def _cached_setup(original: Any) -> Any:
    def _setup(self: Any, text: Any, style: Any, bulletText: Any, frags: Any, cleaner: Any) -> None:
        if frags is not None or not isinstance(text, str) or not (bulletText is None or isinstance(bulletText, str)):
            original(self, text, style, bulletText, frags, cleaner)
            return
        key = (text, id(style), self.caseSensitive, bulletText, cleaner)
        with _lock:
            hit = _cache.get(key)
            if hit is not None:
                _cache.move_to_end(key)
        if hit is not None and hit[0] is style:
            _style_in, clean_text, style_out, parsed, bullet = hit
            self.text = clean_text
            self.frags = _copies(parsed)
            self.style = style_out
            self.bulletText = bullet
            self.debug = 0
            return
        original(self, text, style, bulletText, frags, cleaner)
        if not (self.bulletText is None or isinstance(self.bulletText, str)):
            return  # bullet mark-up parsed into fragments: not worth the bookkeeping
        entry = (style, self.text, self.style, _copies(self.frags), self.bulletText)
        with _lock:
            _cache[key] = entry
            if len(_cache) > _SIZE:
                _cache.popitem(last=False)

    return _setup


def install() -> None:
    """Put the cache in front of ReportLab's paragraph parser (once per process)."""
    global _installed
    if _installed:
        return
    with _lock:
        if _installed:
            return
        from reportlab.platypus.paragraph import Paragraph

        Paragraph._setup = _cached_setup(Paragraph._setup)
        _installed = True
