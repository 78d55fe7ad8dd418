"""What makes documents fast must not change what they print: layout-only passes, the scan, font and
paragraph caches give the same pages and the same bytes as ReportLab's own paths."""

from __future__ import annotations

import dataclasses
import io

import pytest
from PIL import Image as PILImage
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Image, Paragraph, Spacer

from mediation_app.documents import casefile, fontcache, paracache, render_case_file, scans
from mediation_app.documents.base import Part, PartSpec, build_pdf, styles
from mediation_app.documents.casefile import _Assembly
from mediation_app.documents.forms.file_parts import FileTotals
from mediation_app.paths import font_path


@pytest.mark.parametrize("case", ["market", "family"])
def test_a_layout_pass_places_every_page_as_the_printing_pass(case, request):
    data = request.getfixturevalue(case)
    asm = _Assembly(data)
    kw = {"title": "t", "file_numbers": True}
    pdf, layout_keys = build_pdf(asm.parts(None, FileTotals(0, 0)), layout_only=True, **kw)
    printed, printed_keys = build_pdf(asm.parts(None, FileTotals(0, 0)), **kw)
    assert pdf == b""
    assert printed.startswith(b"%PDF")
    assert layout_keys == printed_keys
    assert len(set(printed_keys)) > 10  # the whole file, part by part


def test_the_case_file_prints_the_same_bytes_with_empty_and_with_filled_caches(market):
    first = render_case_file(market).pdf
    again = render_case_file(market).pdf  # scans and paragraphs from the caches
    scans._cache.clear()
    paracache._cache.clear()
    casefile._LAYOUTS.clear()
    cleared = render_case_file(market).pdf
    assert first == again == cleared


def test_a_remembered_layout_is_only_a_first_guess(market):
    casefile._LAYOUTS.clear()
    fresh = render_case_file(market).pdf
    assert len(casefile._LAYOUTS) == 1
    key = next(iter(casefile._LAYOUTS))
    entries, totals = casefile._LAYOUTS[key]
    wrong = tuple(dataclasses.replace(e, first_page=(e.first_page or 0) + 3) for e in entries)  # as if changed
    casefile._LAYOUTS[key] = (wrong, dataclasses.replace(totals, pages=totals.pages + 3))
    assert render_case_file(market).pdf == fresh  # laid out again until the contents page is right
    assert casefile._LAYOUTS[key] == (entries, totals)


def _image(mode: str, fmt: str, **kw: object) -> bytes:
    colour = {"RGB": (200, 30, 40), "RGBA": (200, 30, 40, 128), "L": 128, "P": 3, "CMYK": (10, 20, 30, 40)}[mode]
    im = PILImage.new(mode, (120, 80), colour)
    buf = io.BytesIO()
    im.save(buf, fmt, **kw)
    return buf.getvalue()


def test_a_scan_drawn_from_the_cache_has_the_bytes_reportlab_draws():
    images = {
        "rgb": _image("RGB", "PNG"),
        "alpha": _image("RGBA", "PNG"),  # soft mask
        "grey": _image("L", "PNG"),
        "palette": _image("P", "PNG", transparency=3),
        "jpeg": _image("RGB", "JPEG"),
        "cmyk": _image("CMYK", "JPEG"),
    }

    def build(make):  # type: ignore[no-untyped-def]
        parts = [Part(PartSpec(key=k, title=k), [make(d), Spacer(1, 10), make(d)]) for k, d in images.items()]
        return build_pdf(parts, title="t")[0]

    reportlab_own = build(lambda d: Image(io.BytesIO(d), width=60, height=40))
    scans._cache.clear()
    assert build(lambda d: scans.ScanImage(scans.ScanReader(d), 60, 40)) == reportlab_own
    assert build(lambda d: scans.ScanImage(scans.ScanReader(d), 60, 40)) == reportlab_own  # cached


def test_font_metrics_from_the_cache_equal_a_fresh_parse(tmp_path, monkeypatch):
    monkeypatch.setattr(fontcache, "cache_dir", lambda: tmp_path)
    path = font_path("NotoSerifTibetan_400Regular.ttf")
    parsed = TTFont("T", str(path))
    fontcache.ttfont("T", path)
    [entry] = tmp_path.iterdir()
    cached = fontcache.ttfont("T", path)
    a, b = dict(parsed.face.__dict__), dict(cached.face.__dict__)
    scale_a, scale_b = a.pop("_pdfScale"), b.pop("_pdfScale")
    assert a == b
    assert [type(a[k]) for k in a] == [type(b[k]) for k in a]
    assert scale_a(2048) == scale_b(2048)
    skip = ("face", "encoding", "state")
    assert {k: v for k, v in parsed.__dict__.items() if k not in skip} == {
        k: v for k, v in cached.__dict__.items() if k not in skip
    }
    entry.write_bytes(b"not marshal data")  # damaged: parsed again and stored anew
    again = fontcache.ttfont("T", path)
    assert again.face.charToGlyph == parsed.face.charToGlyph
    assert entry.read_bytes() != b"not marshal data"


def test_a_paragraph_parsed_before_gets_its_own_copies_of_the_runs():
    paracache.install()
    style = styles()["body"]
    text = "甲方<b>马建国</b>支付人民币&amp;壹万元"
    first = Paragraph(text, style)
    first.frags[0].text = "changed by a layout"
    second = Paragraph(text, style)
    assert second.frags is not first.frags
    assert second.frags[0].text == "甲方"
    assert [f.__dict__ for f in second.frags[1:]] == [f.__dict__ for f in first.frags[1:]]
    assert second.getPlainText() == "甲方马建国支付人民币&壹万元"


def test_the_font_cache_lives_in_the_clients_own_cache_folder():
    from mediation_app.config import APP_NAME

    assert fontcache.APP_NAME == APP_NAME
    folder = fontcache.cache_dir()
    assert folder is not None and APP_NAME in folder.parts
