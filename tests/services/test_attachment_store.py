"""Material added to a case is kept by content hash in the data folder. A stored copy whose bytes
no longer match (a bad sector, a tool that touched the folder) or that has gone is never served:
opening it says so in one sentence, the check names the case and the file, and adding the file
again puts the sound copy back. A full disk while adding material leaves no partial file behind.
Real faults: bytes changed on the disk, a file removed, a tiny tmpfs (root only, else skipped)."""

from __future__ import annotations

import errno
import hashlib
import uuid
from pathlib import Path

import pytest

from mediation_app.i18n import set_language
from mediation_app.services import Services
from mediation_app.services.context import Actor
from mediation_app.services.errors import FileProblem, from_os_error
from tests.factories import make_case
from tests.storage.faults import fill_up, tiny_filesystem

RECEIPT = b"\xff\xd8\xff" + "收货单：苹果 3 吨".encode() * 400


def _add(services: Services, admin: Actor, folder: Path) -> tuple[uuid.UUID, uuid.UUID, Path]:
    case_id = make_case(services, admin)
    scan = folder / "收货单.jpg"
    scan.write_bytes(RECEIPT)
    evidence_id = services.meetings.add_evidence(admin, case_id, scan, "收货单").created_id
    assert evidence_id is not None
    return case_id, evidence_id, scan


def _stored(services: Services) -> list[Path]:
    return sorted(p for p in (services.data_dir / "attachments").rglob("*") if p.is_file())


def test_a_damaged_copy_is_refused_named_by_the_check_and_healed_by_adding_the_file_again(
        services: Services, admin: Actor, tmp_path: Path) -> None:
    case_id, evidence_id, scan = _add(services, admin, tmp_path)
    number = services.cases.detail(admin, case_id).number
    (stored,) = _stored(services)
    damaged = bytearray(stored.read_bytes())
    damaged[len(damaged) // 2] ^= 0x01  # one bit, same size
    stored.write_bytes(bytes(damaged))

    with pytest.raises(FileProblem) as caught:
        services.meetings.evidence_bytes(admin, case_id, evidence_id)
    assert caught.value.message == ("The stored copy of this material is damaged: it no longer matches the file "
                                    "that was added. Add the file again, or restore a verified backup.")
    report = services.maintenance.check()
    assert ("Evidence", "1 compared") in report.lines
    assert [p for p in report.problems if "收货单.jpg" in p] == [
        f"The stored copy of the material 收货单.jpg of case {number} is missing or damaged (it no longer matches "
        "the file that was added). Add the file again, or restore a verified backup."]

    services.meetings.add_evidence(admin, case_id, scan, "收货单（重新添加）")
    assert services.meetings.evidence_bytes(admin, case_id, evidence_id) == ("image/jpeg", RECEIPT)
    assert _stored(services) == [stored] and stored.read_bytes() == RECEIPT
    assert not [p for p in services.maintenance.check().problems if "收货单" in p]


def test_a_missing_copy_is_named_as_missing_not_as_a_removed_usb_stick(
        services: Services, admin: Actor, tmp_path: Path) -> None:
    case_id, evidence_id, _scan = _add(services, admin, tmp_path)
    _stored(services)[0].unlink()
    with pytest.raises(FileProblem) as caught:
        services.meetings.evidence_bytes(admin, case_id, evidence_id)
    assert caught.value.message == ("The stored copy of this material is missing from the data folder. Add the "
                                    "file again, or restore a verified backup.")
    assert any("收货单.jpg" in p for p in services.maintenance.check().problems)


def test_a_full_disk_while_adding_material_leaves_no_partial_file(
        services: Services, admin: Actor, tmp_path_factory: pytest.TempPathFactory) -> None:
    case_id = make_case(services, admin)
    scan = tmp_path_factory.mktemp("camera") / "收货单.jpg"
    scan.write_bytes(RECEIPT * 40)
    with tiny_filesystem(services.data_dir / "attachments", 1024) as store:
        fill_up(store)
        with pytest.raises(OSError) as caught:
            services.meetings.add_evidence(admin, case_id, scan, "收货单")
        assert caught.value.errno == errno.ENOSPC
        assert Path(caught.value.filename).parent.parent == store  # the stored copy's own name, not a temporary one
        set_language("zh_CN")
        assert from_os_error(caught.value).message.endswith("磁盘已满。请腾出空间或换一个驱动器后重试。")
        set_language("en")
        assert sorted(p.name for p in store.rglob("*") if p.is_file()) == ["filler.bin"]
        assert services.cases.detail(admin, case_id).evidence == ()
        (store / "filler.bin").unlink()
        services.meetings.add_evidence(admin, case_id, scan, "收货单")
        assert [p.name for p in store.rglob("*") if p.is_file()] == [hashlib.sha256(RECEIPT * 40).hexdigest()]
