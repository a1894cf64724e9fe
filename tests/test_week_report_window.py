"""The week report window: the figures it shows, its charts' colours and text, its buttons."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPalette
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from boundary_app.core.week_report import (
    DaySummary,
    EmailSummary,
    SessionSummary,
    TagEnergy,
    WeekReport,
)
from boundary_app.core.week_text import week_text
from boundary_app.ui.chart_colours import contrast
from boundary_app.ui.week_report_window import EMPTY_WEEK, NO_RATINGS, WeekReportWindow

SHOTS = Path("/tmp/shots")
ZONE = ZoneInfo("America/New_York")
MON = date(2026, 11, 23)


def day(offset: int, scheduled: int, worked: int, closed: bool, on_time: bool | None) -> DaySummary:
    overtime = max(0, worked - scheduled) if closed else 0
    return DaySummary(MON + timedelta(days=offset), scheduled, worked, closed, on_time, overtime)


WEEK = WeekReport(
    first_day=MON,
    days=(
        day(0, 420, 420, True, True),  # closed on time
        day(1, 420, 465, True, False),  # 45 min late
        day(2, 240, 240, False, False),  # never closed
        day(3, 420, 400, True, True),
        day(4, 360, 130, False, None),  # under way
        day(5, 0, 0, False, None),
        day(6, 0, 0, False, None),
    ),
    sessions=SessionSummary(run=12, ended=11, on_time=9, mean_overrun_min=3.6),
    email=EmailSummary(shown=10, acted=7, missed=2),
    energy=(
        TagEnergy("couples", 4, 1, 0),
        TagEnergy("intake", 1, 2, 1),
        TagEnergy("", 0, 1, 1),
        TagEnergy("crisis work", 0, 0, 3),
    ),
    most_energising="couples",
    last_supervision=datetime(2026, 11, 19, 14, 0, tzinfo=ZONE),
    check_ins=(
        ("AB", datetime(2026, 11, 24, 11, 0, tzinfo=ZONE)),
        ("CD", datetime(2026, 11, 26, 15, 0, tzinfo=ZONE)),
        ("AB", datetime(2026, 11, 27, 9, 30, tzinfo=ZONE)),
    ),
)
QUIET_WEEK = WeekReport(
    first_day=MON - timedelta(weeks=1),
    days=tuple(
        DaySummary(MON - timedelta(days=7 - i), 420 if i < 5 else 0, 0, False, None, 0)
        for i in range(7)
    ),
    sessions=SessionSummary(0, 0, 0, None),
    email=EmailSummary(0, 0, 0),
    energy=(),
    most_energising=None,
    last_supervision=None,
    check_ins=(),
)


def shown(qtbot: QtBot, report: WeekReport = WEEK, *, is_current: bool = True) -> WeekReportWindow:
    window = WeekReportWindow()
    qtbot.addWidget(window)
    window.set_report(report, week_text(report, ZONE), is_current=is_current, zone=ZONE)
    with qtbot.waitExposed(window):
        window.open()
    return window


def shoot(widget: QWidget, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    widget.grab().save(str(SHOTS / f"{name}.png"))


def test_the_figures_read_as_the_week_went(qtbot: QtBot) -> None:
    window = shown(qtbot)
    assert window.windowTitle() == "This week \u2013 Boundary"
    assert window.heading.text() == "Week of 23 November"
    assert window.dates.text() == "Monday 23 November to Sunday 29 November 2026"
    assert {key: label.text() for key, label in window.figures.items()} == {
        "sessions": "12",
        "on_time": "82%",  # 9 of 11 that ended
        "overrun": "3.6 min",
        "email": "10 shown, 7 acted on, 2 missed",
        "supervision": "Thursday 19 November",
        "check_ins": "3 (AB, CD)",
    }
    assert window.energy_note.text() == (
        "What gave you the most energy this week: couples."
        " It may be worth making a little more room for it."
    )
    assert window.hours_chart.isVisible()
    assert window.energy_chart.isVisible()
    assert not window.empty.isVisible()
    assert [window.hours_chart.day_label(i) for i in range(7)] == [
        "Mon 23",
        "Tue 24",
        "Wed 25",
        "Thu 26",
        "Fri 27",
        "Sat 28",
        "Sun 29",
    ]
    shoot(window, "week-report")


def test_the_charts_describe_themselves_with_the_text(qtbot: QtBot) -> None:
    window = shown(qtbot)
    text = week_text(WEEK, ZONE)
    assert "Tuesday 24 November: 7 h scheduled, 7 h 45 min worked, closed 45 min late." in text
    for chart in (window.hours_chart, window.energy_chart):
        assert chart.accessibleDescription() == text
    assert window.hours_chart.accessibleName() == "Hours each day: scheduled and worked"
    assert window.energy_chart.accessibleName() == "Energy after sessions, by tag"
    tip = window.hours_chart.tip_at(window.hours_chart.slot(1).center())
    assert tip == (
        "Tuesday 24 November; scheduled 7 h, worked 7 h 45 min; overtime 45 min; closed late"
    )
    energy = window.energy_chart
    assert energy.tip_at(energy.row_rect(2).center()) == (
        "No tag: 0 energised, 1 neutral, 1 drained"
    )


def test_copy_as_text_puts_the_text_on_the_clipboard(qtbot: QtBot) -> None:
    window = shown(qtbot)
    QGuiApplication.clipboard().clear()
    qtbot.mouseClick(window.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == week_text(WEEK, ZONE)
    assert window.copy_button.text() == "Copied \u2713"
    qtbot.waitUntil(lambda: window.copy_button.text() == "&Copy as text", timeout=5_000)


def test_export_asks_the_app(qtbot: QtBot) -> None:
    window = shown(qtbot)
    with qtbot.waitSignal(window.export_wanted):
        qtbot.mouseClick(window.export_button, Qt.MouseButton.LeftButton)


def test_previous_and_next_ask_for_the_monday_of_that_week(qtbot: QtBot) -> None:
    window = shown(qtbot, is_current=True)
    assert not window.next_button.isEnabled()
    with qtbot.waitSignal(window.week_wanted) as wanted:
        qtbot.mouseClick(window.previous_button, Qt.MouseButton.LeftButton)
    assert wanted.args == [date(2026, 11, 16)]
    with qtbot.assertNotEmitted(window.week_wanted):
        qtbot.mouseClick(window.next_button, Qt.MouseButton.LeftButton)

    window.set_report(QUIET_WEEK, week_text(QUIET_WEEK, ZONE), is_current=False, zone=ZONE)
    assert window.heading.text() == "Week of 16 November"
    assert window.next_button.isEnabled()
    with qtbot.waitSignal(window.week_wanted) as wanted:
        qtbot.mouseClick(window.next_button, Qt.MouseButton.LeftButton)
    assert wanted.args == [MON]


def test_an_empty_week_gets_a_kind_word_instead_of_empty_charts(qtbot: QtBot) -> None:
    assert QUIET_WEEK.empty
    window = shown(qtbot, QUIET_WEEK, is_current=False)
    assert window.empty.isVisible()
    assert window.empty.text() == EMPTY_WEEK
    assert not window.report_box.isVisible()
    assert not window.hours_chart.isVisible()
    shoot(window, "week-report-empty")
    window.set_report(WEEK, week_text(WEEK, ZONE), is_current=True, zone=ZONE)
    assert not window.empty.isVisible()
    assert window.hours_chart.isVisible()


def test_a_week_with_work_but_no_sessions_ended_or_rated(qtbot: QtBot) -> None:
    report = WeekReport(
        first_day=MON,
        days=WEEK.days,
        sessions=SessionSummary(run=2, ended=0, on_time=0, mean_overrun_min=None),
        email=EmailSummary(0, 0, 0),
        energy=(),
        most_energising=None,
        last_supervision=datetime(2025, 12, 30, 16, 0, tzinfo=ZONE),
        check_ins=(),
    )
    window = shown(qtbot, report)
    assert {key: label.text() for key, label in window.figures.items()} == {
        "sessions": "2",
        "on_time": "\u2013",
        "overrun": "\u2013",
        "email": "0 shown, 0 acted on, 0 missed",
        "supervision": "Tuesday 30 December 2025",  # another year: it says which
        "check_ins": "none",
    }
    assert not window.energy_chart.isVisible()
    assert window.energy_note.text() == NO_RATINGS
    window.set_report(report, "", zone=None)
    assert window.figures["supervision"].text() == "Tuesday 30 December 2025"


# -- colours in light and dark palettes ------------------------------------------------


def dark_palette() -> QPalette:
    palette = QPalette()
    roles = QPalette.ColorRole
    for role, colour in (
        (roles.Window, "#2b2b2b"),
        (roles.WindowText, "#e6e6e6"),
        (roles.Base, "#1e1e1e"),
        (roles.AlternateBase, "#262626"),
        (roles.Text, "#e6e6e6"),
        (roles.Button, "#3a3a3a"),
        (roles.ButtonText, "#e6e6e6"),
        (roles.PlaceholderText, "#9a9a9a"),
        (roles.Highlight, "#2f6fb0"),
        (roles.HighlightedText, "#ffffff"),
        (roles.ToolTipBase, "#3a3a3a"),
        (roles.ToolTipText, "#e6e6e6"),
    ):
        palette.setColor(role, QColor(colour))
    return palette


@pytest.fixture(params=["light", "dark"])
def palette(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    """The whole app in a light or a dark palette, as a desktop theme would set it."""
    before = qapp.palette()
    style = qapp.style()
    qapp.setPalette(style.standardPalette() if request.param == "light" else dark_palette())
    yield request.param
    qapp.setPalette(before)


def render(widget: QWidget, ratio: float) -> QImage:
    image = QImage(widget.size() * ratio, QImage.Format.Format_RGB32)
    image.setDevicePixelRatio(ratio)
    image.fill(QColor("magenta"))  # anything left unpainted would show
    widget.render(image)
    return image


def commonest(image: QImage, area: QRectF, ratio: float) -> QColor:
    """The colour most pixels inside `area` (logical units) have."""
    box = QRectF(area.topLeft() * ratio, area.bottomRight() * ratio).toAlignedRect()
    seen = Counter(
        image.pixel(x, y)
        for x in range(box.left() + 1, box.right())
        for y in range(box.top() + 1, box.bottom())
    )
    assert seen, f"nothing drawn in {area}"
    return QColor.fromRgb(seen.most_common(1)[0][0])


def around(point: QPointF, radius: float) -> QRectF:
    return QRectF(point.x() - radius, point.y() - radius, 2 * radius, 2 * radius)


@pytest.mark.parametrize("ratio", [1.0, 2.0])
def test_every_bar_and_mark_stands_out_from_the_background(
    qtbot: QtBot, palette: str, ratio: float
) -> None:
    window = shown(qtbot)
    shoot(window, f"week-report-{palette}")
    hours, energy = window.hours_chart, window.energy_chart
    image = render(hours, ratio)
    if ratio == 2.0:
        image.save(str(SHOTS / f"hours-chart-{palette}-at-2x.png"))
    background = QColor.fromRgb(image.pixel(image.width() - 3, 3))
    assert background.rgb() == hours.colours().background.rgb()
    if palette == "dark":
        assert background.lightnessF() < 0.3

    c = hours.colours()
    plot = hours.plot_rect()
    edge = hours.scheduled_rect(2)  # Wednesday: worked as scheduled, the outline shows
    left_edge = QRectF(edge.left() - 1, edge.center().y() - 10, 4, 20)
    drawn = {
        "worked": commonest(image, hours.worked_rect(0), ratio),
        "overtime": commonest(image, hours.overtime_rect(1), ratio),
        "scheduled outline": _most_contrasting(image, left_edge, ratio, background),
        "on-time mark": commonest(image, around(hours.mark_centre(0), 2), ratio),
        "late mark": commonest(image, around(hours.mark_centre(1), 2), ratio),
        "not-closed mark": commonest(image, around(hours.mark_centre(2), 1), ratio),
        "axis": _most_contrasting(
            image, QRectF(plot.left(), plot.bottom() - 2, plot.width(), 4), ratio, background
        ),
    }
    assert drawn["worked"].rgb() == c.worked.rgb()
    assert drawn["overtime"].rgb() == c.overtime.rgb()
    assert drawn["worked"] != drawn["overtime"]
    for what, colour in drawn.items():
        seen = contrast(colour, background)
        assert seen >= 3.0, f"{what} #{colour.rgb() & 0xFFFFFF:06x} on {palette}: {seen:.2f}"

    image = render(energy, ratio)
    for what, rect in (
        ("drained", energy.drained_rect(0 + 1)),
        ("energised", energy.energised_rect(0)),
    ):
        colour = commonest(image, rect, ratio)
        seen = contrast(colour, background)
        assert seen >= 3.0, f"{what} bar on {palette}: {seen:.2f}"


def _most_contrasting(image: QImage, area: QRectF, ratio: float, background: QColor) -> QColor:
    box = QRectF(area.topLeft() * ratio, area.bottomRight() * ratio).toAlignedRect()
    colours = {
        image.pixel(x, y)
        for x in range(box.left(), box.right() + 1)
        for y in range(box.top(), box.bottom() + 1)
    }
    return max((QColor.fromRgb(p) for p in colours), key=lambda q: contrast(q, background))
