"""Settings of the optional well-being tools: energy checks, supervision, outside work (core).

All are off or empty by default. Reading them from the file and checking
them lives in `core.wellbeing_schema`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

# Weeks are counted from this Monday unless the user names a date.
WEEKS_FROM = date(2024, 1, 1)
# Inside `SupervisionRules` the field `time` hides the type `time`: these stand in.
_WallTime = time
_SUPERVISION_AT = time(14, 0)
_CHECKIN_AT = time(10, 0)


@dataclass(frozen=True)
class EnergyRules:
    """Ask "how did that session leave you?" when a session ends; tags are the user's own."""

    enabled: bool = False
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Supervisee:
    """Someone the user supervises, by initials only, with a check-in every `every_weeks`.

    The reminder comes on `weekday` (0 = Monday) at `SupervisionRules.checkin_time`.
    """

    initials: str
    every_weeks: int = 2
    weekday: int = 0


@dataclass(frozen=True)
class SupervisionRules:
    """The user's own supervision or peer consultation, and the people they supervise.

    With `enabled`, a reminder comes `lead_min` before `time` on `weekday`
    (0 = Monday) every `every_weeks` weeks, the weeks counted from the week
    of `weeks_from`. Reminders fall only inside work time.
    """

    enabled: bool = False
    weekday: int = 3
    time: _WallTime = _SUPERVISION_AT
    every_weeks: int = 2
    weeks_from: date = WEEKS_FROM
    lead_min: int = 15
    checkin_time: _WallTime = _CHECKIN_AT
    supervisees: tuple[Supervisee, ...] = ()


@dataclass(frozen=True)
class OutsideWork:
    """What the user means to do with their evenings; the end-of-day window shows one."""

    intentions: tuple[str, ...] = ()
