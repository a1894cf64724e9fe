"""Calendar feeds into client sessions: real export shapes, DST, ignored kinds, bad feeds."""

from __future__ import annotations

import hashlib
import logging
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from boundary_app.core.sessions import Session
from boundary_app.integrations.calendar.feed_text import single_event_outside
from boundary_app.integrations.calendar_feed import (
    FeedError,
    FeedSession,
    SessionRule,
    parse_feed,
    sessions_between,
    sessions_from_feed,
)

FIXTURES = Path(__file__).parent / "fixtures" / "calendars"
NEW_YORK = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")
SYDNEY = ZoneInfo("Australia/Sydney")
EVERYTHING = SessionRule()

# 14-day windows over the clocks falling back: New York on 2026-11-01, Berlin on 2026-10-25.
NY_FROM, NY_TO = datetime(2026, 10, 26, tzinfo=NEW_YORK), datetime(2026, 11, 9, tzinfo=NEW_YORK)
BERLIN_FROM, BERLIN_TO = datetime(2026, 10, 19, tzinfo=BERLIN), datetime(2026, 11, 2, tzinfo=BERLIN)


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def titles(name: str) -> list[str]:
    """Every SUMMARY and CATEGORIES value in a fixture, as written."""
    text = fixture(name).decode()
    found = re.findall(r"^(?:SUMMARY|CATEGORIES)[^:]*:(.+?)\r?$", text, re.MULTILINE)
    values = {part.strip() for value in found for part in value.split(",")}
    return sorted(value for value in values if value)


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def table(sessions: list[FeedSession]) -> list[tuple[datetime, int]]:
    return [(s.start, round(s.length.total_seconds() / 60)) for s in sessions]


