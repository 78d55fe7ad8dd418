"""This site's identity: made at set-up (or at the first hand-over of a database set up before
hand-over existed). The private key is kept inside the database, so that every backup and restore
carries the identity with the records it signs for: a copy of the database is as private as the key
(both are personal data's keepers; backups are private files too). A key that an older version kept
as a private file beside the database is taken into the database at its next use."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

from mediation_app.i18n import _
from mediation_app.services.errors import ServiceError
from mediation_app.services.handover import crypto
from mediation_app.storage.handover import state as S
from mediation_app.storage.models import SiteIdentityRecord

KEY_FILE = "site-key.pem"
PAIRING_KIND = "mediation-desk-site"


def key_path(data_dir: Path) -> Path:
    return Path(data_dir) / "handover" / KEY_FILE


def ensure_identity(session: Any) -> SiteIdentityRecord:
    """This site's identity, made now if the database has none (inside the caller's transaction)."""
    ident = S.identity(session)
    if ident is not None:
        return ident
    committee = S.first_committee(session)
    if committee is None:
        raise ServiceError(_("Set up the committee first."))
    pem, public = crypto.new_private_key()
    ident = SiteIdentityRecord(id=uuid.uuid4(), name=committee.name, committee_id=committee.id, public_key=public,
                               private_key=pem.decode())
    session.add(ident)
    session.flush()
    return ident


def private_key(ident: SiteIdentityRecord, data_dir: Path) -> bytes:
    """The signing key (call inside a write transaction: a key still kept in a file beside the database
    by an older version is taken into the database)."""
    if ident.private_key:
        return ident.private_key.encode()
    path = key_path(data_dir)
    try:
        pem = path.read_bytes()
    except OSError as exc:
        raise ServiceError(_("This site's signing key ({file}) is missing; restore it from a backup of the data "
                             "folder, or ask the centre to pair this site again.").format(file=path.name)) from exc
    if crypto.public_hex(pem) != ident.public_key:
        raise ServiceError(_("This site's signing key does not belong to this database."))
    ident.private_key = pem.decode()
    return pem


def pairing_document(ident: SiteIdentityRecord) -> bytes:
    body = {"kind": PAIRING_KIND, "site_id": str(ident.id), "name": ident.name, "public_key": ident.public_key,
            "committee_id": str(ident.committee_id) if ident.committee_id else None}
    return json.dumps(body, ensure_ascii=False, indent=1).encode()


def read_pairing(path: Path) -> dict[str, Any]:
    try:
        body = json.loads(Path(path).read_bytes())
        if body.get("kind") != PAIRING_KIND:
            raise ValueError
        uuid.UUID(body["site_id"])
        if len(bytes.fromhex(body["public_key"])) != 32:
            raise ValueError
        return dict(body)
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ServiceError(_("{file} is not a pairing file of Mediation Desk.").format(file=Path(path).name)) from exc
