"""The settings window: every setting without editing a file (ui).

It edits a copy. OK and Apply check the whole document with the rules and
messages of `check-config`; each problem appears next to its field and
nothing is saved while one remains. Saved settings apply at once. Cancel
(or Esc) forgets the edits. Its size is remembered.
"""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, Qt, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QDesktopServices, QHideEvent, QKeyEvent
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QListWidget,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from boundary_app.app.connection_tests import ConnectionTests
from boundary_app.app.settings_editor import SettingsEditor
from boundary_app.core.fields import Problem
from boundary_app.core.i18n import _, ngettext
from boundary_app.integrations.mail_count import MailAccount
from boundary_app.storage.secrets import masked
from boundary_app.ui.labels import fit_on_screen, problem_label
from boundary_app.ui.settings.email_page import EmailPage
from boundary_app.ui.settings.end_of_day_page import EndOfDayPage
from boundary_app.ui.settings.general_page import GeneralPage
from boundary_app.ui.settings.hours_page import HoursPage
from boundary_app.ui.settings.integration_pages import CalendarPage, MailPage
from boundary_app.ui.settings.page import Document, SettingsPage
from boundary_app.ui.settings.sessions_page import SessionsPage
from boundary_app.ui.settings.wellbeing_page import WellbeingPage

GEOMETRY_KEY = "settings-window/geometry"


