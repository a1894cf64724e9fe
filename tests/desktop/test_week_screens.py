"""The weekly report of the real app, on a real screen, as a person sees it.

A week is written into the journal first (days closed on time, late and not
at all; sessions that ran over; energy ratings with tags; a supervision), the
app starts on a pretend Friday afternoon, and `boundary-app week` opens
*This week*. The screenshot is checked for what a person needs: the window
lies on the screen, is painted, its bars stand out from the background, and
it is dark in a dark palette. At scale 1, at scale 2 and in dark.
"""

from __future__ import annotations

import subprocess
import time
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from boundary_app.core.day_record import DayRecord
from boundary_app.core.sessions import Session
from boundary_app.core.wellbeing import Energy, EnergyCheck, Held, SupervisionHeld
from boundary_app.storage.journal import open_journal
from boundary_app.storage.wellbeing_records import WellbeingRecords
from tests.desktop.harness import Desktop, Screenshot, boundary_app_command
from tests.desktop.test_handoff_windows import (
    DARK,
    MIN_CONTRAST,
    User,
    assert_on_screen,
    contrast,
    dominant_colour,
    luminance,
    new_user,
    pixels,
    require_gtk_theme,
    start_app,
    window,
)

WEEK = "This week \u2013 Boundary"
ZONE = ZoneInfo("America/New_York")


def wall(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZONE)


def seed_week(user: User) -> None:
    """Monday to Thursday of the pretend Friday's week, as a clinician might have lived it."""
    path = Path(user.env["XDG_DATA_HOME"]) / "boundary-app" / "journal.sqlite3"
    journal = open_journal(path, now=wall(user.friday, 8)).journal
    records = WellbeingRecords(journal)
    monday = user.friday - timedelta(days=4)
    for offset, late in enumerate((0, 35, None, 10)):
        day = monday + timedelta(days=offset)
        end = wall(day, 17)
        closed = None if late is None else end + timedelta(minutes=late)
        journal.save_day(DayRecord(day, closed, end, late or 0))
        for hour, overrun, tags, rating in (
            (10, 0, ("couples",), Energy.ENERGISED),
            (14, 8, ("intake",), Energy.DRAINED),
        ):
            start = wall(day, hour)
            ended = start + timedelta(minutes=50 + overrun)
            journal.add_session(Session(start, timedelta(minutes=50), ended))
            records.add_energy(EnergyCheck(ended + timedelta(minutes=2), rating, tags, start))
    records.add_held(SupervisionHeld(wall(monday + timedelta(days=3), 14), Held.SUPERVISION))
    journal.close()


def open_week(desktop: Desktop, user: User, env: dict[str, str] | None = None) -> None:
    app = start_app(desktop, user, f"{user.friday}T15:00:00", env)
    deadline = time.monotonic() + 15
    while True:  # the app answers the command line once its socket is up
        done = subprocess.run(
            boundary_app_command("week"), env=user.env, capture_output=True, text=True, timeout=20
        )
        if done.returncode == 0 or time.monotonic() > deadline:
            break
        time.sleep(0.25)
    assert done.returncode == 0, f"boundary-app week: {done.stderr}\n{app.describe()}"
    desktop.wait_for_window(WEEK, 20)


def bars_stand_out(desktop: Desktop, name: str) -> tuple[int, int]:
    """Wait until the report is painted with bars in contrast with its background."""
    shown = window(desktop, WEEK)
    found: tuple[int, int] = (0, 0)

    def painted(shot: Screenshot) -> bool:
        nonlocal found
        background = dominant_colour(shot, shown.box)
        counts: Counter[int] = Counter()
        for row in pixels(shot, shown.box):
            counts.update(row)
        strong = sum(n for c, n in counts.items() if contrast(c, background) >= MIN_CONTRAST)
        found = (background, strong)
        return strong > 2_000  # text alone is far less ink than a week of bars

    shot = desktop.wait_for_screen(painted, name, timeout=10)
    assert_on_screen(shown, shot)
    assert shown.height >= 300, f"{shown} is squashed; see {shot.artifact}"
    return found


@pytest.mark.parametrize("scale", [1, 2])
def test_this_week_shows_the_week_on_the_screen(
    desktop: Desktop, tmp_path: Path, scale: int
) -> None:
    user = new_user(desktop, tmp_path)
    seed_week(user)
    open_week(desktop, user, {"QT_SCALE_FACTOR": str(scale)})
    bars_stand_out(desktop, f"week-scale{scale}")


def test_this_week_in_a_dark_palette(desktop: Desktop, tmp_path: Path) -> None:
    require_gtk_theme()
    user = new_user(desktop, tmp_path)
    seed_week(user)
    open_week(desktop, user, DARK)
    background, _ink = bars_stand_out(desktop, "week-dark")
    assert luminance(background) < 0.1, f"#{background & 0xFFFFFF:06x} is not dark"
    shot = desktop.screenshot("week-dark")
    assert luminance(dominant_colour(shot, window(desktop, WEEK).box)) < 0.1
