"""Notes for supervision, used like a user would: type, Enter, tick, Delete, Esc."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QListWidget
from pytestqt.qtbot import QtBot

from boundary_app.core.wellbeing import NOTE_MAX, SupervisionNote
from boundary_app.ui.supervision_notes import QuickNoteDialog, SupervisionNotesWindow

SHOTS = Path("/tmp/shots")
ZONE = ZoneInfo("America/New_York")
WHEN = datetime(2026, 11, 24, 10, 0, tzinfo=ZONE)

NOTES = (
    SupervisionNote(1, "Feeling stuck with a long-term client's goals", WHEN),
    SupervisionNote(2, "How to say no to extra evening slots", WHEN),
    SupervisionNote(3, "Talked through already", WHEN, done_at=WHEN),
    SupervisionNote(4, "Whether to join the consultation group", WHEN),
)


@pytest.fixture
def window(qtbot: QtBot) -> SupervisionNotesWindow:
    window = SupervisionNotesWindow()
    qtbot.addWidget(window)
    window.set_notes(NOTES)
    with qtbot.waitActive(window):
        window.open()
    return window


def tick(qtbot: QtBot, view: QListWidget, row: int) -> None:
    view.setCurrentRow(row)
    qtbot.keyClick(view, Qt.Key.Key_Space)


def test_open_notes_are_listed_with_the_next_supervision(
    window: SupervisionNotesWindow, qtbot: QtBot
) -> None:
    assert window.windowTitle() == "Notes for supervision \u2013 Boundary"
    assert window.texts() == [
        "Feeling stuck with a long-term client's goals",
        "How to say no to extra evening slots",
        "Whether to join the consultation group",
    ]
    assert not window.next_line.isVisible()
    window.set_next("Thursday 14:00")
    assert window.next_line.isVisible()
    assert window.next_line.text() == "Next supervision: Thursday 14:00"
    assert window.entry.line.hasFocus()
    SHOTS.mkdir(exist_ok=True)
    window.grab().save(str(SHOTS / "supervision-notes.png"))
    window.set_next("")
    assert not window.next_line.isVisible()


def test_enter_adds_a_note_and_the_box_clears_once_it_is_saved(
    window: SupervisionNotesWindow, qtbot: QtBot
) -> None:
    with qtbot.waitSignal(window.note_added) as added:
        qtbot.keyClicks(window.entry.line, "  Boundaries   with a colleague ")
        qtbot.keyClick(window.entry.line, Qt.Key.Key_Return)
    assert added.args == ["Boundaries with a colleague"]
    assert window.entry.line.text() == "  Boundaries   with a colleague "  # until it is kept
    window.note_saved()
    assert window.entry.line.text() == ""
    with qtbot.assertNotEmitted(window.note_added):
        qtbot.keyClicks(window.entry.line, "   ")
        qtbot.keyClick(window.entry.line, Qt.Key.Key_Return)


def test_a_note_that_could_not_be_saved_stays_in_the_box(
    window: SupervisionNotesWindow, qtbot: QtBot
) -> None:
    qtbot.keyClicks(window.entry.line, "Caseload size")
    with qtbot.waitSignal(window.note_added):
        qtbot.mouseClick(window.add_button, Qt.MouseButton.LeftButton)
    window.show_problem("The note could not be saved: the disk is full.")
    assert window.problem.isVisible()
    assert window.problem.text() == "The note could not be saved: the disk is full."
    assert window.entry.line.text() == "Caseload size"
    SHOTS.mkdir(exist_ok=True)
    window.grab().save(str(SHOTS / "supervision-notes-problem.png"))
    with qtbot.waitSignal(window.note_added) as added:
        qtbot.keyClick(window.entry.line, Qt.Key.Key_Return)  # try again
    assert added.args == ["Caseload size"]
    window.note_saved()
    assert not window.problem.isVisible()


def test_a_long_note_shows_what_is_left_and_stops_at_the_limit(
    window: SupervisionNotesWindow, qtbot: QtBot
) -> None:
    window.entry.line.setText("x" * 390)
    assert not window.entry.counter.isVisible()
    qtbot.keyClicks(window.entry.line, "y" * 20)
    assert window.entry.counter.isVisible()
    assert window.entry.counter.text() == f"{NOTE_MAX - 410} characters left"
    qtbot.keyClicks(window.entry.line, "z" * 200)
    assert len(window.entry.line.text()) == NOTE_MAX
    assert window.entry.counter.text() == "That is as long as a note can be."


def test_a_ticked_note_stays_struck_through_until_the_window_is_put_away(
    window: SupervisionNotesWindow, qtbot: QtBot
) -> None:
    with qtbot.waitSignal(window.note_checked) as checked:
        tick(qtbot, window.list, 1)
    assert checked.args == [2, True]
    item = window.list.item(1)
    assert item.font().strikeOut()
    assert window.texts()[1] == "How to say no to extra evening slots"  # still there
    with qtbot.waitSignal(window.note_checked) as checked:
        tick(qtbot, window.list, 1)  # not yet, after all
    assert checked.args == [2, False]
    assert not window.list.item(1).font().strikeOut()

    rect = window.list.visualItemRect(window.list.item(0))
    with qtbot.waitSignal(window.note_checked) as checked:
        # a click on the check box at the row's left
        box = QPoint(rect.left() + rect.height() // 2, rect.center().y())
        qtbot.mouseClick(window.list.viewport(), Qt.MouseButton.LeftButton, pos=box)
    assert checked.args == [1, True]
    SHOTS.mkdir(exist_ok=True)
    window.grab().save(str(SHOTS / "supervision-notes-ticked.png"))
    qtbot.keyClick(window.list, Qt.Key.Key_Escape)
    assert not window.isVisible()
    window.open()
    assert window.texts() == [
        "How to say no to extra evening slots",
        "Whether to join the consultation group",
    ]


def test_a_ticked_note_stays_when_the_list_is_shown_afresh(
    window: SupervisionNotesWindow, qtbot: QtBot
) -> None:
    tick(qtbot, window.list, 1)
    # The app saved it and shows the open notes again: the ticked one is not among them.
    window.set_notes([n for n in NOTES if n.id != 2])
    assert window.texts() == [
        "Feeling stuck with a long-term client's goals",
        "How to say no to extra evening slots",
        "Whether to join the consultation group",
    ]
    assert window.list.item(1).font().strikeOut()
    with qtbot.waitSignal(window.note_checked) as checked:
        tick(qtbot, window.list, 1)  # it can still be unticked
    assert checked.args == [2, False]
    window.set_notes(NOTES)
    assert not window.list.item(1).font().strikeOut()
    tick(qtbot, window.list, 0)
    window.hide()  # put away: what was ticked is gone next time
    window.set_notes([n for n in NOTES if n.id != 1])
    assert window.texts() == [
        "How to say no to extra evening slots",
        "Whether to join the consultation group",
    ]


def test_delete_and_remove_drop_a_note(window: SupervisionNotesWindow, qtbot: QtBot) -> None:
    window.list.setCurrentRow(1)
    with qtbot.waitSignal(window.note_dropped) as dropped:
        qtbot.keyClick(window.list, Qt.Key.Key_Delete)
    assert dropped.args == [2]
    assert window.texts() == [
        "Feeling stuck with a long-term client's goals",
        "Whether to join the consultation group",
    ]
    assert window.list.currentRow() == 1
    with qtbot.waitSignal(window.note_dropped) as dropped:
        qtbot.mouseClick(window.remove_button, Qt.MouseButton.LeftButton)
    assert dropped.args == [4]
    with qtbot.waitSignal(window.note_dropped) as dropped:
        qtbot.mouseClick(window.remove_button, Qt.MouseButton.LeftButton)
    assert dropped.args == [1]
    assert window.empty.isVisible()
    assert not window.remove_button.isVisible()
    SHOTS.mkdir(exist_ok=True)
    window.grab().save(str(SHOTS / "supervision-notes-empty.png"))


def test_supervision_held_today(window: SupervisionNotesWindow, qtbot: QtBot) -> None:
    with qtbot.waitSignal(window.held):
        qtbot.mouseClick(window.held_button, Qt.MouseButton.LeftButton)


@pytest.fixture
def quick(qtbot: QtBot) -> QuickNoteDialog:
    dialog = QuickNoteDialog()
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.open()
    return dialog


def test_quick_note_enter_keeps_it_and_closes_once_saved(
    quick: QuickNoteDialog, qtbot: QtBot
) -> None:
    assert quick.windowTitle() == "Note for supervision \u2013 Boundary"
    assert quick.entry.line.hasFocus()
    qtbot.keyClicks(quick.entry.line, "Ask about the waiting list")
    SHOTS.mkdir(exist_ok=True)
    quick.grab().save(str(SHOTS / "quick-note.png"))
    with qtbot.waitSignal(quick.note_added) as added:
        qtbot.keyClick(quick.entry.line, Qt.Key.Key_Return)
    assert added.args == ["Ask about the waiting list"]
    assert quick.isVisible()
    quick.note_saved()
    assert not quick.isVisible()
    assert quick.entry.line.text() == ""


def test_quick_note_keeps_the_text_when_it_could_not_be_saved(
    quick: QuickNoteDialog, qtbot: QtBot
) -> None:
    qtbot.keyClicks(quick.entry.line, "Ask about the waiting list")
    with qtbot.waitSignal(quick.note_added):
        qtbot.mouseClick(quick.keep_button, Qt.MouseButton.LeftButton)
    quick.show_problem("The note could not be saved: the journal is locked.")
    assert quick.isVisible()
    assert quick.problem.isVisible()
    assert quick.entry.line.text() == "Ask about the waiting list"
    SHOTS.mkdir(exist_ok=True)
    quick.grab().save(str(SHOTS / "quick-note-problem.png"))


def test_quick_note_escape_cancels(quick: QuickNoteDialog, qtbot: QtBot) -> None:
    qtbot.keyClicks(quick.entry.line, "Never mind")
    with qtbot.waitSignal(quick.rejected), qtbot.assertNotEmitted(quick.note_added):
        qtbot.keyClick(quick.entry.line, Qt.Key.Key_Escape)
    assert not quick.isVisible()


def test_quick_note_shown_again_forgets_an_old_problem(
    quick: QuickNoteDialog, qtbot: QtBot
) -> None:
    quick.show_problem("The note could not be saved: the journal is locked.")
    qtbot.keyClick(quick.entry.line, Qt.Key.Key_Escape)
    quick.show()  # as the app shows it, without `open`
    assert not quick.problem.isVisible()
