"""The rules of the handoffs: which day closes, where tasks go, worked time, overtime."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from boundary_app.core.day_record import DayRecord
from boundary_app.core.handoff import (
    can_snooze,
    closing_record,
    current_workday,
    handoff_days,
    morning_due,
    overtime_minutes,
    unrecorded_ends,
    worked,
)
from boundary_app.core.tasks import (
    MAX_TASK_CHARS,
    TaskTextError,
    clean_task_text,
    next_workday,
    previous_workday,
    split_task_lines,
)
from boundary_app.core.workday import workday
from tests.helpers import at, settings_from

DEFAULT = settings_from({})
THU, FRI, MON = date(2026, 11, 26), date(2026, 11, 27), date(2026, 11, 30)


# -- where tomorrow's tasks go -----------------------------------------------------


def test_tasks_written_on_friday_go_to_monday() -> None:
    assert next_workday(DEFAULT, FRI) == MON
    assert handoff_days(DEFAULT, at("2026-11-27T17:00:00-05:00")).tomorrow == MON


def test_days_off_from_exceptions_push_tasks_further() -> None:
    settings = settings_from(
        {"exceptions": [{"date": "2026-11-30", "hours": []}, {"date": "2026-12-01", "hours": []}]}
    )
    assert next_workday(settings, FRI) == date(2026, 12, 2)


def test_a_saturday_exception_with_hours_is_the_next_workday() -> None:
    settings = settings_from({"exceptions": [{"date": "2026-11-28", "hours": ["10:00-12:00"]}]})
    assert next_workday(settings, FRI) == date(2026, 11, 28)
    assert previous_workday(settings, MON) == date(2026, 11, 28)


def test_the_previous_workday_of_monday_is_friday() -> None:
    assert previous_workday(DEFAULT, MON) == FRI


def test_with_no_work_days_at_all_tomorrow_is_simply_the_next_date() -> None:
    settings = settings_from({"week": {}})
    assert next_workday(settings, FRI) == FRI + timedelta(days=1)
    assert previous_workday(settings, FRI) is None


# -- which day closes ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        ("2026-11-26T08:00:00-05:00", THU),  # before the day starts: today
        ("2026-11-26T16:59:00-05:00", THU),
        ("2026-11-26T23:00:00-05:00", THU),  # evening after the day
        ("2026-11-27T00:30:00-05:00", THU),  # still at it after midnight
        ("2026-11-27T04:59:00-05:00", THU),
        ("2026-11-27T05:00:00-05:00", FRI),  # a new day by now
        ("2026-11-28T00:30:00-05:00", FRI),  # Friday night, late
        ("2026-11-28T11:00:00-05:00", date(2026, 11, 28)),  # a Saturday: that date
    ],
)
def test_the_current_workday(now: str, expected: date) -> None:
    assert current_workday(DEFAULT, at(now)) == expected


def test_an_overnight_shift_is_closed_after_midnight_as_the_day_it_started() -> None:
    settings = settings_from({"week": {"friday": ["22:00-06:00"]}})
    assert current_workday(settings, at("2026-11-28T03:00:00-05:00")) == FRI
    assert handoff_days(settings, at("2026-11-28T05:59:00-05:00")).tomorrow == date(2026, 12, 4)


# -- worked time and overtime ---------------------------------------------------------


def test_worked_time_leaves_out_lunch_and_counts_time_past_the_end() -> None:
    wd = workday(DEFAULT, THU)  # 09:00-17:00 with lunch 12:00-13:00
    assert worked(wd, at("2026-11-26T08:00:00-05:00")) == timedelta(0)
    assert worked(wd, at("2026-11-26T12:30:00-05:00")) == timedelta(hours=3)
    assert worked(wd, at("2026-11-26T17:00:00-05:00")) == timedelta(hours=7)
    assert worked(wd, at("2026-11-26T17:25:00-05:00")) == timedelta(hours=7, minutes=25)


def test_split_shift_gaps_are_not_worked() -> None:
    settings = settings_from({"week": {"thursday": ["08:00-12:00", "16:00-19:00"]}, "breaks": []})
    wd = workday(settings, THU)
    assert worked(wd, at("2026-11-26T14:00:00-05:00")) == timedelta(hours=4)
    assert worked(wd, at("2026-11-26T19:00:00-05:00")) == timedelta(hours=7)


def test_overlapping_breaks_are_left_out_once() -> None:
    breaks = [
        {"name": "Lunch", "days": ["thu"], "time": "12:00-13:00"},
        {"name": "Admin", "days": ["thu"], "time": "12:30-13:30"},
    ]
    wd = workday(settings_from({"breaks": breaks}), THU)
    assert worked(wd, at("2026-11-26T13:00:00-05:00")) == timedelta(hours=3)
    assert worked(wd, at("2026-11-26T17:00:00-05:00")) == timedelta(hours=6, minutes=30)


def test_a_day_off_has_no_worked_time() -> None:
    assert worked(workday(DEFAULT, date(2026, 11, 28)), at("2026-11-28T15:00:00-05:00")) == (
        timedelta(0)
    )


def test_overtime_counts_whole_minutes_past_the_end_only() -> None:
    wd = workday(DEFAULT, THU)
    assert overtime_minutes(wd, at("2026-11-26T15:00:00-05:00")) == 0  # left early
    assert overtime_minutes(wd, at("2026-11-26T17:00:00-05:00")) == 0
    assert overtime_minutes(wd, at("2026-11-26T17:20:59-05:00")) == 20


def test_closing_after_midnight_counts_the_evening_as_overtime() -> None:
    now = at("2026-11-27T00:30:00-05:00")
    record = closing_record(DEFAULT, current_workday(DEFAULT, now), now, None)
    assert (record.day, record.overtime_min) == (THU, 7 * 60 + 30)


def test_closing_twice_keeps_the_first_close() -> None:
    first = closing_record(DEFAULT, THU, at("2026-11-26T17:20:00-05:00"), None)
    again = closing_record(DEFAULT, THU, at("2026-11-26T17:45:00-05:00"), first)
    assert again == first


def test_closing_keeps_snoozes_and_records_overtime_and_the_scheduled_end() -> None:
    before = DayRecord(THU, snoozes=2, morning_seen_at=at("2026-11-26T09:01:00-05:00"))
    record = closing_record(DEFAULT, THU, at("2026-11-26T17:20:00-05:00"), before)
    assert record.closed_at == at("2026-11-26T17:20:00-05:00")
    assert record.scheduled_end == at("2026-11-26T17:00:00-05:00")
    assert (record.overtime_min, record.snoozes) == (20, 2)
    assert record.morning_seen_at == before.morning_seen_at


def test_snoozes_run_out_at_the_limit() -> None:
    settings = settings_from({"day": {"max_snoozes": 2}})
    assert can_snooze(settings, None)
    assert can_snooze(settings, DayRecord(THU, snoozes=1))
    assert not can_snooze(settings, DayRecord(THU, snoozes=2))
    assert not can_snooze(settings_from({"day": {"max_snoozes": 0}}), None)


# -- the morning handoff ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "due"),
    [
        ("2026-11-26T08:59:00-05:00", False),  # before work
        ("2026-11-26T09:00:00-05:00", True),
        ("2026-11-26T16:29:00-05:00", True),  # started late in the day: still due
        ("2026-11-26T16:30:00-05:00", False),  # wrap-up: the end of the day is near
        ("2026-11-26T17:00:00-05:00", False),  # off hours
        ("2026-11-28T10:00:00-05:00", False),  # Saturday
    ],
)
def test_the_morning_handoff_only_in_work_time(now: str, due: bool) -> None:
    assert morning_due(DEFAULT, None, at(now)) is due


def test_the_morning_handoff_once_and_not_after_closing_or_when_turned_off() -> None:
    now = at("2026-11-26T10:00:00-05:00")
    assert not morning_due(DEFAULT, DayRecord(THU, morning_seen_at=now), now)
    assert not morning_due(DEFAULT, DayRecord(THU, closed_at=now), now)
    assert not morning_due(settings_from({"day": {"morning_handoff": False}}), None, now)


# -- days that ended unclosed ------------------------------------------------------


def test_work_days_that_ended_without_a_record_are_written_down_as_not_closed() -> None:
    now = at("2026-11-30T10:00:00-05:00")  # Monday morning after a long weekend away
    records = {date(2026, 11, 25): DayRecord(date(2026, 11, 25), closed_at=now)}
    found = unrecorded_ends(DEFAULT, records, now)
    days = [r.day for r in found]
    assert THU in days
    assert FRI in days
    assert date(2026, 11, 25) not in days  # already recorded
    assert date(2026, 11, 28) not in days  # a day off
    assert MON not in days  # still under way
    thursday = next(r for r in found if r.day == THU)
    assert thursday.closed_at is None
    assert thursday.scheduled_end == at("2026-11-26T17:00:00-05:00")


# -- task text ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("  Call back about the referral  ", "Call back about the referral"),
        ("\t\n  ", None),
        ("", None),
        ("line one\nline two", "line one line two"),
        ("bell\x07here", "bell here"),
        ("Anruf 📞 — שלום עולם — é (e + \u0301)", "Anruf 📞 — שלום עולם — é (e + \u0301)"),
    ],
)
def test_task_text_is_kept_as_typed_apart_from_blank_space(typed: str, kept: str | None) -> None:
    assert clean_task_text(typed) == kept


def test_a_task_of_the_longest_length_is_kept_whole_and_one_more_is_refused() -> None:
    assert clean_task_text("x" * MAX_TASK_CHARS) == "x" * MAX_TASK_CHARS
    with pytest.raises(TaskTextError, match=r"2,001 \(1 too many\)"):
        clean_task_text("x" * (MAX_TASK_CHARS + 1))


def test_pasted_lines_become_tasks_and_blank_lines_are_ignored() -> None:
    assert split_task_lines("one\n\n  \ntwo\r\nthree  ") == ["one", "two", "three"]


@given(st.text(max_size=MAX_TASK_CHARS))
def test_cleaned_text_is_never_blank_never_longer_and_has_no_control_characters(
    text: str,
) -> None:
    cleaned = clean_task_text(text)
    if cleaned is None:
        assert not text.strip() or all(not ch.isprintable() or ch.isspace() for ch in text)
        return
    assert cleaned.strip() == cleaned
    assert cleaned
    assert len(cleaned) <= len(text)
    assert not any(ch in cleaned for ch in "\n\r\t\x00")
