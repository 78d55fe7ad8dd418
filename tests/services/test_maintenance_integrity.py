"""Records changed behind the application's back: an effective agreement edited in the file, a
generated document's record rewritten. ``check`` names them; the agreement is not printed again."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from mediation_app.services import Services
from mediation_app.services.documents import ContentChanged
from tests.services.conftest import initialise, open_services
from tests.services.test_documents_service import market_case_with_agreement


@pytest.fixture
def svc(tmp_path: Path) -> Iterator[Services]:
    s = open_services("sqlite", tmp_path)
    yield s
    s.close()


def _sql(svc: Services, statement: str, *params: object) -> None:
    svc.db.dispose()
    con = sqlite3.connect(svc.db.sqlite_path)  # type: ignore[arg-type]
    try:
        con.execute(statement, params)
        con.commit()
    finally:
        con.close()


def test_an_untouched_effective_agreement_passes_and_prints(svc: Services) -> None:
    admin = initialise(svc)
    number = market_case_with_agreement(svc, admin)
    report = svc.maintenance.check()
    assert report.ok, report.problems
    assert ("agreements", "1 effective, fingerprints checked") in report.lines
    assert svc.documents.render(admin, number, "agreement").pages >= 1


@pytest.mark.parametrize(("statement", "named"), [
    ("update obligation set amount_fen = amount_fen * 10 where seq = 1", "the obligations (amounts, dates)"),
    ("update agreement_term set text = text || '另付违约金五万元。' where seq = 2", "the terms"),
    ("update agreement set facts = '双方无争议。'", "the facts"),
])
def test_an_agreement_edited_in_the_file_is_named_by_check_and_not_printed(svc: Services, statement: str,
                                                                           named: str) -> None:
    admin = initialise(svc)
    number = market_case_with_agreement(svc, admin)
    _sql(svc, statement)
    report = svc.maintenance.check()
    found = [p for p in report.problems if "was changed outside the application after it took effect" in p]
    assert len(found) == 1 and number in found[0] and named in found[0], report.problems
    with pytest.raises(ContentChanged) as refused:
        svc.documents.render(admin, number, "agreement")
    assert named in refused.value.message and number in refused.value.message
    with pytest.raises(ContentChanged):
        svc.documents.render(admin, number, "casefile")


def test_rewriting_the_stored_fingerprint_too_is_still_caught(svc: Services) -> None:
    """Whoever edits the amount and recomputes the fingerprint column does not touch the audit entry
    (that would break the chain), which recorded the fingerprint when the agreement took effect."""
    from mediation_app.domain.fingerprint import content_hash
    from mediation_app.services.agreements import fingerprint_content
    from mediation_app.storage.models import AgreementRecord, CaseRecord

    admin = initialise(svc)
    number = market_case_with_agreement(svc, admin)
    _sql(svc, "update obligation set amount_fen = 1 where seq = 1")
    with svc.db.write() as s:
        a = s.query(AgreementRecord).filter(AgreementRecord.content_hash.is_not(None)).one()
        a.content_hash = content_hash(fingerprint_content(s.get(CaseRecord, a.case_id), a))
    assert any("the obligations" in p for p in svc.maintenance.check().problems)
    with pytest.raises(ContentChanged):
        svc.documents.render(admin, number, "agreement")


def test_a_generated_document_record_changed_in_the_file_is_named(svc: Services) -> None:
    admin = initialise(svc)
    number = market_case_with_agreement(svc, admin)
    svc.documents.render(admin, number, "agreement")
    assert svc.maintenance.check().ok
    _sql(svc, "update generated_document set sha256 = ?", "0" * 64)
    problems = svc.maintenance.check().problems
    assert any("does not match the audit log" in p and number in p for p in problems), problems
