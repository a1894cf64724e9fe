"""Settings read from plain data (a parsed TOML document), and written back (core).

Every problem is collected with the path of the field it concerns, so a
user sees all of them at once: ``week.friday[0]: "22:00-6:00" is not
HH:MM-HH:MM``. Nothing here touches files; `storage.settings_file` does.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from boundary_app.core.fields import FieldReader, SettingsError, overlap, type_name
from boundary_app.core.i18n import _, pgettext
from boundary_app.core.integration_schema import (
    integrations_to_data,
    read_calendar,
    read_mail,
)
from boundary_app.core.settings import (
    DEFAULT_BREAKS,
    DEFAULT_WEEK,
    WEEKDAYS,
    Block,
    Break,
    Cues,
    DateException,
    DayRules,
    EmailRules,
    SessionRules,
    Settings,
    weekday_number,
)
from boundary_app.core.wall import format_hhmm
from boundary_app.core.wellbeing_schema import (
    read_energy,
    read_outside_work,
    read_supervision,
    wellbeing_to_data,
)
from boundary_app.core.workday import DAY_MIN, block_minutes, place_break

MAX_EMAIL_WINDOWS = 24
MAX_PRESETS = 8
MAX_SNOOZES = 6
SESSION_MIN, SESSION_MAX = 5, 240


_TOP_KEYS = (
    "timezone",
    "week",
    "breaks",
    "sessions",
    "day",
    "email",
    "exceptions",
    "calendar",
    "mail",
    "energy",
    "supervision",
    "outside_work",
)


def parse_settings(data: Mapping[str, object], *, system_zone: ZoneInfo) -> Settings:
    """Settings from a parsed TOML document; raises `SettingsError` naming every field."""
    r = FieldReader()
    doc = r.table(dict(data), "", _TOP_KEYS) or {}
    timezone, zone = _timezone(r, doc, system_zone)
    week, unreadable = _week(r, doc["week"]) if "week" in doc else (DEFAULT_WEEK, set())
    breaks = _breaks(r, doc["breaks"], week, unreadable) if "breaks" in doc else DEFAULT_BREAKS
    sessions = _sessions(r, doc.get("sessions", {}))
    day = _day(r, doc.get("day", {}))
    email = _email(r, doc.get("email", {}))
    exceptions = _exceptions(r, doc.get("exceptions", []), week)
    calendar = read_calendar(r, doc.get("calendar", {}))
    mail = read_mail(r, doc.get("mail", {}))
    energy = read_energy(r, doc.get("energy", {}))
    supervision = read_supervision(r, doc.get("supervision", {}))
    outside_work = read_outside_work(r, doc.get("outside_work", {}))
    if r.problems:
        raise SettingsError(r.problems)
    return Settings(
        zone=zone,
        timezone=timezone,
        week=week,
        breaks=breaks,
        breaks_are_default="breaks" not in doc,
        sessions=sessions,
        day=day,
        email=email,
        exceptions=exceptions,
        calendar=calendar,
        mail=mail,
        energy=energy,
        supervision=supervision,
        outside_work=outside_work,
    )


def _day_word(number: int) -> str:
    """A weekday as messages about the file name it: "monday" (0 is Monday)."""
    words = (
        pgettext("weekday in a message", "monday"),
        pgettext("weekday in a message", "tuesday"),
        pgettext("weekday in a message", "wednesday"),
        pgettext("weekday in a message", "thursday"),
        pgettext("weekday in a message", "friday"),
        pgettext("weekday in a message", "saturday"),
        pgettext("weekday in a message", "sunday"),
    )
    return words[number]


def _timezone(r: FieldReader, doc: dict[str, Any], system: ZoneInfo) -> tuple[str | None, ZoneInfo]:
    if "timezone" not in doc:
        return None, system
    name = r.text(doc["timezone"], "timezone")
    if name is None:
        return None, system
    try:
        return name, ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        r.fail(
            "timezone",
            _('"{name}" is not a known IANA time zone (e.g. "Europe/Berlin")').format(name=name),
        )
        return None, system


def _week(r: FieldReader, value: object) -> tuple[tuple[tuple[Block, ...], ...], set[int]]:
    """The week, and the weekdays whose hours could not be read."""
    table = r.table(value, "week", None)
    week: list[tuple[Block, ...]] = [() for _ in WEEKDAYS]
    unreadable: set[int] = set()
    if table is None:
        return tuple(week), unreadable
    seen: dict[int, str] = {}
    fields: list[str] = [""] * 7
    for key, hours in table.items():
        number = weekday_number(key)
        if number is None:
            r.fail(f"week.{key}", _("unknown weekday (use monday..sunday or mon..sun)"))
            continue
        field = f"week.{key}"
        if number in seen:
            r.fail(
                field,
                _("{day} is given twice (also as {field})").format(
                    day=_day_word(number), field=f"week.{seen[number]}"
                ),
            )
            continue
        seen[number] = key
        fields[number] = field
        blocks = r.blocks(hours, field)
        if blocks is None:
            unreadable.add(number)
        else:
            week[number] = blocks
    for day in range(7):
        following = (day + 1) % 7
        for earlier, later in _runs_into(week[day], week[following]):
            r.fail(
                fields[following],
                _('"{block}" overlaps {field} "{other}", which runs past midnight').format(
                    block=later.text(), field=fields[day], other=earlier.text()
                ),
            )
    return tuple(week), unreadable


def _runs_into(day: tuple[Block, ...], following: tuple[Block, ...]) -> list[tuple[Block, Block]]:
    """Pairs where a block of `day` runs past midnight into a block of the day after."""
    pairs = []
    for block in day:
        if block.overnight:
            for other in following:
                o_start, o_end = block_minutes(other)
                if overlap(block_minutes(block), (o_start + DAY_MIN, o_end + DAY_MIN)):
                    pairs.append((block, other))
    return pairs


def _breaks(
    r: FieldReader, value: object, week: tuple[tuple[Block, ...], ...], unreadable: set[int]
) -> tuple[Break, ...]:
    items = r.list_of(value, "breaks")
    breaks: list[Break] = []
    for i, item in enumerate(items or []):
        field = f"breaks[{i}]"
        table = r.table(item, field, ("name", "days", "time"))
        if table is None:
            continue
        missing = [k for k in ("name", "days", "time") if k not in table]
        for key in missing:
            r.fail(f"{field}.{key}", _("is missing"))
        if missing:
            continue
        name = r.name(table["name"], f"{field}.name")
        days = r.weekdays(table["days"], f"{field}.days")
        span = r.block(table["time"], f"{field}.time")
        if name is None or days is None or span is None:
            continue
        for day in sorted(days - unreadable):  # an unreadable day is reported already
            if not week[day]:
                r.fail(
                    f"{field}.days",
                    _("{day} has no work hours for this break").format(day=_day_word(day)),
                )
            elif all(place_break(block, span) is None for block in week[day]):
                r.fail(
                    f"{field}.time",
                    _('"{time}" on {day} lies outside every work block').format(
                        time=span.text(), day=_day_word(day)
                    ),
                )
        breaks.append(Break(name, days, span))
    return tuple(breaks)


def _minutes_fields(
    r: FieldReader, table: dict[str, Any], prefix: str, ranges: dict[str, tuple[int, int]]
) -> dict[str, int]:
    found: dict[str, int] = {}
    for key, (low, high) in ranges.items():
        if key in table:
            value = r.whole(table[key], f"{prefix}.{key}", low, high)
            if value is not None:
                found[key] = value
    return found


def _sessions(r: FieldReader, value: object) -> SessionRules:
    keys = ("length_min", "wrapup_lead_min", "overrun_after_min", "cues", "presets_min", "midpoint")
    table = r.table(value, "sessions", keys)
    if table is None:
        return SessionRules()
    ranges = {
        "length_min": (SESSION_MIN, SESSION_MAX),
        "wrapup_lead_min": (0, 120),
        "overrun_after_min": (0, 120),
    }
    found = _minutes_fields(r, table, "sessions", ranges)
    base = SessionRules()
    length = found.get("length_min", base.length_min)
    wrapup = found.get("wrapup_lead_min", base.wrapup_lead_min)
    overrun = found.get("overrun_after_min", base.overrun_after_min)
    if wrapup >= length and "wrapup_lead_min" in table:
        r.fail(
            "sessions.wrapup_lead_min",
            _("{wrapup} is not shorter than sessions.length_min ({length})").format(
                wrapup=wrapup, length=length
            ),
        )
    elif wrapup >= length:
        r.fail(
            "sessions.length_min",
            _(
                "{length} is not longer than the wrap-up lead"
                " (sessions.wrapup_lead_min, {wrapup} by default)"
            ).format(length=length, wrapup=wrapup),
        )
    cues = base.cues
    if "cues" in table:
        text = r.text(table["cues"], "sessions.cues")
        if text is not None:
            try:
                cues = Cues(text.strip().lower())
            except ValueError:
                r.fail(
                    "sessions.cues",
                    _('"{text}" is not one of icon, quiet, chime').format(text=text),
                )
    presets = base.presets_min
    if "presets_min" in table:
        presets = _presets(r, table["presets_min"]) or presets
    midpoint: bool | None = base.midpoint
    if "midpoint" in table:
        midpoint = r.flag(table["midpoint"], "sessions.midpoint")
    return SessionRules(
        length, wrapup, overrun, cues, presets, base.midpoint if midpoint is None else midpoint
    )


def _presets(r: FieldReader, value: object) -> tuple[int, ...] | None:
    items = r.list_of(value, "sessions.presets_min")
    if items is None:
        return None
    if not 1 <= len(items) <= MAX_PRESETS:
        r.fail(
            "sessions.presets_min",
            _("give 1 to {most} lengths, not {count}").format(most=MAX_PRESETS, count=len(items)),
        )
        return None
    presets: list[int] = []
    for i, item in enumerate(items):
        minutes = r.whole(item, f"sessions.presets_min[{i}]", SESSION_MIN, SESSION_MAX)
        if minutes is not None and minutes in presets:
            r.fail(f"sessions.presets_min[{i}]", _("{value} is given twice").format(value=minutes))
        elif minutes is not None:
            presets.append(minutes)
    return tuple(presets)


def _day(r: FieldReader, value: object) -> DayRules:
    keys = (
        "wrapup_lead_min",
        "overtime_after_min",
        "max_snoozes",
        "morning_handoff",
        "quiet_evenings",
    )
    table = r.table(value, "day", keys)
    if table is None:
        return DayRules()
    ranges = {"wrapup_lead_min": (0, 240), "overtime_after_min": (0, 240)}
    found = _minutes_fields(r, table, "day", ranges)
    base = DayRules()
    snoozes: int | None = base.max_snoozes
    if "max_snoozes" in table:
        snoozes = r.whole(table["max_snoozes"], "day.max_snoozes", 0, MAX_SNOOZES, unit="")
    morning: bool | None = base.morning_handoff
    if "morning_handoff" in table:
        morning = r.flag(table["morning_handoff"], "day.morning_handoff")
    quiet: bool | None = base.quiet_evenings
    if "quiet_evenings" in table:
        quiet = r.flag(table["quiet_evenings"], "day.quiet_evenings")
    return DayRules(
        found.get("wrapup_lead_min", base.wrapup_lead_min),
        found.get("overtime_after_min", base.overtime_after_min),
        base.max_snoozes if snoozes is None else snoozes,
        base.morning_handoff if morning is None else morning,
        base.quiet_evenings if quiet is None else quiet,
    )


def _email(r: FieldReader, value: object) -> EmailRules:
    table = r.table(value, "email", ("windows",))
    if table is None or "windows" not in table:
        return EmailRules()
    items = r.list_of(table["windows"], "email.windows")
    if items is None:
        return EmailRules()
    if len(items) > MAX_EMAIL_WINDOWS:
        r.fail(
            "email.windows",
            _("{count} windows is too many (at most {most})").format(
                count=len(items), most=MAX_EMAIL_WINDOWS
            ),
        )
    windows: list[time] = []
    for i, item in enumerate(items):
        at = r.clock_time(item, f"email.windows[{i}]")
        if at is not None and at in windows:
            r.fail(
                f"email.windows[{i}]", _('"{value}" is given twice').format(value=format_hhmm(at))
            )
        elif at is not None:
            windows.append(at)
    return EmailRules(tuple(sorted(windows)))


def _exception_date(r: FieldReader, value: object, field: str) -> date | None:
    if isinstance(value, datetime):
        r.fail(
            field,
            _("expected a date without a time of day, like {example}").format(example="2026-12-24"),
        )
        return None
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value.strip()):
                return date.fromisoformat(value.strip())
        except ValueError:
            pass
        r.fail(
            field,
            _('"{value}" is not a date like {example}').format(value=value, example="2026-12-24"),
        )
        return None
    r.fail(
        field,
        _("expected a date like {example}, got {kind}").format(
            example="2026-12-24", kind=type_name(value)
        ),
    )
    return None


def _exceptions(
    r: FieldReader, value: object, week: tuple[tuple[Block, ...], ...]
) -> tuple[DateException, ...]:
    items = r.list_of(value, "exceptions")
    found: dict[date, DateException] = {}
    first_field: dict[date, str] = {}
    for i, item in enumerate(items or []):
        field = f"exceptions[{i}]"
        table = r.table(item, field, ("date", "hours", "name"))
        if table is None:
            continue
        for key in ("date", "hours"):
            if key not in table:
                r.fail(
                    f"{field}.{key}",
                    _("is missing (use hours = [] for a day off)")
                    if key == "hours"
                    else _("is missing"),
                )
        if "date" not in table or "hours" not in table:
            continue
        day = _exception_date(r, table["date"], f"{field}.date")
        blocks = r.blocks(table["hours"], f"{field}.hours")
        name = r.name(table["name"], f"{field}.name") if "name" in table else ""
        if day is None or blocks is None or name is None:
            continue
        if day in found:
            r.fail(
                f"{field}.date",
                _("{date} is already given in {field}").format(
                    date=day.isoformat(), field=first_field[day]
                ),
            )
            continue
        found[day] = DateException(day, blocks, name)
        first_field[day] = field

    def hours(day: date) -> tuple[Block, ...]:
        return found[day].blocks if day in found else week[day.weekday()]

    for day, field in first_field.items():
        before, after = day - timedelta(days=1), day + timedelta(days=1)
        for earlier, later in _runs_into(hours(before), found[day].blocks):
            r.fail(
                f"{field}.hours",
                _('"{block}" overlaps "{other}" of {date}, which runs past midnight').format(
                    block=later.text(), other=earlier.text(), date=before.isoformat()
                ),
            )
        for earlier, later in _runs_into(found[day].blocks, hours(after)):
            if after not in found:  # a clash with another exception is reported there
                r.fail(
                    f"{field}.hours",
                    _('"{block}" runs past midnight into "{other}" of {date}').format(
                        block=earlier.text(), other=later.text(), date=after.isoformat()
                    ),
                )
    return tuple(sorted(found.values(), key=lambda e: e.day))


def settings_to_data(settings: Settings) -> dict[str, Any]:
    """A TOML-ready document that `parse_settings` reads back as the same settings."""
    data: dict[str, Any] = {}
    if settings.timezone is not None:
        data["timezone"] = settings.timezone
    data["week"] = {
        WEEKDAYS[n]: [b.text() for b in blocks] for n, blocks in enumerate(settings.week) if blocks
    }
    if not settings.breaks_are_default:
        data["breaks"] = [
            {
                "name": b.name,
                "days": [WEEKDAYS[d][:3] for d in sorted(b.days)],
                "time": b.span.text(),
            }
            for b in settings.breaks
        ]
    s = settings.sessions
    data["sessions"] = {
        "length_min": s.length_min,
        "wrapup_lead_min": s.wrapup_lead_min,
        "overrun_after_min": s.overrun_after_min,
        "cues": s.cues.value,
        "presets_min": list(s.presets_min),
        "midpoint": s.midpoint,
    }
    data["day"] = {
        "wrapup_lead_min": settings.day.wrapup_lead_min,
        "overtime_after_min": settings.day.overtime_after_min,
        "max_snoozes": settings.day.max_snoozes,
        "morning_handoff": settings.day.morning_handoff,
        "quiet_evenings": settings.day.quiet_evenings,
    }
    data["email"] = {"windows": [format_hhmm(t) for t in settings.email.windows]}
    exceptions: list[dict[str, Any]] = []
    for exc in settings.exceptions:
        entry: dict[str, Any] = {"date": exc.day, "hours": [b.text() for b in exc.blocks]}
        if exc.name:
            entry["name"] = exc.name
        exceptions.append(entry)
    if exceptions:
        data["exceptions"] = exceptions
    data.update(integrations_to_data(settings.calendar, settings.mail))
    wellbeing = (settings.energy, settings.supervision, settings.outside_work)
    data.update(wellbeing_to_data(*wellbeing, every=False))
    return data
