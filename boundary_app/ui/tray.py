"""The tray icon: where the user stands at a glance, and the menu of commands (ui).

When the desktop has no tray (GNOME without the AppIndicator extension, a
tray that appears after login) the app keeps running with a small status
window instead, and the icon is attached as soon as a tray shows up.
"""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from boundary_app.app.controller import Controller
from boundary_app.core.day_state import DayState
from boundary_app.core.i18n import _
from boundary_app.ui.actions import AppActions
from boundary_app.ui.tray_icon import IconSpec, make_icon

log = logging.getLogger(__name__)

FLASHES = 8  # four blinks


def icon_spec(controller: Controller) -> IconSpec:
    """How the icon should look now: the state, and a session's progress."""
    status = controller.status()
    session = controller.current_session()
    progress = None
    wrapping = False
    if status.state is DayState.IN_SESSION and session is not None:
        elapsed = (controller.now() - session.start) / session.length
        progress = max(0.0, min(1.0, elapsed))
        lead = controller.settings.sessions.wrapup_lead_min * 60
        wrapping = (session.planned_end - controller.now()).total_seconds() <= lead
    return IconSpec(
        status.state,
        progress=progress,
        session_wrapup=wrapping,
        paused=controller.paused_until is not None,
        template=sys.platform == "darwin",  # macOS tints a mask icon for its menu bar
    )


class Tray(QObject):
    activated = Signal()  # the icon was clicked
    icon_replaced = Signal(QSystemTrayIcon)  # a tray appeared late: a new icon serves it

    def __init__(
        self, controller: Controller, actions: AppActions, icon: QSystemTrayIcon | None = None
    ) -> None:
        super().__init__()
        self._controller = controller
        self._actions = actions
        self.menu = QMenu()
        self.menu.aboutToShow.connect(self.rebuild_menu)
        self._shown: tuple[IconSpec, str] | None = None
        self._shown_on: QSystemTrayIcon | None = None
        self.icon = self._new_icon() if icon is None else self._adopt(icon)
        controller.changed.connect(self.refresh)
        self._flashes_left = 0
        self._flash_timer = QTimer(self)
        self._flash_timer.setInterval(400)
        self._flash_timer.timeout.connect(self._on_flash)
        self.rebuild_menu()
        self.refresh()

    def _new_icon(self) -> QSystemTrayIcon:
        # Qt picks the tray protocol (D-Bus or XEmbed) when the icon is made, so an
        # icon made before any tray existed cannot join one that appears later.
        self._made_without_tray = not QSystemTrayIcon.isSystemTrayAvailable()
        icon = QSystemTrayIcon(self)
        icon.setContextMenu(self.menu)
        icon.activated.connect(self._on_activated)
        return icon

    def _adopt(self, icon: QSystemTrayIcon) -> QSystemTrayIcon:
        """Take over the icon start-up put in the tray before the app was loaded."""
        self._made_without_tray = not icon.isVisible()
        icon.setParent(self)
        icon.setContextMenu(self.menu)
        icon.activated.connect(self._on_activated)
        return icon

    def attach(self) -> bool:
        """Show the icon if a tray is there; False if there is none (yet)."""
        if self.icon.isVisible():
            return True
        if not QSystemTrayIcon.isSystemTrayAvailable():
            return False
        if self._made_without_tray:
            old, self.icon = self.icon, self._new_icon()
            old.deleteLater()
            self.refresh()
            self.icon_replaced.emit(self.icon)
        self.icon.show()
        log.info("tray icon shown")
        return True

    @property
    def attached(self) -> bool:
        return self.icon.isVisible()

    def refresh(self) -> None:
        """Redraw the icon and the tooltip from the controller's state, if they changed.

        Each change wakes the tray host over D-Bus, so an unchanged minute
        costs nothing.
        """
        spec = icon_spec(self._controller)
        tooltip = self._controller.describe()
        if (spec, tooltip) != self._shown or self._shown_on is not self.icon:
            icon = make_icon(spec)
            icon.setIsMask(spec.template)
            self.icon.setIcon(icon)
            self.icon.setToolTip(tooltip)
            self._shown, self._shown_on = (spec, tooltip), self.icon
        self._actions.update()

    def flash(self) -> None:
        """Draw the eye to the icon for a cue that is icon-only: blink, then settle."""
        self._flashes_left = FLASHES
        self._flash_timer.start()

    def _on_flash(self) -> None:
        self._flashes_left -= 1
        if self._flashes_left % 2 and self._flashes_left > 0:
            self.icon.setIcon(QIcon())
        else:
            self._shown = None  # the blank frame is up: draw the state again
            self.refresh()
        if self._flashes_left <= 0:
            self._flash_timer.stop()

    def rebuild_menu(self) -> None:
        """The menu, rebuilt each time it opens so every item fits the moment."""
        a = self._actions
        a.update()
        menu = self.menu
        menu.clear()
        header = menu.addAction(self._controller.describe())
        header.setEnabled(False)
        menu.addSeparator()
        start = menu.addMenu(_("Start session"))
        for action in a.sessions:
            start.addAction(action)
        start.setEnabled(any(action.isEnabled() for action in a.sessions))
        menu.addAction(a.end_session)
        pause = menu.addMenu(_("Pause nudges"))
        for action in a.pauses:
            pause.addAction(action)
        menu.addAction(a.resume)
        menu.addSeparator()
        menu.addAction(a.show_plan)
        menu.addAction(a.tasks)
        menu.addAction(a.done)
        menu.addSeparator()
        menu.addAction(a.energy)
        menu.addAction(a.note)
        menu.addAction(a.notes)
        menu.addAction(a.week)
        menu.addSeparator()
        menu.addAction(a.settings)
        menu.addAction(a.about)
        menu.addAction(a.quit)

    def _on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            self.activated.emit()
