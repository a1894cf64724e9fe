"""Settings page "End of day": wrap-up, overtime, snoozes, the morning handoff (ui)."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QSpinBox

from boundary_app.core.handoff import SNOOZE_MIN
from boundary_app.core.i18n import N_, _
from boundary_app.ui.settings.form_page import FormPage, minutes_box


class EndOfDayPage(FormPage):
    title = N_("End of day")
    keys = ("day",)

    def __init__(self, quiet_support: str = "") -> None:
        super().__init__(
            _(
                "When your last block ends, Boundary opens the handoff: tomorrow's tasks,"
                " then \u201cI'm done for the day\u201d."
            )
        )
        self.add_field(
            _("&Wrap-up nudge"),
            "day.wrapup_lead_min",
            minutes_box(0, 240, _("none")),
            _("before the day's last block ends"),
        )
        self.add_field(
            _("&Overtime nudge"),
            "day.overtime_after_min",
            minutes_box(0, 240, _("none")),
            _("after the end, if the day is still open"),
        )
        snoozes = QSpinBox()
        snoozes.setRange(0, 6)
        snoozes.setSpecialValueText(_("never"))
        self.add_field(
            _("\u201cNot &yet\u201d allowed"),
            "day.max_snoozes",
            snoozes,
            _("times a day; each puts the handoff off by {minutes} minutes").format(
                minutes=SNOOZE_MIN
            ),
        )
        self.add_field(
            _("Show the tasks I left myself when a work day &starts"),
            "day.morning_handoff",
            QCheckBox(),
        )
        quiet = self.add_field(
            _("Do not &disturb outside my hours"),
            "day.quiet_evenings",
            QCheckBox(),
            quiet_support
            or _(
                "Turns on the desktop's do-not-disturb in the evening and on days off;"
                " your own setting comes back when work starts, and when Boundary quits."
            ),
        )
        quiet.widget.setEnabled(not quiet_support)
        self.column.addStretch(1)
