"""The settings schema: what a user sees for a bad file, and what a good one means."""

from __future__ import annotations

import re
import tomllib
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import tomli_w
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from boundary_app.core.fields import SettingsError
from boundary_app.core.settings import (
    DEFAULT_BREAKS,
    DEFAULT_WEEK,
    WEEKDAYS,
    Block,
    Break,
    Cues,
    DateException,
    DayRules,
    EmailRules,
    SessionRules,
    Settings,
)
from boundary_app.core.settings_schema import parse_settings, settings_to_data
from boundary_app.core.wellbeing_settings import (
    EnergyRules,
    OutsideWork,
    Supervisee,
    SupervisionRules,
)
from boundary_app.core.workday import workday
from boundary_app.storage.settings_file import parse_settings_text
from tests.wellbeing_strategies import wellbeing_tables

SYSTEM = ZoneInfo("UTC")
MONDAY = date(2026, 3, 2)  # a Monday; MONDAY + n is weekday n


def problems_of(text: str) -> list[str]:
    """What the user is told about the settings written as TOML `text`."""
    with pytest.raises(SettingsError) as caught:
        parse_settings(tomllib.loads(text), system_zone=SYSTEM)
    return [str(p) for p in caught.value.problems]


def read(text: str, zone: ZoneInfo = SYSTEM) -> Settings:
    return parse_settings(tomllib.loads(text), system_zone=zone)


def hm(text: str) -> time:
    return time.fromisoformat(text)


def blk(start: str, end: str) -> Block:
    return Block(hm(start), hm(end))


def utc(day: date, hhmm: str) -> datetime:
    t = hm(hhmm)
    return datetime(day.year, day.month, day.day, t.hour, t.minute, tzinfo=UTC)


# --------------------------------------------------------------------------------------
# Bad input: the exact lines a user reads
# --------------------------------------------------------------------------------------

