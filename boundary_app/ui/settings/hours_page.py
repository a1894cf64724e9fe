"""Settings page "Hours": work blocks, protected breaks, single dates, time zone (ui).

It edits the document's ``week``, ``breaks``, ``exceptions`` and
``timezone`` exactly as the settings file holds them, and shows each
problem under its section in plain words ("Tuesday, block 2: ..."),
selecting the day, break or date it is about.
"""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from boundary_app.core.fields import Problem
from boundary_app.core.i18n import N_, _, pgettext
from boundary_app.core.settings import DEFAULT_BREAKS, weekday_number
from boundary_app.ui.labels import heading
from boundary_app.ui.settings.breaks_editor import BreakRow, BreaksEditor
from boundary_app.ui.settings.exceptions_editor import ExceptionsEditor
from boundary_app.ui.settings.page import Document, ProblemSlot, SettingsPage
from boundary_app.ui.settings.week_editor import WeekEditor, day_names
from boundary_app.ui.settings.zone_picker import ZonePicker

_WEEK = re.compile(r"week\.([^.\[]+)(?:\[(\d+)\])?")
_BREAK = re.compile(r"breaks\[(\d+)\](?:\.(\w+))?(?:\[\d+\])?")
_EXCEPTION = re.compile(r"exceptions\[(\d+)\](?:\.(\w+))?(?:\[(\d+)\])?")
_SECTIONS = {
    "week": N_("Work hours"),
    "breaks": N_("Protected breaks"),
    "exceptions": N_("Days off and other hours"),
    "timezone": N_("Time zone"),
}


