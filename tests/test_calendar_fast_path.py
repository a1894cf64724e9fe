"""The fast path of `sessions_from_feed` gives what the reference path gives.

`sessions_from_feed` reads plain events from their text and expands them
itself; `sessions_between(parse_feed(...))` goes through icalendar and
recurring_ical_events. Both must give the same sessions, ids included.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from boundary_app.integrations.calendar.feed_text import split_feed
from boundary_app.integrations.calendar.plain_feed import plain_part
from boundary_app.integrations.calendar_feed import (
    MAX_LENGTH,
    MIN_LENGTH,
    SessionRule,
    parse_feed,
    sessions_between,
    sessions_from_feed,
)

FIXTURES = Path(__file__).parent / "fixtures" / "calendars"
NEW_YORK = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")
RULES = [SessionRule(), SessionRule("session"), SessionRule("klient|supervision")]


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def same_as_reference(
    data: bytes, start: datetime, end: datetime, rule: SessionRule, zone: ZoneInfo
) -> None:
    reference = sessions_between(parse_feed(data), start, end, rule, zone)
    assert sessions_from_feed(data, start, end, rule, zone) == reference


def read_fast(data: bytes, zone: ZoneInfo) -> int:
    """How many of the feed's events the fast path reads."""
    window = datetime(2026, 10, 1, tzinfo=UTC), datetime(2026, 11, 1, tzinfo=UTC)
    found = plain_part(split_feed(data), window, zone, lambda _: True, (MIN_LENGTH, MAX_LENGTH))
    return len(found.left_out)


# --- the fixtures, over the windows where things happen ------------------------------------

WINDOWS = [
    ("2026-03-06", 4),  # the US springs forward on 03-08
    ("2026-03-27", 4),  # the EU springs forward on 03-29
    ("2026-10-19", 14),  # the EU falls back on 10-25, Outlook's COUNT=10 ends on 10-29
    ("2026-10-29", 1),  # Google's EXDATE
    ("2026-10-31", 3),  # the US falls back on 11-01
    ("2026-11-02", 14),  # Google's weekly Tuesday ends with UNTIL on 11-17
    ("2026-11-17", 1),
    ("2027-01-04", 7),
]


@pytest.mark.parametrize("name", ["google.ics", "outlook.ics", "apple.ics", "practice.ics"])
@pytest.mark.parametrize(("first", "days"), WINDOWS)
@pytest.mark.parametrize("zone", [NEW_YORK, BERLIN])
def test_fixtures_give_the_reference_sessions(
    name: str, first: str, days: int, zone: ZoneInfo
) -> None:
    start = datetime.fromisoformat(first).replace(tzinfo=zone)
    for rule in RULES:
        same_as_reference(fixture(name), start, start + timedelta(days=days), rule, zone)


@pytest.mark.parametrize(
    ("name", "fast"),
    [
        # Google: all but the weekly series and the two overrides that share its UID.
        ("google.ics", 6),
        ("outlook.ics", 4),
        ("apple.ics", 5),
        ("practice.ics", 8),
    ],
)
def test_the_fast_path_reads_the_ordinary_events_of_real_exports(name: str, fast: int) -> None:
    assert read_fast(fixture(name), BERLIN) == fast


