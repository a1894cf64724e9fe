"""Small builders shared by the tests."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from boundary_app.core.nudge import Nudge
from boundary_app.core.planner import plan
from boundary_app.core.sessions import Session
from boundary_app.core.settings import Settings
from boundary_app.core.settings_schema import parse_settings
from boundary_app.core.wall import start_of_day


def settings_from(data: dict[str, Any], zone: str = "America/New_York") -> Settings:
    return parse_settings({"timezone": zone, **data}, system_zone=ZoneInfo("UTC"))


def plan_days(
    settings: Settings, first: date, last: date, sessions: list[Session] | None = None
) -> list[Nudge]:
    """The nudges from the start of `first` to the end of `last`, in the settings' zone."""
    start = start_of_day(first, settings.zone)
    end = start_of_day(last + timedelta(days=1), settings.zone)
    return plan(settings, sessions or [], {}, start, end)


def pairs(nudges: list[Nudge]) -> list[tuple[str, str]]:
    return [(n.kind.value, n.at.isoformat()) for n in nudges]


def at(text: str) -> datetime:
    """An aware instant from ISO text with an offset."""
    value = datetime.fromisoformat(text)
    assert value.tzinfo is not None
    return value
