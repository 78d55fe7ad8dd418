"""A character the document font lacks prints as the visible mark wherever the text is printed:
in the body, in a copy's header, in a running head, on the verification line, on a report."""

from __future__ import annotations

import dataclasses

from reportlab.platypus import PageBreak

from mediation_app.documents import fonts, render_document
from mediation_app.documents.base import Part, PartSpec, build_pdf, styles
from mediation_app.documents.para import Paragraph
from mediation_app.documents.stats_form import FormColumn, FormRow, StatsForm
from mediation_app.documents.stats_pdf import render_pdf
from tests.documents.conftest import pdf_pages_text, squash

RARE = "𠮷"  # U+20BB7, not in the document font


def test_the_font_lacks_the_character() -> None:
    assert fonts.missing_glyphs(RARE) == [RARE]


def test_a_copy_header_prints_the_mark_for_a_holder_name_the_font_lacks(market) -> None:
    rare = dataclasses.replace(market.parties[1], name=f"{RARE}建国")
    data = dataclasses.replace(market, parties=(market.parties[0], rare, market.parties[2]))
    doc = render_document("agreement", data)
    pages = [squash(p) for p in pdf_pages_text(doc.pdf)]
    second_copy = [p for p in pages if "第2份/共4份" in p]
    assert second_copy
    for page in second_copy:
        assert "第2份/共4份乙方□建国收执" in page
    assert any("U+20BB7" in w for w in doc.warnings)


def test_every_string_on_the_page_gets_the_mark() -> None:
    spec = PartSpec(
        key="doc",
        title="文书",
        header=f"第1份{RARE}甲",
        running_head=f"续页{RARE}乙",
        verification=f"核对码{RARE}丙",
    )
    story = [
        Paragraph(f"正文{RARE}丁", styles()["body"]),
        Paragraph(f"<b>加粗{RARE}戊</b>", styles()["body"]),
        PageBreak(),
        Paragraph("第二页", styles()["body"]),
    ]
    pdf, _keys = build_pdf([Part(spec, story)], title="文书")
    first, second = (squash(p) for p in pdf_pages_text(pdf))
    for text in ("第1份□甲", "核对码□丙", "正文□丁", "加粗□戊"):
        assert text in first, text
    assert "续页□乙" in second and "核对码□丙" in second


def test_a_statistics_report_prints_the_mark_in_the_unit_and_chart() -> None:
    column = FormColumn(section="调解情况", group="合计", heading="件数", subheading="", unit="件", code="total")
    form = StatsForm(
        title="人民调解工作统计表",
        reporting_unit=f"填报单位：{RARE}家村人民调解委员会",
        period="统计期间：2026年",
        version="纠纷类型：2026版",
        stamp="生成于2026年1月5日",
        item_label="项目",
        unit_label="单位",
        columns=(column,),
        rows=(FormRow(label=f"{RARE}家村人民调解委员会", values=(3,)),),
        footnotes=("说明",),
        chart_title=f"{RARE}家村纠纷类型",
        chart=(("婚姻家庭纠纷", 3),),
    )
    pages = [squash(p) for p in pdf_pages_text(render_pdf(form))]
    assert "填报单位：□家村人民调解委员会" in pages[0]
    assert "□家村人民调解委员会" in pages[0].replace("填报单位：□家村人民调解委员会", "")
    assert "□家村纠纷类型" in pages[-1]
