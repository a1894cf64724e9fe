"""The well-being tools in the wired app: energy after a session, notes, the week (offscreen)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from boundary_app.app.composition import Shell
from boundary_app.app.controller import Controller
from boundary_app.core.clock import FixedClock
from boundary_app.core.day_record import DayRecord
from boundary_app.core.delivery import NOTES
from boundary_app.core.nudge import Nudge, NudgeKind
from boundary_app.core.wellbeing import Energy, Held
from boundary_app.storage import paths
from boundary_app.storage.journal import Journal
from boundary_app.storage.wellbeing_records import WellbeingRecords
from boundary_app.ui import energy_check
from boundary_app.ui.nudge_presenter import notice_key
from tests.helpers import at, settings_from

WELLBEING = {
    "energy": {"enabled": True, "tags": ["couples", "intake"]},
    "supervision": {
        "enabled": True,
        "day": "thu",
        "time": "14:00",
        "every_weeks": 1,
        "supervisees": [{"initials": "A.B.", "every_weeks": 2, "day": "mon"}],
    },
    "outside_work": {"intentions": ["A walk by the river"]},
}


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(at("2026-12-03T10:00:00-05:00"))  # a Thursday


@pytest.fixture
def shell(
    qtbot: QtBot,
    qapp: QApplication,
    monkeypatch: pytest.MonkeyPatch,
    journal: Journal,
    clock: FixedClock,
) -> Iterator[Shell]:
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    monkeypatch.setattr(energy_check, "SETTLE_MS", 0)
    controller = Controller(settings_from(WELLBEING), clock, journal)
    built = Shell(qapp, controller, Path(paths.settings_path()))
    monkeypatch.setattr(built.app, "quit", lambda: None)
    built.controller.replan("start")
    built.start_the_rest()
    yield built
    built.quit()
    for widget in qapp.topLevelWidgets():  # none of this app's windows may outlive it
        widget.hide()


def test_ending_a_session_asks_how_it_went_and_keeps_the_answer(
    shell: Shell, clock: FixedClock, journal: Journal, qtbot: QtBot
) -> None:
    shell.controller.start_session(50)
    clock.advance(timedelta(minutes=50))
    assert shell.controller.end_session()
    window = shell.wellbeing_windows.energy_window
    assert window is not None
    assert window.isVisible()
    qtbot.wait(20)  # the window takes answers once it has settled
    chip = next(b for b in window.chip_buttons if "couples" in b.text())
    qtbot.mouseClick(chip, Qt.MouseButton.LeftButton)
    qtbot.keyClick(window, Qt.Key.Key_1)
    assert not window.isVisible()
    checks = WellbeingRecords(journal).energy_between(
        at("2026-12-03T00:00:00-05:00"), at("2026-12-04T00:00:00-05:00")
    )
    assert [(c.rating, c.tags, c.session_start) for c in checks] == [
        (Energy.ENERGISED, ("couples",), at("2026-12-03T10:00:00-05:00"))
    ]


def test_nothing_private_opens_or_stays_open_during_a_session(shell: Shell) -> None:
    windows = shell.wellbeing_windows
    windows.show_notes()
    assert windows.notes_window is not None
    assert windows.notes_window.isVisible()
    shell.controller.start_session(50)
    assert not windows.notes_window.isVisible()
    shell.actions.update()
    assert not shell.actions.notes.isEnabled()
    assert not shell.actions.week.isEnabled()
    windows.show_week()
    assert windows.week_window is None
    shell.controller.end_session()
    shell.actions.update()
    assert shell.actions.notes.isEnabled()


def test_a_note_typed_in_the_window_is_kept_and_can_be_ticked_off(
    shell: Shell, journal: Journal, qtbot: QtBot
) -> None:
    windows = shell.wellbeing_windows
    windows.show_notes()
    window = windows.notes_window
    assert window is not None
    heading = "\n".join(label.text() for label in window.findChildren(QLabel))
    assert "Thursday 3 December, 14:00" in heading
    qtbot.keyClicks(window.entry.line, "Ask about the waiting list pressure")
    qtbot.keyClick(window.entry.line, Qt.Key.Key_Return)
    records = WellbeingRecords(journal)
    assert [n.text for n in records.open_notes()] == ["Ask about the waiting list pressure"]
    assert window.entry.line.text() == ""
    note = records.open_notes()[0]
    window.note_checked.emit(note.id, True)
    assert records.open_notes() == []


def test_the_supervision_reminder_opens_the_notes(shell: Shell) -> None:
    presenter = shell.presenter
    nudge = Nudge(
        NudgeKind.SUPERVISION_REMINDER, at("2026-12-03T13:45:00-05:00"), "Supervision", "..."
    )
    presenter.present([nudge])
    presenter._on_action(notice_key(nudge), NOTES)
    assert shell.wellbeing_windows.notes_window is not None
    assert shell.wellbeing_windows.notes_window.isVisible()


def test_the_week_shows_what_the_journal_holds_and_exports_it(
    shell: Shell, journal: Journal, clock: FixedClock, tmp_path: Path
) -> None:
    shell.controller.start_session(50)
    clock.advance(timedelta(minutes=57))
    shell.controller.end_session()
    shell.wellbeing.rate(Energy.DRAINED, ["intake"])
    shell.wellbeing.supervision_held()
    shell.wellbeing_windows.show_week()
    window = shell.wellbeing_windows.week_window
    assert window is not None
    text = window.text()
    assert "1 session" in text
    assert "intake" in text

    target = tmp_path / "records.json"
    shell.wellbeing_windows.export_to(target)
    data = json.loads(target.read_text(encoding="utf-8"))
    assert [s["overrun_min"] for s in data["sessions"]] == [7]
    assert [e["rating"] for e in data["energy"]] == ["drained"]
    assert [h["what"] for h in data["supervision"]] == [Held.SUPERVISION.value]
    assert target.stat().st_mode & 0o777 == 0o600

    table = tmp_path / "records.csv"
    shell.wellbeing_windows.export_to(table)
    rows = list(csv.DictReader(table.read_text(encoding="utf-8-sig").splitlines()))
    assert {row["record"] for row in rows} >= {"session", "energy", "supervision"}


def test_an_export_that_cannot_be_written_says_where_and_why(
    shell: Shell, tmp_path: Path, qtbot: QtBot
) -> None:
    with qtbot.waitSignal(shell.wellbeing_windows.not_saved) as said:
        shell.wellbeing_windows.export_to(tmp_path / "missing" / "records.csv")
    assert "Not exported" in said.args[0]
    assert str(tmp_path / "missing") in said.args[0]


def test_overtime_piling_up_shows_a_fitting_card_a_hint_and_the_evening_plan(
    shell: Shell, journal: Journal, clock: FixedClock
) -> None:
    for day, late in (
        ("2026-11-27", 40),
        ("2026-11-30", 25),
        ("2026-12-01", 0),
        ("2026-12-02", 55),
    ):
        end = at(f"{day}T17:00:00-05:00")
        journal.save_day(
            DayRecord(at(f"{day}T00:00:00-05:00").date(), end + timedelta(minutes=late), end, late)
        )
    clock.advance(timedelta(hours=7))  # 17:00
    shell.ask_close_day()
    window = shell.end_of_day_window
    assert window is not None
    assert window.card_hint.isVisible()
    assert "supervision" in window.card_hint.text()
    assert shell.board.reframe(shell.board.pattern()) in [
        c for c in shell.board._reframes if c.theme == "overtime"
    ]
    assert window.evening.text() == "For this evening: A walk by the river"


def test_a_check_in_with_a_supervisee_is_kept_and_counted_in_the_week(
    shell: Shell, journal: Journal
) -> None:
    windows = shell.wellbeing_windows
    windows.show_notes()
    window = windows.notes_window
    assert window is not None
    assert window.check_in_button.isVisible()
    [action] = window.check_in_menu.actions()
    assert action.text() == "A.B."
    action.trigger()
    held = WellbeingRecords(journal).held_between(
        at("2026-12-03T00:00:00-05:00"), at("2026-12-04T00:00:00-05:00")
    )
    assert [(h.what, h.initials) for h in held] == [(Held.CHECK_IN, "A.B.")]
    report, text = shell.wellbeing.week(at("2026-11-30T12:00:00-05:00").date())
    assert [who for who, _when in report.check_ins] == ["A.B."]
    assert "A.B." in text
