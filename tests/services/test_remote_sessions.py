"""On site and remote sessions (现场+远程, domain §4.10): the platform, each participant's place,
each party's consent to remote mediation and the identity checks are required, stored and printed."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from mediation_app.domain.enums import MeetingMode, MeetingOutcome
from mediation_app.domain.remote import Attendance, IdentityCheck, RemoteConsent
from mediation_app.services.errors import ValidationFailed
from mediation_app.services.meetings import MeetingInput
from tests.factories import make_case


def _text(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).replace("\n", "")


def _mixed(detail, admin, **over) -> MeetingInput:  # type: ignore[no-untyped-def]
    buyer, seller = detail.parties
    attendance = (
        Attendance(ref_id=buyer.link_id, remote=True, location="甘肃省兰州市城关区", consent=RemoteConsent.RECORDED,
                   identity_check=IdentityCheck.ID_ON_CAMERA),
        Attendance(ref_id=seller.link_id, remote=False, consent=RemoteConsent.WRITTEN),
    )
    values = dict(place="集散中心人民调解室", mode=MeetingMode.MIXED, platform="腾讯会议",
                  party_links_present=(buyer.link_id, seller.link_id), mediator_ids_present=(admin.mediator_id,),
                  record_text="双方同意继续协商。", outcome=MeetingOutcome.CONTINUE, attendance=attendance,
                  )
    values.update(over)
    return MeetingInput(**values)  # type: ignore[arg-type]


def test_mixed_session_is_stored_and_printed_with_places_consent_and_identity(services, admin) -> None:
    case_id = make_case(services, admin)
    detail = services.cases.detail(admin, case_id)
    services.meetings.record(admin, case_id, _mixed(detail, admin))
    meeting = services.cases.detail(admin, case_id).meetings[0]
    assert meeting.mode == "mixed" and meeting.platform == "腾讯会议"
    by_name = {a.name: a for a in meeting.attendees}
    buyer, seller = (p.name for p in detail.parties)
    assert (by_name[buyer].remote, by_name[buyer].location, by_name[buyer].consent, by_name[buyer].identity_check) == (
        True, "甘肃省兰州市城关区", "recorded", "id_on_camera")
    assert (by_name[seller].remote, by_name[seller].consent, by_name[seller].identity_check) == (False, "written", None)
    text = _text(services.documents.render(admin, detail.number, "session").pdf)
    for expected in ("调解方式", "现场与远程相结合", "远程平台", "腾讯会议", "参加方式",
                     f"{buyer}（当事人）：远程参加，所在地：甘肃省兰州市城关区；同意远程调解（录音录像确认）；"
                     "身份核验方式：视频中出示居民身份证核对",
                     f"{seller}（当事人）：现场参加；同意远程调解（书面同意）", "当事人均同意以远程方式进行调解"):
        assert expected in text, expected


def test_remote_session_without_a_partys_consent_is_refused_naming_the_party(services, admin) -> None:
    case_id = make_case(services, admin)
    detail = services.cases.detail(admin, case_id)
    buyer, seller = detail.parties
    data = _mixed(detail, admin, attendance=(
        Attendance(ref_id=buyer.link_id, remote=True, consent=RemoteConsent.WRITTEN,
                   identity_check=IdentityCheck.PLATFORM_FACE),
        Attendance(ref_id=seller.link_id, remote=False),
    ))
    with pytest.raises(ValidationFailed) as refused:
        services.meetings.record(admin, case_id, data)
    assert set(refused.value.field_errors) == {"consent"}
    assert seller.name in refused.value.field_errors["consent"]
    assert buyer.name not in refused.value.field_errors["consent"]
    assert services.cases.detail(admin, case_id).meetings == ()


def test_remote_party_without_identity_check_and_missing_platform_are_refused(services, admin) -> None:
    case_id = make_case(services, admin)
    detail = services.cases.detail(admin, case_id)
    buyer, seller = detail.parties
    data = _mixed(detail, admin, mode=MeetingMode.VIDEO, platform=" ", attendance=(
        Attendance(ref_id=buyer.link_id, remote=True, consent=RemoteConsent.WRITTEN),
        Attendance(ref_id=seller.link_id, remote=True, consent=RemoteConsent.WRITTEN,
                   identity_check=IdentityCheck.KNOWN_TO_MEDIATOR),
    ))
    with pytest.raises(ValidationFailed) as refused:
        services.meetings.record(admin, case_id, data)
    errors = refused.value.field_errors
    assert set(errors) == {"platform", "identity_check"}
    assert buyer.name in errors["identity_check"] and seller.name not in errors["identity_check"]


def test_video_session_with_a_party_on_site_asks_for_mixed(services, admin) -> None:
    case_id = make_case(services, admin)
    detail = services.cases.detail(admin, case_id)
    data = _mixed(detail, admin, mode=MeetingMode.VIDEO)  # the seller is marked on site
    with pytest.raises(ValidationFailed) as refused:
        services.meetings.record(admin, case_id, data)
    assert set(refused.value.field_errors) == {"attendance"}


def test_on_site_session_prints_no_remote_lines(services, admin) -> None:
    case_id = make_case(services, admin)
    detail = services.cases.detail(admin, case_id)
    services.meetings.record(admin, case_id, _mixed(detail, admin, mode=MeetingMode.ON_SITE, attendance=()))
    meeting = services.cases.detail(admin, case_id).meetings[0]
    assert meeting.platform is None and all(a.remote is False for a in meeting.attendees)
    text = _text(services.documents.render(admin, detail.number, "session").pdf)
    assert "现场调解" in text and "远程平台" not in text and "参加方式" not in text


def test_remote_sessions_are_counted_in_the_period(services, admin) -> None:
    case_id = make_case(services, admin)
    detail = services.cases.detail(admin, case_id)
    services.meetings.record(admin, case_id, _mixed(detail, admin))
    services.meetings.record(admin, case_id, _mixed(detail, admin, mode=MeetingMode.ON_SITE, attendance=()))
    counts = services.meetings.remote_counts(admin, "2026-11")
    assert (counts.held, counts.remote, counts.mixed, counts.video) == (2, 0, 1, 0)
    assert services.meetings.remote_counts(admin, "2026-10").held == 0
