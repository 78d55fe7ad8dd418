"""The search index of imported cases is written after the import's commit, in committed batches:
until then a search says how many cases are still being indexed, a step cut short leaves the rest
marked for the next run, and an updated case is found by its new words only."""

from __future__ import annotations

from mediation_app.services.read_models import CaseFilter
from tests.factories import make_case
from tests.services.handover.conftest import Sites


def _found(s: Sites, text: str) -> tuple[set[str], int]:
    page = s.centre.cases.list_cases(s.room_actor_at_centre(), CaseFilter(text=text), limit=500)
    return {str(r.id) for r in page.rows}, page.still_indexing


def test_imported_cases_are_searchable_once_indexed_and_a_search_says_what_waits(any_sites: Sites) -> None:
    s = any_sites
    ids = [make_case(s.room, s.room_admin, assigned=False) for _ in range(3)]
    s.room.intake.set_title(s.room_admin, ids[0], "牦牛皮收购纠纷")
    report = s.centre.handover.import_bundle(s.centre_admin, s.hand_over("one.mdh"), index=False)
    assert len(report.new) == 3
    # the records are committed; the index is not written yet, and a search says so
    assert s.centre.handover.still_indexing() == 3
    assert _found(s, "牦牛皮") == (set(), 3)
    assert s.centre.cases.list_cases(s.room_actor_at_centre()).still_indexing == 0  # no search, nothing to say
    assert len(s.centre.cases.list_cases(s.room_actor_at_centre()).rows) == 3
    # one committed step of two cases, then the step is cut short: the last case stays marked
    assert s.centre.handover.index_step(limit=2) == 2
    assert s.centre.handover.still_indexing() == 1
    assert s.centre.handover.finish_indexing() == 1  # as the next start runs it
    assert s.centre.handover.still_indexing() == 0 and s.centre.handover.finish_indexing() == 0
    assert _found(s, "牦牛皮") == ({str(ids[0])}, 0)
    # an updated case: its old index rows go, its new words find it
    s.room.intake.set_title(s.room_admin, ids[0], "羊毛收购纠纷")
    report = s.centre.handover.import_bundle(s.centre_admin, s.hand_over("two.mdh"), index=False)
    assert len(report.updated) == 1 and s.centre.handover.still_indexing() == 1
    assert s.centre.handover.finish_indexing() == 1
    assert _found(s, "羊毛") == ({str(ids[0])}, 0)
    assert _found(s, "牦牛皮") == (set(), 0)


def test_an_import_indexes_its_cases_by_default_and_the_same_bundle_again_marks_nothing(sites: Sites) -> None:
    s = sites
    case = make_case(s.room, s.room_admin, assigned=False)
    s.room.intake.set_title(s.room_admin, case, "牦牛皮收购纠纷")
    bundle = s.hand_over()
    s.centre.handover.import_bundle(s.centre_admin, bundle)
    assert s.centre.handover.still_indexing() == 0 and _found(s, "牦牛皮") == ({str(case)}, 0)
    assert s.centre.handover.import_bundle(s.centre_admin, bundle, index=False).already_imported
    assert s.centre.handover.still_indexing() == 0
    dry = s.centre.handover.import_bundle(s.centre_admin, s.hand_over("two.mdh"), dry_run=True, index=False)
    assert dry.unchanged == 1 and s.centre.handover.still_indexing() == 0


def test_the_command_line_says_what_waits_for_the_index_both_ways(sites: Sites, tmp_path, monkeypatch,
                                                                  capsys) -> None:
    """``case list --text`` says how many imported cases are still being indexed, with the password
    (the full way) and with a command-line sign-in (the quick read); with --json on standard error."""
    from tests.cli.test_cli import run
    from tests.services.conftest import PASSWORD

    s = sites
    for _ in range(2):
        s.room.intake.set_title(s.room_admin, make_case(s.room, s.room_admin, assigned=False), "牦牛皮收购纠纷")
    s.centre.handover.import_bundle(s.centre_admin, s.hand_over("one.mdh"), index=False)
    db = str(tmp_path / "centre" / "mediation.db")
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    note = "(2 imported cases are still being indexed and may be missing from the results)"
    listing = ["--db", db, "--lang", "en", "case", "list", "--text", "牦牛皮"]

    code, out, err = run([*listing[:4], "--password-stdin", *listing[4:]], PASSWORD + "\n")
    assert code == 0, err
    assert out.splitlines()[-1] == note
    code, out, err = run([*listing[:4], "--password-stdin", *listing[4:], "--json"], PASSWORD + "\n")
    assert code == 0 and note not in out and note in capsys.readouterr().err
    assert run(["--db", db, "--password-stdin", "signin"], PASSWORD + "\n")[0] == 0
    code, out, err = run(listing)
    assert code == 0, err
    assert out.splitlines()[-1] == note and "Password" not in err
    code, out, err = run([*listing, "--json"])
    assert code == 0 and note not in out and err.strip() == note
    exported = tmp_path / "register.csv"
    code, out, err = run(["--db", db, "--lang", "en", "export", "cases", "--text", "牦牛皮", "-o", str(exported)])
    assert code == 0, err
    assert out.splitlines() == [f"Exported 0 cases to {exported}.", note]
    assert s.centre.handover.finish_indexing() == 2
    code, out, err = run(["--db", db, "--lang", "en", "export", "cases", "--text", "牦牛皮", "-o", str(exported)])
    assert code == 0 and "still being indexed" not in out, err
    code, out, _err = run(listing)
    assert code == 0 and "still being indexed" not in out
    code, out, _err = run(["--db", db, "--lang", "en", "--password-stdin", "case", "list", "--text", "牦牛皮"],
                          PASSWORD + "\n")
    assert code == 0 and "still being indexed" not in out


def test_an_export_of_a_search_says_what_waits_for_the_index(sites: Sites, tmp_path) -> None:
    """The register exported for a search tells how many imported cases its search could not see yet."""
    from mediation_app.services.exports import ExportOptions

    s = sites
    case = make_case(s.room, s.room_admin, assigned=False)
    s.room.intake.set_title(s.room_admin, case, "牦牛皮收购纠纷")
    s.centre.handover.import_bundle(s.centre_admin, s.hand_over("one.mdh"), index=False)
    actor, flt = s.room_actor_at_centre(), CaseFilter(text="牦牛皮")
    first = s.centre.exports.export_cases(actor, flt, tmp_path / "a.csv", ExportOptions(format="csv"))
    assert (first.rows, first.still_indexing) == (0, 1)
    assert s.centre.handover.finish_indexing() == 1
    second = s.centre.exports.export_cases(actor, flt, tmp_path / "b.csv", ExportOptions(format="csv"))
    assert (second.rows, second.still_indexing) == (1, 0)
