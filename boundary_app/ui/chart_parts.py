"""What the week report's charts are drawn with: marks, bar parts, a legend, a base widget (ui).

Each kind of thing has its own shape as well as its own colour (an
outlined box for scheduled hours, a solid bar for worked, a hatched one
for overtime; a circle, a triangle or a cross for how a day was closed),
and the legend draws its samples with the very same code.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from enum import Enum

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt
from PySide6.QtGui import QHelpEvent, QPainter, QPaintEvent, QPalette, QPen, QPolygonF
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QStyle,
    QStyleOptionFocusRect,
    QToolTip,
    QWidget,
)

from boundary_app.core.i18n import N_, _
from boundary_app.core.week_report import DaySummary
from boundary_app.ui.chart_colours import ChartColours, chart_colours
from boundary_app.ui.flow_layout import FlowLayout


class Mark(Enum):
    """How a day was closed, as drawn under it."""

    ON_TIME = N_("closed on time")
    LATE = N_("closed late")
    NOT_CLOSED = N_("not closed")

    def text(self) -> str:
        return _(self.value)


class Part(Enum):
    """The parts of a day's bar, as drawn and in the legend."""

    SCHEDULED = N_("Scheduled")
    WORKED = N_("Worked")
    OVERTIME = N_("Overtime")

    def text(self) -> str:
        return _(self.value)


def day_mark(day: DaySummary) -> Mark | None:
    """None for a day with no work scheduled, or not over yet."""
    if day.closed_on_time is None:
        return None
    if day.closed_on_time:
        return Mark.ON_TIME
    return Mark.LATE if day.closed else Mark.NOT_CLOSED


def draw_mark(painter: QPainter, mark: Mark, centre: QPointF, size: float, c: ChartColours) -> None:
    """A filled circle (on time), a filled triangle (late) or a cross (not closed)."""
    r = size / 2
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    if mark is Mark.ON_TIME:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(c.worked)
        painter.drawEllipse(centre, r, r)
    elif mark is Mark.LATE:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(c.overtime)
        h = r * math.sqrt(3)
        painter.drawPolygon(
            QPolygonF(
                [
                    QPointF(centre.x(), centre.y() - h * 0.6),
                    QPointF(centre.x() + r * 1.05, centre.y() + h * 0.45),
                    QPointF(centre.x() - r * 1.05, centre.y() + h * 0.45),
                ]
            )
        )
    else:
        pen = QPen(c.text, max(1.5, size / 6))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        d = r * 0.75
        painter.drawLine(
            QPointF(centre.x() - d, centre.y() - d), QPointF(centre.x() + d, centre.y() + d)
        )
        painter.drawLine(
            QPointF(centre.x() - d, centre.y() + d), QPointF(centre.x() + d, centre.y() - d)
        )
    painter.restore()


def draw_part(painter: QPainter, part: Part, rect: QRectF, c: ChartColours) -> None:
    """An outlined box (scheduled), a solid bar (worked) or a hatched bar (overtime)."""
    if rect.height() <= 0 or rect.width() <= 0:
        return
    painter.save()
    if part is Part.SCHEDULED:
        pen = QPen(c.scheduled, 1.5)
        pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        painter.setPen(pen)
        painter.setBrush(c.scheduled_fill)
        painter.drawRect(rect.adjusted(0.75, 0.75, -0.75, -0.75))
    else:
        painter.fillRect(rect, c.worked if part is Part.WORKED else c.overtime)
    if part is Part.OVERTIME:
        painter.setClipRect(rect)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(c.hatch, 1.5))
        step = 6.0
        x = rect.left() - rect.height()
        while x < rect.right():
            painter.drawLine(QPointF(x, rect.bottom()), QPointF(x + rect.height(), rect.top()))
            x += step
    painter.restore()


class Chart(QWidget):
    """What both charts share: colours from the palette, a focus frame, row tooltips."""

    def __init__(self) -> None:
        super().__init__()
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # screen readers reach the description
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def colours(self) -> ChartColours:
        return chart_colours(self.palette(), self.backgroundRole())

    def _begin(self, painter: QPainter) -> ChartColours:
        c = self.colours()
        painter.fillRect(self.rect(), c.background)
        return c

    def _finish(self, painter: QPainter) -> None:
        if self.hasFocus():
            option = QStyleOptionFocusRect()
            option.initFrom(self)
            option.backgroundColor = self.palette().color(QPalette.ColorRole.Window)
            self.style().drawPrimitive(
                QStyle.PrimitiveElement.PE_FrameFocusRect, option, painter, self
            )

    def tip_at(self, point: QPointF) -> str:
        return ""

    def event(self, event: QEvent) -> bool:  # Qt override
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            tip = self.tip_at(QPointF(event.pos()))
            if tip:
                QToolTip.showText(event.globalPos(), tip, self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)


class _Swatch(QWidget):
    """A legend's sample: a bar part or a mark, drawn as in the chart."""

    def __init__(self, what: Part | Mark) -> None:
        super().__init__()
        self._what = what
        line = self.fontMetrics().height()
        self.setFixedSize(round(line * 1.1), line)

    def paintEvent(self, event: QPaintEvent) -> None:  # Qt override
        painter = QPainter(self)
        c = chart_colours(self.palette(), self.backgroundRole())
        size = self.height()
        if isinstance(self._what, Mark):
            draw_mark(painter, self._what, QPointF(self.width() / 2, size / 2), size * 0.7, c)
        else:
            draw_part(painter, self._what, QRectF(1, size * 0.1, self.width() - 2, size * 0.8), c)
        painter.end()


def legend(items: Sequence[tuple[Part | Mark, str]]) -> QWidget:
    """A row of samples with their names that wraps in a narrow window."""
    box = QWidget()
    flow = FlowLayout(box, spacing=12)
    for what, text in items:
        item = QWidget()
        row = QHBoxLayout(item)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        row.addWidget(_Swatch(what))
        row.addWidget(QLabel(text))
        flow.addWidget(item)
    return box
