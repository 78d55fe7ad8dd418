"""What one committee's account may not reach in another committee's records, and an account that
an administrator changed while its window was open: each path tried as a user would."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest

from mediation_app.domain.enums import LedgerStatus, Role
from mediation_app.domain.statistics import Period
from mediation_app.services import Services
from mediation_app.services.errors import NotFound, PermissionDenied
from mediation_app.services.exports.service import ExportOptions
from mediation_app.services.maintenance import AuditFilter
from mediation_app.services.market.read_models import MerchantInput
from mediation_app.services.read_models import CaseFilter
from mediation_app.services.stats.output import Format
from tests.factories import BUYER, make_case, market_case_input
from tests.services.centre import DESK_PASSWORD, Centre, build_centre, open_case


@pytest.fixture
def centre(services: Services) -> Centre:
    return build_centre(services)


def test_another_committees_party_is_a_hint_and_never_linked_or_changed(centre: Centre) -> None:
    svc, mm = centre.svc, centre.market_mediator
    centre_case = open_case(centre, centre.centre_head, centre.centre_mediator)  # 马福海 is the centre's party
    room_case = open_case(centre, centre.admin, mm)
    found = svc.parties.find_duplicates(mm, dataclasses.replace(BUYER, name="马福海"))
    other = next(c for c in found if not c.reusable)  # the centre's record, masked
    assert "620102198507153314" not in other.id_masked
    with pytest.raises(PermissionDenied, match="another committee"):
        svc.parties.add_party(mm, room_case, dataclasses.replace(
            BUYER, existing_party_id=other.party_id, phone="13900000000", address="A改写的地址"))
    kept = svc.cases.detail(centre.centre_head, centre_case).parties[0]
    assert kept.name == "马福海" and "A改写的地址" not in (kept.address or "")
    assert all(p.name != "马福海" or p.party_id != other.party_id
               for p in svc.cases.detail(mm, room_case).parties)
    # within the committee the same person is offered for reuse and linked
    mine = [c for c in svc.parties.find_duplicates(mm, BUYER) if c.reusable]
    assert mine and all(c.party_id != other.party_id for c in mine)


def test_a_recusal_replacement_must_be_an_active_mediator_of_the_cases_committee(centre: Centre) -> None:
    svc, head, mm = centre.svc, centre.admin, centre.market_mediator
    case_id = open_case(centre, head, mm)
    request = svc.assignment.request_recusal(head, case_id, mm.mediator_id, "当事人申请回避").created_id  # type: ignore[arg-type]
    assert request is not None
    with pytest.raises(NotFound, match="active mediator in this committee"):
        svc.assignment.decide_recusal(head, case_id, request, True, replacement_id=centre.centre_mediator.mediator_id)
    detail = svc.cases.detail(head, case_id)
    assert detail.presiding_mediator == "马秀兰"  # nothing was decided: the whole decision rolled back


def test_the_centre_heads_export_shows_in_full_only_what_the_head_may_see(centre: Centre, tmp_path: Path) -> None:
    svc, head = centre.svc, centre.centre_head
    open_case(centre, centre.admin, centre.market_mediator)  # the room's case, with full numbers
    open_case(centre, head, centre.centre_mediator)
    target = tmp_path / "all.csv"
    with pytest.raises(PermissionDenied, match="客商"):
        svc.exports.export_cases(head, CaseFilter(), target, ExportOptions(format="csv", contacts=True))
    assert not target.exists()
    # narrowed to the head's own committee it may; the room's list redacted too
    own = tmp_path / "own.csv"
    svc.exports.export_cases(head, CaseFilter(committee_id=centre.centre_id), own,
                             ExportOptions(format="csv", contacts=True))
    assert "620102198507153314" in own.read_text(encoding="utf-8-sig")
    redacted = tmp_path / "redacted.csv"
    svc.exports.export_cases(head, CaseFilter(), redacted, ExportOptions(format="csv", contacts=True, redacted=True))
    rows = list(csv.reader(io.StringIO(redacted.read_text(encoding="utf-8-sig"))))
    assert len(rows) == 3 and "620102198507153314" not in redacted.read_text(encoding="utf-8-sig")


def test_a_submitted_report_is_shown_only_to_accounts_that_see_every_committee_in_it(centre: Centre) -> None:
    svc, head, mm = centre.svc, centre.centre_head, centre.market_mediator
    open_case(centre, head, centre.centre_mediator)
    period = Period.parse("2026-Q4")
    submitted = svc.stats_submissions.submit(head, period, [centre.centre_id, centre.market_id]).created_id
    assert submitted is not None
    assert [v.id for v in svc.stats_submissions.submitted(head)] == [submitted]
    assert svc.stats_submissions.submitted(mm) == ()
    with pytest.raises(NotFound):
        svc.stats_submissions.as_submitted(mm, submitted)
    with pytest.raises(NotFound):
        svc.stats_submissions.export(mm, period, Format.XLSX, submission_id=submitted)
    book = openpyxl.load_workbook(io.BytesIO(svc.stats_submissions.export(head, period, Format.XLSX,
                                                                          submission_id=submitted)))
    assert any("中心" in str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row if v)


def test_an_administrator_reaches_only_the_funds_of_its_own_committees(centre: Centre) -> None:
    svc = centre.svc
    svc.accounts.create_user(centre.admin, "admin2", DESK_PASSWORD, "管理员二", Role.ADMIN, None,
                             committee_id=centre.market_id)
    admin2 = svc.accounts.authenticate("admin2", DESK_PASSWORD)
    case_b = open_case(centre, centre.centre_head, centre.centre_mediator)
    with pytest.raises(PermissionDenied, match="another committee"):
        svc.fund.case_fund(admin2, case_b)
    svc.fund.topup(centre.centre_head, amount="1000", paid_in_on=dt.date(2026, 11, 1), source="押金")
    party = svc.cases.detail(centre.centre_head, case_b).parties[0].party_id
    with pytest.raises(PermissionDenied, match="another committee"):
        svc.fund.pay(admin2, case_b, party_id=party, amount="100", paid_on=dt.date(2026, 11, 2))
    assert svc.fund.balance(centre.centre_head).balance_fen == 100_000
    assert svc.fund.keeps_fund(admin2) is False  # its own committee's fund it reads


def test_an_open_window_of_a_deactivated_or_changed_account_is_refused(centre: Centre) -> None:
    svc, admin, mm = centre.svc, centre.admin, centre.market_mediator
    case_id = open_case(centre, admin, mm)
    assert svc.accounts.reveal_identity(mm, case_id)  # the assigned mediator sees the numbers
    svc.accounts.set_user_active(admin, mm.user_id, False)
    with pytest.raises(PermissionDenied, match="deactivated"):
        svc.accounts.reveal_identity(mm, case_id)
    with pytest.raises(PermissionDenied, match="deactivated"):
        svc.cases.detail(mm, case_id)
    svc.accounts.set_user_active(admin, mm.user_id, True)
    assert svc.cases.detail(mm, case_id).number  # reactivated: the same window works again
    # roles changed by an administrator: sign in again; the fresh sign-in works
    head = centre.centre_head
    svc.accounts.reset_password(admin, head.user_id, "Reset-pass-2026")
    with pytest.raises(PermissionDenied, match="sign in again"):
        svc.cases.list_cases(head, CaseFilter())
    # one's own new password keeps one's window
    svc.accounts.change_password(mm, DESK_PASSWORD, "Changed-pass-2026")
    assert svc.cases.detail(mm, case_id).number


def test_a_person_given_new_particulars_gets_a_record_of_this_case(centre: Centre) -> None:
    """Reusing a person on file for a new case never rewrites what the earlier cases (and the
    agreements signed in them) say of that person; the same particulars link the same record."""
    from tests.services.test_followup import effective_agreement

    svc, head = centre.svc, centre.admin
    first = open_case(centre, head, centre.market_mediator)
    effective_agreement(svc, head, first)
    before = svc.cases.detail(head, first).parties[0]
    number = svc.cases.detail(head, first).number
    printed = svc.documents.render(head, number, "agreement").pdf
    second = open_case(centre, head, centre.market_mediator)
    assert before.party_id in {c.party_id for c in svc.parties.find_duplicates(head, BUYER) if c.reusable}
    svc.parties.add_party(head, second, dataclasses.replace(BUYER, existing_party_id=before.party_id,
                                                            address="西宁市城东区新址1号"))
    after = svc.cases.detail(head, first).parties[0]
    assert (after.party_id, after.address) == (before.party_id, before.address)
    added = svc.cases.detail(head, second).parties[-1]
    assert added.party_id != before.party_id and added.address == "西宁市城东区新址1号"
    assert svc.documents.render(head, number, "agreement").pdf == printed
    third = open_case(centre, head, centre.market_mediator)
    svc.parties.add_party(head, third, dataclasses.replace(BUYER, existing_party_id=before.party_id))
    assert svc.cases.detail(head, third).parties[-1].party_id == before.party_id  # unchanged: the same record


def test_a_copy_of_the_whole_database_is_made_only_by_who_sees_all_of_it_and_is_audited(
        centre: Centre, tmp_path: Path) -> None:
    """A backup or an archive holds every committee's records: the head of one committee among several
    may not carry it away; the administrator may, and the audit log says who wrote what where."""
    svc, admin = centre.svc, centre.admin
    open_case(centre, centre.centre_head, centre.centre_mediator)  # the centre's case, with its parties
    svc.accounts.create_user(admin, "room-head", DESK_PASSWORD, "韩主任", Role.HEAD)
    svc.accounts.create_user(admin, "auditor", DESK_PASSWORD, "审计员", Role.AUDITOR)
    room_head = centre.sign_in("room-head")
    usb = tmp_path / "usb"
    with pytest.raises(PermissionDenied, match="every committee"):
        svc.maintenance.write_archive(room_head, usb / "room-head.zip")
    with pytest.raises(PermissionDenied, match="every committee"):
        svc.maintenance.backup_now(room_head, usb / "room-head.db")
    assert not usb.exists() or not list(usb.iterdir())
    if svc.db.sqlite_path is None:
        return  # a server database is copied with the server's own tools
    svc.maintenance.write_archive(centre.centre_head, usb / "centre-head.zip")  # reads every committee
    svc.maintenance.backup_now(admin, usb / "admin.db")
    page = svc.audit_log.entries(centre.sign_in("auditor"), AuditFilter(action="maintenance."))
    made = [(r.username, r.action, r.details) for r in page.rows]
    assert [(who, action) for who, action, _d in made] == [("admin", "maintenance.backup"),
                                                           ("centre-head", "maintenance.archive")]
    assert "admin.db" in made[0][2] and "centre-head.zip" in made[1][2]


def test_a_party_is_linked_to_a_merchant_only_by_who_may_change_its_case(centre: Centre) -> None:
    """Linking a party to a merchant writes the merchant's stall into the party's record: a change to
    the case, refused to another committee's mediator and to a mediator not assigned to the case."""
    svc, mm = centre.svc, centre.market_mediator
    shop = svc.merchants.add(centre.admin, MerchantInput(stall_number="C-8", name="马家牛羊肉")).created_id
    assert shop is not None
    centre_case = open_case(centre, centre.centre_head, centre.centre_mediator)
    room_case = open_case(centre, centre.admin, mm)
    unassigned = make_case(svc, centre.admin, assigned=False)
    theirs = svc.cases.detail(centre.centre_head, centre_case).parties[1]
    with pytest.raises(PermissionDenied, match="another committee"):
        svc.merchants.link_party(mm, centre_case, theirs.party_id, shop)
    with pytest.raises(NotFound, match="No such party in this case"):  # not a party of the room's case
        svc.merchants.link_party(mm, room_case, theirs.party_id, shop)
    other = svc.cases.detail(mm, unassigned).parties[1]
    with pytest.raises(PermissionDenied, match="assigned to this case"):
        svc.merchants.link_party(mm, unassigned, other.party_id, shop)
    assert svc.cases.detail(centre.centre_head, centre_case).parties[1].stall_number == theirs.stall_number
    assert svc.merchants.record(centre.admin, shop).parties == ()
    mine = svc.cases.detail(mm, room_case).parties[1]
    svc.merchants.link_party(mm, room_case, mine.party_id, shop)
    assert svc.merchants.record(centre.admin, shop).parties == (mine.name,)


