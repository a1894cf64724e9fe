"""Client sessions and the cues that pace them (core).

A session runs from its start for its planned length. Cues: midpoint, begin
wrap-up (a lead before the end), end, and overrun (a while after the end if
the session is still open). Cues never carry private text: the screen may be
shared with a client.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import NamedTuple

from boundary_app.core.settings import SessionRules

# A session nobody ended counts as over this long after its planned end.
FORGOTTEN_AFTER = timedelta(minutes=60)


@dataclass(frozen=True, slots=True)
class Session:
    """A client session: aware start, planned length, and when it ended, if it did.

    Instants are kept in UTC so that adding a length is real time even when
    the caller passed a wall time in a zone with DST.
    """

    start: datetime
    length: timedelta
    ended_at: datetime | None = None

    def __post_init__(self) -> None:
        if self.start.tzinfo is None:
            raise ValueError("a session's start must be an aware datetime")
        if self.length <= timedelta(0):
            raise ValueError("a session's length must be positive")
        object.__setattr__(self, "start", self.start.astimezone(UTC))
        if self.ended_at is not None:
            if self.ended_at.tzinfo is None:
                raise ValueError("a session's end must be an aware datetime")
            object.__setattr__(self, "ended_at", self.ended_at.astimezone(UTC))

    @property
    def planned_end(self) -> datetime:
        return self.start + self.length

    @property
    def over_at(self) -> datetime:
        """When the session stops counting as in progress."""
        if self.ended_at is not None:
            return self.ended_at
        return self.planned_end + FORGOTTEN_AFTER

    @property
    def busy_until(self) -> datetime:
        """The end a planner should expect: when it ended, else its planned end."""
        return self.ended_at if self.ended_at is not None else self.planned_end

    def is_open_at(self, now: datetime) -> bool:
        return self.start <= now < self.over_at


class Cue(NamedTuple):
    name: str  # midpoint | wrapup | end | overrun
    offset: timedelta  # from the session's start, in real time
    minutes_left: int


@lru_cache(maxsize=64)
def cue_offsets(length: timedelta, rules: SessionRules) -> tuple[Cue, ...]:
    """The cues of any session of `length`, as real-time offsets from its start.

    A wrap-up lead as long as the session itself gives no wrap-up cue; a
    midpoint at or after the wrap-up cue is left out as noise, and all
    midpoints when the user turned them off.
    """
    cues: list[Cue] = []
    wrapup = length - timedelta(minutes=rules.wrapup_lead_min) if rules.wrapup_lead_min else None
    if wrapup is not None and wrapup <= timedelta(0):
        wrapup = None
    midpoint = length / 2
    if rules.midpoint and (wrapup is None or midpoint < wrapup):
        cues.append(Cue("midpoint", midpoint, _minutes(length - midpoint)))
    if wrapup is not None:
        cues.append(Cue("wrapup", wrapup, rules.wrapup_lead_min))
    cues.append(Cue("end", length, 0))
    if rules.overrun_after_min:
        cues.append(Cue("overrun", length + timedelta(minutes=rules.overrun_after_min), 0))
    return tuple(cues)


def _minutes(delta: timedelta) -> int:
    return round(delta.total_seconds() / 60)