def feed(*events: str, head: str = "") -> bytes:
    """A calendar around `events` (each the lines between BEGIN:VEVENT and END:VEVENT)."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Boundary tests//EN"]
    lines += head.strip().splitlines()
    for number, event in enumerate(events):
        body = event.strip().splitlines()
        if not any(line.startswith("UID") for line in body):
            body.insert(0, f"UID:event-{number}@tests.example")
        lines += ["BEGIN:VEVENT", *[line.strip() for line in body], "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()


def one_day(
    data: bytes, zone: ZoneInfo = NEW_YORK, rule: SessionRule = EVERYTHING
) -> list[tuple[datetime, int]]:
    start = datetime(2026, 10, 6, tzinfo=zone)
    return table(sessions_from_feed(data, start, start + timedelta(days=1), rule, zone))


def short_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()[:16]


# --- real export shapes -----------------------------------------------------------

GOOGLE_ALL = [
    (utc("2026-10-26T03:30"), 50),  # Sunday 23:30 EDT, still running at the window's start
    (utc("2026-10-26T13:00"), 50),  # Monday 09:00 EDT; Thursday 10-29 is an EXDATE
    (utc("2026-10-27T18:00"), 60),  # Tuesday 14:00 EDT
    (utc("2026-10-30T17:00"), 30),  # a UTC time, not a session by title
    (utc("2026-11-01T05:00"), 120),  # 01:00 EDT to 02:00 EST: two real hours
    (utc("2026-11-02T16:00"), 50),  # the 09:00 EST slot moved to 11:00 EST
    (utc("2026-11-03T19:00"), 60),  # Tuesday 14:00, now EST; Thursday 11-05 is cancelled
]


def test_google_export_in_a_window_over_the_new_york_fall_back() -> None:
    sessions = sessions_from_feed(fixture("google.ics"), NY_FROM, NY_TO, EVERYTHING, NEW_YORK)
    assert table(sessions) == GOOGLE_ALL


def test_google_export_with_a_pattern_drops_the_intake_call() -> None:
    rule = SessionRule("session")
    sessions = sessions_from_feed(fixture("google.ics"), NY_FROM, NY_TO, rule, NEW_YORK)
    assert table(sessions) == [row for row in GOOGLE_ALL if row[1] != 30]


OUTLOOK_ALL = [
    # Daily 09:00 "W. Europe Standard Time", COUNT=10: CEST until Saturday, then CET.
    *[(utc(f"2026-10-{day}T07:00"), 50) for day in range(20, 25)],
    *[(utc(f"2026-10-{day}T08:00"), 50) for day in range(25, 28)],
    (utc("2026-10-28T07:00"), 60),  # 18:00 "AUS Eastern Standard Time" (AEDT, +11)
    (utc("2026-10-28T08:00"), 50),
    (utc("2026-10-28T14:00"), 45),  # 10:00 "Eastern Standard Time", still EDT in New York
    (utc("2026-10-29T08:00"), 50),
    # The walk marked free (TRANSP:TRANSPARENT, BUSYSTATUS FREE) is left out.
]


def test_outlook_export_with_windows_zone_names_over_the_berlin_fall_back() -> None:
    sessions = sessions_from_feed(
        fixture("outlook.ics"), BERLIN_FROM, BERLIN_TO, EVERYTHING, BERLIN
    )
    assert table(sessions) == OUTLOOK_ALL


APPLE_ALL = [
    (utc("2026-10-19T08:10"), 50),  # weekly Monday 10:10 Berlin, CEST
    (utc("2026-10-21T14:00"), 50),  # weekly Wednesday 16:00, DURATION:PT50M
    (utc("2026-10-23T12:00"), 20),  # floating 14:00, read in Berlin
    (utc("2026-10-26T09:10"), 50),  # Monday 10:10, now CET
    (utc("2026-10-28T15:00"), 50),
    (utc("2026-10-29T11:00"), 90),
    # The 10-30 reminder has no DTEND or DURATION: a point in time, not a session.
]


def test_apple_export_over_the_berlin_fall_back() -> None:
    sessions = sessions_from_feed(fixture("apple.ics"), BERLIN_FROM, BERLIN_TO, EVERYTHING, BERLIN)
    assert table(sessions) == APPLE_ALL


PRACTICE_ALL = [
    (utc("2026-10-26T14:00"), 50),  # Session - J.D.
    (utc("2026-10-26T14:50"), 15),  # Notes
    (utc("2026-10-26T16:00"), 53),  # Intake - L.P., a client session by category
    (utc("2026-11-02T15:00"), 50),
    (utc("2026-11-02T15:50"), 15),  # Notes
    (utc("2026-11-04T21:00"), 60),  # tentative, still busy
    # Left out: the cancelled 10-28 session and the 12-hour office-hours block.
]


def test_practice_export_in_utc_over_the_new_york_fall_back() -> None:
    sessions = sessions_from_feed(fixture("practice.ics"), NY_FROM, NY_TO, EVERYTHING, NEW_YORK)
    assert table(sessions) == PRACTICE_ALL


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("session", [row for row in PRACTICE_ALL if row[1] != 15]),  # title or category
        ("^session -", [PRACTICE_ALL[0], PRACTICE_ALL[3]]),  # titles only
        ("CLIENT SESSION", [row for row in PRACTICE_ALL if row[1] != 15]),  # categories, any case
        ("family", [PRACTICE_ALL[5]]),  # the second of two categories
        ("notes|admin", [PRACTICE_ALL[1], PRACTICE_ALL[4]]),
        ("nothing like this", []),
    ],
)
def test_the_rule_matches_titles_and_categories(pattern: str, expected: list) -> None:
    rule = SessionRule(pattern)
    sessions = sessions_from_feed(fixture("practice.ics"), NY_FROM, NY_TO, rule, NEW_YORK)
    assert table(sessions) == expected


def test_apple_categories_select_sessions() -> None:
    rule = SessionRule("klient")
    sessions = sessions_from_feed(fixture("apple.ics"), BERLIN_FROM, BERLIN_TO, rule, BERLIN)
    assert table(sessions) == [APPLE_ALL[i] for i in (0, 1, 3, 4)]
    rule = SessionRule("paare")
    sessions = sessions_from_feed(fixture("apple.ics"), BERLIN_FROM, BERLIN_TO, rule, BERLIN)
    assert table(sessions) == [APPLE_ALL[1], APPLE_ALL[4]]


def test_outlook_titles_with_a_language_parameter_are_matched() -> None:
    rule = SessionRule(r"\bsitzung\b|supervision")
    sessions = sessions_from_feed(fixture("outlook.ics"), BERLIN_FROM, BERLIN_TO, rule, BERLIN)
    assert table(sessions) == [row for row in OUTLOOK_ALL if row[1] != 45]


def test_a_pattern_that_is_not_a_regular_expression_is_refused() -> None:
    with pytest.raises(ValueError, match=r"session pattern '\(unclosed' is not a regular"):
        SessionRule("(unclosed")


# --- ids ---------------------------------------------------------------------------


def test_ids_are_sha256_of_uid_and_slot_and_a_moved_instance_keeps_its_slot() -> None:
    data = fixture("google.ics")
    sessions = sessions_from_feed(data, NY_FROM, NY_TO, EVERYTHING, NEW_YORK)
    assert len({s.uid_hash for s in sessions}) == len(sessions)
    weekly = "5q8v1k3m9t2r7c4x6b0n2j8h4d@google.com"
    by_start = {s.start: s.uid_hash for s in sessions}
    assert by_start[utc("2026-10-26T13:00")] == short_hash(f"{weekly}\n2026-10-26T13:00:00Z")
    # Moved from 09:00 EST (14:00Z) to 11:00: the id is still the slot's.
    assert by_start[utc("2026-11-02T16:00")] == short_hash(f"{weekly}\n2026-11-02T14:00:00Z")
    # A single event is known by its UID alone.
    assert by_start[utc("2026-10-30T17:00")] == short_hash("9a1b2c3d4e5f6a7b8c9d0e1f2a@google.com")

    # Without the override, the same slot has the same id at its first time.
    text = data.decode()
    override = re.search(
        r"BEGIN:VEVENT\r\n(?:(?!END:VEVENT).)*?RECURRENCE-ID[^\r]*20261102T0900.*?END:VEVENT\r\n",
        text,
        re.S,
    )
    assert override is not None
    unmoved = sessions_from_feed(
        text.replace(override.group(), "").encode(), NY_FROM, NY_TO, EVERYTHING, NEW_YORK
    )
    assert {s.start: s.uid_hash for s in unmoved}[utc("2026-11-02T14:00")] == by_start[
        utc("2026-11-02T16:00")
    ]


def test_events_that_share_a_uid_are_all_kept_and_told_apart() -> None:
    # Some exports reuse one UID (a client's, a series') for several events.
    data = feed(
        "UID:client-17\nDTSTART:20261005T150000Z\nDTEND:20261005T155000Z",
        "UID:client-17\nDTSTART:20261007T150000Z\nDTEND:20261007T155000Z",
        "UID:client-17\nDTSTART:20260105T160000Z\nDTEND:20260105T165000Z\nRRULE:FREQ=MONTHLY",
        "UID:client-17\nRECURRENCE-ID:20261005T160000Z\n"
        "DTSTART:20261005T170000Z\nDTEND:20261005T174500Z",
    )
    sessions = sessions_from_feed(data, *WINDOW, EVERYTHING, NEW_YORK)
    assert table(sessions) == [
        (utc("2026-10-05T15:00"), 50),
        (utc("2026-10-05T17:00"), 45),  # the series' October instance, moved
        (utc("2026-10-07T15:00"), 50),
    ]
    assert [s.uid_hash for s in sessions] == [
        short_hash("client-17\n2026-10-05T15:00:00Z"),
        short_hash("client-17\n2026-10-05T16:00:00Z"),
        short_hash("client-17\n2026-10-07T15:00:00Z"),
    ]


def test_a_feed_session_becomes_a_core_session() -> None:
    found = FeedSession(datetime(2026, 11, 1, 5, tzinfo=UTC), timedelta(minutes=120), "abc")
    assert found.to_session() == Session(found.start, found.length)
    assert found.end == datetime(2026, 11, 1, 7, tzinfo=UTC)


# --- time zones ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tzid", "zone"),
    [
        ("Eastern Standard Time", NEW_YORK),
        ("W. Europe Standard Time", BERLIN),
        ("AUS Eastern Standard Time", SYDNEY),
        ("Europe/Berlin", BERLIN),
    ],
)
def test_windows_zone_names_without_a_vtimezone(tzid: str, zone: ZoneInfo) -> None:
    data = feed(f'DTSTART;TZID="{tzid}":20261006T100000\nDTEND;TZID="{tzid}":20261006T105000')
    start = datetime(2026, 10, 6, 10, tzinfo=zone)
    assert one_day(data, zone) == [(start.astimezone(UTC), 50)]


VTIMEZONE = """
BEGIN:VTIMEZONE
TZID:Customized Time Zone
BEGIN:STANDARD
DTSTART:16010101T000000
TZOFFSETFROM:{offset}
TZOFFSETTO:{offset}
END:STANDARD
END:VTIMEZONE
"""


def test_each_feed_reads_its_own_definition_of_a_custom_zone_name() -> None:
    # icalendar caches VTIMEZONEs by name for the whole process; the first would win.
    event = (
        "DTSTART;TZID=Customized Time Zone:20261006T100000\n"
        "DTEND;TZID=Customized Time Zone:20261006T105000"
    )
    for offset, hour in (("+0100", 9), ("-0500", 15), ("+0100", 9)):
        data = feed(event, head=VTIMEZONE.format(offset=offset))
        assert one_day(data, BERLIN) == [(datetime(2026, 10, 6, hour, tzinfo=UTC), 50)]


def test_a_zone_name_tzdata_knows_is_read_with_tzdata_whatever_the_feed_defines() -> None:
    # Outlook's VTIMEZONEs hold only today's rules; tzdata holds the history too.
    event = (
        'DTSTART;TZID="W. Europe Standard Time":20261006T100000\n'
        'DTEND;TZID="W. Europe Standard Time":20261006T105000'
    )
    head = VTIMEZONE.format(offset="+0500").replace(
        "Customized Time Zone", "W. Europe Standard Time"
    )
    assert one_day(feed(event, head=head), BERLIN) == [(utc("2026-10-06T08:00"), 50)]


def test_an_unknown_zone_name_without_definition_is_read_in_the_users_zone(
    caplog: pytest.LogCaptureFixture,
) -> None:
    data = feed(
        "DTSTART;TZID=Atlantis Standard Time:20261006T100000\n"
        "DTEND;TZID=Atlantis Standard Time:20261006T105000\n"
        "SUMMARY:Session Secret Person"
    )
    with caplog.at_level(logging.WARNING):
        assert one_day(data, NEW_YORK) == [(utc("2026-10-06T14:00"), 50)]
    assert "Atlantis Standard Time" in caplog.text
    assert "Secret" not in caplog.text


def test_floating_times_are_read_in_the_given_zone() -> None:
    data = fixture("apple.ics")
    start, end = datetime(2026, 10, 23, tzinfo=UTC), datetime(2026, 10, 24, tzinfo=UTC)
    in_berlin = sessions_from_feed(data, start, end, EVERYTHING, BERLIN)
    in_new_york = sessions_from_feed(data, start, end, EVERYTHING, NEW_YORK)
    assert table(in_berlin) == [(utc("2026-10-23T12:00"), 20)]
    assert table(in_new_york) == [(utc("2026-10-23T18:00"), 20)]
    # Times with a TZID do not move with the user's zone.
    tzid_day = datetime(2026, 10, 19, tzinfo=UTC), datetime(2026, 10, 20, tzinfo=UTC)
    assert table(sessions_from_feed(data, *tzid_day, EVERYTHING, NEW_YORK)) == [APPLE_ALL[0]]


def test_floating_times_in_a_feed_with_x_wr_timezone_are_read_in_the_feeds_zone() -> None:
    event = "DTSTART:20261006T100000\nDTEND:20261006T105000"
    assert one_day(feed(event, head="X-WR-TIMEZONE:Europe/Berlin"), NEW_YORK) == [
        (utc("2026-10-06T08:00"), 50)
    ]
    # A zone name nobody knows is ignored: the user's zone applies.
    assert one_day(feed(event, head="X-WR-TIMEZONE:Mars/Olympus_Mons"), NEW_YORK) == [
        (utc("2026-10-06T14:00"), 50)
    ]


def test_utc_times_repeat_at_the_same_instant_across_dst() -> None:
    data = feed("DTSTART:20261019T140000Z\nDTEND:20261019T145000Z\nRRULE:FREQ=WEEKLY")
    sessions = sessions_from_feed(data, NY_FROM, NY_TO, EVERYTHING, NEW_YORK)
    assert table(sessions) == [(utc("2026-10-26T14:00"), 50), (utc("2026-11-02T14:00"), 50)]


def test_an_instance_over_the_fall_back_hour_lasts_the_series_exact_length() -> None:
    # RFC 5545: instances last the exact duration of DTSTART..DTEND. Adding one
    # wall-clock hour to 01:00 EDT on 11-01 would give 02:00 EST, two real hours.
    for length in ("DTEND;TZID=America/New_York:20261004T020000", "DURATION:PT1H"):
        data = feed(
            f"DTSTART;TZID=America/New_York:20261004T010000\n{length}\nRRULE:FREQ=WEEKLY;BYDAY=SU"
        )
        sessions = sessions_from_feed(data, NY_FROM, NY_TO, EVERYTHING, NEW_YORK)
        assert table(sessions) == [(utc("2026-11-01T05:00"), 60), (utc("2026-11-08T06:00"), 60)]


def test_a_wall_time_in_the_spring_forward_gap_reads_with_the_offset_before_it() -> None:
    data = feed(
        "DTSTART;TZID=America/New_York:20260301T023000\n"
        "DTEND;TZID=America/New_York:20260301T032000\n"
        "RRULE:FREQ=WEEKLY;COUNT=3"
    )
    start = datetime(2026, 3, 1, tzinfo=NEW_YORK)
    sessions = sessions_from_feed(data, start, start + timedelta(days=14), EVERYTHING, NEW_YORK)
    # 02:30 on 03-08 does not exist; with the offset before the gap it is 07:30Z (03:30
    # EDT). Fifty wall-clock minutes later, 03:20 EDT, is before it starts: the instance
    # keeps the series' exact 50 minutes instead.
    assert table(sessions) == [(utc("2026-03-01T07:30"), 50), (utc("2026-03-08T07:30"), 50)]


# --- what is left out, and the window's edges ------------------------------------------

TIMED = "DTSTART;TZID=America/New_York:20261006T100000\n"


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        (TIMED + "DTEND;TZID=America/New_York:20261006T105000", [(utc("2026-10-06T14:00"), 50)]),
        (TIMED + "DURATION:PT45M", [(utc("2026-10-06T14:00"), 45)]),
        (TIMED + "DURATION:PT1M", [(utc("2026-10-06T14:00"), 1)]),
        (TIMED + "DURATION:PT600M", [(utc("2026-10-06T14:00"), 600)]),
        ("DTSTART;VALUE=DATE:20261006\nDTEND;VALUE=DATE:20261007", []),  # all day
        ("DTSTART;VALUE=DATE:20261006", []),  # all day, no end
        (TIMED + "DURATION:PT50M\nSTATUS:CANCELLED", []),
        (TIMED + "DURATION:PT50M\nTRANSP:TRANSPARENT", []),
        (TIMED + "DURATION:PT50M\nX-MICROSOFT-CDO-BUSYSTATUS:FREE", []),
        (TIMED, []),  # neither DTEND nor DURATION: a point in time
        (TIMED + "DURATION:PT0S", []),
        (TIMED + "DURATION:PT59S", []),
        (TIMED + "DURATION:PT601M", []),
        (TIMED + "DURATION:P1D", []),
        (TIMED + "DTEND;TZID=America/New_York:20261006T090000", []),  # ends before it starts
        (TIMED + "DTSTART;TZID=America/New_York:20261006T110000", []),  # two starts
    ],
)
def test_what_counts_as_a_session(event: str, expected: list) -> None:
    assert one_day(feed(event)) == expected


def test_an_event_still_running_at_the_start_counts_and_one_ending_there_does_not() -> None:
    data = feed(
        "DTSTART:20261006T033000Z\nDTEND:20261006T042000Z",  # 23:30-00:20 EDT
        "DTSTART:20261006T031000Z\nDTEND:20261006T040000Z",  # ends at the start
        "DTSTART:20261007T040000Z\nDTEND:20261007T045000Z",  # starts at the end
    )
    assert one_day(data) == [(utc("2026-10-06T03:30"), 50)]


def test_a_damaged_event_does_not_hide_the_rest() -> None:
    data = feed(
        "DTSTART:not a time\nDTEND:20261006T150000Z\nSUMMARY:Broken",
        "DTSTART:20261006T150000Z\nDTEND:20261006T155000Z\nEXDATE:garbage",
        "DTSTART:20261006T160000Z\nDTEND:20261006T165000Z\nRRULE:FREQ=SOMETIMES",
        "DTSTART:20261006T170000Z\nDTEND:20261006T175000Z\nRRULE:FREQ=MINUTELY",
        "DTSTART:PT1H\nDURATION:PT1H",
        "DTSTART:20261006T180000Z\nDTEND:20261006T185000Z",
    )
    assert one_day(data) == [(utc("2026-10-06T18:00"), 50)]


def test_a_window_needs_aware_ends() -> None:
    naive = datetime(2026, 10, 6)  # noqa: DTZ001 - the point of the test
    with pytest.raises(ValueError, match="aware"):
        sessions_from_feed(fixture("google.ics"), naive, naive, EVERYTHING, NEW_YORK)
    start = datetime(2026, 10, 6, tzinfo=UTC)
    assert sessions_from_feed(fixture("google.ics"), start, start, EVERYTHING, NEW_YORK) == []


def test_parse_once_and_ask_for_several_windows() -> None:
    calendar = parse_feed(fixture("google.ics"))
    first = sessions_between(calendar, NY_FROM, NY_FROM + timedelta(days=7), EVERYTHING, NEW_YORK)
    second = sessions_between(calendar, NY_FROM + timedelta(days=7), NY_TO, EVERYTHING, NEW_YORK)
    assert table(first + second) == GOOGLE_ALL


@pytest.mark.parametrize("name", ["google.ics", "outlook.ics", "apple.ics", "practice.ics"])
@pytest.mark.parametrize("first", ["2026-09-28", "2026-10-19", "2026-10-26", "2026-11-02"])
@pytest.mark.parametrize("days", [1, 14])
def test_one_step_and_two_steps_agree(name: str, first: str, days: int) -> None:
    # The one step skips parsing single events far from the window; nothing else may differ.
    start = datetime.fromisoformat(first).replace(tzinfo=NEW_YORK)
    end = start + timedelta(days=days)
    data = fixture(name)
    for rule in (EVERYTHING, SessionRule("session")):
        two_steps = sessions_between(parse_feed(data), start, end, rule, BERLIN)
        assert sessions_from_feed(data, start, end, rule, BERLIN) == two_steps


def test_long_history_of_single_events() -> None:
    events = [
        f"DTSTART:{day:%Y%m%d}T150000Z\nDTEND:{day:%Y%m%d}T155000Z"
        for day in (datetime(2020, 1, 6) + timedelta(weeks=n) for n in range(360))  # noqa: DTZ001
    ]
    events.append("DTSTART:20261006T165000Z\nDTEND:20261006T160000Z")  # the wrong way round
    sessions = sessions_from_feed(feed(*events), *WINDOW, EVERYTHING, NEW_YORK)
    assert table(sessions) == [(utc("2026-10-05T15:00"), 50), (utc("2026-10-12T15:00"), 50)]


FIRST_DAY, LAST_DAY = datetime(2026, 10, 1).date(), datetime(2026, 10, 14).date()  # noqa: DTZ001


@pytest.mark.parametrize(
    ("lines", "outside"),
    [
        (["DTSTART:20260920T100000Z", "DTEND:20260920T110000Z"], True),
        (["DTSTART;TZID=Europe/Berlin:20261020T100000", "DTEND:20261020T110000Z"], True),
        (["DTSTART;VALUE=DATE:20260920"], True),
        (["DTSTART:20260930T230000", "DTEND:20261001T010000"], False),
        (["DTSTART:20261005T100000Z", "DTEND:20261005T110000Z"], False),
        (["DTSTART:20260920T100000Z", "DTEND:20261020T110000Z"], False),
        (["DTSTART:20261020T110000Z", "DTEND:20260920T100000Z"], True),  # ends before it starts
        (["DTSTART:20260920T100000Z", "DURATION:P30D"], False),
        (["DTSTART:20260920T100000Z", "DTEND:20260920T110000Z", "RRULE:FREQ=WEEKLY"], False),
        (["DTSTART:20260920T100000Z", "DTEND:20260920T110000Z", "RDATE:20261005T100000Z"], False),
        (["RECURRENCE-ID:20261005T100000Z", "DTSTART:20260920T100000Z"], False),
        (["DTSTART:20260920T100000Z", "DTSTART:20261005T100000Z"], False),
        (["DTSTART:20261320T100000Z"], False),
        (['DTSTART;TZID="A:B":20260920T100000', "DTEND:garbage"], False),
        (["SUMMARY:no start"], False),
        (
            ["DTSTART:20261005T100000Z", "BEGIN:VALARM", "DTSTART:20200101T000000Z", "END:VALARM"],
            False,
        ),
        (["DTSTART:20200101T000000Z", "BEGIN:VALARM", "RRULE:FREQ=DAILY", "END:VALARM"], True),
    ],
)
def test_which_single_events_the_text_places_outside_the_window(
    lines: list[str], outside: bool
) -> None:
    block = ["BEGIN:VEVENT", *lines, "END:VEVENT"]
    assert single_event_outside(block, FIRST_DAY, LAST_DAY) is outside


# --- feeds that cannot be read ------------------------------------------------------------

GOOGLE = fixture("google.ics")
CUT = GOOGLE[: GOOGLE.index(b"SUMMARY:Couples session")]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the feed is empty"),
        (b" \r\n\r\n\t", "the feed is empty"),
        (
            b"<!DOCTYPE html>\n<html><head><title>Sign in</title>",
            "the feed is not iCalendar data (it starts with '<!DOCTYPE html>'); "
            "the address may lead to a web page such as a sign-in page",
        ),
        (
            b'{"error": "calendar not found for this account"}',
            """the feed is not iCalendar data (it starts with '{"error": "calendar'...)""",
        ),
        (
            b"\x89PNG\r\n\x1a\n\x00\x00",
            "the feed is not iCalendar data (it starts with binary data, not text)",
        ),
        (
            b"\x1f\x8b\x08\x00\xff\xfe",
            "the feed is not iCalendar data (it starts with binary data, not text)",
        ),
        (
            b"SUMMARY:Session - J.D.\r\nBEGIN:VCALENDAR\r\n",
            "the feed is not iCalendar data (it starts with 'SUMMARY:')",
        ),
        (
            b"BEGIN:VEVENT\r\nEND:VEVENT\r\n",
            "the feed is not iCalendar data (it starts with 'BEGIN:VEVENT')",
        ),
        (GOOGLE[:-15], "the feed is cut off: END:VCALENDAR is missing"),
        (CUT, "the feed is cut off inside BEGIN:VEVENT: END:VCALENDAR is missing"),
        (
            CUT + b"END:VCALENDAR\r\n",
            "the feed is damaged: END:VCALENDAR comes where END:VEVENT was expected",
        ),
        (
            b"BEGIN:VCALENDAR\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
            "the feed is damaged: END:VEVENT comes where END:VCALENDAR was expected",
        ),
        (
            GOOGLE + GOOGLE,
            "the feed holds several calendars one after another; it should hold one",
        ),
        (
            b"BEGIN:VCALENDAR\r\na line without a colon, Session - J.D.\r\nEND:VCALENDAR\r\n",
            "the feed is damaged: some of its lines are not iCalendar content lines",
        ),
        (
            b"BEGIN:VCALENDAR\r\nCALSCALE:ISLAMIC-CIVIL\r\nEND:VCALENDAR\r\n",
            "the feed uses a calendar scale other than Gregorian",
        ),
    ],
)
def test_unreadable_feeds_say_why_in_plain_words(data: bytes, message: str) -> None:
    with pytest.raises(FeedError) as raised:
        sessions_from_feed(data, NY_FROM, NY_TO, EVERYTHING, NEW_YORK)
    assert str(raised.value) == message
    assert "J.D." not in str(raised.value)
    # Nothing from the parsing library rides along to a traceback in a log.
    assert raised.value.__cause__ is None
    assert raised.value.__context__ is None or raised.value.__suppress_context__


@pytest.mark.parametrize(
    "data",
    [
        GOOGLE.replace(b"\r\n", b"\n"),  # LF line ends
        b"\xef\xbb\xbf" + GOOGLE,  # a UTF-8 byte-order mark
        GOOGLE.decode().encode("utf-16"),  # UTF-16 with its mark
        GOOGLE + b"\r\n0\r\n\r\n",  # trailing junk after the calendar
        GOOGLE.replace(b"BEGIN:VCALENDAR", b"begin:vcalendar", 1).replace(
            b"END:VCALENDAR", b"End:VCalendar"
        ),
    ],
)
def test_harmless_variations_of_a_feed_are_read(data: bytes) -> None:
    assert table(sessions_from_feed(data, NY_FROM, NY_TO, EVERYTHING, NEW_YORK)) == GOOGLE_ALL


# --- privacy -----------------------------------------------------------------------------

FIXTURE_NAMES = ["google.ics", "outlook.ics", "apple.ics", "practice.ics"]


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_no_title_reaches_a_session_an_error_or_the_log(
    name: str, caplog: pytest.LogCaptureFixture
) -> None:
    private = [text for text in titles(name) if len(text) > 3]
    assert private
    data = fixture(name)
    caplog.set_level(logging.DEBUG)
    window = datetime(2026, 10, 1, tzinfo=UTC), datetime(2026, 11, 30, tzinfo=UTC)
    shown = [repr(sessions_from_feed(data, *window, EVERYTHING, BERLIN))]
    for pattern in ("session", "klient", "."):
        shown.append(repr(sessions_from_feed(data, *window, SessionRule(pattern), BERLIN)))
    for cut in range(0, len(data), 97):
        try:
            shown.append(repr(sessions_from_feed(data[:cut], *window, EVERYTHING, BERLIN)))
        except FeedError as error:
            shown.append(str(error))
    shown.append(caplog.text)
    for text in private:
        assert not any(text in item for item in shown), text


# --- properties ----------------------------------------------------------------------------

PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
WINDOW = datetime(2026, 10, 1, tzinfo=UTC), datetime(2026, 10, 15, tzinfo=UTC)


def expect_sessions_or_feed_error(data: bytes) -> None:
    try:
        sessions = sessions_from_feed(data, *WINDOW, EVERYTHING, NEW_YORK)
    except FeedError:
        return
    assert all(isinstance(s, FeedSession) and s.start.tzinfo is UTC for s in sessions)
    assert sessions == sorted(sessions, key=lambda s: s.start)
    # Parsing everything finds the same, unless an event the one step skipped is unreadable.
    try:
        calendar = parse_feed(data)
    except FeedError:
        return
    assert sessions == sessions_between(calendar, *WINDOW, EVERYTHING, NEW_YORK)


@PROPERTY
@given(st.binary(max_size=400))
def test_arbitrary_bytes_give_sessions_or_a_feed_error(data: bytes) -> None:
    expect_sessions_or_feed_error(data)


@PROPERTY
@given(st.binary(max_size=200))
def test_arbitrary_bytes_after_begin_vcalendar_give_sessions_or_a_feed_error(data: bytes) -> None:
    expect_sessions_or_feed_error(b"BEGIN:VCALENDAR\r\n" + data + b"\r\nEND:VCALENDAR\r\n")


PROPERTY_NAMES = [
    "DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID", "STATUS",
    "TRANSP", "SUMMARY", "CATEGORIES", "UID", "X-WR-TIMEZONE", "CALSCALE",
]  # fmt: skip
PARAMS = ["", ";VALUE=DATE", ";VALUE=DATE-TIME", ";TZID=America/New_York", ";TZID=Nowhere",
          ";TZID=\"W. Europe Standard Time\"", ";RANGE=THISANDFUTURE", ";VALUE=PERIOD"]  # fmt: skip
SAMPLE_VALUES = [
    "20261006T100000", "20261006T100000Z", "20261006", "20261006T023000", "99991231T235959",
    "00010101T000000", "PT50M", "-PT50M", "P1W", "PT0S", "FREQ=WEEKLY", "FREQ=DAILY;COUNT=3",
    "FREQ=WEEKLY;UNTIL=20261001", "FREQ=HOURLY;INTERVAL=0", "FREQ=YEARLY;BYMONTH=13",
    "FREQ=MONTHLY;BYDAY=5FR", "20261006T100000/PT1H", "20261006T100000Z,20261013T100000Z",
    "CANCELLED", "TRANSPARENT", "Session", "Europe/Berlin", "Not/AZone", "JULIAN", "",
]  # fmt: skip
VALUES = st.one_of(st.sampled_from(SAMPLE_VALUES), st.text(max_size=20))
LINES = st.builds(
    lambda n, p, v: f"{n}{p}:{v}", st.sampled_from(PROPERTY_NAMES), st.sampled_from(PARAMS), VALUES
)


@st.composite
def damaged_feeds(draw: st.DrawFn) -> bytes:
    """A calendar of events made of random, mostly plausible properties."""
    lines = ["BEGIN:VCALENDAR", *draw(st.lists(LINES, max_size=2))]
    for _ in range(draw(st.integers(1, 4))):
        lines += ["BEGIN:VEVENT", *draw(st.lists(LINES, max_size=8)), "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines).encode("utf-8", "surrogatepass")


@PROPERTY
@given(damaged_feeds())
def test_damaged_events_give_sessions_or_a_feed_error(data: bytes) -> None:
    expect_sessions_or_feed_error(data)


@PROPERTY
@given(st.sampled_from(FIXTURE_NAMES), st.data())
def test_fixtures_with_a_line_lost_or_mangled_give_sessions_or_a_feed_error(
    name: str, data: st.DataObject
) -> None:
    lines = fixture(name).split(b"\r\n")
    index = data.draw(st.integers(0, len(lines) - 1))
    replacement = data.draw(st.one_of(st.just([]), st.lists(st.binary(max_size=30), max_size=1)))
    lines[index : index + 1] = replacement
    expect_sessions_or_feed_error(b"\r\n".join(lines))
