"""The bound case file: order, contents page numbers, back cover, attachments, completeness."""

from __future__ import annotations

import dataclasses

from mediation_app.documents import check_completeness
from mediation_app.documents.base import styles
from mediation_app.documents.casefile import layout
from mediation_app.documents.forms.file_parts import CELL_PADDING, USUAL_REMARKS, contents_widths
from mediation_app.documents.para import Paragraph
from mediation_app.domain.enums import EvidenceKind
from tests.documents.conftest import pdf_pages_text, squash


def _check_toc(data, rendered):
    lay = layout(data)
    pages = [squash(p) for p in pdf_pages_text(rendered.pdf)]
    assert len(pages) == rendered.pages == len(lay.page_keys)
    front = sum(1 for k in lay.page_keys if k in ("cover", "contents"))
    toc = pages[1]
    for entry in lay.entries:
        assert squash(entry.title) in toc and entry.pages_text in toc
        page = pages[front + entry.first_page - 1]
        assert squash(entry.title) in page or squash("附件：" + entry.title) in page, entry.title
        assert page.startswith(str(entry.first_page)) or str(entry.first_page) in page
    numbered = len(pages) - front - 1
    assert f"本卷共{numbered}页" in pages[-1]
    return lay, pages


def test_market_file_order_and_toc(market, market_file):
    lay, pages = _check_toc(market, market_file)
    titles = [e.title for e in lay.entries]
    assert titles[:3] == ["人民调解申请书", "人民调解受理登记表", "人民调解当事人权利义务告知书"]
    order = [
        "人民调解调查记录",
        "装车交接单",
        "人民调解记录",
        "人民调解协议书",
        "第一期赔偿款银行转账回单",
        "人民调解回访记录",
        "司法确认申请书",
        "卷宗情况说明",
    ]
    assert [t for t in titles if t in order] == order
    assert "人民调解卷宗" in pages[0] and "卷内目录" in pages[1] and "卷内备考" in pages[-1]
    assert "附证物0件" in pages[-1]  # every scan is bound into the file: bound pages are not 证物
    agreement = next(e for e in lay.entries if e.title == "人民调解协议书")
    assert "人民调解委员会存档" in pages[2 + agreement.first_page - 1]  # the committee's original is filed
    receipt = next(e for e in lay.entries if e.title == "第一期赔偿款银行转账回单")
    assert receipt.last_page - receipt.first_page == 1  # both pages of the PDF attachment are in
    assert "银行转账回单（样例）第2页" in pages[2 + receipt.last_page - 1]


def test_family_file_toc(family, family_file):
    lay, _pages = _check_toc(family, family_file)
    assert sum(1 for e in lay.entries if e.title == "人民调解记录") == 2


def test_completeness_of_sample_files(market, family):
    assert check_completeness(market) == []
    # the family agreement says the mother issues a receipt (出具收条), none is filed, and nobody checked it
    assert {m.code for m in check_completeness(family)} == {"receipts", "checker"}


def test_completeness_lists_what_is_missing(market):
    bare = dataclasses.replace(
        market,
        consents=(),
        follow_ups=(),
        meetings=(),
        attachments=tuple(a for a in market.attachments if a.kind != EvidenceKind.IDENTITY),
        agreement=dataclasses.replace(
            market.agreement, executions=market.agreement.executions[:1], seal_affixed=False
        ),
        cover=None,
    )
    codes = {m.code for m in check_completeness(bare)}
    assert codes == {
        "rights_notice",
        "party_ids",
        "session_record",
        "agreement_signatures",
        "committee_seal",
        "follow_up",
        "cover",
    }
    no_agreement = dataclasses.replace(market, agreement=None)
    assert "agreement" in {m.code for m in check_completeness(no_agreement)}


def test_the_usual_remarks_stand_on_one_line_of_the_contents(market, market_file):
    """The 备注 column holds the committee's original, a draft and every attachment kind unbroken."""
    lines = pdf_pages_text(market_file.pdf)[1].splitlines()
    remarks = {e.remarks for e in layout(market).entries if e.remarks}
    assert "人民调解委员会存档" in remarks and "当事人身份证明" in remarks
    for remark in remarks:
        assert any(remark in line for line in lines), remark
    for remark in USUAL_REMARKS:  # also those this file has none of
        cell = Paragraph(remark, styles()["cell"])
        _w, height = cell.wrap(contents_widths()[3] - CELL_PADDING, 1000)
        assert height == styles()["cell"].leading, remark
