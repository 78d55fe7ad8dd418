"""First run: create the committee, the first administrator and the seed lists."""

from __future__ import annotations

from mediation_app.domain.enums import CommitteeKind, DeadlineRule, Role, Sex
from mediation_app.domain.numbering import (
    CASE_WORD,
    DEFAULT_PATTERN,
    centre_pattern_problem,
    check_pattern,
    format_case_number,
)
from mediation_app.domain.permissions import Perm
from mediation_app.i18n import _
from mediation_app.services.accounts import actor_of, hash_password, password_problem
from mediation_app.services.base import ServiceBase
from mediation_app.services.context import Actor, ChangeKind, Changes
from mediation_app.services.errors import Conflict, NotFound, ValidationFailed
from mediation_app.services.read_models import CommitteeView, Workplace
from mediation_app.services.seeds import LOOKUPS, PERSONAL_STATUS_SUBTYPES, SUBTYPES
from mediation_app.storage import queries as q
from mediation_app.storage import queries_centre as qc
from mediation_app.storage.models import (
    CommitteeRecord,
    DisputeSubtypeRecord,
    LookupRecord,
    MediatorRecord,
    MembershipRecord,
    UserRecord,
)


def committee_view(c: CommitteeRecord) -> CommitteeView:
    return CommitteeView(
        id=c.id, name=c.name, short_name=c.short_name, kind=c.kind, number_pattern=c.number_pattern,
        case_word=c.case_word, agreement_word=c.agreement_word, deadline_rule=c.deadline_rule,
        address=c.address, phone=c.phone,
    )


