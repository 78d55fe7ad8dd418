"""Services are built on first use, once, whichever thread asks first."""

from __future__ import annotations

import threading

from mediation_app.services import build_services


def test_every_thread_gets_the_same_service(tmp_path):
    svc = build_services(f"sqlite:///{tmp_path / 'm.db'}", tmp_path)
    try:
        handovers: list[object] = []
        imports: list[object] = []
        start = threading.Barrier(6)

        def ask() -> None:
            start.wait()
            handovers.append(svc.handover)
            imports.append(svc.ledger_import)

        threads = [threading.Thread(target=ask) for _ in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert len(handovers) == len(imports) == 6
        assert len({id(s) for s in handovers}) == 1 and len({id(s) for s in imports}) == 1
        assert svc.ledger_import.intake is svc.intake  # wired to the shared services
        assert svc.demo.routing is svc.routing and svc.demo is svc.demo
    finally:
        svc.close()
