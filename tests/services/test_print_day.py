"""The day's agreements to sign, bound into one print run with every original of each."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from mediation_app.documents import DocumentError
from mediation_app.services.agreements import AgreementInput, ObligationInput
from mediation_app.services.meetings import MeetingInput
from tests.factories import make_case


def _draft(services, admin, complete: bool = True):
    case_id = make_case(services, admin)
    detail = services.cases.detail(admin, case_id)
    links = tuple(p.link_id for p in detail.parties)
    services.meetings.record(admin, case_id, MeetingInput(
        place="调解室", party_links_present=links, mediator_ids_present=(admin.mediator_id,),
        record_text="达成一致。", outcome="agreement"))
    services.agreements.save_draft(admin, case_id, AgreementInput(
        facts="运输损坏。" if complete else "", issues="损失承担。", terms=("被申请人退还货款5,000元。",),
        performance_method="现金", performance_place="西宁市",
        obligations=(ObligationInput(links[1], 500_000, dt.date(2026, 11, 20), links[0]),)))
    return services.cases.detail(admin, case_id).number


def test_day_agreements_bound_into_one_print_run(services, admin) -> None:
    first, second = _draft(services, admin), _draft(services, admin)
    assert services.documents.day_agreements(admin) == sorted([first, second])
    assert services.documents.day_agreements(admin, services.clock.today() + dt.timedelta(days=3)) == []
    doc = services.documents.render_batch(admin, [first, second])
    reader = PdfReader(io.BytesIO(doc.pdf))
    text = "".join(page.extract_text() for page in reader.pages)
    assert doc.pages == len(reader.pages)
    assert text.count("人民调解协议书") >= 6  # two agreements, three originals each
    assert first in text and second in text and "伍仟元整" in text
    kinds = [d.kind for d in services.cases.detail_by_number(admin, first).documents]
    assert kinds == ["agreement"]  # each agreement in the run is recorded


def test_an_incomplete_agreement_stops_the_run_naming_the_case(services, admin) -> None:
    good, bad = _draft(services, admin), _draft(services, admin, complete=False)
    with pytest.raises(DocumentError, match=bad.replace("〔", ".").replace("〕", ".")):
        services.documents.render_batch(admin, [good, bad])
