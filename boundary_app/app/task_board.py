"""Today's and tomorrow's tasks, as the handoff windows see them (app).

The windows read and change tasks only through this board; it writes each
change to the journal at once and says `changed` so every open window
shows the same list. A change that cannot be saved raises `NotSaved` with
a message for the user, and nothing is claimed saved that was not.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from typing import TypeVar

from PySide6.QtCore import QObject, Signal

from boundary_app.app.controller import Controller
from boundary_app.app.journal_calls import NotSaved, read_or, write_or_raise
from boundary_app.core.handoff import HandoffDays, handoff_days, worked
from boundary_app.core.i18n import _
from boundary_app.core.patterns import Pattern, pattern_for, pattern_theme
from boundary_app.core.reframes import Reframe, reframe_for
from boundary_app.core.tasks import Task, TaskTextError, previous_workday, split_task_lines
from boundary_app.core.wall import wall_midnight
from boundary_app.core.workday import workday
from boundary_app.storage.journal import Journal, JournalError
from boundary_app.storage.task_lists import todays_tasks

log = logging.getLogger(__name__)

T = TypeVar("T")

# How far back the end-of-day window looks for a pattern (five workdays, and a week's sessions).
PATTERN_DAYS = 14


class TaskBoard(QObject):
    changed = Signal()

    def __init__(
        self, controller: Controller, journal: Journal, reframes: Sequence[Reframe]
    ) -> None:
        super().__init__()
        self._controller = controller
        self._journal = journal
        self._reframes = tuple(reframes)

    # -- reading -----------------------------------------------------------------

    def now(self) -> datetime:
        return self._controller.now()

    def days(self) -> HandoffDays:
        return handoff_days(self._controller.settings, self.now())

    def previous_workday(self) -> date | None:
        settings = self._controller.settings
        return previous_workday(settings, self.days().today)

    def today(self) -> list[Task]:
        """Open tasks meant for today or earlier (carried in), and those checked off today."""
        day, zone = self.days().today, self._controller.settings.zone
        return self._read(lambda: todays_tasks(self._journal, day, zone), [])

    def tomorrow(self) -> list[Task]:
        """Tasks written for the next work day."""
        return self._read(lambda: self._journal.tasks_for(self.days().tomorrow), [])

    def waiting_next(self) -> list[Task]:
        """Every task open for the next work day: tomorrow's and those carried over."""
        return self._read(lambda: self._journal.open_tasks_through(self.days().tomorrow), [])

    def worked_today(self) -> timedelta:
        controller = self._controller
        day = self.days().today
        record = controller.day_record(day)
        until = record.closed_at if record and record.closed_at else self.now()
        return worked(workday(controller.settings, day), until)

    def pattern(self) -> Pattern | None:
        """A pattern in the last days worth naming (overtime piling up, sessions running over)."""
        settings = self._controller.settings
        today = self.days().today
        since = wall_midnight(today - timedelta(days=PATTERN_DAYS), settings.zone)
        try:
            days = self._journal.days_between(today - timedelta(days=PATTERN_DAYS), today)
            sessions = [s for _, s, _ in self._journal.sessions_since(since)]
        except JournalError as exc:
            log.error("could not read the journal: %s", exc)
            return None
        return pattern_for(settings, days, sessions, today, self.now())

    def reframe(self, pattern: Pattern | None = None) -> Reframe | None:
        """Today's card; one that speaks to `pattern` when there is one."""
        if not self._reframes:
            return None
        theme = pattern_theme(pattern) if pattern is not None else None
        return reframe_for(self.days().today, self._reframes, theme)

    def intention(self) -> str | None:
        """One of the user's plans for outside work, a different one each day."""
        intentions = self._controller.settings.outside_work.intentions
        if not intentions:
            return None
        return intentions[self.days().today.toordinal() % len(intentions)]

    def draft(self, key: str) -> dict[str, str]:
        """What the user was typing in a window when it was last open (key: which window)."""
        text = self._read(lambda: self._journal.draft(key), None)
        if not text:
            return {}
        try:
            data = json.loads(text)
        except ValueError:
            return {}
        if not isinstance(data, dict):
            return {}
        return {k: v for k, v in data.items() if isinstance(v, str)}

    def _read(self, read: Callable[[], T], fallback: T) -> T:
        return read_or(read, fallback)

    # -- changing ----------------------------------------------------------------

    def add(self, text: str, *, tomorrow: bool) -> list[Task]:
        """Add a task (several for pasted lines); blank text adds nothing."""
        try:
            lines = split_task_lines(text)
        except TaskTextError as exc:
            raise NotSaved(_("Not added: {reason}").format(reason=exc)) from exc
        if not lines:
            return []
        days = self.days()
        day = days.tomorrow if tomorrow else days.today
        return self._write(lambda: self._journal.add_tasks(lines, day, self.now()))

    def set_done(self, task_id: int, done: bool) -> None:
        at = self.now() if done else None
        self._write(lambda: self._journal.set_done(task_id, at))

    def drop(self, task_id: int) -> None:
        """Take a task off the list: it will not carry over."""
        self._write(lambda: self._journal.set_dropped(task_id, self.now()))

    def restore(self, task_id: int) -> None:
        self._write(lambda: self._journal.set_dropped(task_id, None))

    def edit(self, task_id: int, text: str) -> None:
        try:
            self._write(lambda: self._journal.edit_task(task_id, text))
        except (TaskTextError, ValueError) as exc:
            raise NotSaved(_("Not changed: {reason}").format(reason=exc)) from exc

    def reorder(self, task_ids: Sequence[int]) -> None:
        self._write(lambda: self._journal.reorder(task_ids))

    def save_draft(self, key: str, fields: dict[str, str]) -> None:
        """Keep what is being typed; an empty draft is forgotten."""
        if any(v.strip() for v in fields.values()):
            text = json.dumps(fields, ensure_ascii=False)
            self._write(lambda: self._journal.save_draft(key, text, self.now()), quiet=True)
        else:
            self._write(lambda: self._journal.clear_draft(key), quiet=True)

    def clear_draft(self, key: str) -> None:
        self._write(lambda: self._journal.clear_draft(key), quiet=True)

    def refresh(self) -> None:
        """Someone else (the command line) changed the tasks: show them again."""
        self.changed.emit()

    def _write(self, write: Callable[[], T], *, quiet: bool = False) -> T:
        try:
            return write_or_raise(write, _("That task is no longer there; the list was refreshed."))
        finally:
            if not quiet:
                self.changed.emit()
