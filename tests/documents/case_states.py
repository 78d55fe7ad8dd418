"""Cases in every state, built the way users build them: through the services.

Used by the every-document test and by ``scripts/render_samples.py``. Each builder returns the case
number. Natural and legal persons, oral and written agreements, refused, terminated, drafted,
effective, confirmed and archived cases.
"""

from __future__ import annotations

import datetime as dt
import io
import uuid
from dataclasses import dataclass, replace
from pathlib import Path

from mediation_app.domain.enums import (
    CaseSource,
    ConfirmationOutcome,
    DisputeType,
    EvidenceKind,
    ExecutionMethod,
    FollowUpMode,
    IdType,
    MeetingMode,
    MeetingOutcome,
    NoticeForm,
    ParticipantRole,
    PartyKind,
    PartyRole,
    PerformanceStatus,
    TerminationKind,
)
from mediation_app.services import Services
from mediation_app.services.agreements import AgreementInput, ObligationInput
from mediation_app.services.context import Actor
from mediation_app.services.intake import CaseInput, QuickEntryInput
from mediation_app.services.meetings import MeetingInput
from mediation_app.services.parties import PartyInput
from tests.factories import BUYER, CARRIER, STALLHOLDER, family_case_input, market_case_input


def scan_png() -> bytes:
    """A light grey card with a border, standing in for a scanned ID card or receipt."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (856, 540), (236, 236, 232))
    ImageDraw.Draw(image).rectangle((12, 12, 843, 527), outline=(120, 120, 120), width=4)
    buf = io.BytesIO()
    image.save(buf, "PNG")
    return buf.getvalue()
RECORDER = "王书记"
MARKET_STATEMENTS = ("到货时有三十八箱已经压坏，要求核减货款。", "装车时货物完好，损坏发生在运输途中。")
FAMILY_STATEMENTS = ("母亲年事已高，要求儿子按月给付赡养费。", "愿意赡养母亲，但希望按自己的收入分担。")


def family_input(**changes: object) -> CaseInput:
    """The family case with a woman's identity number for 才让卓玛 (the ID carries the sex)."""
    data = family_case_input()
    mother = replace(data.parties[0], id_number="630121199001011226")
    return replace(data, parties=(mother, *data.parties[1:]), **changes)  # type: ignore[arg-type]
COURT = "西宁市城北区人民法院"


@dataclass(frozen=True)
class Built:
    state: str
    number: str
    case_id: uuid.UUID


