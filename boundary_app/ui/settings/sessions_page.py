"""Settings page "Sessions": length, the lengths in the tray, cues (ui)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
)

from boundary_app.core.fields import Problem
from boundary_app.core.i18n import N_, _
from boundary_app.ui.labels import make_quiet, push_button
from boundary_app.ui.settings.form_page import FormPage, minutes_box
from boundary_app.ui.settings.page import Document, ProblemSlot

CUES = (
    ("icon", N_("&Icon only"), N_("The tray icon blinks; nothing appears on screen.")),
    ("quiet", N_("&Quiet notification"), N_("A small notice without sound.")),
    ("chime", N_("&Chime"), N_("A notice with the desktop's notification sound.")),
)


class SessionsPage(FormPage):
    title = N_("Sessions")
    keys = ("sessions",)
    preview_requested = Signal(str)  # the cue mode to try

    def __init__(self) -> None:
        super().__init__(
            _(
                "Each client session gets cues so it can end on time. During a session"
                " nothing private is shown: the screen may be shared."
            )
        )
        self.add_field(_("Usual &length"), "sessions.length_min", minutes_box(5, 240))
        self.presets = QLineEdit()
        self.presets.setAccessibleName(_("Lengths offered in the tray"))
        self.presets.setPlaceholderText("30, 45, 50, 60")
        self.presets.textEdited.connect(lambda _text: self.edited.emit())
        self.presets_slot = ProblemSlot("sessions.presets_min")
        presets_label = QLabel(_("Lengths in the &tray"))
        presets_label.setBuddy(self.presets)
        holder = QVBoxLayout()
        holder.addWidget(self.presets)
        note = QLabel(_("Minutes, separated by commas (up to 8)."))
        make_quiet(note)
        note.setWordWrap(True)
        holder.addWidget(note)
        holder.addWidget(self.presets_slot.label)
        self.form.addRow(presets_label, holder)
        self.add_field(
            _("Begin &wrap-up"),
            "sessions.wrapup_lead_min",
            minutes_box(0, 120, _("no cue")),
            _("before the end"),
        )
        self.add_field(
            _("&Overrun cue"),
            "sessions.overrun_after_min",
            minutes_box(0, 120, _("no cue")),
            _("after the end, if the session is still open"),
        )
        self.add_field(_("A cue at the &midpoint"), "sessions.midpoint", QCheckBox())

        box = QGroupBox(_("During a session, cues show as"))
        column = QVBoxLayout(box)
        self.cue_group = QButtonGroup(self)
        self.cue_buttons: dict[str, QRadioButton] = {}
        for value, label, help_text in CUES:
            button = QRadioButton(_(label))
            button.setToolTip(_(help_text))
            self.cue_group.addButton(button)
            self.cue_buttons[value] = button
            row = QHBoxLayout()
            row.addWidget(button)
            hint = QLabel(_(help_text))
            make_quiet(hint)
            hint.setWordWrap(True)
            row.addWidget(hint, 1)
            column.addLayout(row)
        self.cue_group.buttonToggled.connect(self._on_cue_toggled)
        self.preview = push_button(_("&Try it"), lambda: self.preview_requested.emit(self.cue()))
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.preview)
        column.addLayout(row)
        self.cues_slot = ProblemSlot("sessions.cues")
        column.addWidget(self.cues_slot.label)
        self.column.addWidget(box)
        self.column.addStretch(1)

    def _on_cue_toggled(self, _button: object, checked: bool) -> None:
        if checked:
            self.edited.emit()

    def cue(self) -> str:
        return next((v for v, b in self.cue_buttons.items() if b.isChecked()), "quiet")

    def load(self, document: Document) -> None:
        super().load(document)
        sessions = document.get("sessions", {})
        presets = sessions.get("presets_min", [])
        self.presets.setText(", ".join(str(p) for p in presets))
        button = self.cue_buttons.get(str(sessions.get("cues", "quiet")))
        if button is not None:
            self.cue_group.blockSignals(True)
            button.setChecked(True)
            self.cue_group.blockSignals(False)

    def store(self, document: Document) -> None:
        super().store(document)
        sessions = document.setdefault("sessions", {})
        sessions["presets_min"] = [
            int(part) if part.strip().isdigit() else part.strip()
            for part in self.presets.text().split(",")
            if part.strip()
        ]
        sessions["cues"] = self.cue()

    def show_other_problems(self, problems: list[Problem]) -> None:
        rest = self.presets_slot.show(problems)
        self.cues_slot.show(rest)
