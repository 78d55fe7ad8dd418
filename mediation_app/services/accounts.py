"""Sign-in, user accounts and mediators. Passwords are hashed with Argon2id (argon2-cffi,
RFC 9106 low-memory profile); five failed attempts in a row (signing in, unlocking an idle window,
confirming the current password to change it) lock an account for 15 minutes, and every attempt,
also during a lock, is audited. A sign-in takes the same time whether or not the user
name exists (an unknown name is verified against a dummy hash)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from functools import cache
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from mediation_app.domain.enums import Role, Sex
from mediation_app.domain.masking import mask_id
from mediation_app.domain.permissions import Perm, combination_problem, denial
from mediation_app.i18n import _
from mediation_app.services.base import ServiceBase
from mediation_app.services.context import Actor, ChangeKind, Changes
from mediation_app.services.errors import AuthenticationFailed, Conflict, NotFound, PermissionDenied, ValidationFailed
from mediation_app.services.live_account import forget as forget_accounts
from mediation_app.services.password_policy import MIN_PASSWORD, password_problem
from mediation_app.services.read_models import MediatorView, UserView
from mediation_app.services.session_actor import actor_from
from mediation_app.storage import queries as q
from mediation_app.storage import queries_centre as qc
from mediation_app.storage.models import CaseRecord, MediatorRecord, MembershipRecord, UserRecord

__all__ = ["MIN_PASSWORD", "AccountService", "actor_of", "hash_password", "password_problem", "roles_of"]

MAX_FAILURES = 5
LOCK_MINUTES = 15
_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


@cache
def _dummy_hash() -> str:
    """Verified against when the user name does not exist, so that costs the same time."""
    return _hasher.hash("not a password of anyone " + uuid.uuid4().hex)


def roles_of(user: UserRecord) -> frozenset[Role]:
    names = [r for r in (user.roles or "").split(",") if r]
    return frozenset(Role(r) for r in names) or frozenset({Role(user.role)})


def _ordered(roles: Iterable[Role]) -> list[Role]:
    chosen = {Role(r) for r in roles}
    return [r for r in Role if r in chosen]


def _roles(text: str) -> frozenset[Role]:
    return frozenset(Role(r) for r in text.split(",") if r)


def actor_of(user: UserRecord, session: Any = None, committee_id: uuid.UUID | None = None) -> Actor:
    """The actor of ``user``. With a session, it carries every committee the user belongs to and
    works in ``committee_id`` when it is one of them (else in its home committee)."""
    if session is None:
        return actor_from(user, None)
    with session.no_autoflush:  # reading only: a read-only file's sign-in changes nothing
        found = list(qc.memberships(session, user.id))
    return actor_from(user, found, committee_id)


def user_view(u: UserRecord) -> UserView:
    return UserView(u.id, u.username, u.display_name, u.role, u.active, u.mediator_id,
                    roles=tuple(r.value for r in _ordered(roles_of(u))),
                    must_change_password=bool(u.must_change_password))


def mediator_view(m: MediatorRecord) -> MediatorView:
    return MediatorView(
        id=m.id, name=m.name, sex=m.sex, ethnicity=m.ethnicity, languages=m.languages,
        full_time=m.full_time, specialties=m.specialties, phone=m.phone, active=m.active,
    )


class AccountService(ServiceBase):
    def authenticate(self, username: str, password: str, committee_id: uuid.UUID | None = None) -> Actor:
        """``committee_id``: the committee to work in, for an account in several (its home
        committee when not given or not one of them). Failed attempts are committed (and audited) before the refusal is raised, so the
        lockout counter survives the error. The password is verified in every branch (against a
        dummy hash for an unknown name), so the time taken does not tell whether a name exists."""
        failure: str | None = None
        name = username.strip()
        # A read-only database (file or folder not writable) still lets people sign in to read;
        # nothing about the attempt can be recorded there.
        writable = not getattr(self.db, "read_only", False)
        audit = self.audit if writable else (lambda *_args, **_kw: None)
        with self.db.write() if writable else self.db.read() as s:
            user = q.user_by_username(s, name)
            now = self.clock.now()
            if user is None or not user.active:
                self._verify_hash(_dummy_hash(), password)
                audit(s, None, "auth.login", "user", name[:40], details={"result": "unknown"}, success=False)
                failure = _("Wrong user name or password.")
            elif (refused := self._attempt(user, password)) is not None:
                audit(s, None, "auth.login", "user", user.id, details=refused, success=False)
                failure = (self._locked_text(user) if refused["result"] == "locked"
                           else _("Wrong user name or password."))
            else:
                if _hasher.check_needs_rehash(user.password_hash):
                    user.password_hash = hash_password(password)
                user.last_login_at = now
                actor = actor_of(user, s, committee_id)
                audit(s, actor, "auth.login", "user", user.id,
                           details={"must_change_password": True} if actor.must_change_password else None)
        if failure:
            raise AuthenticationFailed(failure)
        return actor

    def default_sign_in_name(self) -> str | None:
        """The first active administrator's user name: what a sign-in prompt suggests."""
        with self.db.read() as s:
            for u in q.users(s):
                if u.active and Role.ADMIN in roles_of(u):
                    return u.username
        return None

    def verify_password(self, actor: Actor, password: str) -> bool:
        """Unlock after an idle lock: the signed-in user's password, checked (and audited) as a
        sign-in is — a wrong one counts towards the lockout. False for a wrong password; a locked
        account is refused (AuthenticationFailed), a deactivated one too (PermissionDenied)."""
        with self.db.write() as s:
            user = s.get(UserRecord, actor.user_id)
            refused = self._attempt(user, password) if user is not None and user.active else {"result": "inactive"}
            self.audit(s, actor, "auth.unlock", "user", actor.user_id, details=refused, success=refused is None)
        self._refuse_unless_usable(user, refused)
        return refused is None

    def _attempt(self, user: UserRecord, password: str) -> dict[str, Any] | None:
        """Check a password typed for an active ``user`` (to sign in, to unlock an idle window, to
        change it): None when right (the failures are forgotten); else what the refusal's audit entry
        says. A locked account is refused whatever is typed; each wrong password counts, and the
        fifth in a row locks the account for LOCK_MINUTES (the caller commits the count before it
        raises)."""
        now = self.clock.now()
        if user.locked_until and user.locked_until > now:
            self._verify(user, password)  # the same time as any other answer
            return {"result": "locked"}
        if not self._verify(user, password):
            user.failed_logins += 1
            locked = user.failed_logins >= MAX_FAILURES
            if locked:
                user.locked_until = now + dt.timedelta(minutes=LOCK_MINUTES)
                user.failed_logins = 0
            return {"result": "bad_password", "locked": locked}
        user.failed_logins = 0
        user.locked_until = None
        return None

    def _locked_text(self, user: UserRecord) -> str:
        until = user.locked_until or self.clock.now()
        minutes = max(1, int((until - self.clock.now()).total_seconds() // 60) + 1)
        return _("This account is locked after too many failed attempts; try again in {n} minutes.").format(n=minutes)

    def _refuse_unless_usable(self, user: UserRecord | None, refused: dict[str, Any] | None) -> None:
        """After the attempt is committed: a deactivated or locked account is refused with the reason."""
        if refused is None:
            return
        if refused["result"] == "inactive":
            raise PermissionDenied(_("Your account has been deactivated; ask an administrator."))
        if refused["result"] == "locked" and user is not None:
            raise AuthenticationFailed(self._locked_text(user))

    @staticmethod
    def _verify_hash(stored: str, password: str) -> bool:
        try:
            return _hasher.verify(stored, password)
        except (VerificationError, InvalidHashError):
            return False

    @classmethod
    def _verify(cls, user: UserRecord, password: str) -> bool:
        return cls._verify_hash(user.password_hash, password)

    def create_user(
        self,
        actor: Actor,
        username: str,
        password: str,
        display_name: str,
        role: Role,
        mediator_id: uuid.UUID | None = None,
        roles: Iterable[Role] = (),
        committee_id: uuid.UUID | None = None,
    ) -> Changes:
        """A new account. ``role`` is its main role; ``roles`` any further ones (an account may
        hold several, except that an audit administrator holds no other). ``committee_id``: its
        home committee when not the administrator's own (managing the centre's committees)."""
        self.require_role(actor, Perm.MANAGE_USERS)
        home = self._home(actor, committee_id)
        display_name = self.cleaned_texts(display_name=display_name)["display_name"]
        all_roles = _ordered({Role(role), *roles})
        errors = {}
        if not username.strip():
            errors["username"] = _("A user name is required.")
        problem = password_problem(password, username)
        if problem:
            errors["password"] = problem
        problem = combination_problem(all_roles)
        if problem:
            errors["roles"] = problem
        if not display_name.strip():
            errors["display_name"] = _("A display name is required.")
        if errors:
            raise ValidationFailed(errors)
        with self.db.write() as s:
            if mediator_id is not None:
                self._mediator(s, actor, mediator_id, home)
            if q.user_by_username(s, username.strip()):
                raise Conflict(_("The user name {name} is taken.").format(name=username.strip()))
            user = UserRecord(
                username=username.strip(),
                display_name=display_name.strip(),
                password_hash=hash_password(password),
                role=role,
                roles=",".join(r.value for r in all_roles),
                committee_id=home,
                mediator_id=mediator_id,
            )
            s.add(user)
            s.flush()
            s.add(MembershipRecord(user_id=user.id, committee_id=home, mediator_id=mediator_id,
                                   roles=user.roles))
            self.audit(s, actor, "user.create", "user", user.id,
                       details={"username": user.username, "roles": [r.value for r in all_roles]})
            return Changes.of(ChangeKind.USER, created_id=user.id)

    def change_password(self, actor: Actor, old: str, new: str) -> Changes:
        """The user's own change (also the forced one after an administrator's reset). The current
        password is checked as at a sign-in: a wrong one counts towards the lockout."""
        with self.db.write() as s:
            user = s.get(UserRecord, actor.user_id)
            if user is None:
                raise NotFound(_("No such user."))
            problem = password_problem(new, user.username)
            if problem:
                raise ValidationFailed({"password": problem})
            refused = self._attempt(user, old) if user.active else {"result": "inactive"}
            if refused is None:
                if self._verify(user, new):
                    raise ValidationFailed({"password": _("Choose a password other than the current one.")})
                user.password_hash = hash_password(new)
                user.must_change_password = False
            self.audit(s, actor, "user.password", "user", user.id, details=refused, success=refused is None)
        self._refuse_unless_usable(user, refused)
        if refused is not None:
            raise AuthenticationFailed(_("The current password is wrong."))
        return Changes.of(ChangeKind.USER)

    def list_users(self, actor: Actor, everyone: bool = False) -> list[UserView]:
        """The members of the actor's committee (``everyone``: every account of the centre, for an
        administrator of the centre's committees)."""
        self.require_role(actor, Perm.VIEW_USERS)
        if everyone:
            self.require_role(actor, Perm.MANAGE_COMMITTEES)
        with self.db.read() as s:
            return [user_view(u) for u in q.users(s, None if everyone else actor.committee_id)]

    # -- mediators ----------------------------------------------------------------------------
    def add_mediator(
        self,
        actor: Actor,
        name: str,
        sex: Sex = Sex.UNKNOWN,
        ethnicity: str | None = None,
        languages: str = "",
        full_time: bool = False,
        specialties: str = "",
        phone: str | None = None,
        committee_id: uuid.UUID | None = None,
    ) -> Changes:
        """A mediator on the roster of the actor's committee (or of ``committee_id``, for an
        administrator of the centre's committees)."""
        self.require_role(actor, Perm.MANAGE_MEDIATORS)
        home = self._home(actor, committee_id)
        texts = self.cleaned_texts(name=name, ethnicity=ethnicity, languages=languages, specialties=specialties)
        name, ethnicity, languages, specialties = texts["name"], texts["ethnicity"], texts["languages"], texts["specialties"]
        if not name.strip():
            raise ValidationFailed({"name": _("The mediator's name is required.")})
        with self.db.write() as s:
            m = MediatorRecord(
                committee_id=home, name=name.strip(), sex=sex, ethnicity=ethnicity,
                languages=languages, full_time=full_time, specialties=specialties, phone=phone,
            )
            s.add(m)
            s.flush()
            self.audit(s, actor, "mediator.add", "mediator", m.id, details={"name": m.name})
            return Changes.of(ChangeKind.MEDIATOR, created_id=m.id)

    def mediators(self, actor: Actor, active_only: bool = True,
                  committee_id: uuid.UUID | None = None) -> list[MediatorView]:
        """The roster of the actor's committee (or of another one it belongs to, or any one for an
        administrator of the centre's committees)."""
        self._require_current_password(actor)
        if committee_id is not None and committee_id != actor.committee_id and actor.membership(committee_id) is None:
            self.require_role(actor, Perm.MANAGE_COMMITTEES)
        with self.db.read() as s:
            return [mediator_view(m) for m in q.mediators(s, committee_id or actor.committee_id, active_only)]

    def update_mediator(
        self, actor: Actor, mediator_id: uuid.UUID, name: str, sex: Sex = Sex.UNKNOWN, ethnicity: str | None = None,
        languages: str = "", full_time: bool = False, specialties: str = "", phone: str | None = None,
    ) -> Changes:
        self.require_role(actor, Perm.MANAGE_MEDIATORS)
        texts = self.cleaned_texts(name=name, ethnicity=ethnicity, languages=languages, specialties=specialties)
        name, ethnicity, languages, specialties = texts["name"], texts["ethnicity"], texts["languages"], texts["specialties"]
        if not name.strip():
            raise ValidationFailed({"name": _("The mediator's name is required.")})
        with self.db.write() as s:
            m = self._mediator(s, actor, mediator_id)
            m.name, m.sex, m.ethnicity, m.languages = name.strip(), sex, ethnicity, languages.strip()
            m.full_time, m.specialties, m.phone = full_time, specialties.strip(), (phone or "").strip() or None
            self.audit(s, actor, "mediator.update", "mediator", m.id, details={"name": m.name})
            return Changes.of(ChangeKind.MEDIATOR)

    def set_mediator_active(self, actor: Actor, mediator_id: uuid.UUID, active: bool) -> Changes:
        """Mediators are never deleted (their cases keep their names); an inactive one is not offered."""
        self.require_role(actor, Perm.MANAGE_MEDIATORS)
        with self.db.write() as s:
            m = self._mediator(s, actor, mediator_id)
            m.active = active
            self.audit(s, actor, "mediator.active", "mediator", m.id, details={"active": active})
            return Changes.of(ChangeKind.MEDIATOR)

    @staticmethod
    def _mediator(s: Any, actor: Actor, mediator_id: uuid.UUID, committee_id: uuid.UUID | None = None) -> MediatorRecord:
        m: MediatorRecord | None = s.get(MediatorRecord, mediator_id)
        if m is None or m.committee_id != (committee_id or actor.committee_id):
            raise NotFound(_("No such mediator."))
        return m

    def _home(self, actor: Actor, committee_id: uuid.UUID | None) -> uuid.UUID:
        """The committee an account or mediator is added to: the actor's own, or another one for
        an administrator of the centre's committees."""
        if committee_id is None or committee_id == actor.committee_id:
            return actor.committee_id
        self.require_role(actor, Perm.MANAGE_COMMITTEES)
        return committee_id

    def set_user_active(self, actor: Actor, user_id: uuid.UUID, active: bool) -> Changes:
        self.require_role(actor, Perm.MANAGE_USERS)
        if user_id == actor.user_id and not active:
            raise ValidationFailed(message=_("You cannot deactivate your own account."))
        with self.db.write() as s:
            user = self._user(s, actor, user_id)
            self._keep_an_auditor(s, user, roles_of(user), active)
            user.active = active
            forget_accounts(self.db)  # an open window of that account sees it at once
            self.audit(s, actor, "user.active", "user", user.id, details={"active": active})
            return Changes.of(ChangeKind.USER)

    def reset_password(self, actor: Actor, user_id: uuid.UUID, new_password: str) -> Changes:
        """An administrator sets a new password; the user must change it at the next sign-in."""
        self.require_role(actor, Perm.MANAGE_USERS)
        with self.db.write() as s:
            user = self._user(s, actor, user_id)
            problem = password_problem(new_password, user.username)
            if problem:
                raise ValidationFailed({"password": problem})
            user.password_hash = hash_password(new_password)
            user.failed_logins, user.locked_until = 0, None
            user.must_change_password = user.id != actor.user_id
            forget_accounts(self.db)  # an open window of that account sees it at once
            self.audit(s, actor, "user.password_reset", "user", user.id)
            return Changes.of(ChangeKind.USER)

    def set_roles(self, actor: Actor, user_id: uuid.UUID, roles: Iterable[Role]) -> Changes:
        """An administrator sets the roles of another account (never their own: no one grants
        themselves a role)."""
        self.require_role(actor, Perm.MANAGE_USERS)
        chosen = _ordered(roles)
        problem = combination_problem(chosen)
        if problem:
            raise ValidationFailed({"roles": problem})
        if user_id == actor.user_id:
            raise PermissionDenied(_("No one may change the roles of their own account; ask another administrator."))
        with self.db.write() as s:
            user = self._user(s, actor, user_id)
            self._keep_an_auditor(s, user, frozenset(chosen), user.active)
            before = [r.value for r in _ordered(roles_of(user))]
            user.roles = ",".join(r.value for r in chosen)
            if Role(user.role) not in chosen:
                user.role = chosen[0]
            home = qc.membership(s, user.id, user.committee_id)
            if home is not None:
                home.roles = user.roles
            forget_accounts(self.db)  # an open window of that account sees it at once
            self.audit(s, actor, "user.roles", "user", user.id,
                       details={"before": before, "after": [r.value for r in chosen]})
            return Changes.of(ChangeKind.USER)

    # -- personal data ------------------------------------------------------------------------
    def reveal_identity(self, actor: Actor, case_id: uuid.UUID, purpose: str = "") -> dict[uuid.UUID, str | None]:
        """Full ID numbers of a case's parties (party id -> number), for a role that may see
        them; every reveal is audited (``pi.reveal``, the masked numbers only)."""
        with self.db.write() as s:
            case: CaseRecord | None = s.get(CaseRecord, case_id)
            if case is None:
                raise NotFound(_("No such case."))
            self.authorize(s, actor, Perm.REVEAL_ID, case)
            numbers = {link.party.id: link.party.id_number for link in case.links}
            self.audit(s, actor, "pi.reveal", "case", case.id, case.id, {
                "fields": ["id_number", "phone"], "purpose": purpose[:100],
                "parties": [mask_id(n) for n in numbers.values() if n]})
            return numbers

    def can(self, actor: Actor, action: Perm, case_id: uuid.UUID | None = None) -> str:
        """Why ``actor`` may not do ``action`` (on the case) — '' when they may. For the UI."""
        with self.db.read() as s:
            if case_id is None:
                return denial(actor.roles, action, assigned=True)
            case: CaseRecord | None = s.get(CaseRecord, case_id)
            if case is None:
                return _("No such case.")
            return self.case_denial(s, actor, case, action)

    @staticmethod
    def _keep_an_auditor(s: Any, user: UserRecord, roles_after: frozenset[Role], active_after: bool) -> None:
        """Separation of duties: the log keeps a reader outside administration. The only active audit
        administrator is neither deactivated nor deprived of the role (appoint another one first)."""
        if not (user.active and Role.AUDITOR in roles_of(user)) or (active_after and Role.AUDITOR in roles_after):
            return
        if not any(u.id != user.id and u.active and Role.AUDITOR in roles_of(u) for u in q.users(s, None)):
            raise PermissionDenied(_("This is the only audit administrator; appoint another one before you "
                                     "deactivate this account or take its role."))

    @staticmethod
    def _user(s: Any, actor: Actor, user_id: uuid.UUID) -> UserRecord:
        user: UserRecord | None = s.get(UserRecord, user_id)
        if user is None or (user.committee_id != actor.committee_id and not actor.may(Perm.MANAGE_COMMITTEES)
                            and qc.membership(s, user_id, actor.committee_id) is None):
            raise NotFound(_("No such user."))
        return user

    # -- memberships --------------------------------------------------------------------------
    def switch_committee(self, actor: Actor, committee_id: uuid.UUID) -> Actor:
        """The same signed-in account working in another of its committees (read afresh)."""
        with self.db.read() as s:
            user = s.get(UserRecord, actor.user_id)
            if user is None or not user.active:
                raise NotFound(_("No such user."))
            fresh = actor_of(user, s, committee_id)
        if fresh.committee_id != committee_id:
            raise PermissionDenied(_("Your account does not belong to that committee."))
        return fresh

    def memberships_of(self, actor: Actor, user_id: uuid.UUID) -> list[tuple[uuid.UUID, str, tuple[str, ...], bool]]:
        """The committees of one account: (committee id, short name, role values, is its home)."""
        self.require_role(actor, Perm.VIEW_USERS)
        with self.db.read() as s:
            user = self._user(s, actor, user_id)
            return [(c.id, c.short_name, tuple(r.value for r in _ordered(_roles(m.roles))),
                     c.id == user.committee_id) for m, c in qc.memberships(s, user_id)]

    def set_membership(self, actor: Actor, user_id: uuid.UUID, committee_id: uuid.UUID, roles: Iterable[Role],
                       mediator_id: uuid.UUID | None = None) -> Changes:
        """Give an account roles in a further committee (no roles: take it out of that committee;
        its home committee it always keeps). An administrator's action, never on their own account."""
        self.require_role(actor, Perm.MANAGE_COMMITTEES)
        chosen = _ordered(roles)
        if chosen:
            problem = combination_problem(chosen)
            if problem:
                raise ValidationFailed({"roles": problem})
        if user_id == actor.user_id:
            raise PermissionDenied(_("No one may change the roles of their own account; ask another administrator."))
        with self.db.write() as s:
            user: UserRecord | None = s.get(UserRecord, user_id)
            if user is None:
                raise NotFound(_("No such user."))
            from mediation_app.storage.models import CommitteeRecord

            committee = s.get(CommitteeRecord, committee_id)
            if committee is None:
                raise NotFound(_("No such committee."))
            if mediator_id is not None:
                m = s.get(MediatorRecord, mediator_id)
                if m is None or m.committee_id != committee_id:
                    raise NotFound(_("No such mediator."))
            rec = qc.membership(s, user_id, committee_id)
            if not chosen:
                if committee_id == user.committee_id:
                    raise ValidationFailed({"roles": _("An account keeps its home committee; change its roles there.")})
                if rec is not None:
                    s.delete(rec)
            else:
                if rec is None:
                    rec = MembershipRecord(user_id=user_id, committee_id=committee_id, roles="")
                    s.add(rec)
                rec.roles = ",".join(r.value for r in chosen)
                rec.mediator_id = mediator_id
                if committee_id == user.committee_id:
                    self._keep_an_auditor(s, user, frozenset(chosen), user.active)
                    user.roles = rec.roles
            forget_accounts(self.db)  # an open window of that account sees it at once
            self.audit(s, actor, "user.membership", "user", user_id,
                       details={"committee": committee.short_name, "roles": [r.value for r in chosen]})
            return Changes.of(ChangeKind.USER)
