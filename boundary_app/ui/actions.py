"""The app's commands as `QAction`s, shared by the tray menu and the status window (ui).

Each action is enabled only when it makes sense now (items are disabled,
never hidden, so the menu keeps its shape). `update` reads the controller.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction

from boundary_app.app.controller import Controller
from boundary_app.core.day_state import DayState
from boundary_app.core.i18n import N_, _

PAUSES: tuple[tuple[str, int | None], ...] = (
    (N_("15 minutes"), 15),
    (N_("30 minutes"), 30),
    (N_("1 hour"), 60),
    (N_("Until tomorrow"), None),
)


class AppActions(QObject):
    plan_requested = Signal()
    done_requested = Signal()
    tasks_requested = Signal()
    settings_requested = Signal()
    energy_requested = Signal()
    note_requested = Signal()
    notes_requested = Signal()
    week_requested = Signal()
    about_requested = Signal()

    def __init__(self, controller: Controller, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._controller = controller
        self.sessions: list[QAction] = []
        self.build_sessions()
        self.end_session = self._action(_("End session"), controller.end_session)
        self.pauses = [self._action(_(label), partial(controller.pause, m)) for label, m in PAUSES]
        self.resume = self._action(_("Resume nudges"), controller.resume)
        self.show_plan = self._action(_("Today's plan"), self.plan_requested.emit)
        self.tasks = self._action(_("Today's tasks\u2026"), self.tasks_requested.emit)
        self.done = self._action(_("Done for the day\u2026"), self.done_requested.emit)
        self.energy = self._action(_("How did that session go?\u2026"), self.energy_requested.emit)
        self.note = self._action(_("Note for supervision\u2026"), self.note_requested.emit)
        self.notes = self._action(_("Notes for supervision"), self.notes_requested.emit)
        self.week = self._action(_("This week\u2026"), self.week_requested.emit)
        self.settings = self._action(_("Settings\u2026"), self.settings_requested.emit)
        self.about = self._action(_("About Boundary"), self.about_requested.emit)
        self.quit = self._action(_("Quit Boundary"), controller.request_quit)
        self.update()

    def build_sessions(self) -> None:
        """One action per session length in the settings (again after they change)."""
        for old in self.sessions:
            old.deleteLater()
        controller = self._controller
        self.sessions = [
            self._action(
                _("{minutes} min").format(minutes=minutes),
                partial(controller.start_session, minutes),
            )
            for minutes in controller.settings.sessions.presets_min
        ]

    def _action(self, text: str, slot: Callable[[], object]) -> QAction:
        action = QAction(text, self)
        # `triggered` passes a `checked` flag; the commands take no such thing
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def update(self) -> None:
        """Enable what makes sense in the current state."""
        controller = self._controller
        status = controller.status()
        in_session = status.state is DayState.IN_SESSION
        paused = controller.paused_until is not None
        for action in self.sessions:
            action.setEnabled(not in_session)
        self.end_session.setEnabled(in_session)
        for action in self.pauses:
            action.setEnabled(True)
        self.resume.setEnabled(paused)
        # The screen may be shared with a client: nothing private opens in a session.
        for action in (self.energy, self.note, self.notes, self.week):
            action.setEnabled(not in_session)
        self.energy.setVisible(controller.settings.energy.enabled)
        self.done.setEnabled(
            status.state not in (DayState.DONE, DayState.DAY_OFF) and not controller.is_day_closed()
        )
