"""Damaged files and a read-only data folder: the app starts, says what happened, keeps a backup.

Each case starts the real app just before the day's lunch break (12:00,
Boundary's default) at 60x, on files damaged the way disks and editors
damage them: settings that are not TOML at all, settings cut off mid-line,
a journal with garbage over its pages, a journal cut short, and a journal
in a data folder that cannot be written (a read-only tmpfs when run as
root, who may write anywhere else; the folder's permission bits otherwise).

The app must keep running, show a notice naming the file and what became of
it, keep the damaged file aside byte for byte (or, read-only, leave it
untouched), and still deliver the lunch nudge.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import random
import subprocess
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest

from tests.desktop.harness import Desktop, Notification
from tests.reliability.apps import App, keep_books, notifications_from, wait_until
from tests.reliability.conftest import Results, Row

SPEED = 60.0
START = "2026-11-27T11:57:00"  # a Friday; lunch starts at 12:00, 3 s later
OBSERVED_TO = "2026-11-27T12:00:30-05:00"
SETTINGS = 'timezone = "America/New_York"\n'
TASK = "Call the insurer back"
# Qt adds the application's display name to a window's title.
SETTINGS_NOTICE = "Boundary: settings not used \u2014 Boundary"
JOURNAL_NOTICE = "Boundary: your journal \u2014 Boundary"
RUNS_AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
SIDECARS = ("-wal", "-shm")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def lunch_person(desktop: Desktop, name: str) -> App:
    app = App.prepare(name, desktop.base / name, desktop.env, SETTINGS)
    done = app.cli("tasks", "add", TASK)
    assert done.returncode == 0, done.stderr
    assert app.journal_path.stat().st_size > 4096
    return app


def run_until_lunch(desktop: Desktop, app: App) -> list[Notification]:
    """Start the app and let it reach 12:00:30; the notifications it sent."""
    since = desktop.test_started_at
    app.start(desktop, START, SPEED)
    end = datetime.fromisoformat(OBSERVED_TO)
    assert wait_until(lambda: app.now() >= end, 20, 0.2), app.describe()
    assert app.child.running, app.describe()
    return notifications_from(desktop, app, since)


def record(results: Results, app: App, scenario: str, seen: list[Notification], note: str) -> None:
    pretend = datetime.fromisoformat(START).replace(tzinfo=app.settings().zone)
    books = keep_books(
        app, pretend, datetime.fromisoformat(OBSERVED_TO), bus_notifications=len(seen)
    )
    results.add(
        Row(
            scenario,
            1,
            len(books.planned),
            len(books.delivered),
            len(books.missed),
            len(books.lost),
            len(books.doubled),
            note,
        )
    )
    books.check()
    assert [n.kind.value for n in books.delivered] == ["break.start"]


# --------------------------------------------------------------------------- settings


@pytest.mark.parametrize(
    ("case", "damage"),
    [
        pytest.param(
            "not TOML", bytes(random.Random(7).randrange(256) for _ in range(300)), id="not-toml"
        ),
        pytest.param(
            "cut off", b'timezone = "America/New_York"\n[week]\nmonday = ["09:00-1', id="cut-off"
        ),
    ],
)
def test_damaged_settings_are_kept_aside_and_defaults_used(
    desktop: Desktop, results: Results, case: str, damage: bytes
) -> None:
    app = lunch_person(desktop, f"settings-{case.replace(' ', '-')}")
    app.config_path.write_bytes(damage)
    seen = run_until_lunch(desktop, app)

    desktop.wait_for_window(SETTINGS_NOTICE, 10)
    kept = list(app.config_path.parent.glob("config.toml.broken-*"))
    assert len(kept) == 1, kept
    assert kept[0].read_bytes() == damage
    assert not app.config_path.exists()  # never overwritten with defaults
    log = app.log()
    assert f"Your settings in {app.config_path} could not be used" in log
    assert f"The file was kept as {kept[0]}" in log
    record(results, app, f"settings {case}", seen, f"kept as {kept[0].name}; defaults used")


# --------------------------------------------------------------------------- journal


def garble(path: Path) -> None:
    """Garbage over every page after the first (the header stays a SQLite header)."""
    size = path.stat().st_size
    rng = random.Random(11)
    with path.open("r+b") as handle:
        handle.seek(4096)
        handle.write(bytes(rng.randrange(256) for _ in range(size - 4096)))


def cut_short(path: Path) -> None:
    size = path.stat().st_size
    with path.open("r+b") as handle:
        handle.truncate(size * 6 // 10)


@pytest.mark.parametrize(
    ("case", "damage"),
    [pytest.param("garbled", garble, id="garbled"), pytest.param("cut short", cut_short, id="cut")],
)
def test_a_damaged_journal_is_kept_aside_and_a_fresh_one_started(
    desktop: Desktop, results: Results, case: str, damage: Callable[[Path], None]
) -> None:
    app = lunch_person(desktop, f"journal-{case.replace(' ', '-')}")
    damage(app.journal_path)
    damaged = digest(app.journal_path)
    seen = run_until_lunch(desktop, app)

    desktop.wait_for_window(JOURNAL_NOTICE, 10)
    kept = [
        p for p in app.data_dir.glob("journal.sqlite3.broken-*") if not p.name.endswith(SIDECARS)
    ]
    assert len(kept) == 1, sorted(app.data_dir.iterdir())
    assert digest(kept[0]) == damaged
    log = app.log()
    assert f"Your task journal {app.journal_path} could not be used" in log
    assert f"It was kept as {kept[0]} and a new, empty journal was started" in log
    added = app.cli("tasks", "add", "After the repair")
    assert added.returncode == 0, added.stderr
    record(results, app, f"journal {case}", seen, f"kept as {kept[0].name}; fresh journal")


# --------------------------------------------------------------------------- read-only


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[str]:
    """Make `folder` (with what is in it) read-only; how, for the table."""
    if RUNS_AS_ROOT:  # root ignores permission bits: a read-only file system it is
        stash = folder.with_name(folder.name + ".before")
        folder.rename(stash)
        folder.mkdir()
        mounted = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=4m,mode=0700", "tmpfs", str(folder)],
            capture_output=True,
            text=True,
            check=False,
        )
        if mounted.returncode != 0:  # a container without CAP_SYS_ADMIN, say
            pytest.skip(f"root cannot mount a tmpfs here: {mounted.stderr.strip()}")
        try:
            for item in stash.iterdir():
                (folder / item.name).write_bytes(item.read_bytes())
            subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
            yield "read-only tmpfs"
        finally:
            if subprocess.run(["umount", str(folder)], check=False).returncode != 0:
                subprocess.run(["umount", "-l", str(folder)], check=True)
    else:
        modes = {item: item.stat().st_mode for item in [folder, *folder.iterdir()]}
        for item in modes:
            item.chmod(0o500 if item.is_dir() else 0o400)
        try:
            yield "folder mode 0500"
        finally:
            for item, mode in modes.items():
                item.chmod(mode)


def test_a_read_only_data_folder_is_read_and_nudges_still_come(
    desktop: Desktop, results: Results
) -> None:
    app = lunch_person(desktop, "read-only")
    start = datetime.fromisoformat(START).replace(tzinfo=app.settings().zone)
    planned = app.planned(start, datetime.fromisoformat(OBSERVED_TO))
    with read_only(app.data_dir) as how:
        before = digest(app.journal_path)
        try:
            seen = run_until_lunch(desktop, app)
            desktop.wait_for_window(JOURNAL_NOTICE, 10)
            log = app.log()
            assert f"Your task journal {app.journal_path} can be read but not changed" in log
            assert f"the folder {app.data_dir} is read-only" in log
            # The nudge log cannot be written, so "once" rests on this run alone: each
            # nudge is shown all the same (twice is better than never) and counted here
            # from the app's log and the bus.
            shown = app.shown()
            assert digest(app.journal_path) == before
        finally:
            for run in app.runs:
                run.stop()  # before the file system under it goes
    wanted = Counter(n.kind.value for n in planned)
    lost = sum((wanted - shown).values())
    doubled = sum((shown - wanted).values()) + max(0, len(seen) - sum(shown.values()))
    results.add(
        Row(
            "journal in a read-only folder",
            1,
            len(planned),
            sum((wanted & shown).values()),
            0,
            lost,
            doubled,
            f"{how}; read, left untouched; nudge log not written",
        )
    )
    assert [n.kind.value for n in planned] == ["break.start"]
    assert lost == 0, app.describe()
    assert doubled == 0, app.describe()
    assert [n.summary for n in seen] == ["Lunch \u2013 protected time"]
