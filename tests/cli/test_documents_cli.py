"""The documents commands: doc / doc --list / casefile / verify-agreement, exit codes and messages."""

from __future__ import annotations

import argparse
import io

import pytest

from mediation_app import cli_documents
from mediation_app.domain import fingerprint
from mediation_app.services.documents import DocumentService
from tests.services.conftest import initialise, open_services
from tests.services.test_documents_service import market_case_with_agreement


def _parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="mediation-app")
    sub = parser.add_subparsers(dest="command")
    cli_documents.add_parsers(sub)
    return parser.parse_args(argv)


def _run(docs, actor, *argv: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    out, err = io.StringIO(), io.StringIO()
    code = cli_documents.run(_parse(*argv), docs, actor, out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def services(tmp_path):  # type: ignore[no-untyped-def]
    svc = open_services("sqlite", tmp_path)
    yield svc
    svc.close()


@pytest.fixture
def setup(services):  # type: ignore[no-untyped-def]
    admin = initialise(services)
    return DocumentService(services.db, services.clock, services.cases, services.meetings), admin


def test_list_names_every_kind() -> None:
    code, out, _err = _run(None, None, "doc", "--list")
    assert code == 0
    for kind in ("application", "agreement", "oral-agreement", "back-cover", "casefile"):
        assert kind in out


def test_doc_casefile_and_verify(services, setup, tmp_path) -> None:  # type: ignore[no-untyped-def]
    docs, admin = setup
    number = market_case_with_agreement(services, admin)
    code, out, err = _run(docs, admin, "doc", "agreement", number, "-o", str(tmp_path / "a.pdf"))
    assert code == 0 and "sha256" in out and err == ""
    assert (tmp_path / "a.pdf").read_bytes().startswith(b"%PDF")
    code, out, _ = _run(docs, admin, "casefile", number, "-o", str(tmp_path / "file.pdf"))
    assert code == 0 and (tmp_path / "file.pdf").stat().st_size > 10_000
    printed = docs.case_documents(admin, number, with_files=False).agreement.verification_code
    code, out, _ = _run(docs, admin, "verify-agreement", number, fingerprint.format_code(printed))
    assert code == 0 and out.startswith("Match")
    code, _, err = _run(docs, admin, "verify-agreement", number, "0000-0000-0000")
    assert code == 1 and err.startswith("Mismatch")


def test_errors_are_one_line_and_non_zero(services, setup, tmp_path) -> None:  # type: ignore[no-untyped-def]
    docs, admin = setup
    number = market_case_with_agreement(services, admin, effective=False, complete=False)
    code, _, err = _run(docs, admin, "doc", "agreement", number, "-o", str(tmp_path / "a.pdf"))
    assert code == 2 and "term" in err and err.count("\n") == 1
    assert not (tmp_path / "a.pdf").exists()
    code, _, err = _run(docs, admin, "doc", "nonsense", number, "-o", str(tmp_path / "b.pdf"))
    assert code == 2 and "Unknown document kind nonsense" in err
    code, _, err = _run(
        docs, admin, "doc", "agreement", "客商人调字〔2026〕第999号", "-o", str(tmp_path / "c.pdf")
    )
    assert code == 2 and "No case numbered" in err
    code, _, err = _run(docs, admin, "doc", "follow-up", number, "-o", str(tmp_path / "d.pdf"))
    assert code == 2 and "follow-up" in err


def test_doc_refuses_a_document_that_does_not_apply(services, setup, tmp_path) -> None:  # type: ignore[no-untyped-def]
    docs, admin = setup
    number = market_case_with_agreement(services, admin)  # reported by a grid worker, written agreement
    code, out, err = _run(docs, admin, "doc", "application", number, "-o", str(tmp_path / "x.pdf"))
    assert code == 2 and out == "" and "did not apply" in err and "Reported by a grid worker" not in err
    assert not (tmp_path / "x.pdf").exists()
    code, _out, err = _run(docs, admin, "doc", "oral-agreement", number, "-o", str(tmp_path / "x.pdf"))
    assert code == 2 and "written one" in err


def test_case_show_prints_refusal_and_termination_as_words(services, setup, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from mediation_app import cli
    from tests.documents.case_states import CaseBuilder

    _docs, admin = setup
    builder = CaseBuilder(services, admin, tmp_path / "scans")
    texts = []
    for number in (builder.refused(), builder.terminated()):
        out = io.StringIO()
        cli._print_detail(services.cases.detail_by_number(admin, number), out,
                          services.documents.vocabulary(interface=True))
        texts.append(out.getvalue())
    refused, terminated = texts
    assert "Not accepted: the dispute has already been accepted or decided by a people's court" in refused
    assert "Routes told: bring a lawsuit at the people's court with jurisdiction; complain to the market" in refused
    assert "Mediation ended" in terminated and "no agreement could be reached" in terminated
    assert "ask the competent administrative department to handle it" in terminated
    for text in texts:
        assert "already_handled" not in text and "market_regulation" not in text and "administrative\n" not in text
