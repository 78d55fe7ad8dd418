"""Sign-in, user accounts and mediators. Passwords are hashed with Argon2id (argon2-cffi,
RFC 9106 low-memory profile); five failed sign-ins lock an account for 15 minutes."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from mediation_app.domain.enums import Role, Sex
from mediation_app.i18n import _
from mediation_app.services.base import SUPERVISORS, ServiceBase
from mediation_app.services.context import Actor, Changes
from mediation_app.services.errors import AuthenticationFailed, Conflict, NotFound, ValidationFailed
from mediation_app.services.read_models import MediatorView, UserView
from mediation_app.storage import queries as q
from mediation_app.storage.models import MediatorRecord, UserRecord

MAX_FAILURES = 5
LOCK_MINUTES = 15
MIN_PASSWORD = 8
_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def password_problem(password: str) -> str | None:
    if len(password) < MIN_PASSWORD:
        return _("The password needs at least {n} characters.").format(n=MIN_PASSWORD)
    kinds = sum(
        (
            any(c.isdigit() for c in password),
            any(c.isalpha() for c in password),
            any(not c.isalnum() for c in password),
        )
    )
    if kinds < 2:
        return _("The password needs letters and digits (or other symbols) mixed.")
    return None


def actor_of(user: UserRecord) -> Actor:
    return Actor(
        user_id=user.id,
        username=user.username,
        display_name=user.display_name,
        role=Role(user.role),
        committee_id=user.committee_id,
        mediator_id=user.mediator_id,
    )


def mediator_view(m: MediatorRecord) -> MediatorView:
    return MediatorView(
        id=m.id, name=m.name, sex=m.sex, ethnicity=m.ethnicity, languages=m.languages,
        full_time=m.full_time, specialties=m.specialties, phone=m.phone, active=m.active,
    )


class AccountService(ServiceBase):
    def authenticate(self, username: str, password: str) -> Actor:
        """Failed attempts are committed (and audited) before the refusal is raised, so the
        lockout counter survives the error."""
        failure: str | None = None
        with self.db.write() as s:
            user = q.user_by_username(s, username.strip())
            now = self.clock.now()
            if user is None or not user.active:
                self.audit(s, None, "auth.login", "user", username.strip(), details={"result": "unknown"}, success=False)
                failure = _("Wrong user name or password.")
            elif user.locked_until and user.locked_until > now:
                minutes = max(1, int((user.locked_until - now).total_seconds() // 60) + 1)
                failure = _("This account is locked after too many failed attempts; try again in {n} minutes.").format(
                    n=minutes)
            elif not self._verify(user, password):
                user.failed_logins += 1
                if user.failed_logins >= MAX_FAILURES:
                    user.locked_until = now + dt.timedelta(minutes=LOCK_MINUTES)
                    user.failed_logins = 0
                self.audit(s, None, "auth.login", "user", user.id, details={"result": "bad_password"}, success=False)
                failure = _("Wrong user name or password.")
            else:
                if _hasher.check_needs_rehash(user.password_hash):
                    user.password_hash = hash_password(password)
                user.failed_logins = 0
                user.locked_until = None
                user.last_login_at = now
                actor = actor_of(user)
                self.audit(s, actor, "auth.login", "user", user.id)
        if failure:
            raise AuthenticationFailed(failure)
        return actor

    @staticmethod
    def _verify(user: UserRecord, password: str) -> bool:
        try:
            return _hasher.verify(user.password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    def create_user(
        self,
        actor: Actor,
        username: str,
        password: str,
        display_name: str,
        role: Role,
        mediator_id: uuid.UUID | None = None,
    ) -> Changes:
        self.require_role(actor, (Role.ADMIN,))
        display_name = self.cleaned_texts(display_name=display_name)["display_name"]
        errors = {}
        if not username.strip():
            errors["username"] = _("A user name is required.")
        problem = password_problem(password)
        if problem:
            errors["password"] = problem
        if not display_name.strip():
            errors["display_name"] = _("A display name is required.")
        if errors:
            raise ValidationFailed(errors)
        with self.db.write() as s:
            if mediator_id is not None:
                self._mediator(s, actor, mediator_id)
            if q.user_by_username(s, username.strip()):
                raise Conflict(_("The user name {name} is taken.").format(name=username.strip()))
            user = UserRecord(
                username=username.strip(),
                display_name=display_name.strip(),
                password_hash=hash_password(password),
                role=role,
                committee_id=actor.committee_id,
                mediator_id=mediator_id,
            )
            s.add(user)
            s.flush()
            self.audit(s, actor, "user.create", "user", user.id, details={"username": user.username, "role": role})
            return Changes.of("user", created_id=user.id)

    def change_password(self, actor: Actor, old: str, new: str) -> Changes:
        problem = password_problem(new)
        if problem:
            raise ValidationFailed({"password": problem})
        with self.db.write() as s:
            user = s.get(UserRecord, actor.user_id)
            if user is None:
                raise NotFound(_("No such user."))
            try:
                _hasher.verify(user.password_hash, old)
            except (VerificationError, InvalidHashError):
                raise AuthenticationFailed(_("The current password is wrong.")) from None
            user.password_hash = hash_password(new)
            self.audit(s, actor, "user.password", "user", user.id)
            return Changes.of("user")

    def list_users(self, actor: Actor) -> list[UserView]:
        self.require_role(actor, (Role.ADMIN, Role.HEAD, Role.AUDITOR))
        with self.db.read() as s:
            return [
                UserView(u.id, u.username, u.display_name, u.role, u.active, u.mediator_id)
                for u in q.users(s, actor.committee_id)
            ]

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
    ) -> Changes:
        self.require_role(actor, SUPERVISORS)
        texts = self.cleaned_texts(name=name, ethnicity=ethnicity, languages=languages, specialties=specialties)
        name, ethnicity, languages, specialties = texts["name"], texts["ethnicity"], texts["languages"], texts["specialties"]
        if not name.strip():
            raise ValidationFailed({"name": _("The mediator's name is required.")})
        with self.db.write() as s:
            m = MediatorRecord(
                committee_id=actor.committee_id, name=name.strip(), sex=sex, ethnicity=ethnicity,
                languages=languages, full_time=full_time, specialties=specialties, phone=phone,
            )
            s.add(m)
            s.flush()
            self.audit(s, actor, "mediator.add", "mediator", m.id, details={"name": m.name})
            return Changes.of("mediator", created_id=m.id)

    def mediators(self, actor: Actor, active_only: bool = True) -> list[MediatorView]:
        with self.db.read() as s:
            return [mediator_view(m) for m in q.mediators(s, actor.committee_id, active_only)]

    def update_mediator(
        self, actor: Actor, mediator_id: uuid.UUID, name: str, sex: Sex = Sex.UNKNOWN, ethnicity: str | None = None,
        languages: str = "", full_time: bool = False, specialties: str = "", phone: str | None = None,
    ) -> Changes:
        self.require_role(actor, SUPERVISORS)
        texts = self.cleaned_texts(name=name, ethnicity=ethnicity, languages=languages, specialties=specialties)
        name, ethnicity, languages, specialties = texts["name"], texts["ethnicity"], texts["languages"], texts["specialties"]
        if not name.strip():
            raise ValidationFailed({"name": _("The mediator's name is required.")})
        with self.db.write() as s:
            m = self._mediator(s, actor, mediator_id)
            m.name, m.sex, m.ethnicity, m.languages = name.strip(), sex, ethnicity, languages.strip()
            m.full_time, m.specialties, m.phone = full_time, specialties.strip(), (phone or "").strip() or None
            self.audit(s, actor, "mediator.update", "mediator", m.id, details={"name": m.name})
            return Changes.of("mediator")

    def set_mediator_active(self, actor: Actor, mediator_id: uuid.UUID, active: bool) -> Changes:
        """Mediators are never deleted (their cases keep their names); an inactive one is not offered."""
        self.require_role(actor, SUPERVISORS)
        with self.db.write() as s:
            m = self._mediator(s, actor, mediator_id)
            m.active = active
            self.audit(s, actor, "mediator.active", "mediator", m.id, details={"active": active})
            return Changes.of("mediator")

    @staticmethod
    def _mediator(s: Any, actor: Actor, mediator_id: uuid.UUID) -> MediatorRecord:
        m: MediatorRecord | None = s.get(MediatorRecord, mediator_id)
        if m is None or m.committee_id != actor.committee_id:
            raise NotFound(_("No such mediator."))
        return m

    def set_user_active(self, actor: Actor, user_id: uuid.UUID, active: bool) -> Changes:
        self.require_role(actor, (Role.ADMIN,))
        if user_id == actor.user_id and not active:
            raise ValidationFailed(message=_("You cannot deactivate your own account."))
        with self.db.write() as s:
            user = self._user(s, actor, user_id)
            user.active = active
            self.audit(s, actor, "user.active", "user", user.id, details={"active": active})
            return Changes.of("user")

    def reset_password(self, actor: Actor, user_id: uuid.UUID, new_password: str) -> Changes:
        """An administrator sets a new password (the user should change it at next sign-in)."""
        self.require_role(actor, (Role.ADMIN,))
        problem = password_problem(new_password)
        if problem:
            raise ValidationFailed({"password": problem})
        with self.db.write() as s:
            user = self._user(s, actor, user_id)
            user.password_hash = hash_password(new_password)
            user.failed_logins, user.locked_until = 0, None
            self.audit(s, actor, "user.password_reset", "user", user.id)
            return Changes.of("user")

    @staticmethod
    def _user(s: Any, actor: Actor, user_id: uuid.UUID) -> UserRecord:
        user: UserRecord | None = s.get(UserRecord, user_id)
        if user is None or user.committee_id != actor.committee_id:
            raise NotFound(_("No such user."))
        return user
