"""Quiet evenings: do-not-disturb on the desktop while the user is not working (app).

Opt-in (`day.quiet_evenings`). When the day state turns to off-hours, done
for the day or a day off, the desktop's switch goes on; when work starts,
when the setting is turned off, and when the app quits, the user's own
setting comes back. At start the switch is first given back, which undoes
an evening that a crash left quiet.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from boundary_app.app.controller import Controller
from boundary_app.core.day_state import DayState
from boundary_app.core.i18n import _
from boundary_app.integrations.quiet_evenings import Quiet, QuietError

log = logging.getLogger(__name__)

QUIET_STATES = frozenset({DayState.OFF_HOURS, DayState.DONE, DayState.DAY_OFF})


class QuietWatch(QObject):
    failed = Signal(str)  # the desktop refused: what and why, for the user

    def __init__(self, controller: Controller, switch: Quiet | None) -> None:
        super().__init__()
        self._controller = controller
        self._switch = switch
        self._quiet = False
        self._refused = False  # the desktop said no this evening: do not ask again and again
        controller.changed.connect(self.update)

    def start(self) -> None:
        """Give back whatever a previous run left quiet, then follow the day."""
        self._restore()
        self.update()

    def update(self) -> None:
        if self._switch is None:
            return
        c = self._controller
        wanted = c.settings.day.quiet_evenings and c.status().state in QUIET_STATES
        if not wanted:
            self._refused = False
        if wanted and not self._quiet and not self._refused:
            try:
                self._switch.quiet()
            except QuietError as exc:
                self._refused = True
                self.failed.emit(_("Quiet evenings: {reason}").format(reason=exc))
                return
            self._quiet = True
            log.info("%s notifications quieted for the evening", self._switch.name)
        elif not wanted and self._quiet:
            self._restore()

    def stop(self) -> None:
        self._restore()

    def _restore(self) -> None:
        if self._switch is None:
            return
        try:
            self._switch.restore()
        except QuietError as exc:
            self.failed.emit(_("Quiet evenings: {reason}").format(reason=exc))
            return
        if self._quiet:
            log.info("%s notifications back as the user had them", self._switch.name)
        self._quiet = False
