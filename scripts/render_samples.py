"""Render the sample market and family case files (and every document) to PDF, then to PNG.

Usage: python scripts/render_samples.py OUTPUT_DIR [--dpi 80]
Needs pdftoppm (poppler-utils) for the PNGs; the PDFs are written without it.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mediation_app.documents import check_completeness, render_case_file, render_document, samples
from mediation_app.fileio import atomic_write_bytes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path)
    parser.add_argument("--dpi", type=int, default=80)
    args = parser.parse_args()
    args.output.mkdir(parents=True, exist_ok=True)
    pdfs: list[Path] = []
    for name, data in (("market", samples.market_case()), ("family", samples.family_case())):
        doc = render_case_file(data)
        pdfs.append(atomic_write_bytes(args.output / f"{name}-casefile.pdf", doc.pdf))
        print(f"{name}: case file, {doc.pages} pages, warnings: {list(doc.warnings) or 'none'}")
        print(
            f"{name}: missing before archiving: {[m.message for m in check_completeness(data)] or 'nothing'}"
        )
    draft = render_document("agreement", samples.market_case(), draft=True)
    pdfs.append(atomic_write_bytes(args.output / "market-agreement-draft.pdf", draft.pdf))
    if shutil.which("pdftoppm") is None:
        print("pdftoppm not found: PNGs skipped (apt-get install poppler-utils)")
        return 0
    for pdf in pdfs:
        subprocess.run(
            ["pdftoppm", "-r", str(args.dpi), "-png", str(pdf), str(pdf.with_suffix(""))], check=True
        )
    print(f"PNG pages written to {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