BAD: list[tuple[str, str, list[str]]] = [
    # times
    (
        "hour 25",
        '[week]\nmonday = ["25:00-26:00"]',
        ['week.monday[0]: "25:00" in "25:00-26:00" is not a time of day (00:00 to 23:59)'],
    ),
    (
        "minute 60 in the end",
        '[week]\nmonday = ["09:00-12:60"]',
        ['week.monday[0]: "12:60" in "09:00-12:60" is not a time of day (00:00 to 23:59)'],
    ),
    (
        "24:00 as a start",
        '[week]\nmonday = ["24:00-06:00"]',
        ['week.monday[0]: "24:00" in "24:00-06:00" is not a time of day (00:00 to 23:59)'],
    ),
    ("9am", '[week]\nmonday = ["9am"]', ['week.monday[0]: "9am" is not HH:MM-HH:MM']),
    (
        "9am-5pm",
        '[week]\nmonday = ["9am-5pm"]',
        ['week.monday[0]: "9am-5pm" is not HH:MM-HH:MM'],
    ),
    (
        "one-digit hour",
        '[week]\nmonday = ["9:00-17:00"]',
        ['week.monday[0]: "9:00-17:00" is not HH:MM-HH:MM'],
    ),
    (
        "one-digit end hour (the README's example)",
        '[week]\nfriday = ["22:00-6:00"]',
        ['week.friday[0]: "22:00-6:00" is not HH:MM-HH:MM'],
    ),
    (
        "a single time, not a block",
        '[week]\nmonday = ["09:00"]',
        ['week.monday[0]: "09:00" is not HH:MM-HH:MM'],
    ),
    (
        "full-width digits",
        '[week]\nmonday = ["\uff10\uff19:\uff10\uff10-\uff11\uff12:\uff10\uff10"]',
        [
            'week.monday[0]: "\uff10\uff19:\uff10\uff10-\uff11\uff12:\uff10\uff10"'
            " is not HH:MM-HH:MM"
        ],
    ),
    (
        "three times in one block",
        '[week]\nmonday = ["09:00-12:00-13:00"]',
        ['week.monday[0]: "09:00-12:00-13:00" is not HH:MM-HH:MM'],
    ),
    (
        "single string with a bad time names the day, not an index",
        '[week]\nmonday = "9:00-17:00"',
        ['week.monday: "9:00-17:00" is not HH:MM-HH:MM'],
    ),
    (
        "zero-length block",
        '[week]\nmonday = ["09:00-09:00"]',
        ['week.monday[0]: "09:00-09:00" starts and ends at the same time'],
    ),
    # overlaps
    (
        "overlapping blocks on one day",
        '[week]\nmonday = ["09:00-12:00", "11:30-14:00"]',
        ['week.monday[1]: "11:30-14:00" overlaps week.monday[0] "09:00-12:00"'],
    ),
    (
        "a block inside another, listed first",
        '[week]\ntuesday = ["10:00-11:00", "09:00-17:00"]',
        ['week.tuesday[1]: "09:00-17:00" overlaps week.tuesday[0] "10:00-11:00"'],
    ),
    (
        "two overnight blocks on one day",
        '[week]\nfriday = ["22:00-02:00", "23:00-01:00"]',
        ['week.friday[1]: "23:00-01:00" overlaps week.friday[0] "22:00-02:00"'],
    ),
    (
        "the same block twice",
        '[week]\nmonday = ["09:00-12:00", "09:00-12:00"]',
        ['week.monday[1]: "09:00-12:00" overlaps week.monday[0] "09:00-12:00"'],
    ),
    (
        "overnight block runs into the next day's block",
        '[week]\nfriday = ["22:00-06:00"]\nsaturday = ["05:00-09:00"]',
        [
            'week.saturday: "05:00-09:00" overlaps week.friday "22:00-06:00",'
            " which runs past midnight"
        ],
    ),
    (
        "overnight block on sunday runs into monday",
        '[week]\nsunday = ["20:00-08:00"]\nmonday = ["07:00-12:00"]',
        ['week.monday: "07:00-12:00" overlaps week.sunday "20:00-08:00", which runs past midnight'],
    ),
    (
        "overnight block runs into the next day's overnight block",
        '[week]\nsat = "18:00-10:00"\nsun = ["09:00-11:00"]',
        ['week.sun: "09:00-11:00" overlaps week.sat "18:00-10:00", which runs past midnight'],
    ),
    # breaks
    (
        "break outside every block (the README's example)",
        '[week]\nsaturday = ["13:00-17:00"]\n'
        '[[breaks]]\nname = "Lunch"\ndays = ["sat"]\ntime = "12:00-12:45"',
        ['breaks[0].time: "12:00-12:45" on saturday lies outside every work block'],
    ),
    (
        "break in the gap between split blocks",
        '[week]\nmonday = ["09:00-12:00", "13:00-17:00"]\n'
        '[[breaks]]\nname = "Lunch"\ndays = ["mon"]\ntime = "12:00-13:00"',
        ['breaks[0].time: "12:00-13:00" on monday lies outside every work block'],
    ),
    (
        "break straddling the end of a block",
        '[[breaks]]\nname = "Walk"\ndays = ["mon", "tue"]\ntime = "16:30-17:30"',
        [
            'breaks[0].time: "16:30-17:30" on monday lies outside every work block',
            'breaks[0].time: "16:30-17:30" on tuesday lies outside every work block',
        ],
    ),
    (
        "break on a weekday that has no hours (default week)",
        '[[breaks]]\nname = "Lunch"\ndays = ["fri", "sat"]\ntime = "12:00-12:30"',
        ["breaks[0].days: saturday has no work hours for this break"],
    ),
    (
        "break on a day the new week leaves off",
        '[week]\nmonday = "09:00-17:00"\n'
        '[[breaks]]\nname = "Lunch"\ndays = ["monday", "Tuesday"]\ntime = "12:00-12:30"',
        ["breaks[0].days: tuesday has no work hours for this break"],
    ),
    (
        "break names no days",
        '[[breaks]]\nname = "Lunch"\ndays = []\ntime = "12:00-12:30"',
        ["breaks[0].days: names no days"],
    ),
    (
        "break on an unknown weekday",
        '[[breaks]]\nname = "Lunch"\ndays = ["mon", "funday"]\ntime = "12:00-12:30"',
        ['breaks[0].days[1]: "funday" is not a weekday (monday..sunday or mon..sun)'],
    ),
    (
        "break with a bad time",
        '[[breaks]]\nname = "Lunch"\ndays = ["mon"]\ntime = "noon"',
        ['breaks[0].time: "noon" is not HH:MM-HH:MM'],
    ),
    (
        "break without time and days",
        '[[breaks]]\nname = "Lunch"',
        ["breaks[0].days: is missing", "breaks[0].time: is missing"],
    ),
    (
        "break with an unknown key",
        '[[breaks]]\nname = "Lunch"\nday = ["mon"]\ndays = ["mon"]\ntime = "12:00-12:30"',
        ["breaks[0].day: unknown key (did you mean days?)"],
    ),
    (
        "empty break name",
        '[[breaks]]\nname = "   "\ndays = ["mon"]\ntime = "12:00-12:30"',
        ["breaks[0].name: is empty"],
    ),
    (
        "break name with a control character",
        '[[breaks]]\nname = "Lu\\tnch"\ndays = ["mon"]\ntime = "12:00-12:30"',
        ["breaks[0].name: contains control characters"],
    ),
    (
        "break name with a newline inside",
        '[[breaks]]\nname = "Lunch\\nbreak"\ndays = ["mon"]\ntime = "12:00-12:30"',
        ["breaks[0].name: contains control characters"],
    ),
    (
        "break name over 60 characters",
        f'[[breaks]]\nname = "{"x" * 61}"\ndays = ["mon"]\ntime = "12:00-12:30"',
        ["breaks[0].name: is 61 characters long (at most 60)"],
    ),
    # keys
    (
        "misspelt top-level key",
        'tiemzone = "Europe/Berlin"',
        ["tiemzone: unknown key (did you mean timezone?)"],
    ),
    (
        "unrelated top-level key",
        "colour = 3",
        [
            "colour: unknown key (known: timezone, week, breaks, sessions, day, email,"
            " exceptions, calendar, mail, energy, supervision, outside_work)"
        ],
    ),
    (
        "misspelt key in [sessions]",
        "[sessions]\nlenght_min = 45",
        ["sessions.lenght_min: unknown key (did you mean length_min?)"],
    ),
    (
        "misspelt key in [day]",
        "[day]\novertime_after = 10",
        ["day.overtime_after: unknown key (did you mean overtime_after_min?)"],
    ),
    (
        "misspelt key in [email]",
        '[email]\nwindow = ["09:15"]',
        ["email.window: unknown key (did you mean windows?)"],
    ),
    (
        "misspelt key in an exception",
        '[[exceptions]]\ndate = 2026-12-24\nhours = []\nnmae = "Eve"',
        ["exceptions[0].nmae: unknown key (did you mean name?)"],
    ),
    (
        "unknown weekday",
        '[week]\nfunday = ["09:00-17:00"]',
        ["week.funday: unknown weekday (use monday..sunday or mon..sun)"],
    ),
    (
        "the same weekday twice",
        '[week]\nmon = ["09:00-12:00"]\nMonday = ["13:00-17:00"]',
        ["week.Monday: monday is given twice (also as week.mon)"],
    ),
    # time zone
    (
        "unknown time zone",
        'timezone = "Mars/Olympus_Mons"',
        ['timezone: "Mars/Olympus_Mons" is not a known IANA time zone (e.g. "Europe/Berlin")'],
    ),
    (
        "a zone folder, not a zone",
        'timezone = "America"',
        ['timezone: "America" is not a known IANA time zone (e.g. "Europe/Berlin")'],
    ),
    (
        "a path, not a zone",
        'timezone = "../../etc/passwd"',
        ['timezone: "../../etc/passwd" is not a known IANA time zone (e.g. "Europe/Berlin")'],
    ),
    ("time zone as a number", "timezone = 1", ["timezone: expected text, got whole number"]),
    # minutes
    (
        "negative minutes",
        "[day]\nwrapup_lead_min = -5",
        ["day.wrapup_lead_min: -5 is out of range (0 to 240)"],
    ),
    (
        "absurd minutes",
        "[day]\nwrapup_lead_min = 100000",
        ["day.wrapup_lead_min: 100000 is out of range (0 to 240)"],
    ),
    (
        "minutes as a decimal",
        "[day]\nwrapup_lead_min = 12.5",
        ["day.wrapup_lead_min: expected a whole number of minutes, got decimal number"],
    ),
    (
        "minutes as true",
        "[day]\novertime_after_min = true",
        ["day.overtime_after_min: expected a whole number of minutes, got true/false"],
    ),
    (
        "minutes as text",
        '[day]\nwrapup_lead_min = "30"',
        ["day.wrapup_lead_min: expected a whole number of minutes, got text"],
    ),
    (
        "midpoint as a number",
        "[sessions]\nmidpoint = 1",
        ["sessions.midpoint: expected true or false, got whole number"],
    ),
    (
        "too many snoozes",
        "[day]\nmax_snoozes = 7",
        ["day.max_snoozes: 7 is out of range (0 to 6)"],
    ),
    (
        "snoozes as text",
        '[day]\nmax_snoozes = "two"',
        ["day.max_snoozes: expected a whole number, got text"],
    ),
    (
        "morning handoff as text",
        '[day]\nmorning_handoff = "yes"',
        ["day.morning_handoff: expected true or false, got text"],
    ),
    (
        "session too short",
        "[sessions]\nlength_min = 4\nwrapup_lead_min = 0",
        ["sessions.length_min: 4 is out of range (5 to 240)"],
    ),
    (
        "session too long",
        "[sessions]\nlength_min = 241",
        ["sessions.length_min: 241 is out of range (5 to 240)"],
    ),
    (
        "overrun out of range",
        "[sessions]\noverrun_after_min = 121",
        ["sessions.overrun_after_min: 121 is out of range (0 to 120)"],
    ),
    (
        "wrap-up as long as the session",
        "[sessions]\nlength_min = 30\nwrapup_lead_min = 30",
        ["sessions.wrapup_lead_min: 30 is not shorter than sessions.length_min (30)"],
    ),
    (
        "wrap-up longer than the session",
        "[sessions]\nlength_min = 20\nwrapup_lead_min = 25",
        ["sessions.wrapup_lead_min: 25 is not shorter than sessions.length_min (20)"],
    ),
    (
        "a session shorter than the default wrap-up lead",
        "[sessions]\nlength_min = 5",
        [
            "sessions.length_min: 5 is not longer than the wrap-up lead"
            " (sessions.wrapup_lead_min, 10 by default)"
        ],
    ),
    (
        "bad cues",
        '[sessions]\ncues = "loud"',
        ['sessions.cues: "loud" is not one of icon, quiet, chime'],
    ),
    (
        "cues as a number",
        "[sessions]\ncues = 2",
        ["sessions.cues: expected text, got whole number"],
    ),
    # presets
    (
        "no presets",
        "[sessions]\npresets_min = []",
        ["sessions.presets_min: give 1 to 8 lengths, not 0"],
    ),
    (
        "too many presets",
        "[sessions]\npresets_min = [10, 20, 30, 40, 50, 60, 70, 80, 90]",
        ["sessions.presets_min: give 1 to 8 lengths, not 9"],
    ),
    (
        "the same preset twice",
        "[sessions]\npresets_min = [30, 50, 30]",
        ["sessions.presets_min[2]: 30 is given twice"],
    ),
    (
        "a preset out of range",
        "[sessions]\npresets_min = [30, 300]",
        ["sessions.presets_min[1]: 300 is out of range (5 to 240)"],
    ),
    # email
    (
        "the same email window twice",
        '[email]\nwindows = ["09:15", "13:00", "09:15"]',
        ['email.windows[2]: "09:15" is given twice'],
    ),
    (
        "email window not HH:MM",
        '[email]\nwindows = ["9:15", "24:00"]',
        [
            'email.windows[0]: "9:15" is not a time of day as HH:MM (00:00 to 23:59)',
            'email.windows[1]: "24:00" is not a time of day as HH:MM (00:00 to 23:59)',
        ],
    ),
    (
        "too many email windows",
        "[email]\nwindows = [" + ", ".join(f'"{h:02d}:00"' for h in range(24)) + ', "00:30"]',
        ["email.windows: 25 windows is too many (at most 24)"],
    ),
    (
        "email window as a TOML time",
        "[email]\nwindows = [09:15:00]",
        ["email.windows[0]: expected text, got time"],
    ),
    # exceptions
    (
        "exception with a date and time",
        "[[exceptions]]\ndate = 2026-12-24T09:00:00\nhours = []",
        ["exceptions[0].date: expected a date without a time of day, like 2026-12-24"],
    ),
    (
        "exception with an offset date and time",
        "[[exceptions]]\ndate = 2026-12-24T09:00:00Z\nhours = []",
        ["exceptions[0].date: expected a date without a time of day, like 2026-12-24"],
    ),
    (
        "exception with an impossible date as text",
        '[[exceptions]]\ndate = "2026-02-30"\nhours = []',
        ['exceptions[0].date: "2026-02-30" is not a date like 2026-12-24'],
    ),
    (
        "exception with a number as date",
        "[[exceptions]]\ndate = 20261224\nhours = []",
        ["exceptions[0].date: expected a date like 2026-12-24, got whole number"],
    ),
    (
        "exception missing hours",
        "[[exceptions]]\ndate = 2026-12-24",
        ["exceptions[0].hours: is missing (use hours = [] for a day off)"],
    ),
    (
        "exception missing date",
        "[[exceptions]]\nhours = []",
        ["exceptions[0].date: is missing"],
    ),
    (
        "the same exception date twice",
        "[[exceptions]]\ndate = 2026-12-24\nhours = []\n"
        '[[exceptions]]\ndate = 2026-12-31\nhours = ["09:00-13:00"]\n'
        '[[exceptions]]\ndate = "2026-12-24"\nhours = ["10:00-12:00"]',
        ["exceptions[2].date: 2026-12-24 is already given in exceptions[0]"],
    ),
    (
        "exception with overlapping hours",
        '[[exceptions]]\ndate = 2026-12-24\nhours = ["09:00-12:00", "10:00-11:00"]',
        ['exceptions[0].hours[1]: "10:00-11:00" overlaps exceptions[0].hours[0] "09:00-12:00"'],
    ),
    (
        "exception with an empty name",
        '[[exceptions]]\ndate = 2026-12-24\nhours = []\nname = ""',
        ["exceptions[0].name: is empty"],
    ),
    # wrong types
    ("week as a list", 'week = ["09:00-17:00"]', ["week: expected a table, got list"]),
    ("a day as a number", "[week]\nmonday = 9", ["week.monday: expected a list, got whole number"]),
    (
        "a day's block as a table",
        "[week]\nmonday = [{start = 9}]",
        ["week.monday[0]: expected text, got table"],
    ),
    ("sessions as a list", "sessions = [50]", ["sessions: expected a table, got list"]),
    ("day as text", 'day = "monday"', ["day: expected a table, got text"]),
    ("email as text", 'email = "09:15"', ["email: expected a table, got text"]),
    (
        "email windows as text",
        '[email]\nwindows = "09:15"',
        ["email.windows: expected a list, got text"],
    ),
    (
        "breaks as a table",
        '[breaks]\nname = "Lunch"',
        ["breaks: expected a list, got table"],
    ),
    ("a break as text", 'breaks = ["12:00-13:00"]', ["breaks[0]: expected a table, got text"]),
    (
        "break days as text",
        '[[breaks]]\nname = "Lunch"\ndays = "mon"\ntime = "12:00-12:30"',
        ["breaks[0].days: expected a list, got text"],
    ),
    (
        "exceptions as a table",
        "[exceptions]\ndate = 2026-12-24",
        ["exceptions: expected a list, got table"],
    ),
    (
        "presets as a number",
        "[sessions]\npresets_min = 50",
        ["sessions.presets_min: expected a list, got whole number"],
    ),
]


