"""Calendar sessions reach the plan by themselves, fetched in work time only, titles never shown."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from boundary_app.app.calendar_sync import CalendarSync
from boundary_app.app.controller import Controller
from boundary_app.core.clock import FixedClock
from boundary_app.core.day_state import DayState
from boundary_app.core.nudge import NudgeKind
from boundary_app.integrations.feed_fetch import FeedCache, FeedSource, FetchResult, fetch_feed
from boundary_app.storage.journal import Journal
from boundary_app.storage.secrets import Secrets
from tests.conftest import MemoryKeyring
from tests.helpers import at, settings_from

FEED = """\
BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Boundary tests//EN
BEGIN:VEVENT
UID:weekly-1@test
DTSTAMP:20261101T000000Z
DTSTART;TZID=America/New_York:20261130T100000
DTEND;TZID=America/New_York:20261130T105000
RRULE:FREQ=DAILY;COUNT=10
SUMMARY:Session with Jordan Avery
END:VEVENT
BEGIN:VEVENT
UID:free-1@test
DTSTAMP:20261101T000000Z
DTSTART;TZID=America/New_York:20261203T140000
DTEND;TZID=America/New_York:20261203T150000
TRANSP:TRANSPARENT
SUMMARY:Team social hour
END:VEVENT
END:VCALENDAR
""".replace("\n", "\r\n")


@pytest.fixture
def feed_file(tmp_path: Path) -> Path:
    path = tmp_path / "clinic.ics"
    path.write_text(FEED, encoding="utf-8")
    return path


def parts(journal: Journal, when: str, calendar: dict[str, Any]) -> tuple[Controller, FixedClock]:
    clock = FixedClock(at(when))
    c = Controller(settings_from({"calendar": calendar}), clock, journal)
    c.replan("test")
    return c, clock


def test_sessions_from_a_calendar_file_are_paced_without_pressing_anything(
    journal: Journal, feed_file: Path, tmp_path: Path, qtbot: QtBot
) -> None:
    controller, clock = parts(
        journal, "2026-12-03T09:30:00-05:00", {"enabled": True, "file": str(feed_file)}
    )
    sync = CalendarSync(controller, Secrets(), tmp_path / "cache")
    with qtbot.waitSignal(controller.plan_changed, timeout=10_000):
        sync.start()
    session_cues = [n for n in controller.plan if n.kind is NudgeKind.SESSION_END]
    assert [n.at for n in session_cues][:2] == [
        at("2026-12-03T10:50:00-05:00"),
        at("2026-12-04T10:50:00-05:00"),
    ]
    clock.advance(at("2026-12-03T10:20:00-05:00") - clock.now())
    assert controller.status().state is DayState.IN_SESSION
    assert "Jordan" not in controller.describe()
    for nudge in controller.plan:
        assert "Jordan" not in nudge.title + nudge.body
        assert "social" not in nudge.title + nudge.body  # a free event is no session
    # Ending it early from the tray holds after the next refresh.
    controller.end_session()
    with qtbot.waitSignal(sync._finished, timeout=10_000):
        sync.refresh_if_working()
    assert controller.status().state is not DayState.IN_SESSION
    sync.stop()


class CountingFetch:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, source: FeedSource, cache: FeedCache, **kwargs: Any) -> FetchResult:
        self.calls += 1
        return FetchResult(FEED.encode(), True, False, None)


def test_the_feed_is_never_fetched_off_hours(
    journal: Journal, tmp_path: Path, qtbot: QtBot, ring: MemoryKeyring
) -> None:
    from boundary_app.storage.secrets import CALENDAR_URL

    ring.set_password("boundary-app", CALENDAR_URL, "https://example.org/private/feed.ics")
    controller, clock = parts(
        journal, "2026-12-03T20:00:00-05:00", {"enabled": True, "source": "url"}
    )
    fetch = CountingFetch()
    sync = CalendarSync(controller, Secrets(), tmp_path / "cache", fetch)
    sync.start()
    sync.refresh_if_working()
    qtbot.wait(100)
    assert fetch.calls == 0  # the evening: no network at all
    clock.advance(at("2026-12-04T09:00:00-05:00") - clock.now())
    with qtbot.waitSignal(sync._finished, timeout=10_000):
        controller.replan("a new day")  # work begins: fetch
    assert fetch.calls == 1
    sync.stop()


def test_a_failed_refresh_keeps_the_sessions_and_warns_once(
    journal: Journal, tmp_path: Path, qtbot: QtBot, feed_file: Path
) -> None:
    controller, _clock = parts(
        journal, "2026-12-03T09:30:00-05:00", {"enabled": True, "file": str(feed_file)}
    )
    sync = CalendarSync(controller, Secrets(), tmp_path / "cache")
    with qtbot.waitSignal(controller.plan_changed, timeout=10_000):
        sync.start()
    planned = list(controller.plan)
    feed_file.write_bytes(b"<!DOCTYPE html><html>Sign in</html>")
    warnings: list[str] = []
    sync.warned.connect(warnings.append)
    for _ in range(2):
        with qtbot.waitSignal(sync._finished, timeout=10_000):
            sync.refresh_if_working()
    assert len(warnings) == 1
    assert "Jordan" not in warnings[0]
    assert controller.plan == planned  # the sessions it had are kept
    sync.stop()


def test_a_feed_served_over_https_changes_then_breaks_and_the_sessions_hold(
    journal: Journal, tmp_path: Path, qtbot: QtBot, ring: MemoryKeyring
) -> None:
    """End to end: a real HTTPS server, the app's sync, ETags, then garbage and a timeout."""
    from functools import partial

    from boundary_app.storage.secrets import CALENDAR_URL
    from tests import feed_server

    authority = feed_server.make_authority(tmp_path / "tls")
    with feed_server.running(authority) as server:
        feed = feed_server.ChangingFeed(FEED.encode())
        path = "/private-token-99/basic.ics"
        server.routes[path] = feed
        ring.set_password("boundary-app", CALENDAR_URL, server.url(path))
        controller, _clock = parts(
            journal, "2026-12-03T09:30:00-05:00", {"enabled": True, "source": "url"}
        )
        fetch = partial(fetch_feed, context=authority.client_context(), timeout=1.0)
        sync = CalendarSync(controller, Secrets(), tmp_path / "cache", fetch)
        warnings: list[str] = []
        sync.warned.connect(warnings.append)
        with qtbot.waitSignal(controller.plan_changed, timeout=10_000):
            sync.start()
        ends = [n.at for n in controller.plan if n.kind is NudgeKind.SESSION_END]
        assert ends[0] == at("2026-12-03T10:50:00-05:00")

        # The practice moves today's session to 11:00: the next refresh follows.
        moved = FEED.replace(
            "RRULE:FREQ=DAILY;COUNT=10",
            "RRULE:FREQ=DAILY;COUNT=10\r\nEXDATE;TZID=America/New_York:20261203T100000",
        )
        feed.publish(moved.encode())
        with qtbot.waitSignal(sync._finished, timeout=10_000):
            sync.refresh_if_working()
        ends = [n.at for n in controller.plan if n.kind is NudgeKind.SESSION_END]
        assert ends[0] == at("2026-12-04T10:50:00-05:00")  # today's is gone
        planned = list(controller.plan)

        # Unchanged: a 304, nothing new.
        with qtbot.waitSignal(sync._finished, timeout=10_000):
            sync.refresh_if_working()
        asked = [{k.lower() for k in s.headers} for s in server.seen if s.path == path]
        assert "if-none-match" in asked[-1]  # a conditional request
        assert controller.plan == planned

        # Garbage, then a server that hangs: the sessions hold, one quiet warning each.
        server.routes[path] = lambda handler: feed_server.send(handler, 200, b"\x00\xff junk")
        with qtbot.waitSignal(sync._finished, timeout=10_000):
            sync.refresh_if_working()
        server.routes[path] = feed_server.slow(3.0, FEED.encode())
        with qtbot.waitSignal(sync._finished, timeout=10_000):
            sync.refresh_if_working()
        assert controller.plan == planned
        assert len(warnings) == 2
        for text in warnings:
            assert "private-token-99" not in text
        sync.stop()
