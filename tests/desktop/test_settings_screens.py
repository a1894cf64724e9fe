"""Every page of the real app's settings window, on a real screen, as a person sees it.

The app starts on a pretend Wednesday morning with settings that fill every
page (split days, an overnight block, two breaks, two dates, three email
times); `boundary-app settings` opens the window. xdotool then clicks the
marked row of the page list and presses Down, as a person would, and a
screenshot of each page is kept (`settings-<page>-scale<n>-<palette>`),
at scale 1, at scale 2 (QT_SCALE_FACTOR=2: 640x400 logical pixels) and in a
dark GTK palette. Where a page scrolls, the wheel rolls it down a screenful
at a time and each view is kept too (`...-2`, `...-3`).

Each page is checked for what a person would notice first: the window lies
on the screen, the page list marks the page shown, the page is painted (not
blank), the OK, Apply and Cancel buttons are there whole, and the page does
not scroll sideways (something too wide for the window, cut off at its right).

There is no window manager, so the window sits at the top left.
"""

from __future__ import annotations

import functools
import hashlib
import os
import shutil
import subprocess
import time
from array import array
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.desktop.harness import SCREEN, Child, Desktop, Screenshot, boundary_app_command
from tests.desktop.test_handoff_windows import (
    DARK,
    Window,
    assert_on_screen,
    luminance,
    pixels,
    require_gtk_theme,
    window,
)

TITLE = "Settings \u2013 Boundary"
PAGES = ("hours", "sessions", "email", "end-of-day", "well-being", "calendar", "mail", "general")
START = "2026-12-02T10:00:00"  # a Wednesday, between email times: nothing else pops up
SETTINGS = """\
timezone = "America/New_York"

[week]
monday = ["09:00-12:00", "13:00-17:00"]
tuesday = ["09:00-17:00"]
wednesday = ["08:30-12:30", "13:30-18:00"]
thursday = ["09:00-17:00"]
friday = ["22:00-06:00"]

[[breaks]]
name = "Lunch"
days = ["tue", "thu"]
time = "12:00-12:45"

[[breaks]]
name = "Team huddle and case notes"
days = ["mon"]
time = "09:00-09:30"

[sessions]
length_min = 50
wrapup_lead_min = 10
overrun_after_min = 5
cues = "quiet"
presets_min = [30, 45, 50, 53, 60]

[day]
wrapup_lead_min = 30
overtime_after_min = 15
max_snoozes = 2

[email]
windows = ["09:15", "13:00", "16:30"]

[[exceptions]]
date = 2026-12-24
hours = []
name = "Christmas Eve"

[[exceptions]]
date = 2026-12-31
hours = ["09:00-13:00"]
name = "New Year's Eve: the clinic closes at one"

[energy]
enabled = true
tags = ["couples", "intake", "teens", "trauma work"]

[supervision]
enabled = true
day = "thu"
time = "14:00"
weeks_from = 2026-11-05

[[supervision.supervisees]]
initials = "A.B."
every_weeks = 2
day = "tuesday"

[[supervision.supervisees]]
initials = "CD"
every_weeks = 12

[outside_work]
intentions = ["A walk before dinner", "Call a friend"]
"""
MIN_COLOURS = 30  # fewer in the page area: not painted, or blank
AWAY = (str(SCREEN[0] - 1), str(SCREEN[1] - 1))  # where the pointer rests: off the window
MAX_VIEWS = 8  # of one page, rolling down
BUTTONS = 3  # OK, Apply, Cancel (in the order the platform theme likes)


def require_xdotool() -> None:
    if shutil.which("xdotool") is None:
        reason = "switching settings pages needs xdotool (xdotool)"
        if os.environ.get("BOUNDARY_REQUIRE_DESKTOP") == "1":
            pytest.fail(reason)
        pytest.skip(reason)


def xdotool(desktop: Desktop, *args: str) -> None:
    done = subprocess.run(
        ["xdotool", *args], env=desktop.env, capture_output=True, text=True, timeout=10
    )
    assert done.returncode == 0, f"xdotool {' '.join(args)}: {done.stderr}"


