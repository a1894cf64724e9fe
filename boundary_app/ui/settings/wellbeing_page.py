"""Settings page "Well-being": energy after sessions, supervision, outside work (ui).

All optional. People the user supervises are kept by initials only: a
reminder may show while the screen is shared, so no name ever goes in.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time
from typing import Any

from PySide6.QtCore import QDate, QPoint, QTime, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from boundary_app.core.fields import Problem
from boundary_app.core.i18n import N_, _, ngettext
from boundary_app.core.settings import WEEKDAYS, weekday_number
from boundary_app.core.wall import format_hhmm, parse_hhmm
from boundary_app.ui.labels import make_quiet, push_button, time_format
from boundary_app.ui.settings.form_page import minutes_box
from boundary_app.ui.settings.page import Document, ProblemSlot, SettingsPage
from boundary_app.ui.settings.week_editor import day_names

INITIALS_TYPED_MAX = 12  # room to type a mistake, so the check can say why it is one
_PERSON_FIELDS = {"initials": N_("Initials"), "every_weeks": N_("Every"), "day": N_("Day")}


def _quiet(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return make_quiet(label)


def _day_box(name: str) -> QComboBox:
    box = QComboBox()
    box.addItems(list(day_names()))
    box.setAccessibleName(name)
    return box


def _weeks_box(most: int, name: str) -> QSpinBox:
    box = QSpinBox()
    box.setRange(1, most)
    box.setAccessibleName(name)

    def unit(value: int) -> None:
        # Translators: after a number of weeks in a number field, with its space: " weeks".
        box.setSuffix(ngettext(" week", " weeks", value))

    box.valueChanged.connect(unit)
    unit(box.value())
    return box


def _time_edit(name: str) -> QTimeEdit:
    edit = QTimeEdit()
    edit.setDisplayFormat(time_format())
    edit.setAccessibleName(name)
    return edit


def _set_time(edit: QTimeEdit, value: object) -> None:
    at = parse_hhmm(value) if isinstance(value, str) else None
    if at is not None:
        edit.setTime(QTime(at.hour, at.minute))


def _time_of(edit: QTimeEdit) -> str:
    at = edit.time()
    return format_hhmm(time(at.hour(), at.minute()))


def _set_day(box: QComboBox, value: object) -> None:
    number = weekday_number(value) if isinstance(value, str) else None
    if number is not None:
        box.setCurrentIndex(number)


def _day_of(box: QComboBox) -> str:
    return WEEKDAYS[max(box.currentIndex(), 0)][:3]


def _lines(edit: QPlainTextEdit) -> list[str]:
    return [line.strip() for line in edit.toPlainText().splitlines() if line.strip()]


def _numbered(noun: str) -> Callable[[Problem], str]:
    """Words for a problem of a list written one per line: "Tag 3: is empty".

    `noun` is a message with a {number} and a {problem}, marked with N_().
    """

    def describe(problem: Problem) -> str:
        index = problem.field.rpartition("[")[2].rstrip("]")
        if not index.isdigit():
            return problem.message
        return _(noun).format(number=int(index) + 1, problem=problem.message)

    return describe


class _Person:
    """One row of the people the user supervises: initials, how often, which day."""

    def __init__(self, number: int) -> None:
        self.initials = QLineEdit()
        self.initials.setMaxLength(INITIALS_TYPED_MAX)
        # Translators: an example of initials.
        self.initials.setPlaceholderText(_("A.B."))
        self.every = _weeks_box(12, "")
        self.every.setValue(2)
        self.day = _day_box("")
        self.remove = push_button(_("Remove"))
        self.slot = ProblemSlot()
        self.number(number)

    def number(self, number: int) -> None:
        self.slot.prefixes = (f"supervision.supervisees[{number}]",)
        shown = number + 1
        self.initials.setAccessibleName(_("Initials of person {number}").format(number=shown))
        self.every.setAccessibleName(_("Check in with person {number} every").format(number=shown))
        self.day.setAccessibleName(_("Check-in day for person {number}").format(number=shown))
        self.remove.setAccessibleName(_("Remove person {number}").format(number=shown))

    def widgets(self) -> tuple[QWidget, ...]:
        return (self.initials, self.every, self.day, self.remove, self.slot.label)

    def data(self) -> dict[str, Any]:
        return {
            "initials": self.initials.text().strip(),
            "every_weeks": self.every.value(),
            "day": _day_of(self.day),
        }

    def describe(self, problem: Problem) -> str:
        key = problem.field.rpartition(".")[2]
        where = _(_PERSON_FIELDS[key]) if key in _PERSON_FIELDS else _("This person")
        return _("{place}: {problem}").format(place=where, problem=problem.message)


class WellbeingPage(SettingsPage):
    title = N_("Well-being")
    keys = ("energy", "supervision", "outside_work")

    def __init__(self) -> None:
        super().__init__()
        self._loading = False
        self._people: list[_Person] = []
        column = QVBoxLayout(self)
        intro = QLabel(
            _(
                "Optional tools for the part of the work that stays with you."
                " Each is off until you turn it on."
            )
        )
        intro.setWordWrap(True)
        column.addWidget(intro)
        column.addWidget(self._energy_group())
        column.addWidget(self._supervision_group())
        column.addWidget(self._people_group())
        column.addWidget(self._outside_group())
        column.addStretch(1)

    # -- building ------------------------------------------------------------------

    def _changed(self, *_args: object) -> None:
        if not self._loading:
            self.edited.emit()

    def _text_box(self, name: str, placeholder: str, rows: int) -> QPlainTextEdit:
        box = QPlainTextEdit()
        box.setAccessibleName(name)
        box.setPlaceholderText(placeholder)
        box.setTabChangesFocus(True)
        box.setFixedHeight(box.fontMetrics().lineSpacing() * rows + 14)
        box.textChanged.connect(self._changed)
        return box

    def _form(self) -> QFormLayout:
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        return form

    def _row(
        self, form: QFormLayout, label: str, widget: QWidget, field: str, hint: str = ""
    ) -> ProblemSlot:
        """A form row: label, widget (with a hint beside it), and its problem label under."""
        slot = ProblemSlot(field)
        holder = QVBoxLayout()
        line = QHBoxLayout()
        line.addWidget(widget)
        if hint:
            line.addWidget(_quiet(hint), 1)
        else:
            line.addStretch(1)
        holder.addLayout(line)
        holder.addWidget(slot.label)
        caption = QLabel(label)
        caption.setBuddy(widget)
        form.addRow(caption, holder)
        return slot

    def _energy_group(self) -> QGroupBox:
        box = QGroupBox(_("Energy after sessions"))
        column = QVBoxLayout(box)
        self.energy_enabled = QCheckBox(_("As&k how each session left me"))
        self.energy_enabled.toggled.connect(self._changed)
        column.addWidget(self.energy_enabled)
        column.addWidget(
            _quiet(
                _(
                    "When a session ends: energised, neutral or drained, with a tag if you"
                    " like. Over weeks it shows which kinds of work lift you and which wear"
                    " you down."
                )
            )
        )
        self.tags = self._text_box(
            _("Tags to choose from"),
            # Translators: example tags, one per line: kinds of clinical work.
            _("couples\nintake\nteens"),
            4,
        )
        label = QLabel(_("&Tags to choose from, one per line (up to 12):"))
        label.setWordWrap(True)
        label.setBuddy(self.tags)
        column.addWidget(label)
        column.addWidget(self.tags)
        column.addWidget(_quiet(_("Kinds of work, never a client's name.")))
        self.energy_slot = ProblemSlot("energy")
        column.addWidget(self.energy_slot.label)
        return box

    def _supervision_group(self) -> QGroupBox:
        box = QGroupBox(_("Supervision"))
        column = QVBoxLayout(box)
        self.supervision_enabled = QCheckBox(_("Remind me of my own &supervision or consultation"))
        self.supervision_enabled.toggled.connect(self._changed)
        column.addWidget(self.supervision_enabled)
        form = self._form()
        self.day = _day_box(_("Supervision day"))
        self.day.currentIndexChanged.connect(self._changed)
        self.time = _time_edit(_("Supervision time"))
        self.time.timeChanged.connect(self._changed)
        self.every = _weeks_box(8, _("Supervision every"))
        self.every.valueChanged.connect(self._changed)
        self.weeks_from = QDateEdit()
        self.weeks_from.setDisplayFormat("yyyy-MM-dd")
        self.weeks_from.setCalendarPopup(True)
        self.weeks_from.setDateRange(QDate(100, 1, 1), QDate(9999, 12, 31))
        self.weeks_from.setAccessibleName(_("Weeks counted from"))
        self.weeks_from.dateChanged.connect(self._changed)
        self.lead = minutes_box(0, 120, _("at the time"))
        self.lead.setAccessibleName(_("Remind me before supervision"))
        self.lead.valueChanged.connect(self._changed)
        self.supervision_slots = [
            self._row(form, _("&Day"), self.day, "supervision.day"),
            self._row(form, _("Ti&me"), self.time, "supervision.time"),
            self._row(form, _("E&very"), self.every, "supervision.every_weeks"),
            self._row(
                form,
                _("Counting &from"),
                self.weeks_from,
                "supervision.weeks_from",
                _("a date in a week with supervision"),
            ),
            self._row(
                form, _("&Reminder"), self.lead, "supervision.lead_min", _("before it begins")
            ),
        ]
        column.addLayout(form)
        column.addWidget(
            _quiet(
                _("Reminders come only in work time, never in a break, a session or the evening.")
            )
        )
        self.supervision_slot = ProblemSlot("supervision")  # what no row above owns
        column.addWidget(self.supervision_slot.label)
        return box

    def _people_group(self) -> QGroupBox:
        box = QGroupBox(_("People I supervise"))
        column = QVBoxLayout(box)
        column.addWidget(
            _quiet(
                _(
                    "Initials only, never names: a check-in reminder may show while your"
                    " screen is shared. Ask each how their caseload and breaks are going."
                )
            )
        )
        form = self._form()
        self.checkin_time = _time_edit(_("Check-in reminders at"))
        self.checkin_time.timeChanged.connect(self._changed)
        self.checkin_slot = self._row(
            form, _("Check-&in reminders at"), self.checkin_time, "supervision.checkin_time"
        )
        column.addLayout(form)
        self.people = QWidget()
        self.grid = QGridLayout(self.people)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setColumnStretch(0, 1)
        column.addWidget(self.people)
        self.add_person_button = push_button(_("Add &person"), self.add_person)
        row = QHBoxLayout()
        row.addWidget(self.add_person_button)
        row.addStretch(1)
        column.addLayout(row)
        self.people_slot = ProblemSlot("supervision.supervisees")
        column.addWidget(self.people_slot.label)
        return box

    def _outside_group(self) -> QGroupBox:
        box = QGroupBox(_("Outside work"))
        column = QVBoxLayout(box)
        self.intentions = self._text_box(
            _("Evening intentions"), _("A walk before dinner\nCall a friend"), 4
        )
        label = QLabel(_("&Evening intentions, one per line (up to 12):"))
        label.setWordWrap(True)
        label.setBuddy(self.intentions)
        column.addWidget(label)
        column.addWidget(self.intentions)
        column.addWidget(
            _quiet(
                _(
                    "What you mean to do with your evenings. The end-of-day window shows one"
                    " of them each evening, as something to go home to."
                )
            )
        )
        self.outside_slot = ProblemSlot("outside_work")
        column.addWidget(self.outside_slot.label)
        return box

    # -- people --------------------------------------------------------------------

    def _lay_out_people(self) -> None:
        """The rows again, after one was added or removed: headings, then each person."""
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None and not any(widget in p.widgets() for p in self._people):
                widget.deleteLater()  # a heading
        shown: list[QWidget] = []
        if self._people:
            for col, heading in enumerate((_("Initials"), _("Every"), _("Day"))):
                shown.append(make_quiet(QLabel(heading)))
                self.grid.addWidget(shown[-1], 0, col)
        for number, person in enumerate(self._people):
            person.number(number)
            for col, widget in enumerate(person.widgets()[:4]):
                self.grid.addWidget(widget, 1 + 2 * number, col)
                shown.append(widget)
            self.grid.addWidget(person.slot.label, 2 + 2 * number, 0, 1, 4)
        # Shown now, not when the page is (or by a queued show): else the layout first
        # leaves them out, the page is sized without them and is squeezed for a moment.
        for widget in shown:
            widget.show()
        self._resized()

    def _resized(self) -> None:
        """Tell every widget from the rows up to the page that its size changed.

        On a page not shown yet Qt does not pass this up by itself: the page
        would first be sized without the rows, and be squeezed for a moment.
        """
        widget: QWidget | None = self.people
        while widget is not None and widget is not self.parentWidget():
            widget.updateGeometry()
            widget = widget.parentWidget()

    def _new_person(self) -> _Person:
        person = _Person(len(self._people))
        person.initials.textEdited.connect(self._changed)
        person.every.valueChanged.connect(self._changed)
        person.day.currentIndexChanged.connect(self._changed)
        person.remove.clicked.connect(lambda _c=False, p=person: self.remove_person(p))
        self._people.append(person)
        return person

    def add_person(self) -> None:
        person = self._new_person()
        self._lay_out_people()
        person.initials.setFocus()
        self._changed()

    def remove_person(self, person: _Person) -> None:
        index = self._people.index(person)
        del self._people[index]
        for widget in person.widgets():
            widget.hide()
            widget.deleteLater()
        self._lay_out_people()
        if self._people:
            self._people[min(index, len(self._people) - 1)].initials.setFocus()
        else:
            self.add_person_button.setFocus()
        self._changed()

    def person_rows(self) -> list[_Person]:
        return list(self._people)

    # -- the document --------------------------------------------------------------

    def load(self, document: Document) -> None:
        self._loading = True
        energy = document.get("energy", {})
        self.energy_enabled.setChecked(bool(energy.get("enabled")))
        self.tags.setPlainText("\n".join(t for t in energy.get("tags", []) if isinstance(t, str)))
        rules = document.get("supervision", {})
        self.supervision_enabled.setChecked(bool(rules.get("enabled")))
        _set_day(self.day, rules.get("day"))
        _set_time(self.time, rules.get("time"))
        if isinstance(rules.get("every_weeks"), int):
            self.every.setValue(rules["every_weeks"])
        start = rules.get("weeks_from")
        if isinstance(start, date):
            self.weeks_from.setDate(QDate(start.year, start.month, start.day))
        if isinstance(rules.get("lead_min"), int):
            self.lead.setValue(rules["lead_min"])
        _set_time(self.checkin_time, rules.get("checkin_time"))
        for person in self._people:
            for widget in person.widgets():
                widget.deleteLater()
        self._people = []
        for item in rules.get("supervisees", []):
            if not isinstance(item, dict):
                continue
            person = self._new_person()
            person.initials.setText(str(item.get("initials", "")))
            if isinstance(item.get("every_weeks"), int):
                person.every.setValue(item["every_weeks"])
            _set_day(person.day, item.get("day"))
        self._lay_out_people()
        outside = document.get("outside_work", {})
        intentions = outside.get("intentions", [])
        self.intentions.setPlainText("\n".join(t for t in intentions if isinstance(t, str)))
        self._loading = False

    def store(self, document: Document) -> None:
        energy = document.setdefault("energy", {})
        energy["enabled"] = self.energy_enabled.isChecked()
        energy["tags"] = _lines(self.tags)
        rules = document.setdefault("supervision", {})
        rules["enabled"] = self.supervision_enabled.isChecked()
        rules["day"] = _day_of(self.day)
        rules["time"] = _time_of(self.time)
        rules["every_weeks"] = self.every.value()
        start = self.weeks_from.date()
        rules["weeks_from"] = date(start.year(), start.month(), start.day())
        rules["lead_min"] = self.lead.value()
        rules["checkin_time"] = _time_of(self.checkin_time)
        rules["supervisees"] = [person.data() for person in self._people]
        document.setdefault("outside_work", {})["intentions"] = _lines(self.intentions)

    def show_problems(self, problems: list[Problem]) -> None:
        # Translators: a problem with one of the lines, like "Tag 3: is empty".
        rest = self.energy_slot.show(problems, _numbered(N_("Tag {number}: {problem}")))
        for slot in [*self.supervision_slots, self.checkin_slot]:
            rest = slot.show(rest, lambda p: p.message)
        for person in self._people:
            rest = person.slot.show(rest, person.describe)
        rest = self.people_slot.show(rest, _numbered(N_("Person {number}: {problem}")))
        rest = self.outside_slot.show(rest, _numbered(N_("Intention {number}: {problem}")))
        self.supervision_slot.show(rest)
        if problems:  # once laid out, scroll the page (if it scrolls) to the first
            QTimer.singleShot(0, self, self._scroll_to_first_problem)

    def _scroll_to_first_problem(self) -> None:
        shown = [label for label in self.findChildren(QLabel, "problem") if label.isVisibleTo(self)]
        parent = self.parentWidget()
        while parent is not None and not isinstance(parent, QScrollArea):
            parent = parent.parentWidget()
        if shown and parent is not None:
            parent.ensureWidgetVisible(min(shown, key=lambda w: w.mapTo(self, QPoint()).y()))
