"""One date's work as real instants: blocks and protected breaks (core).

A block belongs to the date it starts on, even when it runs past midnight.
A break belongs to a block of its weekday; a break whose time lies after
midnight inside an overnight block falls on the next calendar date.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

from boundary_app.core.settings import Block, Break, Settings
from boundary_app.core.wall import wall_midnight

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

    def work_until(self, until: datetime) -> timedelta:
        """The scheduled work before `until`: blocks less breaks (overlapping breaks once)."""
        work = sum((_before(span, until) for span in self.blocks), timedelta(0))
        rest = merge_spans(b.span for b in self.breaks)
        return work - sum((_before(span, until) for span in rest), timedelta(0))


def merge_spans(spans: Iterable[Span]) -> list[Span]:
    """The union of `spans` as sorted, disjoint spans (touching spans join)."""
    merged: list[Span] = []
    for span in sorted(spans, key=lambda s: s.start):
        if merged and span.start <= merged[-1].end:
            if span.end > merged[-1].end:
                merged[-1] = Span(merged[-1].start, span.end)
        else:
            merged.append(span)
    return merged


def _before(span: Span, until: datetime) -> timedelta:
    return max(timedelta(0), min(span.end, until) - span.start)


_Layout = tuple[tuple[timedelta, timedelta, tuple[tuple[str, timedelta, timedelta], ...]], ...]


@lru_cache(maxsize=128)
def _layout(blocks: tuple[Block, ...], breaks: tuple[Break, ...], weekday: int) -> _Layout:
    """Each block with its breaks, as wall-time offsets from the day's midnight."""
    layout = []
    for block in blocks:
        start, end = block_minutes(block)
        placed = []
        for brk in breaks:
            where = place_break(block, brk.span) if weekday in brk.days else None
            if where is not None:
                placed.append((brk.name, timedelta(minutes=where[0]), timedelta(minutes=where[1])))
        layout.append((timedelta(minutes=start), timedelta(minutes=end), tuple(placed)))
    return tuple(layout)


def workday(settings: Settings, day: date) -> Workday:
    """The blocks and breaks of `day` as real instants.

    Wall-clock offsets are added to the day's wall midnight (Python adds
    wall time to a zoned datetime) and only then read as an instant, so a
    time in a DST gap or overlap follows the rules of `core.wall`. A block
    that vanishes in a gap (02:00-03:00 on a spring-forward day) is left
    out; a break counts only where it lies inside a block.
    """
    layout = _layout(settings.blocks_on(day), settings.breaks, day.weekday())
    if not layout:
        return Workday(day, (), ())
    midnight = wall_midnight(day, settings.zone)
    blocks: list[Span] = []
    breaks: list[BreakSpan] = []
    for start_off, end_off, placed in layout:
        start = (midnight + start_off).astimezone(UTC)
        end = (midnight + end_off).astimezone(UTC)
        if end <= start:
            continue
        blocks.append(Span(start, end))
        for name, b_start_off, b_end_off in placed:
            b_start = max((midnight + b_start_off).astimezone(UTC), start)
            b_end = min((midnight + b_end_off).astimezone(UTC), end)
            if b_start < b_end:
                breaks.append(BreakSpan(name, Span(b_start, b_end)))
    blocks.sort(key=lambda s: s.start)
    breaks.sort(key=lambda b: b.span.start)
    return Workday(day, tuple(blocks), tuple(breaks))
