"""The week report's charts, drawn with QPainter: hours per day and energy by tag (ui).

PySide6-Essentials has no QtCharts. Everything is drawn in logical
coordinates from the font's size, so the charts keep their proportions at
any scale and text size. Colours come from the widget's palette plus one
accent and one warning hue (`chart_colours`). Nothing is told by colour
alone: scheduled hours are an outline, worked hours a solid bar, overtime
is hatched, and each day's close has its own shape (`chart_parts`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, timedelta

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QFontMetrics, QPainter, QPaintEvent, QPen

from boundary_app.core.i18n import (
    N_,
    _,
    capitalized,
    date_text,
    ngettext,
    pgettext,
    weekday_short,
)
from boundary_app.core.status_text import duration
from boundary_app.core.week_report import DaySummary, TagEnergy
from boundary_app.ui.chart_colours import ChartColours
from boundary_app.ui.chart_parts import Chart, Part, day_mark, draw_mark, draw_part

UNTAGGED = N_("No tag")


def _hours_step(top_hours: int) -> int:
    return 2 if top_hours <= 12 else 4


class HoursChart(Chart):
    """Per day, Monday to Sunday: scheduled hours (outline), worked (solid), overtime (hatched).

    Under each day's name a mark says how the day was closed.
    """

    def __init__(self) -> None:
        super().__init__()
        self._days: tuple[DaySummary, ...] = ()

    def set_days(self, days: Sequence[DaySummary]) -> None:
        self._days = tuple(days)
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        line = self.fontMetrics().height()
        return QSize(line * 28, line * 14)

    def minimumSizeHint(self) -> QSize:
        line = self.fontMetrics().height()
        return QSize(line * 16, line * 14)

    # -- geometry (logical coordinates; the tests use it to find the bars) --------

    def top_hours(self) -> int:
        most = max((max(d.scheduled_min, d.worked_min) for d in self._days), default=0)
        hours = max(8, math.ceil(most / 60))
        step = _hours_step(hours)
        return math.ceil(hours / step) * step

    def plot_rect(self) -> QRectF:
        fm = self.fontMetrics()
        line = fm.height()
        left = fm.horizontalAdvance(_hours(24)) + line * 0.6
        bottom = line * 2.8  # day names, then the marks
        return QRectF(
            left, line * 0.7, self.width() - left - line * 0.5, self.height() - line * 0.7 - bottom
        )

    def slot(self, index: int) -> QRectF:
        plot = self.plot_rect()
        width = plot.width() / 7
        return QRectF(plot.left() + index * width, plot.top(), width, plot.height())

    def _y(self, minutes: float) -> float:
        plot = self.plot_rect()
        return plot.bottom() - plot.height() * minutes / (self.top_hours() * 60)

    def _column(self, index: int, share: float) -> tuple[float, float]:
        slot = self.slot(index)
        width = min(slot.width() * 0.7, self.fontMetrics().height() * 3.5) * share
        return slot.center().x() - width / 2, width

    def scheduled_rect(self, index: int) -> QRectF:
        day = self._days[index]
        x, width = self._column(index, 1.0)
        top = self._y(day.scheduled_min)
        return QRectF(x, top, width, self._y(0) - top)

    def worked_rect(self, index: int) -> QRectF:
        """The worked bar without its overtime part."""
        day = self._days[index]
        x, width = self._column(index, 0.5)
        top = self._y(max(0, day.worked_min - day.overtime_min))
        return QRectF(x, top, width, self._y(0) - top)

    def overtime_rect(self, index: int) -> QRectF:
        day = self._days[index]
        x, width = self._column(index, 0.5)
        top = self._y(day.worked_min)
        return QRectF(x, top, width, self._y(max(0, day.worked_min - day.overtime_min)) - top)

    def day_label(self, index: int) -> str:
        """ "Mon 23", or "Mon" on every day when one of the longer names does not fit."""
        fm = self.fontMetrics()
        room = self.slot(0).width() - 2
        longest = max(fm.horizontalAdvance(_short_day(d.day)) for d in self._days)
        day = self._days[index].day
        return _short_day(day) if longest <= room else weekday_short(day.weekday())

    def mark_centre(self, index: int) -> QPointF:
        line = self.fontMetrics().height()
        return QPointF(self.slot(index).center().x(), self.plot_rect().bottom() + line * 2.05)

    # -- drawing -----------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # Qt override
        painter = QPainter(self)
        c = self._begin(painter)
        fm = self.fontMetrics()
        plot = self.plot_rect()
        if self._days and plot.height() > 0:
            self._draw_axis(painter, c, fm, plot)
            for index, day in enumerate(self._days):
                draw_part(painter, Part.SCHEDULED, self.scheduled_rect(index), c)
                draw_part(painter, Part.WORKED, self.worked_rect(index), c)
                draw_part(painter, Part.OVERTIME, self.overtime_rect(index), c)
                self._draw_day(painter, c, fm, index, day)
        self._finish(painter)
        painter.end()

    def _draw_axis(
        self, painter: QPainter, c: ChartColours, fm: QFontMetrics, plot: QRectF
    ) -> None:
        top = self.top_hours()
        step = _hours_step(top)
        for hours in range(0, top + 1, step):
            y = self._y(hours * 60)
            painter.setPen(QPen(c.axis if hours == 0 else c.grid, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(c.text)
            label = QRectF(0, y - fm.height() / 2, plot.left() - fm.height() * 0.3, fm.height())
            painter.drawText(
                label, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, _hours(hours)
            )

    def _draw_day(
        self, painter: QPainter, c: ChartColours, fm: QFontMetrics, index: int, day: DaySummary
    ) -> None:
        slot = self.slot(index)
        name = self.day_label(index)
        works = day.scheduled_min or day.worked_min
        painter.setPen(c.text if works else c.quiet_text)
        painter.drawText(
            QRectF(slot.left(), slot.bottom() + fm.height() * 0.2, slot.width(), fm.height()),
            Qt.AlignmentFlag.AlignCenter,
            name,
        )
        mark = day_mark(day)
        if mark is not None:
            draw_mark(painter, mark, self.mark_centre(index), fm.height() * 0.7, c)

    def tip_at(self, point: QPointF) -> str:
        for index, day in enumerate(self._days):
            slot = self.slot(index)
            if slot.left() <= point.x() < slot.right():
                return describe_day(day)
        return ""


def describe_day(day: DaySummary) -> str:
    """One day in words, for its tooltip."""
    parts = [capitalized(date_text(day.day))]
    parts.append(
        _("scheduled {scheduled}, worked {worked}").format(
            scheduled=_minutes(day.scheduled_min), worked=_minutes(day.worked_min)
        )
    )
    if day.overtime_min:
        parts.append(_("overtime {duration}").format(duration=_minutes(day.overtime_min)))
    mark = day_mark(day)
    if mark is not None:
        parts.append(mark.text())
    return "; ".join(parts)


def _short_day(day: date) -> str:
    # Translators: a day under the week's chart, like "Mon 23".
    return pgettext("date, short", "{weekday} {day}").format(
        weekday=weekday_short(day.weekday()), day=day.day
    )


def _hours(hours: int) -> str:
    # Translators: a whole number of hours on the chart's scale, like "8 h".
    return _("{hours} h").format(hours=hours)


def _neutral(count: int) -> str:
    return ngettext("{count} neutral", "{count} neutral", count).format(count=count)


def _minutes(minutes: int) -> str:
    return duration(timedelta(minutes=minutes))


class EnergyChart(Chart):
    """Per tag, a bar to the left for sessions that drained and to the right for energised.

    Counts are written at the bars' ends, and the neutral ones in a column of their own.
    """

    def __init__(self) -> None:
        super().__init__()
        self._rows: tuple[TagEnergy, ...] = ()

    def set_energy(self, rows: Sequence[TagEnergy]) -> None:
        self._rows = tuple(rows)
        self.updateGeometry()
        self.update()

    def row_height(self) -> float:
        return self.fontMetrics().height() * 1.7

    def sizeHint(self) -> QSize:
        line = self.fontMetrics().height()
        return QSize(
            line * 28, round(line * 1.6 + self.row_height() * len(self._rows) + line * 0.4)
        )

    def minimumSizeHint(self) -> QSize:
        hint = self.sizeHint()
        return QSize(self.fontMetrics().height() * 16, hint.height())

    # -- geometry ----------------------------------------------------------------

    def _label(self, row: TagEnergy) -> str:
        return row.tag or _(UNTAGGED)

    def _columns(self) -> tuple[float, float, float]:
        """The width of the tag names, the centre line, and the length of a full bar."""
        fm = self.fontMetrics()
        widest = max((fm.horizontalAdvance(self._label(r)) for r in self._rows), default=0)
        names = min(widest, self.width() * 0.3) + fm.height() * 0.8
        neutral = fm.horizontalAdvance(_neutral(99)) + fm.height() * 0.8
        count = fm.horizontalAdvance("99") + fm.height() * 0.4
        half = (self.width() - names - neutral) / 2
        return names, names + half, max(0.0, half - count)

    def _scale(self) -> int:
        return max((max(r.drained, r.energised) for r in self._rows), default=1) or 1

    def row_rect(self, index: int) -> QRectF:
        top = self.fontMetrics().height() * 1.6 + index * self.row_height()
        return QRectF(0, top, self.width(), self.row_height())

    def drained_rect(self, index: int) -> QRectF:
        row = self._rows[index]
        _names, centre, full = self._columns()
        length = full * row.drained / self._scale()
        band = self._band(index)
        return QRectF(centre - length, band.top(), length, band.height())

    def energised_rect(self, index: int) -> QRectF:
        row = self._rows[index]
        _names, centre, full = self._columns()
        length = full * row.energised / self._scale()
        band = self._band(index)
        return QRectF(centre, band.top(), length, band.height())

    def _band(self, index: int) -> QRectF:
        rect = self.row_rect(index)
        gap = rect.height() * 0.2
        return rect.adjusted(0, gap, 0, -gap)

    # -- drawing -----------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # Qt override
        painter = QPainter(self)
        c = self._begin(painter)
        fm = self.fontMetrics()
        names, centre, _full = self._columns()
        line = fm.height()
        painter.setPen(c.text)
        header = QRectF(0, line * 0.2, self.width(), line)
        gap = line * 0.5
        painter.drawText(
            header.adjusted(0, 0, -(self.width() - centre) - gap, 0),
            Qt.AlignmentFlag.AlignRight,
            _("\u25c0 Drained"),
        )
        painter.drawText(
            header.adjusted(centre + gap, 0, 0, 0),
            Qt.AlignmentFlag.AlignLeft,
            _("Energised \u25b6"),
        )
        for index, row in enumerate(self._rows):
            self._draw_row(painter, c, fm, index, row, names, centre)
        if self._rows:
            painter.setPen(QPen(c.axis, 1.5))
            top = self.row_rect(0).top()
            bottom = self.row_rect(len(self._rows) - 1).bottom()
            painter.drawLine(QPointF(centre, top), QPointF(centre, bottom))
        self._finish(painter)
        painter.end()

    def _draw_row(
        self,
        painter: QPainter,
        c: ChartColours,
        fm: QFontMetrics,
        index: int,
        row: TagEnergy,
        names: float,
        centre: float,
    ) -> None:
        rect = self.row_rect(index)
        pad = fm.height() * 0.4
        painter.setPen(c.text if row.tag else c.quiet_text)
        label = fm.elidedText(self._label(row), Qt.TextElideMode.ElideRight, round(names - pad))
        painter.drawText(
            rect.adjusted(0, 0, -(self.width() - names) - pad, 0),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            label,
        )
        drained, energised = self.drained_rect(index), self.energised_rect(index)
        painter.fillRect(drained, QBrush(c.overtime))
        painter.fillRect(energised, QBrush(c.worked))
        painter.setPen(c.text)
        middle = Qt.AlignmentFlag.AlignVCenter
        if row.drained:
            left = QRectF(0, rect.top(), drained.left() - pad / 2, rect.height())
            painter.drawText(left, Qt.AlignmentFlag.AlignRight | middle, str(row.drained))
        if row.energised:
            right = QRectF(energised.right() + pad / 2, rect.top(), fm.height() * 3, rect.height())
            painter.drawText(right, Qt.AlignmentFlag.AlignLeft | middle, str(row.energised))
        if row.neutral:
            painter.setPen(c.quiet_text)
            painter.drawText(
                rect.adjusted(0, 0, -pad, 0),
                Qt.AlignmentFlag.AlignRight | middle,
                _neutral(row.neutral),
            )

    def tip_at(self, point: QPointF) -> str:
        for index, row in enumerate(self._rows):
            if self.row_rect(index).contains(point):
                return _(
                    "{tag}: {energised} energised, {neutral} neutral, {drained} drained"
                ).format(
                    tag=self._label(row),
                    energised=row.energised,
                    neutral=row.neutral,
                    drained=row.drained,
                )
        return ""
