"""Tasks handed from one work day to the next, and the rules for their text (core).

A task belongs to the work day it is meant for (`for_day`). Until it is
checked off or dropped it stays open and carries over: on any later day it
is among "today's tasks". Text is kept as the user typed it, apart from
surrounding blank space and control characters; nothing is cut short.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from boundary_app.core.i18n import _
from boundary_app.core.settings import Settings

MAX_TASK_CHARS = 2000
# How far to look for the next work day before giving up (a year of days off).
_LOOKAHEAD_DAYS = 400


class TaskTextError(ValueError):
    """A task's text cannot be kept as it is; the message says why."""


@dataclass(frozen=True, slots=True)
class Task:
    id: int
    text: str
    for_day: date
    position: int
    done_at: datetime | None = None
    dropped_at: datetime | None = None

    @property
    def done(self) -> bool:
        return self.done_at is not None

    @property
    def is_open(self) -> bool:
        return self.done_at is None and self.dropped_at is None


def clean_task_text(text: str) -> str | None:
    """The text to keep for a task, or None for a blank line.

    Line breaks, tabs and other control characters become spaces (a task is
    one line); blank space around it goes. Raises `TaskTextError` when the
    text is longer than `MAX_TASK_CHARS`, saying by how much: it is never
    silently shortened.
    """
    one_line = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in text)
    cleaned = one_line.strip()
    if not cleaned:
        return None
    if len(cleaned) > MAX_TASK_CHARS:
        raise TaskTextError(
            _(
                "a task can hold {most} characters; this one has {length}"
                " ({over} too many). Split it into shorter tasks."
            ).format(
                most=f"{MAX_TASK_CHARS:,}",
                length=f"{len(cleaned):,}",
                over=f"{len(cleaned) - MAX_TASK_CHARS:,}",
            )
        )
    return cleaned


def split_task_lines(text: str) -> list[str]:
    """Pasted text, one task per non-blank line (each checked as `clean_task_text`)."""
    tasks = []
    for line in text.splitlines():
        cleaned = clean_task_text(line)
        if cleaned is not None:
            tasks.append(cleaned)
    return tasks


def next_workday(settings: Settings, day: date) -> date:
    """The first day after `day` with work hours (the day after, if none within a year)."""
    for ahead in range(1, _LOOKAHEAD_DAYS):
        candidate = day + timedelta(days=ahead)
        if settings.blocks_on(candidate):
            return candidate
    return day + timedelta(days=1)


def previous_workday(settings: Settings, day: date) -> date | None:
    """The last day before `day` with work hours, or None within a year."""
    for back in range(1, _LOOKAHEAD_DAYS):
        candidate = day - timedelta(days=back)
        if settings.blocks_on(candidate):
            return candidate
    return None
