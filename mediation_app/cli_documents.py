"""The documents subcommands of ``mediation-app`` (plugged into ``mediation_app.cli``).

    mediation-app doc KIND CASE_NUMBER -o FILE.pdf [--item N] [--draft]
    mediation-app doc --list
    mediation-app casefile CASE_NUMBER -o FILE.pdf
    mediation-app verify-agreement CASE_NUMBER HASH_OR_QR_TEXT

The main CLI adds the parsers with :func:`add_parsers` and, for these commands, calls
:func:`run` with the document service and the signed-in actor. Errors are one line on stderr
with a non-zero exit code (2: cannot produce / not found; 1: a printed copy does not match).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from mediation_app.i18n import _

if TYPE_CHECKING:  # the services and the renderers are imported by the commands that use them
    from mediation_app.documents import RenderedDocument
    from mediation_app.services.context import Actor
    from mediation_app.services.documents import DocumentService

COMMANDS = ("doc", "casefile", "verify-agreement")
EXIT_MISMATCH = 1
EXIT_ERROR = 2


def add_parsers(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    doc = subparsers.add_parser("doc", help=_("Print one standard document of a case as PDF"))
    doc.add_argument("kind", nargs="?", help=_("Document kind (see --list)"))
    doc.add_argument("case_number", nargs="?", help=_("Case number"))
    doc.add_argument("-o", "--output", type=Path, help=_("PDF file to write"))
    doc.add_argument("--item", type=int, help=_("Which session, investigation or follow-up (1, 2, …)"))
    doc.add_argument("--draft", action="store_true", help=_("Watermarked draft (agreement)"))
    doc.add_argument("--list", action="store_true", help=_("List the document kinds"))
    casefile = subparsers.add_parser("casefile", help=_("Build the complete case file as one PDF"))
    casefile.add_argument("case_number")
    casefile.add_argument("-o", "--output", type=Path, required=True)
    verify = subparsers.add_parser("verify-agreement", help=_("Check a printed agreement against the record"))
    verify.add_argument("case_number")
    verify.add_argument("code", help=_("Verification code, full hash, or the text read from the QR code"))


def list_kinds(out: TextIO) -> int:
    from mediation_app import documents

    out.writelines(f"{k.kind:<16}{k.form_name}  ({k.description})\n" for k in documents.KINDS)
    out.write(f"{documents.CASEFILE_KIND.kind:<16}{documents.CASEFILE_KIND.form_name}\n")
    slip = documents.SLIP_KIND
    out.write(f"{slip.kind:<16}{slip.form_name}  ({slip.description})\n")
    return 0


def run(
    args: argparse.Namespace,
    docs: DocumentService | None,
    actor: Actor | None,
    out: TextIO = sys.stdout,
    err: TextIO = sys.stderr,
) -> int:
    """Run one documents command; returns the exit code."""
    if args.command == "doc" and args.list:
        return list_kinds(out)
    from mediation_app import documents
    from mediation_app.services.errors import NotFound, PermissionDenied, from_os_error

    try:
        if docs is None or actor is None:
            raise documents.DocumentError(_("No database is open"))
        if args.command == "doc":
            if not args.kind or not args.case_number or not args.output:
                raise documents.DocumentError(_("Usage: doc KIND CASE_NUMBER -o FILE.pdf (or doc --list)"))
            if args.kind not in (documents.CASEFILE_KIND.kind, documents.SLIP_KIND.kind):
                documents.renderer_for(args.kind)  # unknown kind: a clear error before any work
            doc = docs.save(actor, args.case_number, args.kind, args.output, item=args.item, draft=args.draft)
            _report(doc, args.output, out, err)
            return 0
        if args.command == "casefile":
            doc = docs.save(actor, args.case_number, documents.CASEFILE_KIND.kind, args.output)
            _report(doc, args.output, out, err)
            return 0
        if args.command == "verify-agreement":
            answer = docs.verify_agreement(actor, args.case_number, args.code)
            (out if answer.matches else err).write(answer.message + "\n")
            return 0 if answer.matches else EXIT_MISMATCH
    except documents.AgreementIncompleteError as exc:
        err.write(f"{exc}\n")
        return EXIT_ERROR
    except (documents.DocumentError, NotFound, PermissionDenied, KeyError, OSError) as exc:
        if isinstance(exc, OSError):
            message = from_os_error(exc).message
        else:
            message = exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)
        err.write(f"{message}\n")
        return EXIT_ERROR
    raise ValueError(f"not a documents command: {args.command}")


def _report(doc: RenderedDocument, path: Path, out: TextIO, err: TextIO) -> None:
    err.writelines(_("Warning: {message}").format(message=warning) + "\n" for warning in doc.warnings)
    out.write(
        _("{path}: {pages} pages, sha256 {sha}").format(path=path, pages=doc.pages, sha=doc.sha256) + "\n"
    )