@pytest.mark.parametrize(("text", "expected"), [pytest.param(t, e, id=name) for name, t, e in BAD])
def test_bad_settings_are_reported_with_their_field(text: str, expected: list[str]) -> None:
    assert problems_of(text) == expected


def test_every_problem_in_one_document_is_reported() -> None:
    text = """
timezone = "Nowhere/Special"
colur = "blue"
[week]
monday = ["09:00-12:00", "11:00-13:00"]
tuesday = "9-5"
[[breaks]]
name = ""
days = ["mon"]
time = "12:00-12:30"
[sessions]
length_min = 300
cues = "loud"
[day]
wrapup_lead_min = -1
[email]
windows = ["25:00"]
[[exceptions]]
date = 2026-12-24
"""
    assert problems_of(text) == [
        "colur: unknown key (known: timezone, week, breaks, sessions, day, email,"
        " exceptions, calendar, mail, energy, supervision, outside_work)",
        'timezone: "Nowhere/Special" is not a known IANA time zone (e.g. "Europe/Berlin")',
        'week.monday[1]: "11:00-13:00" overlaps week.monday[0] "09:00-12:00"',
        'week.tuesday: "9-5" is not HH:MM-HH:MM',
        "breaks[0].name: is empty",
        "sessions.length_min: 300 is out of range (5 to 240)",
        'sessions.cues: "loud" is not one of icon, quiet, chime',
        "day.wrapup_lead_min: -1 is out of range (0 to 240)",
        'email.windows[0]: "25:00" is not a time of day as HH:MM (00:00 to 23:59)',
        "exceptions[0].hours: is missing (use hours = [] for a day off)",
    ]


