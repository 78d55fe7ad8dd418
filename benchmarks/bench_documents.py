"""Documents benchmark: one agreement and one full case file, warm and cold, against a baseline.

Baseline (the way web peers produce PDFs): fill a .docx template with python-docx and convert it
with LibreOffice headless, measured in the same run. Needs ``soffice`` on PATH and python-docx
installed (benchmark only; not a runtime dependency). Not run by CI.

Every figure is printed twice: the median wall-clock time (what a user waits) and the median CPU
time (user + system of this process or of the child, which a loaded machine inflates far less).
The ratios are the baseline's time over ours (above 1: ReportLab is faster); the goal is at least
10x warm and above 1x cold.

Usage: python benchmarks/bench_documents.py [--runs 5]
"""

from __future__ import annotations

import argparse
import io
import os
import resource
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


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def cold(kind: str, runs: int) -> tuple[float, float]:
    """A new interpreter per run: imports, fonts, catalogue, sample data and the rendering.

    As on a user's machine after the first start, Python's bytecode cache and the font-metrics
    cache exist: one untimed run writes them (with PYTHONDONTWRITEBYTECODE set, as in some
    development shells, every start would compile every module from source instead).
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    cmd = [sys.executable, "-c", COLD_SNIPPET, kind]
    subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True, env=env)
    times, cpu = [], []
    for _ in range(runs):
        c = _children_cpu()
        t = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True, env=env)
        times.append(time.perf_counter() - t)
        cpu.append(_children_cpu() - c)
    return _median(times), _median(cpu)


def warm(kind: str, runs: int) -> tuple[float, float]:
    from mediation_app.documents import render_case_file, render_document, samples

    data = samples.market_case()
    render_document("agreement", data)  # fonts registered, modules imported
    times, cpu = [], []
    for _ in range(runs):
        c = time.process_time()
        t = time.perf_counter()
        if kind == "casefile":
            render_case_file(data)
        else:
            render_document("agreement", data)
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    return _median(times), _median(cpu)


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


def baseline(kind: str, runs: int) -> tuple[float, float] | None:
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
    times, cpu = [], []
    with tempfile.TemporaryDirectory() as tmp:
        profile = Path(tmp) / "profile"
        for i in range(runs):
            c = time.process_time() + _children_cpu()
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
            cpu.append(time.process_time() + _children_cpu() - c)
    # the first run creates the LibreOffice profile
    return _median(times[1:] if len(times) > 1 else times), _median(cpu[1:] if len(cpu) > 1 else cpu)


def _ratio(base: float | None, ours: float) -> str:
    return f"{base / ours:7.1f}x" if base else "     n/a"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    rows = []
    for kind in ("agreement", "casefile"):
        rows.append((kind, warm(kind, args.runs), cold(kind, max(3, args.runs // 2)), baseline(kind, args.runs)))
    if any(b is None for *_, b in rows):
        print("(no baseline: needs soffice on PATH and python-docx installed)")
    for label, pick in (("wall clock", 0), ("CPU time", 1)):
        print(f"\n{label} (median ms)")
        print(f"{'what':<12}{'ours warm':>10}{'ours cold':>10}{'docx+LO':>9}{'LO/warm':>9}{'LO/cold':>9}")
        for kind, w, c, b in rows:
            base = b[pick] if b else None
            print(
                f"{kind:<12}{w[pick] * 1000:>10.0f}{c[pick] * 1000:>10.0f}"
                f"{(base or float('nan')) * 1000:>9.0f}{_ratio(base, w[pick]):>9}{_ratio(base, c[pick]):>9}"
            )
    print("\n(ratio = baseline time / ours; goal: LO/warm >= 10x and LO/cold > 1x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
