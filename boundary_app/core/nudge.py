"""What the planner hands out: a nudge of a kind, at an instant (core)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import NamedTuple


class NudgeKind(StrEnum):
    """Every kind of nudge; the values appear in logs, settings and `plan --json`.

    The order here breaks ties between nudges planned for the same instant.
    """

    DAY_START = "day.start"
    SESSION_OVERRUN = "session.overrun"
    SESSION_END = "session.end"
    SESSION_WRAPUP = "session.wrapup"
    SESSION_MIDPOINT = "session.midpoint"
    BLOCK_END = "block.end"
    BREAK_START = "break.start"
    EMAIL_WINDOW = "email.window"
    DAY_WRAPUP = "day.wrapup"
    DAY_END = "day.end"
    DAY_OVERTIME = "day.overtime"
    SUPERVISION_REMINDER = "supervision.reminder"

    @property
    def is_session_cue(self) -> bool:
        return self.value.startswith("session.")


ORDER = {kind: i for i, kind in enumerate(NudgeKind)}


class Nudge(NamedTuple):
    """One planned nudge.

    `at` is the real instant as wall time in the user's zone with that
    moment's fixed UTC offset, so it prints as local time and still compares
    and subtracts as real time.
    """

    kind: NudgeKind
    at: datetime
    title: str
    body: str

    def as_dict(self) -> dict[str, str]:
        """The nudge as `plan --json` and `status --json` show it."""
        return {
            "at": self.at.isoformat(),
            "kind": self.kind.value,
            "title": self.title,
            "body": self.body,
        }