def test_settings_error_text_has_one_line_per_problem_prefixed_with_the_source() -> None:
    with pytest.raises(SettingsError) as caught:
        parse_settings(
            {"day": {"wrapup_lead_min": -5}, "sessions": {"cues": "loud"}}, system_zone=SYSTEM
        )
    assert str(caught.value.with_source("config.toml")).splitlines() == [
        'config.toml: sessions.cues: "loud" is not one of icon, quiet, chime',
        "config.toml: day.wrapup_lead_min: -5 is out of range (0 to 240)",
    ]


def test_a_whole_day_block_is_not_called_zero_length() -> None:
    # README: an end of 24:00 means midnight. "00:00-24:00" does not start and end at the
    # same time: either it is a 24-hour block, or the message must say what is wrong.
    text = '[week]\nmonday = ["00:00-24:00"]\n'
    try:
        settings = read(text)
    except SettingsError:
        assert problems_of(text) != [
            'week.monday[0]: "00:00-24:00" starts and ends at the same time'
        ]
    else:
        day = workday(settings, MONDAY)
        assert day.end - day.start == timedelta(hours=24)


def test_exception_hours_overlapping_an_overnight_block_are_reported() -> None:
    # Friday 22:00-06:00 runs into Saturday 2026-12-26, whose exception starts at 05:00:
    # the same rule as for the week ("may not run into the next day's first block").
    text = (
        '[week]\nfriday = ["22:00-06:00"]\n'
        '[[exceptions]]\ndate = 2026-12-26\nhours = ["05:00-09:00"]\n'
    )
    assert problems_of(text) == [
        'exceptions[0].hours: "05:00-09:00" overlaps "22:00-06:00" of 2026-12-25,'
        " which runs past midnight"
    ]


def test_an_overnight_exception_may_not_run_into_the_next_days_hours() -> None:
    text = (
        '[week]\nmonday = ["05:00-09:00"]\n'
        '[[exceptions]]\ndate = 2026-12-27\nhours = ["20:00-06:00"]\n'
    )
    assert problems_of(text) == [
        'exceptions[0].hours: "20:00-06:00" runs past midnight into "05:00-09:00" of 2026-12-28'
    ]


def test_a_mistyped_day_does_not_also_report_its_break_as_on_a_day_off() -> None:
    text = (
        '[week]\nmonday = ["9:00-17:00"]\n'
        '[[breaks]]\nname = "Lunch"\ndays = ["mon"]\ntime = "12:00-12:30"\n'
    )
    # actual: a second line "breaks[0].days: monday has no work hours for this break"
    assert problems_of(text) == ['week.monday[0]: "9:00-17:00" is not HH:MM-HH:MM']


# --------------------------------------------------------------------------------------
# Good input and what it means
# --------------------------------------------------------------------------------------


def test_weekday_names_in_any_case_full_or_three_letters() -> None:
    settings = read(
        "[week]\n"
        'MONDAY = ["09:00-10:00"]\n'
        'Tue = ["10:00-11:00"]\n'
        'wEdNeSdAy = ["11:00-12:00"]\n'
        'thu = ["12:00-13:00"]\n'
        'Fri = ["13:00-14:00"]\n'
        'SAT = ["14:00-15:00"]\n'
        'sunday = ["15:00-16:00"]\n'
    )
    assert settings.week == tuple((blk(f"{9 + n:02d}:00", f"{10 + n:02d}:00"),) for n in range(7))


def test_break_days_in_any_case_are_the_same_days() -> None:
    text = (
        '[week]\nmon = "09:00-17:00"\ntue = "09:00-17:00"\nthu = "09:00-17:00"\n'
        '[[breaks]]\nname = "Lunch"\ndays = ["MON", "Tuesday", "tHu"]\ntime = "12:00-12:30"\n'
    )
    assert read(text).breaks == (Break("Lunch", frozenset({0, 1, 3}), blk("12:00", "12:30")),)


@pytest.mark.parametrize(
    "written",
    [
        "09:00\u201312:00",
        "09:00 - 12:00",
        " 09:00-12:00 ",
        "09:00 \u2014 12:00",
        "09:00\u201012:00",
    ],
)
def test_block_dashes_and_spaces_are_forgiven(written: str) -> None:
    settings = read(f'[week]\nmonday = ["{written}"]\n')
    assert settings.week[0] == (blk("09:00", "12:00"),)


