"""The early-warning word list: its text, the words found, and exclusion phrases."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from mediation_app.domain.warnings import WordKind, find_words, parse_words


def test_headings_words_notes_and_problems() -> None:
    words, problems = parse_words("# note\n孤词\n[威胁]\n砍死\n砍死\n[凶器]\n刀\n[排除]\n刀削面\n[别的]\n")
    assert problems.keys() == {2, 10}
    assert words.words[WordKind.THREAT] == ("砍死",) and words.exclusions == ("刀削面",)
    assert words.kind_of("刀") is WordKind.WEAPON and words.kind_of("刀削面") is None
    again, none = parse_words(words.to_text())
    assert again == words and not none
    traditional, none = parse_words("[威脅]\n殺了你\n[自傷]\n跳樓\n")
    assert not none and traditional.kind_of("跳樓") is WordKind.SELF_HARM


def test_exclusions_are_taken_out_before_words_are_looked_for() -> None:
    words, _ = parse_words("[威胁]\n砍死\n砍\n[凶器]\n刀\n[排除]\n刀削面\n")
    assert find_words("中午吃刀削面时吵了几句", words) == ()
    assert find_words("吃完刀削面他拿起刀说要砍死你", words) == ("砍死", "刀")  # 砍 inside 砍死 counts once
    assert find_words("", words) == ()


@given(st.text(alphabet="刀削面吃饭砍", max_size=30))
def test_a_text_made_only_of_exclusions_and_harmless_words_never_warns(text: str) -> None:
    words, _ = parse_words("[凶器]\n刀\n[排除]\n刀削面\n")
    found = find_words(text, words)
    assert found == (("刀",) if "刀" in text.replace("刀削面", "") else ())
