"""Documents benchmark: one agreement and one full case file, warm and cold, against a baseline.

Baseline (the way web peers produce PDFs): fill a .docx template with python-docx and convert it
with LibreOffice headless, measured in the same run. Needs ``soffice`` on PATH and python-docx
installed (benchmark only; not a runtime dependency). Not run by CI.

Usage: python benchmarks/bench_documents.py [--runs 5]
"""

from __future__ import annotations

import argparse
import io
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

COLD_SNIPPET = """
import time, sys
t = time.perf_counter()
from mediation_app.documents import render_case_file, render_document, samples
data = samples.market_case()
doc = render_case_file(data) if sys.argv[1] == "casefile" else render_document("agreement", data)
print(time.perf_counter() - t)
"""


def _median(values: list[float]) -> float:
    return statistics.median(values)


def cold(kind: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", COLD_SNIPPET, kind], cwd=ROOT, check=True, capture_output=True)
        times.append(time.perf_counter() - t)
    return _median(times)


def warm(kind: str, runs: int) -> float:
    from mediation_app.documents import render_case_file, render_document, samples

    data = samples.market_case()
    render_document("agreement", data)  # fonts registered, modules imported
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        if kind == "casefile":
            render_case_file(data)
        else:
            render_document("agreement", data)
        times.append(time.perf_counter() - t)
    return _median(times)


def _docx_agreement(data, copies: int = 1):  # type: ignore[no-untyped-def]
    """The baseline's template fill: the same agreement text in a .docx (python-docx)."""
    from docx import Document
    from docx.shared import Pt

    from mediation_app.documents import agreement_rules
    from mediation_app.documents.fmt import date_cn, money_both

    a = data.agreement
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Noto Serif SC"
    style.font.size = Pt(12)
    for copy in range(copies):
        doc.add_heading("人民调解协议书", 0)
        doc.add_paragraph(f"编号：{a.number}")
        for p in data.agreement_parties():
            doc.add_paragraph(
                f"当事人：{p.name} {p.ethnicity} {p.age or ''} {p.occupation} {p.contact} {p.address}"
            )
        doc.add_paragraph("纠纷主要事实、争议事项：")
        doc.add_paragraph(a.facts)
        doc.add_paragraph("经调解，自愿达成如下协议：")
        for i, t in enumerate(a.terms, 1):
            doc.add_paragraph(f"{i}、{t}")
        table = doc.add_table(rows=1, cols=4)
        for cell, text in zip(table.rows[0].cells, ("期次", "义务人", "金额", "期限"), strict=True):
            cell.text = text
        for i, o in enumerate(a.obligations, 1):
            row = table.add_row().cells
            row[0].text, row[1].text = str(i), data.party_name(o.obligor)
            row[2].text, row[3].text = money_both(o.amount_fen or 0), date_cn(o.due)
        doc.add_paragraph(f"本协议一式{agreement_rules.originals(data)}份。")
        doc.add_paragraph("当事人（签名盖章或按指印）：　　　　人民调解员（签名）：　　　　记录人（签名）：")
        if copy < copies - 1:
            doc.add_page_break()
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def baseline(kind: str, runs: int) -> float | None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    try:
        import docx  # noqa: F401
    except ImportError:
        return None
    if soffice is None:
        return None
    from mediation_app.documents import samples

    data = samples.market_case()
    # the case file is ~26 pages: approximate it by repeating the agreement text to that length
    copies = 6 if kind == "casefile" else 1
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        profile = Path(tmp) / "profile"
        for i in range(runs):
            t = time.perf_counter()
            src = Path(tmp) / f"doc{i}.docx"
            src.write_bytes(_docx_agreement(data, copies))
            subprocess.run(
                [
                    soffice,
                    f"-env:UserInstallation=file://{profile}",
                    "--headless",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    tmp,
                    str(src),
                ],
                check=True,
                capture_output=True,
            )
            times.append(time.perf_counter() - t)
    return _median(times[1:] if len(times) > 1 else times)  # first run creates the LibreOffice profile


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"{'what':<22}{'ours warm':>11}{'ours cold':>11}{'docx+LO':>11}{'LO/warm':>9}{'LO/cold':>9}")
    for kind in ("agreement", "casefile"):
        w, c, b = warm(kind, args.runs), cold(kind, max(3, args.runs // 2)), baseline(kind, args.runs)
        ratio_w = f"{b / w:8.1f}x" if b else "     n/a"
        ratio_c = f"{b / c:8.1f}x" if b else "     n/a"
        print(f"{kind:<22}{w:>10.3f}s{c:>10.3f}s{(b or float('nan')):>10.3f}s{ratio_w}{ratio_c}")
    print("(median seconds; ratio > 1 means ReportLab is faster than filling a .docx and converting it)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
