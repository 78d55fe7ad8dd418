"""Mediation sessions (调解记录), investigations (调查记录) and evidence attachments."""

from __future__ import annotations

import datetime as dt
import json
import mimetypes
import uuid
from dataclasses import dataclass
from pathlib import Path

from mediation_app.domain.enums import CaseStatus, EvidenceKind, MeetingMode, MeetingOutcome, MeetingStatus
from mediation_app.domain.lifecycle import Action, mediation_date_blockers, recused_present_blockers, status_after
from mediation_app.domain.remote import Attendance, PartyPresent, is_remote, remote_problems
from mediation_app.domain.statistics import Period
from mediation_app.i18n import _
from mediation_app.services.base import ServiceBase
from mediation_app.services.clock import Clock
from mediation_app.services.context import Actor, ChangeKind, Changes
from mediation_app.services.errors import GuardRefused, NotFound, ValidationFailed
from mediation_app.storage import queries as q
from mediation_app.storage.db import Database
from mediation_app.storage.files import FileStore
from mediation_app.storage.models import (
    CaseRecord,
    EvidenceRecord,
    InvestigationRecord,
    MediatorRecord,
    MeetingAttendeeRecord,
    MeetingRecord,
)
from mediation_app.storage.queries_remote import held_by_mode

MAX_ATTACHMENT = 200 * 1024 * 1024


@dataclass(frozen=True, kw_only=True)
class RemoteCounts:
    """Held sessions in a period: all, and those on video, by phone or mixed (on site and remote)."""

    period: str
    held: int
    video: int
    phone: int
    mixed: int

    @property
    def remote(self) -> int:
        """Sessions where every party took part remotely (video or phone)."""
        return self.video + self.phone

    def line(self) -> str:
        return _("{period}: sessions held {held}; remote {remote} (video {video}, phone {phone}); "
                 "on site and remote {mixed}").format(period=self.period, held=self.held, remote=self.remote,
                                                      video=self.video, phone=self.phone, mixed=self.mixed)


@dataclass(frozen=True)
class MeetingInput:
    place: str
    mode: MeetingMode = MeetingMode.ON_SITE
    subject: str = ""
    scheduled_at: dt.datetime | None = None
    held_at: dt.datetime | None = None
    party_links_present: tuple[uuid.UUID, ...] = ()
    participant_ids_present: tuple[uuid.UUID, ...] = ()
    mediator_ids_present: tuple[uuid.UUID, ...] = ()
    record_text: str = ""
    outcome: MeetingOutcome | None = None
    failure_reason: str | None = None
    notice_read: bool = True
    is_public: bool = False
    recorder_name: str | None = None
    remote_identity_check: str | None = None
    statements: tuple[tuple[str, str], ...] = ()  # (speaker: a party's name or a participant's, statement)
    evidence_checked: str = ""  # what investigation results and evidence were checked with the parties
    risk_warning: str = ""  # the warning about the risks of the outcome given to the parties
    platform: str = ""  # remote and mixed sessions: 腾讯会议, 微信视频, 电话 …
    attendance: tuple[Attendance, ...] = ()  # where each person present took part from; consent, identity check


def _attendance(data: MeetingInput):  # type: ignore[no-untyped-def]
    """The attendee columns of one person present: everyone on site in an on-site session; in a
    video or phone session the parties are remote unless said otherwise."""
    remote_mode = is_remote(data.mode)
    by_ref = {a.ref_id: a for a in data.attendance}

    def where(ref_id: uuid.UUID, party: bool = False) -> dict[str, object]:
        a = by_ref.get(ref_id)
        if not remote_mode:
            return {"remote": False, "location": None, "consent": None, "identity_check": None}
        remote = a.remote if a is not None else (party and data.mode != MeetingMode.MIXED)
        return {"remote": remote, "location": (a.location.strip() or None) if a else None,
                "consent": a.consent.value if a and a.consent and party else None,
                "identity_check": a.identity_check.value if a and a.identity_check and remote else None}

    return where


