"""Time under the app's feet: a 48-hour day at full speed, and the wall clock jumping.

Three real apps share one desktop and run at once, because each mostly
waits on a clock:

- a 48-hour pretend day at 3600x (48 s): split shifts, a protected break,
  email windows, and an overnight block across midnight. Every nudge
  `plan --json` plans must be delivered once, in the planned order, on the
  bus and in the journal;
- two apps under libfaketime (Debian's `faketime`), whose wall clock is
  moved by rewriting the time file while they run, while their monotonic
  clock is left alone (`FAKETIME_DONT_FAKE_MONOTONIC`): exactly what an NTP
  step or a person changing the clock looks like to `app.time_watch`. One
  jumps forward over the end of the day, one back over nudges it already
  showed.

The time watch compares the clocks once a minute (`TICK_MS`), so a jump is
noticed at the next tick (a Qt timer of 20 s or more is rounded to whole
seconds, so ticks come 60 +- 1 s apart). Each jump is made about 50 s after
its app's watch started, so the first tick notices it, and must be
re-planned within 60 s of the move, as measured by the app's own log.
"""

from __future__ import annotations

import glob
import itertools
import os
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.desktop.harness import Desktop
from tests.reliability.apps import (
    ANCHOR,
    END_OF_DAY_WINDOW,
    STARTED,
    WINDOW_KINDS,
    App,
    Books,
    keep_books,
    notifications_from,
    wait_for_window_of,
    wait_until,
)
from tests.reliability.conftest import Results, Row

DAY_SPEED = 3600.0
DAY_START = "2026-11-27T05:00:00"  # a Friday; the span ends on Sunday at 05:00
DAY_SETTINGS = """\
timezone = "America/New_York"
[week]
friday = ["08:00-12:00", "13:00-17:00"]
saturday = ["22:00-02:00"]
[[breaks]]
name = "Admin"
days = ["fri"]
time = "15:00-15:20"
[email]
windows = ["08:30", "11:00", "14:00", "16:45", "23:00", "01:00"]
"""

JUMP_SPEED = 10.0
JUMP_START = "2026-11-27T16:22:00"
JUMP_AFTER_S = 50.0  # after the watch started: 10 s before its first tick
REPLAN_WITHIN_S = 60.0
REPLANNED = r"^(\S+ \S+) boundary_app\.app\.controller: planned \d+ nudges \(clock moved"
AHEAD_SETTINGS = """\
timezone = "America/New_York"
[day]
wrapup_lead_min = 20
overtime_after_min = 4
[email]
windows = ["16:25", "16:35", "16:45"]
"""
AHEAD_TO = "2026-11-27T17:01:00-05:00"  # over 16:35, 16:40 wrap-up, 16:45 and the 17:00 end
BACK_SETTINGS = """\
timezone = "America/New_York"
[day]
wrapup_lead_min = 20
[email]
windows = ["16:25", "16:29"]
"""
BACK_TO = "2026-11-27T16:26:00-05:00"  # before the 16:29 email window it has shown


def faketime_library() -> Path:
    """libfaketime, multi-threaded flavour (the app has worker threads)."""
    patterns = (
        "/usr/lib/*/faketime/libfaketimeMT.so.1",
        "/usr/lib/faketime/libfaketimeMT.so.1",
        "/usr/local/lib/faketime/libfaketimeMT.so.1",
    )
    for pattern in patterns:
        found = sorted(glob.glob(pattern))
        if found:
            return Path(found[0])
    reason = "a wall-clock jump needs libfaketime (Debian package faketime)"
    if os.environ.get("BOUNDARY_REQUIRE_DESKTOP") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


