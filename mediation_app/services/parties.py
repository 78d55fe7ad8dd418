"""Parties and participants of a case; per-party consent and rights-notice records."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, replace
from typing import Any

from mediation_app.documents.fonts import MISSING_MARK, TIBETAN, describe, missing_glyphs
from mediation_app.domain.enums import (
    AgentKind,
    ConsentKind,
    IdType,
    NoticeForm,
    ParticipantRole,
    PartyKind,
    PartyRole,
    Sex,
)
from mediation_app.domain.ethnicity import find_ethnicity
from mediation_app.domain.identity import age_on, check_credit_code, check_id_document, id_birth_date, id_sex
from mediation_app.domain.lifecycle import Action
from mediation_app.domain.masking import mask_id, mask_phone
from mediation_app.domain.permissions import Perm
from mediation_app.domain.phone import check_phone
from mediation_app.domain.pinyin import name_search_keys
from mediation_app.i18n import _
from mediation_app.services.base import ServiceBase
from mediation_app.services.context import Actor, ChangeKind, Changes
from mediation_app.services.errors import NotFound, PermissionDenied, ValidationFailed
from mediation_app.services.read_models import DuplicateCandidate
from mediation_app.storage import queries as q
from mediation_app.storage.models import (
    CasePartyRecord,
    CaseRecord,
    ConsentRecord,
    ParticipantRecord,
    PartyRecord,
)


@dataclass(frozen=True)
class PartyInput:
    name: str
    role: PartyRole = PartyRole.APPLICANT
    kind: PartyKind = PartyKind.NATURAL
    sex: Sex | None = None
    ethnicity: str | None = None  # GB/T 3304 code, Chinese name or English name
    birth_date: dt.date | None = None
    age: int | None = None
    id_type: IdType = IdType.RESIDENT_ID
    id_number: str = ""
    occupation: str | None = None
    address: str | None = None
    phone: str = ""
    preferred_language: str | None = None
    interpreter_needed: bool = False
    credit_code: str = ""
    legal_rep_name: str | None = None
    legal_rep_title: str | None = None
    stall_number: str | None = None
    business_type: str | None = None
    agent_name: str | None = None
    agent_phone: str | None = None
    agent_kind: str = AgentKind.AUTHORISED  # who the agent is: authorised (委托) or the minor's parent (法定代理人)
    existing_party_id: uuid.UUID | None = None  # reuse a known party (duplicate suggestion accepted)
    confirm_warnings: bool = False  # the user saw the warnings (e.g. credit-code checksum) and insists


def _agent_kind(p: PartyInput) -> str | None:
    """What the case keeps of who the agent is (case_party.agent_authority): nothing without an agent."""
    return AgentKind(p.agent_kind).value if _clean(p.agent_name) else None


def _clean(text: str | None) -> str | None:
    text = (text or "").strip()
    return text or None


def validate_party(p: PartyInput, today: dt.date, prefix: str = "") -> tuple[dict[str, Any], dict[str, str], dict[str, str]]:
    """(normalised fields, errors, warnings) for one party; field keys carry ``prefix``."""
    errors: dict[str, str] = {}
    warnings: dict[str, str] = {}
    out: dict[str, Any] = {}
    name = (p.name or "").strip()
    if not name:
        errors[prefix + "name"] = _("The party's name is required.")
    out["name"] = name
    for key, text in (("name", name), ("legal_rep_name", p.legal_rep_name), ("address", p.address)):
        missing = [ch for ch in missing_glyphs(text or "") if missing_glyphs(ch, TIBETAN)]
        if missing:  # warned now, not first discovered on a printed agreement
            warnings[prefix + key] = _(
                "The document font has no character for {chars}; it would print as {mark}. Check the spelling, "
                "or confirm to keep it.").format(chars="、".join(describe(ch) for ch in missing), mark=MISSING_MARK)
    phone = check_phone(p.phone or "")
    for issue in phone.issues:
        (errors if issue.severity == "error" else warnings)[prefix + "phone"] = issue.message
    out["phone"] = phone.value
    out["phone_raw"] = _clean(p.phone)
    if p.kind is PartyKind.LEGAL:
        code = check_credit_code(p.credit_code) if p.credit_code.strip() else None
        if code is not None:
            for issue in code.issues:
                (errors if issue.severity == "error" else warnings)[prefix + "credit_code"] = issue.message
            out["credit_code"] = code.value or code.normalized
        else:
            out["credit_code"] = None
        out.update(id_type=None, id_number=None, sex=None, ethnicity=None, birth_date=None, age=None)
        out["legal_rep_name"] = _clean(p.legal_rep_name)
        out["legal_rep_title"] = _clean(p.legal_rep_title)
        return out, errors, warnings
    id_number = None
    if (p.id_number or "").strip():  # an ID is optional at intake (walk-ins, quick entry)
        doc = check_id_document(p.id_type, p.id_number)
        for issue in doc.issues:
            (errors if issue.severity == "error" else warnings)[prefix + "id_number"] = issue.message
        id_number = doc.value if doc.ok else None
    out["id_type"] = p.id_type if (p.id_number or "").strip() else IdType.NONE
    out["id_number"] = id_number
    sex, birth, age = p.sex, p.birth_date, p.age
    if id_number and p.id_type is IdType.RESIDENT_ID:
        born, id_gender = id_birth_date(id_number), id_sex(id_number)
        if sex not in (None, Sex.UNKNOWN) and sex is not id_gender:
            warnings[prefix + "sex"] = _("The sex chosen does not match the ID number ({sex}).").format(
                sex=id_gender.label()
            )
        else:
            sex = id_gender
        birth = birth or born
    if birth and age is None:
        age = age_on(birth, today)
    if age is not None and not 0 <= age <= 130:
        errors[prefix + "age"] = _("An age of {age} is not possible.").format(age=age)
    out.update(sex=sex or Sex.UNKNOWN, birth_date=birth, age=age, credit_code=None)
    if p.ethnicity:
        eth = find_ethnicity(p.ethnicity)
        if eth is None:
            errors[prefix + "ethnicity"] = _("“{text}” is not one of the 56 ethnic groups.").format(text=p.ethnicity)
        out["ethnicity"] = eth.code if eth else None
    else:
        out["ethnicity"] = None
    out["legal_rep_name"] = out["legal_rep_title"] = None
    return out, errors, warnings


class PartyService(ServiceBase):
    # -- duplicates ---------------------------------------------------------------------------
    def find_duplicates(self, actor: Actor, p: PartyInput,
                        committee_id: uuid.UUID | None = None) -> list[DuplicateCandidate]:
        """Parties on file that look like ``p``, masked: the window learns that a person already has
        a case elsewhere. Only those on a case of ``committee_id`` (the actor's current committee by
        default) are ``reusable`` there; another committee's record is never linked or changed."""
        self.require_role(actor, Perm.REGISTER_CASE)  # whether a person has cases on file is personal data
        fields, _errors, _warnings = validate_party(p, self.clock.today())
        committee_id = committee_id or actor.committee_id
        with self.db.read() as s:
            found = q.duplicate_parties(
                s, id_number=fields.get("id_number"), credit_code=fields.get("credit_code"),
                name=fields["name"], phone=fields.get("phone"), committee_id=committee_id,
                exclude=p.existing_party_id,
            )
            reasons = {
                "same_id": _("Same ID number"),
                "same_credit_code": _("Same credit code"),
                "same_name_phone": _("Same name and phone"),
            }
            return [
                DuplicateCandidate(
                    party_id=party.id, name=party.name, reason=reasons[code],
                    id_masked=mask_id(party.id_number or party.credit_code or ""),
                    phone_masked=mask_phone(party.phone or ""), case_count=count, reusable=reusable,
                )
                for party, code, count, reusable in found
            ]

    # -- attach to cases ----------------------------------------------------------------------
    def attach(self, session: Any, actor: Actor, case: CaseRecord, p: PartyInput, prefix: str = "") -> CasePartyRecord:
        """Validate and link one party to ``case`` inside the caller's transaction."""
        p = self.cleaned(p, prefix)
        fields, errors, warnings = validate_party(p, self.clock.today(), prefix)
        if errors or (warnings and not p.confirm_warnings):
            raise ValidationFailed(errors, warnings=warnings)
        party = session.get(PartyRecord, p.existing_party_id) if p.existing_party_id else None
        if p.existing_party_id and party is None:
            raise NotFound(_("The chosen existing party no longer exists."))
        if party is not None and not q.party_in_committee(session, party.id, case.committee_id):
            raise PermissionDenied(_("The chosen party is on another committee's cases and cannot be reused here; "
                                     "enter the person afresh."))
        if party is not None and self._changes(party, p, fields):
            # particulars given anew (a new address, phone …): a record of this case's own, so that the
            # cases already on file, and the agreements signed in them, keep the particulars they had
            party = None
        if party is None:
            party = PartyRecord(kind=p.kind)
            session.add(party)
            self._fill(party, p, fields)
        position = len(case.links)
        link = CasePartyRecord(
            party=party, role=p.role, position=position,
            agent_name=_clean(p.agent_name), agent_phone=_clean(p.agent_phone),
            agent_authority=_agent_kind(p),
        )
        case.links.append(link)
        session.flush()
        if warnings:
            self.audit(session, actor, "party.warning_overridden", "party", party.id, case.id, {"fields": sorted(warnings)})
        return link

    @staticmethod
    def _changes(party: PartyRecord, p: PartyInput, fields: dict[str, Any]) -> bool:
        """Would linking ``p`` to this existing record change what the record says?"""
        if p.kind != party.kind or p.interpreter_needed != bool(party.interpreter_needed):
            return True
        unsaid = (None, "", Sex.UNKNOWN, IdType.NONE)  # a field left as it came: not a change
        if any(value not in unsaid and getattr(party, key, None) != value for key, value in fields.items()):
            return True
        given = {"occupation": p.occupation, "address": p.address, "preferred_language": p.preferred_language,
                 "stall_number": p.stall_number, "business_type": p.business_type}
        return any((text := _clean(value)) and getattr(party, key) != text for key, value in given.items())

    @staticmethod
    def _fill(party: PartyRecord, p: PartyInput, fields: dict[str, Any]) -> None:
        party.kind = p.kind
        for key, value in fields.items():
            if value is not None or getattr(party, key, None) is None:
                setattr(party, key, value)
        party.name_keys = name_search_keys(party.name)
        party.occupation = _clean(p.occupation) or party.occupation
        party.address = _clean(p.address) or party.address
        party.preferred_language = _clean(p.preferred_language) or party.preferred_language
        party.interpreter_needed = p.interpreter_needed
        party.stall_number = _clean(p.stall_number) or party.stall_number
        party.business_type = _clean(p.business_type) or party.business_type

    def add_party(self, actor: Actor, case_id: uuid.UUID, p: PartyInput) -> Changes:
        self.require_role(actor)
        p = self.cleaned(p)
        with self.db.write() as s:
            case = self.load_case(s, actor, case_id)
            self.guard(Action.EDIT_PARTIES, self.facts(s, case))
            link = self.attach(s, actor, case, p)
            refresh_parties_text(case)
            self.reindex(s, case)
            self.audit(s, actor, "party.add", "case_party", link.id, case.id, {"role": p.role})
            return self.changes(s, ChangeKind.PARTY, case.id, created_id=link.id)

    def update_party(self, actor: Actor, case_id: uuid.UUID, link_id: uuid.UUID, p: PartyInput) -> Changes:
        self.require_role(actor)
        p = self.cleaned(p)
        with self.db.write() as s:
            case = self.load_case(s, actor, case_id)
            self.guard(Action.EDIT_PARTIES, self.facts(s, case))
            link = s.get(CasePartyRecord, link_id)
            if link is None or link.case_id != case.id:
                raise NotFound(_("No such party in this case."))
            fields, errors, warnings = validate_party(p, self.clock.today())
            if errors or (warnings and not p.confirm_warnings):
                raise ValidationFailed(errors, warnings=warnings)
            if not (p.id_number or "").strip() and link.party.id_number:
                fields.pop("id_type", None)  # left empty (shown masked): the number on file and its type stay
            if self._changes(link.party, p, fields) and q.party_in_other_cases(s, link.party_id, case.id):
                # The record is also another case's party: that case, and the agreement signed or the
                # application made in it, keep the particulars they had; this case gets a record of its own.
                link.party = fork_party(s, link.party, case.id)
            self._fill(link.party, replace(p, existing_party_id=link.party_id), fields)
            link.role = p.role
            link.agent_name, link.agent_phone = _clean(p.agent_name), _clean(p.agent_phone)
            link.agent_authority = _agent_kind(p)
            refresh_parties_text(case)
            self.reindex(s, case)
            self.audit(s, actor, "party.update", "case_party", link.id, case.id)
            return self.changes(s, ChangeKind.PARTY, case.id)

    # -- consent and notice -------------------------------------------------------------------
    def record_consent(
        self,
        actor: Actor,
        case_id: uuid.UUID,
        link_id: uuid.UUID,
        kind: ConsentKind,
        on: dt.date | None = None,
        form: NoticeForm | None = None,
        note: str | None = None,
    ) -> Changes:
        """Record a rights notice, consent, refusal, withdrawal or extension consent for one party."""
        self.require_role(actor)
        note = self.cleaned_texts(note=note)["note"]
        if kind in (ConsentKind.REFUSAL, ConsentKind.WITHDRAWAL) and not (note or "").strip():
            raise ValidationFailed({"note": _("Write down what the party said when refusing or withdrawing.")})
        with self.db.write() as s:
            case = self.load_case(s, actor, case_id)
            facts = self.facts(s, case)
            if kind is ConsentKind.EXTENSION_CONSENT:
                self.guard(Action.TERMINATE, facts)  # only while mediation is open
            else:
                self.guard(Action.RECORD_CONSENT, facts)
            link = s.get(CasePartyRecord, link_id)
            if link is None or link.case_id != case.id:
                raise NotFound(_("No such party in this case."))
            ev = ConsentRecord(
                case_party_id=link.id, kind=kind, form=form, on=on or self.clock.today(),
                note=_clean(note), recorded_by=actor.user_id,
            )
            s.add(ev)
            s.flush()
            self.audit(s, actor, f"consent.{kind}", "case_party", link.id, case.id, {"form": form})
            return self.changes(s, ChangeKind.CONSENT, case.id)

    def record_all_consents(
        self, actor: Actor, case_id: uuid.UUID, on: dt.date | None = None, form: NoticeForm = NoticeForm.WRITTEN
    ) -> Changes:
        """The common case at intake: every party is given the notice and consents (one transaction:
        all of them are recorded or none)."""
        self.require_role(actor)
        with self.db.write() as s:
            case = self.load_case(s, actor, case_id)
            self.consent_all_in(s, actor, case, on or self.clock.today(), form)
            return self.changes(s, ChangeKind.CONSENT, case.id)

    def consent_all_in(self, s: Any, actor: Actor, case: CaseRecord, on: dt.date, form: NoticeForm) -> None:
        """Notice and consent of every party inside the caller's transaction (also used at intake)."""
        self.guard(Action.RECORD_CONSENT, self.facts(s, case))
        if on > self.clock.today():
            raise ValidationFailed({"on": _("The notice and consent cannot be dated in the future ({date}).").format(
                date=on.isoformat())})
        for link in case.links:
            for kind in (ConsentKind.NOTICE_GIVEN, ConsentKind.CONSENT):
                s.add(ConsentRecord(case_party_id=link.id, kind=kind, form=form, on=on, recorded_by=actor.user_id))
                self.audit(s, actor, f"consent.{kind}", "case_party", link.id, case.id, {"form": form})
        s.flush()

    # -- participants -------------------------------------------------------------------------
    def add_participant(
        self,
        actor: Actor,
        case_id: uuid.UUID,
        role: ParticipantRole,
        name: str,
        organisation: str | None = None,
        relation: str | None = None,
        languages: str | None = None,
        phone: str | None = None,
        parties_consented: bool = True,
        assists_link_id: uuid.UUID | None = None,
    ) -> Changes:
        self.require_role(actor)
        texts = self.cleaned_texts(name=name, organisation=organisation, relation=relation, languages=languages)
        name, organisation, relation, languages = texts["name"], texts["organisation"], texts["relation"], texts["languages"]
        if not name.strip():
            raise ValidationFailed({"name": _("The participant's name is required.")})
        if role is ParticipantRole.INTERPRETER and not (languages or "").strip():
            raise ValidationFailed({"languages": _("Say which languages the interpreter translates, e.g. 藏语—汉语.")})
        if role is ParticipantRole.INVITED and not parties_consented:
            raise ValidationFailed(
                {"parties_consented": _("Invited participants need the parties' consent (law Art. 20).")}
            )
        with self.db.write() as s:
            case = self.load_case(s, actor, case_id)
            self.guard(Action.EDIT_PARTIES, self.facts(s, case))
            if assists_link_id is not None and assists_link_id not in {link.id for link in case.links}:
                raise ValidationFailed({"assists_link_id": _("The assisted party is not in this case.")})
            rec = ParticipantRecord(
                case_id=case.id, role=role, name=name.strip(), organisation=_clean(organisation),
                relation=_clean(relation), languages=_clean(languages), phone=_clean(phone),
                parties_consented=parties_consented, assists_link_id=assists_link_id,
            )
            s.add(rec)
            s.flush()
            self.audit(s, actor, "participant.add", "participant", rec.id, case.id, {"role": role})
            return self.changes(s, ChangeKind.PARTICIPANT, case.id, created_id=rec.id)


def fork_party(s: Any, party: PartyRecord, case_id: uuid.UUID) -> PartyRecord:
    """A copy of ``party`` for one case: its particulars, its merchant link and the fund entries of
    that case that name it follow it; the other cases keep the original record."""
    copy = PartyRecord(**{c.key: getattr(party, c.key) for c in PartyRecord.__mapper__.column_attrs
                          if c.key not in ("id", "created_at", "updated_at")})
    s.add(copy)
    s.flush()
    q.move_party_of_case(s, party.id, copy.id, case_id)
    return copy


def refresh_parties_text(case: CaseRecord) -> None:
    """The list column "张三 诉 李四": applicants, then respondents and third parties."""
    applicants = [link.party.name for link in case.links if link.role == PartyRole.APPLICANT]
    others = [link.party.name for link in case.links if link.role != PartyRole.APPLICANT]
    text = "、".join(applicants)
    if others:
        text = f"{text} — {'、'.join(others)}" if text else "、".join(others)
    case.parties_text = text[:500]
