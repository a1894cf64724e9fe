"""Settings page "End of day": wrap-up, overtime, snoozes, the morning handoff (ui)."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QSpinBox

from boundary_app.ui.settings.form_page import FormPage, minutes_box


class EndOfDayPage(FormPage):
    title = "End of day"
    keys = ("day",)

    def __init__(self, quiet_support: str = "") -> None:
        super().__init__(
            "When your last block ends, Boundary opens the handoff: tomorrow's tasks,"
            " then \u201cI'm done for the day\u201d."
        )
        self.add_field(
            "&Wrap-up nudge",
            "day.wrapup_lead_min",
            minutes_box(0, 240, "none"),
            "before the day's last block ends",
        )
        self.add_field(
            "&Overtime nudge",
            "day.overtime_after_min",
            minutes_box(0, 240, "none"),
            "after the end, if the day is still open",
        )
        snoozes = QSpinBox()
        snoozes.setRange(0, 6)
        snoozes.setSpecialValueText("never")
        self.add_field(
            "\u201cNot &yet\u201d allowed",
            "day.max_snoozes",
            snoozes,
            "times a day; each puts the handoff off by 10 minutes",
        )
        self.add_field(
            "Show the tasks I left myself when a work day &starts",
            "day.morning_handoff",
            QCheckBox(),
        )
        quiet = self.add_field(
            "Do not &disturb outside my hours",
            "day.quiet_evenings",
            QCheckBox(),
            quiet_support
            or "Turns on the desktop's do-not-disturb in the evening and on days off;"
            " your own setting comes back when work starts, and when Boundary quits.",
        )
        quiet.widget.setEnabled(not quiet_support)
        self.column.addStretch(1)
