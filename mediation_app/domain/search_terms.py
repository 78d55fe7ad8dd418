"""Search terms of a case and of a user's query, for the token index (storage/search.py).

Every term is found within one field or one name, never across two: a field's text gives its
single characters (short fields only) and the pairs of adjacent CJK characters ("bigrams"); a run
of letters or digits is one term; a name gives its pinyin keys and their prefixes; a phone its
full digits, local number and last 4 and 6 digits. Two names or two fields are indexed apart, so
"福海" never finds "叶福" followed by "海德杰".

A query term of one or two characters is one index term; a longer one is found through its
rarest bigram and checked against the stored text of each field (``needs_check``).
"""

from __future__ import annotations

import base64
import unicodedata
import zlib
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

from mediation_app.domain.pinyin import name_search_keys, pinyin_query, query_is_pinyin
from mediation_app.domain.search_text import is_single_token_char, phone_tokens, typed_tokens, unigram_tokens
from mediation_app.i18n import ngettext, pgettext

PINYIN_PREFIX_MAX = 12  # a typed pinyin key longer than this is matched through its first 12 letters
TERM_MAX = 40


def _is_cjk(token: str) -> bool:
    return len(token) == 1 and is_single_token_char(token)


def text_terms(text: str, *, singles: bool = True) -> set[str]:
    """Terms of one field: its runs, its bigrams and (for short fields) its single characters."""
    out: set[str] = set()
    previous = ""
    for tok, cjk in typed_tokens(text):
        if not cjk:
            out.add(tok[:TERM_MAX])
            previous = ""
            continue
        if singles:
            out.add(tok)
        if previous:
            out.add(previous + tok)
        previous = tok
    return out


def pinyin_terms(name_keys: str) -> set[str]:
    """Every prefix of every pinyin key of a name ("zw" -> z, zw), so a typed prefix is one term."""
    out: set[str] = set()
    for key in name_keys.split():
        for n in range(1, min(len(key), PINYIN_PREFIX_MAX) + 1):
            out.add(key[:n])
    return out


def phone_terms(phone: str | None) -> set[str]:
    return set(phone_tokens(phone or "").split())


def record_terms(case: Any, parties: Iterable[Any]) -> set[str]:
    """Every search term of a case's own fields and of its parties' names, phones and keys, each apart
    (storage/search.py adds the runs of three characters a tuned index keeps). ``case`` and each party
    are anything with the fields' names as attributes: rows read back, or a hand-over's records."""
    terms = text_terms(case.number or "", singles=False)
    terms |= text_terms(case.title or "")
    terms |= text_terms(case.facts or "", singles=False)
    terms |= text_terms(case.requests or "", singles=False)
    terms |= text_terms(case.place or "")
    terms |= text_terms(case.referrer_name or "")
    for p in parties:
        terms |= text_terms(p.name or "")
        terms |= text_terms(p.stall_number or "")
        terms |= text_terms(p.legal_rep_name or "")
        terms |= pinyin_terms(p.name_keys or name_search_keys(p.name or ""))
        terms |= phone_terms(p.phone)
        if p.id_number and len(p.id_number) >= 4:
            terms.add(p.id_number[-4:].lower())
    terms.discard("")
    return terms


PACKED = "\x01"  # case_search.terms: this mark, then the space-separated terms deflated and in base 85
_PACKED64 = PACKED + "\x02"  # the same in base 64 (encoded in C: a tenth of the time of base 85, 6 % longer)


def pack_terms(terms: Iterable[str]) -> str:
    """A case's terms as case_search keeps them: about 60 % of their plain text (their sorted order
    deflates well)."""
    return _PACKED64 + base64.b64encode(zlib.compress(" ".join(sorted(terms)).encode(), 9)).decode("ascii")


def unpack_terms(stored: str) -> list[str]:
    """The terms of a case_search row, packed (base 64 or, written before, base 85) or plain."""
    if stored.startswith(_PACKED64):
        return zlib.decompress(base64.b64decode(stored[2:])).decode().split()
    if stored.startswith(PACKED):
        return zlib.decompress(base64.b85decode(stored[1:])).decode().split()
    return stored.split()