def test_an_exdate_an_until_and_a_count_end_series_in_the_fast_path() -> None:
    # Without its two overrides, Google's Monday and Thursday series is plain too.
    text = fixture("google.ics").decode()
    overrides = re.findall(
        r"BEGIN:VEVENT\r\n(?:(?!END:VEVENT).)*?RECURRENCE-ID.*?END:VEVENT\r\n", text, re.S
    )
    assert len(overrides) == 2
    for override in overrides:
        text = text.replace(override, "")
    google = text.encode()
    assert read_fast(google, NEW_YORK) == 7
    week = datetime(2026, 10, 26, tzinfo=NEW_YORK), datetime(2026, 11, 2, tzinfo=NEW_YORK)
    starts = [s.start for s in sessions_from_feed(google, *week, SessionRule(), NEW_YORK)]
    assert datetime(2026, 10, 26, 13, tzinfo=UTC) in starts  # Monday 09:00 EDT
    assert datetime(2026, 10, 29, 13, tzinfo=UTC) not in starts  # the EXDATE'd Thursday
    # UNTIL=20261117T185959Z: the Tuesday at 14:00 EST (19:00Z) that day is past it.
    tuesdays = datetime(2026, 11, 10, tzinfo=NEW_YORK), datetime(2026, 11, 18, tzinfo=NEW_YORK)
    couples = sessions_from_feed(google, *tuesdays, SessionRule("couples"), NEW_YORK)
    assert [s.start for s in couples] == [datetime(2026, 11, 10, 19, tzinfo=UTC)]
    # Outlook's daily COUNT=10 from 10-20 ends on 10-29.
    outlook = fixture("outlook.ics")
    tail = datetime(2026, 10, 29, tzinfo=BERLIN), datetime(2026, 10, 31, tzinfo=BERLIN)
    intensive = sessions_from_feed(outlook, *tail, SessionRule("intensiv"), BERLIN)
    assert [s.start for s in intensive] == [datetime(2026, 10, 29, 8, tzinfo=UTC)]
    for start, end in (week, tuesdays, tail):
        for rule in RULES:
            same_as_reference(google, start, end, rule, NEW_YORK)
            same_as_reference(outlook, start, end, rule, BERLIN)


# --- generated plain feeds -----------------------------------------------------------------

ZONES = [
    "UTC",
    "floating",
    "America/New_York",
    "Europe/Berlin",
    '"W. Europe Standard Time"',
    "Eastern Standard Time",
    "Australia/Lord_Howe",
]
ZONE_INFO = {
    "UTC": UTC,
    "America/New_York": NEW_YORK,
    "Eastern Standard Time": NEW_YORK,
    "Europe/Berlin": BERLIN,
    "W. Europe Standard Time": BERLIN,
    "Australia/Lord_Howe": ZoneInfo("Australia/Lord_Howe"),
}
VTIMEZONES = {
    "America/New_York": (
        "BEGIN:VTIMEZONE\nTZID:America/New_York\nBEGIN:STANDARD\nDTSTART:19701101T020000\n"
        "RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU\nTZOFFSETFROM:-0400\nTZOFFSETTO:-0500\n"
        "END:STANDARD\nEND:VTIMEZONE"
    ),
    "W. Europe Standard Time": (
        "BEGIN:VTIMEZONE\nTZID:W. Europe Standard Time\nBEGIN:STANDARD\n"
        "DTSTART:16010101T000000\nTZOFFSETFROM:+0500\nTZOFFSETTO:+0500\nEND:STANDARD\n"
        "END:VTIMEZONE"
    ),
}
# Windows over clock changes: the US and the EU in spring and autumn, Lord Howe's half
# hour, and windows that start or end inside New York's repeated or skipped hour.
GENERATED_WINDOWS = [
    (datetime(2026, 3, 7, tzinfo=NEW_YORK), timedelta(days=2)),
    (datetime(2026, 3, 28, tzinfo=BERLIN), timedelta(days=2)),
    (datetime(2026, 10, 24, tzinfo=BERLIN), timedelta(days=9)),
    (datetime(2026, 10, 31, 1, 30, tzinfo=NEW_YORK), timedelta(days=1)),
    (datetime(2026, 11, 1, 5, 15, tzinfo=UTC), timedelta(hours=1)),  # 01:15 EDT to 01:15 EST
    (datetime(2026, 11, 1, 4, 45, tzinfo=UTC), timedelta(minutes=70)),
    (datetime(2026, 3, 8, 6, 30, tzinfo=UTC), timedelta(hours=1)),
    (datetime(2026, 4, 4, tzinfo=ZoneInfo("Australia/Lord_Howe")), timedelta(days=2)),
    (datetime(2026, 6, 1, tzinfo=UTC), timedelta(days=14)),
]
# Instants clocks change at: New York, Berlin, Lord Howe (spring and autumn).
CHANGES = [
    datetime(2026, 3, 8, 7, tzinfo=UTC),
    datetime(2026, 11, 1, 6, tzinfo=UTC),
    datetime(2026, 3, 29, 1, tzinfo=UTC),
    datetime(2026, 10, 25, 1, tzinfo=UTC),
    datetime(2026, 4, 4, 15, tzinfo=UTC),
    datetime(2026, 10, 3, 15, 30, tzinfo=UTC),
]
DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@st.composite
def windows_near_changes(draw: st.DrawFn) -> tuple[datetime, timedelta]:
    """Windows that start or end within hours of a clock change, to the quarter hour."""
    change = draw(st.sampled_from(CHANGES))
    start = change + timedelta(minutes=15 * draw(st.integers(-16, 8)))
    return start, timedelta(minutes=15 * draw(st.one_of(st.integers(1, 12), st.integers(1, 200))))


