"""SIGKILL at random moments during writes, 100 times: nothing acknowledged is ever lost.

No display is needed, so this runs without Xvfb, in two lanes at once on
one person's folders:

- the journal lane runs the real command line (`tasks add`, `note`,
  `energy`, `done --now`), each killed at a random moment around its write
  (between 60% of the time it takes to print its confirmation and the time
  it takes to exit, as measured once before);
- the other lane kills a writer of the settings file (`save_document`, what
  the settings window saves with, printing `ack N` after each save) and,
  every fifth round (a tenth of all kills), the tray app itself (offscreen,
  at 3600x over a morning of email windows every 5 minutes, so it claims
  and logs nudges all the time), at a random moment after its scheduler
  started; it shares the journal and the settings file with the others.

After every kill the journal must open as it is (not moved aside, no
notice), pass `PRAGMA integrity_check`, and hold every write that was
acknowledged (a confirmation printed before the kill); the settings file
must read cleanly and be the last acknowledged save or the one after it;
and no nudge may have been shown more often than the journal claimed it,
across all the app's restarts. The seed is printed in the summary table;
BOUNDARY_RELIABILITY_SEED repeats a run.
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from boundary_app.storage.journal import open_journal
from boundary_app.storage.settings_file import read_settings
from tests.desktop.harness import boundary_app_command
from tests.reliability.apps import (
    DELIVERED,
    SHOWN,
    STARTED,
    ZONE,
    App,
    unjustified_misses,
    user_env,
    wait_until,
)
from tests.reliability.conftest import Results, Row

KILLS = 100
APP_EVERY = 10  # every tenth kill is the tray app's
WRITERS = ("tasks", "note", "energy", "done")
FIRST_EXCEPTION = date(2030, 1, 1)  # save N writes a day off on this date + N days
SETTINGS = {
    "timezone": ZONE,
    "email": {"windows": [f"{9 + m // 60:02d}:{m % 60:02d}" for m in range(5, 125, 5)]},
}
SETTINGS_TEXT = f"""\
# Written by the reliability tier; each save adds or rewrites only [[exceptions]].
timezone = "{ZONE}"

[email]
windows = {SETTINGS["email"]["windows"]!r}
""".replace("'", '"')
APP_SPEED = 3600.0
APP_DAY = datetime(2026, 11, 30, 8, 0, tzinfo=ZoneInfo(ZONE))  # a Monday

SETTINGS_WRITER = """
import json
import sys
from datetime import date, timedelta
from pathlib import Path

from boundary_app.storage.settings_writer import save_document

path, first, base = Path(sys.argv[1]), int(sys.argv[2]), date.fromisoformat(sys.argv[3])
settings = json.loads(sys.argv[4])
n = first
while True:
    wanted = {**settings, "exceptions": [{"date": base + timedelta(days=n), "hours": []}]}
    save_document(path, wanted)
    print(f"ack {n}", flush=True)
    n += 1
