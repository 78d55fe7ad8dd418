"""Command-line sign-ins that last a few idle minutes, like sudo's timestamp (``mediation-app signin``).

``open`` follows a password sign-in (accounts.authenticate) and returns a random token; the database
keeps only its SHA-256, with the user, the workstation (host and operating-system user), the
committee worked in, when it was opened and last used, and when it expires. Each command that
uses it moves the expiry ``idle_minutes`` on (at most ``MAX_IDLE_MINUTES``, the idle-lock limit for
shared office computers). It ends when signed out, when it expires, and when the account is
deactivated or locked or its password, roles or committees change (the stamp of the sign-in no
longer matches); each end is audited (``auth.cli_signout``, ``auth.cli_expired``, ``auth.cli_revoked``)
as the opening is (``auth.cli_signin``).
"""

from __future__ import annotations

import datetime as dt
import secrets

from mediation_app.services.base import ServiceBase
from mediation_app.services.context import Actor
from mediation_app.services.session_actor import (
    DEFAULT_IDLE_MINUTES,
    MAX_IDLE_MINUTES,
    actor_from,
    end_problem,
    idle_minutes,
    token_hash,
    user_stamp,
)
from mediation_app.storage import cli_sessions as qs
from mediation_app.storage import queries_centre as qc
from mediation_app.storage.models import CliSessionRecord, UserRecord


class CommandSessionService(ServiceBase):
    def open(self, actor: Actor, workstation: str, minutes: int | None = None) -> str:
        """A new session for the signed-in ``actor`` at ``workstation``; the token (shown once).
        An earlier session of the same user at the same workstation ends (signed out)."""
        self._require_current_password(actor)
        token = secrets.token_urlsafe(32)
        limit = idle_minutes(minutes)
        with self.db.write() as s:
            user = s.get(UserRecord, actor.user_id)
            if user is None:
                raise ValueError("no such user")
            now = self.clock.now()
            for old in qs.open_sessions(s, actor.user_id, workstation):
                old.ended_at, old.end_reason = now, "signed_out"
                self.audit(s, actor, "auth.cli_signout", "cli_session", old.id, details={"replaced": True})
            rec = CliSessionRecord(token_hash=token_hash(token), user_id=actor.user_id, committee_id=actor.committee_id,
                                   workstation=workstation[:200], idle_minutes=limit,
                                   user_stamp=user_stamp(user, [m for m, _c in qc.memberships(s, user.id)]),
                                   created_at=now, last_used_at=now, expires_at=now + dt.timedelta(minutes=limit))
            s.add(rec)
            s.flush()
            self.audit(s, actor, "auth.cli_signin", "cli_session", rec.id,
                       details={"workstation": rec.workstation, "idle_minutes": limit})
        return token

    def resume(self, token: str, workstation: str) -> Actor | None:
        """The actor of a live session (its expiry moved on), else None. An expired or revoked
        session is ended here and audited; a session of another workstation is refused (audited)."""
        if getattr(self.db, "read_only", False):
            return None  # nothing can be recorded: the password is asked
        with self.db.write() as s:
            rec = qs.by_token_hash(s, token_hash(token))
            if rec is None:
                return None
            user = s.get(UserRecord, rec.user_id)
            found = list(qc.memberships(s, rec.user_id)) if user is not None else []
            now = self.clock.now()
            problem = end_problem(rec, user, user_stamp(user, [m for m, _c in found]) if user else "", workstation, now)
            actor = actor_from(user, found, rec.committee_id) if user is not None else None
            if problem == "ended":
                return None
            if problem == "workstation":
                self.audit(s, actor, "auth.cli_refused", "cli_session", rec.id,
                           details={"workstation": workstation[:200]}, success=False)
                return None
            if problem:
                rec.ended_at, rec.end_reason = now, "expired" if problem == "expired" else "revoked"
                action = "auth.cli_expired" if problem == "expired" else "auth.cli_revoked"
                self.audit(s, actor, action, "cli_session", rec.id,
                           details=None if problem == "expired" else {"reason": problem})
                return None
            rec.last_used_at, rec.expires_at = now, now + dt.timedelta(minutes=rec.idle_minutes)
            return actor

    def close(self, token: str) -> bool:
        """Sign out: the session ends now (audited). False when it had already ended."""
        with self.db.write() as s:
            rec = qs.by_token_hash(s, token_hash(token))
            if rec is None or rec.ended_at is not None:
                return False
            user = s.get(UserRecord, rec.user_id)
            actor = actor_from(user, list(qc.memberships(s, rec.user_id)), rec.committee_id) if user else None
            rec.ended_at, rec.end_reason = self.clock.now(), "signed_out"
            self.audit(s, actor, "auth.cli_signout", "cli_session", rec.id)
            return True


__all__ = ["DEFAULT_IDLE_MINUTES", "MAX_IDLE_MINUTES", "CommandSessionService", "end_problem", "idle_minutes",
           "token_hash"]