def test_the_centres_head_reads_a_rooms_ledger_and_changes_none_of_it(centre: Centre) -> None:
    """The centre's head reads every committee's records; changing a committee's screening ledger needs
    a role in that committee, as changing its cases does."""
    from tests.services.test_ledger import add_arrears_item, item_row

    svc, head = centre.svc, centre.centre_head
    item = add_arrears_item(svc.ledger, centre.admin)
    assert item in [i.id for i in svc.ledger.list(head)]
    with pytest.raises(PermissionDenied, match="another committee"):
        svc.ledger.update_status(head, item, LedgerStatus.PREVENTED, "中心派员到场，双方同意分期")
    with pytest.raises(PermissionDenied, match="another committee"):
        svc.ledger.convert_to_case(head, item, market_case_input())
    assert item_row(svc, item)[:3] == ("open", None, None)
    svc.ledger.update_status(centre.admin, item, LedgerStatus.PREVENTED, "网格员调处，双方同意分期")
    assert item_row(svc, item)[0] == "prevented"


def test_full_id_numbers_and_phones_leave_the_case_only_for_who_may_see_them(centre: Centre) -> None:
    """Reading a case gives masked ID numbers and phones to an account that may not see them in full
    (the window, a mediator not assigned, the centre's head on a room's case); the full ones come
    only with the right, or through the audited reveal."""
    svc = centre.svc
    centre_case = open_case(centre, centre.centre_head, centre.centre_mediator)
    room_case = open_case(centre, centre.admin, centre.market_mediator)
    svc.accounts.create_user(centre.admin, "centre-mediator-2", DESK_PASSWORD, "冶永林", Role.MEDIATOR,
                             svc.accounts.add_mediator(centre.admin, "冶永林", committee_id=centre.centre_id).created_id,
                             committee_id=centre.centre_id)
    unassigned = centre.sign_in("centre-mediator-2")
    full = [(BUYER.id_number, "13893126688"), ("630102197803120012", "09716123456")]

    def numbers(actor, case_id):  # type: ignore[no-untyped-def]
        return [(p.id_number, (p.phone or "").replace("-", "")) for p in svc.cases.detail(actor, case_id).parties]

    assert numbers(centre.centre_mediator, centre_case) == full
    assert numbers(centre.centre_head, centre_case) == full
    for reader, case_id in ((centre.window, centre_case), (unassigned, centre_case),
                            (centre.centre_head, room_case)):
        shown = numbers(reader, case_id)
        assert all(n not in str(shown) for pair in full for n in pair), (reader.username, shown)
        assert all(id_number and "*" in id_number and phone and "*" in phone for id_number, phone in shown)
    with pytest.raises(PermissionDenied):
        svc.accounts.reveal_identity(unassigned, centre_case)


