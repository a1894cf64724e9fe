"""Boundary's tray app beside a minimal PySide6 tray app, and Workrave and Safe Eyes if installed.

Run: .venv/bin/python benchmarks/bench_tray.py [--runs 5] [--idle 300] [--peer NAME=COMMAND]

Every app runs the same way on the desktop tier's desktop (Xvfb, a private
session bus, an SNI tray host, dunst; see desktop_session.py), with trayer
beside the SNI host when a peer app is measured, for XEmbed icons:

- start to tray: from spawning the process to the tray host hearing of its
  icon (the RegisterStatusNotifierItem call, stamped by the bus monitor; for
  an XEmbed icon, trayer taking its window). The median of `--runs` starts,
  taken in turns, after one untimed start of each app that fills the
  byte-code and page caches.
- RSS at the end of the idle window.
- idle wake-ups per minute: voluntary context switches of all the process's
  threads over `--idle` seconds, after 10 s to settle. Boundary runs on a
  pretend Saturday noon, a day off: nothing is due. All apps idle side by
  side in one window, so a 5-minute window takes 5 minutes, not 5 per app.

Why context switches count wake-ups: a thread that is woken (a timer, a
socket, another thread) runs, then blocks again in poll(), a futex or a
timer wait, and that block is one voluntary switch. Over a window with
nothing to do, the voluntary switches of all threads are the times the
process woke up. Involuntary switches are the scheduler taking the CPU from
a running thread: they measure how busy the machine is, not how often the
app wakes, so they are shown apart and not counted. The figure can be off by
a little: a wake-up that takes a contended lock before it sleeps again
counts twice; a thread that ends takes its count along. The minimal app
beside it shows the floor of any Qt tray app on this desktop.

Targets: start <= 1.3x the minimal app, RSS <= minimal + 15 MB, idle
wake-ups <= 2 per minute.
"""

from __future__ import annotations

import argparse
import shlex
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from desktop_session import (
    REGISTER,
    BusWatch,
    Child,
    Programs,
    WindowWatch,
    boundary_app_command,
    context_switches,
    open_desktop,
    rss_mb,
    wait_until,
    why_not,
)

MINIMAL_APP = """
import sys
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon
app = QApplication(sys.argv)
app.setQuitOnLastWindowClosed(False)
pixmap = QPixmap(32, 32)
pixmap.fill(QColor("steelblue"))
tray = QSystemTrayIcon(QIcon(pixmap))
menu = QMenu()
menu.addAction("Quit", app.quit)
tray.setContextMenu(menu)
tray.show()
sys.exit(app.exec())
"""
BOUNDARY, MINIMAL = "Boundary", "minimal PySide6 tray"
PEERS = ("workrave", "safeeyes")
IDLE_SETTINGS = 'timezone = "America/New_York"\n'
IDLE_AT = "2027-01-09T12:00"  # a Saturday: a day off in the default week
TRAY_TIMEOUT = 30.0
SETTLE_S = 10.0
TARGET_START_RATIO = 1.3
TARGET_RSS_OVER_MB = 15.0
TARGET_WAKEUPS = 2.0

Progress = Callable[[str], None]


@dataclass
class AppFigures:
    starts_s: list[float] = field(default_factory=list)
    tray: str = ""  # "SNI" or "XEmbed"
    rss_mb: float | None = None
    wakeups_per_min: float | None = None
    involuntary_per_min: float | None = None
    problem: str | None = None

    @property
    def start_s(self) -> float | None:
        return statistics.median(self.starts_s) if self.starts_s else None


def find_peers(overrides: dict[str, str]) -> dict[str, list[str] | None]:
    """The peer apps' command lines: `--peer` overrides, else on PATH, else None."""
    found: dict[str, list[str] | None] = {}
    for name in PEERS:
        if name in overrides:
            found[name] = shlex.split(overrides[name])
        else:
            path = shutil.which(name)
            found[name] = [path] if path else None
    return found


