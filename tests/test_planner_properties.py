"""Properties of the planner over every zone and random weeks."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from boundary_app.core.fields import SettingsError
from boundary_app.core.nudge import Nudge, NudgeKind
from boundary_app.core.planner import plan
from boundary_app.core.sessions import Session
from boundary_app.core.settings import WEEKDAYS, Settings
from boundary_app.core.settings_schema import parse_settings
from boundary_app.core.wall import start_of_day
from boundary_app.core.workday import Workday, workday
from tests.wellbeing_strategies import supervision_tables

ZONES = sorted(available_timezones())


@cache
def clock_changes(zone_name: str) -> list[date]:
    """Dates in 2026-2028 on which the zone's UTC offset changes."""
    zone = ZoneInfo(zone_name)
    found = []
    day = date(2026, 1, 1)
    offset = datetime(2026, 1, 1, 12, tzinfo=zone).utcoffset()
    while day < date(2029, 1, 1):
        following = datetime.combine(day + timedelta(days=1), time(12), zone).utcoffset()
        if following != offset:
            found.append(day)
        offset, day = following, day + timedelta(days=1)
    return found


def hhmm(minutes: int) -> str:
    minutes %= 24 * 60
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@st.composite
def day_blocks(draw: st.DrawFn) -> list[tuple[int, int]]:
    """0-3 non-overlapping blocks in minutes; the last may run overnight."""
    count = draw(st.integers(0, 3))
    points = sorted(draw(st.sets(st.integers(0, 287), min_size=2 * count, max_size=2 * count)))
    blocks = [(points[2 * i] * 5, points[2 * i + 1] * 5) for i in range(count)]
    if blocks and draw(st.booleans()):
        start, _ = blocks[-1]
        blocks[-1] = (start, draw(st.integers(0, start // 5)) * 5)  # end <= start: overnight
    return blocks


@st.composite
def documents(draw: st.DrawFn) -> dict[str, Any]:
    week = {WEEKDAYS[d]: draw(day_blocks()) for d in range(7)}
    doc: dict[str, Any] = {
        "timezone": draw(st.sampled_from(ZONES)),
        "week": {d: [f"{hhmm(a)}-{hhmm(b)}" for a, b in blocks] for d, blocks in week.items()},
    }
    breaks = []
    for _ in range(draw(st.integers(0, 2))):
        day = draw(st.sampled_from(WEEKDAYS))
        if not week[day]:
            continue
        start, end = draw(st.sampled_from(week[day]))
        if end <= start:
            end += 24 * 60
        b_start = draw(st.integers(start // 5, end // 5 - 1)) * 5
        b_end = draw(st.integers(b_start // 5 + 1, end // 5)) * 5
        breaks.append({"name": "Pause", "days": [day], "time": f"{hhmm(b_start)}-{hhmm(b_end)}"})
    doc["breaks"] = breaks
    windows = draw(st.sets(st.integers(0, 24 * 60 - 1), max_size=5))
    doc["email"] = {"windows": [hhmm(m) for m in sorted(windows)]}
    doc["day"] = {
        "wrapup_lead_min": draw(st.integers(0, 240)),
        "overtime_after_min": draw(st.integers(0, 240)),
    }
    doc["supervision"] = draw(supervision_in(week))
    return doc


@st.composite
def supervision_in(draw: st.DrawFn, week: dict[str, list[tuple[int, int]]]) -> dict[str, Any]:
    """A `[supervision]` table, its times often inside work (else they are rarely planned)."""
    table = draw(supervision_tables(minute_step=5))
    table.setdefault("enabled", True)
    working = [(n, block) for n, name in enumerate(WEEKDAYS) for block in week[name]]
    if not working or draw(st.integers(0, 3)) == 0:
        return table

    def inside() -> tuple[str, str]:
        """A weekday and a time inside one of the blocks (past midnight: the next day)."""
        day, (start, end) = draw(st.sampled_from(working))
        if end <= start:
            end += 24 * 60
        minute = draw(st.integers(start // 5, end // 5 - 1)) * 5
        return WEEKDAYS[(day + minute // (24 * 60)) % 7][:3], hhmm(minute)

    table["day"], table["time"] = inside()
    table["every_weeks"] = draw(st.integers(1, 2))
    table["lead_min"] = draw(st.sampled_from([0, 5, 15, 60]))
    checkin_day, table["checkin_time"] = inside()
    if not table.get("supervisees") and draw(st.booleans()):
        table["supervisees"] = [{"initials": "AB"}, {"initials": "C.D."}]
    for person in table.get("supervisees", []):
        person["day"] = checkin_day
        person["every_weeks"] = draw(st.integers(1, 2))
    return table


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[Settings, date, int, list[Session]]:
    doc = draw(documents())
    changes = clock_changes(doc["timezone"])
    if changes and draw(st.booleans()):  # half the cases straddle a clock change
        first = draw(st.sampled_from(changes)) - timedelta(days=draw(st.integers(0, 2)))
    else:
        first = draw(st.dates(date(2026, 1, 1), date(2028, 12, 31)))
    days = draw(st.integers(1, 6))
    exceptions = []
    for offset in sorted(draw(st.sets(st.integers(-1, days), max_size=2))):
        hours = draw(st.sampled_from([[], ["10:00-14:00"], ["01:30-03:30"]]))
        exceptions.append({"date": first + timedelta(days=offset), "hours": hours})
    doc["exceptions"] = exceptions
    try:
        settings_ = parse_settings(doc, system_zone=ZoneInfo("UTC"))
    except SettingsError:
        assume(False)
        raise
    sessions = []
    base = start_of_day(first, settings_.zone)
    for _ in range(draw(st.integers(0, 3))):
        start = base + timedelta(minutes=draw(st.integers(-120, days * 24 * 60)))
        length = timedelta(minutes=draw(st.sampled_from([30, 45, 50, 53, 60])))
        sessions.append(Session(start, length))
    return settings_, first, days, sessions


def window(s: Settings, first: date, days: int) -> tuple[datetime, datetime]:
    return start_of_day(first, s.zone), start_of_day(first + timedelta(days=days), s.zone)


def workdays(s: Settings, first: date, days: int) -> list[Workday]:
    return [workday(s, first + timedelta(days=i)) for i in range(-3, days + 2)]


PROPERTY = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.filter_too_much]
)


@PROPERTY
@given(scenarios())
def test_sorted_once_and_in_local_time(case: tuple[Settings, date, int, list[Session]]) -> None:
    s, first, days, sessions = case
    start, end = window(s, first, days)
    nudges = plan(s, sessions, {}, start, end)
    instants = [n.at.astimezone(UTC) for n in nudges]
    assert instants == sorted(instants)
    assert len({(n.kind, n.at) for n in nudges}) == len(nudges)
    for n in nudges:
        assert start <= n.at < end
        assert n.at.utcoffset() == n.at.astimezone(s.zone).utcoffset()


@PROPERTY
@given(scenarios())
def test_email_windows_only_in_work_outside_breaks_and_sessions(
    case: tuple[Settings, date, int, list[Session]],
) -> None:
    s, first, days, sessions = case
    work = workdays(s, first, days)
    blocks = [b for wd in work for b in wd.blocks]
    pauses = [brk.span for wd in work for brk in wd.breaks]
    busy = [(x.start, x.planned_end) for x in sessions]
    for n in plan(s, sessions, {}, *window(s, first, days)):
        if n.kind is not NudgeKind.EMAIL_WINDOW:
            continue
        assert any(n.at in b for b in blocks), n
        assert not any(n.at in p for p in pauses), n
        assert not any(a <= n.at < b for a, b in busy), n


@PROPERTY
@given(scenarios())
def test_days_off_plan_nothing_of_their_own(
    case: tuple[Settings, date, int, list[Session]],
) -> None:
    s, first, days, sessions = case
    work = [wd for wd in workdays(s, first, days) if not wd.is_day_off]
    slack = timedelta(minutes=s.day.overtime_after_min)
    for n in plan(s, sessions, {}, *window(s, first, days)):
        if n.kind.is_session_cue:
            continue
        # every other nudge belongs to a work day that has hours
        assert any(wd.start <= n.at <= wd.end + slack for wd in work), n
        if n.kind is NudgeKind.DAY_START:
            assert s.blocks_on(n.at.date()), n


@PROPERTY
@given(scenarios())
def test_day_by_day_equals_all_at_once(case: tuple[Settings, date, int, list[Session]]) -> None:
    s, first, days, sessions = case
    whole = plan(s, sessions, {}, *window(s, first, days))
    pieces: list[Nudge] = []
    for i in range(days):
        pieces += plan(s, sessions, {}, *window(s, first + timedelta(days=i), 1))
    assert pieces == whole


@PROPERTY
@given(scenarios(), st.integers(1, 24 * 60 * 6 - 1))
def test_any_split_of_the_window_gives_the_same_nudges(
    case: tuple[Settings, date, int, list[Session]], cut_min: int
) -> None:
    s, first, days, sessions = case
    start, end = window(s, first, days)
    cut = min(start + timedelta(minutes=cut_min), end)
    assert plan(s, sessions, {}, start, cut) + plan(s, sessions, {}, cut, end) == plan(
        s, sessions, {}, start, end
    )
