"""Computing warnings: every rule's candidates in set-based queries (over all cases, or over the
cases a change touched), the new ones inserted in one statement. A warning already raised for the
same evidence, reviewed or not, is never raised again."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Sequence
from functools import cache
from typing import Any

from mediation_app.domain.warnings import (
    FAMILY_TYPES,
    SUPPORT_SUBTYPES,
    SUPPORT_WORDS,
    WarningRule,
    WarningSettings,
    WordList,
    find_words,
    parse_words,
)
from mediation_app.storage import queries_warnings as qw

WORDS_KEY = "words"
SETTING_KEYS = ("repeat_months", "recurring_months", "rise_weeks", "no_route_days")


@cache
def shipped_words_text() -> str:
    """The word list shipped with the application (resources/warnings/words.txt)."""
    from mediation_app.paths import resources_dir

    return (resources_dir() / "warnings" / "words.txt").read_text(encoding="utf-8")


def load_config(s: Any) -> tuple[WarningSettings, WordList, bool]:
    """The settings in force, the word list, and whether that list is the shipped one."""
    stored = qw.settings(s)
    values: dict[str, int] = {}
    for key in SETTING_KEYS:
        try:
            values[key] = int(stored[key])
        except (KeyError, ValueError):
            pass
    text = stored.get(WORDS_KEY)
    words, _problems = parse_words(text if text is not None else shipped_words_text())
    return WarningSettings(**values), words, text is None


def _json(value: dict[str, Any]) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _word_candidates(s: Any, scope: Sequence[uuid.UUID] | None, words: WordList) -> list[qw.Candidate]:
    out: list[qw.Candidate] = []
    for source, record_id, case_id, committee_id, when, text in qw.text_sources(s, scope, words.searched):
        found = find_words(text or "", words)
        if not found:
            continue  # only an exclusion phrase (刀削面) held the word
        joined = "|".join(sorted(found))
        if len(joined) > 200:
            joined = hashlib.sha256(joined.encode()).hexdigest()
        on = when.date() if isinstance(when, dt.datetime) else when
        out.append((case_id, committee_id, WarningRule.WORDS.value, f"{source}:{record_id}:{joined}", on, {
            "source": source, "record": str(record_id), "words": list(found),
            "on": on.isoformat() if on else None}))
    return out


def candidates(s: Any, scope: Sequence[uuid.UUID] | None, now: dt.datetime, today: dt.date,
               config: WarningSettings, words: WordList) -> list[qw.Candidate]:
    rules = WarningRule
    found = qw.repeat_candidates(s, scope, rules.REPEAT_PARTIES.value, config.repeat_months)
    found += qw.repeat_candidates(s, scope, rules.FAMILY_RECURRING.value, config.recurring_months, FAMILY_TYPES)
    found += _word_candidates(s, scope, words)
    found += qw.overdue_support_candidates(s, scope, today, SUPPORT_SUBTYPES, SUPPORT_WORDS,
                                          rules.OVERDUE_SUPPORT.value)
    found += qw.risk_rose_candidates(s, scope, now - dt.timedelta(weeks=config.rise_weeks), rules.RISK_ROSE.value)
    found += qw.no_route_candidates(s, scope, today - dt.timedelta(days=config.no_route_days), rules.NO_ROUTE.value)
    return found


def raise_new(s: Any, scope: Sequence[uuid.UUID] | None, now: dt.datetime, today: dt.date) -> dict[str, int]:
    """Raise the warnings the records call for and that were never raised; the number per rule."""
    config, words, _shipped = load_config(s)
    by_rule: dict[str, int] = {}
    chunks = [None] if scope is None else [list(scope[i:i + qw.SCOPE_CHUNK])
                                          for i in range(0, len(scope), qw.SCOPE_CHUNK)]
    for chunk in chunks:
        found = candidates(s, chunk, now, today, config, words)
        if not found:
            continue
        known = qw.all_keys(s) if chunk is None else qw.existing_keys(s, chunk)
        rows: list[dict[str, Any]] = []
        for case_id, committee_id, rule, key, on, detail in found:
            if (case_id, rule, key) in known:
                continue
            known.add((case_id, rule, key))
            rows.append({"id": uuid.uuid4(), "case_id": case_id, "committee_id": committee_id, "rule": rule,
                         "evidence_key": key[:300], "evidence_on": on, "detail": _json(detail), "raised_at": now,
                         "police": False, "created_at": now, "updated_at": now})
            by_rule[rule] = by_rule.get(rule, 0) + 1
        qw.insert_warnings(s, rows)
    return by_rule
