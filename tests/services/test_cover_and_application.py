"""What the file's cover says of when the mediation ran, and who the application names as whom:
built through the services as a mediator builds a case."""

from __future__ import annotations

import uuid
from dataclasses import replace
from pathlib import Path

from mediation_app.domain.enums import CaseSource, NoticeForm, PartyRole
from mediation_app.services import Services
from mediation_app.services.context import Actor
from tests.documents.case_states import CARRIER, CaseBuilder
from tests.documents.conftest import pdf_text, squash
from tests.factories import market_case_input


def _text(svc: Services, admin: Actor, number: str, kind: str) -> str:
    return squash(pdf_text(svc.documents.render(admin, number, kind).pdf))


def test_the_cover_ends_the_mediation_when_it_ended(services: Services, admin: Actor, tmp_path: Path) -> None:
    built = CaseBuilder(services, admin, tmp_path / "scans")
    terminated = built.terminated()  # accepted 11-02, terminated 11-05
    assert "2026年11月2日至2026年11月5日" in _text(services, admin, terminated, "cover")
    confirmed = built.confirmed()  # agreed and signed 11-06, paid 12-20, followed up 12-21
    cover = _text(services, admin, confirmed, "cover")
    assert "2026年11月2日至2026年11月6日" in cover and "12月21日" not in cover


def test_the_application_names_a_third_party_as_such(services: Services, admin: Actor, tmp_path: Path) -> None:
    data = market_case_input(source=CaseSource.APPLICATION, application_form=NoticeForm.WRITTEN, referrer_name=None,
                             referral_letter_no=None)
    third = replace(CARRIER, role=PartyRole.THIRD_PARTY)
    case_id: uuid.UUID | None = services.intake.register(
        admin, replace(data, parties=(*data.parties, third)), accept=True).created_id
    assert case_id is not None
    text = _text(services, admin, services.cases.detail(admin, case_id).number, "application")
    assert "第三人" in text and text.index("被申请人") < text.index("第三人")
