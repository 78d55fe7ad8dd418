"""A bundle is refused whole, naming the problem, with nothing written: a flipped byte in any part,
a cut-off file, an unpaired or revoked sender, another key, a newer version, a gap."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from mediation_app.services.handover import BundleRefused, crypto, importer
from mediation_app.storage.handover import state as S
from tests.factories import make_case
from tests.services.handover.conftest import Sites, make_sites, pair


def _fingerprint(sites: Sites) -> tuple[int, int, int]:
    """What an import would change at the centre: audit head, cases, open conflicts."""
    svc = sites.centre
    return (svc.audit_log.verify(None).head_seq, svc.cases.count_cases(sites.room_actor_at_centre()),
            svc.handover.conflict_count())


def _refused(sites: Sites, path: Path, *words: str, passphrase: str | None = None) -> str:
    before = _fingerprint(sites)
    with pytest.raises(BundleRefused) as info:
        sites.centre.handover.import_bundle(sites.centre_admin, path, passphrase=passphrase)
    assert _fingerprint(sites) == before
    for word in words:
        assert word in info.value.message, info.value.message
    return info.value.message


def _with_evidence(sites: Sites) -> Path:
    case_id = make_case(sites.room, sites.room_admin, assigned=False)
    scan = sites.tmp / "欠条.jpg"
    scan.write_bytes(b"\xff\xd8\xff" + bytes(range(256)) * 40)
    sites.room.meetings.add_evidence(sites.room_admin, case_id, scan, "欠条")
    return sites.hand_over()


def _part_offsets(path: Path) -> dict[str, tuple[int, int]]:
    """Where each part's stored bytes lie in the zip file."""
    out = {}
    with zipfile.ZipFile(path) as zf, open(path, "rb") as fh:
        for info in zf.infolist():
            fh.seek(info.header_offset + 26)
            name_len, extra_len = int.from_bytes(fh.read(2), "little"), int.from_bytes(fh.read(2), "little")
            start = info.header_offset + 30 + name_len + extra_len
            out[info.filename] = (start, info.compress_size)
    return out


