"""Ordinary VEVENTs read from their text, without icalendar (integrations layer).

Building icalendar components is most of the cost of a big feed, and most
events in one are plain: a DTSTART and a DTEND or DURATION in UTC, in a zone
tzdata knows, or floating, perhaps one RRULE and some EXDATEs. `read_plain`
reads such an event from its unfolded lines and gets every value exactly as
icalendar would: the same property names, parameters, unescaping and zones.
Whatever it is not sure of it turns down (None), and the caller leaves that
event to icalendar and recurring_ical_events.

Content lines are taken only in a strict form (a token name; parameters
without backslashes and with balanced quotes), in which icalendar's lenient
parser surely splits them the same way.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from boundary_app.integrations.calendar.plain_rules import RepeatRule, read_rule

_TOKEN = re.compile(r"[A-Za-z0-9-]+")
_NAME = re.compile(r"([A-Za-z0-9-]+)([:;])")
_VALUE = r'(?:"[^"\\]*"|[^";:,\\]+)'
_LINE = re.compile(rf"([A-Za-z0-9-]+)((?:;[A-Za-z0-9-]+={_VALUE}(?:,{_VALUE})*)+):(.*)")
_PARAMETER = re.compile(rf";([A-Za-z0-9-]+)=({_VALUE}(?:,{_VALUE})*)")
_DATE_TIME = re.compile(r"[0-9]{8}T[0-9]{6}Z?")
_DATE = re.compile(r"[0-9]{8}")
_DURATION = re.compile(
    r"P(?:([0-9]{1,4})W|(?:([0-9]{1,4})D)?(?:T(?=[0-9])(?:([0-9]{1,5})H)?(?:([0-9]{1,6})M)?"
    r"(?:([0-9]{1,7})S)?)?)"
)
_UNESCAPE = re.compile(r"\\([\\,;:nN])")
# Names whose lines decide what an event is; lines with other names do not matter.
_READ = frozenset(
    {"UID", "DTSTART", "DTEND", "DURATION", "RRULE", "EXDATE", "SUMMARY", "CATEGORIES"}
    | {"STATUS", "TRANSP", "X-MICROSOFT-CDO-BUSYSTATUS", "BEGIN", "END"}
)
# Lines that make an event more than plain, at any depth. A TZID line would
# change how icalendar reads zone names (see feed_text._prefer_tzdata).
_NOT_PLAIN = frozenset({"RDATE", "EXRULE", "RECURRENCE-ID", "TZID"})
# Years far enough from datetime's limits for zone offsets and the expansion.
_FIRST_YEAR, _LAST_YEAR = 1900, 2200
_UTC = ZoneInfo("UTC")  # the object icalendar gives times written with Z

_Line = tuple[dict[str, str], str]  # parameters by upper-case name, and the raw value
# The zone a TZID parameter names, as icalendar reads it; None if not surely so.
Zones = Callable[[str], ZoneInfo | None]


@dataclass(frozen=True, slots=True)
class PlainEvent:
    """A plain event's values as icalendar reads them.

    `start` is None for an event that is never expanded: a date (all day),
    no DTSTART, several, or no end. `texts` are its non-empty SUMMARYs and
    each of its CATEGORIES, unescaped, for the session rule. `named_zone`
    says whether a TZID parameter gave one of its times a zone.
    """

    uid: str
    start: datetime | None
    end: datetime | None
    duration: timedelta | None
    rule: RepeatRule | None
    exdates: tuple[datetime, ...]
    texts: tuple[str, ...]
    busy: bool
    named_zone: bool = False


def content_line(line: str) -> tuple[str, dict[str, str], str] | None:
    """A line's upper-case name, parameters and raw value, if it has the strict form."""
    name, colon, value = line.partition(":")
    if colon and _TOKEN.fullmatch(name):
        return name.upper(), {}, value
    match = _LINE.fullmatch(line)
    if match is None:
        return None
    parameters: dict[str, str] = {}
    for key, text in _PARAMETER.findall(match.group(2)):
        key = key.upper()
        if key in parameters:
            return None  # icalendar keeps the last one; not worth the doubt
        parameters[key] = text
    return match.group(1).upper(), parameters, match.group(3)


def read_plain(block: list[str], zones: Zones) -> PlainEvent | None:
    """The VEVENT whose unfolded lines are `block`, if it is plain; else None."""
    if block[0].upper() != "BEGIN:VEVENT" or block[-1].upper() != "END:VEVENT":
        return None  # icalendar might not take it for a VEVENT
    found: dict[str, list[_Line]] = {}
    depth = 0
    for line in block[1:-1]:
        match = _NAME.match(line)
        if match is None:
            if line:  # icalendar skips empty lines; others might hide a name
                return None
            continue
        name = match.group(1).upper()
        if name not in _READ:
            if name in _NOT_PLAIN:
                return None
            continue  # the name is all icalendar takes from this line that matters
        if match.group(2) == ":":
            parameters, value = {}, line[match.end() :]
        elif (parts := content_line(line)) is not None:
            parameters, value = parts[1], parts[2]
        else:
            return None
        if name in ("BEGIN", "END"):
            # Only alarms inside: recurring_ical_events would expand a nested VEVENT.
            depth += 1 if name == "BEGIN" else -1
            if parameters or value.upper() != "VALARM" or depth not in (0, 1):
                return None
        elif not depth:
            found.setdefault(name, []).append((parameters, value))
    try:
        return _event(found, zones)
    except _NotPlain:
        return None


class _NotPlain(ValueError):
    """A value is not in a plain form."""


