"""Every standard document renders, and its text carries the case's content."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

import pytest
from pypdf import PdfReader

from mediation_app.documents import (
    MissingDataError,
    kind_names,
    preflight,
    render_document,
)
from mediation_app.documents.data import ConfirmationApplication, Refusal, Termination
from mediation_app.domain.enums import AgreementForm
from tests.documents.conftest import pdf_pages_text, pdf_text, squash


def test_registry_lists_every_kind():
    assert kind_names() == [
        "application",
        "register",
        "notice",
        "investigation",
        "session",
        "agreement",
        "oral-agreement",
        "follow-up",
        "confirmation",
        "refusal",
        "termination",
        "cover",
        "contents",
        "note",
        "back-cover",
    ]


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (
            "application",
            [
                "人民调解申请书",
                "才让多杰",
                "马建国",
                "城北顺达货运有限公司",
                "现自愿申请",
                "申请人（签名盖章或按指印）",
            ],
        ),
        (
            "register",
            [
                "人民调解受理登记表",
                "客商人调字〔2026〕第015号",
                "■当事人申请",
                "生产经营纠纷",
                "登记人（签名）",
                "此表由人民调解委员会填写",
                "人民币贰万元整（¥20,000.00）",
            ],
        ),
        (
            "notice",
            [
                "人民调解当事人权利义务告知书",
                "不收取任何费用",
                "选择或者接受人民调解员",
                "如实陈述纠纷事实",
                "仲裁、行政、司法等途径",
                "2026年11月16日",
            ],
        ),
        (
            "investigation",
            ["人民调解调查记录", "问：", "答：", "冷机故障", "被调查人（签名或按指印）", "记录人（签名）"],
        ),
        (
            "session",
            [
                "人民调解记录",
                "卓玛（翻译人员",
                "赵平（参加人",
                "风险提示",
                "参加人（签名）",
                "翻译人员（签名）",
                "人民调解员（签名）",
                "记录人（签名）",
                "2026年11月18日14时00分至16时30分",
            ],
        ),
        (
            "follow-up",
            [
                "人民调解回访记录",
                "客商人调协字〔2026〕第015号",
                "已全部履行",
                "回访人（签名）",
                "2026年12月22日",
            ],
        ),
        (
            "confirmation",
            [
                "司法确认申请书",
                "（个人与单位）",
                "法定代表人：王海",
                "城北区人民法院",
                "三十日内",
                "此致",
                "人民调解委员会主持调解的证明",
            ],
        ),
        (
            "cover",
            ["人民调解卷宗", "客商人调字〔2026〕第015号", "韩志刚", "长期", "2026年11月16日至2026年12月22日"],
        ),
        ("note", ["卷宗情况说明", "卷内未附原件", "说明人（签名）"]),
    ],
)
def test_document_text(market, kind, expected):
    doc = render_document(kind, market)
    text = squash(pdf_text(doc.pdf))
    for snippet in expected:
        assert squash(snippet) in text, (kind, snippet)
    assert doc.kind == kind and doc.template_version and doc.pages >= 1
    assert len(doc.sha256) == 64


def test_page_footers_count_pages(market):
    doc = render_document("notice", market)
    pages = pdf_pages_text(doc.pdf)
    assert len(pages) == doc.pages == 2
    assert "第1页共2页" in squash(pages[0]) and "第2页共2页" in squash(pages[1])


def test_confirmation_individual_variant(family):
    data = dataclasses.replace(
        family, confirmation=ConfirmationApplication("城关区人民法院", applied_on=dt.date(2026, 10, 25))
    )
    text = squash(pdf_text(render_document("confirmation", data).pdf))
    assert "（个人与个人）" in text and "李秀英" in text and "张建军" in text and "城关区人民法院" in text


def test_refusal_and_termination_list_the_routes(family):
    routes = ("向城关区人民法院提起诉讼", "向城关镇人民政府申请处理")
    data = dataclasses.replace(
        family,
        refusal=Refusal(dt.date(2026, 10, 9), "该纠纷已由人民法院受理", routes),
        termination=Termination(
            dt.date(2026, 10, 30),
            "双方分歧较大，调解不成",
            routes,
            reported_to_police=True,
            reported_to="城关派出所",
            reported_on=dt.date(2026, 10, 30),
        ),
    )
    refusal = squash(pdf_text(render_document("refusal", data).pdf))
    assert "不予受理告知书" in refusal and "该纠纷已由人民法院受理" in refusal and "决定不予受理" in refusal
    termination = squash(pdf_text(render_document("termination", data).pdf))
    assert "终止调解告知书" in termination and "第二十六条" in termination and "城关派出所" in termination
    for route in routes:
        assert route in refusal and route in termination


def test_oral_agreement_register(family):
    data = dataclasses.replace(
        family,
        agreement=dataclasses.replace(
            family.agreement, form=AgreementForm.ORAL, registered_on=dt.date(2026, 10, 19)
        ),
    )
    text = squash(pdf_text(render_document("oral-agreement", data).pdf))
    for snippet in (
        "人民调解口头协议登记表",
        "城关人调协字〔2026〕第042号",
        "李秀英",
        "协议内容",
        "人民币叁仟元整（¥3,000.00）",
        "2026年10月31日",
        "自各方当事人达成协议之日起生效",
    ):
        assert snippet in text, snippet


def test_one_session_record_per_meeting(family):
    first = squash(pdf_text(render_document("session", family, item=1).pdf))
    second = squash(pdf_text(render_document("session", family, item=2).pdf))
    assert "赡养纠纷第一次调解" in first and "继续调解" in first
    assert "赡养纠纷第二次调解" in second and "当事人自愿达成协议" in second
    with pytest.raises(MissingDataError):
        render_document("session", family, item=3)


def test_user_text_is_escaped(market):
    data = dataclasses.replace(
        market, case=dataclasses.replace(market.case, facts="货款<b>&amp;运费 A&B <i>未付")
    )
    text = squash(pdf_text(render_document("application", data).pdf))
    assert "货款<b>&amp;运费A&B<i>未付" in text


def test_rare_character_warns_and_never_prints_blank(market):
    rare = dataclasses.replace(market.parties[1], name="𠮷建国")
    data = dataclasses.replace(market, parties=(market.parties[0], rare, market.parties[2]))
    warnings = preflight("application", data)
    assert any("U+20BB7" in w for w in warnings)
    doc = render_document("application", data)
    assert any("U+20BB7" in w for w in doc.warnings)
    assert "□建国" in squash(pdf_text(doc.pdf))


def test_fonts_embedded_and_no_helvetica(market_agreement, market_file):
    for pdf in (market_agreement.pdf, market_file.pdf):
        reader = PdfReader(io.BytesIO(pdf))
        names = set()
        for page in reader.pages:
            fonts = page["/Resources"].get("/Font", {})
            for ref in fonts.values():
                font = ref.get_object()
                names.add(str(font["/BaseFont"]))
                descriptor = font.get("/FontDescriptor")
                assert descriptor is not None, font["/BaseFont"]
                assert "/FontFile2" in descriptor.get_object(), font["/BaseFont"]
        assert names and not any("Helvetica" in n for n in names)
        assert any("NotoSerifSC-Regular" in n for n in names) and any("NotoSerifSC-Bold" in n for n in names)
    assert b"Helvetica" not in market_agreement.pdf