def _note(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


def _block_place(where: str, index: int) -> str:
    # Translators: a work block of a day or a date, like "Tuesday, block 2".
    return _("{where}, block {number}").format(where=where, number=index + 1)


def _field_word(key: str) -> str:
    """The word for a field of a break or a date, as in "Break “Lunch”, time: ..."."""
    words = {
        "name": pgettext("settings field", "name"),
        "days": pgettext("settings field", "days"),
        "time": pgettext("settings field", "time"),
        "date": pgettext("settings field", "date"),
        "hours": pgettext("settings field", "hours"),
    }
    return words.get(key, key)


def _field_place(where: str, key: str) -> str:
    word = _field_word(key)
    # Translators: a field of a break or a date, like "Break “Lunch”, time".
    return _("{where}, {field}").format(where=where, field=word)


class HoursPage(SettingsPage):
    title = N_("Hours")
    keys = ("week", "breaks", "exceptions", "timezone")

    def __init__(self, system_zone_name: str, today: date) -> None:
        super().__init__()
        self.week = WeekEditor()
        self.breaks = BreaksEditor(self.week.blocks_of)
        self.exceptions = ExceptionsEditor(today)
        self.zone = ZonePicker(system_zone_name)
        for editor in (self.week, self.breaks, self.exceptions, self.zone):
            editor.edited.connect(self.edited)
        self.week_problems = ProblemSlot("week")
        self.breaks_problems = ProblemSlot("breaks")
        self.exceptions_problems = ProblemSlot("exceptions")
        self.zone_problems = ProblemSlot("timezone")

        zone_label = QLabel(_("&Zone"))
        zone_label.setBuddy(self.zone)
        zone_row = QHBoxLayout()
        zone_row.addWidget(zone_label)
        zone_row.addWidget(self.zone, 1)

        column = QVBoxLayout(self)
        self._section(
            column,
            _("Work hours"),
            _(
                "Pick a day to see its blocks. A block that ends before it starts runs"
                " overnight and belongs to the day it starts on."
            ),
            self.week,
            self.week_problems,
        )
        self._section(
            column,
            _("Protected breaks"),
            _(
                "Time kept free of sessions and email, such as lunch. A break must lie"
                " inside your work hours on each day it names."
            ),
            self.breaks,
            self.breaks_problems,
        )
        self._section(
            column,
            _("Days off and other hours"),
            _("A date that differs from the week: a holiday, or a day with other hours."),
            self.exceptions,
            self.exceptions_problems,
        )
        self._section(
            column,
            _("Time zone"),
            _("The zone your hours are in. \u201cSystem\u201d follows this computer."),
            zone_row,
            self.zone_problems,
        )
        column.addStretch(1)

    @staticmethod
    def _section(
        column: QVBoxLayout,
        title: str,
        intro: str,
        body: QWidget | QHBoxLayout,
        slot: ProblemSlot,
    ) -> None:
        if column.count():
            column.addSpacing(column.spacing() * 3)
        column.addWidget(heading(title, 1.1))
        column.addWidget(_note(intro))
        if isinstance(body, QWidget):
            column.addWidget(body)
        else:
            column.addLayout(body)
        column.addWidget(slot.label)

    # -- the document ------------------------------------------------------------

    def load(self, document: Document) -> None:
        week = document.get("week", {})
        self.week.set_week(week if isinstance(week, dict) else {})
        breaks = document.get("breaks")
        if breaks is None:  # the built-in lunch is in force: show it like any break
            breaks = [BreakRow(b.name, set(b.days), b.span).data() for b in DEFAULT_BREAKS]
        self.breaks.set_breaks(breaks if isinstance(breaks, list) else [])
        exceptions = document.get("exceptions", [])
        self.exceptions.set_exceptions(exceptions if isinstance(exceptions, list) else [])
        zone = document.get("timezone")
        self.zone.set_zone(zone if isinstance(zone, str) else None)

    def store(self, document: Document) -> None:
        document["week"] = self.week.week_data()
        document["breaks"] = self.breaks.breaks_data()
        exceptions = self.exceptions.exceptions_data()
        if exceptions:
            document["exceptions"] = exceptions
        else:
            document.pop("exceptions", None)
        zone = self.zone.zone()
        if zone is None:
            document.pop("timezone", None)
        else:
            document["timezone"] = zone

    # -- problems -------------------------------------------------------------------

    def show_problems(self, problems: list[Problem]) -> None:
        rest = list(problems)
        first: QLabel | None = None
        for slot in (
            self.week_problems,
            self.breaks_problems,
            self.exceptions_problems,
            self.zone_problems,
        ):
            mine = [p for p in rest if slot.matches(p)]
            rest = slot.show(rest, self.describe)
            if mine:  # the first problem of each section is brought into view
                self._select(mine[0].field)
                first = first or slot.label
        if first is not None:
            # Once laid out, scroll the window's page (if it scrolls) to the first problem.
            QTimer.singleShot(0, self, lambda: self._scroll_to(first))

    def _scroll_to(self, label: QLabel) -> None:
        parent = self.parentWidget()
        while parent is not None and not isinstance(parent, QScrollArea):
            parent = parent.parentWidget()
        if parent is not None and label.isVisibleTo(self):
            parent.ensureWidgetVisible(label)

    def describe(self, problem: Problem) -> str:
        """The problem in plain words: "Tuesday, block 2: ..." for ``week.tuesday[1]``."""
        place = self.place(problem.field)
        if not place:
            return problem.message
        # Translators: a problem and where it is, like "Tuesday, block 2: overlaps ...".
        return _("{place}: {problem}").format(place=place, problem=problem.message)

    def place(self, field: str) -> str:
        """Where a field is, as the page names it."""
        if m := _WEEK.fullmatch(field):
            number = weekday_number(m[1])
            day = day_names()[number] if number is not None else f"\u201c{m[1]}\u201d"
            return _block_place(day, int(m[2])) if m[2] else day
        if m := _BREAK.fullmatch(field):
            index = int(m[1])
            name = self.breaks.name_of(index)
            place = (
                _("Break \u201c{name}\u201d").format(name=name)
                if name
                else _("Break {number}").format(number=index + 1)
            )
            return _field_place(place, m[2]) if m[2] else place
        if m := _EXCEPTION.fullmatch(field):
            place = self.exceptions.label_of(int(m[1]))
            if m[3]:
                return _block_place(place, int(m[3]))
            return _field_place(place, m[2]) if m[2] else place
        return _(_SECTIONS[field]) if field in _SECTIONS else field

    def _select(self, field: str) -> None:
        """Bring what a problem is about into view: its day and block, break or date."""
        if m := _WEEK.fullmatch(field):
            number = weekday_number(m[1])
            if number is not None:
                self.week.select(number, int(m[2]) if m[2] else None)
        elif m := re.match(r"breaks\[(\d+)\]", field):
            self.breaks.select(int(m[1]))
        elif m := re.match(r"exceptions\[(\d+)\]", field):
            self.exceptions.select(int(m[1]))
