"""The weekly report: hours per day, sessions, email windows, energy and supervision (ui).

The window draws a `WeekReport` it is given and says which week the user
wants next (`week_wanted`); the app builds the reports. Every chart has the
report's plain-text alternative as its accessible description, and "Copy
as text" puts that text on the clipboard. A week with nothing in it gets a
kind word instead of empty charts.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, tzinfo

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from boundary_app.core.i18n import N_, _, capitalized, date_text, day_and_month
from boundary_app.core.week_report import WeekReport
from boundary_app.ui.chart_parts import Mark, Part, legend
from boundary_app.ui.charts import EnergyChart, HoursChart
from boundary_app.ui.labels import (
    bring_forward,
    fit_on_screen,
    heading,
    make_quiet,
    push_button,
)

WIDTH = 640
MIN_HEIGHT = 260
WIDE_LINES = 34  # the figures take two columns from this width, in lines of text
COPIED_MS = 2_500  # how long "Copied" shows on the button

EMPTY_WEEK = N_(
    "Nothing was recorded for this week. If it was a week away from work,"
    " that rest is part of doing the work well."
)
NO_RATINGS = N_("No sessions were rated this week.")
FIGURES = (  # in two columns of three
    ("sessions", N_("Sessions run")),
    ("on_time", N_("Ended on time")),
    ("overrun", N_("Mean overrun")),
    ("email", N_("Email windows")),
    ("supervision", N_("Last supervision")),
    ("check_ins", N_("Check-ins this week")),
)


def _date(day: date, year: int | None = None) -> str:
    return date_text(day, year=year is not None and day.year != year)


def _minutes(value: float) -> str:
    """One decimal at most, as the text alternative writes it: "6.3 min", "0 min"."""
    number = f"{value:.1f}".removesuffix(".0")
    # Translators: a number of minutes with one decimal at most, like "6.3 min".
    return _("{minutes} min").format(minutes=number)


class WeekReportWindow(QWidget):
    week_wanted = Signal(date)  # the Monday of the week to show
    export_wanted = Signal()

    def __init__(self) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self.setWindowTitle(_("This week \u2013 Boundary"))
        self.setObjectName("week-report")
        self._report: WeekReport | None = None
        self._text = ""

        self.heading = heading("")
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.dates = make_quiet(QLabel())
        self.dates.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.dates.setWordWrap(True)
        self.previous_button = push_button(_("\u25c0 &Previous"), lambda: self._step(-1))
        self.previous_button.setAccessibleName(_("Previous week"))
        self.previous_button.setToolTip(_("The week before"))
        self.next_button = push_button(_("&Next \u25b6"), lambda: self._step(1))
        self.next_button.setAccessibleName(_("Next week"))
        title = QVBoxLayout()
        title.setSpacing(0)
        title.addWidget(self.heading)
        title.addWidget(self.dates)
        top = QHBoxLayout()
        top.addWidget(self.previous_button, 0, Qt.AlignmentFlag.AlignTop)
        top.addLayout(title, 1)
        top.addWidget(self.next_button, 0, Qt.AlignmentFlag.AlignTop)

        self.empty = QLabel(_(EMPTY_WEEK))
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setContentsMargins(24, 32, 24, 32)

        self.report_box = QWidget()
        column = QVBoxLayout(self.report_box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(heading(_("Hours each day"), 1.05))
        self.hours_chart = HoursChart()
        self.hours_chart.setAccessibleName(_("Hours each day: scheduled and worked"))
        column.addWidget(self.hours_chart)
        column.addWidget(
            legend(
                [
                    (Part.SCHEDULED, Part.SCHEDULED.text()),
                    (Part.WORKED, Part.WORKED.text()),
                    (Part.OVERTIME, Part.OVERTIME.text()),
                    (Mark.ON_TIME, capitalized(Mark.ON_TIME.text())),
                    (Mark.LATE, capitalized(Mark.LATE.text())),
                    (Mark.NOT_CLOSED, capitalized(Mark.NOT_CLOSED.text())),
                ]
            )
        )
        column.addSpacing(12)
        column.addLayout(self._build_figures())
        column.addSpacing(12)
        column.addWidget(heading(_("Energy after sessions"), 1.05))
        self.energy_chart = EnergyChart()
        self.energy_chart.setAccessibleName(_("Energy after sessions, by tag"))
        column.addWidget(self.energy_chart)
        self.energy_note = QLabel()
        self.energy_note.setWordWrap(True)
        column.addWidget(self.energy_note)

        content = QWidget()
        body = QVBoxLayout(content)
        body.addLayout(top)
        body.addSpacing(8)
        body.addWidget(self.empty)
        body.addWidget(self.report_box)
        body.addStretch(1)
        self._content = content
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(content)

        self.copy_button = push_button(_("&Copy as text"), self.copy_text)
        self.export_button = push_button(_("E&xport\u2026"), self.export_wanted.emit)
        self.export_button.setToolTip(_("Save your records to a file"))
        self.close_button = push_button(_("Close"), self.close)
        self.close_button.setToolTip(_("Esc"))
        self._copied = QTimer(self)
        self._copied.setSingleShot(True)
        self._copied.setInterval(COPIED_MS)
        self._copied.timeout.connect(lambda: self.copy_button.setText(_("&Copy as text")))
        buttons = QHBoxLayout()
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.export_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll, 1)
        self._footer = QWidget()
        self._footer.setLayout(buttons)
        layout.addWidget(self._footer)
        self.resize(WIDTH, 720)

    def _build_figures(self) -> QGridLayout:
        self._grid = QGridLayout()
        self._grid.setHorizontalSpacing(12)
        self._grid.setVerticalSpacing(4)
        self._figure_columns = 0
        self._figure_labels: list[tuple[QLabel, QLabel]] = []
        self.figures: dict[str, QLabel] = {}
        for key, caption in FIGURES:
            name = make_quiet(QLabel(_(caption)))
            value = QLabel()
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setAccessibleName(_(caption))
            name.setBuddy(value)
            self._figure_labels.append((name, value))
            self.figures[key] = value
        self._place_figures(2)
        return self._grid

    def _place_figures(self, columns: int) -> None:
        """Two columns of three figures, or one of six in a narrow window or large text."""
        if columns == self._figure_columns:
            return
        self._figure_columns = columns
        for name, value in self._figure_labels:
            self._grid.removeWidget(name)
            self._grid.removeWidget(value)
        rows = len(self._figure_labels) // columns
        for index, (name, value) in enumerate(self._figure_labels):
            pair, row = divmod(index, rows)  # sessions first, the longer values after
            self._grid.addWidget(name, row, pair * 2, Qt.AlignmentFlag.AlignTop)
            self._grid.addWidget(value, row, pair * 2 + 1, Qt.AlignmentFlag.AlignTop)
        stretches = (0, 1, 0, 2) if columns == 2 else (0, 1, 0, 0)
        for column, stretch in enumerate(stretches):
            self._grid.setColumnStretch(column, stretch)

    def resizeEvent(self, event: QResizeEvent) -> None:  # Qt override
        super().resizeEvent(event)
        wide = event.size().width() >= self.fontMetrics().height() * WIDE_LINES
        self._place_figures(2 if wide else 1)

    # -- what the app tells it ---------------------------------------------------

    def set_report(
        self,
        report: WeekReport,
        text: str,
        is_current: bool = False,
        *,
        zone: tzinfo | None = None,
    ) -> None:
        """Show `report`; `text` is its plain-text alternative (`week_text`).

        `zone` is where supervision times are read (by default, as recorded).
        """
        self._report = report
        self._text = text
        first = report.first_day
        last = first + timedelta(days=6)
        # Translators: the week report's heading, like "Week of 23 November".
        self.heading.setText(_("Week of {date}").format(date=day_and_month(first)))
        # Translators: like "Monday 23 November to Sunday 29 November 2026".
        self.dates.setText(
            capitalized(
                _("{first} to {last}").format(first=_date(first), last=date_text(last, year=True))
            )
        )
        self.next_button.setEnabled(not is_current)
        self.next_button.setToolTip(
            _("This is the current week.") if is_current else _("The week after")
        )
        self.empty.setVisible(report.empty)
        self.report_box.setVisible(not report.empty)
        for chart in (self.hours_chart, self.energy_chart):
            chart.setAccessibleDescription(text)
        self.hours_chart.set_days(report.days)
        self.energy_chart.set_energy(report.energy)
        self.energy_chart.setVisible(bool(report.energy))
        self._set_figures(report, zone)
        self._set_energy_note(report)

    def _set_figures(self, report: WeekReport, zone: tzinfo | None) -> None:
        sessions, email = report.sessions, report.email
        share = sessions.share_on_time
        overrun = sessions.mean_overrun_min
        values = {
            "sessions": str(sessions.run),
            "on_time": "\u2013" if share is None else f"{round(share * 100)}%",
            "overrun": "\u2013" if overrun is None else _minutes(overrun),
            "email": _("{shown} shown, {acted} acted on, {missed} missed").format(
                shown=email.shown, acted=email.acted, missed=email.missed
            ),
            "supervision": self._supervision(report, zone),
            "check_ins": self._check_ins(report),
        }
        for key, value in values.items():
            self.figures[key].setText(value)

    @staticmethod
    def _local(at: datetime, zone: tzinfo | None) -> datetime:
        return at if zone is None else at.astimezone(zone)

    def _supervision(self, report: WeekReport, zone: tzinfo | None) -> str:
        if report.last_supervision is None:
            return _("none recorded")
        held = self._local(report.last_supervision, zone)
        return _date(held.date(), report.first_day.year)

    @staticmethod
    def _check_ins(report: WeekReport) -> str:
        if not report.check_ins:
            return _("none")
        who = ", ".join(dict.fromkeys(initials for initials, _at in report.check_ins))
        # Translators: how many check-ins, and with whom, like "3 (AB, CD)".
        return _("{count} ({initials})").format(count=len(report.check_ins), initials=who)

    def _set_energy_note(self, report: WeekReport) -> None:
        if not report.energy:
            text = _(NO_RATINGS)
        elif report.most_energising:
            text = _(
                "What gave you the most energy this week: {tag}."
                " It may be worth making a little more room for it."
            ).format(tag=report.most_energising)
        else:
            text = ""
        self.energy_note.setText(text)
        self.energy_note.setVisible(bool(text))

    def open(self) -> None:
        """Show the window in front."""
        bring_forward(self)

    def showEvent(self, event: QShowEvent) -> None:  # Qt override
        """As tall as its content, within the screen, each time it is shown."""
        if not event.spontaneous():  # shown by the app, not restored from a minimise
            width = max(self.width(), WIDTH)
            body = self._content.layout()
            needed = body.totalHeightForWidth(width) if body is not None else -1
            if needed <= 0:
                needed = self._content.sizeHint().height()
            outer = self.layout()
            gap = outer.spacing() if outer is not None else 0
            footer = self._footer.sizeHint().height() + gap
            fit_on_screen(self, width, max(needed + footer, MIN_HEIGHT))
        super().showEvent(event)

    # -- what the user does ------------------------------------------------------

    def text(self) -> str:
        return self._text

    def copy_text(self) -> None:
        clipboard = QGuiApplication.clipboard()
        clipboard.setText(self._text)
        self.copy_button.setText(_("Copied \u2713"))
        self._copied.start()

    def _step(self, weeks: int) -> None:
        if self._report is not None:
            self.week_wanted.emit(self._report.first_day + timedelta(weeks=weeks))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # Qt override
        if event.key() == Qt.Key.Key_Escape:
            self.close()
        else:
            super().keyPressEvent(event)
