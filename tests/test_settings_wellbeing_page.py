"""The "Well-being" settings page, driven like a user: tick, type, add people, Apply."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QDate, QPoint, Qt, QTime
from PySide6.QtWidgets import QAbstractButton, QCheckBox, QLabel, QScrollArea, QWidget
from pytestqt.qtbot import QtBot

from boundary_app.app.controller import Controller
from boundary_app.app.settings_editor import SettingsEditor
from boundary_app.core.clock import FixedClock
from boundary_app.core.wellbeing_settings import Supervisee
from boundary_app.storage import paths
from boundary_app.storage.journal import Journal
from boundary_app.storage.settings_file import read_settings
from boundary_app.ui.settings.wellbeing_page import WellbeingPage
from boundary_app.ui.settings.window import SettingsWindow
from tests.helpers import at

ORIGINAL = """\
# Clinic hours; supervision with Sam on Thursdays.
timezone = "America/New_York"

[sessions]
length_min = 50   # the usual clinical hour
"""
WITH_PEOPLE = (
    ORIGINAL
    + """
[supervision]
enabled = true   # Sam, room 4
checkin_time = "11:00"

[[supervision.supervisees]]
initials = "A.B."
every_weeks = 1
day = "tue"

[[supervision.supervisees]]
initials = "CD"
"""
)
THURSDAY = date(2026, 12, 3)


@pytest.fixture
def config() -> Path:
    path = paths.settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(ORIGINAL, encoding="utf-8")
    return path


def open_window(
    qtbot: QtBot, config: Path, journal: Journal, *, on_page: bool = True
) -> SettingsWindow:
    settings = read_settings(config, system_zone=ZoneInfo("America/New_York"))
    controller = Controller(settings, FixedClock(at("2026-12-03T10:00:00-05:00")), journal)
    controller.replan("test")
    editor = SettingsEditor(controller, config, paths.data_dir(), None)
    window = SettingsWindow(editor, THURSDAY, paths.config_dir() / "window-state.ini")
    qtbot.addWidget(window)
    window.open()
    if on_page:
        window.index.setCurrentRow(window.pages.index(window.wellbeing))
    qtbot.waitExposed(window)
    laid_out(qtbot)
    return window


def laid_out(qtbot: QtBot) -> None:
    """Let Qt lay out what changed (rows added or removed) before clicking at them."""
    qtbot.wait(20)


def tick(qtbot: QtBot, box: QCheckBox) -> None:
    """Click a check box where a person would: on its box, not in the empty space after."""
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


@pytest.fixture
def window(qtbot: QtBot, config: Path, journal: Journal) -> SettingsWindow:
    return open_window(qtbot, config, journal)


def saved(config: Path) -> dict[str, object]:
    return tomllib.loads(config.read_text(encoding="utf-8"))


def type_lines(qtbot: QtBot, widget: QWidget, lines: list[str]) -> None:
    for number, line in enumerate(lines):
        if number:
            qtbot.keyClick(widget, Qt.Key.Key_Return)
        qtbot.keyClicks(widget, line)


def test_the_page_comes_after_end_of_day(window: SettingsWindow) -> None:
    titles = [page.title for page in window.pages]
    assert titles[titles.index("End of day") + 1] == "Well-being"


def test_typed_values_are_saved_on_apply(
    qtbot: QtBot, window: SettingsWindow, config: Path
) -> None:
    page = window.wellbeing
    assert not window.apply_button.isEnabled()
    tick(qtbot, page.energy_enabled)
    type_lines(qtbot, page.tags, ["couples", "intake", "teens"])
    tick(qtbot, page.supervision_enabled)
    page.day.setCurrentIndex(1)  # Tuesday
    page.time.setTime(QTime(15, 30))
    page.every.setValue(3)
    page.weeks_from.setDate(QDate(2026, 11, 3))
    page.lead.setValue(20)
    page.checkin_time.setTime(QTime(9, 30))
    qtbot.mouseClick(page.add_person_button, Qt.MouseButton.LeftButton)
    (person,) = page.person_rows()
    qtbot.keyClicks(person.initials, "A.B.")
    person.every.setValue(4)
    person.day.setCurrentIndex(4)  # Friday
    type_lines(qtbot, page.intentions, ["A walk before dinner", "Call a friend"])
    assert window.apply_button.isEnabled()

    qtbot.mouseClick(window.apply_button, Qt.MouseButton.LeftButton)

    assert not window.problem.isVisible(), window.problem.text()
    data = saved(config)
    assert data["energy"] == {"enabled": True, "tags": ["couples", "intake", "teens"]}
    assert data["supervision"] == {
        "enabled": True,
        "day": "tue",
        "time": "15:30",
        "every_weeks": 3,
        "weeks_from": date(2026, 11, 3),
        "lead_min": 20,
        "checkin_time": "09:30",
        "supervisees": [{"initials": "A.B.", "every_weeks": 4, "day": "fri"}],
    }
    assert data["outside_work"] == {"intentions": ["A walk before dinner", "Call a friend"]}
    text = config.read_text(encoding="utf-8")
    assert "length_min = 50   # the usual clinical hour" in text
    assert "[day]" not in text  # nothing else written out
    settings = window._editor.settings()
    assert settings.supervision.supervisees == (Supervisee("A.B.", 4, 4),)
    assert not window.apply_button.isEnabled()


def test_a_name_typed_as_initials_is_shown_under_its_row_and_nothing_is_saved(
    qtbot: QtBot, window: SettingsWindow, config: Path
) -> None:
    before = config.read_bytes()
    page = window.wellbeing
    qtbot.mouseClick(page.add_person_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.add_person_button, Qt.MouseButton.LeftButton)
    first, second = page.person_rows()
    qtbot.keyClicks(first.initials, "CD")
    qtbot.keyClicks(second.initials, "Annabel")

    qtbot.mouseClick(window.apply_button, Qt.MouseButton.LeftButton)

    assert config.read_bytes() == before
    assert window.index.currentRow() == window.pages.index(page)
    assert window.problem.text().startswith("Not saved: 1 problem to fix (see Well-being).")
    label = second.slot.label
    assert label.isVisible()
    assert label.text().startswith('Initials: "Annabel" is not initials')
    assert "initials only" in label.text()
    assert "screen you share" in label.text()
    assert not first.slot.label.isVisible()
    # right under the row it is about
    row, _col, _rows, _cols = page.grid.getItemPosition(page.grid.indexOf(second.initials))
    assert page.grid.getItemPosition(page.grid.indexOf(label))[0] == row + 1

    second.initials.clear()
    qtbot.keyClicks(second.initials, "AK")
    qtbot.mouseClick(window.apply_button, Qt.MouseButton.LeftButton)
    assert not label.isVisible()
    supervision = saved(config)["supervision"]
    assert isinstance(supervision, dict)
    assert [p["initials"] for p in supervision["supervisees"]] == ["CD", "AK"]


def test_a_bad_tag_is_shown_under_the_tags(
    qtbot: QtBot, window: SettingsWindow, config: Path
) -> None:
    before = config.read_bytes()
    page = window.wellbeing
    type_lines(qtbot, page.tags, ["intake", "a tag far too long to be a tag at all"])
    qtbot.mouseClick(window.apply_button, Qt.MouseButton.LeftButton)
    assert config.read_bytes() == before
    assert page.energy_slot.label.isVisible()
    assert page.energy_slot.label.text() == "Tag 2: is 37 characters long (at most 24)"


def test_the_file_shows_and_untouched_it_stays_as_it_is(
    qtbot: QtBot, config: Path, journal: Journal
) -> None:
    config.write_text(WITH_PEOPLE, encoding="utf-8")
    window = open_window(qtbot, config, journal)
    page = window.wellbeing
    assert page.supervision_enabled.isChecked()
    assert not page.energy_enabled.isChecked()
    assert page.day.currentText() == "Thursday"
    assert page.checkin_time.time() == QTime(11, 0)
    rows = page.person_rows()
    assert [(p.initials.text(), p.every.value(), p.day.currentText()) for p in rows] == [
        ("A.B.", 1, "Tuesday"),
        ("CD", 2, "Monday"),
    ]
    assert rows[0].every.suffix() == " week"
    assert rows[1].every.suffix() == " weeks"
    assert not window.apply_button.isEnabled()
    assert window.edited_document() == window._editor.document()


def test_removing_a_person_keeps_the_others_and_the_comments(
    qtbot: QtBot, config: Path, journal: Journal
) -> None:
    config.write_text(WITH_PEOPLE, encoding="utf-8")
    window = open_window(qtbot, config, journal)
    page = window.wellbeing
    first, _second = page.person_rows()
    qtbot.mouseClick(first.remove, Qt.MouseButton.LeftButton)
    laid_out(qtbot)
    (left,) = page.person_rows()
    assert left.initials.text() == "CD"
    assert left.initials.accessibleName() == "Initials of person 1"
    qtbot.mouseClick(window.apply_button, Qt.MouseButton.LeftButton)
    text = config.read_text(encoding="utf-8")
    assert "enabled = true   # Sam, room 4" in text
    assert "A.B." not in text
    supervision = saved(config)["supervision"]
    assert isinstance(supervision, dict)
    # the list is one key: written whole, as the window shows it
    assert supervision["supervisees"] == [{"initials": "CD", "every_weeks": 2, "day": "mon"}]


def test_a_page_not_shown_yet_is_sized_with_its_people_when_it_shows(
    qtbot: QtBot, config: Path, journal: Journal
) -> None:
    # else the scroll area sizes the page without them first, and it is squeezed for a
    # moment when it shows (caught by the desktop screenshots as a page that moved)
    config.write_text(WITH_PEOPLE, encoding="utf-8")
    window = open_window(qtbot, config, journal, on_page=False)
    page = window.wellbeing
    assert not page.isVisible()
    hidden = page.minimumSizeHint().height()
    window.index.setCurrentRow(window.pages.index(page))
    laid_out(qtbot)
    assert page.minimumSizeHint().height() == hidden
    assert page.height() >= hidden


def test_every_field_has_a_name_and_the_mnemonics_differ(window: SettingsWindow) -> None:
    page: WellbeingPage = window.wellbeing
    page.add_person()
    keys: list[str] = []
    for widget in page.findChildren(QWidget):
        labelled = isinstance(widget, QLabel) and widget.buddy() is not None
        text = widget.text() if labelled or isinstance(widget, QAbstractButton) else ""
        if "&" in text:
            keys.append(text[text.index("&") + 1].lower())
        focusable = widget.focusPolicy() != Qt.FocusPolicy.NoFocus
        if focusable and not isinstance(widget, (QLabel, QScrollArea)) and widget.isVisible():
            if widget.parent() is not None and widget.parent().inherits("QAbstractSpinBox"):
                continue  # the line edit inside a spin box, time or date edit
            if widget.inherits("QAbstractButton") and widget.text():
                continue
            assert widget.accessibleName(), widget
    assert len(keys) == len(set(keys)), keys
    assert {"o", "a", "c"}.isdisjoint(keys)  # OK, Apply, Cancel


def test_the_page_does_not_scroll_sideways_in_a_small_window(
    qtbot: QtBot, window: SettingsWindow
) -> None:
    window.wellbeing.add_person()
    window.resize(640, 400)  # a 1280x800 screen at 200%
    qtbot.wait(50)
    scroll = window.stack.currentWidget()
    assert isinstance(scroll, QScrollArea)
    assert scroll.widget() is window.wellbeing
    assert scroll.horizontalScrollBar().maximum() == 0
