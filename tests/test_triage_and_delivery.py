"""What is shown when nudges come due, and how: late ones judged, sessions kept safe."""

from __future__ import annotations

from datetime import timedelta

import pytest

from boundary_app.core.day_state import DayState
from boundary_app.core.delivery import DONE, END_SESSION, NOTES, SNOOZE, delivery
from boundary_app.core.nudge import Nudge, NudgeKind
from boundary_app.core.settings import Cues
from boundary_app.core.triage import triage
from tests.helpers import at

NOW = at("2026-12-03T17:40:00-05:00")


def nudge(kind: NudgeKind, minutes_ago: float, title: str = "t", body: str = "b") -> Nudge:
    return Nudge(kind, NOW - timedelta(minutes=minutes_ago), title, body)


def test_on_time_nudges_are_all_shown() -> None:
    due = [nudge(NudgeKind.SESSION_END, 0.5), nudge(NudgeKind.EMAIL_WINDOW, 0.5)]
    result = triage(due, NOW, DayState.WORKING, in_session=True)
    assert result.show == due
    assert result.missed == []


def test_after_a_sleep_only_the_latest_handoff_nudge_is_shown() -> None:
    wrapup = nudge(NudgeKind.DAY_WRAPUP, 70)
    end = nudge(NudgeKind.DAY_END, 40)
    overtime = nudge(NudgeKind.DAY_OVERTIME, 25)
    email = nudge(NudgeKind.EMAIL_WINDOW, 90)
    result = triage([wrapup, end, overtime, email], NOW, DayState.OFF_HOURS, in_session=False)
    assert result.show == [overtime]
    assert sorted(result.missed) == sorted([wrapup, end, email])


def test_an_on_time_nudge_makes_its_late_family_missed() -> None:
    # After a 90 s sleep the day's end is on time and its wrap-up 80 s late:
    # the end says it all; another family's late nudge is judged on its own.
    wrapup = nudge(NudgeKind.DAY_WRAPUP, 80 / 60)
    end = nudge(NudgeKind.DAY_END, 10 / 60)
    email = nudge(NudgeKind.EMAIL_WINDOW, 80 / 60)
    result = triage([wrapup, end, email], NOW, DayState.WRAP_UP, in_session=False)
    assert result.show == [email, end]
    assert result.missed == [wrapup]


def test_session_cues_for_a_session_that_is_over_are_missed_not_shown() -> None:
    cues = [nudge(NudgeKind.SESSION_WRAPUP, 20), nudge(NudgeKind.SESSION_END, 10)]
    result = triage(cues, NOW, DayState.WORKING, in_session=False)
    assert result.show == []
    assert result.missed == cues


def test_a_late_session_cue_is_shown_while_the_session_is_still_open() -> None:
    cues = [nudge(NudgeKind.SESSION_MIDPOINT, 12), nudge(NudgeKind.SESSION_WRAPUP, 2)]
    result = triage(cues, NOW, DayState.IN_SESSION, in_session=True)
    assert result.show == [cues[1]]
    assert result.missed == [cues[0]]


@pytest.mark.parametrize(
    ("kind", "minutes_ago", "state", "shown"),
    [
        (NudgeKind.DAY_END, 40, DayState.DONE, False),  # the day was closed meanwhile
        (NudgeKind.DAY_END, 5 * 60, DayState.OFF_HOURS, True),
        (NudgeKind.DAY_END, 7 * 60, DayState.OFF_HOURS, False),
        (NudgeKind.EMAIL_WINDOW, 10, DayState.WORKING, True),
        (NudgeKind.EMAIL_WINDOW, 10, DayState.OFF_HOURS, False),  # never in the evening
        (NudgeKind.EMAIL_WINDOW, 45, DayState.WORKING, False),
        (NudgeKind.SUPERVISION_REMINDER, 10, DayState.WORKING, True),
        (NudgeKind.SUPERVISION_REMINDER, 10, DayState.OFF_HOURS, False),  # not in the evening
        (NudgeKind.SUPERVISION_REMINDER, 45, DayState.WORKING, False),
        (NudgeKind.BREAK_START, 10, DayState.BREAK, True),
        (NudgeKind.BREAK_START, 10, DayState.WORKING, False),
        (NudgeKind.DAY_START, 60, DayState.WORKING, True),
        (NudgeKind.DAY_START, 60, DayState.DAY_OFF, False),
    ],
)
def test_a_late_nudge_is_shown_only_while_it_still_means_something(
    kind: NudgeKind, minutes_ago: float, state: DayState, shown: bool
) -> None:
    late = nudge(kind, minutes_ago)
    result = triage([late], NOW, state, in_session=False)
    assert (result.show == [late]) is shown
    assert (result.missed == [late]) is not shown


def test_outside_a_session_a_nudge_shows_its_own_words_and_buttons() -> None:
    d = delivery(nudge(NudgeKind.DAY_END, 0, "Time to stop", "Write it down"), False, Cues.CHIME)
    assert (d.notify, d.title, d.body, d.actions) == (
        True,
        "Time to stop",
        "Write it down",
        (DONE, SNOOZE),
    )
    assert not d.quiet
    assert not d.chime


def test_a_supervision_reminder_offers_the_notes_but_not_during_a_session() -> None:
    reminder = nudge(NudgeKind.SUPERVISION_REMINDER, 0, "Check in with A.B.", "Caseload")
    assert delivery(reminder, False, Cues.QUIET).actions == (NOTES,)
    shared = delivery(reminder, True, Cues.QUIET)
    assert "A.B." not in shared.title + shared.body
    assert shared.actions == ()


def test_in_a_session_a_private_nudge_becomes_a_neutral_line() -> None:
    private = nudge(NudgeKind.BREAK_START, 0, "Supervision with Dr Rao", "Until 13:00")
    d = delivery(private, True, Cues.QUIET)
    assert "Rao" not in d.title + d.body
    assert d.title == "Boundary"
    assert d.actions == ()
    assert d.quiet


def test_in_a_session_cues_follow_the_chosen_loudness() -> None:
    cue = nudge(NudgeKind.SESSION_WRAPUP, 0, "Begin wrapping up", "10 minutes left")
    assert delivery(cue, True, Cues.ICON).notify is False
    quiet = delivery(cue, True, Cues.QUIET)
    assert (quiet.notify, quiet.quiet, quiet.chime, quiet.actions) == (
        True,
        True,
        False,
        (END_SESSION,),
    )
    chime = delivery(cue, True, Cues.CHIME)
    assert (chime.quiet, chime.chime) == (False, True)
