"""The composition root: builds every part of the running app and wires them (app).

The one module that imports every layer. `app.boot` has taken the instance
lock and put a first icon in the tray; this builds the rest around it, and
loads what the first paint does not need (the scheduler, notifications) a
moment later.
"""

from __future__ import annotations

import logging
import signal
import socket
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QSocketNotifier, QTimer
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

from boundary_app import ipc
from boundary_app.app.boot import StartOptions
from boundary_app.app.controller import Controller
from boundary_app.app.handoffs import Handoffs
from boundary_app.app.language import install_language
from boundary_app.app.task_board import TaskBoard
from boundary_app.app.time_watch import TimeWatch
from boundary_app.app.wellbeing import Wellbeing
from boundary_app.core.clock import Clock, PretendClock, SystemClock
from boundary_app.core.day_state import DayState
from boundary_app.core.i18n import _, capitalized, date_text
from boundary_app.core.nudge import NudgeKind
from boundary_app.core.wall import local_date, localize
from boundary_app.storage import paths
from boundary_app.storage.journal import JournalNewerError, open_journal
from boundary_app.storage.resources import load_reframes
from boundary_app.storage.settings_file import load_or_recover
from boundary_app.storage.system_zone import system_zone
from boundary_app.storage.wellbeing_records import WellbeingRecords
from boundary_app.ui.actions import AppActions
from boundary_app.ui.tray import Tray
from boundary_app.ui.wellbeing_windows import WellbeingWindows

if TYPE_CHECKING:  # loaded when first needed: the first paint does not wait for them
    from boundary_app.app.settings_watch import SettingsWatch
    from boundary_app.app.single_instance import IpcServer
    from boundary_app.core.settings import Settings
    from boundary_app.ui.end_of_day import EndOfDayWindow
    from boundary_app.ui.plan_window import PlanWindow
    from boundary_app.ui.settings.window import SettingsWindow
    from boundary_app.ui.status_window import StatusWindow
    from boundary_app.ui.tasks_window import TasksWindow

log = logging.getLogger(__name__)

# Time for the tray host to hear of the icon before the rest is loaded.
REST_DELAY_MS = 250
PREBUILD_DELAY_MS = 2000  # after the wrap-up: the end-of-day window, built unseen
TRAY_CHECK_MS, TRAY_CHECKS = 5_000, 24  # every 5 s for the first 2 minutes


def run_shell(app: QApplication, icon: QSystemTrayIcon, options: StartOptions) -> int:
    """Build the running app around the application and tray icon `boot` made."""
    install_language(app)
    real = SystemClock()
    settings_path = options.settings_path or paths.settings_path()
    loaded = load_or_recover(settings_path, system_zone=system_zone(), now=real.now())
    settings = loaded.settings
    clock: Clock = real
    if options.pretend_now is not None:
        start = options.pretend_now
        if start.tzinfo is None:
            start = start.replace(tzinfo=settings.zone)
        pretend = PretendClock(start, options.speed)
        log.info(
            "pretend clock: %s at real %s, speed %g",
            localize(pretend.start, settings.zone).isoformat(),
            pretend.real_anchor.isoformat(),
            options.speed,
        )
        clock = pretend
    try:
        opened = open_journal(paths.journal_path(), now=real.now())
    except JournalNewerError as exc:
        return _refuse_to_start(app, str(exc))
    shell = Shell(app, Controller(settings, clock, opened.journal), settings_path, icon)
    if loaded.notice:
        shell.show_settings_notice(loaded.notice)
    if opened.notice:
        shell.show_notice(_("Boundary: your journal"), opened.notice)
    return shell.run()


def _refuse_to_start(app: QApplication, message: str) -> int:
    """Say why the app cannot run (a journal from a newer Boundary) and stop."""
    from PySide6.QtWidgets import QMessageBox

    log.error("%s", message)
    QMessageBox.critical(None, _("Boundary cannot start"), message)
    return 2


