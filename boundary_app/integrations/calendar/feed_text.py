"""Feed bytes into an `icalendar.Calendar`, or a `FeedError` in plain words (integrations layer).

The framing (is it text, does it start with BEGIN:VCALENDAR, do BEGIN and
END pair up, is it cut off) is checked here before icalendar sees the data,
because icalendar's own errors quote the offending input, and that input may
be an event's title. No message from a parsing library is ever passed on.
`split_feed` gives the checked lines (`FeedLines`), which the fast path
(`plain_feed`) reads too; `parse_lines` parses them, leaving events out.

Time zones: a TZID that tzdata knows, directly or as a Windows name mapped
by CLDR's windowsZones ("W. Europe Standard Time"), is read with tzdata; any
other TZID with the feed's own VTIMEZONE; a TZID with neither is left
floating, and the caller reads it in the user's zone.
"""

from __future__ import annotations

import codecs
import logging
import re
import threading
import warnings
from collections import Counter
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import icalendar
from icalendar.timezone import tzp
from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

log = logging.getLogger(__name__)

# Component names that may be quoted in a message; anything else could be feed text.
_KNOWN_COMPONENTS = frozenset(
    {
        "VCALENDAR",
        "VEVENT",
        "VTODO",
        "VJOURNAL",
        "VFREEBUSY",
        "VTIMEZONE",
        "STANDARD",
        "DAYLIGHT",
        "VALARM",
        "VAVAILABILITY",
        "AVAILABLE",
        "VLOCATION",
        "VRESOURCE",
        "PARTICIPANT",
    }
)
_CONTENT_NAME = re.compile(r"[A-Za-z][A-Za-z0-9-]*(?=[:;])")
_DATE_VALUE = re.compile(r":(\d{4})(\d{2})(\d{2})(?:T\d{6}Z?)?\s*$")
# Lines after which the text alone does not tell when an event ends.
_NOT_SINGLE = frozenset({"RRULE", "RDATE", "EXRULE", "RECURRENCE-ID", "DURATION"})
_FOLD = re.compile(r"\r?\n[ \t]")
# Line breaks Python's splitlines sees and icalendar does not (besides a lone
# CR), and a blank after a break, which icalendar would fold into the line before.
_ODD_BREAKS = ("\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029", "\n ", "\n\t")
_ESCAPE = re.compile(r"\\(.)")
_QUOTE_CHARS = 20

# icalendar keeps every VTIMEZONE it has read in one process-wide cache keyed
# by TZID, and the first definition wins: without a reset, one feed's
# "Customized Time Zone" would be read with the offsets of another feed's.
# The reset and the parse happen under one lock; other icalendar users in
# the process (there are none today) would see the cache emptied.
_PARSE_LOCK = threading.Lock()


class FeedError(ValueError):
    """The feed cannot be read. The message says what is wrong and quotes no event text."""


def parse_feed(data: bytes) -> icalendar.Calendar:
    """The calendar in `data`; raises `FeedError` if it is not a readable iCalendar feed."""
    return read_calendar(data)


def read_calendar(
    data: bytes, keep_event: Callable[[list[str]], bool] | None = None
) -> icalendar.Calendar:
    """`parse_feed`, leaving out the VEVENTs whose unfolded lines `keep_event` turns down.

    Parsing is most of the cost of a big feed; this spares parsing events
    that cannot matter. The framing of the whole feed is checked all the same.
    """
    return parse_lines(split_feed(data), keep_event)


@dataclass(frozen=True, slots=True)
class FeedLines:
    """A feed's unfolded lines up to its END:VCALENDAR, and where its VEVENTs lie.

    `events` holds the [begin, end) line ranges of the calendar's own VEVENTs.
    `exact` says that these lines are the very lines icalendar reads once they
    are joined again: no line starts with a blank (which icalendar would fold
    into the line before) and no line break is one Python alone sees as such.
    """

    lines: list[str]
    events: list[tuple[int, int]]
    exact: bool


def split_feed(data: bytes) -> FeedLines:
    """The feed's lines after checking how it is framed; raises `FeedError`."""
    unfolded = _FOLD.sub("", _decode(data))
    lines, events = _checked_lines(unfolded.splitlines())
    exact = unfolded.count("\r") == unfolded.count("\r\n") and not any(
        odd in unfolded for odd in _ODD_BREAKS
    )
    return FeedLines(lines, events, exact)