def test_an_end_of_24_00_is_midnight_ending_the_day() -> None:
    settings = read('[week]\nmonday = ["18:00-24:00"]\nsunday = ["20:00-24:00"]\n')
    assert settings.week[0] == (blk("18:00", "00:00"),)
    day = workday(settings, MONDAY)
    assert (day.start, day.end) == (utc(MONDAY, "18:00"), utc(MONDAY + timedelta(days=1), "00:00"))


def test_a_block_ending_at_midnight_does_not_run_into_the_next_morning() -> None:
    settings = read('[week]\nsunday = ["20:00-24:00"]\nmonday = ["00:00-08:00"]\n')
    assert settings.week[6] == (blk("20:00", "00:00"),)
    assert settings.week[0] == (blk("00:00", "08:00"),)


def test_an_overnight_block_may_end_where_the_next_day_starts() -> None:
    settings = read('[week]\nfriday = ["22:00-06:00"]\nsaturday = ["06:00-10:00"]\n')
    friday = MONDAY + timedelta(days=4)
    day = workday(settings, friday)
    assert (day.start, day.end) == (utc(friday, "22:00"), utc(friday + timedelta(days=1), "06:00"))


def test_a_single_string_is_one_block() -> None:
    assert read('[week]\nmonday = "13:00-17:00"\n').week[0] == (blk("13:00", "17:00"),)


def test_blocks_of_a_day_are_kept_in_order_of_time() -> None:
    settings = read('[week]\nmonday = ["13:00-17:00", "08:00-12:00"]\n')
    assert settings.week[0] == (blk("08:00", "12:00"), blk("13:00", "17:00"))


def test_empty_breaks_means_no_breaks() -> None:
    settings = read("breaks = []\n")
    assert settings.breaks == ()
    assert settings.breaks_are_default is False
    assert workday(settings, MONDAY).breaks == ()


def test_no_file_content_gives_monday_to_friday_nine_to_five_with_lunch() -> None:
    settings = parse_settings({}, system_zone=ZoneInfo("Europe/Berlin"))
    assert settings == Settings(zone=ZoneInfo("Europe/Berlin"))
    assert settings.timezone is None
    assert settings.week == DEFAULT_WEEK
    for n in range(5):
        day = workday(settings, MONDAY + timedelta(days=n))
        zone = settings.zone
        assert [
            (s.start.astimezone(zone).time(), s.end.astimezone(zone).time()) for s in day.blocks
        ] == [(hm("09:00"), hm("17:00"))]
        assert [
            (b.name, b.span.start.astimezone(zone).time(), b.span.end.astimezone(zone).time())
            for b in day.breaks
        ] == [("Lunch", hm("12:00"), hm("13:00"))]
    for n in (5, 6):
        assert workday(settings, MONDAY + timedelta(days=n)).is_day_off


def test_a_week_table_replaces_the_default_week() -> None:
    settings = read('[week]\nmonday = ["09:00-12:00", "13:00-17:00"]\nthu = "10:00-14:00"\n')
    assert settings.week == (
        (blk("09:00", "12:00"), blk("13:00", "17:00")),
        (),
        (),
        (blk("10:00", "14:00"),),
        (),
        (),
        (),
    )
    assert [workday(settings, MONDAY + timedelta(days=n)).is_day_off for n in range(7)] == [
        False,
        True,
        True,
        False,
        True,
        True,
        True,
    ]


def test_an_empty_week_table_means_no_work_days() -> None:
    settings = read("[week]\n")
    assert settings.week == ((),) * 7


def test_default_lunch_applies_only_on_days_where_it_fits() -> None:
    settings = read(
        "[week]\n"
        'monday = ["13:00-17:00"]\n'  # lunch would start before work
        'tuesday = ["09:00-17:00"]\n'
        'wednesday = ["09:00-12:00", "13:00-17:00"]\n'  # lunch is the gap
        'thursday = ["11:00-23:00"]\n'
        'saturday = ["09:00-17:00"]\n'  # the default lunch is for Monday to Friday
    )
    assert settings.breaks == DEFAULT_BREAKS
    assert settings.breaks_are_default is True
    with_lunch = [bool(workday(settings, MONDAY + timedelta(days=n)).breaks) for n in range(7)]
    assert with_lunch == [False, True, False, True, False, False, False]
    tuesday = workday(settings, MONDAY + timedelta(days=1))
    assert [(b.name, b.span.start, b.span.end) for b in tuesday.breaks] == [
        (
            "Lunch",
            utc(MONDAY + timedelta(days=1), "12:00"),
            utc(MONDAY + timedelta(days=1), "13:00"),
        )
    ]


def test_a_break_after_midnight_in_an_overnight_block_is_accepted() -> None:
    settings = read(
        '[week]\nfriday = ["22:00-06:00"]\n'
        '[[breaks]]\nname = "Rest"\ndays = ["fri"]\ntime = "02:00-02:30"\n'
    )
    friday = MONDAY + timedelta(days=4)
    saturday = friday + timedelta(days=1)
    assert [(b.span.start, b.span.end) for b in workday(settings, friday).breaks] == [
        (utc(saturday, "02:00"), utc(saturday, "02:30"))
    ]


def test_timezone_names_the_zone_in_force() -> None:
    settings = read('timezone = "America/New_York"\n', zone=ZoneInfo("Asia/Tokyo"))
    assert settings.timezone == "America/New_York"
    assert settings.zone == ZoneInfo("America/New_York")
    no_zone = read("", zone=ZoneInfo("Asia/Tokyo"))
    assert (no_zone.timezone, no_zone.zone) == (None, ZoneInfo("Asia/Tokyo"))


def readme_example() -> str:
    """The settings example in README.md, as the user reads it there."""
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## The settings file", 1)[-1]
    blocks = re.findall(r"```toml\n(.*?)```", section, re.DOTALL)
    assert blocks, "README.md has no settings example"
    return str(blocks[0])


README_EXAMPLE = readme_example()


def test_the_readme_example_is_a_valid_settings_file() -> None:
    read(README_EXAMPLE)


def test_every_settings_example_in_the_readme_is_valid() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```toml\n(.*?)```", readme, re.DOTALL)
    assert len(blocks) >= 2
    for block in blocks:
        read(block)


def test_the_readme_example_reads_as_written() -> None:
    assert read(README_EXAMPLE) == Settings(
        zone=ZoneInfo("America/New_York"),
        timezone="America/New_York",
        week=(
            (blk("09:00", "12:00"), blk("13:00", "17:00")),
            (blk("09:00", "17:00"),),
            (blk("09:00", "17:00"),),
            (),
            (blk("22:00", "06:00"),),
            (),
            (),
        ),
        breaks=(Break("Lunch", frozenset({1, 2}), blk("12:00", "12:45")),),
        breaks_are_default=False,
        sessions=SessionRules(50, 10, 5, Cues.QUIET, (30, 45, 50, 53, 60)),
        day=DayRules(30, 15),
        email=EmailRules((hm("09:15"), hm("13:00"), hm("16:30"))),
        exceptions=(
            DateException(date(2026, 12, 24), (), "Christmas Eve"),
            DateException(date(2026, 12, 31), (blk("09:00", "13:00"),)),
        ),
    )


