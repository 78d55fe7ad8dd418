"""Fixtures for widget tests: offscreen Qt, zh_CN, an in-line task runner, isolated settings."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from mediation_app.i18n import set_language  # noqa: E402

_ADMIN = pytest.StashKey()


@pytest.fixture(autouse=True)
def _chinese_ui():
    set_language("zh_CN")
    yield
    set_language("zh_CN")


@pytest.fixture(autouse=True)
def _forms_on_the_computers_calendar():
    """A client started in a test follows its services' clock (ui/calendar.py): the next test starts
    on the computer's calendar again."""
    yield
    from mediation_app.ui import calendar

    calendar.follow(None)


@pytest.fixture(autouse=True)
def _windows_gone_after_the_test(qapp):
    """The windows a test gave qtbot are closed and only marked for deletion at its end (deleteLater):
    without an event loop of their own they would outlive the test, hear the next test's language
    switch, start reads and be deleted in the middle of that test. They are deleted here, with
    their dialogs, before the next test starts."""
    yield
    from PySide6.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def events(qapp):
    from mediation_app.ui.events import AppEvents

    return AppEvents()


@pytest.fixture
def runner(qapp):
    from mediation_app.ui.tasks import TaskRunner

    return TaskRunner(inline=True)


@pytest.fixture
def settings(tmp_path, qapp):
    from mediation_app.ui.settings import AppSettings

    return AppSettings(tmp_path / "settings.ini")


def set_up_committee(services):
    from mediation_app.domain.enums import CommitteeKind

    return services.setup.initialise(
        committee_name="新华街人民调解委员会", short_name="新华", kind=CommitteeKind.TOWNSHIP,
        admin_username="admin", admin_password="mishu-desk-123", admin_display_name="王主任",
    )


@pytest.fixture
def services(request, tmp_path):
    """A new database (a copy of one migrated once per process: tests/db_templates.py); already
    set up by :func:`set_up_committee` when the test takes ``admin`` (also set up once and copied)."""
    from tests import db_templates

    template = {"key": "ui-committee", "builder": set_up_committee} if "admin" in request.fixturenames else {}
    svc, actor = db_templates.sqlite_services(tmp_path / "cases.sqlite", tmp_path / "data", **template)
    request.node.stash[_ADMIN] = actor
    yield svc
    svc.close()


@pytest.fixture
def admin(request, services):
    actor = request.node.stash.get(_ADMIN, None)  # None where a test module brings its own services
    return actor if actor is not None else set_up_committee(services)


@pytest.fixture
def drafts(services, admin):
    """The signed-in user's drafts, kept in the database as the client keeps them."""
    from mediation_app.ui.drafts import DraftStore

    return DraftStore.for_user(services, admin)


def register_case(services, actor, *, applicant="张伟", respondent="李娜", accept=True, dispute_type=None):
    """Register a small case through the service (test data, not a UI action)."""
    from mediation_app.domain.enums import DisputeType, IdType, PartyRole
    from mediation_app.services.intake import CaseInput
    from mediation_app.services.parties import PartyInput

    data = CaseInput(
        parties=(PartyInput(name=applicant, role=PartyRole.APPLICANT, phone="13800138000", id_type=IdType.NONE),
                 PartyInput(name=respondent, role=PartyRole.RESPONDENT, phone="13900139000", id_type=IdType.NONE)),
        dispute_type=dispute_type or DisputeType.NEIGHBOUR,
        facts="邻里之间因排水问题发生纠纷。", requests="请求对方修好排水沟。", title="排水纠纷",
    )
    changes = services.intake.register(actor, data, accept=accept)
    return changes.created_id


def show_active(qtbot, qapp, window):
    """Show ``window`` and wait until it is the active window (shortcuts need that)."""
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: qapp.activeWindow() is window, timeout=5000)
