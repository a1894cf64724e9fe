"""The well-being windows, opened on demand and kept off a shared screen (ui).

One object owns the energy check, the notes for supervision (the list and
the quick note) and the weekly report: it builds each window the first
time it is wanted, fills it from `app.wellbeing`, saves what the user
does there through it, and puts the windows with private text away when a
client session starts.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox

from boundary_app.app.controller import Controller
from boundary_app.app.journal_calls import NotSaved
from boundary_app.app.wellbeing import Wellbeing
from boundary_app.core.day_state import DayState
from boundary_app.core.i18n import _
from boundary_app.core.wellbeing import Energy

if TYPE_CHECKING:
    from boundary_app.ui.energy_check import EnergyCheckWindow
    from boundary_app.ui.supervision_notes import QuickNoteDialog, SupervisionNotesWindow
    from boundary_app.ui.week_report_window import WeekReportWindow

log = logging.getLogger(__name__)


class WellbeingWindows(QObject):
    not_saved = Signal(str)  # a rating or an export could not be kept: what and why

    def __init__(self, controller: Controller, wellbeing: Wellbeing) -> None:
        super().__init__()
        self._controller = controller
        self._wellbeing = wellbeing
        self.energy_window: EnergyCheckWindow | None = None
        self.notes_window: SupervisionNotesWindow | None = None
        self.quick_note: QuickNoteDialog | None = None
        self.week_window: WeekReportWindow | None = None
        self._week_shown: date | None = None
        self._dialog: QFileDialog | None = None
        self._box: QMessageBox | None = None
        controller.changed.connect(self._on_changed)
        controller.session_ended.connect(lambda _session: self.ask_energy_after_session())
        wellbeing.changed.connect(self._on_records_changed)

    # -- energy ------------------------------------------------------------------

    def ask_energy_after_session(self) -> None:
        """A session was ended: ask how it went, if the user wants to be asked."""
        if self._wellbeing.energy_enabled:
            self.ask_energy()

    def ask_energy(self) -> None:
        if self._in_session():
            return
        if self.energy_window is None:
            from boundary_app.ui.energy_check import EnergyCheckWindow

            self.energy_window = EnergyCheckWindow(self._wellbeing.energy_tags())
            self.energy_window.rated.connect(self._on_rated)
        else:
            self.energy_window.reset(self._wellbeing.energy_tags())
        self.energy_window.open()

    def _on_rated(self, rating: Energy, tags: Sequence[str]) -> None:
        try:
            self._wellbeing.rate(rating, tags)
        except NotSaved as exc:
            self.not_saved.emit(str(exc))

    # -- notes for supervision -------------------------------------------------------

    def ask_note(self) -> None:
        if self._in_session():
            return
        if self.quick_note is None:
            from boundary_app.ui.supervision_notes import QuickNoteDialog

            self.quick_note = QuickNoteDialog()
            dialog = self.quick_note
            self.quick_note.note_added.connect(
                lambda text: self._save_note(text, dialog.show_problem, dialog.note_saved)
            )
        self.quick_note.open()

    def show_notes(self) -> None:
        if self._in_session():
            return
        if self.notes_window is None:
            from boundary_app.ui.supervision_notes import SupervisionNotesWindow

            window = SupervisionNotesWindow()
            window.note_added.connect(
                lambda text: self._save_note(text, window.show_problem, window.note_saved)
            )
            window.note_checked.connect(
                lambda note_id, done: self._change(
                    lambda: self._wellbeing.check_note(note_id, done), window.show_problem
                )
            )
            window.note_dropped.connect(
                lambda note_id: self._change(
                    lambda: self._wellbeing.drop_note(note_id), window.show_problem
                )
            )
            window.held.connect(
                lambda: self._change(self._wellbeing.supervision_held, window.show_problem)
            )
            window.checked_in.connect(
                lambda who: self._change(
                    lambda: self._wellbeing.checked_in(who), window.show_problem
                )
            )
            self.notes_window = window
        self._fill_notes()
        self.notes_window.open()

    def _fill_notes(self) -> None:
        window = self.notes_window
        if window is None:
            return
        window.set_notes(self._wellbeing.notes())
        window.set_next(self._wellbeing.supervision_line())
        window.set_supervisees(self._wellbeing.supervisees())

    def _save_note(
        self, text: str, show_problem: Callable[[str], None], saved: Callable[[], None]
    ) -> None:
        try:
            self._wellbeing.add_note(text)
        except NotSaved as exc:
            show_problem(str(exc))
            return
        saved()

    def _change(self, change: Callable[[], object], show_problem: Callable[[str], None]) -> None:
        try:
            change()
        except NotSaved as exc:
            show_problem(str(exc))

    # -- the week ------------------------------------------------------------------

    def show_week(self, monday: date | None = None) -> None:
        if self._in_session():
            return
        if self.week_window is None:
            from boundary_app.ui.week_report_window import WeekReportWindow

            self.week_window = WeekReportWindow()
            self.week_window.week_wanted.connect(self.show_week)
            self.week_window.export_wanted.connect(self.ask_export)
        self._fill_week(monday or self._wellbeing.this_monday())
        self.week_window.open()

    def _fill_week(self, monday: date) -> None:
        assert self.week_window is not None
        this_monday = self._wellbeing.this_monday()
        monday = min(monday - timedelta(days=monday.weekday()), this_monday)
        report, text = self._wellbeing.week(monday)
        zone = self._controller.settings.zone
        self.week_window.set_report(report, text, monday == this_monday, zone=zone)
        self._week_shown = monday

    def ask_export(self) -> None:
        """Ask where to write the records (CSV or JSON by the name chosen), then write them."""
        today = self._wellbeing.this_monday() + timedelta(days=7)
        start = str(Path.home() / f"boundary-records-{today.isoformat()}.csv")
        dialog = QFileDialog(self.week_window, _("Export your records"), start)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        csv_filter = _("CSV, for a spreadsheet (*.csv)")
        dialog.setNameFilters([csv_filter, _("JSON (*.json)")])
        dialog.setDefaultSuffix("csv")
        dialog.filterSelected.connect(
            lambda chosen: dialog.setDefaultSuffix("csv" if chosen == csv_filter else "json")
        )
        dialog.fileSelected.connect(lambda name: self.export_to(Path(name)))
        dialog.open()
        self._dialog = dialog

    def export_to(self, path: Path) -> None:
        fmt = "json" if path.suffix.lower() == ".json" else "csv"
        try:
            self._wellbeing.export_to(path, fmt)
        except NotSaved as exc:
            self.not_saved.emit(str(exc))
            return
        log.info("records exported as %s", fmt)
        box = QMessageBox(
            QMessageBox.Icon.Information,
            _("Boundary: exported"),
            _(
                "Your days, sessions, energy ratings and supervision log are in {path}."
                " Task texts and notes for supervision are not included."
            ).format(path=path),
            parent=self.week_window,
        )
        box.setModal(False)
        box.open()
        self._box = box

    # -- keeping them true and private -------------------------------------------------

    def _on_records_changed(self) -> None:
        if self.notes_window is not None and self.notes_window.isVisible():
            self._fill_notes()
        if self.week_window is not None and self.week_window.isVisible():
            self._fill_week(self._week_shown or self._wellbeing.this_monday())

    def _on_changed(self) -> None:
        if not self._in_session():
            return
        for window in (self.notes_window, self.quick_note, self.week_window, self.energy_window):
            if window is not None and window.isVisible():
                log.info("a session started: %s put away", type(window).__name__)
                window.hide()

    def _in_session(self) -> bool:
        return self._controller.status().state is DayState.IN_SESSION
