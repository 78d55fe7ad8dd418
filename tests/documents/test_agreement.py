"""The written agreement: content, originals, verification, refusal when incomplete, Tibetan."""

from __future__ import annotations

import dataclasses

import pytest

from mediation_app.documents import AgreementIncompleteError, agreement_rules, fonts, render_document
from mediation_app.documents.tibetan import break_lines, syllables
from mediation_app.domain import fingerprint
from tests.documents.conftest import pdf_pages_text, pdf_text, squash


def test_agreement_content(market_agreement):
    text = squash(pdf_text(market_agreement.pdf))
    for snippet in (
        "人民调解协议书",
        "编号：客商人调协字〔2026〕第015号",
        "当事人（甲方）",
        "才让多杰",
        "藏族",
        "当事人（乙方）",
        "马建国",
        "回族",
        "当事人（丙方）",
        "城北顺达货运有限公司",
        "法定代表人：王海",
        "职务：总经理",
        "纠纷主要事实、争议事项",
        "经调解，自愿达成如下协议",
        "一、丙方城北顺达货运有限公司赔偿甲方",
        "四、各方对本协议内容保密",
        "履行协议的方式、地点、期限",
        "壹万贰仟元整",
        "¥12,000.00",
        "捌仟元整",
        "¥8,000.00",
        "人民币贰万元整（¥20,000.00）",
        "2026年11月25日前",
        "2026年12月20日前",
        "第一期",
        "第二期",
        "本协议一式四份",
        "甲方（签名盖章或按指印）",
        "丙方（单位盖章）",
        "法定代表人或委托代理人（签名）",
        "人民调解员（签名）",
        "记录人（签名）",
        "翻译人员（签名）",
        "（印章）",
        "2026年11月18日",
        "以中文文本为准",
    ):
        assert squash(snippet) in text, snippet


def test_one_original_per_party_plus_committee(market, market_agreement):
    assert agreement_rules.originals(market) == 4
    pages = pdf_pages_text(market_agreement.pdf)
    per_copy = len(pages) // 4
    assert per_copy * 4 == len(pages)
    for i, holder in enumerate(
        ["甲方才让多杰收执", "乙方马建国收执", "丙方城北顺达货运有限公司收执", "人民调解委员会存档"]
    ):
        copy = [squash(p) for p in pages[i * per_copy : (i + 1) * per_copy]]
        assert all(f"第{i + 1}份/共4份" in p and holder in p for p in copy)
        assert f"第{per_copy}页共{per_copy}页" in copy[-1]


def test_originals_override(market):
    data = dataclasses.replace(market, agreement=dataclasses.replace(market.agreement, originals=5))
    doc = render_document("agreement", data)
    text = squash(pdf_text(doc.pdf))
    assert "本协议一式五份" in text and "第5份/共5份" in text


def test_verification_line_on_every_page(market, market_agreement):
    code = agreement_rules.verification_code(market)
    printed = fingerprint.format_code(code)
    for page in pdf_pages_text(market_agreement.pdf):
        assert printed in page and "客商人调字〔2026〕第015号" in squash(page)
    assert fingerprint.codes_match(code, printed.lower())
    qr = fingerprint.qr_text(market.case.number, market.agreement.number, code)
    assert fingerprint.codes_match(code, qr)
    assert fingerprint.parse_presented(qr)[0] == market.case.number


def test_code_changes_with_content_not_with_signatures(market):
    code = agreement_rules.verification_code(market)
    unsigned = dataclasses.replace(
        market, agreement=dataclasses.replace(market.agreement, executions=(), seal_affixed=False)
    )
    assert agreement_rules.verification_code(unsigned) == code
    changed_terms = (*market.agreement.terms[:-1], "各方对本协议内容保密。")
    changed = dataclasses.replace(
        market, agreement=dataclasses.replace(market.agreement, terms=changed_terms)
    )
    assert agreement_rules.verification_code(changed) != code
    assert not fingerprint.codes_match(code, agreement_rules.verification_code(changed))


def test_final_agreement_refused_when_elements_missing(market):
    incomplete = dataclasses.replace(
        market,
        agreement=dataclasses.replace(market.agreement, terms=(), performance_method="", obligations=()),
    )
    with pytest.raises(AgreementIncompleteError) as err:
        render_document("agreement", incomplete)
    message = str(err.value)
    assert "term" in message and "method of performance" in message
    assert err.value.missing
    draft = render_document("agreement", incomplete, draft=True)
    text = squash(pdf_text(draft.pdf))
    assert "草稿" in text and "仅供协商" in text and "第2份" not in text


def test_caller_supplied_check_result_is_honoured(market):
    with pytest.raises(AgreementIncompleteError, match="The seal is not on the agreement"):
        render_document("agreement", market, missing=["The seal is not on the agreement"])


def test_tibetan_lines_break_between_syllables_only():
    fonts.register_fonts()
    text = "ཕྱོགས་གསུམ་གྱིས་རང་མོས་དང་འདྲ་མཉམ་གྱི་གཞི་ཐོག་ནས་གྲོས་མོལ་བྱས་ཏེ་གྲོས་མཐུན་འདི་བཟོས་པ་ཡིན།"
    lines = break_lines(text, 120, fonts.TIBETAN, 13)
    assert len(lines) > 1 and "".join(lines) == text
    assert all(line.endswith(("་", "།")) for line in lines[:-1])
    assert "".join(syllables(text)) == text


def test_tibetan_font_embedded(market_agreement):
    assert b"NotoSerifTibetan" in market_agreement.pdf
