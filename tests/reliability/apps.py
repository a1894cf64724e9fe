"""The real app in the reliability tier: one person's folders, its log, and the books on its nudges.

`App` is one person's Boundary on a harness desktop (or with no display at
all): private config, data and runtime folders, a settings file, the real
`boundary-app` started with `--pretend-now` and `--speed`, and the command
line run with the same folders.

`keep_books` is the accounting every scenario ends with. What `plan --json`
plans over the pretend span the app ran is compared with what the journal's
nudge log says became of each nudge (one row per kind and instant, written
before a nudge is shown: how "once" holds across restarts) and with what the
app's own log says it put on the screen ("day.wrapup shown via dbus"):

- delivered: a row shown, acted, snoozed or dismissed, and on the screen
  once (a notification, a popup, or for `day.end` the end-of-day window);
- missed by policy: a row `missed`, and `core.triage` run again on the batch
  it was judged in must say so too (nudges judged together share the
  instant they were judged at);
- lost: planned and never judged, or claimed and never put on the screen;
- doubled: put on the screen more often than claimed, or seen on the bus
  more often than the app says it sent.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from boundary_app.core.day_record import DayRecord
from boundary_app.core.day_state import day_status
from boundary_app.core.handoff import records_by_day
from boundary_app.core.nudge import Nudge, NudgeKind
from boundary_app.core.settings import Settings
from boundary_app.core.triage import triage
from boundary_app.storage.journal import NudgeLogEntry, open_journal
from boundary_app.storage.settings_file import read_settings
from tests.desktop.harness import (
    Child,
    Desktop,
    Notification,
    boundary_app_command,
    wait_until,
)
from tests.user_folders import user_folders

ZONE = "America/New_York"
DELIVERED = frozenset({"shown", "acted", "snoozed", "dismissed"})
# A nudge that opens a window instead of a notification (outside a session).
WINDOW_KINDS = frozenset({NudgeKind.DAY_END.value})
END_OF_DAY_WINDOW = "Done for the day \u2013 Boundary"

SHOWN = re.compile(r"boundary_app\.ui\.nudge_presenter: (\S+) shown via (\S*)$", re.MULTILINE)
ANCHOR = re.compile(r"pretend clock: (\S+) at real (\S+), speed (\S+)")
STARTED = "boundary_app.app.scheduler_adapter: nudge timer started"  # so is the time watch


def user_env(base: Mapping[str, str], home: Path) -> dict[str, str]:
    """`base` with a fresh person's folders under `home`."""
    # TZ: the system zone Boundary falls back to when the settings file is unusable.
    return {
        **base,
        "HOME": str(home),
        "PYTHONDONTWRITEBYTECODE": "1",
        "TZ": ZONE,
        **user_folders(home),
    }


