"""What the journal remembers about one work day (core).

The planner needs only `closed_at`; the end-of-day window and the weekly
picture use the rest.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True, slots=True)
class DayRecord:
    """A work day (the date its first block starts) and how it ended.

    After `closed_at` ("I'm done for the day") the day plans no more nudges.
    `closed_at` None with a `scheduled_end` in the past is a day that ended
    without being closed (the app was not running, or the user was away).
    `overtime_min` counts the minutes past the scheduled end until it was
    closed; `snoozes` how often "Not yet" was chosen; `morning_seen_at`
    when the morning handoff of this day was seen.
    """

    day: date
    closed_at: datetime | None = None
    scheduled_end: datetime | None = None
    overtime_min: int = 0
    snoozes: int = 0
    went_well: str = ""
    morning_seen_at: datetime | None = None

    def __post_init__(self) -> None:
        for name in ("closed_at", "scheduled_end", "morning_seen_at"):
            value = getattr(self, name)
            if value is not None and value.tzinfo is None:
                raise ValueError(f"{name} must be an aware datetime")

    @property
    def closed(self) -> bool:
        return self.closed_at is not None


def closing_times(records: Iterable[DayRecord]) -> dict[date, datetime]:
    """When each closed day was closed, by its date."""
    return {r.day: r.closed_at for r in records if r.closed_at is not None}