class SettingsWindow(QWidget):
    preview_requested = Signal(str)  # a cue mode to show as a sample

    def __init__(self, editor: SettingsEditor, today: date, state_file: Path) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self.setWindowTitle(_("Settings \u2013 Boundary"))
        self.setObjectName("settings")
        self._editor = editor
        self._state = QSettings(str(state_file), QSettings.Format.IniFormat)
        self._dirty = False
        self._autostart_loaded = False
        self.hours = HoursPage(editor.system_zone_name(), today)
        self.sessions = SessionsPage()
        self.email = EmailPage()
        self.end_of_day = EndOfDayPage(editor.quiet_support())
        self.wellbeing = WellbeingPage()
        self.general = GeneralPage(str(editor.data_folder), str(editor.settings_path))
        self.calendar = CalendarPage()
        self.mail = MailPage()
        self.pages: list[SettingsPage] = [
            self.hours,
            self.sessions,
            self.email,
            self.end_of_day,
            self.wellbeing,
            self.calendar,
            self.mail,
            self.general,
        ]
        self.tests = ConnectionTests()
        self.tests.finished.connect(self._on_test_finished)
        self.calendar.test_requested.connect(self._test_calendar)
        self.mail.test_requested.connect(self._test_mail)
        self.sessions.preview_requested.connect(self.preview_requested)
        self.general.open_folder_requested.connect(self._open_data_folder)
        self.general.export_requested.connect(self._export)
        self.general.reset_requested.connect(self._reset)

        self.index = QListWidget()
        self.index.setAccessibleName(_("Settings pages"))
        self.index.setFrameShape(QFrame.Shape.NoFrame)
        self.index.setSpacing(3)
        self.stack = QStackedWidget()
        for page in self.pages:
            self.index.addItem(_(page.title))
            page.edited.connect(self._on_edited)
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QFrame.Shape.NoFrame)
            scroll.setWidget(page)
            self.stack.addWidget(scroll)
        self.index.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.index.setCurrentRow(0)
        self.index.setFixedWidth(self.index.sizeHintForColumn(0) + 32)

        self.problem = problem_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Apply
            | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.apply_button = self.buttons.button(QDialogButtonBox.StandardButton.Apply)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.ok_button.clicked.connect(self.on_ok)
        self.apply_button.clicked.connect(self.apply)
        self.cancel_button.clicked.connect(self.close)

        body = QHBoxLayout()
        body.addWidget(self.index)
        body.addWidget(self.stack, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.setTabOrder(self.index, self.stack)

    # -- opening -------------------------------------------------------------------

    def open(self) -> None:
        """Show the settings in force (unless edits are waiting), and come forward."""
        if not self.isVisible() or not self._dirty:
            self.load(self._editor.document())
            enabled, note = self._editor.autostart_state()
            self.general.show_autostart(enabled, note, self._editor.autostart_available)
            self._autostart_loaded = enabled
            self._show_secrets()
            self._set_dirty(False)
        if not self.isVisible():
            self._restore_size()
            self.show()
        self.raise_()
        self.activateWindow()

    def load(self, document: Document) -> None:
        for page in self.pages:
            page.load(document)
            page.show_problems([])
        self.problem.hide()

    def _show_secrets(self) -> None:
        url = self._editor.calendar_url()
        self.calendar.show_kept_url(masked(url) if url else "")
        user, host = self.mail.user.text().strip(), self.mail.host.text().strip()
        kept = bool(self._editor.mail_password(user, host)) if user and host else False
        self.mail.show_kept_password(kept, self._editor.keyring_problem())

    def _test_calendar(self) -> None:
        document = self.edited_document()["calendar"]
        if document["source"] == "url":
            source = self.calendar.typed_url() or self._editor.calendar_url()
        else:
            source = document["file"]
        if not source:
            self.calendar.connection.report(False, _("Give a calendar file or address first."))
            return
        self.calendar.connection.running()
        settings = self._editor.settings()
        self.tests.test_calendar(source, document["pattern"], settings.zone, self._editor.now())

    def _test_mail(self) -> None:
        mail = self.edited_document()["mail"]
        password = self.mail.typed_password() or self._editor.mail_password(
            mail["user"], mail["host"]
        )
        try:
            account = MailAccount(
                mail["host"], mail["port"], mail["user"], tuple(mail["folders"]), mail["security"]
            )
        except ValueError as exc:
            self.mail.connection.report(False, str(exc))
            return
        if not mail["host"] or not password:
            self.mail.connection.report(False, _("Give the server, user name and password first."))
            return
        self.mail.connection.running()
        self.tests.test_mail(account, password)

    def _on_test_finished(self, which: str, ok: bool, text: str) -> None:
        page = self.calendar if which == "calendar" else self.mail
        page.connection.report(ok, text)

    def on_file_changed(self) -> None:
        """The settings file changed elsewhere: show it, unless the user is editing."""
        if self.isVisible() and not self._dirty:
            self.load(self._editor.document())

    def _restore_size(self) -> None:
        saved = self._state.value(GEOMETRY_KEY)
        if isinstance(saved, QByteArray) and self.restoreGeometry(saved):
            return
        fit_on_screen(self, 760, 620)

    # -- editing -------------------------------------------------------------------

    def _on_edited(self) -> None:
        self._set_dirty(True)

    def _set_dirty(self, dirty: bool) -> None:
        self._dirty = dirty
        self.apply_button.setEnabled(dirty)

    def edited_document(self) -> Document:
        document = copy.deepcopy(self._editor.document())
        for page in self.pages:
            page.store(document)
        return document

    def apply(self) -> bool:
        """Check and save; False (and every problem shown at its field) when it cannot."""
        document = self.edited_document()
        problems = self._editor.apply(document)
        self.show_problems(problems)
        if problems:
            return False
        mail = document["mail"]
        trouble = self._editor.keep_secrets(
            self.calendar.typed_url(), (mail["user"], mail["host"], self.mail.typed_password())
        )
        if trouble:
            self.show_problems([Problem("", _("Not kept: {reason}").format(reason=trouble))])
            return False
        self.calendar.url.clear()
        self.mail.password.clear()
        self._show_secrets()
        wanted = self.general.autostart.isChecked()
        if wanted != self._autostart_loaded:
            trouble = self._editor.set_autostart(wanted)
            enabled, note = self._editor.autostart_state()
            self.general.show_autostart(enabled, trouble or note, self._editor.autostart_available)
            self._autostart_loaded = enabled
            if trouble:
                self.show_problems([Problem("", trouble)])
                return False
        self._set_dirty(False)
        return True

    def show_problems(self, problems: list[Problem]) -> None:
        first: int | None = None
        for number, page in enumerate(self.pages):
            mine = [p for p in problems if page.owns(p)]
            page.show_problems(mine)
            if mine and first is None:
                first = number
        if first is not None:
            self.index.setCurrentRow(first)
        count = len(problems)
        if count:
            others = [str(p) for p in problems if not any(pg.owns(p) for pg in self.pages)]
            if first is None:
                summary = ngettext(
                    "Not saved: {count} problem to fix.",
                    "Not saved: {count} problems to fix.",
                    count,
                ).format(count=count)
            else:
                summary = ngettext(
                    "Not saved: {count} problem to fix (see {page}).",
                    "Not saved: {count} problems to fix (see {page}).",
                    count,
                ).format(count=count, page=_(self.pages[first].title))
            self.problem.setText("\n".join([summary, *others]))
        self.problem.setVisible(bool(count))

    def on_ok(self) -> None:
        if not self._dirty or self.apply():
            self.close()

    def _reset(self) -> None:
        self.load(self._editor.defaults())
        self._set_dirty(True)

    def _open_data_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._editor.data_folder)))

    def _export(self) -> None:
        document = self.edited_document()
        problems = self._editor.check(document)
        if problems:
            self.show_problems(problems)
            return
        dialog = QFileDialog(
            self, _("Export settings"), str(Path.home() / "boundary-settings.toml")
        )
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilter(_("Settings (*.toml)"))
        dialog.fileSelected.connect(lambda name: self._write_export(Path(name), document))
        dialog.open()
        self._dialog = dialog

    def _write_export(self, target: Path, document: Document) -> None:
        try:
            self._editor.export_to(target, document)
        except OSError as exc:
            self.show_problems([Problem("", _("Not exported: {reason}").format(reason=exc))])

    # -- closing -------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close()
        else:
            super().keyPressEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        self.calendar.url.clear()  # a typed secret does not linger in a hidden window
        self.mail.password.clear()
        super().hideEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._state.setValue(GEOMETRY_KEY, self.saveGeometry())
        self._state.sync()
        self._set_dirty(False)  # Cancel: the edits are forgotten; the next open reloads
        super().closeEvent(event)