def open_settings(desktop: Desktop, home: Path, env: dict[str, str]) -> Child:
    """The app on its own settings and journal under `home`, its settings window open."""
    user = dict(desktop.env)
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        user[name] = str(home / name.lower())
    settings = Path(user["XDG_CONFIG_HOME"]) / "boundary-app" / "config.toml"
    settings.parent.mkdir(parents=True)
    settings.write_text(SETTINGS, encoding="utf-8")
    user.update(env)
    app = desktop.spawn("boundary-app", boundary_app_command("--pretend-now", START), env=user)
    deadline = time.monotonic() + 20
    while True:  # exit status 3 until the app listens
        asked = subprocess.run(
            boundary_app_command("settings"), env=user, capture_output=True, text=True, timeout=20
        )
        if asked.returncode == 0:
            break
        assert app.running, app.describe()
        assert time.monotonic() < deadline, f"boundary-app settings: {asked.stderr}"
        time.sleep(0.2)
    desktop.wait_for_window(TITLE, 20)
    return app


# --------------------------------------------------------------------------- looking


@dataclass(frozen=True)
class Marked:
    """The page list's highlighted row, in screen pixels."""

    middle: int  # y
    right: int  # x where the highlight ends, just inside the list's right edge


@functools.cache
def window_colour(shot: Screenshot, shown: Window) -> int:
    """The window's own colour: its top left corner, in the layout's margin."""
    x, y, _width, _height = shown.box
    return pixels(shot, (x + 2, y + 2, 1, 1))[0][0]


def marked_row(shot: Screenshot, shown: Window, scale: int) -> Marked | None:
    """The page list's highlighted row, if exactly one shows.

    The list is the window's left column; a strip of it, clear of the text's
    end, is looked at: a highlighted row is a band across it of neither the
    list's colour nor the window's (a gradient, maybe, and the page's name).
    """
    x, y, width, height = shown.box
    rows = pixels(shot, (x + 16 * scale, y, 24 * scale, height))
    grounds = {
        Counter(colour for row in rows for colour in row).most_common(1)[0][0],
        window_colour(shot, shown),
    }
    band = [sum(row.count(c) for c in grounds) < 0.2 * len(row) for row in rows]
    found = []  # (top, bottom) of each band as tall as a row of text at least
    for top, on in enumerate(band):
        if on and (top == 0 or not band[top - 1]):
            bottom = next((n for n in range(top, len(band)) if not band[n]), len(band))
            if bottom - top >= 10 * scale:
                found.append((top, bottom))
    if len(found) != 1:
        return None
    middle = y + sum(found[0]) // 2
    (line,) = pixels(shot, (x, middle, width, 1))
    start = 16 * scale
    right = next((n for n in range(start, width) if line[n] in grounds), width)
    return Marked(middle, x + right)


def page_box(shown: Window) -> tuple[int, int, int, int]:
    """Where the page shows, give or take: the right 70% of the window, above the buttons."""
    x, y, width, height = shown.box
    return x + width * 3 // 10, y, width * 7 // 10, height * 8 // 10


def page_print(shot: Screenshot, shown: Window) -> str:
    """A digest of the page's pixels: equal if the page and its scrolling are."""
    digest = hashlib.sha256()
    for row in pixels(shot, page_box(shown)):
        digest.update(row.tobytes())
    return digest.hexdigest()


def dialog_buttons(shot: Screenshot, shown: Window, scale: int) -> list[tuple[int, int]]:
    """The buttons along the bottom of the window, each (left, right) in screen x.

    Looking up from the window's bottom edge, past its margin, the first rows
    with something on them are the buttons: runs, at least 40 logical pixels
    wide, of pixels that are not the window's colour. A button counts if the
    window's colour is on both sides of it and below it: drawn whole.
    """
    x, y, width, height = shown.box
    rows = pixels(shot, (x, y, width, height))
    ground = window_colour(shot, shown)

    def runs(row: array[int]) -> list[tuple[int, int]]:
        found: list[tuple[int, int]] = []
        start: int | None = None
        for column, colour in enumerate([*row, ground]):
            if colour != ground and start is None:
                start = column
            elif colour == ground and start is not None:
                if column - start >= 40 * scale:
                    found.append((start, column))
                start = None
        return found

    bottom = height - 1
    while bottom > 0 and not runs(rows[bottom]):
        bottom -= 1
    if bottom == height - 1:  # cut off by the window's edge
        return []
    band = []
    while bottom > 0 and (found := runs(rows[bottom])):
        band.append(found)
        bottom -= 1
    most = max(band, key=len, default=[])
    return [(x + left, x + right) for left, right in most if left > 0 and right < width]