class MeetingService(ServiceBase):
    def __init__(self, db: Database, clock: Clock, files: FileStore) -> None:
        super().__init__(db, clock)
        self.files = files

    def _advance(self, s, actor: Actor, case: CaseRecord, action: Action) -> None:  # type: ignore[no-untyped-def]
        target = status_after(action, CaseStatus(case.status))
        if target:
            self.move(s, actor, case, target)

    def schedule(self, actor: Actor, case_id: uuid.UUID, data: MeetingInput) -> Changes:
        self.require_role(actor)
        data = self.cleaned(data)
        errors = {}
        if data.scheduled_at is None:
            errors["scheduled_at"] = _("Choose the date and time of the session.")
        if not data.place.strip() and data.mode == MeetingMode.ON_SITE:
            errors["place"] = _("Where will the session take place?")
        if errors:
            raise ValidationFailed(errors)
        with self.db.write() as s:
            case = self.load_case(s, actor, case_id)
            self.guard(Action.SCHEDULE_MEETING, self.facts(s, case))
            m = MeetingRecord(case_id=case.id, status=MeetingStatus.SCHEDULED, scheduled_at=data.scheduled_at,
                              place=data.place.strip(), mode=data.mode, subject=data.subject.strip(),
                              is_public=data.is_public)
            s.add(m)
            s.flush()
            self._advance(s, actor, case, Action.SCHEDULE_MEETING)
            self.audit(s, actor, "meeting.schedule", "meeting", m.id, case.id, {"at": data.scheduled_at})
            return self.changes(s, ChangeKind.MEETING, case.id, created_id=m.id)

    def record(self, actor: Actor, case_id: uuid.UUID, data: MeetingInput, meeting_id: uuid.UUID | None = None) -> Changes:
        """Record a held session (fact 23): parties present, participants, mediators, the record
        text and the outcome. Records a scheduled one when ``meeting_id`` is given."""
        self.require_role(actor)
        data = self.cleaned(data)
        errors: dict[str, str] = {}
        if not data.record_text.strip():
            errors["record_text"] = _("The session record is empty; write what was said and agreed.")
        if not data.party_links_present:
            errors["party_links_present"] = _("Tick the parties who were present.")
        if not data.mediator_ids_present:
            errors["mediator_ids_present"] = _("Tick the mediators who conducted the session.")
        if data.outcome is None:
            errors["outcome"] = _("Choose the outcome of the session.")
        if data.outcome == MeetingOutcome.FAILED and not (data.failure_reason or "").strip():
            errors["failure_reason"] = _("Give the reason no agreement was reached.")
        if not data.place.strip() and data.mode == MeetingMode.ON_SITE:
            errors["place"] = _("Where did the session take place?")
        if errors:
            raise ValidationFailed(errors)
        with self.db.write() as s:
            case = self.load_case(s, actor, case_id)
            facts = self.facts(s, case)
            self.guard(Action.RECORD_MEETING, facts)
            mediators = {mid: s.get(MediatorRecord, mid) for mid in dict.fromkeys(data.mediator_ids_present)}
            if any(med is None or med.committee_id != case.committee_id for med in mediators.values()):
                raise ValidationFailed({"mediator_ids_present": _("A ticked mediator is not on this committee's roster.")})
            held_on = (data.held_at or self.clock.now()).astimezone().date()
            dated = recused_present_blockers(facts, {mid: med.name for mid, med in mediators.items() if med}) + (
                mediation_date_blockers(facts, held_on, self.clock.today(), _("The session")))
            if dated:
                raise GuardRefused(dated)
            links = {link.id: link for link in case.links}
            unknown = [lid for lid in data.party_links_present if lid not in links]
            if unknown:
                raise ValidationFailed({"party_links_present": _("A ticked party is not in this case.")})
            remote = remote_problems(data.mode, data.platform, tuple(
                PartyPresent(ref_id=lid, name=links[lid].party.name) for lid in dict.fromkeys(data.party_links_present)),
                data.attendance)
            if remote:
                raise ValidationFailed(remote)
            if meeting_id:
                m = s.get(MeetingRecord, meeting_id)
                if m is None or m.case_id != case.id or m.status != MeetingStatus.SCHEDULED:
                    raise NotFound(_("No such scheduled session."))
            else:
                m = MeetingRecord(case_id=case.id, status=MeetingStatus.SCHEDULED, mode=data.mode)
                s.add(m)
            m.status = MeetingStatus.HELD
            m.held_at = data.held_at or self.clock.now()
            m.place, m.mode, m.subject = data.place.strip(), data.mode, data.subject.strip() or case.title
            m.record_text, m.outcome = data.record_text.strip(), data.outcome
            m.failure_reason = (data.failure_reason or "").strip() or None
            m.notice_read, m.is_public = data.notice_read, data.is_public
            m.recorder_name = (data.recorder_name or "").strip() or None
            m.remote_identity_check = (data.remote_identity_check or "").strip() or None
            m.platform = data.platform.strip() or None if is_remote(data.mode) else None
            m.statements = json.dumps([[who.strip(), text.strip()] for who, text in data.statements
                                       if who.strip() and text.strip()], ensure_ascii=False)
            m.evidence_checked = data.evidence_checked.strip() or None
            m.risk_warning = data.risk_warning.strip() or None
            s.flush()
            participants = {p.id: p for p in q.participants(s, case.id)}
            where = _attendance(data)
            for lid in dict.fromkeys(data.party_links_present):
                s.add(MeetingAttendeeRecord(meeting_id=m.id, kind="party", ref_id=lid, name=links[lid].party.name,
                                            **where(lid, party=True)))
            for pid in data.participant_ids_present:
                if pid in participants:
                    s.add(MeetingAttendeeRecord(meeting_id=m.id, kind="participant", ref_id=pid,
                                                name=participants[pid].name, **where(pid)))
            for mid, med in mediators.items():
                if med is not None:
                    s.add(MeetingAttendeeRecord(meeting_id=m.id, kind="mediator", ref_id=mid, name=med.name,
                                                **where(mid)))
            self._advance(s, actor, case, Action.RECORD_MEETING)
            self.audit(s, actor, "meeting.record", "meeting", m.id, case.id, {"outcome": data.outcome})
            return self.changes(s, ChangeKind.MEETING, case.id, created_id=m.id)

    def cancel(self, actor: Actor, case_id: uuid.UUID, meeting_id: uuid.UUID, reason: str) -> Changes:
        self.require_role(actor)
        reason = self.cleaned_texts(reason=reason)["reason"]
        with self.db.write() as s:
            case = self.load_case(s, actor, case_id)
            m = s.get(MeetingRecord, meeting_id)
            if m is None or m.case_id != case.id or m.status != MeetingStatus.SCHEDULED:
                raise NotFound(_("No such scheduled session."))
            m.status = MeetingStatus.CANCELLED
            self.audit(s, actor, "meeting.cancel", "meeting", m.id, case.id, {"reason": reason})
            return self.changes(s, ChangeKind.MEETING, case.id)

    def remote_counts(self, actor: Actor, period: str) -> RemoteCounts:
        """How many sessions held in ``period`` (2026, 2026-H2, 2026-Q3, 2026-09) were remote or mixed,
        over the committees whose cases the account sees."""
        self.require_role(actor)
        try:
            p = Period.parse(period)
        except ValueError as exc:
            raise ValidationFailed({"period": str(exc)}) from None
        zone = dt.datetime.now().astimezone().tzinfo
        start = dt.datetime.combine(p.start, dt.time(), zone)
        end = dt.datetime.combine(p.end + dt.timedelta(days=1), dt.time(), zone)
        with self.db.read() as s:
            counts = held_by_mode(s, actor.visible_committees(), start, end)
        return RemoteCounts(period=period, held=sum(counts.values()), video=counts.get(MeetingMode.VIDEO, 0),
                            phone=counts.get(MeetingMode.PHONE, 0), mixed=counts.get(MeetingMode.MIXED, 0))

    # -- investigations -----------------------------------------------------------------------
    def record_investigation(
        self, actor: Actor, case_id: uuid.UUID, at: dt.datetime, place: str, investigators: str,
        interviewee: str, content: str, recorder_name: str | None = None,
    ) -> Changes:
        self.require_role(actor)
        texts = self.cleaned_texts(place=place, investigators=investigators, interviewee=interviewee, content=content, recorder_name=recorder_name)
        place, investigators, interviewee, content, recorder_name = texts["place"], texts["investigators"], texts["interviewee"], texts["content"], texts["recorder_name"]
        errors = {}
        for key, value, msg in (
            ("place", place, _("Where was the investigation made?")),
            ("investigators", investigators, _("Who investigated?")),
            ("interviewee", interviewee, _("Who was questioned?")),
            ("content", content, _("Write the questions and answers.")),
        ):
            if not value.strip():
                errors[key] = msg
        if errors:
            raise ValidationFailed(errors)
        with self.db.write() as s:
            case = self.load_case(s, actor, case_id)
            self.guard(Action.RECORD_INVESTIGATION, self.facts(s, case))
            rec = InvestigationRecord(case_id=case.id, at=at, place=place.strip(), investigators=investigators.strip(),
                                      interviewee=interviewee.strip(), content=content.strip(),
                                      recorder_name=(recorder_name or "").strip() or None)
            s.add(rec)
            s.flush()
            self._advance(s, actor, case, Action.RECORD_INVESTIGATION)
            self.audit(s, actor, "investigation.record", "investigation", rec.id, case.id)
            return self.changes(s, ChangeKind.INVESTIGATION, case.id, created_id=rec.id)

    # -- evidence -----------------------------------------------------------------------------
    def add_evidence(
        self, actor: Actor, case_id: uuid.UUID, source_file: Path, title: str,
        kind: EvidenceKind = EvidenceKind.EVIDENCE, source: str | None = None, pages: int | None = None,
    ) -> Changes:
        """Copy a file into the data directory (by content hash) and list it in the case file."""
        self.require_role(actor)
        texts = self.cleaned_texts(title=title, source=source)
        title, source = texts["title"], texts["source"]
        path = Path(source_file)
        if not path.is_file():
            raise ValidationFailed({"file": _("The file {name} cannot be read.").format(name=path.name)})
        size = path.stat().st_size
        if size == 0:
            raise ValidationFailed({"file": _("The file {name} is empty.").format(name=path.name)})
        if size > MAX_ATTACHMENT:
            raise ValidationFailed({"file": _("The file {name} is larger than 200 MB.").format(name=path.name)})
        if not title.strip():
            raise ValidationFailed({"title": _("Give the material a title, e.g. 欠条 or 运单.")})
        digest = self.files.put(path.read_bytes())  # stored before the row; an orphan file is harmless
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        with self.db.write() as s:
            case = self.load_case(s, actor, case_id)
            self.guard(Action.ADD_EVIDENCE, self.facts(s, case))
            rec = EvidenceRecord(case_id=case.id, kind=kind, title=title.strip(), source=(source or "").strip() or None,
                                 pages=pages, sha256=digest, filename=path.name, mime=mime, size=size,
                                 added_by=actor.user_id)
            s.add(rec)
            s.flush()
            self.audit(s, actor, "evidence.add", "evidence", rec.id, case.id, {"sha256": digest, "kind": kind})
            return self.changes(s, ChangeKind.EVIDENCE, case.id, created_id=rec.id)

    def evidence_bytes(self, actor: Actor, case_id: uuid.UUID, evidence_id: uuid.UUID) -> tuple[str, bytes]:
        with self.db.read() as s:
            case = self.load_case(s, actor, case_id)
            rec = s.get(EvidenceRecord, evidence_id)
            if rec is None or rec.case_id != case.id:
                raise NotFound(_("No such material in this case."))
            return rec.mime, self.files.get(rec.sha256)
