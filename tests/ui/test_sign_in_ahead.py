"""Today read ahead while the password is checked: read once when the sign-in window is painted,
and again at Enter when that read has aged (the services decide whom it may be shown to:
tests/services/test_today_prepared.py)."""

from __future__ import annotations


def test_today_is_read_ahead_once_and_again_when_the_read_has_aged(monkeypatch):
    from types import SimpleNamespace

    from mediation_app.ui import prepare

    calls: list[int] = []
    services = SimpleNamespace(overview=SimpleNamespace(prepare_today=lambda page: calls.append(page) or "part"))
    now = [100.0]
    monkeypatch.setattr(prepare.time, "monotonic", lambda: now[0])
    ahead = prepare.TodayAhead(services, 7)
    ahead.start()  # the sign-in window painted
    now[0] += prepare.TodayAhead.FRESH - 1
    ahead.start()  # Enter soon after: the read under way serves
    first = ahead.take()
    assert prepare.prepared_part(first) == "part" and calls == [7]
    assert ahead.take() is None  # handed over once
    ahead.start()
    now[0] += prepare.TodayAhead.FRESH + 1
    ahead.start()  # Enter after a long pause: read again
    assert prepare.prepared_part(ahead.take()) == "part" and calls == [7, 7, 7]