def stamp(moment: datetime, zone: str) -> str:
    """A time as a property value and its parameters for one of ZONES."""
    text = f"{moment:%Y%m%dT%H%M%S}"
    if zone == "UTC":
        return f":{text}Z"
    if zone == "floating":
        return f":{text}"
    return f";TZID={zone}:{text}"


@st.composite
def repeat_rules(draw: st.DrawFn, start: datetime) -> str:
    freq = draw(st.sampled_from(["DAILY", "WEEKLY", "WEEKLY", "MONTHLY", "YEARLY", "HOURLY"]))
    parts = [f"FREQ={freq}"]
    if draw(st.booleans()):
        parts.append(f"INTERVAL={draw(st.integers(1, 3))}")
    ending = draw(st.sampled_from(["", "", "count", "until", "until-date", "until-floating"]))
    if ending == "count":
        parts.append(f"COUNT={draw(st.integers(1, 60))}")
    elif ending:
        until = start + timedelta(days=draw(st.integers(0, 500)), hours=draw(st.integers(0, 23)))
        text = f"{until:%Y%m%d}"
        if ending != "until-date":
            text += f"T{until:%H%M%S}" + ("Z" if ending == "until" else "")
        parts.append(f"UNTIL={text}")
    if freq != "HOURLY" and draw(st.booleans()):
        days = draw(st.lists(st.sampled_from(DAYS), min_size=1, max_size=3, unique=True))
        if freq == "MONTHLY" and draw(st.booleans()):
            days = [f"{draw(st.sampled_from([-1, 1, 2]))}{day}" for day in days]
        parts.append("BYDAY=" + ",".join(days))
    if freq == "MONTHLY" and draw(st.integers(0, 3)) == 0:
        parts.append(f"BYMONTHDAY={draw(st.sampled_from([1, 15, 31, -1]))}")
    if draw(st.integers(0, 3)) == 0:
        parts.append(f"WKST={draw(st.sampled_from(['MO', 'SU']))}")
    return ";".join(parts)