class Shell:
    """The running app's parts, wired together."""

    def __init__(
        self,
        app: QApplication,
        controller: Controller,
        settings_path: Path,
        icon: QSystemTrayIcon | None = None,
    ) -> None:
        self.app = app
        self.controller = controller
        self.settings_path = settings_path
        self.actions = AppActions(controller)
        self.tray = Tray(controller, self.actions, icon)
        self.status_window: StatusWindow | None = None
        self.plan_window: PlanWindow | None = None
        self.board = TaskBoard(controller, controller.journal, load_reframes())
        self.handoffs = Handoffs(controller, self.board)
        self.wellbeing = Wellbeing(controller, WellbeingRecords(controller.journal))
        self.wellbeing_windows = WellbeingWindows(controller, self.wellbeing)
        self.end_of_day_window: EndOfDayWindow | None = None
        self.tasks_window: TasksWindow | None = None
        self.settings_window: SettingsWindow | None = None
        self.scheduler: Any = None
        self.settings_watch: SettingsWatch | None = None
        self.server: IpcServer | None = None
        self.presenter: Any = None
        self.mail_check: Any = None
        self.quiet: Any = None
        self.calendar: Any = None
        self.watch = TimeWatch(controller.clock, self._zone)
        # A tray often appears a little after login: look for it often at first,
        # then only on the minute tick.
        self._tray_checks_left = TRAY_CHECKS
        self._look_for_tray = QTimer()
        self._look_for_tray.setInterval(TRAY_CHECK_MS)
        self._look_for_tray.timeout.connect(self._check_for_tray)
        # After the wrap-up: the end-of-day window, built unseen (see on_nudges_ready).
        self._prebuild = QTimer()
        self._prebuild.setSingleShot(True)
        self._prebuild.timeout.connect(self._end_of_day)
        self._signal_wakeup = _install_signal_wakeup(self.quit)

        controller.quit_requested.connect(self.quit)
        self.actions.plan_requested.connect(self.show_plan)
        self.actions.done_requested.connect(self.ask_close_day)
        self.actions.tasks_requested.connect(self.show_tasks)
        self.handoffs.end_of_day_wanted.connect(self.ask_close_day)
        self.handoffs.morning_wanted.connect(self.show_morning)
        controller.not_saved.connect(self.on_not_saved)
        self.actions.settings_requested.connect(self.open_settings)
        self.actions.about_requested.connect(self.show_about)
        windows = self.wellbeing_windows
        self.actions.energy_requested.connect(windows.ask_energy)
        self.actions.note_requested.connect(windows.ask_note)
        self.actions.notes_requested.connect(windows.show_notes)
        self.actions.week_requested.connect(lambda: windows.show_week())
        windows.not_saved.connect(self.on_not_saved)
        self.tray.activated.connect(self.show_plan)
        self.watch.ticked.connect(self.on_tick)
        self.watch.clock_jumped.connect(self.on_clock_jumped)
        self.watch.day_changed.connect(lambda _day: self.on_new_day())
        self.watch.zone_changed.connect(self.on_zone_changed)

    def run(self) -> int:
        if not self.tray.attach():
            log.warning("no system tray: showing the status window")
            self.show_status_window()
            self._look_for_tray.start()
        self.controller.replan("start")
        self.listen()
        self.handoffs.check_at_start()
        QTimer.singleShot(REST_DELAY_MS, self.start_the_rest)
        return self.app.exec()

    def listen(self) -> None:
        """Answer the command line from the first moment (a plain socket: cheap)."""
        from boundary_app.app.single_instance import IpcServer

        self.server = IpcServer(paths.socket_path(), self.handle_request)
        try:
            self.server.listen()
        except OSError as exc:
            log.error("the command line cannot reach this instance: %s", exc)

    def start_the_rest(self) -> None:
        """What the first paint does not need: scheduler, notifications, socket."""
        from boundary_app.app.calendar_sync import CalendarSync
        from boundary_app.app.mail_check import MailCheck
        from boundary_app.app.quiet_watch import QuietWatch
        from boundary_app.app.scheduler_adapter import NudgeScheduler
        from boundary_app.app.settings_watch import SettingsWatch
        from boundary_app.integrations.quiet_evenings import detect as quiet_switch
        from boundary_app.storage.secrets import Secrets
        from boundary_app.ui.notifier_setup import build_notifier
        from boundary_app.ui.nudge_presenter import NudgePresenter

        self.scheduler = NudgeScheduler(self.controller.clock)
        self.controller.plan_changed.connect(self.scheduler.apply)
        self.scheduler.due.connect(self.controller.on_nudges_due)
        notifier = build_notifier(self.tray)
        self.presenter = NudgePresenter(self.controller, notifier)
        self.mail_check = MailCheck(self.controller, Secrets())
        self.calendar = CalendarSync(self.controller, Secrets(), paths.data_dir() / "calendar")
        self.calendar.warned.connect(
            lambda text: self.presenter.quiet_notice(_("Calendar not refreshed"), text)
        )
        self.calendar.start()
        switch = quiet_switch(state_file=paths.data_dir() / "quiet-evenings.json")
        self.quiet = QuietWatch(self.controller, switch)
        self.quiet.failed.connect(
            lambda text: self.show_notice(_("Boundary: quiet evenings"), text)
        )
        self.quiet.start()
        self.mail_check.counted.connect(lambda nudge: self.presenter.present([nudge]))
        self.controller.nudges_ready.connect(self.on_nudges_ready)
        self.presenter.plan_requested.connect(self.show_plan)
        self.presenter.done_requested.connect(self.ask_close_day)
        self.presenter.notes_requested.connect(self.wellbeing_windows.show_notes)
        self.presenter.icon_cue.connect(self.tray.flash)
        self.scheduler.start()
        self.scheduler.apply(self.controller.plan)
        self.watch.start()
        self.settings_watch = SettingsWatch(self.settings_path, self.controller.settings)
        self.settings_watch.changed.connect(self.on_settings_changed)
        self.settings_watch.refused.connect(self.on_settings_refused)

    # -- keeping the display true ------------------------------------------------

    def refresh(self) -> None:
        self.tray.refresh()
        if self.status_window is not None:
            self.status_window.refresh()

    def on_tick(self) -> None:
        self._attach_if_tray_appeared()
        self.refresh()

    def _check_for_tray(self) -> None:
        self._tray_checks_left -= 1
        if self._attach_if_tray_appeared() or self._tray_checks_left <= 0:
            self._look_for_tray.stop()

    def _attach_if_tray_appeared(self) -> bool:
        if self.tray.attached:
            return True
        if not self.tray.attach():
            return False
        log.info("a tray appeared: moving there")
        if self.status_window is not None:
            self.status_window.hide()
        return True

    def on_nudges_ready(self, nudges: list[Any]) -> None:
        rest = self.handoffs.take(nudges)
        if self.mail_check is not None:
            rest = self.mail_check.take(rest)  # email windows wait for their unread count
        if rest and self.presenter is not None:
            self.presenter.present(rest)
        if any(n.kind is NudgeKind.DAY_WRAPUP for n in nudges):
            # Build the handoff window soon, unseen, so that at the day's end it only has
            # to be shown (the first window of a process also loads its code: ~100 ms).
            # Not at once: the wrap-up's own notification goes first, on time.
            self._prebuild.start(PREBUILD_DELAY_MS)

    def on_not_saved(self, message: str) -> None:
        # One notice at a time: a full disk fails every write the same way.
        box = getattr(self, "_not_saved_box", None)
        if box is not None and box.isVisible():
            return
        self._not_saved_box = self.show_notice(_("Boundary: not saved"), message)

    def on_clock_jumped(self, seconds: float) -> None:
        self.controller.replan(f"clock moved {seconds:+.0f} s")
        if self.scheduler is not None:
            self.scheduler.recheck()

    def on_settings_changed(self, settings: Settings) -> None:
        self.controller.apply_settings(settings)
        if self.calendar is not None:
            self.calendar.restart()
        self.actions.build_sessions()
        self.tray.rebuild_menu()
        if self.settings_window is not None:
            self.settings_window.on_file_changed()

    def on_settings_refused(self, problems: str) -> None:
        self.show_settings_notice(
            _(
                "Your changes to the settings were not applied:\n{problems}\n"
                "Boundary keeps the settings it had until the file reads cleanly."
            ).format(problems=problems)
        )

    def on_zone_changed(self, key: str) -> None:
        settings = self.controller.settings
        if settings.timezone is None:
            self.controller.apply_settings(replace(settings, zone=self._zone()))

    def _zone(self) -> ZoneInfo:
        settings = self.controller.settings
        return settings.zone if settings.timezone is not None else system_zone(fresh=True)

    # -- windows -----------------------------------------------------------------

    def show_status_window(self) -> None:
        if self.status_window is None:
            from boundary_app.ui.status_window import StatusWindow

            self.status_window = StatusWindow(self.controller, self.actions)
        self.status_window.show()
        self.status_window.raise_()

    def show_plan(self) -> None:
        if self.plan_window is None:
            from boundary_app.ui.plan_window import PlanWindow

            self.plan_window = PlanWindow()
        controller = self.controller
        today = local_date(controller.now(), controller.settings.zone)
        heading = capitalized(date_text(today, year=True))
        self.plan_window.show_plan(
            heading, controller.describe(), controller.todays_plan(), controller.now()
        )

    def _put_away_handoff(self) -> None:
        """The day was closed from elsewhere (the command line): the open handoff is moot.

        What was typed in it is kept (drafts and tasks are saved as typed).
        """
        window = self.end_of_day_window
        if window is not None and window.isVisible():
            window.save_draft()
            window.hide()

    def on_new_day(self) -> None:
        self.controller.replan("a new day")
        if self.end_of_day_window is not None and self.end_of_day_window.isVisible():
            self.end_of_day_window.refresh()  # left open past midnight: today's lists

    def _end_of_day(self) -> EndOfDayWindow:
        if self.end_of_day_window is None:
            from boundary_app.ui.end_of_day import EndOfDayWindow

            self.end_of_day_window = EndOfDayWindow(self.board, self.handoffs)
        return self.end_of_day_window

    def ask_close_day(self) -> None:
        self._end_of_day().open()

    def _tasks(self) -> TasksWindow:
        if self.tasks_window is None:
            from boundary_app.ui.tasks_window import TasksWindow

            self.tasks_window = TasksWindow(self.board)
            self.tasks_window.started_day.connect(self.handoffs.morning_seen)
        return self.tasks_window

    def show_tasks(self) -> None:
        self._tasks().open_today()

    def show_morning(self) -> None:
        self._tasks().open_morning()

    def open_settings(self) -> None:
        if self.settings_window is None:
            from boundary_app.app.settings_editor import SettingsEditor
            from boundary_app.integrations.autostart import for_this_platform
            from boundary_app.ui.settings.window import SettingsWindow

            editor = SettingsEditor(
                self.controller, self.settings_path, paths.data_dir(), for_this_platform()
            )
            editor.applied.connect(self.on_settings_applied)
            editor.secrets_changed.connect(self.on_secrets_changed)
            today = local_date(self.controller.now(), self.controller.settings.zone)
            state_file = paths.config_dir() / "window-state.ini"
            self.settings_window = SettingsWindow(editor, today, state_file)
            self.settings_window.preview_requested.connect(self.preview_cue)
        self.settings_window.open()

    def on_settings_applied(self, settings: Settings) -> None:
        """Saved from the settings window (and applied there): refresh the menus."""
        if self.settings_watch is not None:
            self.settings_watch.note_applied(settings)
        if self.calendar is not None:
            self.calendar.restart()
        self.actions.build_sessions()
        self.tray.rebuild_menu()

    def on_secrets_changed(self) -> None:
        """A new calendar address (or password) was kept: use it now, not in 15 minutes."""
        if self.calendar is not None:
            self.calendar.restart()

    def preview_cue(self, cues: str) -> None:
        if self.presenter is not None:
            self.presenter.preview(cues)

    def show_about(self) -> None:
        from boundary_app.ui.about import show_about

        self._about_box = show_about(str(paths.data_dir()))

    def show_settings_notice(self, notice: str) -> None:
        self._notice_box = self.show_notice(_("Boundary: settings not used"), notice)

    def show_notice(self, title: str, text: str) -> Any:
        """A non-modal warning that does not block the app."""
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Warning, title, text)
        box.setModal(False)
        box.open()
        self._notices = [b for b in getattr(self, "_notices", []) if b.isVisible()] + [box]
        return box

    def bring_forward(self) -> None:
        if not self.tray.attached:
            self.show_status_window()
        else:
            self.show_plan()

    # -- the command line --------------------------------------------------------

    def handle_request(self, request: ipc.Request) -> dict[str, Any]:
        c = self.controller
        args = request.args
        if request.command == "show":
            self.bring_forward()
        elif request.command == "session.start":
            c.start_session(_minutes(args.get("minutes")))
        elif request.command == "session.end":
            if not c.end_session():
                raise ValueError(_("no session is open"))
        elif request.command == "pause":
            c.pause(_minutes(args.get("minutes")))
        elif request.command == "resume":
            c.resume()
        elif request.command == "done":
            if args.get("now"):
                c.close_day()
                self._put_away_handoff()
            else:
                self.ask_close_day()
        elif request.command == "tasks.changed":
            self.board.refresh()
        elif request.command == "wellbeing.changed":
            self.wellbeing.changed.emit()
        elif request.command == "settings":
            self.open_settings()
        elif request.command == "week":
            if c.status().state is DayState.IN_SESSION:
                raise ValueError(_("not during a session: the week opens when it ends"))
            self.wellbeing_windows.show_week()
        elif request.command == "quit":
            QTimer.singleShot(0, self.quit)
            return {"quitting": True}
        return c.status_dict()

    def quit(self) -> None:
        log.info("quitting")
        if self.server is not None:
            self.server.close()
        if self.scheduler is not None:
            self.scheduler.shutdown()
        if self.mail_check is not None:
            self.mail_check.shutdown()
        if self.calendar is not None:
            self.calendar.stop()
        if self.quiet is not None:
            self.quiet.stop()  # the user's own notification setting, back before we go
        self.watch.stop()
        self._prebuild.stop()
        self.tray.icon.hide()
        # exit(), not quit(): Qt 6's quit() first asks every window to close, and the status
        # window (shown where there is no tray) refuses, so quit() would be cancelled.
        self.app.exit(0)


def _minutes(value: object) -> int | None:
    if value is None:
        return None
    if type(value) is not int:
        raise ValueError(f"minutes must be a whole number, not {value!r}")
    return value


def _install_signal_wakeup(on_signal: Callable[[], None]) -> Any:
    """Quit cleanly on SIGTERM/SIGINT without a polling timer.

    Python runs signal handlers only between bytecodes, and Qt's loop sits in
    C++; writing the signal number to a socket the loop watches wakes it.
    """
    reader, writer = socket.socketpair()
    writer.setblocking(False)
    reader.setblocking(False)
    signal.set_wakeup_fd(writer.fileno())
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: None)
    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read)

    def on_readable() -> None:
        try:
            reader.recv(64)
        except OSError:
            return
        log.info("stopping on a signal")
        on_signal()

    notifier.activated.connect(on_readable)
    return reader, writer, notifier
