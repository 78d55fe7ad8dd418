"""The merchant registry (商户名录): stalls, business types, licences, operators, active or left;
parties linked to merchants; a merchant's dispute history and the repeat-disputant warning that
intake shows when a stall or a merchant is named."""

from __future__ import annotations

import uuid
from typing import Any

from mediation_app.domain.enums import Role
from mediation_app.domain.identity import check_credit_code
from mediation_app.domain.market import DEFAULT_REPEAT_THRESHOLD, repeat_warning, stall_key
from mediation_app.domain.permissions import Perm
from mediation_app.domain.phone import check_phone
from mediation_app.i18n import _
from mediation_app.services.base import ServiceBase
from mediation_app.services.context import Actor, ChangeKind, Changes
from mediation_app.services.errors import NotFound, PermissionDenied, ValidationFailed
from mediation_app.services.market import read_models as mm
from mediation_app.storage import queries_market as qm
from mediation_app.storage.models import MarketSettingRecord, MerchantPartyRecord, MerchantRecord, PartyRecord

PAGE = 200
PAGE_MAX = 2000
MAX_THRESHOLD = 50


def merchant_problems(data: mm.MerchantInput, confirm_warnings: bool) -> tuple[mm.MerchantInput, dict[str, str],
                                                                               dict[str, str]]:
    """The input normalised, its errors and its warnings (a credit code whose check character does
    not match is a warning the user may confirm, as at intake)."""
    errors: dict[str, str] = {}
    warnings: dict[str, str] = {}
    stall = data.stall_number.strip()
    if not stall_key(stall):
        errors["stall_number"] = _("Enter the stall number.")
    if not data.name.strip():
        errors["name"] = _("Enter the merchant's name (the shop name or the operator's name).")
    code = data.credit_code.strip()
    if code:
        checked = check_credit_code(code)
        code = checked.normalized
        for issue in checked.issues:
            (errors if issue.severity == "error" else warnings)["credit_code"] = issue.message
    phone = data.operator_phone.strip()
    if phone:
        checked_phone = check_phone(phone)
        for issue in checked_phone.issues:
            (errors if issue.severity == "error" else warnings)["operator_phone"] = issue.message
        if checked_phone.ok:
            phone = checked_phone.normalized
    if confirm_warnings:
        warnings = {}
    clean = mm.MerchantInput(stall_number=stall, name=data.name.strip(), business_type=data.business_type.strip(),
                             credit_code=code, operator_name=data.operator_name.strip(), operator_phone=phone,
                             contacts=data.contacts.strip(), note=data.note.strip())
    return clean, errors, warnings


