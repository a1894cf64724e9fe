"""Energy checks, notes for supervision and the weekly report, as the windows see them (app).

The windows read and change these records only through this object; it
writes each change to the journal at once and says `changed`. A change
that cannot be saved raises `NotSaved` with a message for the user, and
nothing is claimed saved that was not. The figures of the week come from
the journal alone.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject, Signal

from boundary_app.app.controller import Controller
from boundary_app.app.journal_calls import NotSaved, read_or, write_or_raise
from boundary_app.core.day_record import DayRecord
from boundary_app.core.i18n import _, date_text, time_text
from boundary_app.core.nudge import NudgeKind
from boundary_app.core.sessions import Session
from boundary_app.core.supervision_plan import next_supervision
from boundary_app.core.wall import local_date, localize, wall_midnight
from boundary_app.core.wellbeing import (
    Energy,
    EnergyCheck,
    Held,
    SupervisionHeld,
    SupervisionNote,
    clean_tag,
    session_to_rate,
)
from boundary_app.storage.journal import JournalError
from boundary_app.storage.wellbeing_records import WellbeingRecords

if TYPE_CHECKING:  # the week's figures (and `fractions`, `decimal`) load when a week is shown
    from boundary_app.core.week_report import WeekReport

log = logging.getLogger(__name__)

T = TypeVar("T")


class Wellbeing(QObject):
    changed = Signal()  # a note, a rating or a supervision was recorded

    def __init__(self, controller: Controller, records: WellbeingRecords) -> None:
        super().__init__()
        self._controller = controller
        self._records = records

    # -- energy ------------------------------------------------------------------

    @property
    def energy_enabled(self) -> bool:
        return self._controller.settings.energy.enabled

    def energy_tags(self) -> tuple[str, ...]:
        return self._controller.settings.energy.tags

    def session_to_rate(self) -> Session | None:
        """The session a rating now would be about (`core.wellbeing.session_to_rate`)."""
        controller = self._controller
        return session_to_rate(controller.sessions(), controller.now(), controller.settings.zone)

    def rate(self, rating: Energy, tags: Sequence[str]) -> EnergyCheck:
        """Keep how the last session left the user, with the chosen tags."""
        cleaned = tuple(dict.fromkeys(t for t in (clean_tag(tag) for tag in tags) if t))
        session = self.session_to_rate()
        check = EnergyCheck(
            self._controller.now(),
            rating,
            cleaned,
            session.start if session is not None else None,
        )
        self._write(lambda: self._records.add_energy(check))
        return check

    # -- supervision ---------------------------------------------------------------

    def notes(self) -> list[SupervisionNote]:
        return self._read(self._records.open_notes, [])

    def add_note(self, text: str) -> SupervisionNote:
        try:
            return self._write(lambda: self._records.add_note(text, self._controller.now()))
        except ValueError as exc:
            raise NotSaved(_("Not kept: a note needs some text.")) from exc

    def check_note(self, note_id: int, done: bool) -> None:
        at = self._controller.now() if done else None
        self._write(lambda: self._records.set_note_done(note_id, at))

    def drop_note(self, note_id: int) -> None:
        self._write(lambda: self._records.drop_note(note_id, self._controller.now()))

    def supervision_held(self) -> None:
        held = SupervisionHeld(self._controller.now(), Held.SUPERVISION)
        self._write(lambda: self._records.add_held(held))

    def checked_in(self, initials: str) -> None:
        held = SupervisionHeld(self._controller.now(), Held.CHECK_IN, initials)
        self._write(lambda: self._records.add_held(held))

    def supervisees(self) -> tuple[str, ...]:
        return tuple(p.initials for p in self._controller.settings.supervision.supervisees)

    def supervision_line(self) -> str:
        """When the next supervision is, as "Thursday 3 December, 14:00"; "" when none is set."""
        settings = self._controller.settings
        upcoming = next_supervision(settings.supervision, self._controller.now(), settings.zone)
        if upcoming is None:
            return ""
        local = localize(upcoming, settings.zone)
        # Translators: when the next supervision is, like "Thursday 3 December, 14:00".
        return _("{date}, {time}").format(date=date_text(local.date()), time=time_text(local))

    def last_supervision(self) -> datetime | None:
        found = self._read(
            lambda: self._records.last_held(Held.SUPERVISION, self._controller.now()), None
        )
        return found.at if found is not None else None

    # -- the week ------------------------------------------------------------------

    def this_monday(self) -> date:
        today = local_date(self._controller.now(), self._controller.settings.zone)
        return today - timedelta(days=today.weekday())

    def week(self, monday: date) -> tuple[WeekReport, str]:
        """The report of the week that starts on `monday`, and its text alternative."""
        # Here, not at the top: only the week's window and `boundary-app week` need these.
        from boundary_app.core.week_report import week_report
        from boundary_app.core.week_text import week_text

        settings = self._controller.settings
        journal = self._controller.journal
        zone = settings.zone
        start = wall_midnight(monday, zone)
        end = wall_midnight(monday + timedelta(days=7), zone)
        # A day's record carries its date; sessions, ratings and the log their instants.
        days: list[DayRecord] = []
        sessions: list[Session] = []
        email: list[str] = []
        energy: list[EnergyCheck] = []
        held: list[SupervisionHeld] = []
        try:
            days = journal.days_between(monday, monday + timedelta(days=6))
            sessions = [s for _, s, _ in journal.sessions_since(start) if s.start < end]
            email = [
                entry.outcome
                for entry in journal.nudge_log_since(start)
                if entry.kind == NudgeKind.EMAIL_WINDOW.value and entry.planned_at < end
            ]
            energy = self._records.energy_between(start, end)
            held = self._records.held_between(start, end)
            last = self._records.last_held(Held.SUPERVISION, end)
        except JournalError as exc:
            log.error("could not read the journal: %s", exc)
            last = None
        if last is not None and last not in held:
            held = [last, *held]
        report = week_report(
            settings, monday, days, sessions, email, energy, held, self._controller.now()
        )
        return report, week_text(report, zone)

    def export_to(self, path: Path, fmt: str) -> None:
        """Write the whole journal's days, sessions, energy and supervision to `path`.

        Raises `NotSaved` saying where and why when it cannot be read or written.
        """
        from boundary_app.core.export import export_text
        from boundary_app.storage.journal_export import ExportError, read_export, write_export

        zone = self._controller.settings.zone
        try:
            data = read_export(self._controller.journal, zone)
            write_export(path, fmt, export_text(fmt, data, zone, self._controller.now(), None))
        except (JournalError, ExportError) as exc:
            raise NotSaved(_("Not exported: {reason}").format(reason=exc)) from exc

    # -- plumbing ------------------------------------------------------------------

    def _read(self, read: Callable[[], T], fallback: T) -> T:
        return read_or(read, fallback)

    def _write(self, write: Callable[[], T]) -> T:
        try:
            return write_or_raise(write, _("That note is no longer there; the list was refreshed."))
        finally:
            self.changed.emit()
