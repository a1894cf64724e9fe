"""Reading typed fields out of plain data, gathering every problem (core).

The settings schema is written with these readers, so that each problem
names its field path and all of them are reported at once.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from boundary_app.core.i18n import N_, _
from boundary_app.core.settings import Block, weekday_number
from boundary_app.core.wall import parse_hhmm
from boundary_app.core.workday import block_minutes

NAME_MAX = 60


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the settings, and where."""

    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


# "expected a whole number of minutes, got text", by unit (whole sentences for translators).
_WHOLE = {
    "minutes": N_("expected a whole number of minutes, got {kind}"),
    "weeks": N_("expected a whole number of weeks, got {kind}"),
    "": N_("expected a whole number, got {kind}"),
}


class SettingsError(Exception):
    """The settings cannot be used; `problems` says every reason, field by field."""

    def __init__(self, problems: list[Problem], source: str = "") -> None:
        self.problems = tuple(problems)
        self.source = source
        super().__init__(str(self))

    def __str__(self) -> str:
        prefix = f"{self.source}: " if self.source else ""
        return "\n".join(prefix + str(p) for p in self.problems)

    def with_source(self, source: str) -> SettingsError:
        return SettingsError(list(self.problems), source)


_BLOCK = re.compile(r"\s*(\S+?)\s*[-\u2010-\u2015]\s*(\S+)\s*")


def type_name(value: object) -> str:
    """What a TOML value is called in messages meant for people."""
    if isinstance(value, bool):
        return _("true/false")
    names: list[tuple[type, str]] = [
        (str, _("text")),
        (int, _("whole number")),
        (float, _("decimal number")),
        (list, _("list")),
        (dict, _("table")),
        (datetime, _("date and time")),
        (date, _("date")),
        (time, _("time")),
    ]
    for kind, name in names:
        if isinstance(value, kind):
            return name
    return type(value).__name__


def parse_block(text: str) -> Block | str:
    """A block from "HH:MM-HH:MM", or the reason it is not one.

    An end of "24:00" is the midnight that ends the day; "00:00-24:00" is a
    whole day.
    """
    m = _BLOCK.fullmatch(text)
    not_a_block = _('"{text}" is not HH:MM-HH:MM').format(text=text)
    if m is None or m[1].count(":") != 1 or m[2].count(":") != 1:
        return not_a_block
    start = parse_hhmm(m[1])
    end = parse_hhmm(m[2], allow_24=True)
    for part, value in ((m[1], start), (m[2], end)):
        if value is None:
            if re.fullmatch(r"[0-9]{2}:[0-9]{2}", part):
                return _('"{part}" in "{text}" is not a time of day (00:00 to 23:59)').format(
                    part=part, text=text
                )
            return not_a_block
    assert start is not None
    assert end is not None
    if start == end and m[2] != "24:00":
        return _('"{text}" starts and ends at the same time').format(text=text)
    return Block(start, end)


