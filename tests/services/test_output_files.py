"""A file the user asked for (the register, a document, a bundle) on a drive that is full or
write-protected: the message names that file and says what to do, in the user's language; the
database is not taken for the faulty disk (it is not called full, read-only or damaged, and the next
save works); no partial file is left and the export is not audited as done. Real faults: a tiny
tmpfs and a read-only remount (root only, else skipped)."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from mediation_app.domain.enums import Role
from mediation_app.fileio import atomic_write_bytes
from mediation_app.i18n import set_language
from mediation_app.services import Services
from mediation_app.services.context import Actor
from mediation_app.services.errors import ServiceError, from_os_error
from mediation_app.services.exports import ExportOptions
from mediation_app.services.maintenance import AuditFilter
from mediation_app.services.read_models import CaseFilter
from mediation_app.storage.errors import DiskFull, classify
from tests.factories import market_case_input
from tests.storage.faults import fill_up, remount_read_only, tiny_filesystem

FULL = "the disk is full. Free some space or choose another drive, and try again."


def test_a_full_drive_refuses_the_register_by_its_own_name_and_the_database_goes_on(
        services: Services, admin: Actor, tmp_path_factory: pytest.TempPathFactory) -> None:
    services.intake.register(admin, market_case_input())
    with tiny_filesystem(tmp_path_factory.mktemp("stick"), 512) as stick:
        fill_up(stick)
        out = stick / "登记表.csv"
        with pytest.raises(OSError) as caught:
            services.exports.export_cases(admin, CaseFilter(), out, ExportOptions(format="csv"))
        assert caught.value.errno == errno.ENOSPC and caught.value.filename == str(out)
        set_language("en")
        assert from_os_error(caught.value).message == f"{out}: {FULL}"
        set_language("zh_CN")
        assert from_os_error(caught.value).message == f"{out}：磁盘已满。请腾出空间或换一个驱动器后重试。"
        set_language("en")
        assert sorted(p.name for p in stick.iterdir()) == ["filler.bin"]  # no partial file, no temporary one
    services.accounts.create_user(admin, "auditor1", "审计2026-secret!", "审计员", Role.AUDITOR, None)
    auditor = services.accounts.authenticate("auditor1", "审计2026-secret!")
    assert services.audit_log.entries(auditor, AuditFilter(action="export.cases")).rows == ()
    services.intake.register(admin, market_case_input())  # the database was never at fault
    assert services.cases.count_cases(admin) == 2


def test_inside_a_save_a_full_or_protected_output_drive_is_not_the_database_disk(
        services: Services, admin: Actor, tmp_path_factory: pytest.TempPathFactory) -> None:
    with tiny_filesystem(tmp_path_factory.mktemp("stick"), 512) as stick:
        fill_up(stick)
        with pytest.raises(OSError) as full, services.db.write():  # e.g. a document written with its record
            atomic_write_bytes(stick / "协议书.pdf", b"%PDF" * 50_000)
        assert not isinstance(full.value, ServiceError) and full.value.errno == errno.ENOSPC
        (stick / "filler.bin").unlink()
        remount_read_only(stick)
        with pytest.raises(OSError) as protected, services.db.write():
            atomic_write_bytes(stick / "协议书.pdf", b"%PDF")
        assert not isinstance(protected.value, ServiceError) and protected.value.errno == errno.EROFS
        set_language("en")
        assert from_os_error(protected.value).message == (
            f"{stick / '协议书.pdf'}: the disk is write-protected. Choose another drive or remove the protection, "
            "and try again.")
    assert services.db.damaged is None and not services.db.read_only
    services.intake.register(admin, market_case_input())
    assert services.cases.count_cases(admin) == 1


def test_only_the_database_folder_is_the_database_disk(tmp_path: Path) -> None:
    db = tmp_path / "data" / "mediation.db"
    inside = OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "data" / "attachments" / "a.jpg"))
    outside = OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "stick" / "register.xlsx"))
    assert isinstance(classify(inside, db), DiskFull)
    assert classify(outside, db) is None
    assert isinstance(classify(OSError(errno.ENOSPC, "No space left on device"), db), DiskFull)
