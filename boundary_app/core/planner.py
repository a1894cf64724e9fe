"""The planner: from settings, sessions and day records to a sorted list of nudges (core).

`plan` is pure: the same inputs give the same nudges, and planning a range
day by day gives exactly what planning it at once gives, because every nudge
is decided independently of the window and the window is half-open.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, timedelta

from boundary_app.core import wording
from boundary_app.core.day_record import DayRecord, closing_times
from boundary_app.core.nudge import ORDER, Nudge, NudgeKind
from boundary_app.core.sessions import Session, cue_offsets
from boundary_app.core.settings import Settings
from boundary_app.core.supervision_plan import supervision_nudges
from boundary_app.core.wall import Localizer, local_date, wall_midnight
from boundary_app.core.workday import Span, Workday, merge_spans, workday

_SESSION_KINDS = {
    "midpoint": NudgeKind.SESSION_MIDPOINT,
    "wrapup": NudgeKind.SESSION_WRAPUP,
    "end": NudgeKind.SESSION_END,
    "overrun": NudgeKind.SESSION_OVERRUN,
}
# Workdays that can reach into a window: a block belongs to the day it starts
# and ends by the next day; the overtime nudge may follow a little later.
_LOOK_BEHIND = timedelta(days=2)
_Planned = tuple[datetime, int, NudgeKind, str, str]


def workdays_around(settings: Settings, start: datetime, end: datetime) -> list[Workday]:
    """Every workday whose blocks or nudges could fall in [start, end)."""
    first = local_date(start, settings.zone) - _LOOK_BEHIND
    last = local_date(end, settings.zone) + timedelta(days=1)
    days: list[Workday] = []
    day = first
    while day <= last:
        days.append(workday(settings, day))
        day += timedelta(days=1)
    return days


def plan(
    settings: Settings,
    sessions: Iterable[Session],
    days: Mapping[date, DayRecord],
    start: datetime,
    end: datetime,
) -> list[Nudge]:
    """The nudges planned in [start, end), sorted by instant, each (kind, at) once."""
    if start.tzinfo is None or end.tzinfo is None:
        raise ValueError("plan needs aware datetimes")
    start, end = start.astimezone(UTC), end.astimezone(UTC)
    if end <= start:
        return []
    builder = _Builder(settings, start, end)
    work = workdays_around(settings, start, end)
    closed = closing_times(days.values())
    session_list = sorted(sessions, key=lambda s: s.start)
    for wd in work:
        if not wd.is_day_off:
            builder.day_nudges(wd, closed.get(wd.day))
    work_time = WorkTime(work, closed, session_list)
    builder.email_nudges(work_time)
    for at, text in supervision_nudges(settings, work_time.place, start, end):
        builder.add(NudgeKind.SUPERVISION_REMINDER, at, text)
    for session in session_list:
        builder.session_nudges(session)
    return builder.result()


class _Builder:
    """Collects nudges inside the window, each (kind, instant) once."""

    def __init__(self, settings: Settings, start: datetime, end: datetime) -> None:
        self.settings = settings
        self.zone = settings.zone
        self.start = start
        self.end = end
        margin = timedelta(days=3)  # texts name times of the whole work day
        self.local = Localizer(settings.zone, start - margin, end + margin)
        # (instant, tie-break order, kind, title, body); duplicates go in `result`
        self.planned: list[_Planned] = []
        self._cue_texts: dict[timedelta, list[tuple[timedelta, int, NudgeKind, str, str]]] = {}

    def inside(self, at: datetime) -> bool:
        return self.start <= at < self.end

    def add(self, kind: NudgeKind, at: datetime, text: wording.Text) -> None:
        if self.start <= at < self.end:
            self.planned.append((at, ORDER[kind], kind, text[0], text[1]))

    def day_nudges(self, wd: Workday, closed_at: datetime | None) -> None:
        rules = self.settings.day
        last = wd.blocks[-1]
        wanted: list[tuple[NudgeKind, datetime, wording.Text | None]] = [
            (NudgeKind.DAY_START, wd.start, None),
            (NudgeKind.DAY_END, last.end, None),
        ]
        for block, following in zip(wd.blocks, wd.blocks[1:], strict=False):
            wanted.append(
                (NudgeKind.BLOCK_END, block.end, wording.block_end(self.local(following.start)))
            )
        for brk in wd.breaks:
            wanted.append((NudgeKind.BREAK_START, brk.span.start, None))
        if rules.wrapup_lead_min:
            wrapup = max(last.end - timedelta(minutes=rules.wrapup_lead_min), last.start)
            wanted.append((NudgeKind.DAY_WRAPUP, wrapup, None))
        if rules.overtime_after_min:
            overtime = last.end + timedelta(minutes=rules.overtime_after_min)
            wanted.append((NudgeKind.DAY_OVERTIME, overtime, None))
        for kind, at, text in wanted:
            if not self.inside(at) or (closed_at is not None and at >= closed_at):
                continue
            self.add(kind, at, text or self.day_text(kind, wd, at))

    def day_text(self, kind: NudgeKind, wd: Workday, at: datetime) -> wording.Text:
        rules = self.settings.day
        if kind is NudgeKind.DAY_START:
            return wording.day_start([(self.local(b.start), self.local(b.end)) for b in wd.blocks])
        if kind is NudgeKind.BREAK_START:
            brk = next(b for b in wd.breaks if b.span.start == at)
            return wording.break_start(brk.name, self.local(brk.span.end))
        if kind is NudgeKind.DAY_WRAPUP:
            lead = round((wd.end - at).total_seconds() / 60)
            return wording.day_wrapup(lead, self.local(wd.end))
        if kind is NudgeKind.DAY_END:
            return wording.day_end()
        return wording.day_overtime(rules.overtime_after_min)

    def email_nudges(self, work_time: WorkTime) -> None:
        windows = self.settings.email.windows
        if not windows:
            return
        # A window just before `start` may be moved into it by a break or session.
        first = local_date(self.start, self.zone) - timedelta(days=2)
        last = local_date(self.end, self.zone)
        offsets = [timedelta(hours=w.hour, minutes=w.minute) for w in windows]
        text = wording.email_window()
        day = first
        while day <= last:
            midnight = wall_midnight(day, self.zone)
            for offset in offsets:
                placed = work_time.place((midnight + offset).astimezone(UTC))
                if placed is not None:
                    self.add(NudgeKind.EMAIL_WINDOW, placed, text)
            day += timedelta(days=1)

    def session_nudges(self, session: Session) -> None:
        if session.start >= self.end or session.planned_end + timedelta(hours=5) < self.start:
            return
        start, end, append = self.start, self.end, self.planned.append
        ended = session.ended_at
        for offset, order, kind, title, body in self.cue_texts(session.length):
            at = session.start + offset
            if start <= at < end and (ended is None or at < ended):
                append((at, order, kind, title, body))

    def cue_texts(self, length: timedelta) -> list[tuple[timedelta, int, NudgeKind, str, str]]:
        """Each cue of a session of `length`: offset, order, kind and words (cached)."""
        texts = self._cue_texts.get(length)
        if texts is None:
            rules = self.settings.sessions
            texts = []
            for cue in cue_offsets(length, rules):
                kind = _SESSION_KINDS[cue.name]
                title, body = wording.session_cue(
                    cue.name, cue.minutes_left, rules.overrun_after_min
                )
                texts.append((cue.offset, ORDER[kind], kind, title, body))
            self._cue_texts[length] = texts
        return texts

    def result(self) -> list[Nudge]:
        planned: list[_Planned] = []
        previous: tuple[datetime, int] | None = None
        for item in sorted(self.planned):
            if item[:2] != previous:  # each (kind, instant) once
                planned.append(item)
                previous = item[:2]
        local = self.local.sorted_run(item[0] for item in planned)
        return [
            Nudge(kind, at, title, body)
            for (_, _, kind, title, body), at in zip(planned, local, strict=True)
        ]


class WorkTime:
    """Where a reminder may fall: inside a work block of a day not yet closed.

    Email windows and supervision reminders share this rule. An instant in
    a break or a session moves to its end if that is still in the block and
    before the day was closed; anywhere else it is blocked (None), never
    moved to later.
    """

    def __init__(
        self, work: list[Workday], closed: Mapping[date, datetime], sessions: list[Session]
    ) -> None:
        self._blocks = sorted(
            ((b, wd.day) for wd in work for b in wd.blocks), key=lambda x: x[0].start
        )
        self._starts = [b.start for b, _ in self._blocks]
        self._pauses = merge_spans(
            [brk.span for wd in work for brk in wd.breaks]
            + [Span(s.start, s.busy_until) for s in sessions if s.busy_until > s.start]
        )
        self._pause_starts = [p.start for p in self._pauses]
        self._closed = closed

    def place(self, at: datetime) -> datetime | None:
        """`at` (UTC), or the end of the pause it falls in; None when it may not come."""
        i = bisect.bisect_right(self._starts, at) - 1
        if i < 0 or at not in self._blocks[i][0]:
            return None  # outside work: blocked, never moved to later
        block, owner = self._blocks[i]
        moved = _past_pauses(at, self._pauses, self._pause_starts)
        closed_at = self._closed.get(owner)
        if moved not in block or (closed_at is not None and moved >= closed_at):
            return None
        return moved


def _past_pauses(at: datetime, pauses: list[Span], starts: list[datetime]) -> datetime:
    """`at`, moved to the end of the break or session it falls in, if any."""
    i = bisect.bisect_right(starts, at) - 1
    if i >= 0 and at < pauses[i].end:
        return pauses[i].end
    return at
