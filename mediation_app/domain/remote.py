"""On site and remote sessions ("现场+远程", domain §4.10): the platform, where each participant
was, each party's consent to remote mediation and how identities were checked.

Pure rules: which modes are remote, and what a remote or mixed session record must hold before
it can be saved (each problem one translated sentence, keyed by the field it belongs to).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from mediation_app.domain.enums import Labelled, MeetingMode
from mediation_app.i18n import N_, _

REMOTE_MODES = frozenset({MeetingMode.VIDEO, MeetingMode.PHONE, MeetingMode.MIXED})

# offered as suggestions; the platform is free text
PLATFORM_SUGGESTIONS = ("微信视频", "腾讯会议", "移动微法院", "人民法院在线服务", "电话")


def is_remote(mode: MeetingMode | str | None) -> bool:
    """Video, phone and mixed sessions: someone took part from elsewhere."""
    if mode is None:
        return False
    try:
        return MeetingMode(mode) in REMOTE_MODES
    except ValueError:
        return False


class RemoteConsent(Labelled):
    """How a party agreed to remote mediation."""

    WRITTEN = "written"  # 书面同意
    RECORDED = "recorded"  # 录音录像确认


RemoteConsent._LABELS = {  # type: ignore[attr-defined]
    "written": N_("In writing"),
    "recorded": N_("Recorded (audio or video)"),
}


class IdentityCheck(Labelled):
    """How a remote participant's identity was checked."""

    ID_ON_CAMERA = "id_on_camera"  # 视频中出示居民身份证核对
    PLATFORM_FACE = "platform_face"  # 平台人脸识别核验
    KNOWN_TO_MEDIATOR = "known_to_mediator"  # 调解员熟识
    ID_DETAILS = "id_details"  # 核对身份证号码等身份信息
    ID_PHOTO = "id_photo"  # 发送身份证照片核对


IdentityCheck._LABELS = {  # type: ignore[attr-defined]
    "id_on_camera": N_("ID card shown on camera"),
    "platform_face": N_("Face verification on the platform"),
    "known_to_mediator": N_("Known to the mediator"),
    "id_details": N_("ID number and particulars checked"),
    "id_photo": N_("Photo of the ID card sent and checked"),
}


@dataclass(frozen=True, kw_only=True)
class Attendance:
    """Where one person present took part from, and for a party of a remote or mixed session,
    the consent and the identity check. ``ref_id``: the case-party link, participant or mediator."""

    ref_id: uuid.UUID
    remote: bool = False
    location: str = ""
    consent: RemoteConsent | None = None  # parties only: None = no consent recorded
    identity_check: IdentityCheck | None = None  # remote persons


@dataclass(frozen=True, kw_only=True)
class PartyPresent:
    ref_id: uuid.UUID
    name: str


def remote_problems(
    mode: MeetingMode, platform: str, parties: tuple[PartyPresent, ...], attendance: tuple[Attendance, ...],
) -> dict[str, str]:
    """What a remote or mixed session record lacks, keyed by field (empty for an on-site session).

    Every party present must have agreed to remote mediation, in writing or recorded; every party
    who took part remotely must have had their identity checked; a video or phone session has every
    party remote; a mixed session has at least one person remote."""
    if not is_remote(mode):
        return {}
    errors: dict[str, str] = {}
    if not platform.strip():
        errors["platform"] = _("Name the platform the remote session used, e.g. 腾讯会议 or 电话.")
    by_ref = {a.ref_id: a for a in attendance}
    no_consent, no_check, not_remote = [], [], []
    for p in parties:
        a = by_ref.get(p.ref_id)
        remote = a.remote if a is not None else mode != MeetingMode.MIXED
        if a is None or a.consent is None:
            no_consent.append(p.name)
        if remote and (a is None or a.identity_check is None):
            no_check.append(p.name)
        if not remote and mode != MeetingMode.MIXED:
            not_remote.append(p.name)
    if no_consent:
        errors["consent"] = _(
            "A remote session needs every party's consent to remote mediation; not recorded for: {names}."
        ).format(names="、".join(no_consent))
    if no_check:
        errors["identity_check"] = _(
            "Record how the identity of each party taking part remotely was checked; missing for: {names}."
        ).format(names="、".join(no_check))
    if not_remote:
        errors["attendance"] = _(
            "In a video or phone session every party takes part remotely; choose “mixed” if {names} was on site."
        ).format(names="、".join(not_remote))
    elif mode == MeetingMode.MIXED and not any(a.remote for a in attendance):
        errors["attendance"] = _("In a mixed session at least one person takes part remotely; tick who.")
    return errors
