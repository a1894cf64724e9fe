"""How fast the planner plans a busy year, beside a floor measured in the same run.

Run: .venv/bin/python benchmarks/bench_planner.py

The busy week: split shifts Monday to Friday plus a Saturday morning, two
protected breaks, four email windows, and six client sessions on each work
day. The floor ("baseline") is the bare cost of turning the same number of
wall times into localized instants, the least any planner must do; the
ratio says how much the rules cost on top. Target: a full year in under
50 ms on one core.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from timing import best_ms

from boundary_app.core.planner import plan
from boundary_app.core.sessions import Session
from boundary_app.core.settings_schema import parse_settings
from boundary_app.core.wall import localize, resolve, start_of_day

ZONE = "America/New_York"
FIRST = date(2027, 1, 1)
DAYS = 365
REPEATS = 9
TARGET_MS = 50.0

BUSY = {
    "timezone": ZONE,
    "week": {
        day: ["08:00-12:00", "13:00-18:30"]
        for day in ("monday", "tuesday", "wednesday", "thursday", "friday")
    }
    | {"saturday": ["09:00-13:00"]},
    "breaks": [
        {
            "name": "Coffee",
            "days": ["mon", "tue", "wed", "thu", "fri", "sat"],
            "time": "10:30-10:45",
        },
        {"name": "Notes", "days": ["mon", "tue", "wed", "thu", "fri"], "time": "16:00-16:30"},
    ],
    "email": {"windows": ["08:15", "11:00", "14:00", "17:30"]},
}
SESSION_STARTS = ["08:30", "09:30", "13:00", "14:00", "15:00", "17:00"]


def busy_sessions(zone: ZoneInfo) -> list[Session]:
    sessions = []
    for offset in range(DAYS):
        day = FIRST + timedelta(days=offset)
        if day.weekday() >= 5:
            continue
        for text in SESSION_STARTS:
            hour, minute = map(int, text.split(":"))
            start = datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone)
            sessions.append(Session(start, timedelta(minutes=50)))
    return sessions


@dataclass(frozen=True)
class PlannerFigures:
    """Best and median CPU ms of the planner's busy year and of its floor."""

    plan_best: float
    plan_median: float
    floor_best: float
    floor_median: float
    sessions: int
    nudges: int

    @property
    def met(self) -> bool:
        return self.plan_best < TARGET_MS


def measure() -> PlannerFigures:
    zone = ZoneInfo(ZONE)
    settings = parse_settings(BUSY, system_zone=zone)
    sessions = busy_sessions(zone)
    start = start_of_day(FIRST, zone)
    end = start_of_day(FIRST + timedelta(days=DAYS), zone)
    nudges = plan(settings, sessions, {}, start, end)
    walls = [(n.at.date(), n.at.timetz().replace(tzinfo=None)) for n in nudges]

    def floor() -> None:
        for day, wall in walls:
            localize(resolve(day, wall, zone), zone)

    def planner() -> None:
        plan(settings, sessions, {}, start, end)

    floor_best, floor_median = best_ms(floor, REPEATS)
    plan_best, plan_median = best_ms(planner, REPEATS)
    return PlannerFigures(
        plan_best, plan_median, floor_best, floor_median, len(sessions), len(nudges)
    )


def main() -> int:
    f = measure()
    count = f.nudges
    print(f"python {sys.version.split()[0]}, {DAYS} days, {f.sessions} sessions, {count} nudges")
    print(f"{'':28}{'best ms':>10}{'median ms':>11}{'nudges/s':>12}")
    for name, best, median in (
        ("baseline: resolve+localize", f.floor_best, f.floor_median),
        ("planner: busy year", f.plan_best, f.plan_median),
    ):
        print(f"{name:28}{best:10.1f}{median:11.1f}{count / (best / 1000):12,.0f}")
    verdict = "met" if f.met else "MISSED"
    print(
        f"planner / baseline: {f.plan_best / f.floor_best:.2f}x; "
        f"target < {TARGET_MS:.0f} ms: {verdict}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