"""


@dataclass
class Acked:
    """What the killed programs confirmed before they died (and the kills themselves)."""

    tasks: set[str] = field(default_factory=set)
    notes: set[str] = field(default_factory=set)
    energy: int = 0
    done: bool = False
    settings: int = -1  # the last save acknowledged
    shown: Counter[str] = field(default_factory=Counter)  # nudges the app put on screen
    kills: Counter[str] = field(default_factory=Counter)
    after_ack: int = 0  # kills that came after the confirmation was printed
    lock: threading.Lock = field(default_factory=threading.Lock)


@dataclass
class Person:
    home: Path
    env: dict[str, str]
    journal: Path
    config: Path
    app_env: dict[str, str]
    logs: Path


def make_person(home: Path) -> Person:
    base = {
        "PATH": os.environ.get("PATH", os.defpath),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "PYTHONUNBUFFERED": "1",  # a confirmation is on the pipe the moment it is printed
    }
    env = user_env(base, home)
    config = Path(env["XDG_CONFIG_HOME"]) / "boundary-app" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text(SETTINGS_TEXT, encoding="utf-8")
    # The app gets a runtime folder of its own: the command line here works on the
    # journal alone (as with no app running) while the app writes the same journal.
    runtime = home / "app-runtime"
    runtime.mkdir(mode=0o700)
    app_env = {**env, "QT_QPA_PLATFORM": "offscreen", "XDG_RUNTIME_DIR": str(runtime)}
    logs = home / "logs"
    logs.mkdir()
    journal = Path(env["XDG_DATA_HOME"]) / "boundary-app" / "journal.sqlite3"
    return Person(home, env, journal, config, app_env, logs)


def command(kind: str, n: int) -> list[str]:
    if kind == "tasks":
        return boundary_app_command("tasks", "add", f"task of round {n}")
    if kind == "note":
        return boundary_app_command("note", f"note of round {n}")
    if kind == "energy":
        return boundary_app_command("energy", "drained")
    return boundary_app_command("done", "--now")


ACK = {
    "tasks": "Added to ",
    "note": "Kept for supervision: ",
    "energy": "Energy kept: drained.",
    "done": "work day is closed",
}


def run_killed(argv: list[str], env: dict[str, str], delay: float) -> tuple[str, bool]:
    """Run `argv`, SIGKILL it after `delay` s; its output, and whether the kill hit it alive."""
    process = subprocess.Popen(
        argv,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        process.wait(timeout=delay)
        killed = False
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        killed = True
    out, err = process.communicate(timeout=10)
    killed = killed and process.returncode == -signal.SIGKILL
    if not killed:
        assert process.returncode == 0, f"{argv}: exit {process.returncode}\n{err}"
    return out, killed


def timing(argv: list[str], env: dict[str, str], ack: str) -> tuple[float, float]:
    """Seconds to its confirmation and to its exit, one run without a kill."""
    started = time.monotonic()
    process = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    line = process.stdout.readline()
    acked = time.monotonic() - started
    process.stdout.read()
    assert process.wait(timeout=20) == 0, line
    assert ack in line, line
    process.stdout.close()
    return acked, time.monotonic() - started


def check_journal(person: Person, acked: Acked, when: str) -> None:
    """The journal opens as it is, is intact, and holds everything acknowledged."""
    with acked.lock:
        tasks, notes, energy = set(acked.tasks), set(acked.notes), acked.energy
        done, shown = acked.done, Counter(acked.shown)
    opened = open_journal(person.journal, now=datetime.now(UTC))
    journal = opened.journal
    try:
        assert opened.notice is None, f"{when}: {opened.notice}"
        assert journal.available, when
        assert journal.rows("integrity", "PRAGMA integrity_check") == [("ok",)], when
        kept = {row[0] for row in journal.rows("tasks", "SELECT text FROM tasks")}
        assert tasks <= kept, f"{when}: acknowledged tasks lost: {sorted(tasks - kept)}"
        kept = {row[0] for row in journal.rows("notes", "SELECT text FROM supervision_notes")}
        assert notes <= kept, f"{when}: acknowledged notes lost: {sorted(notes - kept)}"
        ((ratings,),) = journal.rows("energy", "SELECT count(*) FROM energy")
        assert ratings >= energy, f"{when}: {energy} ratings acknowledged, {ratings} kept"
        closed = journal.rows("days", "SELECT day FROM days WHERE closed_at IS NOT NULL")
        assert closed or not done, f"{when}: the closed day was lost"
        claimed = Counter(
            e.kind
            for e in journal.nudge_log_since(datetime(2000, 1, 1, tzinfo=UTC))
            if e.outcome in DELIVERED
        )
        for kind, count in shown.items():
            assert claimed[kind] >= count, f"{when}: {kind} shown {count} times, claimed {claimed}"
    finally:
        journal.close()


def check_settings(person: Person, acked: Acked, when: str) -> None:
    """The settings read cleanly, and are the last acknowledged save or the next one."""
    settings = read_settings(person.config, system_zone=ZoneInfo(ZONE), missing_ok=False)
    if acked.settings < 0:
        return
    (exception,) = settings.exceptions
    saved = (exception.day - FIRST_EXCEPTION).days
    assert saved in (acked.settings, acked.settings + 1), (
        f"{when}: the file holds save {saved}, the last acknowledged is {acked.settings}"
    )


def journal_lane(person: Person, acked: Acked, rounds: int, rng: random.Random) -> None:
    times = {kind: timing(command(kind, -1 - i), person.env, ACK[kind]) for i, kind in
             enumerate(WRITERS)}  # fmt: skip
    acked.tasks.add("task of round -1")
    acked.notes.add("note of round -2")
    acked.energy, acked.done = 1, True
    n = 0
    while acked.kills["cli"] < rounds:
        n += 1
        kind = WRITERS[n % len(WRITERS)]
        to_ack, to_exit = times[kind]
        out, killed = run_killed(command(kind, n), person.env, rng.uniform(0.6 * to_ack, to_exit))
        with acked.lock:
            if ACK[kind] in out:
                if kind == "tasks":
                    acked.tasks.add(f"task of round {n}")
                elif kind == "note":
                    acked.notes.add(f"note of round {n}")
                elif kind == "energy":
                    acked.energy += 1
                else:
                    acked.done = True
                acked.after_ack += killed
            acked.kills["cli"] += killed
        if killed:
            check_journal(person, acked, f"after killing `{kind}` (round {n})")
        assert n < rounds * 3, f"only {acked.kills['cli']} kills in {n} rounds: too quick to hit"


def settings_round(person: Person, acked: Acked, rng: random.Random) -> None:
    first = acked.settings + 1
    argv = [sys.executable, "-c", SETTINGS_WRITER, str(person.config), str(first),
            FIRST_EXCEPTION.isoformat(), json.dumps(SETTINGS)]  # fmt: skip
    out, killed = run_killed(argv, person.env, rng.uniform(0.25, 0.7))
    saves = [int(n) for n in re.findall(r"^ack (\d+)$", out, re.MULTILINE)]
    acked.settings = max([acked.settings, *saves])
    acked.kills["settings"] += killed
    assert killed, "the settings writer ended by itself"
    check_settings(person, acked, f"after killing a settings save (last ack {acked.settings})")


def app_round(person: Person, acked: Acked, number: int, rng: random.Random) -> None:
    pretend = APP_DAY + timedelta(minutes=2 * number)
    argv = boundary_app_command("--pretend-now", pretend.isoformat(), "--speed", f"{APP_SPEED:g}")
    err_path = person.logs / f"app-{number}.err"
    with err_path.open("wb") as err:
        process = subprocess.Popen(
            argv,
            env=person.app_env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=err,
            start_new_session=True,
        )
    try:
        assert wait_until(lambda: STARTED in err_path.read_text(errors="replace"), 20, 0.02), (
            err_path.read_text(errors="replace")
        )
        time.sleep(rng.uniform(0.0, 1.2))
        assert process.poll() is None, err_path.read_text(errors="replace")
        os.killpg(process.pid, signal.SIGKILL)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    with acked.lock:
        acked.shown.update(kind for kind, _via in SHOWN.findall(err_path.read_text()))
        acked.kills["app"] += 1
    check_journal(person, acked, f"after killing the app (run {number})")
    check_settings(person, acked, f"after killing the app (run {number})")


def other_lane(person: Person, acked: Acked, rounds: int, rng: random.Random) -> None:
    for number in range(rounds):
        if number % (APP_EVERY // 2) == APP_EVERY // 2 - 1:
            app_round(person, acked, number, rng)
        else:
            settings_round(person, acked, rng)


def test_sigkill_100_times_during_writes_loses_nothing_acknowledged(
    tmp_path: Path, results: Results
) -> None:
    seed = int(os.environ.get("BOUNDARY_RELIABILITY_SEED", time.time_ns() % 2**32))
    person = make_person(tmp_path / "killed")
    # Half the kills hit the command line; the rest the settings writer and the app.
    cli_rounds = KILLS // 2
    other_rounds = KILLS - cli_rounds
    errors: list[BaseException] = []

    def lane(target: Callable[..., None], *args: object) -> threading.Thread:
        def run() -> None:
            try:
                target(*args)
            except BaseException as error:
                errors.append(error)

        thread = threading.Thread(target=run)
        thread.start()
        return thread

    acked = Acked()
    lanes = [
        lane(journal_lane, person, acked, cli_rounds, random.Random(seed)),
        lane(other_lane, person, acked, other_rounds, random.Random(seed + 1)),
    ]
    for thread in lanes:
        thread.join()
    if errors:
        raise errors[0]

    check_journal(person, acked, "at the end")
    check_settings(person, acked, "at the end")
    person_app = App("killed", person.home, person.env)
    entries = person_app.nudge_log()
    delivered = sum(e.outcome in DELIVERED for e in entries)
    claimed = Counter(e.kind for e in entries if e.outcome in DELIVERED)
    doubled = sum((acked.shown - claimed).values())
    unjustified = unjustified_misses(person_app, entries)
    litter = list(person.config.parent.glob(".config.toml.*.tmp"))
    faults = sum(acked.kills.values())
    kills = ", ".join(f"{kind} {count}" for kind, count in sorted(acked.kills.items()))
    results.add(
        Row(
            "SIGKILL during writes (planned = judged)",
            faults,
            len(entries),
            delivered,
            len(entries) - delivered,
            0,  # an acknowledged write lost fails `check_journal` at once
            doubled,
            f"kills: {kills}; {acked.after_ack} after the ack;"
            f" {len(litter)} temp files left; seed {seed}",
        )
    )
    assert doubled == 0
    assert not unjustified, unjustified
    assert faults >= KILLS
    assert acked.kills["app"] >= KILLS // APP_EVERY
    assert sum(acked.shown.values()) > 0, "the app never showed a nudge before its kills"