def app_commands(programs: Programs, peers: dict[str, list[str] | None]) -> dict[str, list[str]]:
    minimal = programs.base / "minimal_tray.py"
    minimal.write_text(MINIMAL_APP, encoding="utf-8")
    programs.settings(BOUNDARY, IDLE_SETTINGS)
    apps = {
        BOUNDARY: boundary_app_command("--pretend-now", IDLE_AT),
        MINIMAL: [sys.executable, str(minimal)],
    }
    return apps | {name: argv for name, argv in peers.items() if argv}


def tray_arrival(bus: BusWatch, windows: WindowWatch, since: float) -> tuple[float, str] | None:
    """When an icon reached a tray after `since`, and which kind; None after TRAY_TIMEOUT."""
    arrived: tuple[float, str] | None = None

    def seen() -> bool:
        nonlocal arrived
        if registered := bus.messages(REGISTER, since):
            arrived = (registered[0][0], "SNI")
        elif embedded := windows.embedded_since(since):
            arrived = (embedded[0][0], "XEmbed")
        return arrived is not None

    wait_until(seen, TRAY_TIMEOUT, step=0.05)  # the stamps are exact; the polling need not be
    return arrived


def start_app(
    programs: Programs, bus: BusWatch, windows: WindowWatch, name: str, argv: list[str]
) -> tuple[Child, float | None, str]:
    """Start `name`; (its process, seconds to its tray icon or None, which tray)."""
    began, child = programs.start(name, argv, home=name)
    arrived = tray_arrival(bus, windows, began)
    if arrived is None:
        return child, None, ""
    return child, arrived[0] - began, arrived[1]


def no_icon(child: Child) -> str:
    status = child.exit_status()
    ended = "" if status is None else f", exited with {status}"
    return f"no tray icon within {TRAY_TIMEOUT:.0f} s{ended}"


def stop(programs: Programs, child: Child) -> None:
    child.stop()
    wait_until(lambda: not programs.desktop.tray_items(), 5.0, step=0.1)
    time.sleep(0.5)  # let the tray host finish redrawing before the next start


def measure_apps(
    programs: Programs,
    apps: dict[str, list[str]],
    runs: int,
    idle: float,
    progress: Progress = lambda _text: None,
) -> dict[str, AppFigures]:
    """Start to tray, RSS and idle wake-ups of each app, measured the same way."""
    bus, windows = BusWatch(programs.desktop), WindowWatch(programs.desktop)
    try:
        return _measure(programs, bus, windows, apps, runs, idle, progress)
    finally:
        windows.close()
        bus.close()


def _measure(
    programs: Programs,
    bus: BusWatch,
    windows: WindowWatch,
    apps: dict[str, list[str]],
    runs: int,
    idle: float,
    progress: Progress,
) -> dict[str, AppFigures]:
    figures = {name: AppFigures() for name in apps}
    for run in range(runs + 1):  # run 0 warms the caches and is not counted
        progress(f"start to tray: run {run}/{runs}" if run else "start to tray: warming up")
        for name, argv in apps.items():
            if figures[name].problem:
                continue
            child, seconds, tray = start_app(programs, bus, windows, name, argv)
            if seconds is None:
                figures[name].problem = no_icon(child)
            elif run:
                figures[name].starts_s.append(seconds)
                figures[name].tray = tray
            stop(programs, child)

    progress(f"idle: {SETTLE_S:.0f} s to settle, then {idle:.0f} s")
    running: dict[str, Child] = {}
    for name, argv in apps.items():
        if figures[name].problem:
            continue
        child, seconds, _tray = start_app(programs, bus, windows, name, argv)
        if seconds is None:
            figures[name].problem = no_icon(child)
            child.stop()
        else:
            running[name] = child
    time.sleep(SETTLE_S)
    before = {name: context_switches(child.pid) for name, child in running.items()}
    time.sleep(idle)
    for name, child in running.items():
        if not child.running:
            figures[name].problem = f"exited during the idle window ({child.exit_status()})"
            continue
        voluntary, involuntary = context_switches(child.pid)
        figures[name].wakeups_per_min = (voluntary - before[name][0]) * 60 / idle
        figures[name].involuntary_per_min = (involuntary - before[name][1]) * 60 / idle
        figures[name].rss_mb = rss_mb(child.pid)
    for child in running.values():
        child.stop()
    return figures


