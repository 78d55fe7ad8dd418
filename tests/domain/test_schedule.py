"""Recurring obligations, schedules per obligor, translated terms; the checker's schedule rules."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from mediation_app.domain.agreement_check import AgreementDraft, PartyParticulars, check_agreement
from mediation_app.domain.enums import DisputeType, PartyKind, Sex
from mediation_app.domain.parallel_text import paragraph_number, split_text, untranslated_terms
from mediation_app.domain.schedule import Period, add_months, due_dates, group_by_obligor, last_due, occurrences
from mediation_app.domain.validation import MAX_TEXT, length_issue

D = dt.date


def test_month_end_is_clamped() -> None:
    assert add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert add_months(D(2028, 1, 31), 1) == D(2028, 2, 29)
    assert add_months(D(2026, 11, 30), 3) == D(2027, 2, 28)


def test_recurring_dates_and_counts() -> None:
    assert due_dates(D(2026, 12, 5), Period.MONTHLY, D(2027, 5, 5)) == [
        D(2026, 12, 5), D(2027, 1, 5), D(2027, 2, 5), D(2027, 3, 5), D(2027, 4, 5), D(2027, 5, 5)
    ]  # fmt: skip
    assert occurrences(D(2026, 12, 5), "quarterly", D(2027, 12, 4)) == 4
    assert occurrences(D(2026, 12, 5), "monthly", None) is None  # open-ended
    assert last_due(D(2026, 12, 5), "", None) == D(2026, 12, 5)
    assert last_due(D(2026, 12, 5), "yearly", D(2029, 1, 1)) == D(2028, 12, 5)


def test_groups_keep_first_appearance_order() -> None:
    groups = group_by_obligor(["b", "a", "b", "c", "a"], lambda k: k)
    assert [(g.obligor, g.items) for g in groups] == [("b", (0, 2)), ("a", (1, 4)), ("c", (3,))]


def test_translated_paragraph_numbers() -> None:
    assert paragraph_number("༡༢ ཕྱོགས") == 12 and paragraph_number("3. text") == 3
    assert paragraph_number("ཕྱོགས་གསུམ་") is None
    title, paras = split_text("མི་དམངས\n\n༡ ཀ\n༣ ག\n")
    assert title == "མི་དམངས" and untranslated_terms(3, paras) == [2]


def _draft(**kw: object) -> AgreementDraft:
    party = PartyParticulars(
        "p1", PartyKind.NATURAL, "甲", Sex.MALE, "汉族", 40, "农民", "13900000001", "某村", None, None
    )
    base = AgreementDraft(
        parties=(party, replace(party, key="p2", name="乙")),
        facts="事实",
        issues="争议",
        terms=("一", "二"),
        performance_method="现金",
        performance_place="某村",
        performance_deadline=D(2026, 12, 31),
        obligation_due_dates=(D(2026, 12, 1), D(2027, 1, 5)),
        originals_override=None,
        executed_party_keys=frozenset(),
        mediator_signed=False,
        seal_affixed=False,
        recorder_name="记录人",
        dispute_type=DisputeType.MARRIAGE_FAMILY,
        personal_status=False,
    )
    return replace(base, **kw)  # type: ignore[arg-type]


def _codes(draft: AgreementDraft) -> list[str]:
    return [i.code for i in check_agreement(draft).missing]


def test_deadline_before_the_schedule_is_missing_content() -> None:
    assert "agreement_deadline_before_schedule" in _codes(_draft())
    ok = _draft(obligation_due_dates=(D(2026, 12, 1),))
    assert "agreement_deadline_before_schedule" not in _codes(ok)
    recurring = _draft(
        obligation_due_dates=(D(2026, 12, 1),), obligation_periods=("monthly",), obligation_until=(D(2027, 6, 1),)
    )
    assert "agreement_deadline_before_schedule" in _codes(recurring)
    # an open-ended recurring obligation has no last date to compare
    open_ended = _draft(obligation_due_dates=(D(2026, 12, 1),), obligation_periods=("monthly",))
    assert "agreement_deadline_before_schedule" not in _codes(open_ended)


def test_translation_must_cover_every_term() -> None:
    assert "agreement_translation_incomplete" in _codes(_draft(translated_terms=frozenset({1})))
    assert "agreement_translation_incomplete" not in _codes(_draft(translated_terms=frozenset({1, 2})))
    assert "agreement_translation_incomplete" not in _codes(_draft())  # no translation


def test_length_limit_message_states_the_limit() -> None:
    assert length_issue("Facts", "x" * MAX_TEXT) is None
    issue = length_issue("Facts", "x" * (MAX_TEXT + 1))
    assert issue is not None and issue.severity == "error" and "20,000" in issue.message
