"""Four-part slips (人民调解四联单): their own never-reused serial per committee and year, the same slip
on a reprint, the returned part recorded and audited, and the overdue list paged with an exact total."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader
from sqlalchemy import delete, select

from mediation_app.domain.slips import DEFAULT_RETURN_DAYS
from mediation_app.services import Services
from mediation_app.services.errors import PermissionDenied, ValidationFailed
from mediation_app.storage.models import AuditRecord, GeneratedDocumentRecord, SlipRecord
from tests.factories import TODAY, make_case, market_case_input
from tests.services.test_referrals import MARKET_OFFICE


def text_of(pdf: bytes) -> str:
    return "".join("".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(pdf)).pages)


def case_slip(services: Services, actor, case_id):  # noqa: ANN001, ANN201
    changes = services.slips.issue_for_case(actor, case_id)
    assert changes.created_id is not None
    return services.slips.get(actor, changes.created_id)


def audit_actions(services: Services) -> list[str]:
    with services.db.read() as s:
        return [a.action for a in s.scalars(select(AuditRecord).order_by(AuditRecord.seq))
                if a.action.startswith("slip.")]


def test_numbered_from_their_own_series_and_a_second_issue_is_the_same_slip(services, admin) -> None:
    first_case, second_case = make_case(services, admin), make_case(services, admin)
    services.referrals.issue(admin, first_case, MARKET_OFFICE, "缺斤短两，需计量复核。")  # another series
    first = case_slip(services, admin, first_case)
    second = case_slip(services, admin, second_case)
    assert (first.number, second.number) == ("客商四联字〔2026〕第001号", "客商四联字〔2026〕第002号")
    again = services.slips.issue_for_case(admin, first_case)
    assert (again.created_id, again.number) == (first.id, first.number)
    assert first.sent_to == "青藏高原农副产品集散中心人民调解委员会"
    assert first.parties == "马福海、李建国"
    assert first.summary.startswith("马福海与李建国") and len(first.summary) <= 90
    assert first.deadline >= TODAY and not first.overdue
    assert audit_actions(services) == ["slip.issue", "slip.issue"]


def test_a_reprint_keeps_the_serial_and_is_counted(services, admin) -> None:
    case_id = make_case(services, admin)
    one = services.slips.print_for_case(admin, case_id)
    two = services.slips.print_for_case(admin, case_id)
    view = services.slips.for_case(admin, case_id)
    assert len(view) == 1 and view[0].printed_times == 2
    assert "客商四联字〔2026〕第001号" in text_of(one.pdf) and "客商四联字〔2026〕第001号" in text_of(two.pdf)
    assert one.sha256 == two.sha256  # the same slip, the same bytes
    with services.db.read() as s:
        kinds = [d.kind for d in s.scalars(select(GeneratedDocumentRecord).where(
            GeneratedDocumentRecord.case_id == case_id))]
    assert kinds.count("slip") == 2
    assert audit_actions(services) == ["slip.issue", "slip.print", "slip.print"]


def test_a_serial_is_never_issued_twice_even_after_a_deletion_or_a_rollback(services, admin) -> None:
    cases = [make_case(services, admin) for _ in range(3)]
    first = case_slip(services, admin, cases[0])
    second = case_slip(services, admin, cases[1])
    with services.db.write() as s:  # somebody removes the second slip behind the application's back
        s.execute(delete(SlipRecord).where(SlipRecord.id == second.id))

    class Interrupted(Exception):
        pass

    with pytest.raises(Interrupted), services.db.write() as s:  # an issue that fails after taking its serial
        services.slips._new(s, admin, first.committee_id, case_id=cases[2], referral_id=None, parties="", summary="",
                            sent_to="x", asked="", deadline=TODAY)
        raise Interrupted
    third = case_slip(services, admin, cases[2])
    assert third.number == "客商四联字〔2026〕第003号"  # 002 was issued once and is not given again
    with services.db.read() as s:
        serials = [r.serial for r in s.scalars(select(SlipRecord))]
    assert sorted(serials) == [1, 3] and first.number.endswith("第001号")


def test_the_serial_starts_again_each_year(services, admin) -> None:
    case_id = make_case(services, admin)
    assert case_slip(services, admin, case_id).number.endswith("〔2026〕第001号")
    services.clock.set(dt.date(2027, 1, 4))
    later = make_case(services, admin)
    assert case_slip(services, admin, later).number == "客商四联字〔2027〕第001号"


def test_a_referral_slip_gets_its_own_four_part_slip(services, admin) -> None:
    case_id = make_case(services, admin)
    ref = services.referrals.issue(admin, case_id, MARKET_OFFICE, "摊位电子秤疑似被改动，需计量复核。",
                                   deadline=dt.date(2026, 11, 9), instructions="请于7日内派员复秤。")
    assert ref.created_id is not None
    assert services.slips.for_referral(admin, ref.created_id) is None
    doc = services.slips.print_for_referral(admin, ref.created_id)
    slip = services.slips.for_referral(admin, ref.created_id)
    assert slip is not None and slip.sent_to == MARKET_OFFICE and slip.deadline == dt.date(2026, 11, 9)
    assert slip.referral_number == "客商交办字〔2026〕第001号" and slip.case_number
    assert "摊位电子秤疑似被改动" in slip.asked and "请于7日内派员复秤" in slip.asked
    text = text_of(doc.pdf)
    assert MARKET_OFFICE in text and "客商交办字〔2026〕第001号" in text
    # the case's own slip is another one, from the same series
    assert case_slip(services, admin, case_id).number.endswith("第002号")
    assert {s.number for s in services.slips.for_case(admin, case_id)} == {slip.number, "客商四联字〔2026〕第002号"}


def test_the_returned_part_is_recorded_once_and_audited(services, admin) -> None:
    case_id = make_case(services, admin)
    slip = case_slip(services, admin, case_id)
    with pytest.raises(ValidationFailed) as refused:
        services.slips.record_return(admin, slip.id, returned_on=TODAY + dt.timedelta(days=1), feedback="",
                                     handled_by="")
    assert set(refused.value.field_errors) == {"feedback", "handled_by", "returned_on"}
    services.slips.record_return(admin, slip.id, returned_on=TODAY, feedback="已调解结案，双方达成书面协议。",
                                 handled_by="马调解")
    view = services.slips.get(admin, slip.id)
    assert (view.returned_on, view.return_result, view.returned_handler) == (
        TODAY, "已调解结案，双方达成书面协议。", "马调解")
    with pytest.raises(ValidationFailed):
        services.slips.record_return(admin, slip.id, returned_on=TODAY, feedback="again", handled_by="x")
    assert audit_actions(services) == ["slip.issue", "slip.return"]


def test_overdue_slips_are_listed_page_by_page_with_the_exact_total(services, admin) -> None:
    cases = [make_case(services, admin) for _ in range(5)]
    slips = [case_slip(services, admin, c) for c in cases]
    services.slips.record_return(admin, slips[1].id, returned_on=TODAY, feedback="已办结", handled_by="韩卫东")
    assert services.slips.overdue(admin).total == 0
    services.clock.set(TODAY + dt.timedelta(days=DEFAULT_RETURN_DAYS + 40))  # past every default deadline
    assert services.slips.overdue_count(admin) == 4
    seen, after, total = [], None, None
    while True:
        page = services.slips.overdue(admin, after=after, limit=2, total=total)
        assert page.total == 4 and len(page.items) <= 2
        seen += page.items
        total, after = page.total, page.next_key
        if after is None:
            break
    assert [v.number for v in seen] == sorted(s.number for i, s in enumerate(slips) if i != 1)
    assert all(v.overdue for v in seen)
    assert services.overview.today(admin).slips_overdue == 4


def test_another_committees_slips_stay_out_of_reach(services) -> None:
    from tests.services.centre import build_centre

    c = build_centre(services)
    case_id = make_case(services, c.admin)
    slip = case_slip(services, c.admin, case_id)
    with pytest.raises(PermissionDenied):
        services.slips.get(c.centre_mediator, slip.id)
    services.clock.set(TODAY + dt.timedelta(days=DEFAULT_RETURN_DAYS + 40))
    assert services.slips.overdue_count(c.centre_mediator) == 0
    assert services.slips.overdue_count(c.admin) == 1


def test_a_refused_case_gets_no_slip(services, admin) -> None:
    changes = services.intake.register(admin, market_case_input(), accept=False)
    assert changes.created_id is not None
    # registered, not refused: a slip is fine at intake
    assert case_slip(services, admin, changes.created_id).number.endswith("第001号")


def test_the_window_clerk_prints_the_slip_of_a_registration(services) -> None:
    from tests.services.centre import build_centre

    c = build_centre(services)
    changes = services.routing.register(c.window, market_case_input())
    assert changes.created_id is not None
    doc = services.slips.print_for_case(c.window, changes.created_id)
    text = text_of(doc.pdf)
    assert "中心四联字〔2026〕第001号" in text and "0971-5500110" in text  # the centre's own phone
