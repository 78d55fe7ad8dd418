"""The site identity (id and Ed25519 key pair) is made at set-up, kept in the database, and so
carried by every backup: a room restored onto a new computer still signs as the room the centre
paired with."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select, text

from mediation_app.services import build_services
from mediation_app.services.clock import FixedClock
from mediation_app.services.handover import crypto
from mediation_app.services.handover.identity import key_path
from mediation_app.storage.db import sqlite_url
from mediation_app.storage.models import SiteIdentityRecord
from tests.factories import TODAY, make_case
from tests.services.conftest import PASSWORD, initialise
from tests.services.handover.conftest import Sites


def test_set_up_makes_the_identity_with_its_key_in_the_database(tmp_path: Path) -> None:
    svc = build_services(sqlite_url(tmp_path / "mediation.db"), tmp_path, FixedClock(TODAY))
    try:
        initialise(svc)
        with svc.db.read() as s:  # before any hand-over call
            ident = s.scalar(select(SiteIdentityRecord))
            assert ident is not None and ident.private_key
            assert crypto.public_hex(ident.private_key.encode()) == ident.public_key
            site_id = ident.id
        assert svc.handover.site().site_id == site_id  # the same one, not made again
        assert not key_path(tmp_path).exists()  # no key file to lose beside the database
    finally:
        svc.close()


def test_a_room_restored_on_a_new_computer_hands_over_under_its_paired_key(sites: Sites, tmp_path: Path) -> None:
    room_site = sites.room.handover.site()
    make_case(sites.room, sites.room_admin, assigned=False)
    backup = sites.room.maintenance.backup_now(sites.room_admin).backup
    # a new computer: set up afresh (a new identity), then the room's backup restored over it
    fresh = build_services(sqlite_url(tmp_path / "new" / "mediation.db"), tmp_path / "new", FixedClock(TODAY))
    try:
        admin = initialise(fresh)
        assert fresh.handover.site().site_id != room_site.site_id
        fresh.maintenance.restore(admin, backup.path)
        admin = fresh.accounts.authenticate("admin", PASSWORD)  # the room's administrator now
        restored = fresh.handover.site()
        assert (restored.site_id, restored.code) == (room_site.site_id, room_site.code)
        bundle = tmp_path / "from-new.mdh"
        fresh.handover.export(admin, bundle)
        report = sites.centre.handover.import_bundle(sites.centre_admin, bundle)  # the signature verifies
        assert len(report.new) == 1 and not report.rejected
    finally:
        fresh.close()


def test_a_key_kept_in_a_file_by_an_older_version_is_taken_into_the_database(sites: Sites) -> None:
    with sites.room.db.read() as s:
        ident = s.scalar(select(SiteIdentityRecord))
        assert ident is not None and ident.private_key
        pem = ident.private_key.encode()
    path = key_path(sites.tmp / "room")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pem)
    with sites.room.db.write() as s:
        s.execute(text("UPDATE site_identity SET private_key = NULL"))
    make_case(sites.room, sites.room_admin, assigned=False)
    report = sites.centre.handover.import_bundle(sites.centre_admin, sites.hand_over())
    assert len(report.new) == 1
    with sites.room.db.read() as s:
        assert s.scalar(select(SiteIdentityRecord.private_key)) == pem.decode()
