"""Migration 0011: accounts get their roles; an administrator keeps the case work it had."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from mediation_app.domain.enums import Role
from mediation_app.services import build_services
from mediation_app.services.clock import FixedClock
from mediation_app.storage import migrate
from mediation_app.storage.db import Database, sqlite_url
from tests.factories import TODAY
from tests.services.conftest import PASSWORD, initialise


def test_upgrading_gives_existing_accounts_their_roles(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    svc = build_services(sqlite_url(path), tmp_path, FixedClock(TODAY))
    admin = initialise(svc)
    svc.accounts.create_user(admin, "hanxy", "Tiaojie-desk-7", "韩秀英", Role.MEDIATOR)
    svc.close()
    db = Database(sqlite_url(path))
    migrate.downgrade(db, "0004")
    con = sqlite3.connect(path)
    columns = {r[1] for r in con.execute("pragma table_info(user_account)")}
    assert "roles" not in columns and "form_draft" not in {
        r[0] for r in con.execute("select name from sqlite_master where type='table'")}
    con.close()
    migrate.upgrade(db, backup_dir=tmp_path / "bk")
    db.dispose()
    svc = build_services(sqlite_url(path), tmp_path, FixedClock(TODAY))
    try:
        assert svc.accounts.authenticate("admin", PASSWORD).roles == {Role.ADMIN, Role.HEAD}
        assert svc.accounts.authenticate("hanxy", "Tiaojie-desk-7").roles == {Role.MEDIATOR}
    finally:
        svc.close()
