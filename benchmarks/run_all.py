"""Every benchmark in one run, printed as one table beside its baselines and targets.

Run: .venv/bin/python benchmarks/run_all.py [--quick | --full] [--idle 300] [--runs 5]
        [--peer NAME=COMMAND]

Rows: the planner's busy year (bench_planner.py), a 5,000-series calendar
feed expanded for 14 days (bench_calendar.py), then on the desktop tier's
desktop: start to tray, RSS and idle wake-ups (bench_tray.py), nudge lateness
and the handoff window's delay after its nudge (bench_nudges.py). Columns:
Boundary, a minimal PySide6 tray app measured in the same run, and Workrave
and Safe Eyes when they are on PATH (or named with `--peer`), measured the
same way. The figures are printed, never asserted; each row says whether
its target is met.

Idle wake-ups are counted over 5 minutes (`--idle` to change it: a Qt app
wakes a few times in its first minute, so a shorter window reads high).
--quick leaves out the desktop parts (under a minute instead of about
twelve); --full times more nudges and days' ends. A part that cannot run
says why in its row, and the rest still runs.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import bench_calendar
import bench_nudges
import bench_planner
import bench_tray
from bench_tray import BOUNDARY, MINIMAL, PEERS
from desktop_session import Programs, open_desktop, why_not

COLUMNS = (BOUNDARY, MINIMAL, *PEERS)
NOT_APPLICABLE = "n/a"
T = TypeVar("T")


@dataclass
class Row:
    metric: str
    target: str
    cells: dict[str, str] = field(default_factory=dict)
    met: bool | None = None

    @property
    def verdict(self) -> str:
        return "-" if self.met is None else "met" if self.met else "missed"


@dataclass
class Outcome:
    """What one part gave: its figures, or why there are none."""

    figures: object = None
    skipped: str | None = None


def run_part(name: str, measure: Callable[[], T], progress: Callable[[str], None]) -> Outcome:
    progress(name)
    try:
        return Outcome(measure())
    except Exception as error:  # one part failing must not cost the others
        return Outcome(skipped=f"failed: {type(error).__name__}: {error}")


# ---------------------------------------------------------------- the rows


def planner_row(outcome: Outcome, notes: list[str]) -> Row:
    row = Row("planner: busy year, best CPU ms", f"< {bench_planner.TARGET_MS:.0f} ms")
    f = outcome.figures
    if not isinstance(f, bench_planner.PlannerFigures):
        return _skipped(row, outcome.skipped)
    row.cells[BOUNDARY] = f"{f.plan_best:.1f} ms"
    row.met = f.met
    notes.append(
        f"planner: {f.nudges:,} nudges; floor (the same wall times resolved and localized) "
        f"{f.floor_best:.1f} ms, planner {f.plan_best / f.floor_best:.2f}x the floor"
    )
    return _not_applicable(row)


def calendar_row(outcome: Outcome, notes: list[str]) -> Row:
    row = Row(
        f"calendar: {bench_calendar.EVENTS:,} series, {bench_calendar.DAYS} days, best CPU ms",
        f"< {bench_calendar.TARGET_MS:.0f} ms",
    )
    f = outcome.figures
    if not isinstance(f, bench_calendar.FeedFigures):
        return _skipped(row, outcome.skipped)
    row.cells[BOUNDARY] = f"{f.fast_ms:.0f} ms"
    row.met = f.met
    notes.append(
        f"calendar: {f.sessions:,} sessions; floor (icalendar's from_ical of the same "
        f"{f.size_mb:.1f} MB) {f.floor_ms:.0f} ms; same sessions as the library's path: "
        f"{'yes' if f.same else 'NO'}"
    )
    return _not_applicable(row)


def app_rows(
    outcome: Outcome, peers: dict[str, list[str] | None], runs: int, idle: float, notes: list[str]
) -> list[Row]:
    rows = [
        Row(f"start to tray (median of {runs})", f"<= {bench_tray.TARGET_START_RATIO}x minimal"),
        Row("RSS after the idle window", f"<= minimal + {bench_tray.TARGET_RSS_OVER_MB:g} MB"),
        Row(f"idle wake-ups per minute ({idle:g} s)", f"<= {bench_tray.TARGET_WAKEUPS:g}"),
    ]
    figures = outcome.figures
    if not isinstance(figures, dict):
        return [_skipped(row, outcome.skipped) for row in rows]
    start, rss, wakeups = rows
    for name in COLUMNS:
        f: bench_tray.AppFigures | None = figures.get(name)
        if f is None:
            missing = "not installed" if peers.get(name) is None else "not measured"
            for row in rows:
                row.cells[name] = missing
            continue
        if f.problem:
            notes.append(f"{name}: {f.problem}")
            if f.start_s is None:
                for row in rows:
                    row.cells[name] = "failed (below)"
                continue
        start.cells[name] = _seconds(f.start_s) + (" XEmbed" if f.tray == "XEmbed" else "")
        rss.cells[name] = _number(f.rss_mb, "{:.1f} MB")
        wakeups.cells[name] = _number(f.wakeups_per_min, "{:.1f}")
    involuntary = [
        f"{name} {f.involuntary_per_min:.1f}"
        for name, f in figures.items()
        if f.involuntary_per_min is not None
    ]
    if involuntary:
        notes.append(
            "involuntary switches per minute while idle (preempted, not woken; not counted): "
            + ", ".join(involuntary)
        )
    ours, floor = figures.get(BOUNDARY), figures.get(MINIMAL)
    if ours and floor and ours.start_s and floor.start_s:
        start.cells[BOUNDARY] += f" ({ours.start_s / floor.start_s:.2f}x)"
    if ours and floor and ours.rss_mb is not None and floor.rss_mb is not None:
        rss.cells[BOUNDARY] += f" ({ours.rss_mb - floor.rss_mb:+.1f})"
    met = bench_tray.verdicts(figures)
    start.met, rss.met, wakeups.met = met["start"], met["rss"], met["wakeups"]
    return rows


def nudge_rows(outcome: Outcome, notes: list[str]) -> list[Row]:
    late = Row("nudge lateness", f"median <= {bench_nudges.TARGET_LATENESS_MS:.0f} ms")
    handoff = Row(
        "handoff window after its nudge", f"each <= {bench_nudges.TARGET_HANDOFF_MS:.0f} ms"
    )
    f = outcome.figures
    if not isinstance(f, bench_nudges.NudgeFigures):
        return [_skipped(late, outcome.skipped), _skipped(handoff, outcome.skipped)]
    late.cells[BOUNDARY] = _spread(f.lateness_ms)
    handoff.cells[BOUNDARY] = _spread(f.handoff_ms)
    late.met, handoff.met = f.lateness_met(), f.handoff_met()
    notes += [f"nudges: {problem}" for problem in f.problems]
    return [_not_applicable(late), _not_applicable(handoff)]


def _skipped(row: Row, why: str | None) -> Row:
    """The row of a part that did not run: the first line of why in its first cell."""
    text = (why or "not run").splitlines()[0]
    row.cells = {BOUNDARY: text if len(text) <= 80 else text[:77] + "..."}
    return row


def _not_applicable(row: Row) -> Row:
    for name in COLUMNS:
        row.cells.setdefault(name, NOT_APPLICABLE)
    return row


def _seconds(value: float | None) -> str:
    return _number(value, "{:.2f} s")


def _number(value: float | None, form: str) -> str:
    return "-" if value is None else form.format(value)


def _spread(values: list[float]) -> str:
    if not values:
        return "-"
    median = statistics.median(values)
    return f"{median:.0f} ms (max {max(values):.0f}, n={len(values)})"


# ---------------------------------------------------------------- printing


def machine_line(load: tuple[float, float, float]) -> str:
    try:
        import PySide6
        from PySide6.QtCore import qVersion

        qt = f"Qt {qVersion()} (PySide6 {PySide6.__version__})"
    except ImportError:
        qt = "Qt not importable"
    cpu = platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.partition(":")[2].strip()
                break
    except OSError:
        pass
    return (
        f"Python {platform.python_version()}, {qt}, {os.cpu_count()} CPUs ({cpu}), "
        f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} at start"
    )


def table(rows: list[Row]) -> str:
    header = ["metric", *COLUMNS, "target", "verdict"]
    lines = [
        [row.metric, *(row.cells.get(c, "") for c in COLUMNS), row.target, row.verdict]
        for row in rows
    ]
    widths = [max(len(line[i]) for line in [header, *lines]) for i in range(len(header))]

    def render(cells: list[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([render(header), rule, *(render(line) for line in lines)])


# ---------------------------------------------------------------- the run


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--quick", action="store_true", help="leave out the desktop parts")
    mode.add_argument("--full", action="store_true", help="more nudges and days' ends")
    parser.add_argument(
        "--idle", type=float, default=300.0, help="idle window in seconds (default 300)"
    )
    parser.add_argument("--runs", type=int, default=5, help="timed starts per app (default 5)")
    parser.add_argument(
        "--peer",
        type=bench_tray.parse_peer,
        action="append",
        default=[],
        metavar="NAME=COMMAND",
        help="how to start workrave or safeeyes when not on PATH as such",
    )
    args = parser.parse_args()
    idle = args.idle
    nudges, handoffs = (8, 5) if args.full else (3, 3)
    load = os.getloadavg()
    began = time.monotonic()

    def progress(text: str) -> None:
        print(f"[{time.monotonic() - began:6.0f} s] {text}", file=sys.stderr, flush=True)

    notes: list[str] = []
    planner = run_part("planner", bench_planner.measure, progress)
    calendar = run_part(
        "calendar", lambda: bench_calendar.measure_series(reference=False), progress
    )
    peers = bench_tray.find_peers(dict(args.peer))
    skipped = "--quick" if args.quick else why_not(xembed=any(peers.values()))
    apps = timing = Outcome(skipped=f"skipped: {skipped}")
    if not skipped:
        with tempfile.TemporaryDirectory(prefix="bench-all-") as tmp:
            base = Path(tmp)
            try:
                with open_desktop(base / "desktop", xembed=any(peers.values())) as desktop:
                    programs = Programs(desktop, base)
                    commands = bench_tray.app_commands(programs, peers)
                    apps = run_part(
                        "tray apps",
                        lambda: bench_tray.measure_apps(
                            programs, commands, args.runs, idle, progress
                        ),
                        progress,
                    )
                    timing = run_part(
                        "nudges",
                        lambda: bench_nudges.measure_nudges(programs, nudges, handoffs, progress),
                        progress,
                    )
            except Exception as error:  # the desktop itself did not come up
                why = f"failed: no desktop: {type(error).__name__}: {error}"
                apps = apps if apps.figures is not None else Outcome(skipped=why)
                timing = timing if timing.figures is not None else Outcome(skipped=why)

    notes += [
        f"{part}: {outcome.skipped}"
        for part, outcome in (
            ("planner", planner),
            ("calendar", calendar),
            ("tray apps", apps),
            ("nudges", timing),
        )
        if outcome.skipped and outcome.skipped.startswith("failed")
    ]
    rows = [
        planner_row(planner, notes),
        calendar_row(calendar, notes),
        *app_rows(apps, peers, args.runs, idle, notes),
        *nudge_rows(timing, notes),
    ]
    if args.quick:
        which = "quick (no desktop parts)"
    else:
        which = "full" if args.full else "default (--full: more nudges and days' ends)"
        which += f"; idle window {idle:g} s, {nudges} email windows, {handoffs} days' ends"
    print(machine_line(load))
    print(f"mode: {which}")
    print()
    print(table(rows))
    if notes:
        print()
        print("\n".join(notes))
    print(f"\nrun time: {(time.monotonic() - began) / 60:.1f} min")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
