"""Which due nudges are still worth showing (core).

A nudge normally fires on time. After a sleep, a frozen process or a clock
jump, several may come due at once, some long past. Showing them all is the
burst of stale reminders people hate in break apps; dropping them all loses
the day's handoff. The rule: per family of nudges keep only the latest, and
only if it still means something now. The rest are logged as missed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from boundary_app.core.day_state import DayState
from boundary_app.core.nudge import Nudge, NudgeKind

ON_TIME = timedelta(seconds=60)

_FAMILY = {
    NudgeKind.DAY_START: "start",
    NudgeKind.BLOCK_END: "block",
    NudgeKind.BREAK_START: "break",
    NudgeKind.EMAIL_WINDOW: "email",
    NudgeKind.DAY_WRAPUP: "handoff",
    NudgeKind.DAY_END: "handoff",
    NudgeKind.DAY_OVERTIME: "handoff",
    NudgeKind.SESSION_MIDPOINT: "session",
    NudgeKind.SESSION_WRAPUP: "session",
    NudgeKind.SESSION_END: "session",
    NudgeKind.SESSION_OVERRUN: "session",
    NudgeKind.SUPERVISION_REMINDER: "supervision",
}
_AT_WORK = {DayState.WORKING, DayState.WRAP_UP, DayState.BREAK, DayState.IN_SESSION}


@dataclass(frozen=True)
class Triage:
    show: list[Nudge]
    missed: list[Nudge]


def _still_useful(nudge: Nudge, now: datetime, state: DayState, in_session: bool) -> bool:
    late = now - nudge.at
    family = _FAMILY[nudge.kind]
    if family == "session":
        return in_session  # a cue for a session that is over helps nobody
    if family == "handoff":
        # the day's handoff still matters the same evening, unless the day is closed
        return state is not DayState.DONE and late < timedelta(hours=6)
    if family == "email":
        return state in (DayState.WORKING, DayState.WRAP_UP) and late < timedelta(minutes=30)
    if family == "break":
        return state is DayState.BREAK
    if family == "block":
        return state is DayState.OFF_HOURS and late < timedelta(minutes=30)
    if family == "start":
        return state in _AT_WORK
    # supervision: like email, a reminder belongs to work time and soon goes stale
    return state in (DayState.WORKING, DayState.WRAP_UP) and late < timedelta(minutes=30)


def triage(due: Iterable[Nudge], now: datetime, state: DayState, in_session: bool) -> Triage:
    """Split nudges that came due together into those to show and those missed.

    On-time nudges (at most `ON_TIME` late) are all shown. Of the late ones,
    each family keeps only its latest, and only if still useful in `state`
    and no on-time nudge of its family came with it (after a short sleep the
    day's end is on time and its wrap-up stale: the end says it all).
    """
    show: list[Nudge] = []
    missed: list[Nudge] = []
    latest: dict[str, Nudge] = {}
    on_time: set[str] = set()
    for nudge in sorted(due, key=lambda n: n.at):
        family = _FAMILY[nudge.kind]
        if now - nudge.at <= ON_TIME:
            show.append(nudge)
            on_time.add(family)
            continue
        if family in latest:
            missed.append(latest[family])
        latest[family] = nudge
    for family, nudge in latest.items():
        useful = family not in on_time and _still_useful(nudge, now, state, in_session)
        (show if useful else missed).append(nudge)
    show.sort(key=lambda n: n.at)
    return Triage(show, missed)