def parse_lines(
    feed: FeedLines,
    keep_event: Callable[[list[str]], bool] | None = None,
    left_out: Collection[int] = (),
) -> icalendar.Calendar:
    """The calendar of checked lines, without the VEVENTs `keep_event` turns down.

    The events numbered in `left_out` (indexes into `feed.events`) are left
    out whatever `keep_event` says and whatever UIDs they share.
    """
    text = "\r\n".join(_kept(feed, keep_event, left_out))
    with _PARSE_LOCK, warnings.catch_warnings():
        # icalendar warns about guessed TZIDs and the like, quoting feed text.
        warnings.simplefilter("ignore")
        tzp.use_zoneinfo()  # empties the cache
        _prefer_tzdata(text)
        try:
            calendar = icalendar.Calendar.from_ical(text)
        except (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError):
            raise FeedError(
                "the feed is damaged: some of its lines are not iCalendar content lines"
            ) from None
    check_scale(calendar)
    _log_unknown_zones(calendar)
    return calendar


def _prefer_tzdata(text: str) -> None:
    """Have icalendar read zone names that tzdata knows, Windows names too, with tzdata.

    icalendar already does so for IANA names. For a Windows name it would
    build the zone from the feed's VTIMEZONE, or not, depending on which it
    met first; Outlook's VTIMEZONEs hold only the current rules and take a
    noticeable time to build, as they start in 1601.
    """
    for line in text.splitlines():
        if line[:5].upper() == "TZID:" and zone_named(line[5:]) is not None:
            tzp.timezone(line[5:].strip())  # caches the name, so the VTIMEZONE is not built


def check_scale(calendar: icalendar.Component) -> None:
    """Raise `FeedError` if the calendar does not use the Gregorian calendar."""
    if str(calendar.get("CALSCALE", "GREGORIAN")).strip().upper() != "GREGORIAN":
        raise FeedError("the feed uses a calendar scale other than Gregorian")


def zone_named(name: str) -> ZoneInfo | None:
    """The zone an IANA or Windows name ("W. Europe Standard Time") stands for, if known."""
    name = name.strip()
    key = WINDOWS_TO_OLSON.get(name, name)
    try:
        return ZoneInfo(key)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def value_of(prop: object, attribute: str = "dt") -> object:
    """A parsed property's value, or None if it is missing or could not be parsed."""
    if prop is None or isinstance(prop, icalendar.vBroken):
        return None  # a broken property raises on any attribute
    return getattr(prop, attribute, None)


def _decode(data: bytes) -> str:
    # RFC 5545 text is UTF-8. Some Windows tools write UTF-16 with a byte-order
    # mark; old Outlook writes Windows-1252, whose stray bytes only blur titles,
    # which are used for matching alone.
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", "replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", "replace")
    return data.decode("utf-8", "replace")


def _checked_lines(lines: list[str]) -> tuple[list[str], list[tuple[int, int]]]:
    """The feed's unfolded lines up to END:VCALENDAR, and its VEVENTs, after checking framing."""
    first = next((line.strip() for line in lines if line.strip()), "")
    if not first:
        raise FeedError("the feed is empty")
    if first.upper() != "BEGIN:VCALENDAR":
        hint = ""
        if first.startswith("<"):
            hint = "; the address may lead to a web page such as a sign-in page"
        raise FeedError(f"the feed is not iCalendar data (it starts with {_opening(first)}){hint}")
    stack: list[str] = []
    events: list[tuple[int, int]] = []  # where each VEVENT's lines begin and end
    for number, line in enumerate(lines):
        keyword, _, value = line.partition(":")
        keyword = keyword.strip().upper()
        if keyword not in ("BEGIN", "END"):
            continue
        name = value.strip().upper()
        if keyword == "BEGIN":
            if len(stack) == 1:
                event_from = number
            stack.append(name)
            continue
        if not stack:
            raise FeedError(f"the feed is damaged: {_end(name)} has no matching BEGIN line")
        if stack[-1] != name:
            raise FeedError(
                f"the feed is damaged: {_end(name)} comes where {_end(stack[-1])} was expected"
            )
        stack.pop()
        if len(stack) == 1 and name == "VEVENT":
            events.append((event_from, number + 1))
        elif not stack:
            _check_rest(lines[number + 1 :])
            return lines[: number + 1], events
    if len(stack) == 1:
        raise FeedError("the feed is cut off: END:VCALENDAR is missing")
    raise FeedError(f"the feed is cut off inside {_begin(stack[-1])}: END:VCALENDAR is missing")