class MerchantService(ServiceBase):
    # -- reading ------------------------------------------------------------------------------
    def _require_read(self, actor: Actor) -> None:
        self.require_role(actor, Perm.REGISTER_CASE)

    def threshold(self, actor: Actor) -> int:
        with self.db.read() as s:
            return qm.repeat_threshold(s, actor.committee_id, DEFAULT_REPEAT_THRESHOLD)

    def _view(self, m: MerchantRecord, disputes: int, threshold: int) -> mm.MerchantView:
        return mm.MerchantView(
            id=m.id, stall_number=m.stall_number, name=m.name, business_type=m.business_type or "",
            credit_code=m.credit_code or "", operator_name=m.operator_name or "", operator_phone=m.operator_phone or "",
            contacts=m.contacts or "", note=m.note or "", active=m.active, left_on=m.left_on, disputes=disputes,
            repeat=threshold > 0 and disputes >= threshold)

    def list_merchants(self, actor: Actor, text: str = "", include_left: bool = False,
                       after: mm.MerchantPageKey | None = None, limit: int = PAGE) -> mm.MerchantPage:
        """A page of the committee's merchants by stall, with the exact total of the search."""
        self._require_read(actor)
        limit = max(1, min(limit, PAGE_MAX))
        text = text.strip()
        with self.db.read() as s:
            stall = stall_key(text) if text else ""
            rows = qm.list_merchants(s, actor.committee_id, text, include_left,
                                     (after.stall_key, after.id) if after else None, limit, stall)
            total = qm.count_merchants(s, actor.committee_id, text, include_left, stall)
            counts = qm.dispute_counts(s, [m.id for m in rows])
            threshold = qm.repeat_threshold(s, actor.committee_id, DEFAULT_REPEAT_THRESHOLD)
            views = tuple(self._view(m, counts.get(m.id, 0), threshold) for m in rows)
            key = mm.MerchantPageKey(rows[-1].stall_key, str(rows[-1].id)) if len(rows) == limit else None
        return mm.MerchantPage(rows=views, total=total, next_key=key)

    def _load(self, s: Any, actor: Actor, merchant_id: uuid.UUID, write: bool = True) -> MerchantRecord:
        m: MerchantRecord | None = s.get(MerchantRecord, merchant_id)
        if m is None:
            raise NotFound(_("No such merchant."))
        if write or m.committee_id != actor.committee_id:
            self.committee_reach(actor, m.committee_id, _("This merchant belongs to another committee."), write=write)
        return m

    def _record(self, s: Any, actor: Actor, m: MerchantRecord) -> mm.MerchantRecordView:
        threshold = qm.repeat_threshold(s, m.committee_id, DEFAULT_REPEAT_THRESHOLD)
        history = qm.merchant_history(s, m.id, actor.visible_committees())
        cases: dict[uuid.UUID, mm.MerchantCase] = {}
        for cid, number, title, status, registered_on, party, role in history:
            cases.setdefault(cid, mm.MerchantCase(case_id=cid, number=number, title=title, status=status,
                                                  registered_on=registered_on, party=party, role=role))
        disputes = qm.dispute_counts(s, [m.id]).get(m.id, 0)
        return mm.MerchantRecordView(
            merchant=self._view(m, disputes, threshold), cases=tuple(cases.values()),
            parties=tuple(dict.fromkeys(p.name for p in qm.linked_parties(s, m.id))),
            warning=repeat_warning(m.name, disputes, threshold), threshold=threshold)

    def record(self, actor: Actor, merchant_id: uuid.UUID) -> mm.MerchantRecordView:
        """The merchant, its dispute history (newest first) and the repeat warning."""
        self._require_read(actor)
        with self.db.read() as s:
            return self._record(s, actor, self._load(s, actor, merchant_id, write=False))

    def find_by_stall(self, actor: Actor, stall: str) -> tuple[mm.MerchantRecordView, ...]:
        """Every merchant at that stall (the present one first, then those who left)."""
        self._require_read(actor)
        key = stall_key(stall)
        if not key:
            return ()
        with self.db.read() as s:
            return tuple(self._record(s, actor, m) for m in qm.merchants_at_stall(s, actor.committee_id, key))

    def intake_check(self, actor: Actor, stall: str = "", name: str = "") -> tuple[mm.MerchantRecordView, ...]:
        """What intake shows when a stall or a merchant is named: the merchants found (by stall, else by
        shop or operator name of two or more characters), each with its history and warning."""
        found = list(self.find_by_stall(actor, stall)) if stall.strip() else []
        name = name.strip()
        if not found and len(name) >= 2:
            self._require_read(actor)
            with self.db.read() as s:
                found = [self._record(s, actor, m) for m in qm.merchants_named(s, actor.committee_id, name)]
        return tuple(found)

    def of_case_parties(self, actor: Actor, party_ids: list[uuid.UUID]) -> dict[uuid.UUID, mm.MerchantRecordView]:
        """The merchant record of each party of a case that is linked to one."""
        self.require_role(actor)
        with self.db.read() as s:
            return {pid: self._record(s, actor, m) for pid, m in qm.merchants_of_parties(s, party_ids).items()}

    # -- changing -----------------------------------------------------------------------------
    def _check_stall_free(self, s: Any, actor: Actor, key: str, except_id: uuid.UUID | None) -> None:
        for other in qm.merchants_at_stall(s, actor.committee_id, key):
            if other.active and other.id != except_id:
                raise ValidationFailed({"stall_number": _(
                    "Stall {stall} is already held by {name}; mark that merchant as left first.").format(
                    stall=other.stall_number, name=other.name)})

    def add_in(self, s: Any, actor: Actor, data: mm.MerchantInput, confirm_warnings: bool = False,
               details: dict[str, Any] | None = None) -> MerchantRecord:
        data = self.cleaned(data)
        clean, errors, warnings = merchant_problems(data, confirm_warnings)
        if errors or warnings:
            raise ValidationFailed(errors, warnings=warnings)
        key = stall_key(clean.stall_number)
        self._check_stall_free(s, actor, key, None)
        m = MerchantRecord(committee_id=actor.committee_id, stall_key=key, active=True, **_fields(clean))
        s.add(m)
        s.flush()
        self.audit(s, actor, "merchant.add", "merchant", m.id, None,
                   {"stall": clean.stall_number, "confirmed_warnings": confirm_warnings, **(details or {})})
        return m

    def add(self, actor: Actor, data: mm.MerchantInput, confirm_warnings: bool = False) -> Changes:
        self._require_read(actor)
        with self.db.write() as s:
            m = self.add_in(s, actor, data, confirm_warnings)
            return Changes.of(ChangeKind.MERCHANT, created_id=m.id)

    def edit(self, actor: Actor, merchant_id: uuid.UUID, data: mm.MerchantInput,
             confirm_warnings: bool = False) -> Changes:
        self._require_read(actor)
        data = self.cleaned(data)
        clean, errors, warnings = merchant_problems(data, confirm_warnings)
        if errors or warnings:
            raise ValidationFailed(errors, warnings=warnings)
        with self.db.write() as s:
            m = self._load(s, actor, merchant_id)
            key = stall_key(clean.stall_number)
            if m.active:
                self._check_stall_free(s, actor, key, m.id)
            before = {k: getattr(m, k) for k in _fields(clean)}
            for k, v in _fields(clean).items():
                setattr(m, k, v)
            m.stall_key = key
            changed = sorted(k for k, v in before.items() if getattr(m, k) != v)
            self.audit(s, actor, "merchant.edit", "merchant", m.id, None,
                       {"fields": changed, "confirmed_warnings": confirm_warnings})
            return Changes.of(ChangeKind.MERCHANT)

    def mark_left(self, actor: Actor, merchant_id: uuid.UUID, left: bool = True) -> Changes:
        """Mark a merchant as having left the market (its history stays), or back as active."""
        self._require_read(actor)
        with self.db.write() as s:
            m = self._load(s, actor, merchant_id)
            if not left:
                self._check_stall_free(s, actor, m.stall_key, m.id)
            m.active = not left
            m.left_on = self.clock.today() if left else None
            self.audit(s, actor, "merchant.left" if left else "merchant.returned", "merchant", m.id)
            return Changes.of(ChangeKind.MERCHANT)

    def link_party(self, actor: Actor, case_id: uuid.UUID, party_id: uuid.UUID,
                   merchant_id: uuid.UUID | None) -> Changes:
        """Link a party of the case to a merchant of the case's committee (or unlink it with ``None``):
        a change to the party, made by whoever may change the case."""
        self._require_read(actor)
        with self.db.write() as s:
            case = self.load_case(s, actor, case_id)
            party = next((link.party for link in case.links if link.party_id == party_id), None)
            if party is None:
                raise NotFound(_("No such party in this case."))
            link = s.get(MerchantPartyRecord, party_id)
            if merchant_id is None:
                if link is not None:
                    s.delete(link)
                    self.audit(s, actor, "merchant.unlink", "party", party_id, case.id,
                               {"merchant": str(link.merchant_id)})
                return Changes.of(ChangeKind.MERCHANT)
            m = self._load(s, actor, merchant_id)
            if m.committee_id != case.committee_id:
                raise PermissionDenied(_("This merchant belongs to another committee."))
            self.link_in(s, actor, party, m)
            return Changes.of(ChangeKind.MERCHANT)

    def link_in(self, s: Any, actor: Actor, party: PartyRecord, m: MerchantRecord) -> None:
        link = s.get(MerchantPartyRecord, party.id)
        if link is None:
            s.add(MerchantPartyRecord(party_id=party.id, merchant_id=m.id, linked_at=self.clock.now()))
        else:
            link.merchant_id = m.id
        if not party.stall_number:
            party.stall_number = m.stall_number
        if not party.business_type and m.business_type:
            party.business_type = m.business_type
        s.flush()
        self.audit(s, actor, "merchant.link", "party", party.id, None, {"merchant": str(m.id)})

    def set_threshold(self, actor: Actor, threshold: int) -> Changes:
        """Disputes on record from which intake warns of a repeat disputant (0 = no warning)."""
        self.require_role(actor, (Role.HEAD, Role.ADMIN))
        if not 0 <= threshold <= MAX_THRESHOLD:
            raise ValidationFailed({"threshold": _("The threshold must be between 0 (no warning) and {max}.").format(
                max=MAX_THRESHOLD)})
        with self.db.write() as s:
            rec = s.get(MarketSettingRecord, actor.committee_id)
            if rec is None:
                s.add(MarketSettingRecord(committee_id=actor.committee_id, repeat_threshold=threshold))
            else:
                rec.repeat_threshold = threshold
            self.audit(s, actor, "merchant.threshold", "committee", actor.committee_id, None, {"threshold": threshold})
            return Changes.of(ChangeKind.SETTINGS)


def link_by_stall(s: Any, case: Any, now: Any) -> list[tuple[uuid.UUID, uuid.UUID]]:
    """Link each party of a new case that names a stall, and is linked to no merchant yet, to the
    one merchant active at that stall in the case's committee: (party id, merchant id) linked."""
    out: list[tuple[uuid.UUID, uuid.UUID]] = []
    for link in case.links:
        party = link.party
        if not party.stall_number or s.get(MerchantPartyRecord, party.id) is not None:
            continue
        active = [m for m in qm.merchants_at_stall(s, case.committee_id, stall_key(party.stall_number)) if m.active]
        if len(active) == 1:
            s.add(MerchantPartyRecord(party_id=party.id, merchant_id=active[0].id, linked_at=now))
            out.append((party.id, active[0].id))
    if out:
        s.flush()
    return out


def _fields(clean: mm.MerchantInput) -> dict[str, Any]:
    return {"stall_number": clean.stall_number, "name": clean.name, "business_type": clean.business_type,
            "credit_code": clean.credit_code or None, "operator_name": clean.operator_name,
            "operator_phone": clean.operator_phone or None, "contacts": clean.contacts, "note": clean.note}