@pytest.fixture(params=["here", "apart"])
def checked(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The parts checked before the merge, or (as for a large hand-over) by the second process beside it."""
    if request.param == "apart":
        monkeypatch.setattr(importer, "FINGERPRINTS_APART_FROM", 1)
    return str(request.param)


def test_one_flipped_byte_in_any_part_is_refused(sites: Sites, checked: str) -> None:
    bundle = _with_evidence(sites)
    original = bundle.read_bytes()
    parts = _part_offsets(bundle)
    assert {"manifest.json", "manifest.sig", "cases.jsonl", "reference.jsonl", "audit.jsonl"} <= set(parts)
    assert any(name.startswith("files/") for name in parts)
    for name, (start, size) in parts.items():
        damaged = bytearray(original)
        damaged[start + size // 2] ^= 0x01
        copy = sites.tmp / "tampered.mdh"
        copy.write_bytes(bytes(damaged))
        message = _refused(sites, copy)
        assert any(w in message for w in (name, "signature", "damaged")), (name, message)
    # and the untouched bundle still imports
    assert sites.centre.handover.import_bundle(sites.centre_admin, bundle).new


def test_a_cut_off_file_is_refused(sites: Sites, checked: str) -> None:
    bundle = _with_evidence(sites)
    data = bundle.read_bytes()
    for keep in (len(data) - 1, len(data) // 2, 100):
        cut = sites.tmp / "cut.mdh"
        cut.write_bytes(data[:keep])
        _refused(sites, cut, "cut short")


def test_an_unpaired_site_is_refused_naming_it_and_its_code(tmp_path: Path) -> None:
    sites = make_sites(tmp_path / "a", "sqlite")
    stranger = make_sites(tmp_path / "b", "sqlite", new_identities=True)  # another room, paired with another centre
    try:
        pair(sites.centre, sites.centre_admin, stranger.room, stranger.room_admin, tmp_path)  # it knows our centre
        make_case(stranger.room, stranger.room_admin, assigned=False)
        path = tmp_path / "stranger.mdh"
        stranger.room.handover.export(stranger.room_admin, path, to=sites.centre.handover.site().site_id)
        code = stranger.room.handover.site().code
        message = _refused(sites, path, "not paired", code)
        assert "青藏高原" in message
    finally:
        for s in (sites, stranger):
            s.room.close()
            s.centre.close()


def test_a_revoked_key_is_refused(sites: Sites) -> None:
    make_case(sites.room, sites.room_admin, assigned=False)
    bundle = sites.hand_over()
    sites.centre.handover.revoke(sites.centre_admin, sites.room.handover.site().site_id)
    _refused(sites, bundle, "revoked")


def test_a_bundle_signed_with_another_key_is_refused(sites: Sites) -> None:
    make_case(sites.room, sites.room_admin, assigned=False)
    bundle = sites.hand_over()
    # re-sign the same manifest with a key the centre never paired (the site id stays the room's)
    pem, public = crypto.new_private_key()
    with zipfile.ZipFile(bundle) as zf:
        items = {n: zf.read(n) for n in zf.namelist()}
    manifest = json.loads(items["manifest.json"])
    manifest["site"]["public_key"] = public
    items["manifest.json"] = json.dumps(manifest).encode()
    items["manifest.sig"] = crypto.sign(pem, items["manifest.json"]).hex().encode()
    forged = sites.tmp / "forged.mdh"
    with zipfile.ZipFile(forged, "w") as zf:
        for n, data in items.items():
            zf.writestr(n, data)
    _refused(sites, forged, "signature")


def test_a_bundle_from_a_newer_version_is_refused(sites: Sites, monkeypatch: pytest.MonkeyPatch) -> None:
    make_case(sites.room, sites.room_admin, assigned=False)
    import mediation_app.services.handover.service as service

    monkeypatch.setattr(service, "head_revision", lambda: "9999")
    monkeypatch.setattr(service, "__version__", "9.0.0")
    bundle = sites.hand_over()
    _refused(sites, bundle, "newer version", "9.0.0")


def test_a_gap_is_refused_with_the_missing_bundles_named(tmp_path: Path) -> None:
    sites = make_sites(tmp_path, "sqlite")
    try:
        case_id = make_case(sites.room, sites.room_admin, assigned=False)
        sites.centre.handover.import_bundle(sites.centre_admin, sites.hand_over("1.mdh"))
        sites.room.handover.import_bundle(sites.room_admin, sites.hand_back())  # the room knows 1 arrived
        sites.room.intake.set_title(sites.room_admin, case_id, "第二次交接")
        second = sites.hand_over("2.mdh")
        # a centre restored from a backup older than bundle 1: bundle 2 builds on what it never got
        with sites.centre.db.write() as s:  # as if restored from a backup taken before bundle 1 arrived
            peer = S.peer(s, sites.room.handover.site().site_id)
            assert peer is not None
            peer.in_seq = 0
        message = _refused(sites, second, "never arrived", "1–1")
        assert "2" in message
    finally:
        sites.room.close()
        sites.centre.close()


def test_a_protected_bundle_needs_its_passphrase(sites: Sites) -> None:
    make_case(sites.room, sites.room_admin, assigned=False)
    bundle = sites.hand_over(passphrase="集散中心交接2026")
    assert not zipfile.is_zipfile(bundle)
    _refused(sites, bundle, "passphrase")
    _refused(sites, bundle, "passphrase is wrong", passphrase="wrong passphrase")
    data = bundle.read_bytes()
    cut = sites.tmp / "cut.mdh"
    cut.write_bytes(data[: len(data) - 20])
    _refused(sites, cut, "cut short", passphrase="集散中心交接2026")
    report = sites.centre.handover.import_bundle(sites.centre_admin, bundle, passphrase="集散中心交接2026")
    assert len(report.new) == 1
