"""The user's settings as frozen values, and their defaults (core).

Reading them from a file and checking them lives in `core.settings_schema`;
the file itself belongs to `storage`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time
from enum import StrEnum
from functools import cached_property
from zoneinfo import ZoneInfo

from boundary_app.core.integration_settings import CalendarRules, MailRules
from boundary_app.core.wall import format_hhmm
from boundary_app.core.wellbeing_settings import EnergyRules, OutsideWork, SupervisionRules

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def weekday_number(name: str) -> int | None:
    """0 for Monday .. 6 for Sunday, from a full or three-letter name in any case."""
    folded = name.strip().casefold()
    for number, full in enumerate(WEEKDAYS):
        if folded in (full, full[:3]):
            return number
    return None


@dataclass(frozen=True, order=True)
class Block:
    """A span of wall time. An end not after the start runs overnight."""

    start: time
    end: time

    @property
    def overnight(self) -> bool:
        return self.end <= self.start

    def text(self) -> str:
        """As written in the settings file; an end at midnight reads "24:00"."""
        end = "24:00" if self.end == time(0, 0) else format_hhmm(self.end)
        return f"{format_hhmm(self.start)}-{end}"


@dataclass(frozen=True)
class Break:
    """A protected break, on the given weekdays (0 = Monday)."""

    name: str
    days: frozenset[int]
    span: Block


@dataclass(frozen=True)
class DateException:
    """A date with other hours than the week gives; no blocks means a day off."""

    day: date
    blocks: tuple[Block, ...]
    name: str = ""


class Cues(StrEnum):
    """How a nudge shows itself during a client session."""

    ICON = "icon"
    QUIET = "quiet"
    CHIME = "chime"


@dataclass(frozen=True)
class SessionRules:
    length_min: int = 50
    wrapup_lead_min: int = 10
    overrun_after_min: int = 5
    cues: Cues = Cues.QUIET
    presets_min: tuple[int, ...] = (30, 45, 50, 53, 60)
    midpoint: bool = True  # a cue halfway through


@dataclass(frozen=True)
class DayRules:
    wrapup_lead_min: int = 30
    overtime_after_min: int = 15
    max_snoozes: int = 2  # how often "Not yet" may put off the end-of-day window
    morning_handoff: bool = True  # show yesterday's tasks when a work day starts
    quiet_evenings: bool = False  # ask the desktop for do-not-disturb outside work


@dataclass(frozen=True)
class EmailRules:
    windows: tuple[time, ...] = ()


_NINE_TO_FIVE = (Block(time(9, 0), time(17, 0)),)
DEFAULT_WEEK: tuple[tuple[Block, ...], ...] = (_NINE_TO_FIVE,) * 5 + ((), ())
DEFAULT_BREAKS: tuple[Break, ...] = (
    Break("Lunch", frozenset(range(5)), Block(time(12, 0), time(13, 0))),
)


@dataclass(frozen=True)
class Settings:
    """Everything the planner needs to know about the user's hours.

    `timezone` is the name written in the file (None: use the system's);
    `zone` is the zone in force, resolved when the settings were read.
    `breaks_are_default` marks the built-in lunch, which applies only on
    days where it fits inside the hours.
    """

    zone: ZoneInfo
    timezone: str | None = None
    week: tuple[tuple[Block, ...], ...] = DEFAULT_WEEK
    breaks: tuple[Break, ...] = DEFAULT_BREAKS
    breaks_are_default: bool = True
    sessions: SessionRules = field(default_factory=SessionRules)
    day: DayRules = field(default_factory=DayRules)
    email: EmailRules = field(default_factory=EmailRules)
    exceptions: tuple[DateException, ...] = ()
    calendar: CalendarRules = field(default_factory=CalendarRules)
    mail: MailRules = field(default_factory=MailRules)
    energy: EnergyRules = field(default_factory=EnergyRules)
    supervision: SupervisionRules = field(default_factory=SupervisionRules)
    outside_work: OutsideWork = field(default_factory=OutsideWork)

    @cached_property
    def _exceptions_by_date(self) -> dict[date, DateException]:
        return {exc.day: exc for exc in self.exceptions}

    def exception_on(self, day: date) -> DateException | None:
        return self._exceptions_by_date.get(day)

    def blocks_on(self, day: date) -> tuple[Block, ...]:
        """The work blocks that start on `day`, from an exception or the week."""
        exc = self._exceptions_by_date.get(day)
        if exc is not None:
            return exc.blocks
        return self.week[day.weekday()]