@dataclass
class App:
    """One person's Boundary: folders, settings, and every run of the tray app."""

    name: str
    home: Path
    env: dict[str, str]
    runs: list[Child] = field(default_factory=list)

    @classmethod
    def prepare(cls, name: str, home: Path, base_env: Mapping[str, str], settings: str) -> App:
        app = cls(name, home, user_env(base_env, home))
        app.config_path.parent.mkdir(parents=True, exist_ok=True)
        app.config_path.write_text(settings, encoding="utf-8")
        return app

    @property
    def config_path(self) -> Path:
        return Path(self.env["XDG_CONFIG_HOME"]) / "boundary-app" / "config.toml"

    @property
    def data_dir(self) -> Path:
        return Path(self.env["XDG_DATA_HOME"]) / "boundary-app"

    @property
    def journal_path(self) -> Path:
        return self.data_dir / "journal.sqlite3"

    @property
    def child(self) -> Child:
        return self.runs[-1]

    # ---- running it

    def start(
        self,
        desktop: Desktop,
        pretend_now: str,
        speed: float,
        env: Mapping[str, str] | None = None,
        *,
        wait: bool = True,
    ) -> Child:
        """Start the tray app; with `wait`, until its scheduler and time watch run."""
        argv = boundary_app_command("--pretend-now", pretend_now, "--speed", f"{speed:g}")
        child = desktop.spawn(self.name, argv, env={**self.env, **(env or {})})
        self.runs.append(child)
        if wait:
            self.wait_for_log(STARTED, 20)
        return child

    def cli(self, *args: str, timeout: float = 20) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            boundary_app_command(*args),
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def status(self) -> dict[str, Any]:
        done = self.cli("status", "--json")
        assert done.returncode == 0, f"status: {done.stderr}\n{self.describe()}"
        answer: dict[str, Any] = json.loads(done.stdout)
        assert answer["running"], f"{self.name} is not running\n{self.describe()}"
        return answer

    def now(self) -> datetime:
        """The app's own pretend instant, as it answers `status`."""
        return datetime.fromisoformat(self.status()["now"])

    # ---- what it said

    def log(self) -> str:
        return "".join(run.stderr_text() for run in self.runs)

    def wait_for_log(self, pattern: str, timeout: float, *, count: int = 1) -> list[re.Match[str]]:
        """Wait until the log of its last run matches `pattern` `count` times; the matches."""
        found: list[re.Match[str]] = []

        def seen() -> bool:
            nonlocal found
            found = list(re.finditer(pattern, self.child.stderr_text(), re.MULTILINE))
            return len(found) >= count or not self.child.running

        wait_until(seen, timeout, 0.1)
        if len(found) < count:
            raise AssertionError(
                f"{self.name} logged {pattern!r} {len(found)} of {count} times"
                f" within {timeout:g} s\n{self.describe()}"
            )
        return found

    def shown(self, channel: str | None = None) -> Counter[str]:
        """How often each kind was put on the screen, over every run (per the app's log)."""
        return Counter(
            kind for kind, via in SHOWN.findall(self.log()) if channel is None or via == channel
        )

    def describe(self) -> str:
        return "\n".join(run.describe(60) for run in self.runs)

    # ---- what it planned and kept

    def settings(self) -> Settings:
        return read_settings(self.config_path, system_zone=ZoneInfo(ZONE))

    def planned(self, start: datetime, end: datetime) -> list[Nudge]:
        """`plan --json` (the command line, run alone) for the nudges in (start, end]."""
        zone = ZoneInfo(ZONE)
        first = start.astimezone(zone).date() - timedelta(days=1)
        days = (end.astimezone(zone).date() - first).days + 2
        done = self.cli("plan", "--json", "--date", first.isoformat(), "--days", str(days))
        assert done.returncode == 0, done.stderr
        nudges = [
            Nudge(NudgeKind(item["kind"]), datetime.fromisoformat(item["at"]), item["title"], "")
            for item in json.loads(done.stdout)
        ]
        return [n for n in nudges if start < n.at <= end]

    def nudge_log(self) -> list[NudgeLogEntry]:
        opened = open_journal(self.journal_path, now=datetime.now(UTC))
        try:
            return opened.journal.nudge_log_since(datetime(2000, 1, 1, tzinfo=UTC))
        finally:
            opened.journal.close()

    def day_records(self) -> dict[date, DayRecord]:
        opened = open_journal(self.journal_path, now=datetime.now(UTC))
        try:
            return records_by_day(opened.journal.days_between(date(2000, 1, 1), date(2100, 1, 1)))
        finally:
            opened.journal.close()


def notifications_from(desktop: Desktop, app: App, since: float) -> list[Notification]:
    """The Notify calls `app`'s processes made since `since` (while they still run).

    Several apps may share one desktop: the bus says which process owns each sender.
    """
    from jeepney import DBusErrorResponse, message_bus
    from jeepney.io.blocking import open_dbus_connection
    from jeepney.wrappers import unwrap_msg

    pids = {run.pid for run in app.runs}
    found = desktop.notifications(since=since)
    owners: dict[str, int | None] = {}
    with open_dbus_connection(bus=desktop.bus_address) as connection:
        for sender in {n.sender for n in found}:
            message = message_bus.GetConnectionUnixProcessID(sender)
            try:
                (owners[sender],) = unwrap_msg(connection.send_and_get_reply(message, timeout=2))
            except DBusErrorResponse:  # that program has left the bus
                owners[sender] = None
    return [n for n in found if owners[n.sender] in pids]


