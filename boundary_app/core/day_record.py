"""What the journal remembers about one work day, as the planner needs it (core)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True, slots=True)
class DayRecord:
    """A work day (the date its first block starts) and when it was closed.

    After `closed_at` ("I'm done for the day") the day plans no more nudges.
    """

    day: date
    closed_at: datetime | None = None

    def __post_init__(self) -> None:
        if self.closed_at is not None and self.closed_at.tzinfo is None:
            raise ValueError("closed_at must be an aware datetime")


def closing_times(records: Iterable[DayRecord]) -> dict[date, datetime]:
    """When each closed day was closed, by its date."""
    return {r.day: r.closed_at for r in records if r.closed_at is not None}
