"""Settings pages "Calendar" and "Mail": optional, off by default, secrets masked (ui).

A private calendar address and a mail password are typed here but never
put in the document (the settings file): the window hands them to the
keyring on Apply. What is kept already shows masked; typing replaces it.
"""

from __future__ import annotations

from PySide6.QtCore import Signal, SignalInstance
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
)

from boundary_app.core.fields import Problem
from boundary_app.core.i18n import N_, _
from boundary_app.ui.labels import make_quiet, push_button
from boundary_app.ui.settings.page import Document, ProblemSlot, SettingsPage


def _quiet(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return make_quiet(label)


class _ConnectionRow:
    """A "Test connection" button and the sentence it reports."""

    def __init__(self, clicked: SignalInstance) -> None:
        self.button = push_button(_("&Test connection"), clicked.emit)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.row = QHBoxLayout()
        self.row.addWidget(self.button)
        self.row.addWidget(self.result, 1)

    def running(self) -> None:
        self.button.setEnabled(False)
        self.result.setText(_("Testing\u2026"))

    def report(self, ok: bool, text: str) -> None:
        self.button.setEnabled(True)
        self.result.setText(("\u2713 " if ok else "\u2717 ") + text)


class CalendarPage(SettingsPage):
    title = N_("Calendar")
    keys = ("calendar",)
    test_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.enabled = QCheckBox(_("&Take client sessions from my calendar"))
        self.enabled.toggled.connect(lambda _on: self.edited.emit())
        privacy = _quiet(
            _(
                "Each timed, busy event (or those matching the pattern below) becomes a"
                " session with the usual cues. Event titles are never shown anywhere: only"
                " \u201cSession\u201d. The calendar is read in work time only."
            )
        )
        self.from_file = QRadioButton(_("A calendar &file on this computer (.ics)"))
        self.from_url = QRadioButton(_("A calendar &address (https), kept in the keyring"))
        group = QButtonGroup(self)
        group.addButton(self.from_file)
        group.addButton(self.from_url)
        self.from_file.toggled.connect(lambda _on: self.edited.emit())
        self.file = QLineEdit()
        self.file.setAccessibleName(_("Calendar file"))
        # Translators: an example of a calendar file's path.
        self.file.setPlaceholderText(_("/home/me/clinic.ics"))
        self.file.textEdited.connect(lambda _t: self.edited.emit())
        self.url = QLineEdit()
        self.url.setAccessibleName(_("Calendar address"))
        self.url.setEchoMode(QLineEdit.EchoMode.Password)
        self.url.textEdited.connect(lambda _t: self.edited.emit())
        self.kept_url = _quiet("")
        self.pattern = QLineEdit()
        self.pattern.setAccessibleName(_("Pattern for session events"))
        self.pattern.setPlaceholderText(_("for example: session|client"))
        self.pattern.textEdited.connect(lambda _t: self.edited.emit())
        self.slot = ProblemSlot("calendar")
        self.connection = _ConnectionRow(self.test_requested)

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(self.from_file)
        form.addRow(_("File"), self.file)
        form.addRow(self.from_url)
        form.addRow(_("Address"), self.url)
        form.addRow("", self.kept_url)
        form.addRow(_("&Pattern"), self.pattern)
        form.addRow("", _quiet(_("Empty: every timed, busy event is a session. Any case.")))
        column = QVBoxLayout(self)
        column.addWidget(self.enabled)
        column.addWidget(privacy)
        column.addLayout(form)
        column.addWidget(self.slot.label)
        column.addLayout(self.connection.row)
        column.addStretch(1)

    def show_kept_url(self, masked: str) -> None:
        self.kept_url.setText(
            _("Kept: {address}").format(address=masked) if masked else _("No address kept yet.")
        )

    def typed_url(self) -> str:
        return self.url.text().strip()

    def load(self, document: Document) -> None:
        calendar = document.get("calendar", {})
        for widget in (self.enabled, self.from_file, self.from_url):
            widget.blockSignals(True)
        self.enabled.setChecked(bool(calendar.get("enabled")))
        (self.from_url if calendar.get("source") == "url" else self.from_file).setChecked(True)
        for widget in (self.enabled, self.from_file, self.from_url):
            widget.blockSignals(False)
        self.file.setText(str(calendar.get("file", "")))
        self.pattern.setText(str(calendar.get("pattern", "")))
        self.url.clear()

    def store(self, document: Document) -> None:
        document["calendar"] = {
            "enabled": self.enabled.isChecked(),
            "source": "url" if self.from_url.isChecked() else "file",
            "file": self.file.text().strip(),
            "pattern": self.pattern.text(),
        }

    def show_problems(self, problems: list[Problem]) -> None:
        self.slot.show(problems)


class MailPage(SettingsPage):
    title = N_("Mail")
    keys = ("mail",)
    test_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.enabled = QCheckBox(_("&Count unread mail at each email window"))
        self.enabled.toggled.connect(lambda _on: self.edited.emit())
        note = _quiet(
            _(
                "Boundary connects once per email window, so only in work time: it has no"
                " reason to look at your mail in the evening. Encrypted connections only."
            )
        )
        self.host = QLineEdit()
        self.host.setPlaceholderText("mail.example.org")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.security = QComboBox()
        self.security.addItem(_("IMAPS (TLS from the start)"), "imaps")
        self.security.addItem("STARTTLS", "starttls")
        self.user = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.kept_password = _quiet("")
        self.folders = QLineEdit()
        # Translators: an example of mail folders; INBOX is the name IMAP gives the inbox.
        self.folders.setPlaceholderText(_("INBOX, Clients"))
        for name, widget in (
            (_("Mail server"), self.host),
            (_("Port"), self.port),
            (_("Security"), self.security),
            (_("User name"), self.user),
            (_("Password"), self.password),
            (_("Folders"), self.folders),
        ):
            widget.setAccessibleName(name)
        for line in (self.host, self.user, self.password, self.folders):
            line.textEdited.connect(lambda _t: self.edited.emit())
        self.port.valueChanged.connect(lambda _v: self.edited.emit())
        self.security.currentIndexChanged.connect(self._on_security)
        self.slot = ProblemSlot("mail")
        self.connection = _ConnectionRow(self.test_requested)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(_("&Server"), self.host)
        form.addRow(_("P&ort"), self.port)
        form.addRow(_("Se&curity"), self.security)
        form.addRow(_("&User name"), self.user)
        form.addRow(_("Pass&word"), self.password)
        form.addRow("", self.kept_password)
        form.addRow(_("&Folders"), self.folders)
        column = QVBoxLayout(self)
        column.addWidget(self.enabled)
        column.addWidget(note)
        column.addLayout(form)
        column.addWidget(self.slot.label)
        column.addLayout(self.connection.row)
        column.addStretch(1)

    def _on_security(self, _index: int) -> None:
        standard = {"imaps": 993, "starttls": 143}
        if self.port.value() in standard.values():
            self.port.setValue(standard[str(self.security.currentData())])
        self.edited.emit()

    def show_kept_password(self, kept: bool, unavailable: str = "") -> None:
        if unavailable:
            self.kept_password.setText(unavailable)
        else:
            self.kept_password.setText(
                _("A password is kept in the keyring; type to replace it.")
                if kept
                else _("No password kept yet.")
            )

    def typed_password(self) -> str:
        return self.password.text()

    def load(self, document: Document) -> None:
        mail = document.get("mail", {})
        widgets = (self.enabled, self.port, self.security)
        for widget in widgets:
            widget.blockSignals(True)
        self.enabled.setChecked(bool(mail.get("enabled")))
        self.port.setValue(int(mail.get("port", 993)))
        index = self.security.findData(mail.get("security", "imaps"))
        self.security.setCurrentIndex(max(0, index))
        for widget in widgets:
            widget.blockSignals(False)
        self.host.setText(str(mail.get("host", "")))
        self.user.setText(str(mail.get("user", "")))
        self.folders.setText(", ".join(mail.get("folders", ["INBOX"])))
        self.password.clear()

    def store(self, document: Document) -> None:
        document["mail"] = {
            "enabled": self.enabled.isChecked(),
            "host": self.host.text().strip(),
            "port": self.port.value(),
            "security": str(self.security.currentData()),
            "user": self.user.text().strip(),
            "folders": [f.strip() for f in self.folders.text().split(",") if f.strip()],
        }

    def show_problems(self, problems: list[Problem]) -> None:
        self.slot.show(problems)
