"""The real `boundary-app` on a real desktop: tray icon, nudges on the bus, one instance.

The app runs on a pretend clock just before the end of a work day, four
times as fast as real time, so the day's wrap-up and end come within
seconds. Lateness is judged in pretend time against the clock the app
reports in its log.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from tests.desktop.harness import Child, Desktop, Notification, boundary_app_command

SPEED = 4.0
SETTINGS = """\
timezone = "America/New_York"
[day]
wrapup_lead_min = 1
"""
START = "2026-11-27T16:58:44"  # a Friday; wrap-up at 16:59, end at 17:00


def write_settings(desktop: Desktop) -> None:
    folder = Path(desktop.env["XDG_CONFIG_HOME"]) / "boundary-app"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "config.toml").write_text(SETTINGS, encoding="utf-8")


def pretend_lateness(app: Child, seen: Notification, planned: str) -> float:
    """Seconds of pretend time between a nudge's planned instant and its arrival."""
    anchor = re.search(r"pretend clock: (\S+) at real (\S+), speed (\S+)", app.stderr_text())
    assert anchor, app.describe()
    pretend_start = datetime.fromisoformat(anchor[1])
    real_start = datetime.fromisoformat(anchor[2]).timestamp()
    speed = float(anchor[3])
    arrived_pretend = (seen.received_at - real_start) * speed
    return arrived_pretend - (datetime.fromisoformat(planned) - pretend_start).total_seconds()


def cli(desktop: Desktop, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        boundary_app_command(*args),
        env=desktop.env,
        capture_output=True,
        text=True,
        timeout=20,
    )


@pytest.fixture
def app(desktop: Desktop) -> Child:
    write_settings(desktop)
    child = desktop.spawn(
        "boundary-app", boundary_app_command("--pretend-now", START, "--speed", str(SPEED))
    )
    desktop.wait_for_tray_icons(1, timeout=15)
    return child


def test_the_days_end_nudges_reach_the_bus_on_time(desktop: Desktop, app: Child) -> None:
    wrapup = desktop.wait_for_notification(lambda n: n.summary == "Start wrapping up", 20)
    assert wrapup.app_name == "Boundary"
    assert "17:00" in wrapup.body
    assert [key for key, _label in wrapup.actions] == ["done", "snooze"]
    late = pretend_lateness(app, wrapup, "2026-11-27T16:59:00-05:00")
    assert -0.25 <= late <= 1.0, f"day.wrapup {late:+.2f} s from its planned time"
    # The person sees it too: dunst's popup, and the tray icon turned to the
    # vermillion hourglass of wrap-up.
    tray_area = (1280 - 160, 0, 160, 32)
    desktop.wait_for_screen(
        lambda shot: desktop.popup_count() >= 1 and shot.count("#d55e00", tray_area) > 10,
        "tray-and-wrapup-notification",
    )

    # At the end of the day the handoff window opens instead of a notification.
    desktop.wait_for_window("Done for the day \u2013 Boundary", 30)
    assert app.running, app.describe()
    desktop.screenshot("end-of-day-window")


def test_the_command_line_talks_to_the_running_app(desktop: Desktop, app: Child) -> None:
    done = cli(desktop, "status", "--json")
    assert done.returncode == 0, done.stderr
    status = json.loads(done.stdout)
    assert status["running"] is True
    assert status["now"].startswith("2026-11-27T16:5")
    assert status["state"] in ("working", "wrap-up")

    started = cli(desktop, "session", "start", "45")
    assert started.returncode == 0, started.stderr
    assert started.stdout.startswith("In session")
    tooltip = desktop.sni_item_property("ToolTip")
    assert "In session" in str(tooltip)
    assert cli(desktop, "session", "end").returncode == 0


def test_a_second_start_brings_the_first_forward_without_a_second_icon(
    desktop: Desktop, app: Child
) -> None:
    second = cli(desktop)
    assert second.returncode == 0, second.stderr
    assert "already running" in second.stdout
    desktop.wait_for_tray_icons(1, timeout=3)
    desktop.screenshot("second-start-brings-plan-forward")
    assert app.running


def test_quit_from_the_command_line_stops_it_and_removes_its_icon(
    desktop: Desktop, app: Child
) -> None:
    done = cli(desktop, "quit")
    assert done.returncode == 0, done.stderr
    assert app.wait(10) == 0
    desktop.wait_for_tray_icons(0, timeout=5)
    after = cli(desktop, "status")
    assert after.returncode == 0
    assert after.stdout.startswith("Boundary is not running")


def test_without_a_tray_a_status_window_stands_in_until_one_appears(
    make_desktop: Callable[..., Desktop],
) -> None:
    bare = make_desktop(tray="none")
    write_settings(bare)
    app = bare.spawn("boundary-app", boundary_app_command("--pretend-now", START))
    # With no window manager the status window sits at the top left of a black screen.
    window_area = (0, 40, 400, 60)  # below where a tray bar will appear
    bare.wait_for_screen(
        lambda shot: len(shot.colours(window_area)) > 3, "no-tray-status-window", 15
    )
    assert app.running, app.describe()
    bare.start_tray("sni")
    bare.wait_for_tray_icons(1, timeout=15)
    bare.wait_for_screen(
        lambda shot: shot.colours(window_area) == {0xFF000000}, "tray-appeared-window-gone", 5
    )
