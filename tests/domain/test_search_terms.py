"""Search terms stay within one field or one name; queries become the terms that must be present."""

from __future__ import annotations

from mediation_app.domain.search_terms import MatchField, pinyin_terms, query_terms, text_terms, where_matched


def test_a_field_gives_its_characters_pairs_and_runs() -> None:
    assert text_terms("马福海 B-117") == {"马", "福", "海", "马福", "福海", "b", "117"}
    assert text_terms("购进苹果", singles=False) == {"购进", "进苹", "苹果"}  # long texts: pairs only


def test_two_names_indexed_apart_share_no_pair() -> None:
    terms = text_terms("叶福") | text_terms("海德杰")
    assert "福海" not in terms and {"福", "海"} <= terms


def test_pinyin_keys_give_their_prefixes() -> None:
    assert pinyin_terms("mafuhai mfh") >= {"m", "ma", "maf", "mafuhai", "mf", "mfh"}


def test_queries_become_index_terms() -> None:
    one, = query_terms("福") or []
    assert one.keys == ("福",) and not one.needs_check
    two, = query_terms("福海") or []
    assert two.keys == ("福海",) and not two.needs_check
    three, = query_terms("马福海") or []
    assert three.keys == ("马福", "福海") and three.needs_check  # checked within one field
    pinyin, = query_terms("MFH") or []
    assert pinyin.pinyin and pinyin.keys == ("mfh",)
    assert query_terms("，。") is None


def test_where_matched_names_the_field() -> None:
    fields = [
        MatchField(code="party", text="叶福", terms=lambda: text_terms("叶福")),
        MatchField(code="party", text="海德杰", terms=lambda: text_terms("海德杰")),
        MatchField(code="facts", text="福海路口的摊位", singles=False, terms=lambda: text_terms("福海路口的摊位", singles=False)),
    ]
    assert where_matched("福海", fields) == ("facts", "福海路口的摊位")
    assert where_matched("海德", fields) == ("party", "海德杰")
    assert where_matched("路口摊", fields) is None


def test_a_lone_character_is_not_looked_for_in_the_terms_of_a_long_text() -> None:
    cut: list[str] = []

    def terms_of(text: str, singles: bool = True) -> set[str]:
        cut.append(text)
        return text_terms(text, singles=singles)

    fields = [
        MatchField(code="facts", text="摊位费纠纷", singles=False, terms=lambda: terms_of("摊位费纠纷", singles=False)),
        MatchField(code="place", text="三号摊位", terms=lambda: terms_of("三号摊位")),
    ]
    assert where_matched("摊", fields) == ("place", "三号摊位")  # a long text holds pairs only
    assert "摊位费纠纷" not in cut
    assert where_matched("摊位", fields) == ("facts", "摊位费纠纷")