@dataclass
class Jump:
    """An app under libfaketime, and the one jump of its wall clock."""

    app: App
    time_file: Path
    target: datetime  # the pretend instant the jump lands on
    watch_started: float = 0.0  # time.time() when its time watch started (by its log)
    seconds: float = 0.0  # how far the (real) wall clock was moved
    made_at: float | None = None  # time.time() (real) of the move
    highest: datetime | None = None  # the latest pretend instant before the move
    failure: str = ""
    timer: threading.Timer | None = field(default=None, repr=False)

    def env(self, library: Path) -> dict[str, str]:
        self.shift(0)
        return {
            "LD_PRELOAD": str(library),
            "FAKETIME_TIMESTAMP_FILE": str(self.time_file),
            "FAKETIME_DONT_FAKE_MONOTONIC": "1",
            "FAKETIME_CACHE_DURATION": "1",  # the file is read again each second
            "NO_FAKE_STAT": "1",
            "TZ": "UTC",  # log stamps in UTC, to read them back
        }

    def shift(self, seconds: float) -> None:
        partial = self.time_file.with_suffix(".part")
        partial.write_text(f"{seconds:+.3f}\n")
        os.replace(partial, self.time_file)  # never a half-written offset

    def arm(self) -> None:
        delay = self.watch_started + JUMP_AFTER_S - time.time()
        self.timer = threading.Timer(max(0.0, delay), self.make)
        self.timer.start()

    def make(self) -> None:
        """Move the wall clock so the pretend clock lands on `target`."""
        try:
            anchor = ANCHOR.search(self.app.log())
            assert anchor, "no pretend clock in the log"
            pretend, real, speed = (
                datetime.fromisoformat(anchor[1]),
                datetime.fromisoformat(anchor[2]).timestamp(),
                float(anchor[3]),
            )
            now = time.time()
            self.highest = pretend + timedelta(seconds=(now - real) * speed)
            self.seconds = (self.target - pretend).total_seconds() / speed - (now - real)
            self.shift(self.seconds)
            self.made_at = time.time()
        except Exception as error:  # seen by the test, not lost in a thread
            self.failure = repr(error)

    def replanned_after(self) -> float:
        """Seconds from the move to the app's re-plan for it, by the app's own log.

        The app logs in UTC (`TZ=UTC`) on its shifted clock: the real instant
        of a line is its stamp minus the shift.
        """
        assert wait_until(lambda: self.made_at is not None or self.failure, 90), "no jump made"
        assert not self.failure, self.failure
        assert self.made_at is not None
        line = self.app.wait_for_log(REPLANNED, self.made_at + 75 - time.time())[0]
        return log_time(line[1]) - self.seconds - self.made_at


def log_time(stamp: str) -> float:
    """A log line's stamp (`TZ=UTC`) as a `time.time()` value."""
    return datetime.strptime(stamp, "%Y-%m-%d %H:%M:%S,%f").replace(tzinfo=UTC).timestamp()


@dataclass
class Running:
    desktop: Desktop
    since: float
    day: App
    ahead: Jump
    back: Jump