# --------------------------------------------------------------------------- doing


def look_at_page(
    desktop: Desktop,
    shown: Window,
    name: str,
    scale: int,
    seen: list[tuple[int, str]],
    steady: bool = False,
) -> tuple[Screenshot, Marked | None]:
    """The screen once it is painted and the list marks a row below the last page's
    with a page not seen before (and, if `steady`, is as the last look showed
    it: a window just shown may settle its layout once more); else the last
    screen, and None.
    """
    deadline = time.monotonic() + 8
    last = "" if steady else None
    while True:
        shot = desktop.screenshot(name)
        marked = marked_row(shot, shown, scale)
        page = page_print(shot, shown)
        painted = len(shot.colours(page_box(shown))) >= MIN_COLOURS
        fresh = page not in {print_ for _row, print_ in seen}
        moved_on = marked is not None and (not seen or marked.middle > seen[-1][0])
        if marked is not None and moved_on and painted and fresh and last in (None, page):
            seen.append((marked.middle, page))
            return shot, marked
        if time.monotonic() >= deadline:
            return shot, None
        if steady:
            last = page
        time.sleep(0.15)


def settled(desktop: Desktop, shown: Window, before: str, target: Path) -> Screenshot | None:
    """The screen once the page moved away from `before` and came to rest; None if it
    stays (the app answers the wheel within a few milliseconds: it is idle).
    """
    time.sleep(0.15)
    deadline = time.monotonic() + 0.15
    last = before
    while True:
        shot = desktop.screenshot(target)
        now = page_print(shot, shown)
        if now != before and now == last:
            return shot
        if now == before and time.monotonic() >= deadline:
            return None
        last = now
        time.sleep(0.05)


def wheel(desktop: Desktop, x: int, y: int, button: int, notches: int) -> None:
    """Turn the mouse wheel at (x, y): button 5 rolls down, 6 left, 7 right."""
    xdotool(desktop, "mousemove", str(x), str(y))
    xdotool(desktop, "click", "--repeat", str(notches), "--delay", "10", str(button))
    xdotool(desktop, "mousemove", *AWAY)  # no hover, no tooltip


def scrolls_sideways(
    desktop: Desktop, shown: Window, shot: Screenshot, marked: Marked, scale: int
) -> Screenshot | None:
    """The page rolled sideways, if it can be: part of it is hidden to the right.

    The wheel turns right in the page's left margin, just right of the list
    (the list, the gap between the two, the margin: at least 15 logical pixels).
    """
    margin = marked.right + 12 * scale
    before = page_print(shot, shown)
    middle = shown.box[1] + shown.box[3] // 2
    wheel(desktop, margin, middle, 7, 10)
    rolled = settled(desktop, shown, before, desktop.base / "screens" / "sideways.png")
    if rolled is not None:
        wheel(desktop, margin, middle, 6, 10)
    return rolled


def has_scroll_bar(shot: Screenshot, shown: Window, right: int, scale: int) -> bool:
    """Whether the page has a scroll bar: at the right, where the buttons end, down
    the page, something other than the window's colour (else its margin shows).
    """
    _x, y, _width, height = shown.box
    top, bottom = y + 20 * scale, y + height - 80 * scale
    (column,) = zip(*pixels(shot, (right - 5 * scale, top, 1, bottom - top)), strict=True)
    return column.count(window_colour(shot, shown)) < 0.05 * len(column)


