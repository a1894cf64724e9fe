"""When the end-of-day and morning windows open, and what "Not yet" does (app).

The end-of-day window opens at `day.end` (instead of a notification), and
again when a "Not yet" snooze runs out; the morning window at `day.start`
when tasks are waiting, and when the app starts during work time before
the user saw them. Task text is private: while a session runs (the
screen may be shared) neither window opens; the nudge is shown the
session-safe way and the window follows when the session ends.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QObject, Signal

from boundary_app.app.controller import Controller
from boundary_app.app.task_board import TaskBoard
from boundary_app.core import wording
from boundary_app.core.day_record import DayRecord
from boundary_app.core.day_state import DayState
from boundary_app.core.handoff import SNOOZE_MIN, can_snooze, morning_due
from boundary_app.core.nudge import Nudge, NudgeKind
from boundary_app.core.wall import local_date, localize
from boundary_app.core.workday import workday

log = logging.getLogger(__name__)


class Handoffs(QObject):
    end_of_day_wanted = Signal()
    morning_wanted = Signal()

    def __init__(self, controller: Controller, board: TaskBoard) -> None:
        super().__init__()
        self._controller = controller
        self._board = board
        self._end_nudge: Nudge | None = None
        self._waiting: Callable[[], None] | None = None  # a window held back by a session
        controller.changed.connect(self._on_changed)

    def take(self, nudges: list[Nudge]) -> list[Nudge]:
        """Open the windows these nudges call for; return the nudges still to notify."""
        rest = []
        for nudge in nudges:
            if nudge.kind is NudgeKind.DAY_END and not self._controller.is_day_closed():
                self._end_nudge = nudge
                if self._open_or_wait(self.end_of_day_wanted.emit):
                    self._controller.record_outcome(nudge, "acted")
                    continue
            elif (
                nudge.kind is NudgeKind.DAY_START
                and self.morning_pending()
                and self._open_or_wait(self.morning_wanted.emit)
            ):
                continue
            rest.append(nudge)
        return rest

    def check_at_start(self) -> None:
        """After a (re)start: the morning window if unseen, the handoff if the day ended open."""
        if self.morning_pending():
            self._open_or_wait(self.morning_wanted.emit)
        elif self.ended_unclosed():
            self._open_or_wait(self.end_of_day_wanted.emit)

    def morning_pending(self) -> bool:
        c = self._controller
        day = self._board.days().today
        return morning_due(c.settings, c.day_record(day), c.now()) and bool(self._board.today())

    def ended_unclosed(self) -> bool:
        """The work day ended this evening and nobody closed it (the app was not running).

        Only the same evening: the next morning belongs to the next day.
        """
        c = self._controller
        wd = workday(c.settings, c.current_workday())
        if not wd.blocks or c.now() < wd.end or c.is_day_closed():
            return False
        zone = c.settings.zone
        return local_date(wd.end, zone) == local_date(c.now(), zone)

    def _open_or_wait(self, open_window: Callable[[], None]) -> bool:
        if self._controller.status().state is DayState.IN_SESSION:
            self._waiting = open_window
            return False
        open_window()
        return True

    def _on_changed(self) -> None:
        if self._waiting is None or self._controller.status().state is DayState.IN_SESSION:
            return
        open_window, self._waiting = self._waiting, None
        open_window()

    # -- what the windows ask ----------------------------------------------------

    def snoozes_left(self) -> int:
        c = self._controller
        record = c.day_record(c.current_workday())
        return max(0, c.settings.day.max_snoozes - (record.snoozes if record else 0))

    def snooze(self) -> bool:
        """ "Not yet": the window comes back in 10 minutes; False when none are left."""
        c = self._controller
        day = c.current_workday()
        record = c.day_record(day) or DayRecord(day)
        if not can_snooze(c.settings, record):
            return False
        c.update_day(replace(record, snoozes=record.snoozes + 1))
        nudge = self._end_nudge or self._day_end_nudge()
        c.snooze(nudge, SNOOZE_MIN)
        self._end_nudge = None
        return True

    def _day_end_nudge(self) -> Nudge:
        c = self._controller
        title, body = wording.day_end()
        return Nudge(NudgeKind.DAY_END, localize(c.now(), c.settings.zone), title, body)

    def close_day(self, went_well: str) -> str | None:
        """ "I'm done for the day": None when saved, else what went wrong.

        The day closes either way: the evening is protected even on a full disk.
        """
        problems: list[str] = []

        def note(problem: str) -> None:
            problems.append(problem)

        c = self._controller
        c.not_saved.connect(note)
        try:
            c.close_day(went_well)
        finally:
            c.not_saved.disconnect(note)
        return problems[0] if problems else None

    def morning_seen(self) -> None:
        """ "Start my day": the morning window does not come back today."""
        c = self._controller
        day = self._board.days().today
        record = c.day_record(day) or DayRecord(day)
        c.update_day(replace(record, morning_seen_at=c.now()))
