"""Chinese line breaking (行首行尾禁则) for every paragraph the documents print.

ReportLab wraps CJK paragraphs in two places: ``textsplit.dumbSplit`` (a paragraph of one style
run, reached through ``wordSplit``) and ``paragraph.cjkFragSplit`` (several runs: bold, font
size, ``<br/>``). Each keeps its own copy of the Japanese "cannot start a line" table and neither
knows "cannot end a line", so Chinese commas and closing brackets started lines and opening
brackets ended them. :func:`install` replaces both with one breaker that applies the rules below
to every Paragraph, table cell and flowable built from paragraphs.

The rule: when a line is full, the break moves back (characters go down to the next line) while
the next line would start with closing punctuation, the line would end with an opening bracket,
or the break would cut a run of Latin letters or digits (a phone number, an amount). If that finds
no place within half a line, one closing mark is allowed to hang in the margin, as ReportLab did.
"""

from __future__ import annotations

import copy
import threading
from collections import OrderedDict
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

CANNOT_START = (
    "，。、；：？！”’》〉」』】〕〗）］｝％‰·…—～ー"  # Chinese full-width closing punctuation
    "!),.:;?]}%"  # and their ASCII forms
    "\u3005\u3041\u3043\u3045\u3047\u3049\u3063\u3083\u3085\u3087\u308e\u30a1\u30a3"
    "\u30a5\u30a7\u30a9\u30c3\u30e3\u30e5\u30e7\u30ee\u30fc\u30f5\u30f6\u2015\u2010\u00b0\u2032\u2033\u2103\uffe0"
)
CANNOT_END = "（「『《〈【〔〖［｛“‘([{¥￥$£#@§"
# For the tests: what a printed line must never start / end with.
CLOSING = "，。、；：？！”’》〉」』】〕〗）］｝"
OPENING = "（「『《〈【〔〖［｛“‘"

_FUZZ = 1e-6


@lru_cache(maxsize=256)
def _width_table(font_name: str, font_size: float) -> dict[str, float]:
    """The advance width of every character measured so far in one font and size (filled as text
    is measured: a character is measured once per process, whatever the paragraph)."""
    return {}


def _char_width(ch: str, font_name: str, font_size: float) -> float:
    table = _width_table(font_name, font_size)
    width = table.get(ch)
    if width is None:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        width = table[ch] = float(stringWidth(ch, font_name, font_size))
    return width


def char_widths(word: str, font_name: str, font_size: float) -> list[float]:
    """Replacement for ``textsplit.getCharWidths`` (cached: long texts are re-wrapped per page)."""
    table = _width_table(font_name, font_size)
    if all(ch in table for ch in word):
        return [table[ch] for ch in word]
    return [_char_width(ch, font_name, font_size) for ch in word]


def _word_char(ch: str) -> bool:
    """Letters and digits that belong together (ASCII words, numbers, amounts like 24,000.00)."""
    return ch.isascii() and (ch.isalnum() or ch in ".,-/:_@'")


def _forbidden(chars: Sequence[str], b: int) -> bool:
    """Whether breaking before index ``b`` breaks a rule."""
    nxt, prev = chars[b], chars[b - 1]
    if nxt in CANNOT_START or prev in CANNOT_END:
        return True
    return _word_char(nxt) and _word_char(prev) and not (nxt in ".,:" and prev in ".,:")


