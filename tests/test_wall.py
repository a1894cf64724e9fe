"""Wall times become real instants the RFC 5545 way."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from boundary_app.core.wall import localize, parse_hhmm, resolve, start_of_day


@pytest.mark.parametrize(
    ("zone", "day", "wall", "expected"),
    [
        # New York spring forward: 02:30 does not exist; read with EST -> 03:30 EDT.
        ("America/New_York", date(2027, 3, 14), time(2, 30), "2027-03-14T03:30:00-04:00"),
        # New York fall back: 01:30 happens twice; the first (EDT) is meant.
        ("America/New_York", date(2027, 11, 7), time(1, 30), "2027-11-07T01:30:00-04:00"),
        # Berlin spring forward at 02:00.
        ("Europe/Berlin", date(2027, 3, 28), time(2, 15), "2027-03-28T03:15:00+02:00"),
        ("Europe/Berlin", date(2027, 10, 31), time(2, 15), "2027-10-31T02:15:00+02:00"),
        # Lord Howe moves by 30 minutes: 02:00-02:30 is skipped in October.
        ("Australia/Lord_Howe", date(2026, 10, 4), time(2, 15), "2026-10-04T02:45:00+11:00"),
        ("Australia/Lord_Howe", date(2027, 4, 4), time(1, 45), "2027-04-04T01:45:00+11:00"),
        # Santiago skips midnight itself in September.
        ("America/Santiago", date(2026, 9, 6), time(0, 0), "2026-09-06T01:00:00-03:00"),
        ("America/Santiago", date(2026, 9, 6), time(0, 30), "2026-09-06T01:30:00-03:00"),
    ],
)
def test_wall_time_resolves_to_the_rfc5545_instant(
    zone: str, day: date, wall: time, expected: str
) -> None:
    tz = ZoneInfo(zone)
    assert localize(resolve(day, wall, tz), tz).isoformat() == expected


def test_start_of_a_day_whose_midnight_is_skipped_is_one_oclock() -> None:
    tz = ZoneInfo("America/Santiago")
    first = start_of_day(date(2026, 9, 6), tz)
    assert localize(first, tz).isoformat() == "2026-09-06T01:00:00-03:00"
    # the instant before it belongs to the previous day
    assert localize(first - timedelta(seconds=1), tz).date() == date(2026, 9, 5)


def test_localized_instants_compare_as_real_time_across_fall_back() -> None:
    tz = ZoneInfo("America/New_York")
    first = localize(datetime(2027, 11, 7, 5, 30, tzinfo=UTC), tz)  # 01:30 EDT
    later = localize(datetime(2027, 11, 7, 6, 15, tzinfo=UTC), tz)  # 01:15 EST
    assert first.strftime("%H:%M") == "01:30"
    assert later.strftime("%H:%M") == "01:15"
    assert first < later
    assert later - first == timedelta(minutes=45)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("09:00", time(9, 0)),
        ("23:59", time(23, 59)),
        ("00:00", time(0, 0)),
        ("24:00", None),
        ("25:00", None),
        ("9:00", None),
        ("9am", None),
        ("09:60", None),
        ("\uff10\uff19:00", None),  # full-width digits are not ASCII digits
        ("\u0660\u0669:00", None),  # Arabic-Indic digits
        ("", None),
    ],
)
def test_parse_hhmm_is_strict(text: str, expected: time | None) -> None:
    assert parse_hhmm(text) == expected


def test_24_00_is_allowed_only_where_asked() -> None:
    assert parse_hhmm("24:00", allow_24=True) == time(0, 0)
    assert parse_hhmm("24:01", allow_24=True) is None
