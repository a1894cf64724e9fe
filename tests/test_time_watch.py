"""Sleep, clock jumps, midnight and zone changes are noticed on the slow tick."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from pytestqt.qtbot import QtBot

from boundary_app.app.time_watch import TimeWatch
from boundary_app.core.clock import FixedClock, PretendClock
from tests.helpers import at


def make(qtbot: QtBot, zone: list[str]) -> tuple[TimeWatch, FixedClock]:
    clock = FixedClock(at("2026-12-03T23:58:00-05:00"), mono=500.0)
    watch = TimeWatch(clock, lambda: ZoneInfo(zone[0]), interval_ms=60_000)
    watch.start()
    return watch, clock


def test_a_normal_minute_is_only_a_tick(qtbot: QtBot) -> None:
    watch, clock = make(qtbot, ["America/New_York"])
    jumps: list[float] = []
    watch.clock_jumped.connect(jumps.append)
    clock.advance(timedelta(seconds=60))
    with qtbot.waitSignal(watch.ticked):
        watch.check()
    assert jumps == []
    watch.stop()


def test_a_resume_from_sleep_is_a_jump_of_the_sleep(qtbot: QtBot) -> None:
    watch, clock = make(qtbot, ["America/New_York"])
    clock.instant += timedelta(hours=2)  # wall moved on during suspend...
    clock.mono += 60  # ...the monotonic clock did not
    with qtbot.waitSignal(watch.clock_jumped) as jumped:
        watch.check()
    assert jumped.args[0] == 7140.0
    watch.stop()


def test_a_clock_set_back_is_a_negative_jump(qtbot: QtBot) -> None:
    watch, clock = make(qtbot, ["America/New_York"])
    clock.instant -= timedelta(minutes=59)
    clock.mono += 60
    with qtbot.waitSignal(watch.clock_jumped) as jumped:
        watch.check()
    assert jumped.args[0] == -3600.0
    watch.stop()


def test_midnight_and_a_zone_change_are_announced(qtbot: QtBot) -> None:
    zone = ["America/New_York"]
    watch, clock = make(qtbot, zone)
    clock.advance(timedelta(minutes=3))  # 00:01 the next day
    with qtbot.waitSignal(watch.day_changed) as changed:
        watch.check()
    assert changed.args[0].isoformat() == "2026-12-04"
    zone[0] = "Europe/Berlin"
    with qtbot.waitSignal(watch.zone_changed) as moved:
        watch.check()
    assert moved.args[0] == "Europe/Berlin"
    watch.stop()


def test_a_fast_pretend_clock_gets_its_midnight_before_the_slow_tick(qtbot: QtBot) -> None:
    # At 60x a pretend minute is one real second: waiting for the minute tick
    # would plan the new day late, so the watch wakes at the clock's own midnight.
    clock = PretendClock(at("2026-12-03T23:59:54-05:00"), speed=60)
    watch = TimeWatch(clock, lambda: ZoneInfo("America/New_York"), interval_ms=60_000)
    watch.start()
    with qtbot.waitSignal(watch.day_changed, timeout=2000) as changed:
        pass
    assert changed.args[0].isoformat() == "2026-12-04"
    watch.stop()