def choose_break(chars: Sequence[str], start: int, overflow: int) -> int:
    """Where a full line starting at ``start`` ends (exclusive), given the first index that does not fit.

    The result is always > ``start`` (progress) and never beyond ``overflow + 1``.
    """
    if overflow <= start:
        return start + 1
    b = overflow
    limit = start + max(1, (overflow - start) // 2)
    while b > limit and _forbidden(chars, b):
        b -= 1
    if b > limit or not _forbidden(chars, b):
        return b
    # No rule-abiding place in the back half of the line: hang one closing mark, or cut.
    if chars[overflow] in CANNOT_START and overflow + 1 <= len(chars):
        return overflow + 1
    return overflow


def dumb_split(word: str, widths: Sequence[float], max_widths: Any) -> list[list[Any]]:
    """Replacement for ``reportlab.lib.textsplit.dumbSplit``: [[extra space, line text], …]."""
    if not isinstance(max_widths, (list, tuple)):
        max_widths = [max_widths]
    lines: list[list[Any]] = []
    n = len(word)
    start = 0
    while start < n:
        max_width = max_widths[min(len(lines), len(max_widths) - 1)]
        used = 0.0
        i = start
        while i < n and (used + widths[i] <= max_width + _FUZZ or i == start):
            used += widths[i]
            i += 1
        if i >= n:
            lines.append([max_width - used, word[start:]])
            break
        end = choose_break(word, start, i)
        used = sum(widths[start:end])
        lines.append([max_width - used, word[start:end].strip()])
        start = end
    return lines


_recent: OrderedDict[tuple[Any, ...], tuple[Sequence[Any], Any]] = OrderedDict()
_RECENT = 32
_recent_lock = threading.Lock()


def _cjk_frag_split(frags: Sequence[Any], max_widths: Sequence[float], calc_bounds: Any, encoding: str = "utf8") -> Any:
    """Replacement for ``reportlab.platypus.paragraph.cjkFragSplit`` with the same output.

    Tables wrap a cell several times at the same width (to measure, then to split); the last
    results are remembered, keyed by the fragments' identity (kept alive with the entry).
    """
    key = (tuple(map(id, frags)), tuple(max_widths), bool(calc_bounds))
    with _recent_lock:  # documents are rendered off the GUI thread, sometimes two at once
        hit = _recent.get(key)
        if hit is not None:
            _recent.move_to_end(key)
            return copy.copy(hit[1])
    result = _split_frags(frags, max_widths, calc_bounds, encoding)
    with _recent_lock:
        _recent[key] = (list(frags), result)
        if len(_recent) > _RECENT:
            _recent.popitem(last=False)
    return copy.copy(result)


def _split_frags(frags: Sequence[Any], max_widths: Sequence[float], calc_bounds: Any, encoding: str) -> Any:
    from reportlab.platypus.paragraph import ParaLines

    chars: list[str] = []
    owner: list[Any] = []  # the fragment (style run) of each character
    widths: list[float] = []
    breaks: list[bool] = []  # <br/>
    for f in frags:
        text = f.text
        if isinstance(text, bytes):
            text = text.decode(encoding)
        cb: Any = getattr(f, "cbDefn", None)
        if cb is not None:
            w: Any = getattr(cb, "width", 0)
            if hasattr(w, "normalizedValue"):
                w._normalizer = max_widths[0]
                w = w.normalizedValue(max_widths[0])
        is_break = hasattr(f, "lineBreak")
        run = text or "\ufffc"
        chars.extend(run)
        owner.extend([f] * len(run))
        breaks.extend([is_break] * len(run))
        if cb is not None:
            widths.extend([float(w)] * len(run))
        elif text:
            widths.extend(char_widths(text, f.fontName, f.fontSize))
        else:
            widths.append(0.0)
    lines: list[Any] = []
    n = len(chars)
    start = 0
    while start < n:
        max_width = max_widths[min(len(lines), len(max_widths) - 1)]
        used = 0.0
        i = start
        line_break = overflow = False
        while i < n:
            w = widths[i]
            if breaks[i]:
                used += w
                i += 1
                line_break = True
                break
            if used + w > max_width + _FUZZ and i > start:
                overflow = True
                break
            used += w
            i += 1
        end = choose_break(chars, start, i) if overflow else i
        if overflow:
            used = sum(widths[start:end])
        if end >= n and not line_break:
            if used > 0:
                lines.append(_make_line(chars, owner, start, n, max_width, used, False, calc_bounds))
            break
        lines.append(_make_line(chars, owner, start, end, max_width, used, line_break, calc_bounds))
        start = end
    return ParaLines(kind=1, lines=lines)


def _bounds(f: Any, calc_bounds: Any) -> tuple[float, float]:
    from reportlab.pdfbase.pdfmetrics import getAscentDescent
    from reportlab.platypus.paragraph import imgNormV, imgVRange

    if calc_bounds:
        cb: Any = getattr(f, "cbDefn", None)
        if getattr(cb, "width", 0):
            descent, ascent = imgVRange(imgNormV(cb.height, f.fontSize), cb.valign, f.fontSize)
            return ascent, descent
    ascent, descent = getAscentDescent(f.fontName, f.fontSize)
    return ascent, descent


def _make_line(
    chars: list[str],
    owner: list[Any],
    start: int,
    end: int,
    max_width: float,
    used: float,
    line_break: bool,
    calc_bounds: Any,
) -> Any:
    """One line as ReportLab's ``makeCJKParaLine`` builds it: a FragLine of style runs.

    Runs are cut where the fragment changes (by identity), which is what ReportLab's
    attribute-by-attribute comparison finds, in a fraction of the time.
    """
    from reportlab.platypus.paragraph import FragLine

    words: list[Any] = []
    max_size = max_ascent = min_descent = 0.0
    k = start
    while k < end:
        f = owner[k]
        j = k + 1
        if not (hasattr(f, "cbDefn") or hasattr(f, "lineBreak")):
            while j < end and owner[j] is f:
                j += 1
        ascent, descent = _bounds(f, calc_bounds)
        max_size = max(max_size, f.fontSize)
        max_ascent = max(max_ascent, ascent)
        min_descent = min(min_descent, descent)
        w = f.clone()
        w.text = "".join(chars[k:j]).replace("\ufffc", "")
        words.append(w)
        k = j
    return FragLine(
        kind=1,
        extraSpace=max_width - used,
        wordCount=1,
        words=words,
        fontSize=max_size,
        ascent=max_ascent,
        descent=min_descent,
        maxWidth=max_width,
        currentWidth=used,
        lineBreak=line_break,
    )


_lock = threading.Lock()
_installed = False


def install() -> None:
    """Put the breaker in place of both ReportLab CJK wrapping routines (once per process)."""
    global _installed
    if _installed:
        return
    with _lock:
        if _installed:
            return
        from reportlab.lib import textsplit
        from reportlab.platypus import paragraph

        textsplit.dumbSplit = dumb_split
        textsplit.getCharWidths = char_widths
        paragraph.cjkFragSplit = _cjk_frag_split
        # Any other reader of the tables sees the same rules.
        textsplit.ALL_CANNOT_START = CANNOT_START
        textsplit.ALL_CANNOT_END = CANNOT_END
        paragraph.ALL_CANNOT_START = CANNOT_START
        _installed = True


def installed() -> bool:
    return _installed
