"""What a start imports: commands and the client's first window load only what they use.

Each case runs in a fresh interpreter and lists which heavy libraries ended up imported."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("sqlalchemy", "alembic", "mako", "pypinyin", "reportlab", "openpyxl", "cryptography", "PySide6", "pypdf")


def imported_by(code: str) -> set[str]:
    """The heavy top-level packages imported after running ``code`` in a fresh interpreter."""
    script = textwrap.dedent(code) + textwrap.dedent(f"""
        import json, sys
        print("MODULES " + json.dumps(sorted({{m.split(".")[0] for m in sys.modules}} & set({list(HEAVY)!r}))))
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    line = next(x for x in proc.stdout.splitlines() if x.startswith("MODULES "))
    return set(json.loads(line[len("MODULES "):]))


def test_listing_the_documents_opens_no_database_and_no_qt():
    mods = imported_by("""
        import io
        from mediation_app.cli import main
        out = io.StringIO()
        assert main(["doc", "--list"], out=out) == 0
        assert "agreement" in out.getvalue() and "人民调解协议书" in out.getvalue()
    """)
    assert not mods & {"sqlalchemy", "alembic", "pypinyin", "openpyxl", "cryptography", "PySide6"}


def test_the_version_and_the_help_import_no_library():
    assert imported_by("""
        import contextlib, io
        from mediation_app.cli import main
        with contextlib.redirect_stdout(io.StringIO()):
            try:
                main(["--version"])
            except SystemExit:
                pass
    """) == set()


@pytest.fixture
def database(tmp_path):
    from mediation_app.domain.enums import CommitteeKind
    from mediation_app.services import build_services
    from tests.factories import make_case

    svc = build_services(f"sqlite:///{tmp_path / 'm.db'}", tmp_path)
    admin = svc.setup.initialise("委员会", "委", CommitteeKind.TOWNSHIP, "admin", "Bench-desk-2026", "甲")
    make_case(svc, admin)
    svc.close()
    return tmp_path / "m.db"


def test_listing_cases_reads_without_migrations_documents_or_pinyin(database):
    mods = imported_by(f"""
        import io, sys
        sys.stdin = io.StringIO("Bench-desk-2026\\n")
        from mediation_app.cli import main
        out = io.StringIO()
        assert main(["--db", {str(database)!r}, "--password-stdin", "case", "list"], out=out) == 0
        assert "1" in out.getvalue().splitlines()[-1]  # one of one case
    """)
    assert "sqlalchemy" in mods
    assert not mods & {"alembic", "mako", "pypinyin", "reportlab", "openpyxl", "cryptography", "PySide6"}


def test_services_are_built_when_first_used(database):
    mods = imported_by(f"""
        import sys
        from pathlib import Path
        from mediation_app.services import build_services
        svc = build_services("sqlite:///{database}", Path({str(database.parent)!r}), create=False)
        assert svc.setup.is_initialised()
        assert "mediation_app.services.documents" not in sys.modules
        assert svc.documents is svc.documents  # built once
        assert "mediation_app.services.documents" in sys.modules
        svc.close()
    """)
    assert "alembic" not in mods  # the file was at the head revision: no migration machinery


@pytest.mark.parametrize("closed", ["cleanly", "without its stamp"])
def test_the_sign_in_window_is_painted_before_the_data_model_is_loaded(database, tmp_path, closed):
    """A file this application closed cleanly and nobody changed since: the window is painted before
    SQLAlchemy loads, and the database is opened while the user types. Without the stamp of that
    clean close (a copy from elsewhere, a crash), every check runs before any window, as always."""
    if closed == "without its stamp":
        (database.parent / f".{database.name}.clean").unlink()
    home = tmp_path / "home"
    home.mkdir()
    code = textwrap.dedent(f"""
        import os, sys
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        os.environ["HOME"] = os.environ["XDG_CONFIG_HOME"] = os.environ["XDG_DATA_HOME"] = {str(home)!r}
        from PySide6.QtCore import QEvent, QObject, QTimer
        from mediation_app import app as appmod
        seen = {{}}

        def sign_in(self):
            class Watch(QObject):
                def eventFilter(self, obj, ev):
                    top = obj.window() if hasattr(obj, "window") else None
                    if ev.type() == QEvent.Type.Paint and type(top).__name__ == "SignInDialog" and not seen:
                        seen["models"] = "mediation_app.storage.models" in sys.modules
                        seen["engine"] = "sqlalchemy" in sys.modules
                        QTimer.singleShot(0, top.reject)
                    return False
            self._watch = Watch(self.qapp)
            self.qapp.installEventFilter(self._watch)
            return original(self)

        original, appmod.DesktopApp.sign_in = appmod.DesktopApp.sign_in, sign_in
        appmod.run_gui({str(database)!r}, "zh_CN")
        print("MODELS", seen["models"], "ENGINE", seen["engine"])
    """)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=home, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    # the window came first; names and sign-in load the data model after
    assert f"MODELS False ENGINE {closed != 'cleanly'}" in proc.stdout


