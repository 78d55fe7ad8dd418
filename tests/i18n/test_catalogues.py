"""The catalogues are complete, not fuzzy, and consistent with the code and with their msgids."""

from __future__ import annotations

import importlib.util
import re
import string
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
LANGS = ("zh_CN", "zh_TW", "en")


def _load_script():
    spec = importlib.util.spec_from_file_location("i18n_update", ROOT / "scripts" / "i18n_update.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _catalog(lang):
    with (ROOT / "i18n" / lang / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        return read_po(fh, locale=lang)


_PERCENT = re.compile(r"%(?:\((\w+)\))?[-#0 +]*\d*(?:\.\d+)?[sdifrxXeEgGc%]")


def placeholders(text: str) -> frozenset[str]:
    """Named/positional ``{}`` fields and ``%`` conversions of a message."""
    found: set[str] = set()
    try:
        for _lit, field, _spec, _conv in string.Formatter().parse(text):
            if field is not None:
                found.add("{" + field + "}")
    except ValueError:
        found.add("<unbalanced braces>")
    for m in _PERCENT.finditer(text):
        if m.group(0) != "%%":
            found.add("%(" + (m.group(1) or "") + ")" + m.group(0)[-1])
    return frozenset(found)


def _strings(value) -> list[str]:
    return list(value) if isinstance(value, tuple | list) else [value]


@pytest.fixture(scope="module")
def catalogues():
    return {lang: _catalog(lang) for lang in LANGS}


@pytest.mark.parametrize("lang", LANGS)
def test_every_entry_translated_and_not_fuzzy(catalogues, lang):
    bad = []
    for m in catalogues[lang]:
        if not m.id:
            continue
        if m.fuzzy:
            bad.append(("fuzzy", m.id))
        elif not all(_strings(m.string)):
            bad.append(("untranslated", m.id))
    assert not bad, f"{lang}: {len(bad)} entries need work, first: {bad[:10]}"


@pytest.mark.parametrize("lang", LANGS)
def test_placeholders_match(catalogues, lang):
    bad = []
    for m in catalogues[lang]:
        if not m.id:
            continue
        ids = _strings(m.id)
        want = placeholders(ids[-1]) | placeholders(ids[0])
        for s in _strings(m.string):
            if s and placeholders(s) != want and placeholders(s) != placeholders(ids[0]):
                bad.append((m.id, s))
    assert not bad, f"{lang}: placeholder mismatch: {bad[:10]}"


@pytest.mark.parametrize("lang", LANGS)
def test_babel_check_reports_nothing(catalogues, lang):
    problems = [(m.id, [str(e) for e in errs]) for m, errs in catalogues[lang].check()]
    assert not problems, problems[:10]


def test_chinese_catalogues_have_one_plural_form(catalogues):
    assert catalogues["zh_CN"].num_plurals == 1
    assert catalogues["zh_TW"].num_plurals == 1
    assert catalogues["en"].num_plurals == 2


def test_every_message_in_the_code_is_in_every_catalogue(catalogues):
    template = _load_script().extract()
    in_code = {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in template if m.id}
    assert len(in_code) > 50
    for lang, cat in catalogues.items():
        have = {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in cat if m.id}
        missing = sorted(in_code - have, key=str)
        assert not missing, f"{lang}: run scripts/i18n_update.py; missing {len(missing)}: {missing[:10]}"


def test_placeholder_helper_sees_both_styles():
    assert placeholders("{name} owes %(amount)s") == {"{name}", "%(amount)s"}
    assert placeholders("100%% sure") == frozenset()
    assert placeholders("第{n}号") != placeholders("第{m}号")


def test_chinese_catalogue_is_really_chinese(catalogues):
    from mediation_app.domain.enums import CaseStatus
    from mediation_app.i18n import _, set_language

    set_language("zh_CN")
    try:
        assert CaseStatus.MEDIATING.label() == "调解中"
        assert _("Mediating") == "调解中"
    finally:
        set_language("zh_CN")
    set_language("zh_TW")
    assert CaseStatus.MEDIATING.label() == "調解中"
    set_language("en")
    assert CaseStatus.MEDIATING.label() == "Mediating"
    set_language("zh_CN")


def test_the_check_writes_nothing_and_finds_the_catalogues_in_step_with_the_code(capsys):
    """``i18n_update.py --check`` (run before every commit) compares and reports; it never rewrites
    a catalogue, not even its date stamps."""
    files = [ROOT / "i18n" / "messages.pot", *(ROOT / "i18n" / lang / "LC_MESSAGES" / "messages.po" for lang in LANGS)]
    before = {f: (f.read_bytes(), f.stat().st_mtime_ns) for f in files}
    assert _load_script().main(["--check"]) == 0
    assert {f: (f.read_bytes(), f.stat().st_mtime_ns) for f in files} == before
    assert "out of date" not in capsys.readouterr().out


def test_the_check_ignores_moved_source_lines_and_finds_a_changed_message():
    """Code that only moves (the ``#:`` line numbers) leaves the catalogues in step; a message whose
    text changed does not."""
    compared = _load_script()._compared
    text = (ROOT / "i18n" / "messages.pot").read_text(encoding="utf-8")
    moved = re.sub(r"^(#: \S+?:)(\d+)", lambda m: m[1] + str(int(m[2]) + 7), text, flags=re.MULTILINE)
    changed = text.replace('msgid "Sign in"\n', 'msgid "Sign in now"\n', 1)
    assert moved != text and changed != text
    assert compared(moved.encode()) == compared(text.encode())
    assert compared(changed.encode()) != compared(text.encode())