@st.composite
def plain_events(draw: st.DrawFn, number: int, window: tuple[datetime, datetime]) -> list[str]:
    zone = draw(st.sampled_from(ZONES))
    # Near the window (wall times around the clock change) or long before it.
    near = window[0]
    if draw(st.booleans()):
        # Near an end of the window, to the quarter hour, as a wall time in the event's zone.
        steps = draw(st.one_of(st.integers(-8, 8), st.integers(-100, 100)))
        moment = draw(st.sampled_from(window)) + timedelta(minutes=15 * steps)
        start = moment.astimezone(ZONE_INFO.get(zone.strip('"'), BERLIN)).replace(tzinfo=None)
    else:
        # Days or years before the window, at any hour (around a clock change too).
        days_before = draw(st.one_of(st.integers(-3, 40), st.integers(300, 800)))
        start = near.replace(tzinfo=None) - timedelta(days=days_before)
        hour, minute = draw(st.integers(0, 23)), draw(st.sampled_from([0, 30, 45]))
        start = start.replace(hour=hour, minute=minute)
    minutes = draw(st.sampled_from([0, 1, 30, 50, 60, 90, 120, 600, 601, 1500]))
    # Now and then a UID that another event has, or an override of an earlier event.
    uid = draw(st.sampled_from([f"event-{number}", f"event-{number}", "shared", "event-0"]))
    lines = [f"UID:{uid}@tests.example"]
    if uid == "event-0" and number and draw(st.booleans()):
        lines.append("RECURRENCE-ID" + stamp(start, zone))
    lines.append("DTSTART" + stamp(start, zone))
    if draw(st.booleans()):
        lines.append(f"DURATION:PT{minutes}M")
    else:
        end_zone = "UTC" if zone != "floating" and draw(st.integers(0, 4)) == 0 else zone
        end = start + timedelta(minutes=minutes)
        if end_zone != zone:
            end = end.replace(tzinfo=ZoneInfo("Europe/Berlin")).astimezone(UTC)
        lines.append("DTEND" + stamp(end.replace(tzinfo=None), end_zone))
    if draw(st.integers(0, 4)):
        lines.append("RRULE:" + draw(repeat_rules(start)))
        for _ in range(draw(st.integers(0, 2))):
            skipped = start + timedelta(days=draw(st.integers(0, 60)))
            exdate_zone = draw(st.sampled_from([zone, zone, "UTC"]))
            lines.append("EXDATE" + stamp(skipped, exdate_zone))
    titles = ["Session - A.B.", "Notes", r"Session\, weekly", "Admin\\;x", ""]
    for title in draw(st.lists(st.sampled_from(titles), min_size=1, max_size=2)):
        lines.append(f"SUMMARY;LANGUAGE=en:{title}")
    if draw(st.booleans()):
        lines.append(draw(st.sampled_from([r"CATEGORIES:Client\,session,Admin", "CATEGORIES:"])))
    for _ in range(draw(st.integers(0, 2))):
        lines.append(draw(st.sampled_from(["STATUS:CANCELLED", "TRANSP:TRANSPARENT"])))
    if draw(st.integers(0, 5)) == 0:
        lines.append("X-MICROSOFT-CDO-BUSYSTATUS:FREE")
    if draw(st.integers(0, 5)) == 0:
        lines += ["BEGIN:VALARM", "TRIGGER:-PT15M", "ACTION:DISPLAY", "END:VALARM"]
    return ["BEGIN:VEVENT", *lines, "END:VEVENT"]


@st.composite
def plain_feeds(draw: st.DrawFn, window: tuple[datetime, datetime]) -> bytes:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Boundary tests//EN"]
    feed_zone = draw(st.sampled_from([None, None, "Europe/Berlin", "America/New_York"]))
    if feed_zone:
        lines.append(f"X-WR-TIMEZONE:{feed_zone}")
    for name, definition in VTIMEZONES.items():
        if draw(st.booleans()):
            lines += definition.replace("America/New_York", name).splitlines()
    for number in range(draw(st.integers(1, 4))):
        lines += draw(plain_events(number, window))
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()


@st.composite
def cases(draw: st.DrawFn) -> tuple[bytes, datetime, datetime, SessionRule, ZoneInfo]:
    start, length = draw(st.one_of(st.sampled_from(GENERATED_WINDOWS), windows_near_changes()))
    data = draw(plain_feeds((start, start + length)))
    patterns = ["", "session", "^notes$", "^$"]  # "^$" matches an empty category
    rule = SessionRule(draw(st.sampled_from(patterns)))
    zone = draw(st.sampled_from([NEW_YORK, BERLIN, ZONE_INFO["Australia/Lord_Howe"]]))
    return data, start, start + length, rule, zone


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_generated_plain_feeds_give_the_reference_sessions(
    case: tuple[bytes, datetime, datetime, SessionRule, ZoneInfo],
) -> None:
    same_as_reference(*case)


def test_a_window_that_ends_in_the_repeated_hour_is_cut_short_as_in_the_reference() -> None:
    # 01:15 EST (fold=1) ends the window; recurring_ical_events widens it by adding a
    # timedelta, which drops the fold, so it looks for starts up to 01:15 EDT only.
    event = (
        "UID:late@tests.example\r\nDTSTART;TZID=Australia/Lord_Howe:20261101T163000\r\n"
        "DURATION:PT30M"
    )
    data = f"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n{event}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    start = datetime(2026, 11, 1, 5, 15, tzinfo=UTC)
    assert read_fast(data.encode(), NEW_YORK) == 1
    for minutes in (30, 60, 90):
        end = start + timedelta(minutes=minutes)
        same_as_reference(data.encode(), start, end, SessionRule(), NEW_YORK)


