"""The "Hours" settings page, driven like a user: pick days, set times, click, type."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QDate, QPoint, Qt, QTime
from PySide6.QtWidgets import QAbstractItemView, QScrollArea, QTreeWidget, QWidget
from pytestqt.qtbot import QtBot

from boundary_app.core.fields import Problem, SettingsError
from boundary_app.core.settings_schema import parse_settings, settings_to_data
from boundary_app.ui.settings.hours_page import HoursPage
from boundary_app.ui.settings.page import Document
from boundary_app.ui.settings.week_editor import SpanEdit

SYSTEM = ZoneInfo("America/New_York")
TODAY = date(2026, 11, 27)
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)
LUNCH = {"name": "Lunch", "days": ["mon", "tue", "wed", "thu", "fri"], "time": "12:00-13:00"}


def default_document() -> Document:
    document = settings_to_data(parse_settings({}, system_zone=SYSTEM))
    document["breaks"] = [copy.deepcopy(LUNCH)]
    return document


def stored(page: HoursPage, document: Document | None = None) -> Document:
    document = copy.deepcopy(document if document is not None else default_document())
    page.store(document)
    return document


def check(document: Document) -> None:
    """The settings check accepts what the page stored."""
    parse_settings(document, system_zone=SYSTEM)


@pytest.fixture
def page(qtbot: QtBot) -> HoursPage:
    page = HoursPage("America/New_York", TODAY)
    qtbot.addWidget(page)
    page.load(default_document())
    page.resize(640, 900)
    page.show()
    qtbot.waitExposed(page)
    return page


# -- driving the widgets -------------------------------------------------------------


def click_row(qtbot: QtBot, view: QAbstractItemView, row: int) -> None:
    if isinstance(view, QTreeWidget):
        item = view.topLevelItem(row)
        assert item is not None
        rect = view.visualItemRect(item)
    else:
        rect = view.visualRect(view.model().index(row, 0))
    view.scrollTo(view.model().index(row, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert view.currentIndex().row() == row


def click(qtbot: QtBot, widget: QWidget) -> None:
    assert widget.isEnabled(), f"{widget} is disabled"
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(4, widget.height() // 2))


def set_span(span: SpanEdit, start: str, end: str) -> None:
    span.start.setTime(QTime.fromString(start, "HH:mm"))
    span.end.setTime(QTime.fromString(end, "HH:mm"))


def pick_day(qtbot: QtBot, page: HoursPage, day: int) -> None:
    click_row(qtbot, page.week.days, day)


def rows_shown(view: QTreeWidget) -> list[list[str]]:
    items = [view.topLevelItem(i) for i in range(view.topLevelItemCount())]
    return [[item.text(c) for c in range(view.columnCount())] for item in items if item]


def blocks_shown(page: HoursPage) -> list[str]:
    return [page.week.blocks.item(i).text() for i in range(page.week.blocks.count())]


def set_tuesday(qtbot: QtBot, page: HoursPage, *spans: tuple[str, str]) -> None:
    """Give Tuesday exactly these blocks, the way a user would."""
    pick_day(qtbot, page, TUE)
    while page.week.blocks.count():
        click(qtbot, page.week.remove_button)
    for start, end in spans:
        click(qtbot, page.week.add_button)
        set_span(page.week.span, start, end)


def untick_lunch(qtbot: QtBot, page: HoursPage, day: int) -> None:
    click_row(qtbot, page.breaks.list, 0)
    box = page.breaks.day_boxes[day]
    assert box.isChecked()
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(4, box.height() // 2))
    assert not box.isChecked()


# -- the week ------------------------------------------------------------------------


def test_default_week_shows_nine_to_five_and_days_off(page: HoursPage) -> None:
    assert page.title == "Hours"
    assert page.keys == ("week", "breaks", "exceptions", "timezone")
    assert [page.week.days.rows[d].text(0) for d in range(7)][:2] == ["Monday", "Tuesday"]
    assert page.week.summary(MON) == "09:00\u201317:00"
    assert page.week.summary(FRI) == "09:00\u201317:00"
    assert page.week.summary(SAT) == "Day off"
    assert page.week.summary(SUN) == "Day off"
    assert page.week.blocks_caption.text() == "Monday\u2019s blocks"


def test_tuesday_split_shift_through_the_widgets(qtbot: QtBot, page: HoursPage) -> None:
    with qtbot.waitSignal(page.edited):
        pick_day(qtbot, page, TUE)
        click_row(qtbot, page.week.blocks, 0)
        set_span(page.week.span, "08:00", "12:00")
    click(qtbot, page.week.add_button)
    # The block offered next starts an hour after the last one ends.
    assert blocks_shown(page) == ["08:00\u201312:00", "13:00\u201317:00"]
    assert page.week.blocks.currentRow() == 1
    page.week.span.end.setTime(QTime(18, 0))
    assert page.week.summary(TUE) == "08:00\u201312:00, 13:00\u201318:00"
    untick_lunch(qtbot, page, TUE)  # the gap is lunch already

    document = stored(page)

    assert document["week"]["tuesday"] == ["08:00-12:00", "13:00-18:00"]
    assert document["week"]["monday"] == ["09:00-17:00"]
    assert document["breaks"][0]["days"] == ["mon", "wed", "thu", "fri"]
    check(document)


def test_add_block_to_a_day_off_offers_nine_to_five(qtbot: QtBot, page: HoursPage) -> None:
    pick_day(qtbot, page, SAT)
    assert not page.week.span.isEnabled()
    assert not page.week.remove_button.isEnabled()
    click(qtbot, page.week.add_button)
    assert blocks_shown(page) == ["09:00\u201317:00"]
    assert page.week.span.isEnabled()
    assert stored(page)["week"]["saturday"] == ["09:00-17:00"]


def test_overnight_copy_monday_and_a_day_off(qtbot: QtBot, page: HoursPage) -> None:
    pick_day(qtbot, page, FRI)
    set_span(page.week.span, "22:00", "06:00")
    assert page.week.summary(FRI) == "22:00\u201306:00 (overnight)"
    assert blocks_shown(page) == ["22:00\u201306:00 (ends the next day)"]
    assert page.week.span.note.text() == "ends the next day"
    assert stored(page)["week"]["friday"] == ["22:00-06:00"]

    pick_day(qtbot, page, MON)
    set_span(page.week.span, "08:00", "12:00")
    click(qtbot, page.week.add_button)
    with qtbot.waitSignal(page.edited):
        click(qtbot, page.week.copy_button)
    for day in (TUE, WED, THU, FRI):
        assert page.week.summary(day) == "08:00\u201312:00, 13:00\u201317:00"

    pick_day(qtbot, page, WED)
    click(qtbot, page.week.remove_button)
    click(qtbot, page.week.remove_button)
    assert page.week.summary(WED) == "Day off"
    assert not page.week.remove_button.isEnabled()

    week = stored(page)["week"]
    assert "wednesday" not in week
    assert week["friday"] == ["08:00-12:00", "13:00-17:00"]
    assert list(week) == ["monday", "tuesday", "thursday", "friday"]


def test_a_block_ending_at_midnight_is_written_24_00(qtbot: QtBot, page: HoursPage) -> None:
    pick_day(qtbot, page, SAT)
    click(qtbot, page.week.add_button)
    set_span(page.week.span, "18:00", "00:00")
    assert page.week.summary(SAT) == "18:00\u201324:00"
    assert page.week.span.note.text() == "ends at midnight"
    assert stored(page)["week"]["saturday"] == ["18:00-24:00"]


# -- breaks --------------------------------------------------------------------------


def test_breaks_add_edit_remove(qtbot: QtBot, page: HoursPage) -> None:
    assert page.breaks.list.item(0).text() == "Lunch \u2014 Mon\u2013Fri, 12:00\u201313:00"
    with qtbot.waitSignal(page.edited):
        click(qtbot, page.breaks.add_button)
    assert page.breaks.list.count() == 2
    assert page.breaks.list.currentRow() == 1
    page.breaks.name.clear()
    qtbot.keyClicks(page.breaks.name, "Admin time")
    friday = page.breaks.day_boxes[FRI]
    assert friday.isChecked()  # offered on the days it fits in
    qtbot.mouseClick(friday, Qt.MouseButton.LeftButton, pos=QPoint(4, friday.height() // 2))
    set_span(page.breaks.span, "16:00", "17:00")
    assert page.breaks.list.item(1).text() == "Admin time \u2014 Mon\u2013Thu, 16:00\u201317:00"

    document = stored(page)
    assert document["breaks"] == [
        LUNCH,
        {"name": "Admin time", "days": ["mon", "tue", "wed", "thu"], "time": "16:00-17:00"},
    ]
    check(document)

    click_row(qtbot, page.breaks.list, 0)
    assert page.breaks.name.text() == "Lunch"
    click(qtbot, page.breaks.remove_button)
    assert stored(page)["breaks"] == [document["breaks"][1]]
    click(qtbot, page.breaks.remove_button)
    assert stored(page)["breaks"] == []  # written out: no breaks at all
    assert not page.breaks.name.isEnabled()


# -- days off and other hours -------------------------------------------------------


def add_exception(
    qtbot: QtBot, page: HoursPage, day: date, hours: str | None, name: str = ""
) -> None:
    editor = page.exceptions
    editor.date.setDate(QDate(day.year, day.month, day.day))
    if hours is None:
        click(qtbot, editor.day_off)
    else:
        click(qtbot, editor.other_hours)
        editor.hours.clear()
        qtbot.keyClicks(editor.hours, hours)
    editor.name.clear()
    qtbot.keyClicks(editor.name, name)
    click(qtbot, editor.add_button)


def test_days_off_and_other_hours(qtbot: QtBot, page: HoursPage) -> None:
    editor = page.exceptions
    assert editor.date.date() == QDate(2026, 11, 27)
    assert editor.date.calendarPopup()
    assert editor.empty.isVisible()
    assert "exceptions" not in stored(page)

    with qtbot.waitSignal(page.edited):
        add_exception(qtbot, page, date(2026, 12, 31), "10:00-14:00, 15:00 - 17:00")
    add_exception(qtbot, page, date(2026, 12, 24), None, "Christmas Eve")

    assert rows_shown(editor.list) == [
        ["2026-12-24", "Thursday", "Day off \u2014 Christmas Eve"],
        ["2026-12-31", "Thursday", "10:00\u201314:00, 15:00\u201317:00"],
    ]
    document = stored(page)
    assert document["exceptions"] == [
        {"date": date(2026, 12, 24), "hours": [], "name": "Christmas Eve"},
        {"date": date(2026, 12, 31), "hours": ["10:00-14:00", "15:00-17:00"]},
    ]
    check(document)

    click_row(qtbot, editor.list, 0)
    with qtbot.waitSignal(page.edited):
        click(qtbot, editor.remove_button)
    assert stored(page)["exceptions"] == [document["exceptions"][1]]
    click(qtbot, editor.remove_button)
    assert "exceptions" not in stored(page)


def test_hours_that_do_not_read_are_not_added(qtbot: QtBot, page: HoursPage) -> None:
    add_exception(qtbot, page, date(2026, 12, 31), "10-14")
    assert page.exceptions.hint.isVisible()
    assert "10-14" in page.exceptions.hint.text()
    assert "exceptions" not in stored(page)
    add_exception(qtbot, page, date(2026, 12, 31), "10:00-14:00")
    assert not page.exceptions.hint.isVisible()
    assert stored(page)["exceptions"] == [{"date": date(2026, 12, 31), "hours": ["10:00-14:00"]}]


def test_adding_a_date_again_replaces_it(qtbot: QtBot, page: HoursPage) -> None:
    add_exception(qtbot, page, date(2026, 12, 24), None)
    assert page.exceptions.add_button.text() == "Replace da&te"
    add_exception(qtbot, page, date(2026, 12, 24), "09:00-12:00", "Short day")
    assert stored(page)["exceptions"] == [
        {"date": date(2026, 12, 24), "hours": ["09:00-12:00"], "name": "Short day"}
    ]


# -- time zone -----------------------------------------------------------------------


def choose_completion(qtbot: QtBot, page: HoursPage, typed: str) -> None:
    line = page.zone.lineEdit()
    assert line is not None
    line.selectAll()
    qtbot.keyClicks(line, typed)
    popup = page.zone.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)


def test_time_zone_found_by_part_of_its_name(qtbot: QtBot, page: HoursPage) -> None:
    assert page.zone.currentText() == "System (America/New_York)"
    assert "timezone" not in stored(page)
    with qtbot.waitSignal(page.edited):
        choose_completion(qtbot, page, "berl")
    assert page.zone.currentText() == "Europe/Berlin"
    document = stored(page)
    assert document["timezone"] == "Europe/Berlin"
    check(document)

    choose_completion(qtbot, page, "sys")
    assert "timezone" not in stored(page, document)


def test_time_zone_typed_in_other_case_is_the_zone(qtbot: QtBot, page: HoursPage) -> None:
    line = page.zone.lineEdit()
    assert line is not None
    line.selectAll()
    qtbot.keyClicks(line, "europe/berlin")
    assert stored(page)["timezone"] == "Europe/Berlin"


# -- problems ------------------------------------------------------------------------


def problems_of(document: Document) -> list[Problem]:
    with pytest.raises(SettingsError) as caught:
        check(document)
    return list(caught.value.problems)


def test_overlap_is_shown_under_the_week_and_selects_tuesday(qtbot: QtBot, page: HoursPage) -> None:
    set_tuesday(qtbot, page, ("09:00", "13:00"), ("12:30", "13:30"))
    pick_day(qtbot, page, MON)
    problems = problems_of(stored(page))
    assert [p.field for p in problems] == ["week.tuesday[1]"]

    page.show_problems(problems)

    label = page.week_problems.label
    assert label.isVisible()
    assert label.text() == (
        'Tuesday, block 2: "12:30-13:30" overlaps week.tuesday[0] "09:00-13:00"'
    )
    assert page.week.current_day() == TUE
    assert page.week.blocks.currentRow() == 1
    for other in (page.breaks_problems, page.exceptions_problems, page.zone_problems):
        assert not other.label.isVisible()

    page.show_problems([])
    assert not label.isVisible()


def test_a_problem_far_down_is_scrolled_into_view(qtbot: QtBot) -> None:
    page = HoursPage("America/New_York", TODAY)
    area = QScrollArea()  # as the settings window holds its pages
    area.setWidgetResizable(True)
    area.setWidget(page)
    qtbot.addWidget(area)
    area.resize(600, 300)
    area.show()
    qtbot.waitExposed(area)
    page.load(default_document())
    bar = area.verticalScrollBar()
    assert bar.value() == 0

    page.show_problems([Problem("timezone", '"Mars/Base" is not a known IANA time zone')])

    qtbot.waitUntil(lambda: bar.value() > 0)
    label = page.zone_problems.label
    top = label.mapTo(area.viewport(), QPoint(0, 0)).y()
    assert top >= 0
    assert top + label.height() <= area.viewport().height()


@pytest.mark.parametrize(
    ("change", "slot", "text"),
    [
        (
            {"timezone": "Mars/Base"},
            "zone_problems",
            'Time zone: "Mars/Base" is not a known IANA time zone',
        ),
        (
            {"breaks": [{"name": "Lunch", "days": ["sat"], "time": "12:00-13:00"}]},
            "breaks_problems",
            "Break \u201cLunch\u201d, days: saturday has no work hours",
        ),
        (
            {"exceptions": [{"date": date(2026, 12, 24), "hours": ["09:00-12:00", "11:00-13:00"]}]},
            "exceptions_problems",
            'Thursday 2026-12-24, block 2: "11:00-13:00" overlaps',
        ),
    ],
)
def test_problems_in_plain_words_by_section(
    page: HoursPage, change: dict[str, Any], slot: str, text: str
) -> None:
    document = {**default_document(), **change}
    page.load(document)
    page.show_problems(problems_of(stored(page, document)))
    label = getattr(page, slot).label
    assert label.isVisible()
    assert label.text().startswith(text)
    assert not page.week_problems.label.isVisible()


# -- loading and storing -------------------------------------------------------------

RICH: dict[str, Any] = {
    "timezone": "Europe/Berlin",
    "week": {
        "monday": ["07:30-12:00", "13:00-16:30"],
        "tuesday": ["09:00-17:00"],
        "wednesday": ["09:00-12:00", "14:00-18:00", "19:00-21:00"],
        "friday": ["22:00-06:00"],
        "sunday": ["18:00-24:00"],
    },
    "breaks": [
        {"name": "Lunch", "days": ["tue"], "time": "12:00-12:45"},
        {"name": "Admin time", "days": ["mon", "wed"], "time": "11:00-12:00"},
    ],
    "sessions": {"length_min": 45},
    "exceptions": [
        {"date": date(2026, 12, 24), "hours": [], "name": "Christmas Eve"},
        {"date": date(2026, 12, 31), "hours": ["09:00-13:00", "14:00-15:00"]},
    ],
}


def test_load_then_store_gives_the_document_back(qtbot: QtBot) -> None:
    document = settings_to_data(parse_settings(RICH, system_zone=SYSTEM))
    page = HoursPage("America/New_York", TODAY)
    qtbot.addWidget(page)
    with qtbot.assertNotEmitted(page.edited):
        page.load(document)
    assert page.week.summary(FRI) == "22:00\u201306:00 (overnight)"
    assert page.week.summary(SUN) == "18:00\u201324:00"
    assert page.zone.currentText() == "Europe/Berlin"

    assert stored(page, document) == document


def test_looking_around_is_not_an_edit(qtbot: QtBot, page: HoursPage) -> None:
    with qtbot.assertNotEmitted(page.edited):
        for day in (FRI, MON, SAT, TUE):
            pick_day(qtbot, page, day)
        click_row(qtbot, page.week.blocks, 0)
        click_row(qtbot, page.breaks.list, 0)
        page.zone.showPopup()
        page.zone.hidePopup()
    assert stored(page) == default_document()


def test_load_replaces_what_was_shown(qtbot: QtBot, page: HoursPage) -> None:
    add_exception(qtbot, page, date(2026, 12, 24), None)
    choose_completion(qtbot, page, "berl")
    page.load(default_document())
    assert stored(page) == default_document()


def test_without_breaks_the_built_in_lunch_is_shown(qtbot: QtBot, page: HoursPage) -> None:
    document = default_document()
    del document["breaks"]
    page.load(document)
    assert stored(page, document)["breaks"] == [LUNCH]


# -- keyboard ------------------------------------------------------------------------


def test_tab_goes_through_the_page_in_reading_order(page: HoursPage) -> None:
    week, breaks, exceptions = page.week, page.breaks, page.exceptions
    expected: list[QWidget] = [
        week.days,
        week.copy_button,
        week.blocks,
        week.span.start,
        week.span.end,
        week.add_button,
        week.remove_button,
        breaks.list,
        breaks.add_button,
        breaks.remove_button,
        breaks.name,
        *breaks.day_boxes,
        breaks.span.start,
        breaks.span.end,
        exceptions.date,
        exceptions.day_off,
        exceptions.hours,
        exceptions.name,
        exceptions.add_button,
        exceptions.list,
        exceptions.remove_button,
        page.zone,
    ]
    chain: list[QWidget] = []
    widget = page.nextInFocusChain()
    while widget is not page:
        if widget in expected and widget not in chain:
            chain.append(widget)
        widget = widget.nextInFocusChain()
    assert chain == expected
    for button in (week.add_button, week.remove_button, week.copy_button, breaks.add_button):
        assert "&" in button.text()
    for view in (week.days, week.blocks, breaks.list, exceptions.list, page.zone):
        assert view.accessibleName()
