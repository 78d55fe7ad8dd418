#!/usr/bin/env python3
"""Start-up benchmark: launch to a painted sign-in window, to a usable main window, and the
read-only CLI commands, each against baselines measured in the same run.

    .venv/bin/python benchmarks/bench_startup.py --db FILE [--password PW] [--user admin] [--rounds 5]
    .venv/bin/python benchmarks/bench_startup.py --cases 2000          (builds a throw-away database)

Every figure is the median of ``--rounds`` fresh processes (offscreen Qt), as wall time from the
parent's launch and as the child's own CPU time (user + system), which is what a loaded machine
does not inflate. Baselines:

* ``python -c pass``: the interpreter alone;
* ``import PySide6.QtWidgets``: the Qt import every client start pays;
* a bare QDialog shown and painted: the floor for any painted window.

"Main window shown" is the main window painted with the case list's first page filled, Today's
lists perhaps still being read (Today then says so and shows no count). "Usable main window" is the
main window painted with Today and the first page of the case list loaded (every read started at
start-up has come back; the start-of-day backup may still run). It is measured twice: from launch
with the name and password entered the moment the sign-in window is painted ("typing instantly"),
and from the moment Enter is pressed after ``--typing`` seconds at the sign-in window (what a user
waits for; the main window is prepared while they type, and that CPU is not counted in "Enter ->
usable"). The load average is printed before and after, and the
one-minute load beside each figure. A round ends once it has reported: the client's exit backup
(minutes for a large file) is not waited for.

``case list`` is measured twice: with the password (``--password-stdin``, an Argon2id check each
time) and with a live command-line sign-in (``mediation-app signin`` once before; the quick read
without the ORM), plain, with ``--text``/``--status`` and ``--json``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "Bench-desk-2026"

# Runs in the child process: a painted window is noticed by an event filter on the application.
_PROBE = r"""
import json, os, resource, sys, time
mode, db, user, password, typing = sys.argv[1:6]

def cpu_now():
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return ru.ru_utime + ru.ru_stime

def report(**extra):
    ru = resource.getrusage(resource.RUSAGE_SELF)
    print("PROBE " + json.dumps({"t": time.time(), "cpu": cpu_now(), "rss_mb": ru.ru_maxrss / 1024, **extra}),
          flush=True)

if mode == "dialog":
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QDialog, QLabel, QLineEdit, QVBoxLayout
    app = QApplication(sys.argv[:1])
    d = QDialog(); lay = QVBoxLayout(d); lay.addWidget(QLabel("Sign in")); lay.addWidget(QLineEdit())
    class F(QObject):
        def eventFilter(self, obj, ev):
            if ev.type() == QEvent.Type.Paint and obj is d:
                report(); QTimer.singleShot(0, app.quit)
            return False
    f = F(); d.installEventFilter(f); d.show(); app.exec(); sys.exit(0)

from mediation_app import app as appmod
state = {"desk": None, "signed": False, "done": False}
original_sign_in = appmod.DesktopApp.sign_in
original_backup = appmod.DesktopApp.automatic_backup
backups = {"running": 0}

def counted_backup(self, reason):
    if reason == "exit" and state["done"]:
        return  # measured already: the exit backup of a large file would only make each round long
    backups["running"] += 1
    try:
        original_backup(self, reason)
    finally:
        backups["running"] -= 1

def sign_in(self):
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QDialog
    state["desk"] = self
    qapp = self.qapp

    class Watch(QObject):
        def eventFilter(self, obj, ev):
            if state["done"] or ev.type() != QEvent.Type.Paint or not hasattr(obj, "window"):
                return False
            top = obj.window()
            name = type(top).__name__
            if name == "SignInDialog" and not state["signed"]:
                state["signed"] = True
                if mode == "signin":
                    report(); state["done"] = True
                    QTimer.singleShot(0, top.reject)
                else:
                    top.username.setText(user); top.password.setText(password)

                    def enter():  # mode "enter": measured from here, after the user took time to type
                        state["enter"] = (time.time(), cpu_now())
                        top._on_submit()
                    QTimer.singleShot(int(float(typing) * 1000) if mode == "enter" else 0, enter)
            return False

    watch = Watch(qapp); qapp.installEventFilter(watch); state["watch"] = watch
    if mode in ("main", "enter", "shown"):
        def poll():
            desk = state["desk"]
            win = desk.window
            if win is None or not win.isVisible() or state["done"]:
                return
            pending = len(desk.runner._pending) - backups["running"]
            if (pending <= 0 or mode == "shown") and win.case_list.model.rowCount() > 0:
                win.repaint()
                state["done"] = True
                t0, cpu0 = state["enter"] if mode == "enter" else (None, None)
                report(rows=win.case_list.model.rowCount(), t0=t0, cpu0=cpu0)
                QTimer.singleShot(0, win.close)
        timer = QTimer(qapp); timer.timeout.connect(poll); timer.start(5); state["timer"] = timer
    return original_sign_in(self)