def windows_of(desktop: Desktop, app: App, title: str) -> int:
    """How many windows titled `title` `app`'s processes show now (by `_NET_WM_PID`)."""
    pids = {run.pid for run in app.runs}
    tree = subprocess.run(
        ["xwininfo", "-root", "-tree"], env=desktop.env, capture_output=True, text=True, timeout=10
    ).stdout
    count = 0
    for window in re.findall(rf'^\s*(0x[0-9a-f]+) "{re.escape(title)}": \(', tree, re.MULTILINE):
        prop = subprocess.run(
            ["xprop", "-id", window, "_NET_WM_PID"],
            env=desktop.env,
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout
        found = re.search(r"= (\d+)", prop)
        count += bool(found and int(found[1]) in pids)
    return count


def wait_for_window_of(desktop: Desktop, app: App, title: str, timeout: float = 10) -> None:
    if not wait_until(lambda: windows_of(desktop, app, title) > 0, timeout, 0.2):
        raise AssertionError(f"{app.name} shows no window {title!r}\n{desktop.describe()}")


# --------------------------------------------------------------------------- the books


def key(kind: str, at: datetime) -> tuple[str, datetime]:
    return (kind, at.astimezone(UTC))


def judged_at(entry: NudgeLogEntry) -> datetime | None:
    """When the app judged the batch this row came from (claims and misses share it)."""
    return entry.outcome_at if entry.outcome == "missed" else entry.shown_at


@dataclass
class Books:
    planned: list[Nudge]
    delivered: list[Nudge]
    missed: list[Nudge]
    lost: list[str]
    doubled: list[str]
    unjustified: list[str]
    unplanned: list[str]

    def check(self) -> None:
        """The promises: nothing lost or doubled, nothing missed without a rule, nothing extra."""
        problems = [
            *(f"lost: {item}" for item in self.lost),
            *(f"doubled: {item}" for item in self.doubled),
            *(f"missed without a rule: {item}" for item in self.unjustified),
            *(f"logged but never planned: {item}" for item in self.unplanned),
        ]
        assert not problems, "\n".join(problems)


def keep_books(
    app: App,
    start: datetime,
    end: datetime,
    *,
    bus_notifications: int | None = None,
    presented_by_window: Iterable[str] = WINDOW_KINDS,
) -> Books:
    """The books on `app`'s nudges planned in (start, end] (pretend instants).

    `bus_notifications`: how many Notify calls the app made on the bus, to be
    matched with what its log says went out over D-Bus.
    """
    planned = app.planned(start, end)
    entries = app.nudge_log()
    by_key = {key(e.kind, e.planned_at): e for e in entries}
    delivered: list[Nudge] = []
    missed: list[Nudge] = []
    lost: list[str] = []
    for nudge in planned:
        entry = by_key.get(key(nudge.kind.value, nudge.at))
        if entry is None:
            lost.append(f"{nudge.kind} {nudge.at:%a %H:%M}: never judged (no row in the nudge log)")
        elif entry.outcome == "missed":
            missed.append(nudge)
        else:
            delivered.append(nudge)
    planned_keys = {key(n.kind.value, n.at) for n in planned}
    unplanned = [
        f"{e.kind} {e.planned_at:%Y-%m-%d %H:%M:%S}Z ({e.outcome})"
        for e in entries
        if start < e.planned_at <= end and key(e.kind, e.planned_at) not in planned_keys
    ]

    # On the screen as often as claimed: the app's log against the journal, whole run.
    doubled: list[str] = []
    claimed = Counter(e.kind for e in entries if e.outcome in DELIVERED)
    shown = app.shown()
    windowed = set(presented_by_window)
    for kind in sorted(set(claimed) | set(shown)):
        expected = 0 if kind in windowed else claimed[kind]
        if shown[kind] > expected:
            doubled.append(f"{kind}: shown {shown[kind]} times, claimed {expected}")
        elif shown[kind] < expected:
            lost.append(f"{kind}: claimed {expected} times, shown {shown[kind]}")
    if bus_notifications is not None:
        via_bus = sum(app.shown("dbus").values())
        if bus_notifications > via_bus:
            doubled.append(f"{bus_notifications} notifications on the bus, {via_bus} sent")
        elif bus_notifications < via_bus:
            lost.append(f"{via_bus} notifications sent, {bus_notifications} on the bus")

    return Books(
        planned, delivered, missed, lost, doubled, unjustified_misses(app, entries), unplanned
    )


def unjustified_misses(app: App, entries: list[NudgeLogEntry]) -> list[str]:
    """Rows logged `missed` that `core.triage`, run again on their batch, would have shown."""
    batches: dict[datetime, list[NudgeLogEntry]] = defaultdict(list)
    for entry in entries:
        when = judged_at(entry)
        if when is not None:
            batches[when].append(entry)
    settings = app.settings()
    days = app.day_records()
    wrong: list[str] = []
    for when, batch in batches.items():
        logged = {key(e.kind, e.planned_at) for e in batch if e.outcome == "missed"}
        if not logged:
            continue
        nudges = [Nudge(NudgeKind(e.kind), e.planned_at, e.kind, "") for e in batch]
        status = day_status(settings, [], days, when)
        verdict = triage(nudges, when, status.state, in_session=False)
        rule = {key(n.kind.value, n.at) for n in verdict.missed}
        wrong.extend(
            f"{kind} {at:%H:%M:%S}Z judged at {when:%H:%M:%S}Z ({status.state})"
            for kind, at in sorted(logged - rule)
        )
    return wrong