def _event(found: dict[str, list[_Line]], zones: Zones) -> PlainEvent:
    uid = _only(found, "UID")
    if uid is None or "\\" in uid[1] or not uid[1] or uid[1] != uid[1].strip():
        raise _NotPlain
    texts, busy = _texts(found), _busy(found)
    starts = found.get("DTSTART", [])
    if len(starts) != 1 or _is_date(starts[0]):
        return PlainEvent(uid[1], None, None, None, None, (), texts, busy)
    start = _moment(starts[0], zones)
    end, duration = _only(found, "DTEND"), _only(found, "DURATION")
    if end is not None and duration is not None:
        raise _NotPlain
    if end is None and duration is None:  # a point in time
        return PlainEvent(uid[1], None, None, None, None, (), texts, busy)
    rule = _only(found, "RRULE")
    repeat = None if rule is None else read_rule(_plain_value(rule, allowed=()))
    if rule is not None and repeat is None:
        raise _NotPlain
    exdates = tuple(
        _date_time(text, zone)
        for line in found.get("EXDATE", [])
        for zone in [_zone(line, zones)]
        for text in line[1].split(",")
    )
    named_zone = any(
        "TZID" in parameters
        for name in ("DTSTART", "DTEND", "EXDATE")
        for parameters, _ in found.get(name, [])
    )
    return PlainEvent(
        uid[1],
        start,
        None if end is None else _moment(end, zones),
        None if duration is None else _duration(_plain_value(duration, allowed=())),
        repeat,
        exdates,
        texts,
        busy,
        named_zone,
    )


def _only(found: dict[str, list[_Line]], name: str) -> _Line | None:
    lines = found.get(name, [])
    if len(lines) > 1:
        raise _NotPlain
    if lines and "VALUE" in lines[0][0]:
        raise _NotPlain  # another value type
    return lines[0] if lines else None


def _plain_value(line: _Line, allowed: tuple[str, ...]) -> str:
    if any(key not in allowed for key in line[0]):
        raise _NotPlain
    return line[1]


def _texts(found: dict[str, list[_Line]]) -> tuple[str, ...]:
    texts = [_unescape(value) for value in _values(found, "SUMMARY")]
    texts = [text for text in texts if text]
    for value in _values(found, "CATEGORIES"):
        texts += split_categories(value)
    return tuple(texts)


def _busy(found: dict[str, list[_Line]]) -> bool:
    # Several lines of a name are a list to icalendar, which the rule ignores.
    status = _values(found, "STATUS")
    if len(status) == 1 and _unescape(status[0]).strip().upper() == "CANCELLED":
        return False
    transparency = _values(found, "TRANSP")
    if len(transparency) == 1 and _unescape(transparency[0]).strip().upper() == "TRANSPARENT":
        return False
    # icalendar keeps unknown X- values verbatim, without unescaping.
    outlook = _values(found, "X-MICROSOFT-CDO-BUSYSTATUS")
    return not (len(outlook) == 1 and outlook[0].strip().upper() == "FREE")


def _values(found: dict[str, list[_Line]], name: str) -> list[str]:
    lines = found.get(name)
    if not lines:
        return []
    if any("VALUE" in parameters or "ENCODING" in parameters for parameters, _ in lines):
        raise _NotPlain
    return [value for _, value in lines]


def _unescape(text: str) -> str:
    return _UNESCAPE.sub(lambda found: "\n" if found.group(1) in "nN" else found.group(1), text)


def split_categories(text: str) -> list[str]:
    """A CATEGORIES value split at its unescaped commas, each part unescaped, as icalendar does."""
    parts, current, index = [], [], 0
    while index < len(text):
        if text[index] == "\\" and index + 1 < len(text):
            current.append(text[index : index + 2])
            index += 2
            continue
        if text[index] == ",":
            parts.append(_unescape("".join(current)))
            current = []
        else:
            current.append(text[index])
        index += 1
    parts.append(_unescape("".join(current)))
    return parts


def _is_date(line: _Line) -> bool:
    parameters, value = line
    return bool(_DATE.fullmatch(value)) and parameters in ({}, {"VALUE": "DATE"})


def _zone(line: _Line, zones: Zones) -> ZoneInfo | None:
    """The zone a date-time line's TZID names; None for none (floating or UTC)."""
    parameters = line[0]
    if any(key != "TZID" for key in parameters):
        raise _NotPlain
    name = parameters.get("TZID")
    if name is None:
        return None
    zone = zones(name[1:-1] if name.startswith('"') else name)
    if zone is None:
        raise _NotPlain  # icalendar would read it some other way
    return zone


def _moment(line: _Line, zones: Zones) -> datetime:
    return _date_time(line[1], _zone(line, zones))


def _date_time(text: str, zone: ZoneInfo | None) -> datetime:
    if _DATE_TIME.fullmatch(text) is None or (zone is not None and len(text) == 16):
        raise _NotPlain  # not a plain DATE-TIME, or both a zone and Z
    try:
        moment = datetime.fromisoformat(text[:15])  # the basic form, without a zone
    except ValueError:
        raise _NotPlain from None
    if not _FIRST_YEAR <= moment.year <= _LAST_YEAR:
        raise _NotPlain
    if len(text) == 16:
        return moment.replace(tzinfo=_UTC)
    return moment if zone is None else moment.replace(tzinfo=zone)


def _duration(text: str) -> timedelta:
    match = _DURATION.fullmatch(text)
    if match is None or not any(match.groups()):
        raise _NotPlain
    weeks, days, hours, minutes, seconds = (int(part or 0) for part in match.groups())
    return timedelta(weeks=weeks, days=days, hours=hours, minutes=minutes, seconds=seconds)