def test_exceptions_are_sorted_by_date_and_dates_may_be_text() -> None:
    settings = read(
        '[[exceptions]]\ndate = "2026-12-31"\nhours = "09:00-13:00"\n'
        "[[exceptions]]\ndate = 2026-12-24\nhours = []\n"
    )
    assert [e.day for e in settings.exceptions] == [date(2026, 12, 24), date(2026, 12, 31)]
    assert settings.blocks_on(date(2026, 12, 24)) == ()
    assert settings.blocks_on(date(2026, 12, 31)) == (blk("09:00", "13:00"),)
    assert settings.blocks_on(date(2027, 1, 4)) == (blk("09:00", "17:00"),)


def test_names_are_trimmed_and_sixty_characters_are_allowed() -> None:
    settings = read(f'[[breaks]]\nname = "  {"y" * 60}  "\ndays = ["mon"]\ntime = "12:00-12:30"\n')
    assert settings.breaks[0].name == "y" * 60


def test_cues_are_read_in_any_case() -> None:
    assert read('[sessions]\ncues = " Chime "\n').sessions.cues is Cues.CHIME


def test_zero_minutes_switch_the_cues_off_and_are_accepted() -> None:
    settings = read(
        "[sessions]\nwrapup_lead_min = 0\noverrun_after_min = 0\n"
        "[day]\nwrapup_lead_min = 0\novertime_after_min = 0\n"
    )
    assert (settings.sessions.wrapup_lead_min, settings.sessions.overrun_after_min) == (0, 0)
    assert settings.day == DayRules(0, 0)


def test_email_windows_are_sorted() -> None:
    settings = read('[email]\nwindows = ["16:30", "09:15", "00:00", "23:59"]\n')
    assert settings.email.windows == (hm("00:00"), hm("09:15"), hm("16:30"), hm("23:59"))


# --------------------------------------------------------------------------------------
# Round trip: what is written back reads as the same settings
# --------------------------------------------------------------------------------------

HAND_MADE: list[Settings] = [
    Settings(zone=SYSTEM),
    Settings(zone=ZoneInfo("Europe/Berlin"), timezone="Europe/Berlin"),
    Settings(
        zone=ZoneInfo("America/New_York"),
        timezone="America/New_York",
        week=(
            (blk("09:00", "12:00"), blk("13:00", "17:00")),
            (),
            (blk("08:00", "00:00"),),
            (),
            (blk("22:00", "06:00"),),
            (blk("06:00", "10:00"),),
            (blk("20:00", "08:00"),),
        ),
        breaks=(
            Break("Lunch", frozenset({0}), blk("13:00", "13:30")),
            Break("Night rest", frozenset({4, 6}), blk("02:00", "02:30")),
            Break("Evening", frozenset({2}), blk("23:00", "00:00")),
        ),
        breaks_are_default=False,
        sessions=SessionRules(45, 0, 0, Cues.CHIME, (45, 30)),
        day=DayRules(0, 240),
        email=EmailRules((hm("00:00"), hm("09:15"), hm("23:59"))),
        exceptions=(
            DateException(date(2026, 12, 24), (), "Christmas Eve"),
            DateException(date(2026, 12, 31), (blk("09:00", "13:00"), blk("22:00", "01:00"))),
        ),
    ),
    Settings(zone=SYSTEM, breaks=(), breaks_are_default=False),
    Settings(zone=SYSTEM, week=((),) * 7, breaks=(), breaks_are_default=False),
    Settings(zone=SYSTEM, week=((blk("13:00", "17:00"),),) + ((),) * 6),
    Settings(
        zone=SYSTEM,
        energy=EnergyRules(True, ("couples", "intake", "Paartherapie")),
        supervision=SupervisionRules(
            True,
            weekday=0,
            time=hm("08:00"),
            every_weeks=1,
            weeks_from=date(2026, 11, 5),
            lead_min=0,
            checkin_time=hm("16:45"),
            supervisees=(Supervisee("A.B."), Supervisee("cd", 12, 6)),
        ),
        outside_work=OutsideWork(("A walk before dinner", "Call a friend")),
    ),
    Settings(zone=SYSTEM, supervision=SupervisionRules(supervisees=(Supervisee("ЖЛ", 1, 4),))),
]


@pytest.mark.parametrize("settings", HAND_MADE)
def test_written_settings_read_back_the_same(settings: Settings) -> None:
    # without a timezone in the file the system's zone is the one in force
    zone = settings.zone if settings.timezone is None else ZoneInfo("Asia/Tokyo")
    data = settings_to_data(settings)
    assert parse_settings(data, system_zone=zone) == settings
    text = tomli_w.dumps(data)
    assert parse_settings(tomllib.loads(text), system_zone=zone) == settings


@st.composite
def day_blocks(draw: st.DrawFn, max_blocks: int = 3) -> list[tuple[int, int]]:
    """Non-overlapping same-day blocks as (start, end) minutes on a 15-minute grid."""
    marks = sorted(draw(st.sets(st.integers(0, 96), max_size=2 * max_blocks)))
    if len(marks) % 2:
        marks = marks[:-1]
    return [(marks[i] * 15, marks[i + 1] * 15) for i in range(0, len(marks), 2)]


def hhmm(minutes: int, *, end: bool = False) -> str:
    if end and minutes == 24 * 60:
        return "24:00"
    minutes %= 24 * 60
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


DASHES = ("-", "\u2013", " - ")


def written_block(draw: st.DrawFn, start: int, end: int) -> str:
    return f"{hhmm(start)}{draw(st.sampled_from(DASHES))}{hhmm(end, end=True)}"


def fits(span: tuple[int, int], block: tuple[int, int]) -> bool:
    """Whether break minutes `span` lie inside `block` (end may pass 1440), also after midnight."""
    return any(block[0] <= span[0] + s and span[1] + s <= block[1] for s in (0, 24 * 60))


