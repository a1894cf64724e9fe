"""Two instances started at the same moment: exactly one runs, and no nudge comes twice.

Twice over: on fresh folders, and again after the one that ran was killed
with SIGKILL (leaving its socket file behind; the kernel drops its lock).
Each time both starts are launched back to back, so they race for the
instance lock; the loser must ask the winner to come forward and exit 0.
The second winner replays the same pretend morning: the nudges the first
one showed are in the journal, so they must not come again.
"""

from __future__ import annotations

import os
import signal
import time
from datetime import datetime

from tests.desktop.harness import Child, Desktop, boundary_app_command
from tests.reliability.apps import STARTED, App, keep_books, wait_until
from tests.reliability.conftest import Results, Row

SPEED = 120.0
START = "2026-11-27T10:00:00"  # a Friday
EMAIL = [f"10:{m:02d}" for m in range(4, 52, 2)]  # one a second at 120x
SETTINGS = f"""\
timezone = "America/New_York"
[email]
windows = {EMAIL!r}
""".replace("'", '"')
ALREADY = "Boundary is already running; it has been brought forward."


def race(desktop: Desktop, app: App) -> tuple[Child, Child]:
    """Start two at once; (the one that runs, the one that gave way)."""
    argv = boundary_app_command("--pretend-now", START, "--speed", f"{SPEED:g}")
    pair = [desktop.spawn(app.name, argv, env=app.env) for _ in range(2)]
    assert wait_until(lambda: sum(not c.running for c in pair) >= 1, 15, 0.05), [
        c.describe() for c in pair
    ]
    time.sleep(1.0)  # a second loser would have given way by now
    running = [c for c in pair if c.running]
    assert len(running) == 1, "\n".join(c.describe() for c in pair)
    (loser,) = [c for c in pair if not c.running]
    assert loser.wait(5) == 0, loser.describe()
    assert loser.stdout_text().strip() == ALREADY, loser.describe()
    winner = running[0]
    app.runs.extend([loser, winner])
    app.wait_for_log(STARTED, 15)
    desktop.wait_for_tray_icons(1, timeout=10)
    return winner, loser


def test_two_instances_started_at_once_exactly_one_runs(desktop: Desktop, results: Results) -> None:
    app = App.prepare("twins", desktop.base / "twins", desktop.env, SETTINGS)
    since = time.time()

    winner, _loser = race(desktop, app)
    shown = sum(app.shown().values())
    assert wait_until(lambda: sum(app.shown().values()) >= shown + 2, 15, 0.05), app.describe()
    # Just after a nudge: the quietest moment to die without losing one in flight.
    os.killpg(winner.pid, signal.SIGKILL)
    assert wait_until(lambda: not winner.running, 5)
    leftover = (app.home / "runtime" / "boundary-app" / "boundary.sock").exists()

    winner, _loser = race(desktop, app)
    first_run = sum(app.shown().values())
    assert wait_until(lambda: sum(app.shown().values()) >= first_run + 2, 20, 0.05), app.describe()
    end = app.now()
    bus = len(desktop.notifications(since=since))
    books = keep_books(
        app,
        datetime.fromisoformat(START).replace(tzinfo=end.tzinfo),
        end,
        bus_notifications=bus,
    )
    results.add(
        Row(
            "two instances at once (x2, after SIGKILL)",
            3,
            len(books.planned),
            len(books.delivered),
            len(books.missed),
            len(books.lost),
            len(books.doubled),
            f"one ran each time; stale socket {'left' if leftover else 'gone'} after the kill",
        )
    )
    books.check()
    assert desktop.tray_icon_count() == 1