@pytest.fixture(scope="module")
def running(long_desktop: Desktop, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    """The three apps, started together; the two jumps armed on their own timers."""
    desktop = long_desktop
    library = faketime_library()
    base = tmp_path_factory.mktemp("clock")
    since = time.time()
    day = App.prepare("day-48h", base / "day", desktop.env, DAY_SETTINGS)
    jumps = {}
    for name, settings, target in (
        ("ahead", AHEAD_SETTINGS, AHEAD_TO),
        ("back", BACK_SETTINGS, BACK_TO),
    ):
        app = App.prepare(f"jump-{name}", base / name, desktop.env, settings)
        jumps[name] = Jump(app, base / f"{name}.faketime", datetime.fromisoformat(target))
    day.start(desktop, DAY_START, DAY_SPEED, wait=False)
    for jump in jumps.values():
        jump.app.start(desktop, JUMP_START, JUMP_SPEED, jump.env(library), wait=False)
    for jump in jumps.values():
        (started,) = jump.app.wait_for_log(rf"^(\S+ \S+) {STARTED}", 30)
        jump.watch_started = log_time(started[1])
        jump.arm()
    try:
        yield Running(desktop, since, day, jumps["ahead"], jumps["back"])
    finally:
        for jump in jumps.values():
            if jump.timer is not None:
                jump.timer.cancel()
                jump.timer.join()


def bus_order_problems(books: Books, titles: list[str]) -> list[str]:
    """Notifications must follow the plan; nudges planned for one instant may come in any order."""
    expected = [n for n in books.delivered if n.kind.value not in WINDOW_KINDS]
    problems = []
    position = 0
    while position < len(expected):
        same = [n for n in expected[position:] if n.at == expected[position].at]
        got = titles[position : position + len(same)]
        if sorted(got) != sorted(n.title for n in same):
            problems.append(f"at {same[0].at:%a %H:%M} expected {[n.title for n in same]}: {got}")
        position += len(same)
    return problems


def test_a_48_hour_day_at_speed_delivers_every_nudge_once_in_order(
    running: Running, results: Results
) -> None:
    app, desktop = running.day, running.desktop
    anchor = ANCHOR.search(app.log())
    assert anchor, app.describe()
    start = datetime.fromisoformat(anchor[1])
    end = start + timedelta(hours=48)
    assert wait_until(lambda: app.now() >= end + timedelta(minutes=30), 80, 0.5), app.describe()
    wait_for_window_of(desktop, app, END_OF_DAY_WINDOW, 5)
    seen = notifications_from(desktop, app, running.since)
    books = keep_books(app, start, end, bus_notifications=len(seen))
    order = bus_order_problems(books, [n.summary for n in seen])
    journal_order = [
        e for e in app.nudge_log() if start < e.planned_at <= end and e.outcome != "missed"
    ]
    journal_order.sort(key=lambda e: (e.shown_at, e.planned_at))
    order += [
        f"{later.kind} {later.planned_at:%H:%M} claimed before {earlier.kind}"
        f" {earlier.planned_at:%H:%M}"
        for earlier, later in itertools.pairwise(journal_order)
        if later.planned_at < earlier.planned_at
    ]
    results.add(
        Row(
            "48-hour day at 3600x",
            0,
            len(books.planned),
            len(books.delivered),
            len(books.missed),
            len(books.lost),
            len(books.doubled),
            "in plan order" if not order else f"{len(order)} out of order",
        )
    )
    books.check()
    assert not order, "\n".join(order)
    assert not books.missed, f"missed at 3600x: {books.missed}"
    assert len(books.planned) >= 16


def check_jump(jump: Jump, running: Running, results: Results) -> Books:
    replanned = jump.replanned_after()
    app = jump.app
    anchor = ANCHOR.search(app.log())
    assert anchor, app.describe()
    start = datetime.fromisoformat(anchor[1])
    assert jump.highest is not None
    end = max(app.now(), jump.highest)
    seen = notifications_from(running.desktop, app, running.since)
    books = keep_books(app, start, end, bus_notifications=len(seen))
    moved = jump.seconds * JUMP_SPEED / 60
    results.add(
        Row(
            f"wall clock jumps {'forward' if moved > 0 else 'back'} ({moved:+.0f} pretend min)",
            1,
            len(books.planned),
            len(books.delivered),
            len(books.missed),
            len(books.lost),
            len(books.doubled),
            f"faketime {jump.seconds:+.0f} s at {JUMP_SPEED:g}x, re-planned {replanned:.1f} s on",
        )
    )
    books.check()
    assert replanned <= REPLAN_WITHIN_S, f"re-planned {replanned:.1f} s after the jump"
    return books


def test_a_wall_clock_jump_forward_is_re_planned_and_loses_nothing(
    running: Running, results: Results
) -> None:
    jump = running.ahead
    # The overtime nudge (17:04) comes after the jump's re-plan, on time.
    assert wait_until(
        lambda: jump.app.shown()["day.overtime"] >= 1 or not jump.app.child.running, 60, 0.2
    ), jump.app.describe()
    books = check_jump(jump, running, results)
    wait_for_window_of(running.desktop, jump.app, END_OF_DAY_WINDOW, 5)
    kinds = [(n.kind.value, f"{n.at:%H:%M}") for n in books.delivered]
    # Before the jump the 16:25 email window; after it the day's handoff (the
    # end-of-day window) and the overtime nudge; the rest were late and stale.
    assert kinds == [("email.window", "16:25"), ("day.end", "17:00"), ("day.overtime", "17:04")]
    assert [(n.kind.value, f"{n.at:%H:%M}") for n in books.missed] == [
        ("email.window", "16:35"),
        ("day.wrapup", "16:40"),
        ("email.window", "16:45"),
    ]


def test_a_wall_clock_jump_back_doubles_nothing(running: Running, results: Results) -> None:
    jump = running.back
    job = 'running job "email.window|2026-11-27T16:29:00-05:00"'
    # Shown before the jump; planned again by the re-plan after it, and run again.
    jump.replanned_after()
    jump.app.wait_for_log(re.escape(job), 60, count=2)
    books = check_jump(jump, running, results)
    assert [(n.kind.value, f"{n.at:%H:%M}") for n in books.delivered] == [
        ("email.window", "16:25"),
        ("email.window", "16:29"),
    ]
    assert jump.app.shown() == {"email.window": 2}
