"""One date's work as real instants: blocks and protected breaks (core).

A block belongs to the date it starts on, even when it runs past midnight.
A break belongs to a block of its weekday; a break whose time lies after
midnight inside an overnight block falls on the next calendar date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from boundary_app.core.settings import Block, Settings
from boundary_app.core.wall import resolve

DAY_MIN = 24 * 60


def block_minutes(block: Block) -> tuple[int, int]:
    """(start, end) in minutes from the midnight that starts the block's date."""
    start = block.start.hour * 60 + block.start.minute
    end = block.end.hour * 60 + block.end.minute
    if end <= start:
        end += DAY_MIN
    return start, end


def place_break(block: Block, span: Block) -> tuple[int, int] | None:
    """Where break `span` lies inside `block`, in the block's minutes; None if outside."""
    block_start, block_end = block_minutes(block)
    start, end = block_minutes(span)
    for shift in (0, DAY_MIN):
        if block_start <= start + shift and end + shift <= block_end:
            return start + shift, end + shift
    return None


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open stretch of real time [start, end), in UTC."""

    start: datetime
    end: datetime

    def __contains__(self, instant: datetime) -> bool:
        return self.start <= instant < self.end


@dataclass(frozen=True, slots=True)
class BreakSpan:
    name: str
    span: Span


@dataclass(frozen=True, slots=True)
class Workday:
    """The concrete work of one date: blocks (sorted, non-empty) and breaks."""

    day: date
    blocks: tuple[Span, ...]
    breaks: tuple[BreakSpan, ...]

    @property
    def is_day_off(self) -> bool:
        return not self.blocks

    @property
    def start(self) -> datetime:
        return self.blocks[0].start

    @property
    def end(self) -> datetime:
        return self.blocks[-1].end


def _at_minutes(day: date, minutes: int, settings: Settings) -> datetime:
    days, rest = divmod(minutes, DAY_MIN)
    return resolve(day + timedelta(days=days), time(rest // 60, rest % 60), settings.zone)


def workday(settings: Settings, day: date) -> Workday:
    """The blocks and breaks of `day` as real instants.

    A block that vanishes in a DST gap (02:00-03:00 on a spring-forward day)
    is left out; a break counts only where it lies inside a block.
    """
    blocks: list[Span] = []
    breaks: list[BreakSpan] = []
    for block in settings.blocks_on(day):
        start_min, end_min = block_minutes(block)
        start = _at_minutes(day, start_min, settings)
        end = _at_minutes(day, end_min, settings)
        if end <= start:
            continue
        blocks.append(Span(start, end))
        for brk in settings.breaks:
            if day.weekday() not in brk.days:
                continue
            placed = place_break(block, brk.span)
            if placed is None:
                continue
            b_start = max(_at_minutes(day, placed[0], settings), start)
            b_end = min(_at_minutes(day, placed[1], settings), end)
            if b_start < b_end:
                breaks.append(BreakSpan(brk.name, Span(b_start, b_end)))
    blocks.sort(key=lambda s: s.start)
    breaks.sort(key=lambda b: b.span.start)
    return Workday(day, tuple(blocks), tuple(breaks))
