"""Drafts of unfinished forms, kept in the database per user.

A draft holds what a person typed (names, ID numbers, phones); kept in the database it has the
database's protection (file permissions) and is
never a plain file in the data directory. Each user sees only their own drafts. Saving a draft is
not a change to any record, so it writes no audit entry.
"""

from __future__ import annotations

import json
from typing import Any

from mediation_app.services.base import ServiceBase
from mediation_app.services.context import Actor
from mediation_app.storage.drafts import draft_keys
from mediation_app.storage.models import FormDraftRecord

MAX_KEY = 120


class DraftService(ServiceBase):
    def save(self, actor: Actor, key: str, data: dict[str, Any]) -> None:
        body = json.dumps(data, ensure_ascii=False, default=str)
        with self.db.write() as s:
            rec: FormDraftRecord | None = s.get(FormDraftRecord, (actor.user_id, key[:MAX_KEY]))
            if rec is None:
                s.add(FormDraftRecord(user_id=actor.user_id, key=key[:MAX_KEY], body=body, saved_at=self.clock.now()))
            else:
                rec.body, rec.saved_at = body, self.clock.now()

    def load(self, actor: Actor, key: str) -> dict[str, Any] | None:
        with self.db.read() as s:
            rec: FormDraftRecord | None = s.get(FormDraftRecord, (actor.user_id, key[:MAX_KEY]))
            if rec is None:
                return None
            try:
                data = json.loads(rec.body)
            except ValueError:
                return None  # a damaged draft is ignored, never fatal
            return data if isinstance(data, dict) else None

    def discard(self, actor: Actor, key: str) -> None:
        with self.db.write() as s:
            rec = s.get(FormDraftRecord, (actor.user_id, key[:MAX_KEY]))
            if rec is not None:
                s.delete(rec)

    def keys(self, actor: Actor) -> list[str]:
        with self.db.read() as s:
            return draft_keys(s, actor.user_id)
