"""The agreement and the acceptance register laid out as the MoJ forms (domain §2.5)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

import pytest
from pypdf import PdfReader

from mediation_app.documents import AgreementIncompleteError, agreement_rules, render_document, samples
from mediation_app.documents.data import Obligation, TibetanText
from tests.documents.conftest import pdf_pages_text, squash

HEADINGS = ("纠纷主要事实、争议事项：", "经调解，自愿达成如下协议：", "履行协议的方式、地点、期限：")


def _lines(pdf: bytes, page: int) -> list[str]:
    text = PdfReader(io.BytesIO(pdf)).pages[page].extract_text() or ""
    return ["".join(s.split()) for s in text.splitlines() if s.strip()]


def _originals(doc, n: int) -> list[list[str]]:  # type: ignore[no-untyped-def]
    pages = [squash(p) for p in pdf_pages_text(doc.pdf)]
    per = len(pages) // n
    return [pages[i * per : (i + 1) * per] for i in range(n)]


@pytest.fixture(scope="module")
def family_agreement():  # type: ignore[no-untyped-def]
    return render_document("agreement", samples.family_case())


@pytest.fixture(scope="module")
def market_agreement():  # type: ignore[no-untyped-def]
    return render_document("agreement", samples.market_case())


def test_three_lines_a_natural_person(family_agreement) -> None:  # type: ignore[no-untyped-def]
    lines = _lines(family_agreement.pdf, 0)
    starts = [i for i, s in enumerate(lines) if s.startswith("当事人（")]
    assert len(starts) == 3
    heading = next(i for i, s in enumerate(lines) if s.startswith("纠纷主要事实"))
    for a, b in zip(starts, [*starts[1:], heading], strict=True):
        assert b - a - 1 == 3, lines[a:b]  # the label "当事人（甲方）" is a line of its own cell
    assert "姓名：李秀英" in lines[starts[0] + 1] and "性别：女" in lines[starts[0] + 1]


def test_three_party_agreement_fits_three_pages_and_signs_with_text(market_agreement) -> None:  # type: ignore[no-untyped-def]
    originals = _originals(market_agreement, 4)
    for pages in originals:
        assert len(pages) <= 3
        signing = [p for p in pages if "人民调解员（签名）" in p]
        assert len(signing) == 1
        page = signing[0]
        # the sentence that the Chinese text governs stands on the page of the signatures
        assert "以中文文本为准" in page.split("人民调解员（签名）")[0]
        for later in pages[1:]:
            assert "人民调解协议书（续页）" in later and "客商人调协字〔2026〕第015号" in later


def test_tibetan_text_complete_and_before_the_signatures(market_agreement) -> None:  # type: ignore[no-untyped-def]
    text = "".join(_originals(market_agreement, 4)[0])
    assert text.index("藏文译本（以中文文本为准）") < text.index("译者：卓玛") < text.index("人民调解员（签名）")
    for digit in "༡༢༣༤":
        assert digit in text


def test_incomplete_tibetan_text_is_refused() -> None:
    market = samples.market_case()
    a = market.agreement
    assert a is not None and a.tibetan is not None
    partial = TibetanText(a.tibetan.title, a.tibetan.paragraphs[:2])
    data = dataclasses.replace(market, agreement=dataclasses.replace(a, tibetan=partial))
    with pytest.raises(AgreementIncompleteError, match="Tibetan text does not translate terms 2, 3, 4"):
        render_document("agreement", data)


def test_schedule_per_obligor_with_recurring_rows(family_agreement) -> None:  # type: ignore[no-untyped-def]
    text = "".join(_originals(family_agreement, 4)[0])
    assert "（一）乙方张建华履行：" in text and "（二）丙方张建军履行：" in text
    assert text.count("小计") == 2 and "合计" not in text
    assert text.count("每期伍佰元整") == 2 and "未约定终止日期" in text
    # the text never claims everything is performed by one date while support runs on
    assert "履行期限：2026年10月31日前履行完毕" not in text
    assert "定期给付自2026年11月5日起按下列履行计划按期履行" in text


def test_recurring_obligation_with_an_end_counts_its_periods() -> None:
    family = samples.family_case()
    a = family.agreement
    assert a is not None
    ends = dt.date(2027, 10, 5)
    obligations = tuple(dataclasses.replace(o, until=ends) if o.period else o for o in a.obligations)
    data = dataclasses.replace(
        family, agreement=dataclasses.replace(a, obligations=obligations, performance_deadline=ends)
    )
    text = squash("".join(pdf_pages_text(render_document("agreement", data, draft=True).pdf)))
    assert "至2027年10月5日止" in text and "共12期" in text
    assert text.count("人民币玖仟元整（¥9,000.00）") == 2  # 3,000 + 12 × 500 per son
    assert "最后一期于2027年10月5日前履行" in text


def test_overall_deadline_must_agree_with_the_schedule() -> None:
    family = samples.family_case()
    a = family.agreement
    assert a is not None
    late = (*a.obligations, Obligation("f-son1", "f-mother", dt.date(2026, 12, 31), 10_000))
    data = dataclasses.replace(family, agreement=dataclasses.replace(a, obligations=late))
    missing = " ".join(agreement_rules.missing_elements(data))
    assert "2026-10-31" in missing and "2026-12-31" in missing
    with pytest.raises(AgreementIncompleteError):
        render_document("agreement", data)


@pytest.mark.parametrize("facts_length", range(0, 1500, 125))
def test_no_heading_ends_a_page(facts_length: int) -> None:
    family = samples.family_case()
    a = family.agreement
    assert a is not None
    facts = ("申请人称，两被申请人长期未支付赡养费。" * 100)[:facts_length] or "双方因赡养费发生争执。"
    data = dataclasses.replace(family, agreement=dataclasses.replace(a, facts=facts))
    doc = render_document("agreement", data)
    pages = _originals(doc, 4)[0]
    follows = {HEADINGS[0]: facts[:8], HEADINGS[1]: "一、自2026年11月起", HEADINGS[2]: "履行方式："}
    for heading, nxt in follows.items():
        page = next(p for p in pages if heading in p)
        assert nxt in page.split(heading, 1)[1], (heading, facts_length)


def test_register_for_three_parties_is_one_page() -> None:
    doc = render_document("register", samples.market_case())
    assert doc.pages == 1
    text = squash(pdf_pages_text(doc.pdf)[0])
    assert text.count("当事人（签名）") == 3 and "登记人（签名）" in text and "（印章）" in text
