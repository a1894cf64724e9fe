"""The one-line status and the pretend clock used for trials."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from boundary_app.core.clock import FixedClock, PretendClock
from boundary_app.core.day_state import DayState, Status
from boundary_app.core.nudge import Nudge, NudgeKind
from boundary_app.core.sessions import Session
from boundary_app.core.status_text import describe, duration
from tests.helpers import at

NY = ZoneInfo("America/New_York")


def test_in_session_says_how_far_and_what_comes_next() -> None:
    session = Session(at("2026-12-03T10:00:00-05:00"), timedelta(minutes=50))
    now = at("2026-12-03T10:32:30-05:00")
    cue = Nudge(NudgeKind.SESSION_WRAPUP, at("2026-12-03T10:40:00-05:00"), "Begin", "")
    status = Status(DayState.IN_SESSION, at("2026-12-03T11:50:00-05:00"))
    text = describe(status, now, NY, session=session, next_nudge=cue)
    assert text == "In session \u00b7 32 of 50 min \u00b7 wrap-up at 10:40"


def test_an_overrunning_session_says_how_far_over() -> None:
    session = Session(at("2026-12-03T10:00:00-05:00"), timedelta(minutes=50))
    now = at("2026-12-03T10:57:00-05:00")
    status = Status(DayState.IN_SESSION, None)
    assert describe(status, now, NY, session=session) == "In session \u00b7 7 min over"


def test_other_states_say_until_when_and_the_next_nudge_and_a_pause() -> None:
    now = at("2026-12-03T16:10:00-05:00")
    status = Status(DayState.DONE, at("2026-12-04T00:00:00-05:00"))
    following = Nudge(NudgeKind.DAY_START, at("2026-12-04T09:00:00-05:00"), "Your day", "")
    text = describe(
        status, now, NY, next_nudge=following, paused_until=at("2026-12-03T16:40:00-05:00")
    )
    assert text == (
        "Done for the day \u00b7 until tomorrow 00:00 \u00b7 next: Your day at tomorrow 09:00"
        " \u00b7 nudges paused until 16:40"
    )


@pytest.mark.parametrize(
    ("minutes", "text"), [(0, "0 min"), (45, "45 min"), (60, "1 h"), (135, "2 h 15 min")]
)
def test_duration(minutes: int, text: str) -> None:
    assert duration(timedelta(minutes=minutes)) == text


def test_pretend_clock_runs_from_its_start_at_its_speed_and_maps_back_to_real_time() -> None:
    real = FixedClock(at("2026-11-26T21:00:00+00:00"), mono=1000.0)
    pretend = PretendClock(at("2026-11-27T16:58:00-05:00"), speed=60, base=real)
    assert pretend.now() == at("2026-11-27T16:58:00-05:00")
    real.advance(timedelta(seconds=2))
    assert pretend.now() == at("2026-11-27T17:00:00-05:00")
    assert pretend.monotonic() == pytest.approx(1120.0)
    # 17:15 pretend is 17 pretend minutes after the start: 17 real seconds
    assert pretend.to_real(at("2026-11-27T17:15:00-05:00")) == at("2026-11-26T21:00:17+00:00")


@pytest.mark.parametrize("speed", [0, -1, 3601])
def test_pretend_clock_refuses_impossible_speeds(speed: float) -> None:
    with pytest.raises(ValueError, match="speed"):
        PretendClock(
            at("2026-11-27T16:58:00-05:00"),
            speed=speed,
            base=FixedClock(at("2026-11-26T21:00:00+00:00")),
        )
