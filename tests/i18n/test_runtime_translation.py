"""What the code extracts is what the running app translates, on every supported Python.

Python 3.12 tokenises f-strings into parts (PEP 701), so Babel's extractor sees a ``_()`` call
written inside an f-string there and not on 3.11. Such calls would make the catalogues depend on
the Python version that last ran ``scripts/i18n_update.py``; they are not allowed.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from mediation_app.i18n import _, pgettext, set_language

ROOT = Path(__file__).resolve().parents[2]
CALLS = {"_", "N_", "gettext", "ngettext", "pgettext", "npgettext"}


def _translation_calls_in_fstrings() -> list[str]:
    found = []
    for path in sorted((ROOT / "mediation_app").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if not isinstance(node, ast.JoinedStr):
                continue
            for sub in ast.walk(node):
                if isinstance(sub, ast.Call) and isinstance(sub.func, ast.Name | ast.Attribute):
                    name = sub.func.id if isinstance(sub.func, ast.Name) else sub.func.attr
                    if name in CALLS:
                        found.append(f"{path.relative_to(ROOT)}:{sub.lineno} {ast.unparse(sub)}")
    return found


def test_no_translation_call_inside_an_fstring() -> None:
    found = _translation_calls_in_fstrings()
    assert not found, "translate outside the f-string (extraction differs by Python version): " + "; ".join(found)


def test_the_guard_sees_a_call_inside_an_fstring(tmp_path: Path) -> None:
    tree = ast.parse("x = f\"{_('Type')}: {y}\"")
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)]
    assert [ast.unparse(c) for c in calls] == ["_('Type')"]


@pytest.fixture
def zh_cn():
    set_language("zh_CN")
    yield
    set_language("zh_CN")


def test_context_bearing_messages_show_translated_at_run_time(zh_cn) -> None:
    with (ROOT / "i18n" / "zh_CN" / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        catalogue = read_po(fh, locale="zh_CN")
    with_context = [m for m in catalogue if m.id and m.context and isinstance(m.id, str)]
    assert len(with_context) >= 50
    wrong = [(m.context, m.id, pgettext(m.context, m.id)) for m in with_context if pgettext(m.context, m.id) != m.string]
    assert not wrong, wrong[:10]
    assert pgettext("ethnic group", "Hui") == "回族"
    assert pgettext("ethnic group", "Tibetan") == "藏族"


def test_labels_once_written_inside_fstrings_show_translated(zh_cn) -> None:
    # These three were extracted without their context on 3.12+ only, and showed in English.
    assert _("Type") == "纠纷类型"
    assert _("Agreement") == "调解协议"
    assert _("Underlined letter of a button or field") == "按钮或输入框中带下划线的字母"
    set_language("zh_TW")
    assert _("Agreement") == "調解協議"
