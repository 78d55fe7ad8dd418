"""Lookup lists, dispute types and sub-types (the today overview is in services/overview.py)."""

from __future__ import annotations

from dataclasses import dataclass

from mediation_app.domain.enums import DisputeType
from mediation_app.domain.permissions import Perm
from mediation_app.i18n import _
from mediation_app.services.base import ServiceBase
from mediation_app.services.context import Actor, ChangeKind, Changes
from mediation_app.services.errors import Conflict, NotFound, ValidationFailed
from mediation_app.services.seeds import LOOKUPS
from mediation_app.storage import queries as q
from mediation_app.storage.models import DisputeSubtypeRecord, LookupRecord


@dataclass(frozen=True)
class LookupItem:
    code: str
    label: str  # translated


@dataclass(frozen=True)
class SubtypeItem:
    code: str
    label: str  # translated
    core_type: str
    personal_status: bool = False  # agreements usually concern a personal-status relation


class ReferenceService(ServiceBase):
    def lookups(self, kind: str) -> list[LookupItem]:
        with self.db.read() as s:
            return [LookupItem(i.code, _(i.label)) for i in q.lookups(s, kind)]

    def dispute_types(self) -> list[LookupItem]:
        return [LookupItem(code, label) for code, label in DisputeType.choices()]

    def subtypes(self) -> list[SubtypeItem]:
        with self.db.read() as s:
            return [SubtypeItem(t.code, _(t.label), t.core_type, t.personal_status) for t in q.subtypes(s)]


class ReferenceAdminService(ServiceBase):
    """Committee heads keep the configurable lists: dispute sub-types (each rolled up into one of the
    15 official types, fact 29) and the refusal reasons, routes and other lookup lists."""

    def add_subtype(
        self, actor: Actor, code: str, label: str, core_type: DisputeType, description: str = "",
        personal_status: bool = False,
    ) -> Changes:
        self.require_role(actor, Perm.MANAGE_LISTS)
        texts = self.cleaned_texts(label=label, description=description)
        label, description = texts["label"], texts["description"]
        code, label = code.strip(), label.strip()
        errors = {}
        if not code or not code.replace("_", "").isalnum() or not code.isascii():
            errors["code"] = _("The code may contain only letters, digits and underscores.")
        if not label:
            errors["label"] = _("Give the sub-type a name.")
        if errors:
            raise ValidationFailed(errors)
        with self.db.write() as s:
            if q.subtype(s, code):
                raise Conflict(_("The sub-type code {code} exists already.").format(code=code))
            rec = DisputeSubtypeRecord(code=code, label=label, core_type=core_type, committee_id=actor.committee_id,
                                       description=description.strip() or None, personal_status=personal_status)
            s.add(rec)
            s.flush()
            self.audit(s, actor, "reference.subtype_add", "dispute_subtype", rec.id, details={"code": code})
            return Changes.of(ChangeKind.REFERENCE, created_id=rec.id)

    def add_lookup(self, actor: Actor, kind: str, code: str, label: str) -> Changes:
        self.require_role(actor, Perm.MANAGE_LISTS)
        label = self.cleaned_texts(label=label)["label"]
        if kind not in LOOKUPS:
            raise ValidationFailed({"kind": _("Unknown list.")})
        if not code.strip() or not label.strip():
            raise ValidationFailed({"label": _("Give the entry a code and a name.")})
        with self.db.write() as s:
            if any(item.code == code.strip() for item in q.lookups(s, kind)):
                raise Conflict(_("The entry {code} exists already.").format(code=code.strip()))
            rec = LookupRecord(kind=kind, code=code.strip(), label=label.strip(), sort=len(q.lookups(s, kind)))
            s.add(rec)
            s.flush()
            self.audit(s, actor, "reference.lookup_add", "lookup_item", rec.id, details={"kind": kind, "code": code})
            return Changes.of(ChangeKind.REFERENCE, created_id=rec.id)

    def deactivate_subtype(self, actor: Actor, code: str) -> Changes:
        """A sub-type stops being offered; cases that carry it keep it (and their statistics)."""
        self.require_role(actor, Perm.MANAGE_LISTS)
        with self.db.write() as s:
            rec = q.subtype(s, code)
            if rec is None or not rec.active:
                raise NotFound(_("No such entry."))
            rec.active = False
            self.audit(s, actor, "reference.subtype_off", "dispute_subtype", rec.id, details={"code": code})
            return Changes.of(ChangeKind.REFERENCE)

    def deactivate_lookup(self, actor: Actor, kind: str, code: str) -> Changes:
        """Entries are never deleted (old cases keep their meaning); they stop being offered."""
        self.require_role(actor, Perm.MANAGE_LISTS)
        with self.db.write() as s:
            rec = next((item for item in q.lookups(s, kind) if item.code == code), None)
            if rec is None:
                raise NotFound(_("No such entry."))
            rec.active = False
            self.audit(s, actor, "reference.lookup_off", "lookup_item", rec.id, details={"kind": kind, "code": code})
            return Changes.of(ChangeKind.REFERENCE)