def verdicts(figures: dict[str, AppFigures]) -> dict[str, bool | None]:
    """Each target met (True), missed (False) or not judged (None: a figure is missing)."""
    ours, floor = figures.get(BOUNDARY), figures.get(MINIMAL)
    start = rss = wakeups = None
    if ours and floor and ours.start_s and floor.start_s:
        start = ours.start_s <= TARGET_START_RATIO * floor.start_s
    if ours and floor and ours.rss_mb is not None and floor.rss_mb is not None:
        rss = ours.rss_mb <= floor.rss_mb + TARGET_RSS_OVER_MB
    if ours and ours.wakeups_per_min is not None:
        wakeups = ours.wakeups_per_min <= TARGET_WAKEUPS
    return {"start": start, "rss": rss, "wakeups": wakeups}


def report(figures: dict[str, AppFigures], runs: int, idle: float) -> None:
    print(f"start: median of {runs} runs; idle window {idle:g} s after {SETTLE_S:g} s to settle")
    print(f"{'':22}{'start s':>9}{'RSS MB':>9}{'wake-ups/min':>14}{'involuntary/min':>17}  tray")
    for name, f in figures.items():
        if f.problem:
            print(f"{name:22}  {f.problem}")
            continue
        print(
            f"{name:22}{_num(f.start_s, 2):>9}{_num(f.rss_mb, 1):>9}"
            f"{_num(f.wakeups_per_min, 1):>14}{_num(f.involuntary_per_min, 1):>17}  {f.tray}"
        )
    met = verdicts(figures)
    for key, target in (
        ("start", f"start <= {TARGET_START_RATIO}x minimal"),
        ("rss", f"RSS <= minimal + {TARGET_RSS_OVER_MB:g} MB"),
        ("wakeups", f"idle wake-ups <= {TARGET_WAKEUPS:g} per minute"),
    ):
        print(f"{target}: {_verdict(met[key])}")


def _num(value: float | None, digits: int) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def _verdict(met: bool | None) -> str:
    return "not judged" if met is None else "met" if met else "MISSED"


def parse_peer(text: str) -> tuple[str, str]:
    name, sep, command = text.partition("=")
    if not sep or name not in PEERS or not command.strip():
        raise argparse.ArgumentTypeError(f'"{text}" is not NAME=COMMAND with NAME in {PEERS}')
    return name, command


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed starts per app (default 5)")
    parser.add_argument("--idle", type=float, default=300.0, help="idle window, s (default 300)")
    parser.add_argument(
        "--peer",
        type=parse_peer,
        action="append",
        default=[],
        metavar="NAME=COMMAND",
        help="how to start workrave or safeeyes when not on PATH as such",
    )
    args = parser.parse_args()
    peers = find_peers(dict(args.peer))
    if reason := why_not(xembed=any(peers.values())):
        print(f"skipped: {reason}")
        return 0
    with tempfile.TemporaryDirectory(prefix="bench-tray-") as tmp:
        base = Path(tmp)
        with open_desktop(base / "desktop", xembed=any(peers.values())) as desktop:
            programs = Programs(desktop, base)
            apps = app_commands(programs, peers)
            figures = measure_apps(
                programs, apps, args.runs, args.idle, lambda text: print(text, file=sys.stderr)
            )
    report(figures, args.runs, args.idle)
    for name, argv in peers.items():
        if argv is None:
            print(f"{name}: not installed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
