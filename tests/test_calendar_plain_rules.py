"""Plain RRULEs: which are read, and that their instances are dateutil's from DTSTART."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from dateutil import rrule  # type: ignore[import-untyped]
from hypothesis import given, settings
from hypothesis import strategies as st

from boundary_app.integrations.calendar.plain_rules import read_rule

NEW_YORK = ZoneInfo("America/New_York")
LORD_HOWE = ZoneInfo("Australia/Lord_Howe")  # a 30-minute DST shift
DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@pytest.mark.parametrize(
    "text",
    [
        "FREQ=WEEKLY",
        "FREQ=WEEKLY;BYDAY=MO,TH;WKST=SU",
        "FREQ=DAILY;COUNT=10",
        "FREQ=WEEKLY;UNTIL=20261117T185959Z;BYDAY=TU",
        "FREQ=WEEKLY;UNTIL=20261117",
        "FREQ=MONTHLY;BYDAY=-1FR",
        "FREQ=MONTHLY;BYMONTHDAY=1,15,-1",
        "FREQ=YEARLY;BYMONTH=3;BYDAY=2SU",
        "FREQ=HOURLY;INTERVAL=6",
    ],
)
def test_plain_rules_are_read(text: str) -> None:
    assert read_rule(text) is not None


@pytest.mark.parametrize(
    "text",
    [
        "",
        "FREQ=MINUTELY",
        "FREQ=SECONDLY",
        "FREQ=WEEKLY;",  # an empty part
        "FREQ=WEEKLY;INTERVAL=0",
        "FREQ=WEEKLY;COUNT=-3",
        "FREQ=WEEKLY;COUNT=3;UNTIL=20261117",  # both: RFC 5545 forbids it
        "FREQ=WEEKLY;BYDAY=1MO",  # ordinals only for monthly and yearly rules
        "FREQ=MONTHLY;BYDAY=0MO",
        "FREQ=MONTHLY;BYSETPOS=-1;BYDAY=MO,TU",
        "FREQ=YEARLY;BYWEEKNO=20",
        "FREQ=DAILY;BYHOUR=9,17",
        "FREQ=weekly",  # icalendar would accept it; not worth the doubt
        "FREQ=WEEKLY;FREQ=DAILY",
        "FREQ=WEEKLY;UNTIL=20261317",
        "FREQ=MONTHLY;BYMONTHDAY=32",
        "FREQ=YEARLY;BYMONTH=13",
        "FREQ=WEEKLY;X-NAME=1",
    ],
)
def test_other_rules_are_left_to_the_library(text: str) -> None:
    assert read_rule(text) is None


@st.composite
def rules(draw: st.DrawFn) -> str:
    freq = draw(st.sampled_from(["HOURLY", "DAILY", "WEEKLY", "MONTHLY", "YEARLY"]))
    parts = [f"FREQ={freq}"]
    if draw(st.booleans()):
        parts.append(f"INTERVAL={draw(st.integers(1, 5))}")
    ending = draw(st.sampled_from(["", "count", "until", "until-date", "until-floating"]))
    if ending == "count":
        parts.append(f"COUNT={draw(st.integers(1, 400))}")
    elif ending:
        day = draw(st.dates(datetime(2024, 1, 1).date(), datetime(2028, 1, 1).date()))  # noqa: DTZ001
        stamp = f"{day:%Y%m%d}"
        if ending != "until-date":
            stamp += f"T{draw(st.integers(0, 23)):02}3000" + ("Z" if ending == "until" else "")
        parts.append(f"UNTIL={stamp}")
    ordinals = freq in ("MONTHLY", "YEARLY")
    if draw(st.booleans()):
        days = draw(st.lists(st.sampled_from(DAYS), min_size=1, max_size=3, unique=True))
        if ordinals and draw(st.booleans()):
            days = [f"{draw(st.sampled_from([-2, -1, 1, 2, 3]))}{day}" for day in days]
        parts.append("BYDAY=" + ",".join(days))
    if freq != "WEEKLY" and draw(st.integers(0, 3)) == 0:
        month_days = draw(st.lists(st.sampled_from([1, 2, 15, 28, 30, 31, -1]), min_size=1))
        parts.append("BYMONTHDAY=" + ",".join(map(str, month_days)))
    if draw(st.integers(0, 3)) == 0:
        months = draw(st.lists(st.integers(1, 12), min_size=1, max_size=3))
        parts.append("BYMONTH=" + ",".join(map(str, months)))
    if draw(st.booleans()):
        parts.append(f"WKST={draw(st.sampled_from(DAYS))}")
    return ";".join(parts)


@settings(max_examples=150, deadline=None)
@given(
    rules(),
    st.datetimes(datetime(2022, 1, 1), datetime(2026, 12, 31)),  # noqa: DTZ001
    st.sampled_from([None, UTC, NEW_YORK, LORD_HOWE]),
    st.integers(0, 3 * 365 * 24),
    st.integers(1, 30 * 24),
    st.booleans(),
    st.integers(0, 1),
)
def test_instances_are_dateutils_from_the_start(
    text: str,
    start: datetime,
    zone: ZoneInfo | None,
    offset: int,
    hours: int,
    same_zone: bool,
    fold: int,
) -> None:
    # Restarting a long series near the window, or counting days, changes nothing.
    # (A start with fold=1 comes from a UTC time moved into X-WR-TIMEZONE's zone.)
    rule = read_rule(text)
    assert rule is not None
    start = start.replace(microsecond=0, tzinfo=zone, fold=fold)
    after = datetime(2022, 6, 1, tzinfo=UTC) + timedelta(hours=offset)
    before = after + timedelta(hours=hours)
    if zone is None:
        after, before = after.replace(tzinfo=None), before.replace(tzinfo=None)
    elif same_zone:  # then Python compares wall times
        after, before = after.astimezone(zone), before.astimezone(zone)
    reference = rrule.rrule(
        rule.freq,
        dtstart=start,
        interval=rule.interval,
        wkst=rule.week_start,
        count=rule.count,
        until=rule.until_for(start),
        bymonth=rule.months,
        bymonthday=rule.month_days,
        byweekday=None
        if rule.weekdays is None
        else [rrule.weekdays[day](n) for day, n in rule.weekdays],
    )
    assert rule.starts_between(start, after, before) == reference.between(after, before, inc=True)