appmod.DesktopApp.sign_in = sign_in
appmod.DesktopApp.automatic_backup = counted_backup
from mediation_app.i18n import set_language
sys.exit(appmod.run_gui(db, None))
"""


def _env(data: Path, tree: Path) -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(tree), HOME=str(data / "home"),
               XDG_CONFIG_HOME=str(data / "config"), XDG_DATA_HOME=str(data / "share"),
               XDG_RUNTIME_DIR=str(data / "run"))
    (data / "home").mkdir(exist_ok=True)
    (data / "run").mkdir(mode=0o700, exist_ok=True)  # the command-line sign-in's token file  # also the children's working folder: no checkout is on sys.path
    env.pop("MEDIATION_DB_URL", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # measured as installed: compiled bytecode is reused
    return env


# With --tree: the package is imported from that checkout, not from the installed (editable) one.
_TREE = "import sys; sys.meta_path[:] = [f for f in sys.meta_path if '__editable__' not in repr(f)]\n"
_RUN_CLI = "import runpy, sys; sys.argv[0] = 'mediation-app'; runpy.run_module('mediation_app', run_name='__main__')"


def probe(mode: str, db: Path, user: str, password: str, env: dict[str, str],
          typing: float = 0.0) -> tuple[float, float]:
    """Wall seconds from launch to the probe's report, and the child's CPU seconds then; in mode
    "enter", both from the moment Enter was pressed, ``typing`` seconds after the sign-in painted."""
    start = time.time()
    proc = subprocess.run([sys.executable, "-c", _TREE + _PROBE, mode, str(db), user, password, str(typing)],
                          env=env, capture_output=True, text=True, timeout=300, cwd=env["HOME"])
    for line in proc.stdout.splitlines():
        if line.startswith("PROBE "):
            data = json.loads(line[6:])
            if data.get("t0") is not None:
                return data["t"] - data["t0"], data["cpu"] - data["cpu0"]
            return data["t"] - start, data["cpu"]
    raise RuntimeError(f"{mode}: no report (exit {proc.returncode})\n{proc.stderr[-2000:]}")


def timed_command(argv: list[str], env: dict[str, str], stdin: str = "") -> tuple[float, float]:
    """Wall seconds and the child's CPU seconds of a whole command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(argv, env=env, input=stdin, capture_output=True, text=True, timeout=300, cwd=env["HOME"])
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise RuntimeError(f"{argv}: exit {proc.returncode}\n{proc.stderr[-2000:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def median_pair(samples: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(s[0] for s in samples), statistics.median(s[1] for s in samples)


def build_db(folder: Path, cases: int) -> Path:
    sys.path.insert(0, str(ROOT))
    from mediation_app.domain.enums import CommitteeKind
    from mediation_app.services import build_services
    from mediation_app.storage.db import sqlite_url

    path = folder / "bench.db"
    svc = build_services(sqlite_url(path), folder)
    actor = svc.setup.initialise("委员会", "委", CommitteeKind.TOWNSHIP, "admin", PASSWORD, "甲")
    svc.demo.generate(actor, cases, 1)
    svc.close()
    return path


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, help="an existing SQLite database (e.g. 100,000 demo cases)")
    parser.add_argument("--cases", type=int, default=2000, help="cases of the throw-away database (without --db)")
    parser.add_argument("--user", default="admin")
    parser.add_argument("--password", default=PASSWORD)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--skip-gui", action="store_true")
    parser.add_argument("--skip-cli", action="store_true")
    parser.add_argument("--typing", type=float, default=3.0,
                        help="seconds between the painted sign-in window and Enter, for 'Enter -> usable'")
    parser.add_argument("--tree", type=Path, default=ROOT,
                        help="measure another checkout of the package (e.g. an older commit for a before/after)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        db = args.db or build_db(work, args.cases)
        env = _env(work, args.tree)
        py = sys.executable
        cli = [py, "-m", "mediation_app", "--db", str(db)]
        if args.tree.resolve() != ROOT:
            cli = [py, "-c", _TREE + _RUN_CLI, "--db", str(db)]
        rows: list[tuple[str, tuple[float, float], str | None]] = []

        def measure(label: str, fn, baseline: str | None = None) -> None:  # type: ignore[no-untyped-def]
            fn()  # warm-up: bytecode written, files in the page cache
            samples = [fn() for _ in range(args.rounds)]
            rows.append((label, median_pair(samples), baseline))
            wall, cpu = rows[-1][1]
            print(f"  {label:<44} {wall * 1000:7.0f} ms wall {cpu * 1000:7.0f} ms CPU   load {os.getloadavg()[0]:.2f}",
                  flush=True)

        print(f"start-up, median of {args.rounds} fresh processes ({db}); load average {_load()}:")
        measure("python -c pass", lambda: timed_command([py, "-c", "pass"], env))
        measure("import PySide6.QtWidgets", lambda: timed_command([py, "-c", "import PySide6.QtWidgets"], env))
        if not args.skip_gui:
            measure("bare QDialog painted", lambda: probe("dialog", db, "", "", env))
            measure("sign-in window painted", lambda: probe("signin", db, args.user, args.password, env),
                    "bare QDialog painted")
            measure("main window shown, list filled, typing instantly",
                    lambda: probe("shown", db, args.user, args.password, env), "bare QDialog painted")
            measure("main window usable, typing instantly", lambda: probe("main", db, args.user, args.password, env),
                    "bare QDialog painted")
            measure(f"Enter -> main window usable ({args.typing:g} s typing)",
                    lambda: probe("enter", db, args.user, args.password, env, args.typing), "bare QDialog painted")
        if not args.skip_cli:
            measure("cli doc --list", lambda: timed_command(cli + ["doc", "--list"], env), "python -c pass")
            password = [*cli, "--user", args.user, "--password-stdin"]
            measure("cli case list, password",
                    lambda: timed_command(password + ["case", "list"], env, args.password + "\n"), "python -c pass")
            signin = cli + ["--user", args.user, "--password-stdin", "signin", "--minutes", "10"]
            try:
                signed_in = timed_command(signin, env, args.password + "\n")
                print(f"  {'(signin: ' + f'{signed_in[0] * 1000:.0f} ms wall)':<44}", flush=True)
            except RuntimeError:  # a checkout (--tree) without the command-line sign-in
                print("  (no signin command in this tree)")
            variants = (("", []), (" --json", ["--json"]), (" --status mediating", ["--status", "mediating"]),
                        (" --text 马 --json", ["--text", "马", "--json"]))
            for label, extra in variants if "signed_in" in locals() else ():
                measure(f"cli case list{label}, signed in",
                        lambda extra=extra: timed_command(cli + ["case", "list", *extra], env), "python -c pass")
            if "signed_in" in locals():
                timed_command(cli + ["signout"], env)
            measure("cli --version", lambda: timed_command(cli + ["--version"], env), "python -c pass")
        figures = {label: pair for label, pair, _b in rows}
        print("\nratios against the baselines (CPU; wall in brackets):")
        for label, (wall, cpu), base in rows:
            if base is None:
                continue
            bw, bc = figures[base]
            print(f"  {label:<44} {cpu / bc:5.1f}x {base} ({wall / bw:.1f}x)")
            qt_w, qt_c = figures["import PySide6.QtWidgets"]
            if "cli" not in label:
                continue
            print(f"  {'':<44} {cpu / qt_c:5.1f}x import PySide6.QtWidgets ({wall / qt_w:.1f}x)")
        print(f"load average after: {_load()}")
    return 0


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


if __name__ == "__main__":
    sys.exit(main())
