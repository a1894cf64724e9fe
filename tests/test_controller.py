"""The live state: sessions, pauses and closing the day change state and plan."""

from __future__ import annotations

from datetime import timedelta

import pytest
from pytestqt.qtbot import QtBot

from boundary_app.app.controller import Controller
from boundary_app.core.clock import FixedClock
from boundary_app.core.day_state import DayState
from boundary_app.core.nudge import Nudge, NudgeKind
from boundary_app.storage.journal import Journal
from tests.helpers import at, settings_from


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(at("2026-12-03T10:00:00-05:00"))


@pytest.fixture
def controller(qtbot: QtBot, clock: FixedClock, journal: Journal) -> Controller:
    c = Controller(settings_from({"email": {"windows": ["10:20", "15:00"]}}), clock, journal)
    c.replan("test")
    return c


def kinds(nudges: list[Nudge]) -> list[str]:
    return [n.kind.value for n in nudges]


def test_starting_and_ending_a_session(
    controller: Controller, clock: FixedClock, qtbot: QtBot
) -> None:
    assert controller.status().state is DayState.WORKING
    with qtbot.waitSignal(controller.plan_changed) as planned:
        controller.start_session(50)
    assert controller.status().state is DayState.IN_SESSION
    plan = planned.args[0]
    assert kinds(plan)[:5] == [
        "session.midpoint",
        "session.wrapup",
        "session.end",
        "email.window",  # 10:20 moved to the session's end
        "session.overrun",
    ]
    clock.advance(timedelta(minutes=30))
    assert "30 of 50 min" in controller.describe()
    with qtbot.waitSignal(controller.plan_changed) as planned:
        assert controller.end_session()
    assert controller.status().state is DayState.WORKING
    assert not any(n.kind.is_session_cue for n in planned.args[0])
    assert controller.end_session() is False  # nothing open any more


def test_a_pause_silences_nudges_until_it_ends(controller: Controller, clock: FixedClock) -> None:
    clock.instant = at("2026-12-03T11:50:00-05:00")  # lunch starts at 12:00, inside the pause
    until = controller.pause(30)
    assert until == at("2026-12-03T12:20:00-05:00")
    assert "break.start" not in kinds(controller.upcoming(3))
    assert controller.upcoming(1)[0].at >= until
    assert "nudges paused until 12:20" in controller.describe()
    controller.resume()
    assert controller.upcoming(1)[0].kind is NudgeKind.BREAK_START


def test_pause_until_tomorrow_lets_tomorrows_day_start_through(
    controller: Controller,
) -> None:
    controller.pause(None)
    nxt = controller.upcoming(1)[0]
    assert (nxt.kind, nxt.at.isoformat()) == ("day.start", "2026-12-04T09:00:00-05:00")


def test_closing_the_day_ends_todays_nudges(
    controller: Controller, clock: FixedClock, qtbot: QtBot
) -> None:
    clock.instant = at("2026-12-03T16:40:00-05:00")
    controller.replan()
    assert kinds(controller.upcoming(2)) == ["day.end", "day.overtime"]
    with qtbot.waitSignal(controller.day_closed) as closed:
        controller.close_day()
    assert closed.args[0].isoformat() == "2026-12-03"
    assert controller.status().state is DayState.DONE
    assert controller.is_day_closed()
    assert kinds(controller.upcoming(1)) == ["day.start"]


def test_an_overnight_day_closed_after_midnight_is_still_that_day(
    qtbot: QtBot, journal: Journal
) -> None:
    clock = FixedClock(at("2026-12-05T05:50:00-05:00"))
    controller = Controller(settings_from({"week": {"friday": ["22:00-06:00"]}}), clock, journal)
    assert controller.current_workday().isoformat() == "2026-12-04"


def test_snoozing_brings_a_nudge_back_later(controller: Controller, clock: FixedClock) -> None:
    clock.instant = at("2026-12-03T17:00:00-05:00")
    end = Nudge(NudgeKind.DAY_END, clock.instant, "Time to stop", "")
    controller.snooze(end, 5)
    assert (controller.upcoming(1)[0].kind, controller.upcoming(1)[0].at) == (
        NudgeKind.DAY_END,
        at("2026-12-03T17:05:00-05:00"),
    )


