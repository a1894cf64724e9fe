"""The one door through which the current time enters the program (core).

Everything else takes `now` as an argument or a `Clock`; this is the only
module that reads the system clock. A clock also converts an instant of its
own time into a real one, so a scheduler running on real time can wait for
a pretend time (`PretendClock`, for trials, demos and desktop tests).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Tells the current instant (aware, UTC) and a monotonic reading."""

    def now(self) -> datetime: ...

    def monotonic(self) -> float: ...

    def to_real(self, instant: datetime) -> datetime:
        """The real instant at which this clock will show `instant`."""
        ...


class SystemClock:
    """The real clock of this machine."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    def monotonic(self) -> float:
        return time.monotonic()

    def to_real(self, instant: datetime) -> datetime:
        return instant


@dataclass
class FixedClock:
    """A clock that stands still until told to move; for tests and previews."""

    instant: datetime
    mono: float = 0.0

    def __post_init__(self) -> None:
        if self.instant.tzinfo is None:
            raise ValueError("FixedClock needs an aware datetime")

    def now(self) -> datetime:
        return self.instant

    def monotonic(self) -> float:
        return self.mono

    def to_real(self, instant: datetime) -> datetime:
        return instant

    def advance(self, delta: timedelta) -> None:
        """Move both readings on by `delta`, as time passing would."""
        self.instant += delta
        self.mono += delta.total_seconds()


@dataclass
class PretendClock:
    """Runs from a chosen instant, `speed` times as fast as the real clock.

    Both readings scale, so a comparison of wall and monotonic time still
    sees a real clock jump as a jump.
    """

    start: datetime
    speed: float = 1.0
    base: Clock = field(default_factory=SystemClock)

    def __post_init__(self) -> None:
        if self.start.tzinfo is None:
            raise ValueError("PretendClock needs an aware start")
        if not 0 < self.speed <= 3600:
            raise ValueError("speed must be more than 0 and at most 3600")
        self.start = self.start.astimezone(UTC)
        self._real_anchor = self.base.now()
        self._mono_anchor = self.base.monotonic()

    def now(self) -> datetime:
        return self.start + (self.base.now() - self._real_anchor) * self.speed

    def monotonic(self) -> float:
        return self._mono_anchor + (self.base.monotonic() - self._mono_anchor) * self.speed

    def to_real(self, instant: datetime) -> datetime:
        return self._real_anchor + (instant.astimezone(UTC) - self.start) / self.speed

    @property
    def real_anchor(self) -> datetime:
        """The real instant at which this clock showed `start`."""
        return self._real_anchor
