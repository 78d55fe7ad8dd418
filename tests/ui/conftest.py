"""Fixtures for widget tests: offscreen Qt, zh_CN, an in-line task runner, isolated settings."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from mediation_app.i18n import set_language  # noqa: E402


@pytest.fixture(autouse=True)
def _chinese_ui():
    set_language("zh_CN")
    yield
    set_language("zh_CN")


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


@pytest.fixture
def services(tmp_path):
    from mediation_app.services import build_services

    svc = build_services(f"sqlite:///{tmp_path / 'cases.sqlite'}", tmp_path / "data")
    yield svc
    svc.close()


@pytest.fixture
def admin(services):
    from mediation_app.domain.enums import CommitteeKind

    return services.setup.initialise(
        committee_name="新华街人民调解委员会", short_name="新华", kind=CommitteeKind.TOWNSHIP,
        admin_username="admin", admin_password="mishu-desk-123", admin_display_name="王主任",
    )


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