def test_listing_cases_with_a_command_line_sign_in_loads_no_orm_model(database, tmp_path, monkeypatch):
    import io
    import os

    from mediation_app.cli import main

    run_dir = tmp_path / "run"
    run_dir.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(run_dir))
    monkeypatch.setattr(sys, "stdin", io.StringIO("Bench-desk-2026\n"))
    assert main(["--db", str(database), "--password-stdin", "signin"], out=io.StringIO()) == 0
    script = textwrap.dedent(f"""
        import io, json, sys
        from mediation_app.cli import main
        out = io.StringIO()
        assert main(["--db", {str(database)!r}, "case", "list", "--text", "马", "--json"], out=out) == 0
        assert json.loads(out.getvalue())
        print("LOADED " + json.dumps(sorted(m for m in sys.modules if m.startswith((
            "sqlalchemy.orm", "mediation_app.storage.models", "mediation_app.services.base", "alembic", "pypinyin")))))
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=300,
                          env=dict(os.environ))
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert next(x for x in proc.stdout.splitlines() if x.startswith("LOADED ")) == "LOADED []"
def test_the_main_window_is_prepared_while_the_sign_in_window_waits(database, tmp_path):
    """After the sign-in window is painted, a background thread loads the main window's modules and
    the services its first view reads, without documents, hand-over cryptography or migrations."""
    home = tmp_path / "home"
    home.mkdir()
    code = textwrap.dedent(f"""
        import json, os, sys
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        os.environ["HOME"] = os.environ["XDG_CONFIG_HOME"] = os.environ["XDG_DATA_HOME"] = {str(home)!r}
        from PySide6.QtCore import QTimer
        from mediation_app import app as appmod
        seen = {{}}

        def sign_in(self):
            def check():
                if self.preparing is None:
                    QTimer.singleShot(10, check)
                    return
                self.preparing.join(120)
                seen["window"] = "mediation_app.ui.main_window" in sys.modules
                seen["services"] = sorted(n for n in ("overview", "cases", "handover", "ladder", "warnings")
                                          if n in self.services.__dict__)
                seen["heavy"] = sorted({{m.split(".")[0] for m in sys.modules}}
                                       & {{"reportlab", "cryptography", "alembic", "pypinyin", "openpyxl"}})
                self.qapp.activeModalWidget().reject()
            QTimer.singleShot(0, check)
            return original(self)

        original, appmod.DesktopApp.sign_in = appmod.DesktopApp.sign_in, sign_in
        appmod.run_gui({str(database)!r}, "zh_CN")
        print("SEEN " + json.dumps(seen))
    """)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=home, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    seen = json.loads(next(x for x in proc.stdout.splitlines() if x.startswith("SEEN "))[5:])
    assert seen == {"window": True, "services": ["cases", "handover", "ladder", "overview", "warnings"], "heavy": []}


def test_the_models_on_sqlite_leave_the_postgresql_dialect_unloaded():
    """A dialect keyword in a model (``postgresql_where``) makes SQLAlchemy import that dialect's whole
    package, every driver's module included, to check it: about 90 ms of every SQLite start."""
    imported_by("""
        import sys
        import mediation_app.storage.models
        import mediation_app.services
        assert "sqlalchemy.dialects.postgresql" not in sys.modules
    """)