def test_looking_up_people_and_slips_needs_a_live_account_with_a_case_role(centre: Centre) -> None:
    """Whether a person (by ID number) has cases on file is personal data: the audit administrator,
    who reads only the log, may not ask; an account deactivated meanwhile reads neither the people,
    the roster nor a referral slip in a window left open."""
    svc, mm = centre.svc, centre.market_mediator
    room_case = open_case(centre, centre.admin, mm)
    slip = svc.referrals.issue(mm, room_case, "城北区市场监督管理局", "电子秤计量争议，请核查").created_id
    assert slip is not None
    svc.accounts.create_user(centre.admin, "auditor", DESK_PASSWORD, "审计员", Role.AUDITOR)
    auditor = centre.sign_in("auditor")
    with pytest.raises(PermissionDenied):
        svc.parties.find_duplicates(auditor, BUYER)
    assert [d.name for d in svc.parties.find_duplicates(mm, BUYER)] == ["马福海"]
    svc.accounts.set_user_active(centre.admin, mm.user_id, False)
    for read in (lambda: svc.parties.find_duplicates(mm, BUYER), lambda: svc.accounts.mediators(mm),
                 lambda: svc.referrals.get(mm, slip)):
        with pytest.raises(PermissionDenied, match="deactivated"):
            read()
