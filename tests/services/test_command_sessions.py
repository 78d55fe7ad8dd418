"""The command line's short sign-in (services/command_sessions.py) and its quick read of the case list
(services/quick_read.py), on SQLite and PostgreSQL: a session is used while live and ends — audited —
when it expires, is signed out, or the account's password, roles or state change; the quick read
gives the same rows and total as the case list service, for several filters and roles."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from types import SimpleNamespace

from sqlalchemy import select

from mediation_app.domain.enums import CaseStatus, Role
from mediation_app.services import quick_read
from mediation_app.services.read_models import CaseFilter
from mediation_app.storage.models import AuditRecord, CliSessionRecord
from tests.factories import make_case, market_case_input
from tests.services.conftest import PASSWORD

HERE = "desk-3:mafu"
GOOD = "调解室-2026-东门"


def audits(services, action: str) -> list[dict]:
    with services.db.read() as s:
        rows = s.scalars(select(AuditRecord).where(AuditRecord.action == action).order_by(AuditRecord.seq)).all()
        return [json.loads(r.details or "{}") for r in rows]


def sessions(services) -> list[SimpleNamespace]:
    cols = [c.key for c in CliSessionRecord.__table__.columns]
    with services.db.read() as s:
        return [SimpleNamespace(**{k: getattr(r, k) for k in cols}) for r in s.scalars(select(CliSessionRecord))]


def test_a_session_is_used_while_live_and_ends_audited_when_it_expires(services, admin) -> None:
    token = services.command_sessions.open(admin, HERE, 5)
    [rec] = sessions(services)
    assert token not in (rec.token_hash, rec.workstation) and len(rec.token_hash) == 64  # only its hash is kept
    assert audits(services, "auth.cli_signin") == [{"workstation": HERE, "idle_minutes": 5}]
    actor = services.command_sessions.resume(token, HERE)
    assert actor is not None and actor.user_id == admin.user_id and actor.roles == admin.roles
    assert services.command_sessions.resume(token, "other-pc:mafu") is None  # another workstation: refused
    assert len(audits(services, "auth.cli_refused")) == 1
    assert services.command_sessions.resume("a guessed token", HERE) is None
    services.clock.now = lambda: rec.created_at + dt.timedelta(minutes=6)  # type: ignore[method-assign]
    assert services.command_sessions.resume(token, HERE) is None
    assert len(audits(services, "auth.cli_expired")) == 1
    assert sessions(services)[0].end_reason == "expired"
    assert services.command_sessions.resume(token, HERE) is None  # an ended session stays ended


def test_each_use_moves_the_end_on_and_the_limit_is_ten_minutes(services, admin) -> None:
    token = services.command_sessions.open(admin, HERE, 60)
    start = sessions(services)[0].created_at
    assert sessions(services)[0].idle_minutes == 10
    for minutes in (8, 16, 24):  # each use within ten minutes of the last one
        services.clock.now = lambda m=minutes: start + dt.timedelta(minutes=m)  # type: ignore[method-assign]
        assert services.command_sessions.resume(token, HERE) is not None
    assert sessions(services)[0].expires_at == start + dt.timedelta(minutes=34)


def test_signing_out_ends_it(services, admin) -> None:
    token = services.command_sessions.open(admin, HERE)
    assert services.command_sessions.close(token) is True
    assert services.command_sessions.resume(token, HERE) is None
    assert services.command_sessions.close(token) is False
    assert len(audits(services, "auth.cli_signout")) == 1


def test_a_new_sign_in_at_the_same_desk_ends_the_old_one(services, admin) -> None:
    old = services.command_sessions.open(admin, HERE)
    new = services.command_sessions.open(admin, HERE)
    assert services.command_sessions.resume(old, HERE) is None
    assert services.command_sessions.resume(new, HERE) is not None


def test_a_changed_password_role_or_state_revokes_it(services, admin) -> None:
    services.accounts.create_user(admin, "hanxy", GOOD, "韩秀英", Role.MEDIATOR)
    user = services.accounts.authenticate("hanxy", GOOD)
    by_password = services.command_sessions.open(user, HERE)
    services.accounts.change_password(user, GOOD, GOOD + "-新")
    assert services.command_sessions.resume(by_password, HERE) is None
    user = services.accounts.authenticate("hanxy", GOOD + "-新")
    by_role = services.command_sessions.open(user, HERE)
    services.accounts.set_roles(admin, user.user_id, [Role.MEDIATOR, Role.HEAD])
    assert services.command_sessions.resume(by_role, HERE) is None
    user = services.accounts.authenticate("hanxy", GOOD + "-新")
    by_state = services.command_sessions.open(user, HERE)
    services.accounts.set_user_active(admin, user.user_id, False)
    assert services.command_sessions.resume(by_state, HERE) is None
    assert [a["reason"] for a in audits(services, "auth.cli_revoked")] == ["changed", "changed", "deactivated"]
    assert {r.end_reason for r in sessions(services)} == {"revoked"}


def _quick(services, token: str, flt: CaseFilter, limit: int = 50) -> quick_read.QuickList | None:
    return quick_read.case_list(services.db.url, token, HERE, statuses=flt.statuses, text=flt.text,
                                overdue=flt.overdue_only, limit=limit, page_max=2000,
                                now=services.clock.now(), today=services.clock.today())


def test_the_quick_read_lists_what_the_service_lists(services, admin) -> None:
    for _ in range(3):
        make_case(services, admin)
    make_case(services, admin, accepted=False, assigned=False, consented=False,
              data=market_case_input(facts="买方称苹果箱数不足，要求退还差价。"))
    services.clock.set(services.clock.today() + dt.timedelta(days=60))  # the accepted cases are overdue
    services.accounts.create_user(admin, "hanxy", GOOD, "韩秀英", Role.MEDIATOR)
    services.accounts.create_user(admin, "audit1", GOOD, "审计员", Role.AUDITOR)
    filters = [CaseFilter(), CaseFilter(statuses=(CaseStatus.REGISTERED.value,)), CaseFilter(overdue_only=True),
               CaseFilter(text="马福海"), CaseFilter(text="苹果 差价"), CaseFilter(text="mfh"),
               CaseFilter(text="无此人"), CaseFilter(statuses=(CaseStatus.ACCEPTED.value,), text="李建国")]
    for name, password in (("admin", PASSWORD), ("hanxy", GOOD)):
        actor = services.accounts.authenticate(name, password)
        token = services.command_sessions.open(actor, HERE)
        totals: dict[CaseFilter, int] = {}
        for flt in filters:
            quick = _quick(services, token, flt, limit=2)
            assert quick is not None
            page = services.cases.list_cases(actor, flt, limit=2)
            assert quick.rows == [dataclasses.asdict(r) for r in page.rows], (name, flt)
            assert quick.total == services.cases.count_cases(actor, flt), (name, flt)
            totals[flt] = quick.total
        assert totals[filters[0]] == 4 and totals[filters[2]] == 3 and totals[filters[6]] == 0
    assert any(r["matched"] for r in _quick(services, token, CaseFilter(text="马福海")).rows)
    auditor = services.accounts.authenticate("audit1", GOOD)  # may not read cases: the full way refuses
    assert _quick(services, services.command_sessions.open(auditor, HERE), CaseFilter()) is None
    services.command_sessions.close(token)
    assert _quick(services, token, CaseFilter()) is None  # signed out: the password is asked
