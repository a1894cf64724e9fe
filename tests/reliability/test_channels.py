"""Missing parts of the desktop: the notification daemon, the tray host, the keyring.

One app on a bare desktop (no tray host) meets, one after the other, while
email windows come every 2 pretend minutes (every 2 s at 60x):

1. no notification daemon at all (dunst stopped before the app starts):
   nudges go to Boundary's own popup;
2. the daemon appears: nudges go over D-Bus again;
3. the daemon is killed mid-run: back to the popup;
4. a tray host (StatusNotifierItem) appears 20 s after the app started: the
   app moves into it (its status window goes), and with the daemon still
   gone nudges must still reach the screen (the popup), not a tray balloon
   that Qt would send to the same missing daemon;
5. the daemon comes back: D-Bus again.

Then two apps with mail and a calendar address that need the keyring, one
with no keyring at all and one with a locked keyring: each starts, says
what is unavailable (the calendar notice) and still delivers its email
window, saying why the unread mail could not be counted.
"""

from __future__ import annotations

import os
import signal
import time
from collections import Counter
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from tests.desktop.harness import DUNSTRC, NOTIFICATIONS, Child, Desktop
from tests.reliability.apps import SHOWN, App, keep_books, notifications_from, wait_until
from tests.reliability.conftest import Results, Row

ROOT = Path(__file__).resolve().parents[2]
SPEED = 60.0
START = "2026-11-27T10:00:00"  # a Friday
EMAIL = [f"10:{m:02d}" for m in range(4, 52, 2)]  # 24 windows, the most there may be
SETTINGS = f"""\
timezone = "America/New_York"
[email]
windows = {EMAIL!r}
""".replace("'", '"')
TRAY_AFTER_S = 20.0
POPUP_TITLE = "Email window"


# --------------------------------------------------------------------------- the daemon


def daemon_pid(desktop: Desktop) -> int | None:
    """The process that owns org.freedesktop.Notifications on the desktop's bus, if any."""
    from jeepney import DBusErrorResponse, message_bus
    from jeepney.io.blocking import open_dbus_connection
    from jeepney.wrappers import unwrap_msg

    with open_dbus_connection(bus=desktop.bus_address) as connection:
        try:
            (owner,) = unwrap_msg(
                connection.send_and_get_reply(message_bus.GetNameOwner(NOTIFICATIONS), timeout=2)
            )
            (pid,) = unwrap_msg(
                connection.send_and_get_reply(
                    message_bus.GetConnectionUnixProcessID(owner), timeout=2
                )
            )
        except DBusErrorResponse:
            return None
    return int(pid)


def kill_daemon(desktop: Desktop) -> None:
    pid = daemon_pid(desktop)
    assert pid is not None, "no notification daemon to kill"
    os.kill(pid, signal.SIGKILL)
    assert wait_until(lambda: daemon_pid(desktop) is None, 5), "the daemon did not go"


def start_daemon(desktop: Desktop) -> Child:
    config = desktop.base / "reliability-dunstrc"
    config.write_text(DUNSTRC)
    child = desktop.spawn("dunst", ["dunst", "-config", str(config)])
    assert wait_until(lambda: daemon_pid(desktop) == child.pid, 10), child.describe()
    return child


def popups_on_screen(desktop: Desktop) -> int:
    return sum(title.startswith(POPUP_TITLE) for title in desktop.window_titles())


# --------------------------------------------------------------------------- the run