@st.composite
def valid_documents(draw: st.DrawFn) -> tuple[dict[str, Any], tuple[tuple[Block, ...], ...]]:
    """A valid settings document, and the week it means."""
    doc: dict[str, Any] = {}
    if draw(st.booleans()):
        doc["timezone"] = draw(
            st.sampled_from(["UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe"])
        )
    days: list[list[tuple[int, int]]] = [draw(day_blocks()) for _ in range(7)]
    # Sometimes let a day's last block run overnight, up to the next day's first start.
    for n in range(7):
        if not days[n] or not draw(st.booleans()):
            continue
        start = days[n][-1][0]
        following = days[(n + 1) % 7]
        limit = min(start - 15, following[0][0] if following else 24 * 60)
        if limit < 0:
            continue
        end = draw(st.integers(0, limit // 15)) * 15
        days[n][-1] = (start, end + 24 * 60)
    use_week = draw(st.booleans())
    if use_week:
        week_table: dict[str, Any] = {}
        for n, blocks in enumerate(days):
            if not blocks and draw(st.booleans()):
                continue  # an unnamed day is a day off
            name = draw(
                st.sampled_from(
                    [WEEKDAYS[n], WEEKDAYS[n][:3], WEEKDAYS[n].upper(), WEEKDAYS[n].title()]
                )
            )
            texts = [written_block(draw, s, e) for s, e in blocks]
            week_table[name] = texts[0] if len(texts) == 1 and draw(st.booleans()) else texts
        doc["week"] = week_table
        week = tuple(
            tuple(sorted(Block(hm(hhmm(s)), hm(hhmm(e))) for s, e in blocks)) for blocks in days
        )
        minutes = days
    else:
        week = DEFAULT_WEEK
        minutes = [[(540, 1020)]] * 5 + [[], []]
    if draw(st.booleans()):
        breaks: list[dict[str, Any]] = []
        for _ in range(draw(st.integers(0, 3))):
            working = [n for n in range(7) if minutes[n]]
            if not working:
                break
            anchor = draw(st.sampled_from(working))
            b_start, b_end = draw(st.sampled_from(minutes[anchor]))
            # in an overnight block, often put the break after midnight
            after_midnight = b_end > 24 * 60 and draw(st.booleans())
            low = 24 * 60 // 15 if after_midnight else b_start // 15
            first = draw(st.integers(low, b_end // 15 - 1))
            last = draw(st.integers(first + 1, b_end // 15))
            span = (first * 15, last * 15)
            if span[0] >= 24 * 60:
                span = (span[0] - 24 * 60, span[1] - 24 * 60)
            on = [n for n in working if any(fits(span, b) for b in minutes[n])]
            chosen = draw(st.lists(st.sampled_from(on), min_size=1, unique=True))
            name = draw(
                st.text(st.characters(categories=["L", "N", "Zs"]), min_size=1, max_size=20)
            )
            if not name.strip():
                name = "Break"
            breaks.append(
                {
                    "name": name,
                    "days": [draw(st.sampled_from([WEEKDAYS[n], WEEKDAYS[n][:3]])) for n in chosen],
                    "time": f"{hhmm(span[0])}-{hhmm(span[1], end=True)}",
                }
            )
        doc["breaks"] = breaks
    if draw(st.booleans()):
        length = draw(st.integers(5, 240))
        doc["sessions"] = {
            "length_min": length,
            "wrapup_lead_min": draw(st.integers(0, min(120, length - 1))),
            "overrun_after_min": draw(st.integers(0, 120)),
            "cues": draw(st.sampled_from(["icon", "quiet", "chime", "Quiet", "ICON"])),
            "presets_min": draw(st.lists(st.integers(5, 240), min_size=1, max_size=8, unique=True)),
            "midpoint": draw(st.booleans()),
        }
    if draw(st.booleans()):
        doc["day"] = {
            "wrapup_lead_min": draw(st.integers(0, 240)),
            "overtime_after_min": draw(st.integers(0, 240)),
            "max_snoozes": draw(st.integers(0, 6)),
            "morning_handoff": draw(st.booleans()),
            "quiet_evenings": draw(st.booleans()),
        }
    if draw(st.booleans()):
        windows = draw(st.lists(st.integers(0, 24 * 60 - 1), max_size=24, unique=True))
        doc["email"] = {"windows": [hhmm(m) for m in windows]}
    if draw(st.booleans()):
        exceptions: list[dict[str, Any]] = []
        dates = draw(
            st.lists(st.dates(date(2020, 1, 1), date(2040, 12, 31)), max_size=4, unique=True)
        )
        for day in dates:
            entry: dict[str, Any] = {
                "date": day if draw(st.booleans()) else day.isoformat(),
                # a day off, or that weekday's own hours: other hours could clash with
                # a neighbouring overnight block, which is (rightly) an error
                "hours": [written_block(draw, s, e) for s, e in minutes[day.weekday()]]
                if draw(st.booleans())
                else [],
            }
            if draw(st.booleans()):
                entry["name"] = draw(st.sampled_from(["Christmas Eve", "Conference", "Ärztetag"]))
            exceptions.append(entry)
        doc["exceptions"] = exceptions
    doc.update(draw(wellbeing_tables()))
    return doc, week


@hsettings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_documents())
def test_generated_documents_are_valid_and_round_trip(
    generated: tuple[dict[str, Any], tuple[tuple[Block, ...], ...]],
) -> None:
    doc, week = generated
    system = ZoneInfo("Asia/Kolkata")
    settings = parse_settings(doc, system_zone=system)
    assert settings.week == week
    # the document as a user would write it, through TOML text
    assert parse_settings(tomllib.loads(tomli_w.dumps(doc)), system_zone=system) == settings
    data = settings_to_data(settings)
    assert parse_settings(data, system_zone=system) == settings
    assert parse_settings(tomllib.loads(tomli_w.dumps(data)), system_zone=system) == settings


# --------------------------------------------------------------------------------------
# Nothing but SettingsError, whatever the file holds
# --------------------------------------------------------------------------------------


def check_only_settings_error(call: Any) -> None:
    """`call` returns settings or raises SettingsError with messages; nothing else escapes."""
    error: SettingsError | None = None
    try:
        call()
    except SettingsError as exc:
        error = exc
    if error is not None:
        assert error.problems
        assert all(p.message.strip() for p in error.problems)
        assert str(error)


README_TEXT = """timezone = "America/New_York"
[week]
monday = ["09:00-12:00", "13:00-17:00"]
friday = ["22:00-06:00"]
[[breaks]]
name = "Lunch"
days = ["mon", "tue", "wed", "thu", "fri"]
time = "12:00-12:45"
[sessions]
length_min = 50
wrapup_lead_min = 10
overrun_after_min = 5
cues = "quiet"
presets_min = [30, 45]
[day]
wrapup_lead_min = 30
overtime_after_min = 15
[email]
windows = ["09:15", "13:00", "16:30"]
[[exceptions]]
date = 2026-12-24
hours = []
"""


@st.composite
def mangled_readme(draw: st.DrawFn) -> str:
    """The README's example with a few random cuts, insertions and swaps."""
    text = README_TEXT
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["cut", "insert", "swap"]))
        if action == "cut":
            text = text[:at] + text[at + draw(st.integers(1, 12)) :]
        elif action == "insert":
            piece = draw(
                st.one_of(
                    st.text(max_size=6),
                    st.sampled_from(
                        ['"', "[", "]", "=", "\n", ",", "{", "}", "-", ":", "0", "99", "true"]
                    ),
                )
            )
            text = text[:at] + piece + text[at:]
        elif at < len(text):
            text = text[:at] + draw(st.characters()) + text[at + 1 :]
    return text


@hsettings(max_examples=300, deadline=None)
@given(st.one_of(st.binary(max_size=200), st.text(max_size=200).map(str.encode)))
def test_random_bytes_give_settings_or_settings_error(raw: bytes) -> None:
    check_only_settings_error(lambda: parse_settings_text(raw, system_zone=SYSTEM))


@hsettings(max_examples=300, deadline=None)
@given(mangled_readme(), st.booleans())
def test_mangled_toml_gives_settings_or_settings_error(text: str, bom: bool) -> None:
    raw = (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8", "surrogatepass")
    check_only_settings_error(lambda: parse_settings_text(raw, system_zone=SYSTEM))


KNOWN_KEYS = [
    "timezone", "week", "breaks", "sessions", "day", "email", "exceptions", "energy",
    "supervision", "outside_work", "monday", "mon", "Sunday", "name", "days", "time",
    "length_min", "wrapup_lead_min", "overrun_after_min", "cues", "presets_min",
    "overtime_after_min", "windows", "date", "hours", "tags", "enabled", "every_weeks",
    "weeks_from", "lead_min", "checkin_time", "supervisees", "initials", "intentions",
]  # fmt: skip
TOP_KEYS = 10  # the first of KNOWN_KEYS are top-level keys
SAMPLE_TEXTS = [
    "09:00-17:00", "22:00-06:00", "24:00", "12:00", "mon", "quiet", "Europe/Berlin",
    "2026-12-24", "", " ", "\x00", "America", "AB", "A.B.", "Annabel", "\u202e",
]  # fmt: skip

LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**30), 10**30),
    st.floats(),
    st.text(max_size=12),
    st.sampled_from(SAMPLE_TEXTS),
    st.dates(),
    st.times(),
    st.datetimes(),
    st.datetimes(timezones=st.just(UTC)),
)
KEYS = st.one_of(st.sampled_from(KNOWN_KEYS), st.text(max_size=8))
VALUES = st.recursive(
    LEAVES,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(KEYS, inner, max_size=3)),
    max_leaves=6,
)
TABLES = st.dictionaries(KEYS, VALUES, max_size=4)
SECTIONS = st.one_of(VALUES, TABLES, st.lists(TABLES, max_size=2))