def single_event_outside(block: list[str], first_day: date, last_day: date) -> bool:
    """Whether a VEVENT's unfolded lines are one event that surely lies outside the days.

    Read from the text before parsing, with the dates as written (wall dates
    in any zone, so callers leave a margin of days). A repeating event, an
    override, an event with a DURATION, and anything unclear count as inside.
    """
    days: dict[str, date | None] = {}
    depth = 0
    for line in block[1:-1]:
        name = _CONTENT_NAME.match(line)
        keyword = name.group().upper() if name is not None else ""
        if keyword in ("BEGIN", "END"):
            depth += 1 if keyword == "BEGIN" else -1
        elif depth:
            continue  # an alarm's properties
        elif keyword in _NOT_SINGLE or (keyword in days and keyword in ("DTSTART", "DTEND")):
            return False
        elif keyword in ("DTSTART", "DTEND"):
            days[keyword] = _day(line)
    start = days.get("DTSTART")
    end = days.get("DTEND", start)
    if start is None or end is None:
        return False
    return start > last_day or end < first_day


def _day(line: str) -> date | None:
    found = _DATE_VALUE.search(line)
    if found is None:
        return None
    try:
        return date(*(int(part) for part in found.groups()))
    except ValueError:
        return None


def _kept(
    feed: FeedLines,
    keep_event: Callable[[list[str]], bool] | None,
    left_out: Collection[int],
) -> list[str]:
    """The lines without the events `keep_event` turns down or `left_out` names.

    An event whose UID other events share is kept unless `left_out` names
    it: the expansion groups events by UID, so leaving one out could change
    the others.
    """
    lines, events = feed.lines, feed.events
    if keep_event is None and not left_out:
        return lines
    uids = {
        number: _uid(lines[begin:end])
        for number, (begin, end) in enumerate(events)
        if keep_event is not None and number not in left_out
    }
    shared = {uid for uid, count in Counter(uids.values()).items() if count > 1}
    kept: list[str] = []
    done = 0
    for number, (begin, end) in enumerate(events):
        if number in left_out or (
            keep_event is not None
            and (uids[number] is None or uids[number] not in shared)
            and not keep_event(lines[begin:end])
        ):
            kept += lines[done:begin]
            done = end
    return kept + lines[done:]


def _uid(block: list[str]) -> str | None:
    depth = 0
    for line in block[1:-1]:
        name = _CONTENT_NAME.match(line)
        keyword = name.group().upper() if name is not None else ""
        if keyword in ("BEGIN", "END"):
            depth += 1 if keyword == "BEGIN" else -1
        elif keyword == "UID" and not depth:
            return _ESCAPE.sub(r"\1", line.partition(":")[2].strip())
    return None


def _check_rest(lines: list[str]) -> None:
    # Anything after the calendar's end is ignored, unless it is a second calendar.
    if any(line.strip().upper() == "BEGIN:VCALENDAR" for line in lines):
        raise FeedError("the feed holds several calendars one after another; it should hold one")


def _begin(name: str) -> str:
    return f"BEGIN:{name}" if name in _KNOWN_COMPONENTS else "a component"


def _end(name: str) -> str:
    return f"END:{name}" if name in _KNOWN_COMPONENTS else "an END line"


def _opening(line: str) -> str:
    """How the data starts, quoted without any value an iCalendar line could carry."""
    if any(not char.isprintable() or char == "\ufffd" for char in line[:_QUOTE_CHARS]):
        return "binary data, not text"
    name = _CONTENT_NAME.match(line)
    if name is not None:
        # A content line: its value might be an event's title, so quote the name
        # alone, unless it is BEGIN or END of a known component.
        keyword, _, value = line.partition(":")
        if keyword.upper() in ("BEGIN", "END") and value.strip().upper() in _KNOWN_COMPONENTS:
            return f"'{keyword.upper()}:{value.strip().upper()}'"
        return f"'{name.group()}{line[name.end()]}'"
    quoted = line[:_QUOTE_CHARS].rstrip()
    return f"'{quoted}'" + ("..." if len(line) > _QUOTE_CHARS else "")


def _log_unknown_zones(calendar: icalendar.Calendar) -> None:
    # icalendar leaves the times of a TZID it cannot resolve floating.
    unknown: set[str] = set()
    for event in calendar.subcomponents:
        if event.name != "VEVENT":
            continue
        for name in ("DTSTART", "DTEND"):
            prop = event.get(name)
            value = value_of(prop)
            if isinstance(value, datetime) and value.tzinfo is None:
                tzid = prop.params.get("TZID")
                if tzid:
                    unknown.add(str(tzid)[:40])
    if unknown:
        log.warning(
            "the feed names time zones it does not define and that are not known (%s); "
            "their times are read as floating times",
            ", ".join(sorted(unknown)),
        )
