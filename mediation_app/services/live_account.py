"""Is a signed-in account still what its sign-in rested on? An account deactivated, or whose roles,
committees or forced password change were set by an administrator since, is refused on its next
action in a window already open (the command line's sessions end the same way: session_actor).

The answer is read from the database at most once a second per account and process while it agrees
with the actor, so a desk whose account is changed at another desk learns it within a second; a
change made by this process's account service is seen at once (``forget``), and nobody is refused on
an answer older than the call. Only actors made by a sign-in carry the stamp that is checked."""

from __future__ import annotations

import threading
import time
import uuid
from weakref import WeakKeyDictionary

from mediation_app.i18n import _
from mediation_app.services.context import Actor
from mediation_app.services.session_actor import access_stamp
from mediation_app.storage import queries_centre as qc
from mediation_app.storage.db import Database
from mediation_app.storage.models import UserRecord

FRESH_SECONDS = 1.0
_INACTIVE = "-"
_seen: WeakKeyDictionary[Database, dict[uuid.UUID, tuple[float, str]]] = WeakKeyDictionary()
_lock = threading.Lock()


def account_problem(db: Database, actor: Actor) -> str:
    """Why ``actor`` may no longer act ('' when it may). A recent answer that agrees with the actor
    is trusted; one that does not is read again before anyone is refused."""
    if not actor.stamp:
        return ""
    now = time.monotonic()
    with _lock:
        hit = _seen.setdefault(db, {}).get(actor.user_id)
    if hit is None or now - hit[0] > FRESH_SECONDS or hit[1] != actor.stamp:
        hit = (now, _read(db, actor.user_id))
        with _lock:
            _seen.setdefault(db, {})[actor.user_id] = hit
    if hit[1] == _INACTIVE:
        return _("Your account has been deactivated; ask an administrator.")
    if hit[1] != actor.stamp:
        return _("An administrator changed your account (its roles, committees or password) after you signed in; "
                 "sign in again.")
    return ""


def _read(db: Database, user_id: uuid.UUID) -> str:
    with db.read() as s:
        user = s.get(UserRecord, user_id)
        if user is None or not user.active:
            return _INACTIVE
        return access_stamp(user, [m for m, _c in qc.memberships(s, user_id)])


def forget(db: Database) -> None:
    """An account of this database was changed here: read every account afresh."""
    with _lock:
        _seen.pop(db, None)