def test_nudges_reach_the_screen_whatever_the_daemon_and_tray_do(
    make_desktop: Callable[..., Desktop], results: Results
) -> None:
    bare = make_desktop(tray="none")
    kill_daemon(bare)  # (1) missing from the start
    app = App.prepare("channels", bare.base / "channels", bare.env, SETTINGS)
    since, started = time.time(), time.monotonic()
    app.start(bare, START, SPEED)

    def next_nudge(channel: str, what: str) -> None:
        count = sum(app.shown(channel).values())
        assert wait_until(lambda: sum(app.shown(channel).values()) > count, 15, 0.1), (
            f"{what}: no nudge via {channel}\n{app.describe()}"
        )

    next_nudge("popup", "no daemon, no tray")
    assert wait_until(lambda: popups_on_screen(bare) > 0, 5, 0.2), bare.window_titles()
    start_daemon(bare)  # (2)
    next_nudge("dbus", "daemon appeared")
    kill_daemon(bare)  # (3)
    next_nudge("popup", "daemon killed mid-run")
    time.sleep(max(0.0, started + TRAY_AFTER_S - time.monotonic()))
    bare.start_tray("sni")  # (4)
    bare.wait_for_tray_icons(1, timeout=10)
    app.wait_for_log("a tray appeared: moving there", 10)  # and its status window went
    next_nudge("popup", "tray appeared, still no daemon")
    start_daemon(bare)  # (5)
    next_nudge("dbus", "daemon back")

    end = app.now()
    seen = notifications_from(bare, app, since)
    books = keep_books(app, datetime.fromisoformat(START).replace(tzinfo=end.tzinfo), end)
    channels = Counter(via for _kind, via in SHOWN.findall(app.log()))
    # A tray balloon on a StatusNotifierItem tray is a D-Bus notification too (Qt
    # sends it to the same daemon): with the daemon gone it reaches nobody.
    vanished = channels["tray"]
    results.add(
        Row(
            "notification daemon gone, back, killed; tray after 20 s",
            4,
            len(books.planned),
            len(books.delivered) - vanished,
            len(books.missed),
            len(books.lost) + vanished,
            len(books.doubled),
            ", ".join(f"{via} {n}" for via, n in sorted(channels.items())),
        )
    )
    books.check()
    assert vanished == 0, f"{vanished} nudges went to a tray balloon with no daemon to show it"
    assert len(seen) >= channels["dbus"], "the bus saw fewer notifications than were sent"


# --------------------------------------------------------------------------- the keyring

KEYRING_SETTINGS = """\
timezone = "America/New_York"
[email]
windows = ["10:04"]
[mail]
enabled = true
host = "mail.example.org"
user = "me@example.org"
[calendar]
enabled = true
source = "url"
"""
KEYRINGS = {
    "missing": ("keyring.backends.fail.Keyring", "No keyring is available"),
    "locked": (
        "tests.reliability.locked_keyring.LockedKeyring",
        "The keyring could not be read: the login keyring is locked",
    ),
}


@pytest.mark.parametrize("state", sorted(KEYRINGS))
def test_without_a_usable_keyring_the_app_says_so_and_nudges_still_come(
    desktop: Desktop, results: Results, state: str
) -> None:
    backend, reason = KEYRINGS[state]
    app = App.prepare(f"keyring-{state}", desktop.base / f"keyring-{state}", desktop.env,
                      KEYRING_SETTINGS)  # fmt: skip
    since = time.time()
    env = {"PYTHON_KEYRING_BACKEND": backend, "PYTHONPATH": str(ROOT)}
    app.start(desktop, START, SPEED, env)
    email = desktop.wait_for_notification(lambda n: n.summary == POPUP_TITLE, 15, since=since)
    calendar = desktop.wait_for_notification(
        lambda n: n.summary == "Calendar not refreshed", 5, since=since
    )
    assert reason in email.body, email.body
    assert "Unread mail could not be counted" in email.body
    assert reason in calendar.body, calendar.body
    assert app.child.running, app.describe()
    end = app.now()
    seen = [n for n in notifications_from(desktop, app, since) if n.summary == POPUP_TITLE]
    books = keep_books(
        app,
        datetime.fromisoformat(START).replace(tzinfo=end.tzinfo),
        end,
        bus_notifications=len(seen),
    )
    results.add(
        Row(
            f"keyring {state} (mail and calendar on)",
            1,
            len(books.planned),
            len(books.delivered),
            len(books.missed),
            len(books.lost),
            len(books.doubled),
            "email window says why unread mail was not counted; calendar notice",
        )
    )
    books.check()
    assert [n.kind.value for n in books.delivered] == ["email.window"]
