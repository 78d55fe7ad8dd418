"""Long text flows across pages in every form: 20,000 characters (domain.validation.MAX_TEXT) in
every free-text field, nothing cut, every line broken by the Chinese rules."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from typing import Any

import pytest
from pypdf import PdfReader

from mediation_app.documents import render_case_file, render_document, samples
from mediation_app.documents.data import Refusal, Termination
from mediation_app.documents.forms.agreement import AgreementForm_
from mediation_app.documents.linebreak import CLOSING, OPENING
from mediation_app.documents.registry import RENDERERS
from mediation_app.domain.validation import MAX_TEXT

SENTENCE = (
    "申请人（甲方）称：“货物于2026年10月3日到达，损坏约三成。”被申请人认为，《运输合同》第五条约定"
    "「轻拿轻放」；双方对责任划分有争议！是否应当赔偿？各方同意、协商、确认。"
)
MARK = "各方同意、协商、确认。"
TEXT_FIELDS = {
    "facts", "issues", "responsibilities", "record", "summary", "findings", "reason", "text",
    "evidence_checked", "risk_warning", "agreement_summary", "failure_reason", "facts_and_reasons",
    "measures", "new_risk", "lawsuit", "remarks", "answer", "performance_method",
}  # fmt: skip
LIST_FIELDS = {"terms", "requests", "statements"}
ROUTES = ("向人民法院提起诉讼", "向有关行政机关申请处理")


def long_text(n: int) -> str:
    return SENTENCE * max(1, n // len(SENTENCE))


def inflate(obj: Any, n: int) -> Any:
    """Every free-text field of the case (also inside its records) replaced by ``n`` characters."""
    if not dataclasses.is_dataclass(obj) or isinstance(obj, type):
        return obj
    changes: dict[str, Any] = {}
    for f in dataclasses.fields(obj):
        v = getattr(obj, f.name)
        if f.name in TEXT_FIELDS and isinstance(v, str):
            changes[f.name] = long_text(n)
        elif f.name in LIST_FIELDS and isinstance(v, tuple) and v:
            if isinstance(v[0], tuple):
                changes[f.name] = tuple((who, long_text(n)) for who, _said in v)
            else:
                changes[f.name] = tuple(long_text(n // len(v)) for _ in v)
        elif isinstance(v, tuple) and v and dataclasses.is_dataclass(v[0]):
            changes[f.name] = tuple(inflate(x, n) for x in v)
        elif dataclasses.is_dataclass(v):
            changes[f.name] = inflate(v, n)
    return dataclasses.replace(obj, **changes)  # type: ignore[type-var]


def lines(pdf: bytes) -> list[str]:
    out: list[str] = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        out += ["".join(s.split()) for s in (page.extract_text() or "").splitlines() if s.strip()]
    return out


def broken(all_lines: list[str]) -> list[str]:
    return [s for s in all_lines if s[0] in CLOSING or s[-1] in OPENING]


@pytest.fixture(scope="module")
def long_market():  # type: ignore[no-untyped-def]
    return inflate(samples.market_case(), MAX_TEXT)


# the contents and back cover lay out the whole file: see the case-file test below
KINDS = [r for r in RENDERERS if r.kind not in ("contents", "back-cover")]


@pytest.mark.slow
@pytest.mark.parametrize("renderer", KINDS, ids=[r.kind for r in KINDS])
def test_every_form_flows_the_longest_text(long_market, renderer) -> None:  # type: ignore[no-untyped-def]
    data = long_market
    if renderer.kind == "refusal":
        data = dataclasses.replace(data, refusal=Refusal(dt.date(2026, 11, 16), long_text(MAX_TEXT), ROUTES))
    if renderer.kind == "termination":
        data = dataclasses.replace(data, termination=Termination(dt.date(2026, 11, 20), long_text(MAX_TEXT), ROUTES))
    if renderer.kind == "agreement":
        doc = AgreementForm_(data, copies=1).render()  # every original is laid out alike
    else:
        doc = render_document(renderer.kind, data, item=1 if renderer.per_item else None)
    printed = lines(doc.pdf)
    assert not broken(printed), broken(printed)[:3]
    # no page of blank table or blank space left behind by a long cell (the last page may be short)
    per_page = [len("".join((p.extract_text() or "").split())) for p in PdfReader(io.BytesIO(doc.pdf)).pages]
    assert not [n for n in per_page[:-1] if n < 400], per_page
    if renderer.kind != "notice":  # the rights notice prints no free text
        assert doc.pages > 1
        # at least one whole field is printed, nothing cut off (a sentence cut by a page break is
        # interrupted by the page's footer and running head in the extracted text)
        assert "".join(printed).count(MARK) >= MAX_TEXT // len(SENTENCE) - doc.pages, renderer.kind


@pytest.mark.slow
def test_case_file_with_longest_facts() -> None:
    market = samples.market_case()
    a = market.agreement
    assert a is not None
    facts = long_text(MAX_TEXT)
    data = dataclasses.replace(
        market, case=dataclasses.replace(market.case, facts=facts), agreement=dataclasses.replace(a, facts=facts)
    )
    doc = render_case_file(data)
    printed = lines(doc.pdf)
    assert not broken(printed), broken(printed)[:3]
    # the register, the application, the agreement (committee copy) and the confirmation print them
    assert "".join(printed).count(MARK) >= 3 * (MAX_TEXT // len(SENTENCE)) - doc.pages