@st.composite
def plausible_documents(draw: st.DrawFn) -> dict[str, Any]:
    """Random documents whose top-level (and often second-level) keys are the real ones."""
    doc: dict[str, Any] = draw(st.dictionaries(KEYS, VALUES, max_size=2))
    for key in draw(st.lists(st.sampled_from(KNOWN_KEYS[:TOP_KEYS]), max_size=4, unique=True)):
        doc[key] = draw(SECTIONS)
    return doc


@hsettings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plausible_documents())
def test_arbitrary_data_gives_settings_or_settings_error(doc: dict[str, Any]) -> None:
    check_only_settings_error(lambda: parse_settings(doc, system_zone=SYSTEM))


def without_none(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: without_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [without_none(v) for v in value if v is not None]
    return value


@hsettings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plausible_documents())
def test_arbitrary_toml_documents_give_settings_or_settings_error(doc: dict[str, Any]) -> None:
    raw = tomli_w.dumps(without_none(doc)).encode("utf-8")
    check_only_settings_error(lambda: parse_settings_text(raw, system_zone=SYSTEM))


def test_a_huge_hex_number_of_minutes_is_a_settings_error() -> None:
    raw = b"[day]\nwrapup_lead_min = 0x" + b"f" * 4000 + b"\n"
    with pytest.raises(SettingsError):
        parse_settings_text(raw, system_zone=SYSTEM)


def test_a_number_too_long_to_read_is_a_settings_error() -> None:
    raw = b"[day]\nwrapup_lead_min = " + b"1" * 5000 + b"\n"
    with pytest.raises(SettingsError):
        parse_settings_text(raw, system_zone=SYSTEM)


def test_deeply_nested_toml_is_a_settings_error() -> None:
    raw = b"week = " + b"[" * 5000 + b"]" * 5000 + b"\n"
    with pytest.raises(SettingsError):
        parse_settings_text(raw, system_zone=SYSTEM)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "[calendar]\nenabled = true",
            ['calendar.file: name the .ics file (or use source = "url")'],
        ),
        ('[calendar]\nsource = "outlook"', ['calendar.source: "outlook" is not one of file, url']),
        ('[calendar]\npattern = "session("', ["calendar.pattern"]),
        ("[mail]\nenabled = true", ["mail.host: name the mail server", "mail.user: give the user"]),
        ("[mail]\nport = 0", ["mail.port: 0 is out of range (1 to 65535)"]),
        ('[mail]\nsecurity = "none"', ['mail.security: "none" is not one of imaps, starttls']),
        ("[mail]\nfolders = []", ['mail.folders: name 1 to 10 folders, like ["INBOX"]']),
    ],
)
def test_integration_settings_are_checked_by_field(text: str, expected: list[str]) -> None:
    found = problems_of(text)
    assert len(found) == len(expected), found
    for problem, start in zip(found, expected, strict=True):
        assert problem.startswith(start), problem


def test_integrations_are_off_by_default_and_read_back() -> None:
    settings = read("")
    assert not settings.calendar.enabled
    assert not settings.mail.enabled
    rich = read(
        '[calendar]\nenabled = true\nsource = "url"\npattern = "(?i)session"\n'
        '[mail]\nenabled = true\nhost = "mail.example.org"\nuser = "me"\nport = 143\n'
        'security = "starttls"\nfolders = ["INBOX", "Clients"]\n'
    )
    assert (rich.calendar.source, rich.calendar.pattern) == ("url", "(?i)session")
    assert (rich.mail.port, rich.mail.security, rich.mail.folders) == (
        143,
        "starttls",
        ("INBOX", "Clients"),
    )