@dataclass(frozen=True)
class QueryTerm:
    """One whitespace-separated part of a query: the index terms that must all be present, and
    the text to look for within one field when the index terms alone could span two fields."""

    keys: tuple[str, ...]
    text: str
    needs_check: bool
    pinyin: bool = False


def query_terms(query: str) -> list[QueryTerm] | None:
    """The parts of a query, or None when nothing searchable is left (punctuation only)."""
    parts: list[QueryTerm] = []
    for raw in (query or "").split():
        if query_is_pinyin(raw):
            key = pinyin_query(raw)
            parts.append(QueryTerm(keys=(key[:PINYIN_PREFIX_MAX],), text=key, needs_check=False, pinyin=True))
            continue
        tokens = unigram_tokens(raw)
        if not tokens:
            continue
        keys: list[str] = []
        for i, tok in enumerate(tokens):
            if not _is_cjk(tok):
                keys.append(tok[:TERM_MAX])
            elif i and _is_cjk(tokens[i - 1]):
                keys.append(tokens[i - 1] + tok)
            elif len(tokens) == 1 or not (i + 1 < len(tokens) and _is_cjk(tokens[i + 1])):
                keys.append(tok)  # a character with no CJK neighbour in the query is a term by itself
        keys = list(dict.fromkeys(keys))
        parts.append(QueryTerm(keys=tuple(keys), text=raw, needs_check=len(keys) > 1))
    return parts or None


MATCH_FIELDS = ("party", "phone", "id_tail", "number", "title", "facts", "requests", "place", "referrer", "stall",
                "legal_rep")


def still_indexing_note(n: int) -> str:
    """Said beside a search's results while imported cases wait for their search index (the client's
    count line and the command line's): they may be missing, and the results never hide it."""
    return ngettext("({n} imported case is still being indexed and may be missing from the results)",
                    "({n} imported cases are still being indexed and may be missing from the results)", n).format(n=n)


_FIELD_LABELS: dict[str, Callable[[], str]] = {
    "party": lambda: pgettext("search match", "Party"), "phone": lambda: pgettext("search match", "Phone"),
    "id_tail": lambda: pgettext("search match", "ID number"),
    "number": lambda: pgettext("search match", "Case number"), "title": lambda: pgettext("search match", "Title"),
    "facts": lambda: pgettext("search match", "Facts"), "requests": lambda: pgettext("search match", "Requests"),
    "place": lambda: pgettext("search match", "Place"), "referrer": lambda: pgettext("search match", "Referred by"),
    "stall": lambda: pgettext("search match", "Stall"),
    "legal_rep": lambda: pgettext("search match", "Legal representative"),
}


def field_label(code: str) -> str:
    """The word for a field a search matched in ("Party", "Facts" …), in the interface's language
    (only that one word translated: a page asks it for each of its rows)."""
    return _FIELD_LABELS[code]()


def _snippet(text: str, needle: str, width: int = 8) -> str:
    at = text.casefold().find(needle.casefold())
    if at < 0 or len(text) <= 2 * width + len(needle):
        return text
    start, end = max(0, at - width), min(len(text), at + len(needle) + width)
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


class MatchField(NamedTuple):
    """A field a search may have matched in: its code, its text, how to get its terms, what to show.
    (A named tuple: a page builds hundreds of them, and a frozen dataclass is several times slower
    to make.)"""

    code: str
    text: str
    terms: Callable[[], set[str]]
    shown: Callable[[], str] | None = None
    pinyin: str = ""  # a party name's pinyin keys
    singles: bool = True  # its single characters are terms (short fields)