class FieldReader:
    """Walks the document and gathers problems instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def fail(self, field: str, message: str) -> None:
        self.problems.append(Problem(field, message))

    def table(
        self, value: object, field: str, keys: tuple[str, ...] | None
    ) -> dict[str, Any] | None:
        """`value` as a table; with `keys`, any other key is reported as unknown."""
        if not isinstance(value, dict):
            self.fail(field, _("expected a table, got {kind}").format(kind=type_name(value)))
            return None
        if keys is not None:
            for key in value:
                if key not in keys:
                    self.unknown_key(f"{field}.{key}" if field else key, key, keys)
        return value

    def unknown_key(self, field: str, key: str, known: tuple[str, ...]) -> None:
        import difflib  # here, not at the top: only a mistyped key needs it

        close = difflib.get_close_matches(key, known, n=1)
        if close:
            self.fail(field, _("unknown key (did you mean {key}?)").format(key=close[0]))
        else:
            self.fail(field, _("unknown key (known: {keys})").format(keys=", ".join(known)))

    def list_of(self, value: object, field: str) -> list[Any] | None:
        if not isinstance(value, list):
            self.fail(field, _("expected a list, got {kind}").format(kind=type_name(value)))
            return None
        return value

    def whole(
        self, value: object, field: str, low: int, high: int, unit: str = "minutes"
    ) -> int | None:
        """A whole number from `low` to `high`; `unit` is "minutes", "weeks" or ""."""
        if type(value) is not int:
            self.fail(field, _(_WHOLE[unit]).format(kind=type_name(value)))
            return None
        if not low <= value <= high:
            if abs(value) < 10**9:
                message = _("{number} is out of range ({low} to {high})")
            else:
                message = _("this number is out of range ({low} to {high})")
            self.fail(field, message.format(number=value, low=low, high=high))
            return None
        return value

    def flag(self, value: object, field: str) -> bool | None:
        if not isinstance(value, bool):
            self.fail(field, _("expected true or false, got {kind}").format(kind=type_name(value)))
            return None
        return value

    def text(self, value: object, field: str) -> str | None:
        if not isinstance(value, str):
            self.fail(field, _("expected text, got {kind}").format(kind=type_name(value)))
            return None
        return value

    def block(self, value: object, field: str) -> Block | None:
        text = self.text(value, field)
        if text is None:
            return None
        parsed = parse_block(text)
        if isinstance(parsed, str):
            self.fail(field, parsed)
            return None
        return parsed

    def blocks(self, value: object, field: str) -> tuple[Block, ...] | None:
        items = [value] if isinstance(value, str) else self.list_of(value, field)
        if items is None:
            return None
        found: list[tuple[Block, str]] = []
        ok = True
        for i, item in enumerate(items):
            item_field = f"{field}[{i}]" if not isinstance(value, str) else field
            block = self.block(item, item_field)
            if block is None:
                ok = False
                continue
            for other, other_field in found:
                if overlap(block_minutes(block), block_minutes(other)):
                    self.fail(
                        item_field,
                        _('"{block}" overlaps {field} "{other}"').format(
                            block=block.text(), field=other_field, other=other.text()
                        ),
                    )
                    ok = False
            found.append((block, item_field))
        return tuple(sorted(b for b, _ in found)) if ok else None

    def name(self, value: object, field: str) -> str | None:
        text = self.text(value, field)
        if text is None:
            return None
        cleaned = unicodedata.normalize("NFC", text).strip()
        if not cleaned:
            self.fail(field, _("is empty"))
            return None
        if any(unicodedata.category(ch) == "Cc" for ch in cleaned):
            self.fail(field, _("contains control characters"))
            return None
        if len(cleaned) > NAME_MAX:
            self.fail(field, too_long(len(cleaned), NAME_MAX))
            return None
        return cleaned

    def weekdays(self, value: object, field: str) -> frozenset[int] | None:
        items = self.list_of(value, field)
        if items is None:
            return None
        days: set[int] = set()
        for i, item in enumerate(items):
            text = self.text(item, f"{field}[{i}]")
            if text is None:
                continue
            number = weekday_number(text)
            if number is None:
                self.fail(f"{field}[{i}]", not_a_weekday(text))
            else:
                days.add(number)
        if not days and not items:
            self.fail(field, _("names no days"))
        return frozenset(days)

    def clock_time(self, value: object, field: str) -> time | None:
        text = self.text(value, field)
        if text is None:
            return None
        parsed = parse_hhmm(text)
        if parsed is None:
            self.fail(
                field,
                _('"{text}" is not a time of day as HH:MM (00:00 to 23:59)').format(text=text),
            )
        return parsed


def too_long(length: int, most: int) -> str:
    return _("is {length} characters long (at most {most})").format(length=length, most=most)


def not_a_weekday(text: str) -> str:
    return _('"{text}" is not a weekday (monday..sunday or mon..sun)').format(text=text)


def overlap(a: tuple[int, int], b: tuple[int, int], period: int = 0) -> bool:
    """Whether two minute spans overlap, also across a repeating period (a week)."""
    shifts = (0,) if not period else (-period, 0, period)
    return any(a[0] < b[1] + s and b[0] + s < a[1] for s in shifts)
