"""Settings page "Email": the times email may be checked (ui)."""

from __future__ import annotations

from datetime import time

from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidgetItem,
    QTimeEdit,
    QVBoxLayout,
)

from boundary_app.core.fields import Problem
from boundary_app.core.i18n import N_, _, time_text
from boundary_app.core.wall import format_hhmm, parse_hhmm
from boundary_app.ui.labels import push_button, time_format
from boundary_app.ui.settings.page import Document, ProblemSlot, SettingsPage
from boundary_app.ui.settings.week_editor import ShortList

RULE = N_(
    "Email reminders only ever come inside your work hours. One that falls in a"
    " break or a session waits until it is over; none come in the evening, on a"
    " day off, or after you have closed the day."
)


_VALUE = Qt.ItemDataRole.UserRole


class EmailPage(SettingsPage):
    title = N_("Email")
    keys = ("email",)

    def __init__(self) -> None:
        super().__init__()
        intro = QLabel(_("Check email at set times instead of all day long."))
        intro.setWordWrap(True)
        rule = QLabel(_(RULE))
        rule.setWordWrap(True)
        # As tall as its times (four rows at least, eight at most, then it scrolls), so
        # the buttons under it stay in view when the window is small.
        self.times = ShortList(4, 8)
        self.times.setAccessibleName(_("Email times"))
        self.time_to_add = QTimeEdit()
        self.time_to_add.setDisplayFormat(time_format())
        self.time_to_add.setTime(QTime(9, 15))
        self.time_to_add.setAccessibleName(_("Time to add"))
        self.add_button = push_button(_("&Add time"), self.add_time)
        self.remove_button = push_button(_("&Remove"), self.remove_current)
        self.slot = ProblemSlot("email")
        row = QHBoxLayout()
        row.addWidget(self.time_to_add)
        row.addWidget(self.add_button)
        row.addStretch(1)
        row.addWidget(self.remove_button)
        column = QVBoxLayout(self)
        column.addWidget(intro)
        column.addWidget(rule)
        column.addWidget(self.times)
        column.addLayout(row)
        column.addWidget(self.slot.label)
        column.addStretch(1)

    def values(self) -> list[str]:
        """The times as the settings file writes them ("09:15"), whatever the clock shown."""
        return [str(self.times.item(i).data(_VALUE)) for i in range(self.times.count())]

    def _show(self, values: list[str]) -> None:
        self.times.clear()
        for value in values:
            at = parse_hhmm(value)
            item = QListWidgetItem(time_text(at) if at is not None else value)
            item.setData(_VALUE, value)
            self.times.addItem(item)
        self.times.updateGeometry()
        self.remove_button.setEnabled(bool(values))

    def add_time(self) -> None:
        at = self.time_to_add.time()
        text = format_hhmm(time(at.hour(), at.minute()))
        values = self.values()
        if text not in values:
            self._show(sorted([*values, text]))
            self.edited.emit()
        self.times.setCurrentRow(self.values().index(text))

    def remove_current(self) -> None:
        row = self.times.currentRow()
        if row < 0:
            row = self.times.count() - 1
        if row >= 0:
            values = self.values()
            del values[row]
            self._show(values)
            self.edited.emit()

    def load(self, document: Document) -> None:
        windows = document.get("email", {}).get("windows", [])
        parsed = [parse_hhmm(w) for w in windows if isinstance(w, str)]
        self._show([format_hhmm(t) for t in parsed if t is not None])

    def store(self, document: Document) -> None:
        document.setdefault("email", {})["windows"] = self.values()

    def show_problems(self, problems: list[Problem]) -> None:
        self.slot.show(problems)
