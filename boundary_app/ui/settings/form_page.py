"""A settings page made of simple fields: numbers, switches, choices (ui).

Each field knows its place in the document (`"sessions.length_min"`), reads
and writes it, and has a problem label right under it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from boundary_app.core.fields import Problem
from boundary_app.core.i18n import _
from boundary_app.ui.labels import make_quiet
from boundary_app.ui.settings.page import Document, ProblemSlot, SettingsPage


@dataclass
class Field:
    path: str  # "table.key" in the document
    widget: QSpinBox | QCheckBox
    slot: ProblemSlot = field(init=False)

    def __post_init__(self) -> None:
        self.slot = ProblemSlot(self.path)

    def read(self, document: Document) -> None:
        table, key = self.path.split(".")
        value = document.get(table, {}).get(key)
        if isinstance(self.widget, QCheckBox):
            self.widget.setChecked(bool(value))
        elif isinstance(value, int):
            self.widget.setValue(value)

    def write(self, document: Document) -> None:
        table, key = self.path.split(".")
        value: Any = (
            self.widget.isChecked() if isinstance(self.widget, QCheckBox) else self.widget.value()
        )
        document.setdefault(table, {})[key] = value


def minutes_box(low: int, high: int, zero_means: str = "") -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    # Translators: after a number of minutes in a number field, with its space: " min".
    box.setSuffix(_(" min"))
    box.setAccelerated(True)
    if zero_means and low == 0:
        box.setSpecialValueText(zero_means)
    return box


class FormPage(SettingsPage):
    """A page whose fields are rows of a form; subclasses call `add_field`."""

    def __init__(self, intro: str = "") -> None:
        super().__init__()
        self.fields: list[Field] = []
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.column = QVBoxLayout(self)
        if intro:
            text = QLabel(intro)
            text.setWordWrap(True)
            self.column.addWidget(text)
        self.column.addLayout(self.form)

    def add_field(
        self, label: str, path: str, widget: QSpinBox | QCheckBox, hint: str = ""
    ) -> Field:
        """A row: label, widget, an optional hint under it, and its problem label."""
        entry = Field(path, widget)
        widget.setAccessibleName(label.replace("&", ""))
        holder = QWidget()
        rows = QVBoxLayout(holder)
        rows.setContentsMargins(0, 0, 0, 0)
        line = QHBoxLayout()
        line.addWidget(widget)
        note = QLabel(hint)
        make_quiet(note)
        # Wrapping, so a narrow window (200% scaling) does not push the field under its label.
        note.setWordWrap(True)
        if isinstance(widget, QCheckBox):  # a check box's own text is long: its note goes under
            line.addStretch(1)
            rows.addLayout(line)
            if hint:
                note.setIndent(
                    widget.style().pixelMetric(widget.style().PixelMetric.PM_IndicatorWidth) + 6
                )
                rows.addWidget(note)
        else:  # beside the field, so the row reads as a sentence: "10 min before the end"
            if hint:
                line.addWidget(note, 1)
            else:
                line.addStretch(1)
            rows.addLayout(line)
        rows.addWidget(entry.slot.label)
        if isinstance(widget, QCheckBox):
            widget.setText(label)
            widget.toggled.connect(lambda _on: self.edited.emit())
            self.form.addRow(holder)
        else:
            widget.valueChanged.connect(lambda _value: self.edited.emit())
            caption = QLabel(label)
            caption.setBuddy(widget)
            self.form.addRow(caption, holder)
        self.fields.append(entry)
        return entry

    def load(self, document: Document) -> None:
        for entry in self.fields:
            entry.widget.blockSignals(True)
            entry.read(document)
            entry.widget.blockSignals(False)

    def store(self, document: Document) -> None:
        for entry in self.fields:
            entry.write(document)

    def show_problems(self, problems: list[Problem]) -> None:
        rest = problems
        for entry in self.fields:
            rest = entry.slot.show(rest)
        self.show_other_problems(rest)

    def show_other_problems(self, problems: list[Problem]) -> None:
        """Problems of fields that are not simple rows (subclasses with more widgets)."""
