#!/usr/bin/env python3
"""Extract messages and bring the zh_CN, zh_TW and en catalogues up to date.

Run from the repository root::

    .venv/bin/python scripts/i18n_update.py           # extract + update all catalogues
    .venv/bin/python scripts/i18n_update.py --check   # write nothing; exit 1 if anything is
                                                      # untranslated or a catalogue is behind the code

- ``i18n/messages.pot`` is regenerated from ``mediation_app/`` (keywords ``_ ngettext pgettext N_``).
- Each ``i18n/<lang>/LC_MESSAGES/messages.po`` is updated from the template (new entries added,
  vanished ones made obsolete, fuzzy matching off so nothing is guessed).
- ``en``: msgstr = msgid (plural: singular / plural).
- ``zh_TW``: empty entries are pre-filled from the zh_CN translation converted with OpenCC
  ``s2twp`` (Taiwan phrasing). Existing zh_TW translations are never overwritten.
- ``zh_CN`` is translated by hand; this script only reports what is still missing.
"""

from __future__ import annotations

import argparse
import io
import sys
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "i18n"
PACKAGE = ROOT / "mediation_app"
LANGS = ("zh_CN", "zh_TW", "en")
KEYWORDS = {**DEFAULT_KEYWORDS, "N_": None}
PROJECT = "Mediation Desk"
HEADER = (
    "# {lang} catalogue of Mediation Desk (调解工作台).\n"
    "# Updated by scripts/i18n_update.py; edit msgstr entries only."
)


def extract() -> Catalog:
    """Extract every message of the package into a template catalogue."""
    template = Catalog(project=PROJECT, version="0.1", charset="utf-8", fuzzy=False)
    template.header_comment = HEADER.format(lang="Template")
    method_map = [("**.py", "python")]
    for filename, lineno, message, comments, context in extract_from_dir(
        str(PACKAGE), method_map=method_map, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",),
        strip_comment_tags=True,
    ):
        if not message or (isinstance(message, tuple) and not message[0]):
            continue
        path = (PACKAGE / filename).relative_to(ROOT).as_posix()
        template.add(message, None, [(path, lineno)], auto_comments=comments, context=context)
    return template


def _read(path: Path, lang: str) -> Catalog:
    with path.open("rb") as fh:
        return read_po(fh, locale=lang)


_STAMPS = (b'"POT-Creation-Date:', b'"PO-Revision-Date:')
_WHERE = b"#:"  # where in the code a message is: a line moved is not a catalogue out of date


def _compared(data: bytes) -> list[bytes]:
    """The lines that matter to a check: not the date stamps, not the source locations."""
    return [line for line in data.splitlines() if not line.startswith(_STAMPS) and not line.startswith(_WHERE)]


class Output:
    """Where the catalogues go: written (atomically), or with ``check`` only compared with the files
    (their date stamps and the messages' source lines apart: code that only moved changes no
    message), the files left untouched and the ones that would change listed."""

    def __init__(self, check: bool) -> None:
        self.check = check
        self.stale: list[Path] = []

    def put(self, path: Path, catalog: Catalog, **options: object) -> None:
        buffer = io.BytesIO()
        write_po(buffer, catalog, width=100, omit_header=False, **options)  # type: ignore[arg-type]
        data = buffer.getvalue()
        if self.check:
            if not path.exists() or _compared(path.read_bytes()) != _compared(data):
                self.stale.append(path)
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(path.suffix + ".tmp")
        tmp.write_bytes(data)
        tmp.replace(path)


def _s2twp():
    try:
        import opencc  # opencc-python-reimplemented (development tool only)
    except ImportError:  # pragma: no cover - tool missing: zh_TW stays as it is
        return None
    return opencc.OpenCC("s2twp").convert


def update(template: Catalog, out: Output | None = None) -> dict[str, int]:
    out = out or Output(check=False)
    missing: dict[str, int] = {}
    cn = None
    convert = _s2twp()
    for lang in LANGS:
        po = I18N / lang / "LC_MESSAGES" / "messages.po"
        if po.exists():
            catalog = _read(po, lang)
        else:
            catalog = Catalog(locale=lang, project=PROJECT, version="0.1", fuzzy=False)
        catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
        catalog.obsolete.clear()
        catalog.fuzzy = False
        catalog.header_comment = HEADER.format(lang=lang)
        catalog.revision_date = datetime.now(UTC)
        catalog.language_team = f"{lang} <none>"
        catalog.last_translator = "Mediation Desk translators"
        if lang == "en":
            for m in catalog:
                if m.id:
                    m.string = m.id if not m.pluralizable else tuple(m.id)
                    m.flags.discard("fuzzy")
        elif lang == "zh_TW" and cn is not None and convert is not None:
            for m in catalog:
                if not m.id or _translated(m):
                    continue
                src = cn.get(m.id, context=m.context)
                if src is not None and _translated(src):
                    if m.pluralizable:
                        s = src.string if isinstance(src.string, tuple | list) else (src.string,)
                        m.string = tuple(convert(x) for x in s)[: catalog.num_plurals] or ("",)
                    else:
                        m.string = convert(src.string)
                    m.flags.discard("fuzzy")
        out.put(po, catalog, sort_by_file=False, include_previous=False)
        if lang == "zh_CN":
            cn = catalog
        missing[lang] = sum(1 for m in catalog if m.id and (not _translated(m) or m.fuzzy))
    return missing


def _translated(m) -> bool:
    if isinstance(m.string, tuple | list):
        return all(m.string)
    return bool(m.string)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true",
                    help="write nothing; fail when an entry is untranslated or a catalogue is behind the code")
    args = ap.parse_args(argv)
    template = extract()
    out = Output(check=args.check)
    out.put(I18N / "messages.pot", template)
    missing = update(template, out)
    print(f"{len(template)} messages; untranslated: " + ", ".join(f"{k}={v}" for k, v in missing.items()))
    for path in out.stale:
        print(f"out of date with the code: {path.relative_to(ROOT).as_posix()} (run scripts/i18n_update.py)")
    return 1 if args.check and (any(missing.values()) or out.stale) else 0


if __name__ == "__main__":
    sys.exit(main())