class CaseBuilder:
    def __init__(self, svc: Services, actor: Actor, files: Path):
        self.svc, self.actor, self.files = svc, actor, files
        files.mkdir(parents=True, exist_ok=True)

    # -- steps ---------------------------------------------------------------------------------
    def _open(self, data: CaseInput) -> uuid.UUID:
        svc, a = self.svc, self.actor
        case_id = svc.intake.register(a, data, accept=True).created_id
        assert case_id is not None
        svc.parties.record_all_consents(a, case_id)
        assert a.mediator_id is not None
        svc.assignment.assign(a, case_id, a.mediator_id)
        return case_id

    def _links(self, case_id: uuid.UUID) -> list[uuid.UUID]:
        return [p.link_id for p in self.svc.cases.detail(self.actor, case_id).parties]

    def _names(self, case_id: uuid.UUID) -> list[str]:
        return [p.name for p in self.svc.cases.detail(self.actor, case_id).parties]

    def _file(self, case_id: uuid.UUID, title: str, kind: EvidenceKind, source: str = "") -> None:
        path = self.files / f"{uuid.uuid4().hex}.png"
        path.write_bytes(scan_png())
        self.svc.meetings.add_evidence(self.actor, case_id, path, title, kind=kind, source=source or None, pages=1)

    def _ids(self, case_id: uuid.UUID) -> None:
        for name in self._names(case_id):
            self._file(case_id, f"{name}身份证明", EvidenceKind.IDENTITY, name)

    def _session(self, case_id: uuid.UUID, outcome: MeetingOutcome, day: int, failure: str | None = None,
                 said: tuple[str, str] = MARKET_STATEMENTS) -> None:
        names = self._names(case_id)
        self.svc.meetings.record(self.actor, case_id, MeetingInput(
            place="集散中心人民调解室", mode=MeetingMode.ON_SITE, party_links_present=tuple(self._links(case_id)),
            held_at=dt.datetime(2026, 11, day, 9, 30).astimezone(),
            mediator_ids_present=(self.actor.mediator_id,), recorder_name=RECORDER,
            participant_ids_present=tuple(p.id for p in self.svc.cases.detail(self.actor, case_id).participants),
            statements=((names[0], said[0]), (names[1], said[1])),
            evidence_checked="核对了双方提交的材料。",
            risk_warning="告知双方：协议达成后应当按约履行；不履行的，对方可以依法起诉。",
            record_text="人民调解员向双方释明有关法律规定。", outcome=outcome,
            failure_reason=failure))

    def _written(self, case_id: uuid.UUID, *, receipt: bool = True) -> None:
        links = self._links(case_id)
        self.svc.agreements.save_draft(self.actor, case_id, AgreementInput(
            facts="申请人从被申请人处购进苹果一百二十箱，运输途中损坏三十八箱。",
            issues="损坏部分的价格如何核减，余款如何支付。",
            responsibilities="损坏系运输挤压所致，双方各自承担一半损失。",
            terms=("被申请人同意按每箱二百元核减损坏部分货款七千六百元。", "申请人分两期支付余款一万六千四百元。"),
            performance_method="银行转账至被申请人账户" + ("，被申请人收款后出具收条" if receipt else ""),
            performance_place="青海省西宁市",
            obligations=(
                ObligationInput(links[0], 1_000_000, dt.date(2026, 11, 15), links[1], "第一期货款"),
                ObligationInput(links[0], 640_000, dt.date(2026, 12, 15), links[1], "第二期货款"),
            ),
            recorder_name=RECORDER))

    def _sign(self, case_id: uuid.UUID, on: dt.date) -> None:
        for p in self.svc.cases.detail(self.actor, case_id).parties:
            method = ExecutionMethod.SIGNATURE_AND_SEAL if p.kind == PartyKind.LEGAL else (
                ExecutionMethod.SIGNATURE_AND_FINGERPRINT)
            self.svc.agreements.record_execution(self.actor, case_id, p.link_id, method, on=on)
        self.svc.agreements.record_mediator_signature_and_seal(self.actor, case_id, signed_on=on, sealed_on=on)

    def _pay_all(self, case_id: uuid.UUID) -> None:
        agreement = self.svc.cases.detail(self.actor, case_id).current_agreement
        assert agreement is not None
        for o in agreement.obligations:
            self.svc.followups.record_performance(self.actor, case_id, o.id, PerformanceStatus.PERFORMED,
                                                 o.due_on or dt.date(2026, 11, 20), o.amount_fen, "银行转账")
            self._file(case_id, f"{o.description}转账回单", EvidenceKind.RECEIPT)

    def _follow_up(self, case_id: uuid.UUID, status: PerformanceStatus) -> None:
        self.svc.followups.record_follow_up(
            self.actor, case_id, self._names(case_id)[1], dt.datetime(2026, 12, 20, 10).astimezone(),
            FollowUpMode.PHONE, status, "双方对调解结果无异议。", satisfaction="satisfied", lawsuit="",
            new_risk="", measures="")

    def _file_details(self, case_id: uuid.UUID) -> None:
        self.svc.outcomes.set_file_details(self.actor, case_id, "long", "马调解", checker="韩志刚")

    # -- the states ----------------------------------------------------------------------------
    def refused(self) -> str:
        """A grid worker reported it; a court had already taken the case."""
        svc, a = self.svc, self.actor
        case_id = svc.intake.register(a, market_case_input()).created_id
        assert case_id is not None
        svc.intake.refuse(a, case_id, "already_handled", ("lawsuit", "market_regulation"))
        return svc.cases.detail(a, case_id).number

    def terminated(self) -> str:
        """Both parties applied in writing; no agreement could be reached."""
        self.svc.clock.set(dt.date(2026, 11, 2))
        case_id = self._open(market_case_input(source=CaseSource.APPLICATION, application_form=NoticeForm.WRITTEN,
                                               referrer_name=None, referral_letter_no=None))
        self.svc.clock.set(dt.date(2026, 11, 5))
        self._session(case_id, MeetingOutcome.FAILED, 5, failure="双方对损坏箱数各执一词，分歧较大")
        self.svc.outcomes.terminate(self.actor, case_id, "双方对损坏箱数各执一词，分歧较大，调解不成",
                                    ("lawsuit", "administrative"), TerminationKind.FAILED)
        return self.svc.cases.detail(self.actor, case_id).number

    def oral(self) -> str:
        """A family dispute settled on the spot by an oral agreement."""
        self.svc.clock.set(dt.date(2026, 11, 2))
        case_id = self._open(family_input(application_form=NoticeForm.ORAL))
        self.svc.clock.set(dt.date(2026, 11, 4))
        self._session(case_id, MeetingOutcome.AGREEMENT, 4, said=FAMILY_STATEMENTS)
        self.svc.agreements.record_oral(self.actor, case_id, ("韩永福当场向才让卓玛赔礼道歉。", "双方今后互相尊重。"),
                                        "双方因赡养老人发生口角。")
        return self.svc.cases.detail(self.actor, case_id).number

    def quick(self) -> str:
        """随手调 on the market floor: an oral agreement on the spot."""
        self.svc.clock.set(dt.date(2026, 11, 6))
        changes = self.svc.intake.quick_entry(self.actor, QuickEntryInput(
            parties=(PartyInput(name="马小平", phone="13997001111"), PartyInput(name="冯超", phone="13997002222")),
            dispute_type=DisputeType.CONSUMER, subtype_code="short_weight", place="集散中心C区",
            summary="顾客称购买的牛肉短少二两。", outcome="oral_agreement",
            agreement_terms=("摊主当场补足二两牛肉。",), performed_on_the_spot=True))
        assert changes.number is not None
        return changes.number

    def drafted(self) -> str:
        """A written agreement among a buyer, a stallholder and a carrier company, not yet signed."""
        self.svc.clock.set(dt.date(2026, 11, 2))
        case_id = self._open(market_case_input(parties=(BUYER, STALLHOLDER, CARRIER)))
        self.svc.clock.set(dt.date(2026, 11, 5))
        self._session(case_id, MeetingOutcome.AGREEMENT, 5)
        self._written(case_id)
        return self.svc.cases.detail(self.actor, case_id).number

    def confirmed(self) -> str:
        """Effective, paid, followed up, confirmed by the court; a company is a party."""
        self.svc.clock.set(dt.date(2026, 11, 2))
        company = replace(CARRIER, role=PartyRole.RESPONDENT)
        case_id = self._open(market_case_input(parties=(BUYER, company), subtype_code="transit_damage"))
        self.svc.meetings.record_investigation(
            self.actor, case_id, dt.datetime(2026, 11, 3, 10).astimezone(), "集散中心停车场", "马调解", "赵德明",
            "问：装车时货物是否完好？\n答：装车时完好，有交接单。", recorder_name=RECORDER)
        self.svc.clock.set(dt.date(2026, 11, 5))
        self._session(case_id, MeetingOutcome.AGREEMENT, 5)
        self._written(case_id)
        self.svc.clock.set(dt.date(2026, 11, 6))
        self._sign(case_id, dt.date(2026, 11, 6))
        self.svc.clock.set(dt.date(2026, 11, 10))
        self.svc.confirmation.apply(self.actor, case_id, COURT, "committee", dt.date(2026, 11, 10))
        self.svc.clock.set(dt.date(2026, 12, 20))
        self._pay_all(case_id)
        conf = self.svc.cases.detail(self.actor, case_id).confirmations[-1]
        self.svc.confirmation.record_outcome(self.actor, case_id, conf.id, ConfirmationOutcome.CONFIRMED,
                                             dt.date(2026, 11, 20), "（2026）青0105民特12号")
        self.svc.clock.set(dt.date(2026, 12, 21))
        self._follow_up(case_id, PerformanceStatus.PERFORMED)
        return self.svc.cases.detail(self.actor, case_id).number

    def archived(self) -> str:
        """A market case from registration to the archive, every check passed."""
        self.svc.clock.set(dt.date(2026, 11, 2))
        case_id = self._open(market_case_input())
        self._ids(case_id)
        self.svc.clock.set(dt.date(2026, 11, 5))
        self._session(case_id, MeetingOutcome.AGREEMENT, 5)
        self._written(case_id)
        self.svc.clock.set(dt.date(2026, 11, 6))
        self._sign(case_id, dt.date(2026, 11, 6))
        self.svc.clock.set(dt.date(2026, 12, 20))
        self._pay_all(case_id)
        self.svc.clock.set(dt.date(2026, 12, 21))
        self._follow_up(case_id, PerformanceStatus.PERFORMED)
        self._file_details(case_id)
        self.svc.outcomes.close(self.actor, case_id)
        self.svc.outcomes.archive(self.actor, case_id)
        return self.svc.cases.detail(self.actor, case_id).number

    def interpreter_family(self) -> str:
        """A family case with an interpreter and a written maintenance agreement."""
        self.svc.clock.set(dt.date(2026, 11, 2))
        case_id = self._open(family_input(subtype_code="support_alimony", application_form=NoticeForm.WRITTEN))
        first = self._links(case_id)[0]
        self.svc.parties.add_participant(self.actor, case_id, ParticipantRole.INTERPRETER, "卓玛",
                                         languages="藏语—汉语", assists_link_id=first)
        self._ids(case_id)
        self.svc.clock.set(dt.date(2026, 11, 5))
        self._session(case_id, MeetingOutcome.AGREEMENT, 5, said=FAMILY_STATEMENTS)
        links = self._links(case_id)
        self.svc.agreements.save_draft(self.actor, case_id, AgreementInput(
            facts="双方系母子关系，因赡养费分担发生争执。", issues="赡养费的数额和支付方式。",
            terms=("韩永福每月向才让卓玛支付赡养费五百元。",),
            performance_method="现金当面支付，才让卓玛出具收条", performance_place="大通县",
            obligations=(ObligationInput(links[1], 50_000, dt.date(2026, 11, 30), links[0], "十一月赡养费"),),
            recorder_name=RECORDER, interpreter_name="卓玛"))
        self._sign(case_id, dt.date(2026, 11, 6))
        return self.svc.cases.detail(self.actor, case_id).number

    def all(self) -> list[Built]:
        out = []
        for state in ("refused", "terminated", "oral", "quick", "drafted", "confirmed", "archived",
                      "interpreter_family"):
            number = getattr(self, state)()
            out.append(Built(state, number, self.svc.cases.find_by_number(self.actor, number)))
        return out


def typed_values() -> list[str]:
    """Every text typed into the builders above (their ASCII letters are the user's, not codes)."""
    values: list[str] = []
    for p in (BUYER, STALLHOLDER, CARRIER, *family_input().parties):
        values += [str(v) for v in vars(p).values() if isinstance(v, str)]
    values += [str(v) for v in vars(market_case_input()).values() if isinstance(v, str)]
    return values


__all__ = ["Built", "CaseBuilder", "IdType", "typed_values"]
