"""The fast part of reading a feed: its plain events, read from their text (integrations layer).

`plain_part` reads every VEVENT it can with `plain_text` and expands it with
`plain_instances`; the caller has icalendar parse the rest (`left_out` names
the events handled here) and merges the two. An event is handled here only
if nothing else in the feed can change how the reference path would read
it: its UID appears nowhere else, and no TZID line in the feed could make
icalendar read a zone name other than through tzdata.

When the feed's lines or components are not exactly those icalendar reads,
or its X-WR-TIMEZONE cannot be told from the text, every event is left to
the reference path.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

from boundary_app.integrations.calendar.feed_text import FeedLines, zone_named
from boundary_app.integrations.calendar.plain_instances import Expansion, Found, exact_length
from boundary_app.integrations.calendar.plain_text import content_line, read_plain

_NAME = re.compile(r"[^:;]*")
_FRAMING = ("BEGIN", "END")


@dataclass(frozen=True, slots=True)
class PlainPart:
    """What the fast path found, and which events (indexes into `FeedLines.events`) it read.

    `feed_zone` is the zone it took the feed's X-WR-TIMEZONE for; the caller
    checks it against the parsed calendar before trusting `found`.
    """

    found: list[Found] = field(default_factory=list)
    left_out: frozenset[int] = frozenset()
    feed_zone: ZoneInfo | None = None


def plain_part(
    feed: FeedLines,
    window: tuple[datetime, datetime],
    zone: ZoneInfo,
    wanted: Callable[[tuple[str, ...]], bool],
    lengths: tuple[timedelta, timedelta],
) -> PlainPart:
    """The sessions of the feed's plain events that overlap the window.

    `wanted` says whether an event's titles and categories make it a session;
    `lengths` are the shortest and longest a session may last. Floating times
    are read in the feed's X-WR-TIMEZONE if it names a known zone, else in `zone`.
    """
    feed_value = _calendar_value(feed, "X-WR-TIMEZONE")
    if not feed.exact or feed_value is None:
        return PlainPart()
    feed_zone = zone_named(feed_value)
    floating_zone = feed_zone or zone
    zones = _Zones()
    events = {
        number: event
        for number, (begin, end) in enumerate(feed.events)
        if (event := read_plain(feed.lines[begin:end], zones.get)) is not None
    }
    # The events read above hold no TZID line and one UID each (an alarm's does not count).
    others = _lines_outside(feed, events)
    if not _framed_alike(others):
        return PlainPart()  # icalendar might nest the events in something else
    trusted = _zone_names_trusted(others)
    uids = _uid_counts(others)
    uids.update(event.uid for event in events.values())
    expansion = Expansion(window, floating_zone, feed_zone)
    found: list[Found] = []
    left_out: set[int] = set()
    for number, event in events.items():
        if event.start is not None and uids[event.uid] != 1:
            continue  # the library groups events by UID
        if event.named_zone and not trusted:
            continue  # icalendar might read the zone from the feed's VTIMEZONE
        length = exact_length(event, floating_zone)
        if (
            event.start is not None
            and window[0] < window[1]
            and event.busy
            and length is not None
            and lengths[0] <= length <= lengths[1]
            and wanted(event.texts)
        ):
            try:
                instances = expansion.instances(event, length)
            except (ValueError, OverflowError):  # dateutil's; the reference path words them
                instances = None
            if instances is None:
                continue
            found += instances
        left_out.add(number)
    return PlainPart(found, frozenset(left_out), feed_zone)


def _lines_outside(feed: FeedLines, events: Collection[int]) -> list[str]:
    """The lines that are not in the numbered events."""
    lines: list[str] = []
    done = 0
    for number, (begin, end) in enumerate(feed.events):
        if number in events:
            lines += feed.lines[done:begin]
            done = end
    return lines + feed.lines[done:]


class _Zones:
    """The zones TZID parameters name, resolved as icalendar resolves them.

    icalendar asks tzdata for the name, then for the IANA name of a Windows
    one. A name `zone_named` knows is never read from the feed's VTIMEZONE
    (see feed_text._prefer_tzdata) as long as the feed's TZID lines are
    tidy, which the caller checks; other names are not plain.
    """

    def __init__(self) -> None:
        self._known: dict[str, ZoneInfo | None] = {}

    def get(self, name: str) -> ZoneInfo | None:
        if name not in self._known:
            self._known[name] = self._resolve(name)
        return self._known[name]

    @staticmethod
    def _resolve(name: str) -> ZoneInfo | None:
        if not name or name != name.strip().strip("/") or "^" in name:
            return None
        if zone_named(name) is None:
            return None
        for key in (name, WINDOWS_TO_OLSON.get(name)):
            if key is None:
                continue
            try:
                return ZoneInfo(key)
            except (ZoneInfoNotFoundError, ValueError):
                continue
            except OSError:
                return None  # icalendar would not get past it either
        return None


def _name(line: str) -> str:
    """A line's property name as icalendar takes it, or a coarser form of it."""
    match = _NAME.match(line)
    return "".join(match.group().split()).upper() if match else ""


def _framed_alike(lines: list[str]) -> bool:
    """Whether icalendar takes the same lines for BEGIN and END as `feed_text` does.

    icalendar also reads "BEGIN;X=1:VTODO" or "BE GIN:VTODO" so, and would
    then nest the events that follow in another component.
    """
    for line in lines:
        if line[:1] not in "BbEe" and not line[:1].isspace():
            continue
        framing = line.partition(":")[0].strip().upper()  # as feed_text reads it
        if _name(line) in _FRAMING and framing not in _FRAMING:
            return False
    return True


def _uid_counts(lines: list[str]) -> Counter[str]:
    """How many lines could give each UID, wherever they are in the feed.

    Coarse on purpose: any value after any colon of a UID line, without
    backslashes (icalendar unescapes them) and blanks around it.
    """
    counts: Counter[str] = Counter()
    for line in lines:
        if line[:1] not in "Uu" and not line[:1].isspace():
            continue
        if _name(line) == "UID":
            keys = {
                line[index + 1 :].replace("\\", "").strip()
                for index, char in enumerate(line)
                if char == ":"
            }
            counts.update(keys)
    return counts


def _zone_names_trusted(lines: list[str]) -> bool:
    """Whether every TZID line is one `feed_text._prefer_tzdata` reads as icalendar does.

    Then icalendar reads every zone name `zone_named` knows with tzdata.
    """
    for line in lines:
        if line[:1] not in "Tt" and not line[:1].isspace():
            continue
        if _name(line) != "TZID":
            continue
        value = line[5:]
        if line[:5].upper() != "TZID:" or "\\" in value or value != value.strip().strip("/"):
            return False
    return True


def _calendar_value(feed: FeedLines, name: str) -> str | None:
    """The raw value of a calendar's own property: "" if it has none, None if unclear."""
    found: list[str] = []
    depth = 0
    done = 0
    for begin, end in [*feed.events, (len(feed.lines), len(feed.lines))]:
        for line in feed.lines[done:begin]:
            keyword = line.partition(":")[0].strip().upper()
            if keyword in ("BEGIN", "END"):
                depth += 1 if keyword == "BEGIN" else -1
            elif depth == 1 and _name(line) == name:
                found.append(line)
        done = end
    if not found:
        return ""
    parts = content_line(found[0])
    if len(found) > 1 or parts is None or parts[1]:
        return None
    return parts[2]