PLAIN = (
    "BEGIN:VEVENT\nUID:plain@tests.example\nDTSTART:20261006T150000Z\nDURATION:PT50M\nEND:VEVENT"
)
ZONED = (
    "BEGIN:VEVENT\nUID:zoned@tests.example\nDTSTART;TZID=W. Europe Standard Time:20261006T170000"
    "\nDURATION:PT50M\nEND:VEVENT"
)


def calendar(*parts: str) -> bytes:
    text = "\n".join(["BEGIN:VCALENDAR", *parts, "END:VCALENDAR"])
    return (text.replace("\n", "\r\n") + "\r\n").encode()


@pytest.mark.parametrize(
    ("data", "fast"),
    [
        (calendar(PLAIN, ZONED), 2),
        # icalendar takes these for BEGIN and END too, and nests the events in a VTODO.
        (calendar("BEGIN;X-A=1:VTODO", PLAIN, "END;X-A=1:VTODO"), 0),
        (calendar("BE GIN:VTODO", PLAIN, "EN D:VTODO"), 0),
        # Two X-WR-TIMEZONEs: icalendar makes a list of them, which names no zone.
        (calendar("X-WR-TIMEZONE:Europe/Berlin", "X-WR-TIMEZONE:America/New_York", PLAIN), 0),
        # The same UID elsewhere: the library groups the events.
        (calendar(PLAIN, PLAIN.replace("150000Z", "170000Z")), 0),
        (calendar(PLAIN, PLAIN.replace("DURATION", "RECURRENCE-ID:20261006T150000Z\nDURATION")), 0),
        # A zone defined under an untidy name icalendar cleans up: zoned events are left to it.
        (
            calendar(
                VTIMEZONES["W. Europe Standard Time"].replace("TZID:", "TZID:/"), ZONED, PLAIN
            ),
            1,
        ),
        # A lone CR, which Python takes for a line break and icalendar does not.
        (calendar(PLAIN.replace("DURATION:PT50M", "DURATION:PT50M\rSUMMARY:x")), 0),
    ],
)
def test_what_the_reference_path_might_read_otherwise_is_left_to_it(data: bytes, fast: int) -> None:
    assert read_fast(data, NEW_YORK) == fast
    start = datetime(2026, 10, 6, tzinfo=NEW_YORK)
    same_as_reference(data, start, start + timedelta(days=1), SessionRule(), NEW_YORK)


def test_generated_feeds_are_read_by_the_fast_path() -> None:
    # Otherwise the property above would compare the reference path with itself.
    lines = [
        "BEGIN:VEVENT",
        "UID:weekly@tests.example",
        'DTSTART;TZID="W. Europe Standard Time":20251027T090000',
        'DTEND;TZID="W. Europe Standard Time":20251027T095000',
        "RRULE:FREQ=WEEKLY;BYDAY=MO,TH;UNTIL=20270101",
        'EXDATE;TZID="W. Europe Standard Time":20261026T090000',
        r"SUMMARY:Session\, weekly",
        "END:VEVENT",
    ]
    head = ["BEGIN:VCALENDAR", *VTIMEZONES["W. Europe Standard Time"].splitlines()]
    data = ("\r\n".join([*head, *lines, "END:VCALENDAR"]) + "\r\n").encode()
    assert read_fast(data, BERLIN) == 1
    start = datetime(2026, 10, 19, tzinfo=BERLIN)
    same_as_reference(data, start, start + timedelta(days=14), SessionRule("weekly"), BERLIN)
    assert date(2026, 10, 26) not in {
        s.start.date()
        for s in sessions_from_feed(data, start, start + timedelta(days=14), SessionRule(), BERLIN)
    }
