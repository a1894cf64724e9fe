"""Protected breaks: a list, and the selected break's name, days and time (ui).

Part of the "Hours" settings page. Breaks keep the order the user gave
them, so a problem about ``breaks[1]`` is the second row.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import time
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from boundary_app.core.fields import NAME_MAX, parse_block
from boundary_app.core.i18n import _, capitalized, weekday_short
from boundary_app.core.settings import WEEKDAYS, Block, weekday_number
from boundary_app.core.workday import place_break
from boundary_app.ui.flow_layout import FlowLayout
from boundary_app.ui.labels import push_button
from boundary_app.ui.settings.week_editor import (
    ShortList,
    SpanEdit,
    day_names,
    span_text,
)

log = logging.getLogger(__name__)

NEW_BREAK = Block(time(12, 0), time(12, 30))


@dataclass
class BreakRow:
    name: str
    days: set[int] = field(default_factory=set)
    span: Block = NEW_BREAK

    def data(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "days": [WEEKDAYS[d][:3] for d in sorted(self.days)],
            "time": self.span.text(),
        }


def days_text(days: set[int]) -> str:
    """ "Mon-Fri" (en dash), "Tue, Thu", "Every day": runs of three days or more shortened."""
    if len(days) == 7:
        return _("Every day")
    if not days:
        return _("No days")
    runs: list[list[int]] = []
    for day in sorted(days):
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts: list[str] = []
    for run in runs:
        names = [capitalized(weekday_short(d)) for d in run]
        parts.extend([f"{names[0]}\u2013{names[-1]}"] if len(run) >= 3 else names)
    return ", ".join(parts)


def break_text(row: BreakRow) -> str:
    # Translators: a break in the list, like "Lunch, em dash, Mon-Fri, 12:00-12:45".
    return _("{name} \u2014 {days}, {time}").format(
        name=row.name.strip() or _("(no name)"),
        days=days_text(row.days),
        time=span_text(row.span),
    )


def read_break(item: object, where: str) -> BreakRow | None:
    if not isinstance(item, dict):
        log.warning("%s: not a table; left out of the editor", where)
        return None
    span = parse_block(item["time"]) if isinstance(item.get("time"), str) else None
    if not isinstance(span, Block):
        log.warning("%s: left out of the editor: %s", where, span or "it has no time")
        return None
    listed = item.get("days")
    names = [d for d in listed if isinstance(d, str)] if isinstance(listed, list) else []
    days = {n for n in map(weekday_number, names) if n is not None}
    name = item.get("name")
    return BreakRow(name if isinstance(name, str) else "", days, span)


class BreaksEditor(QWidget):
    """The list of protected breaks and an editor for the selected one."""

    edited = Signal()

    def __init__(self, blocks_of: Callable[[int], Sequence[Block]]) -> None:
        super().__init__()
        self._blocks_of = blocks_of  # a weekday's work blocks, for a new break's days
        self._rows: list[BreakRow] = []
        self._filling = False

        self.list = ShortList(3, 8)
        self.list.setAccessibleName(_("Protected breaks"))
        self.add_button = push_button(_("Add &break"), self.add_break)
        self.remove_button = push_button(_("Remove brea&k"), self.remove_break)

        self.name = QLineEdit()
        self.name.setMaxLength(NAME_MAX)
        self.name.setAccessibleName(_("Break name"))
        self.name.setPlaceholderText(_("e.g. Lunch, Admin time"))
        self.name.textEdited.connect(self._on_name_edited)
        self.day_boxes: list[QCheckBox] = []
        self.days = QWidget()
        # The seven boxes wrap onto a second row where the page is narrow (200% scaling,
        # longer day names) instead of squeezing the last one.
        days_row = FlowLayout(self.days, spacing=12)
        self.days.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        for number, full in enumerate(day_names()):
            box = QCheckBox(capitalized(weekday_short(number)))
            box.setAccessibleName(full)
            box.toggled.connect(lambda on, n=number: self._on_day_toggled(n, on))
            self.day_boxes.append(box)
            days_row.addWidget(box)
        self.span = SpanEdit(_("Fr&om"), _("Unt&il"), _("Break starts"), _("Break ends"))
        self.span.changed.connect(self._on_span_changed)

        buttons = QVBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(self.list, 1)
        top.addLayout(buttons)
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        name_label = QLabel(_("&Name"))
        name_label.setBuddy(self.name)
        self.form.addRow(name_label, self.name)
        self.form.addRow(_("Days"), self.days)
        self.form.addRow(_("Time"), self.span)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(top)
        column.addLayout(self.form)

        self.list.currentRowChanged.connect(lambda _row: self._show_current())
        self._show_current()

    # -- the document ------------------------------------------------------------

    def set_breaks(self, items: list[object]) -> None:
        self._rows = []
        for i, item in enumerate(items):
            row = read_break(item, f"breaks[{i}]")
            if row is not None:
                self._rows.append(row)
        self._refresh()
        self.select(0)

    def breaks_data(self) -> list[dict[str, Any]]:
        return [row.data() for row in self._rows]

    def name_of(self, index: int) -> str:
        return self._rows[index].name.strip() if 0 <= index < len(self._rows) else ""

    # -- what the user sees -------------------------------------------------------

    def select(self, index: int) -> None:
        if 0 <= index < len(self._rows):
            self.list.setCurrentRow(index)
        self._show_current()

    def _refresh(self) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for row in self._rows:
            self.list.addItem(break_text(row))
        self.list.blockSignals(False)
        self.list.updateGeometry()

    def _current(self) -> BreakRow | None:
        index = self.list.currentRow()
        return self._rows[index] if 0 <= index < len(self._rows) else None

    def _show_current(self) -> None:
        row = self._current()
        self._filling = True
        self.name.setText(row.name if row else "")
        for number, box in enumerate(self.day_boxes):
            box.setChecked(row is not None and number in row.days)
        self._filling = False
        self.span.set_block(row.span if row else None)
        for widget in (self.name, self.days, self.remove_button):
            widget.setEnabled(row is not None)

    def _changed(self) -> None:
        index = self.list.currentRow()
        self.list.item(index).setText(break_text(self._rows[index]))
        self.edited.emit()

    # -- edits ----------------------------------------------------------------------

    def _on_name_edited(self, text: str) -> None:
        row = self._current()
        if row is not None:
            row.name = text
            self._changed()

    def _on_day_toggled(self, number: int, on: bool) -> None:
        row = self._current()
        if row is None or self._filling:
            return
        if on:
            row.days.add(number)
        else:
            row.days.discard(number)
        self._changed()

    def _on_span_changed(self) -> None:
        row = self._current()
        if row is not None:
            row.span = self.span.block()
            self._changed()

    def add_break(self) -> None:
        """A half-hour break at noon, on the days where it falls inside the work hours."""
        fits = {
            day
            for day in range(7)
            if any(place_break(b, NEW_BREAK) is not None for b in self._blocks_of(day))
        }
        workdays = {day for day in range(7) if self._blocks_of(day)}
        self._rows.append(BreakRow(_("Break"), fits or workdays or set(range(5))))
        self._refresh()
        self.select(len(self._rows) - 1)
        self.name.setFocus()
        self.name.selectAll()
        self.edited.emit()

    def remove_break(self) -> None:
        index = self.list.currentRow()
        if not 0 <= index < len(self._rows):
            return
        del self._rows[index]
        self._refresh()
        self.select(min(index, len(self._rows) - 1))
        self.edited.emit()