class SetupService(ServiceBase):
    def is_initialised(self) -> bool:
        with self.db.read() as s:
            return q.committee_count(s) > 0

    def workplace(self) -> Workplace:
        """What the sign-in window names before anyone signs in: the committees this database
        keeps (in the order they were set up) and where the database is."""
        with self.db.read() as s:
            names = tuple(c.name for c in q.committees(s) if c.active)
        return Workplace(committees=names, database=self.db.location(), server=not self.db.is_sqlite)

    def initialise(
        self,
        committee_name: str,
        short_name: str,
        kind: CommitteeKind,
        admin_username: str,
        admin_password: str,
        admin_display_name: str,
        number_pattern: str = DEFAULT_PATTERN,
        deadline_rule: DeadlineRule = DeadlineRule.CALENDAR_MONTH,
        admin_is_mediator: bool = True,
    ) -> Actor:
        texts = self.cleaned_texts(committee_name=committee_name, short_name=short_name,
                                   admin_display_name=admin_display_name)
        committee_name, short_name = texts["committee_name"], texts["short_name"]
        admin_display_name = texts["admin_display_name"]
        errors: dict[str, str] = {}
        if not committee_name.strip():
            errors["committee_name"] = _("The committee's name is required.")
        if not short_name.strip():
            errors["short_name"] = _("A short name for case numbers is required, e.g. 客商.")
        elif len(short_name.strip()) > 12:
            errors["short_name"] = _("The short name should be at most 12 characters.")
        if not admin_username.strip():
            errors["admin_username"] = _("A user name is required.")
        problem = password_problem(admin_password, admin_username)
        if problem:
            errors["admin_password"] = problem
        pattern = check_pattern(number_pattern)
        if not pattern.ok:
            errors["number_pattern"] = pattern.errors[0].message
        if errors:
            raise ValidationFailed(errors)
        with self.db.write() as s:
            if q.committee_count(s):
                raise Conflict(_("This database has already been set up."))
            committee = CommitteeRecord(
                name=committee_name.strip(), short_name=short_name.strip(), kind=kind,
                number_pattern=number_pattern, deadline_rule=deadline_rule,
            )
            s.add(committee)
            s.flush()
            mediator = None
            if admin_is_mediator:
                mediator = MediatorRecord(
                    committee_id=committee.id, name=(admin_display_name or admin_username).strip(),
                    sex=Sex.UNKNOWN, full_time=True,
                )
                s.add(mediator)
                s.flush()
            user = UserRecord(
                username=admin_username.strip(), display_name=(admin_display_name or admin_username).strip(),
                password_hash=hash_password(admin_password), role=Role.ADMIN, committee_id=committee.id,
                # The first account keeps the office going: administrator and committee head.
                roles=f"{Role.ADMIN.value},{Role.HEAD.value}",
                mediator_id=mediator.id if mediator else None,
            )
            s.add(user)
            s.flush()
            s.add(MembershipRecord(user_id=user.id, committee_id=committee.id, roles=user.roles,
                                   mediator_id=user.mediator_id))
            for kind_name, items in LOOKUPS.items():
                for sort, (code, label) in enumerate(items):
                    s.add(LookupRecord(kind=kind_name, code=code, label=label, sort=sort))
            for code, label, core in SUBTYPES:
                s.add(DisputeSubtypeRecord(code=code, label=label, core_type=core,
                                           personal_status=code in PERSONAL_STATUS_SUBTYPES))
            s.flush()
            # this site's identity for hand-over (its signing key, kept in the database so that every
            # backup carries it) is made with the database, before anything is signed or paired
            from mediation_app.services.handover.identity import ensure_identity  # cryptography: at set-up only

            ensure_identity(s)
            actor = actor_of(user, s)
            self.audit(s, actor, "setup.initialise", "committee", committee.id, details={"name": committee.name})
            return actor

    def update_committee(
        self, actor: Actor, name: str, short_name: str, kind: CommitteeKind, number_pattern: str,
        deadline_rule: DeadlineRule, address: str | None = None, phone: str | None = None,
    ) -> Changes:
        """Committee settings. A new short name or pattern applies to numbers issued from now on;
        numbers already issued never change, and serials continue (never reused)."""
        self.require_role(actor, Perm.MANAGE_SETTINGS)
        texts = self.cleaned_texts(name=name, short_name=short_name, address=address)
        name, short_name, address = texts["name"], texts["short_name"], texts["address"]
        errors: dict[str, str] = {}
        if not name.strip():
            errors["name"] = _("The committee's name is required.")
        if not short_name.strip():
            errors["short_name"] = _("A short name for case numbers is required, e.g. 客商.")
        elif len(short_name.strip()) > 12:
            errors["short_name"] = _("The short name should be at most 12 characters.")
        pattern = check_pattern(number_pattern)
        if not pattern.ok:
            errors["number_pattern"] = pattern.errors[0].message
        if errors:
            raise ValidationFailed(errors)
        with self.db.write() as s:
            c = s.get(CommitteeRecord, actor.committee_id)
            if c is None:
                raise NotFound(_("The committee of this account no longer exists."))
            other = qc.committee_by_short_name(s, short_name.strip())
            if other is not None and other.id != c.id:
                raise ValidationFailed({"short_name": _(
                    "The short name {short} is already used by {name}; two committees with one short name "
                    "would issue the same case numbers.").format(short=short_name.strip(), name=other.name)})
            problem = centre_pattern_problem(number_pattern) if q.committee_count(s) > 1 else None
            if problem:
                raise ValidationFailed({"number_pattern": problem})
            before = {"name": c.name, "short": c.short_name, "pattern": c.number_pattern}
            c.name, c.short_name, c.kind = name.strip(), short_name.strip(), kind
            c.number_pattern, c.deadline_rule = number_pattern, deadline_rule
            c.address, c.phone = (address or "").strip() or None, (phone or "").strip() or None
            self.audit(s, actor, "committee.update", "committee", c.id, details={"before": before})
            return Changes.of(ChangeKind.COMMITTEE)

    @staticmethod
    def preview_number(pattern: str, short_name: str, word: str = CASE_WORD, year: int | None = None,
                       serial: int = 1) -> str:
        """What a case number looks like under ``pattern`` ("" when the pattern is not valid)."""
        if not check_pattern(pattern).ok:
            return ""
        import datetime as dt

        return format_case_number(pattern, short_name, word, year or dt.date.today().year, serial)

    def preview_next_number(self, actor: Actor, pattern: str, short_name: str) -> str:
        """The next case number this committee would issue under ``pattern`` and ``short_name``."""
        year = self.clock.today().year
        with self.db.read() as s:
            last = next((c.last_serial for c in q.counters(s, actor.committee_id)
                         if c.year == year and c.series == "case"), 0)
        return self.preview_number(pattern, short_name, year=year, serial=last + 1)

    def committee(self, actor: Actor) -> CommitteeView:
        with self.db.read() as s:
            c = s.get(CommitteeRecord, actor.committee_id)
            assert c is not None
            return committee_view(c)