class _Wanted:
    """The parts looked for in one field, with what can be known of them before any field is seen."""

    __slots__ = ("parts", "lone", "by_text", "pairs", "needle", "folded")

    def __init__(self, parts: list[QueryTerm]) -> None:
        self.parts = [(p, set(p.keys)) for p in parts]
        # A lone Chinese character is never a term of a long field (facts, requests: pairs only), so
        # its text need not be cut into terms to know (a page of a one-character query would
        # otherwise cut the facts of every case that matched in a later field).
        self.lone = any(not p.pinyin and len(p.keys) == 1 and _is_cjk(p.keys[0]) for p in parts)
        # The text alone proves each part is a term of the field when it is a Chinese character (of
        # a field whose characters are terms) or an adjacent pair found in it.
        self.by_text = all(not p.pinyin and not p.needs_check and all(_is_cjk(c) for c in p.keys[0]) for p in parts)
        self.pairs = all(len(p.keys[0]) == 2 for p in parts)
        self.needle = next((p.text for p in parts if not p.pinyin), "")
        self.folded = [p.text.casefold() if p.needs_check else "" for p in parts]

    def found_in(self, field: MatchField) -> bool:
        if self.lone and not field.singles:
            return False
        # A cheap test before the field's terms are computed: every key is in its text (or keys).
        haystack = unicodedata.normalize("NFKC", field.text).casefold()
        for part, _ in self.parts:
            within = f"{field.pinyin} {haystack}" if part.pinyin else haystack
            if not all(k in within for k in part.keys):
                return False
        if self.by_text and (self.pairs or field.singles):
            return True
        terms = field.terms()
        text = None
        for (part, keys), folded in zip(self.parts, self.folded, strict=True):
            if not keys <= terms:
                return False
            if part.needs_check:
                text = field.text.casefold() if text is None else text
                if folded not in text:
                    return False
        return True


@lru_cache(maxsize=16)
def _rounds(parts: tuple[QueryTerm, ...]) -> tuple[_Wanted, ...]:
    """Every part in one field, else where the first part is (for one part, one look is enough);
    kept for the next call, as a page asks the same for each of its rows."""
    if len(parts) == 1:
        return (_Wanted(list(parts)),)
    return _Wanted(list(parts)), _Wanted(list(parts[:1]))


def where_matched(query: str, fields: list[MatchField] | Callable[[], Iterable[MatchField]],
                  parts: list[QueryTerm] | None = None) -> tuple[str, str] | None:
    """The first field (code, shown text) in which every part of the query is found, or None;
    ``fields`` come in the order of MATCH_FIELDS, a party's pinyin keys counting as its name. They
    may be given as a function that yields them, so that the fields after the first match are never
    built; ``parts`` are the query's parts when the caller has them already (one query, many cases)."""
    if parts is None:
        parts = query_terms(query) or []
    if not parts:
        return None
    for wanted in _rounds(tuple(parts)):
        for f in (fields() if callable(fields) else fields):
            if wanted.found_in(f):
                if f.shown is not None:
                    return f.code, f.shown()
                needle = wanted.needle
                return f.code, _snippet(f.text, needle) if needle and f.code in ("facts", "requests", "title") else f.text
    return None


def cjk_triples(text: str) -> set[str]:
    """Every run of three adjacent CJK characters of one field (or one query part)."""
    out: set[str] = set()
    run: list[str] = []
    for tok, cjk in typed_tokens(text):
        if not cjk:
            run = []
            continue
        run.append(tok)
        if len(run) >= 3:
            out.add("".join(run[-3:]))
    return out


def triple_terms(texts: Iterable[str], common: Collection[str], dense: Collection[str]) -> set[str]:
    """The three-character terms of these fields (each apart): a run of three characters is a term
    when both its pairs are common (``common``: each in many cases) and it is not itself common
    among the cases having them (``dense``). Such a run is the only case where looking a pair up
    and checking the text reads many cases for few matches; storing it costs under one index row a
    case, since a run rare among many cases is rare."""
    out: set[str] = set()
    if not common:
        return out
    for text in texts:
        for tri in cjk_triples(text):
            if tri[:2] in common and tri[1:] in common and tri not in dense:
                out.add(tri)
    return out


@dataclass(frozen=True)
class Tune:
    """What tuning learnt (storage/search_tune.py): the common pairs and the dense runs of three."""

    common: frozenset[str] = frozenset()
    dense: frozenset[str] = frozenset()

    def triples(self, texts: Iterable[str]) -> set[str]:
        return triple_terms(texts, self.common, self.dense)

    def indexed(self, triple: str) -> bool:
        """True when this run of three is an index term wherever it occurs."""
        return triple[:2] in self.common and triple[1:] in self.common and triple not in self.dense


UNTUNED = Tune()


def tune_wanted(texts: Iterable[str]) -> set[str]:
    """The terms of the table that decide the runs of three of these texts."""
    out: set[str] = set()
    for text in texts:
        for tri in cjk_triples(text):
            out.update((tri, tri[:2], tri[1:]))
    return out
