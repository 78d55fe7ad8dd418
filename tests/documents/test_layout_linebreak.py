"""Chinese line breaking: no line starts with closing punctuation or ends with an opening bracket,
in both of ReportLab's wrapping paths (one style run, several runs), at any width."""

from __future__ import annotations

import pytest
from reportlab.platypus import Paragraph

from mediation_app.documents.base import styles
from mediation_app.documents.linebreak import CLOSING, OPENING, choose_break

TEXT = (
    "申请人（甲方）称：“货物于2026年10月3日到达，损坏约三成。”被申请人认为，《运输合同》第五条约定「轻拿轻放」；"
    "双方对责任划分有争议！是否应当赔偿？各方同意、协商、确认。联系电话：13900000001，金额¥24,000.00。"
) * 6


def _lines(p: Paragraph) -> list[str]:
    out = []
    for line in p.blPara.lines:
        if isinstance(line, tuple):  # one style run: (extra space, [text])
            out.append("".join(line[1]))
        else:  # several runs: a FragLine of words
            out.append("".join(w.text for w in line.words))
    return [s.strip() for s in out if s.strip()]


def _bad(lines: list[str]) -> list[str]:
    return [s for s in lines if s[0] in CLOSING or s[-1] in OPENING]


@pytest.mark.parametrize("markup", ["plain", "runs"])
@pytest.mark.parametrize("width", [60 + 17 * k for k in range(16)])
def test_no_line_starts_with_closing_or_ends_with_opening(markup: str, width: int) -> None:
    text = TEXT if markup == "plain" else TEXT.replace("被申请人", "<b>被申请人</b>")
    p = Paragraph(text, styles()["cell"])
    p.wrap(width, 10_000)
    lines = _lines(p)
    assert "".join(lines).replace(" ", "") == TEXT.replace(" ", "")  # nothing lost or duplicated
    assert not _bad(lines), _bad(lines)[:3]


def test_numbers_are_not_cut_when_there_is_room_to_move() -> None:
    p = Paragraph("联系方式：" + "一二三四五六七八九十" + "13900000001" * 1, styles()["cell"])
    p.wrap(150, 10_000)
    lines = _lines(p)
    assert any("13900000001" in s for s in lines), lines


def test_break_moves_back_over_punctuation() -> None:
    chars = list("甲乙丙丁，戊")
    assert choose_break(chars, 0, 4) == 3  # "甲乙丙" / "丁，戊": the comma never starts a line
    chars = list("甲乙丙（丁戊")
    assert choose_break(chars, 0, 4) == 3  # "（" never ends a line
