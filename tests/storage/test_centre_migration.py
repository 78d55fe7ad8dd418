"""Migration 0012: every account becomes a member of its committee with its roles; two committees
that already shared a short name (their numbers would collide) are told apart; down and up again."""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path

from mediation_app.domain.enums import Role
from mediation_app.services import build_services
from mediation_app.services.clock import FixedClock
from mediation_app.storage import migrate
from mediation_app.storage.db import Database, sqlite_url
from tests.factories import TODAY
from tests.services.conftest import PASSWORD, initialise


def test_upgrade_makes_memberships_and_unique_short_names(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    svc = build_services(sqlite_url(path), tmp_path, FixedClock(TODAY))
    admin = initialise(svc)
    svc.accounts.create_user(admin, "hanxy", "Tiaojie-desk-7", "韩秀英", Role.MEDIATOR)
    svc.close()
    db = Database(sqlite_url(path))
    migrate.downgrade(db, "0011")
    con = sqlite3.connect(path)
    tables = {r[0] for r in con.execute("select name from sqlite_master where type='table'")}
    assert "committee_membership" not in tables and "case_routing" not in tables
    row = con.execute("select name, kind, number_pattern, case_word, agreement_word, deadline_rule, created_at, "
                      "updated_at from committee").fetchone()
    con.execute("insert into committee (id, short_name, name, kind, number_pattern, case_word, agreement_word, "
                "deadline_rule, created_at, updated_at) values (?, '客商', ?, ?, ?, ?, ?, ?, ?, ?)",
                (uuid.uuid4().hex, "第二个同简称调委会", *row[1:]))
    con.commit()
    con.close()
    migrate.upgrade(db, backup_dir=tmp_path / "bk")
    db.dispose()
    con = sqlite3.connect(path)
    shorts = sorted(r[0] for r in con.execute("select short_name from committee"))
    members = con.execute("select count(*) from committee_membership").fetchone()[0]
    con.close()
    assert shorts == ["客商", "客商2"] and members == 2
    svc = build_services(sqlite_url(path), tmp_path, FixedClock(TODAY))
    try:
        again = svc.accounts.authenticate("admin", PASSWORD)
        assert again.roles == {Role.ADMIN, Role.HEAD} and len(again.memberships) == 1
        mediator = svc.accounts.authenticate("hanxy", "Tiaojie-desk-7")
        assert mediator.roles == {Role.MEDIATOR} and mediator.memberships[0].committee_id == admin.committee_id
    finally:
        svc.close()
