"""Render a market, a family and a legal-person case file, built through the services, to PDF and PNG.

Usage: python scripts/render_samples.py OUTPUT_DIR [--dpi 60]

The cases are built the way users build them (register, accept, consent, session, agreement,
signatures, payments, follow-up, archive …) in a fresh SQLite database inside OUTPUT_DIR, then every
document that applies and the whole case file are written. Needs pdftoppm (poppler-utils) for the
PNGs; the PDFs are written without it.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mediation_app.fileio import atomic_write_bytes  # noqa: E402
from tests.documents.case_states import CaseBuilder  # noqa: E402
from tests.services.conftest import initialise, open_services  # noqa: E402

FILES = {"market": "archived", "family": "interpreter_family", "legal-person": "confirmed", "oral": "quick",
         "refused": "refused", "terminated": "terminated"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path)
    parser.add_argument("--dpi", type=int, default=60)
    args = parser.parse_args()
    args.output.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="samples-", dir=args.output))
    svc = open_services("sqlite", work)
    pdfs: list[Path] = []
    try:
        admin = initialise(svc)
        builder = CaseBuilder(svc, admin, work / "scans")
        for name, state in FILES.items():
            number = getattr(builder, state)()
            doc = svc.documents.render(admin, number, "casefile")
            pdfs.append(atomic_write_bytes(args.output / f"{name}-casefile.pdf", doc.pdf))
            missing = [m.message for m in svc.documents.completeness(admin, number)]
            print(f"{name} ({number}): case file, {doc.pages} pages; warnings: {list(doc.warnings) or 'none'}; "
                  f"missing before archiving: {missing or 'nothing'}")
            skipped = [f"{o.kind} ({o.reason})" for o in svc.documents.offers(admin, number) if not o.applies]
            print(f"{name}: not offered: {'; '.join(skipped) or 'nothing'}")
        drafted = builder.drafted()
        draft = svc.documents.render(admin, drafted, "agreement", draft=True)
        pdfs.append(atomic_write_bytes(args.output / "three-party-agreement-draft.pdf", draft.pdf))
    finally:
        svc.close()
        shutil.rmtree(work, ignore_errors=True)
    if shutil.which("pdftoppm") is None:
        print("pdftoppm not found: PNGs skipped (apt-get install poppler-utils)")
        return 0
    for pdf in pdfs:
        subprocess.run(["pdftoppm", "-r", str(args.dpi), "-png", str(pdf), str(pdf.with_suffix(""))], check=True)
    print(f"PNG pages written to {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
