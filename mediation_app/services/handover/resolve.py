"""A person settles a kept conflict: ours stays, theirs replaces ours, or a merge field by field.
The choice is audited on the case, so the case (with the settled record) travels back in the next
bundle, and the other site's version counts as seen: its copy of the conflict closes there."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Callable
from typing import Any

from mediation_app.i18n import _
from mediation_app.services.context import Actor
from mediation_app.services.errors import NotFound, ValidationFailed
from mediation_app.storage import stats_facts
from mediation_app.storage.handover import rows as R
from mediation_app.storage.handover import state as S


def resolve_conflict(s: Any, actor: Actor, conflict_id: uuid.UUID, keep: str, fields: dict[str, str],
                     now: dt.datetime, audit: Callable[..., None]) -> None:
    c = S.conflict(s, conflict_id)
    if c is None or c.resolved_at is not None:
        raise NotFound(_("This conflict is no longer open (it was settled already, here or at the other site)."))
    codec = R.CODECS[c.table_name]
    local = R.row_of_key(s, c.table_name, c.row_id, c.case_id)
    theirs: dict[str, Any] = json.loads(c.incoming) if c.incoming else {}
    taken: list[str] = []
    # the rows are written directly: the case's derived facts and monthly counts follow explicitly
    counted = stats_facts.counts_before(s, [c.case_id]) if c.case_id is not None else None
    if c.kind == "deleted_there":
        if keep != "local" and local is not None:
            R.delete_by_id(s, c.table_name, [uuid.UUID(local[0])])
            taken = ["(deleted)"]
    elif local is not None:
        mine = dict(zip(codec.columns, local, strict=True))
        if keep == "incoming":
            result = dict(theirs)
            taken = [k for k in codec.columns if mine.get(k) != theirs.get(k)]
        elif keep == "merge":
            unknown = sorted(set(fields) - set(codec.columns) - {"id"})
            if unknown:
                raise ValidationFailed({"fields": _("Unknown fields: {names}").format(names=", ".join(unknown))})
            taken = [k for k, side in fields.items() if side == "incoming"]
            result = {k: (theirs.get(k) if k in taken else mine.get(k)) for k in codec.columns}
            if taken and "updated_at" in codec.columns:
                # a new version, neither ours nor theirs
                result["updated_at"] = now.astimezone(dt.UTC).replace(tzinfo=None).isoformat(" ", "microseconds")
        else:
            result = mine
        if result != mine:
            R.update_by_id(s, c.table_name, [{k: result[k] for k in codec.columns}])
    if counted is not None and c.case_id is not None:
        stats_facts.counts_after(s, [c.case_id], counted)
    # their version is now seen here: the next bundle tells the other site so
    bucket = c.case_id or R.NIL
    known = S.bases(s, c.peer_site_id, [bucket])
    hashes = dict(known.get(bucket, {}))
    if c.incoming_hash:
        hashes[c.row_id.hex] = c.incoming_hash
    S.save_bases(s, c.peer_site_id, {bucket: hashes}, set(known))
    c.resolved_at, c.resolved_by, c.resolution = now, actor.username, keep
    audit(s, actor, "handover.resolve", c.table_name, c.row_id, c.case_id,
          {"keep": keep, "fields": sorted(taken), "conflict": str(c.id)})
    if c.case_id is not None:
        R.reindex_cases(s, [c.case_id])