def test_due_nudges_are_judged_before_they_are_shown(
    controller: Controller, clock: FixedClock, qtbot: QtBot
) -> None:
    clock.instant = at("2026-12-03T18:30:00-05:00")  # woke up long after the day ended
    batch = [
        Nudge(NudgeKind.DAY_WRAPUP, at("2026-12-03T16:30:00-05:00"), "a", ""),
        Nudge(NudgeKind.DAY_END, at("2026-12-03T17:00:00-05:00"), "b", ""),
        Nudge(NudgeKind.EMAIL_WINDOW, at("2026-12-03T15:00:00-05:00"), "c", ""),
    ]
    with (
        qtbot.waitSignal(controller.nudges_ready) as ready,
        qtbot.waitSignal(controller.nudges_missed) as missed,
    ):
        controller.on_nudges_due(batch)
    assert [n.title for n in ready.args[0]] == ["b"]
    assert sorted(n.title for n in missed.args[0]) == ["a", "c"]


@pytest.mark.parametrize("minutes", [0, 601])
def test_impossible_session_lengths_are_refused(controller: Controller, minutes: int) -> None:
    with pytest.raises(ValueError, match="not possible"):
        controller.start_session(minutes or -5)


def test_each_nudge_is_shown_once_even_across_a_restart(
    controller: Controller, clock: FixedClock, journal: Journal, qtbot: QtBot
) -> None:
    email = next(n for n in controller.plan if n.kind is NudgeKind.EMAIL_WINDOW)
    clock.advance(email.at - clock.now())
    with qtbot.waitSignal(controller.nudges_ready) as ready:
        controller.on_nudges_due([email])
    assert ready.args[0] == [email]
    again = Controller(controller.settings, clock, journal)  # the app started anew
    with qtbot.assertNotEmitted(again.nudges_ready):
        again.on_nudges_due([email])
        controller.on_nudges_due([email])
    controller.record_outcome(email, "acted")
    (logged,) = journal.nudge_log_since(email.at)
    assert (logged.kind, logged.planned_at, logged.outcome) == ("email.window", email.at, "acted")


def test_missed_and_snoozed_nudges_are_in_the_log(
    controller: Controller, clock: FixedClock, journal: Journal
) -> None:
    clock.instant = at("2026-12-03T18:30:00-05:00")
    wrapup = Nudge(NudgeKind.DAY_WRAPUP, at("2026-12-03T16:30:00-05:00"), "a", "")
    end = Nudge(NudgeKind.DAY_END, at("2026-12-03T17:00:00-05:00"), "b", "")
    controller.on_nudges_due([wrapup, end])
    controller.snooze(end, 10)
    log = {(e.kind, e.outcome) for e in journal.nudge_log_since(at("2026-12-03T00:00:00-05:00"))}
    assert log == {("day.wrapup", "missed"), ("day.end", "snoozed")}


def test_sessions_and_closed_days_outlive_a_restart(
    controller: Controller, clock: FixedClock, journal: Journal
) -> None:
    controller.start_session(50)
    clock.advance(timedelta(minutes=20))
    again = Controller(controller.settings, clock, journal)
    assert again.status().state is DayState.IN_SESSION
    clock.advance(timedelta(minutes=5))
    again.end_session()
    ((_, session, source),) = journal.sessions_since(clock.now() - timedelta(hours=1))
    assert (session.ended_at, source) == (clock.now(), "manual")
    again.close_day()
    third = Controller(controller.settings, clock, journal)
    assert third.status().state is DayState.DONE
    assert third.is_day_closed()


def test_a_journal_that_cannot_be_written_is_reported_and_the_app_carries_on(
    controller: Controller, journal: Journal, qtbot: QtBot
) -> None:
    journal._db.execute("PRAGMA query_only = ON")  # every write now fails
    with qtbot.waitSignal(controller.not_saved) as not_saved:
        controller.start_session(50)
    assert "could not save the session" in not_saved.args[0]
    assert controller.status().state is DayState.IN_SESSION


def test_a_snoozed_end_of_day_is_silent_once_the_day_is_closed(
    controller: Controller, clock: FixedClock
) -> None:
    clock.instant = at("2026-12-03T17:00:00-05:00")
    end = Nudge(NudgeKind.DAY_END, clock.instant, "Time to stop", "")
    controller.snooze(end, 10)
    clock.advance(timedelta(minutes=1))
    controller.close_day()
    tonight = [n for n in controller.plan if n.at < at("2026-12-04T00:00:00-05:00")]
    assert [n.kind.value for n in tonight] == []
