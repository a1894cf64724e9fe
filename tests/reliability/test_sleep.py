"""A simulated sleep: the real app frozen with SIGSTOP for 90 s across the end of its day.

At real speed: the app starts at 16:58:20, is stopped at 16:58:50 and wakes
at about 17:00:20. Meanwhile the 16:59 email window, the 16:59 wrap-up and
the 17:00 end of the day came due. On waking the app must not show a burst
of stale reminders: the email window is after hours now and the wrap-up is
superseded by the end of the day, which is on time (20 s late): the
end-of-day window opens. Both others are logged as missed, by triage's
rules.

(Both clocks run on during SIGSTOP, unlike in a suspend, where the
monotonic clock stands still: that case is the forward jump in
`test_clock.py`.)
"""

from __future__ import annotations

import os
import signal
import time
from datetime import datetime

from tests.desktop.harness import Desktop
from tests.reliability.apps import (
    ANCHOR,
    END_OF_DAY_WINDOW,
    App,
    keep_books,
    notifications_from,
    wait_for_window_of,
    wait_until,
)
from tests.reliability.conftest import Results, Row

SPEED = 1.0
START = "2026-11-27T16:58:20"  # a Friday
SETTINGS = """\
timezone = "America/New_York"
[day]
wrapup_lead_min = 1
[email]
windows = ["16:59"]
"""
STOP_AT = "2026-11-27T16:58:50-05:00"
STOP_S = 90.0
OBSERVED_TO = "2026-11-27T17:01:00-05:00"


def test_after_a_sleep_no_stale_burst_and_the_handoff_still_opens(
    desktop: Desktop, results: Results
) -> None:
    home = desktop.base / "sleeper"
    app = App.prepare("sleeper", home, desktop.env, SETTINGS)
    since = time.time()
    app.start(desktop, START, SPEED)
    anchor = ANCHOR.search(app.log())
    assert anchor, app.describe()
    pretend, real = datetime.fromisoformat(anchor[1]), datetime.fromisoformat(anchor[2])
    stop_at = real + (datetime.fromisoformat(STOP_AT) - pretend) / SPEED
    wait = stop_at.timestamp() - time.time()
    assert wait > 0.2, f"the app took too long to start: {-wait:.1f} s late\n{app.describe()}"
    time.sleep(wait)

    os.kill(app.child.pid, signal.SIGSTOP)
    try:
        time.sleep(STOP_S)
    finally:
        os.kill(app.child.pid, signal.SIGCONT)
    woke = time.time()

    wait_for_window_of(desktop, app, END_OF_DAY_WINDOW, 10)
    end = datetime.fromisoformat(OBSERVED_TO)
    assert wait_until(lambda: app.now() >= end, 60, 0.2), app.describe()
    seen = notifications_from(desktop, app, since)
    burst = [n.summary for n in seen if n.received_at >= woke]
    books = keep_books(app, pretend, end, bus_notifications=len(seen))
    results.add(
        Row(
            f"sleep: SIGSTOP {STOP_S:g} s",
            1,
            len(books.planned),
            len(books.delivered),
            len(books.missed),
            len(books.lost),
            len(books.doubled),
            f"{len(burst)} notifications on waking; handoff window opened",
        )
    )
    books.check()
    assert burst == [], f"stale nudges shown on waking: {burst}"
    assert [(n.kind.value, f"{n.at:%H:%M}") for n in books.delivered] == [("day.end", "17:00")]
    assert sorted((n.kind.value, f"{n.at:%H:%M}") for n in books.missed) == [
        ("day.wrapup", "16:59"),
        ("email.window", "16:59"),
    ]