def keep_rest_of_page(
    desktop: Desktop, shown: Window, shot: Screenshot, right: int, scale: int, name: str
) -> None:
    """Roll a page that scrolls down a screenful at a time (the wheel on its scroll bar,
    which ends where the buttons do) and keep each view, as `<name>-2`, `<name>-3`...
    """
    if not has_scroll_bar(shot, shown, right, scale):
        return
    _x, y, _width, height = shown.box
    # A wheel notch rolls 60 logical pixels; keep some of each view in the next.
    notches = max(1, (height // scale - 2 * 60) // 60)
    views = [page_print(shot, shown)]
    while len(views) < MAX_VIEWS:
        wheel(desktop, right - 5 * scale, y + height // 2, 5, notches)
        rolled = settled(desktop, shown, views[-1], desktop.base / "screens" / "rolled.png")
        if rolled is None:
            return
        views.append(page_print(rolled, shown))
        shutil.copyfile(rolled.path, desktop.artifacts_dir / f"{name}-{len(views)}.png")


def check_page(
    desktop: Desktop, shown: Window, shot: Screenshot, marked: Marked, scale: int, dark: bool
) -> list[str]:
    """What is wrong with the page on the screen, in words; and its other views kept."""
    page = shot.artifact.stem
    problems = []
    buttons = dialog_buttons(shot, shown, scale)
    if len(buttons) != BUTTONS:
        problems.append(
            f"{page}: {len(buttons)} whole buttons at the bottom, not {BUTTONS}"
            f" (OK, Apply, Cancel): {buttons}; see {shot.artifact}"
        )
    background = window_colour(shot, shown)
    if dark and luminance(background) >= 0.1:
        problems.append(f"{page}: the window is #{background & 0xFFFFFF:06x}, not dark")
    sideways = scrolls_sideways(desktop, shown, shot, marked, scale)
    if sideways is not None:
        kept = desktop.artifacts_dir / f"{page}-sideways.png"
        shutil.copyfile(sideways.path, kept)
        problems.append(f"{page}: too wide for the window, it scrolls sideways; see {kept}")
    if buttons:
        right = max(right for _left, right in buttons)
        keep_rest_of_page(desktop, shown, shot, right, scale, page)
    return problems


# --------------------------------------------------------------------------- tests


@pytest.mark.parametrize(
    ("scale", "palette"),
    [(1, "light"), (2, "light"), (1, "dark"), (2, "dark")],
    ids=["scale1-light", "scale2-light", "scale1-dark", "scale2-dark"],
)
def test_every_settings_page_lies_whole_on_the_screen(
    desktop: Desktop, tmp_path: Path, scale: int, palette: str
) -> None:
    require_xdotool()
    env = {"QT_SCALE_FACTOR": str(scale)}
    if palette == "dark":
        require_gtk_theme()
        env.update(DARK)
    app = open_settings(desktop, tmp_path, env)
    shown = window(desktop, TITLE)
    seen: list[tuple[int, str]] = []
    problems: list[str] = []
    for number, page in enumerate(PAGES):
        name = f"settings-{page}-scale{scale}-{palette}"
        if number == 0:
            shot, marked = look_at_page(desktop, shown, name, scale, seen, steady=True)
            assert marked, f"no painted page with one marked row; see {shot.artifact}"
            assert_on_screen(shown, shot)
            # A person's click on the page marked gives the list the keyboard.
            xdotool(desktop, "mousemove", str(shown.box[0] + 40 * scale), str(marked.middle))
            xdotool(desktop, "click", "1")
            xdotool(desktop, "mousemove", *AWAY)
        else:
            xdotool(desktop, "key", "Down")
            shot, marked = look_at_page(desktop, shown, name, scale, seen)
            if marked is None:
                colours = len(shot.colours(page_box(shown)))
                problems.append(
                    f"{page}: Down in the page list showed no new page marked below the last"
                    f" ({colours} colours where the page shows); see {shot.artifact}"
                )
                break
        problems += check_page(desktop, shown, shot, marked, scale, palette == "dark")
    assert app.running, app.describe()
    assert window(desktop, TITLE) == shown, "the window moved or changed size while paging"
    assert not problems, "\n".join(problems)
