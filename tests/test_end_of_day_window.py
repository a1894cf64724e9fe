"""The end-of-day and morning windows, driven like a user: type, Enter, tick, Ctrl+Enter."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from boundary_app.app.controller import Controller
from boundary_app.app.handoffs import Handoffs
from boundary_app.app.task_board import TaskBoard
from boundary_app.core.clock import FixedClock
from boundary_app.core.day_state import DayState
from boundary_app.core.nudge import NudgeKind
from boundary_app.core.planner import plan
from boundary_app.core.tasks import split_task_lines
from boundary_app.core.wall import start_of_day
from boundary_app.storage.journal import Journal, JournalWriteError
from boundary_app.storage.resources import load_reframes
from boundary_app.ui.end_of_day import EndOfDayWindow
from boundary_app.ui.tasks_window import TasksWindow
from tests.helpers import at, settings_from

THU, FRI, MON = date(2026, 11, 26), date(2026, 11, 27), date(2026, 11, 30)


class Parts:
    def __init__(self, clock: FixedClock, journal: Journal, settings_data: dict[str, object]):
        self.clock = clock
        self.journal = journal
        self.controller = Controller(settings_from(settings_data), clock, journal)
        self.board = TaskBoard(self.controller, journal, load_reframes())
        self.handoffs = Handoffs(self.controller, self.board)
        # As the composition root wires them: due nudges open the window.
        self.controller.nudges_ready.connect(self.handoffs.take)
        self.controller.replan("test")

    def window(self, qtbot: QtBot) -> EndOfDayWindow:
        window = EndOfDayWindow(self.board, self.handoffs)
        qtbot.addWidget(window)
        self.handoffs.end_of_day_wanted.connect(window.open)
        return window

    def fire(self, kind: NudgeKind) -> None:
        """Let the planned nudge of this kind come due now."""
        due = [n for n in self.controller.plan if n.kind is kind and n.at <= self.clock.now()]
        assert due, f"no {kind} due at {self.clock.now()}: {self.controller.plan}"
        self.controller.on_nudges_due(due[-1:])  # the latest: earlier ones have fired


@pytest.fixture
def parts(journal: Journal) -> Parts:
    return Parts(FixedClock(at("2026-11-27T16:58:00-05:00")), journal, {})


def texts(tasks: list) -> list[str]:  # type: ignore[type-arg]
    return [t.text for t in tasks]


def type_task(qtbot: QtBot, window: EndOfDayWindow, text: str) -> None:
    qtbot.keyClicks(window.tomorrow.entry, text)
    qtbot.keyClick(window.tomorrow.entry, Qt.Key.Key_Return)


def test_a_friday_handoff_from_typing_to_done(parts: Parts, qtbot: QtBot) -> None:
    journal = parts.journal
    journal.add_task("Send the referral letter", THU, parts.clock.now())  # carried in
    journal.add_task("Finish supervision notes", FRI, parts.clock.now())
    parts.clock.advance(timedelta(minutes=2))  # 17:00: day.end
    window = parts.window(qtbot)
    parts.fire(NudgeKind.DAY_END)
    assert window.isVisible()
    assert window.heading.text() == "Closing Friday, 27 November"
    assert window.today.texts() == ["Send the referral letter", "Finish supervision notes"]
    assert "Monday" in window.today_hint.text()
    assert window.tomorrow_box.title() == "For Monday"
    assert window.worked.text() == "You have worked 7 h today."
    assert window.card_title.text()  # one reframe card for the day

    for task in ("Call the GP practice", "Book the group room", "Print intake forms"):
        type_task(qtbot, window, task)
    assert window.tomorrow.entry.text() == ""
    assert window.tomorrow.texts() == [
        "Call the GP practice",
        "Book the group room",
        "Print intake forms",
    ]
    # Move "Print intake forms" up one with the keyboard.
    window.tomorrow.list.setCurrentRow(2)
    qtbot.keyClick(window.tomorrow.list, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert texts(journal.tasks_for(MON)) == [
        "Call the GP practice",
        "Print intake forms",
        "Book the group room",
    ]
    # Tick the supervision notes: the space bar on the current task.
    window.today.list.setCurrentRow(1)
    qtbot.keyClick(window.today.list, Qt.Key.Key_Space)
    assert texts(journal.open_tasks_through(FRI)) == ["Send the referral letter"]

    qtbot.keyClicks(window.went_well, "Kept lunch free")
    qtbot.keyClick(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    assert window.pages.currentIndex() == 1
    assert window.thanks.text() == "That's the day done."
    assert "4 tasks are waiting for Monday" in window.thanks_detail.text()
    record = journal.day(FRI)
    assert record is not None
    assert record.closed_at == parts.clock.now()
    assert (record.went_well, record.overtime_min, record.snoozes) == ("Kept lunch free", 0, 0)
    assert parts.controller.status().state is DayState.DONE
    zone = parts.controller.settings.zone
    end_of_today = start_of_day(FRI + timedelta(days=1), zone)
    assert plan(parts.controller.settings, [], {FRI: record}, parts.clock.now(), end_of_today) == []
    # Monday opens with the carried task first, then the new ones in the chosen order.
    assert texts(journal.open_tasks_through(MON)) == [
        "Send the referral letter",
        "Call the GP practice",
        "Print intake forms",
        "Book the group room",
    ]


def test_not_yet_comes_back_in_ten_minutes_twice_then_is_used_up(
    parts: Parts, qtbot: QtBot
) -> None:
    parts.clock.advance(timedelta(minutes=2))
    window = parts.window(qtbot)
    parts.fire(NudgeKind.DAY_END)
    assert window.not_yet_button.isEnabled()
    for snoozes in (1, 2):
        qtbot.keyClick(window, Qt.Key.Key_Escape)
        assert not window.isVisible()
        record = parts.journal.day(FRI)
        assert record is not None
        assert record.snoozes == snoozes
        parts.clock.advance(timedelta(minutes=10))
        parts.fire(NudgeKind.DAY_END)
        assert window.isVisible()
    assert not window.not_yet_button.isEnabled()
    assert window.not_yet_button.text() == "Not yet (none left)"
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert window.isVisible()  # nothing left to put off
    parts.clock.advance(timedelta(minutes=5))  # 17:25
    window.done_button.click()
    record = parts.journal.day(FRI)
    assert record is not None
    assert (record.snoozes, record.overtime_min) == (2, 25)


def test_a_window_left_open_does_not_come_forward_again(parts: Parts, qtbot: QtBot) -> None:
    window = parts.window(qtbot)
    window.open()
    raised: list[bool] = []
    window.raise_ = lambda: raised.append(True)  # type: ignore[method-assign]
    window.open()  # the overtime nudge's button, or `boundary-app done`, again
    assert raised == []


def test_what_is_being_typed_survives_a_crash(parts: Parts, qtbot: QtBot) -> None:
    window = parts.window(qtbot)
    window.open()
    qtbot.keyClicks(window.tomorrow.entry, "Ring the sch")
    qtbot.keyClicks(window.went_well, "A calm afternoon")
    qtbot.waitUntil(
        lambda: (
            parts.journal.draft("end-of-day:2026-11-27") is not None
            and "A calm afternoon" in (parts.journal.draft("end-of-day:2026-11-27") or "")
        ),
        timeout=1000,
    )
    # The app is killed: a new window (a new app) opens the same day.
    again = Parts(parts.clock, parts.journal, {}).window(qtbot)
    again.open()
    assert again.tomorrow.entry.text() == "Ring the sch"
    assert again.went_well.text() == "A calm afternoon"


def fill_what_is_left(journal: Journal, clock: FixedClock) -> None:
    """Write filler tasks (far in the future) until the journal reports the disk full."""
    for _ in range(100):
        try:
            journal.add_task("z" * 1900, date(2030, 1, 7), clock.now())
        except JournalWriteError:
            return
    raise AssertionError("the journal never filled up")


def test_a_full_disk_keeps_the_task_on_screen_and_the_day_open(parts: Parts, qtbot: QtBot) -> None:
    window = parts.window(qtbot)
    window.open()
    type_task(qtbot, window, "Saved before the disk filled")
    db = parts.journal._db
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {pages}")
    fill_what_is_left(parts.journal, parts.clock)
    type_task(qtbot, window, "x" * 1500 + " a long note that needs a new page")
    assert window.tomorrow.problem.isVisible()
    assert "disk is full" in window.tomorrow.problem.text()
    assert window.tomorrow.entry.text().startswith("x" * 1500)  # still there to try again
    assert window.tomorrow.texts() == ["Saved before the disk filled"]
    window.done_button.click()
    assert window.pages.currentIndex() == 0
    assert "still open" in window.problem.text()
    assert parts.controller.status().state is not DayState.DONE

    db.execute("PRAGMA max_page_count = 1073741823")  # space freed
    qtbot.keyClick(window.tomorrow.entry, Qt.Key.Key_Return)
    assert not window.tomorrow.problem.isVisible()
    assert len(parts.journal.tasks_for(MON)) == 2


def test_an_over_long_task_says_so_and_keeps_the_text(parts: Parts, qtbot: QtBot) -> None:
    window = parts.window(qtbot)
    window.open()
    window.tomorrow.entry.setText("y" * 2001)
    qtbot.keyClick(window.tomorrow.entry, Qt.Key.Key_Return)
    assert "1 too many" in window.tomorrow.problem.text()
    assert len(window.tomorrow.entry.text()) == 2001
    assert parts.journal.tasks_for(MON) == []


def test_tasks_can_be_edited_and_removed(parts: Parts, qtbot: QtBot) -> None:
    window = parts.window(qtbot)
    window.open()
    type_task(qtbot, window, "Cal the GP")
    type_task(qtbot, window, "Water the plants")
    item = window.tomorrow.list.item(0)
    item.setText("Call the GP")  # what the inline editor does on Enter
    window.tomorrow.list.setCurrentRow(1)
    qtbot.keyClick(window.tomorrow.list, Qt.Key.Key_Delete)
    assert texts(parts.journal.tasks_for(MON)) == ["Call the GP"]
    assert window.tomorrow.texts() == ["Call the GP"]
    window.tomorrow.list.item(0).setText("   ")  # emptied: refused, kept
    assert texts(parts.journal.tasks_for(MON)) == ["Call the GP"]
    assert window.tomorrow.texts() == ["Call the GP"]
    assert "Remove" in window.tomorrow.problem.text()


def test_dropping_a_task_of_today_stops_it_carrying_over(parts: Parts, qtbot: QtBot) -> None:
    parts.journal.add_task("An idea that no longer matters", THU, parts.clock.now())
    window = parts.window(qtbot)
    window.open()
    window.today.list.setCurrentRow(0)
    window.today.remove_button.click()
    assert window.today.texts() == []
    assert parts.journal.open_tasks_through(MON) == []


def test_closing_early_is_allowed(parts: Parts, qtbot: QtBot) -> None:
    parts.clock.advance(at("2026-11-27T14:30:00-05:00") - parts.clock.now())
    window = parts.window(qtbot)
    window.open()
    assert window.worked.text() == "You have worked 4 h 30 min today."
    qtbot.keyClick(window, Qt.Key.Key_Enter, Qt.KeyboardModifier.ControlModifier)
    assert parts.controller.status().state is DayState.DONE
    record = parts.journal.day(FRI)
    assert record is not None
    assert record.overtime_min == 0


def test_the_task_window_never_opens_during_a_session(parts: Parts, qtbot: QtBot) -> None:
    """Task text is private: with a client on a shared screen the window waits."""
    parts.clock.advance(at("2026-11-27T16:30:00-05:00") - parts.clock.now())
    parts.controller.start_session(50)  # runs past 17:00
    window = parts.window(qtbot)
    parts.clock.advance(at("2026-11-27T17:00:00-05:00") - parts.clock.now())
    shown = []
    parts.controller.nudges_ready.connect(shown.append)
    parts.fire(NudgeKind.DAY_END)
    assert not window.isVisible()
    parts.clock.advance(at("2026-11-27T17:20:00-05:00") - parts.clock.now())
    parts.controller.end_session()
    assert window.isVisible()


# -- the morning handoff -------------------------------------------------------------


@pytest.fixture
def monday(journal: Journal) -> Parts:
    journal.add_task("Call the GP practice", MON, at("2026-11-27T16:59:00-05:00"))
    journal.add_task("Left open on Friday", FRI, at("2026-11-27T10:00:00-05:00"))
    return Parts(FixedClock(at("2026-11-30T08:59:00-05:00")), journal, {})


def test_the_morning_handoff_shows_what_friday_left(monday: Parts, qtbot: QtBot) -> None:
    window = TasksWindow(monday.board)
    qtbot.addWidget(window)
    monday.handoffs.morning_wanted.connect(window.open_morning)
    window.started_day.connect(monday.handoffs.morning_seen)
    monday.clock.advance(timedelta(minutes=1))
    monday.fire(NudgeKind.DAY_START)
    assert window.isVisible()
    assert window.heading.text() == "From Friday"
    assert window.tasks.texts() == ["Left open on Friday", "Call the GP practice"]
    window.tasks.list.setCurrentRow(0)
    qtbot.keyClick(window.tasks.list, Qt.Key.Key_Space)
    window.start_button.click()
    assert not window.isVisible()
    record = monday.journal.day(MON)
    assert record is not None
    assert record.morning_seen_at == monday.clock.now()
    assert not monday.handoffs.morning_pending()  # not again today, even after a restart
    assert texts(monday.journal.open_tasks_through(MON)) == ["Call the GP practice"]


def test_starting_the_app_mid_morning_shows_the_handoff_once(monday: Parts, qtbot: QtBot) -> None:
    monday.clock.advance(at("2026-11-30T10:15:00-05:00") - monday.clock.now())
    opened: list[bool] = []
    monday.handoffs.morning_wanted.connect(lambda: opened.append(True))
    monday.handoffs.check_at_start()
    assert opened == [True]
    monday.handoffs.morning_seen()
    monday.handoffs.check_at_start()
    assert opened == [True]


@pytest.mark.parametrize("now", ["2026-11-29T10:00:00-05:00", "2026-11-30T18:00:00-05:00"])
def test_no_morning_handoff_on_a_day_off_or_off_hours(monday: Parts, now: str) -> None:
    monday.clock.advance(at(now) - monday.clock.now())
    opened: list[bool] = []
    monday.handoffs.morning_wanted.connect(lambda: opened.append(True))
    monday.handoffs.check_at_start()
    assert opened == []


def test_a_day_that_ended_while_the_app_was_not_running_is_recorded_and_offered(
    journal: Journal, qtbot: QtBot
) -> None:
    journal.add_task("Carried by itself", THU, at("2026-11-26T10:00:00-05:00"))
    parts = Parts(FixedClock(at("2026-11-27T18:30:00-05:00")), journal, {})
    thursday = journal.day(THU)
    assert thursday is not None
    assert thursday.closed_at is None
    assert thursday.scheduled_end == at("2026-11-26T17:00:00-05:00")
    opened: list[bool] = []
    parts.handoffs.end_of_day_wanted.connect(lambda: opened.append(True))
    parts.handoffs.check_at_start()
    assert opened == [True]  # Friday ended unclosed this evening: offer the handoff
    assert parts.board.today()[0].text == "Carried by itself"


@hsettings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(typed=st.text(max_size=300))
def test_whatever_is_typed_is_kept_exactly_or_refused_with_a_reason(
    parts: Parts, qtbot: QtBot, typed: str
) -> None:
    window = parts.window(qtbot)
    window.open()
    before = parts.journal.tasks_for(MON)
    window.tomorrow.entry.setText(typed)
    qtbot.keyClick(window.tomorrow.entry, Qt.Key.Key_Return)
    added = [t.text for t in parts.journal.tasks_for(MON)[len(before) :]]
    assert added == split_task_lines(window.tomorrow.entry.text() or typed)
    assert window.tomorrow.texts()[len(before) :] == added
    if added or not typed.strip():
        assert window.tomorrow.entry.text() == ""
    window.close()


def test_putting_the_morning_window_away_with_esc_also_counts_as_seen(
    monday: Parts, qtbot: QtBot
) -> None:
    monday.clock.advance(timedelta(hours=1))
    window = TasksWindow(monday.board)
    qtbot.addWidget(window)
    window.started_day.connect(monday.handoffs.morning_seen)
    window.open_morning()
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not window.isVisible()
    assert not monday.handoffs.morning_pending()


def test_hundreds_of_tasks_scroll_inside_a_window_that_fits_the_screen(
    parts: Parts, qtbot: QtBot
) -> None:
    parts.journal.add_tasks([f"Task number {i}" for i in range(300)], FRI, parts.clock.now())
    parts.journal.add_tasks([f"Later {i}" for i in range(200)], MON, parts.clock.now())
    window = parts.window(qtbot)
    window.open()
    assert window.today.list.count() == 300
    assert window.tomorrow.list.count() == 200
    assert window.today.list.verticalScrollBar().maximum() > 0  # the list scrolls
    screen = window.screen().availableGeometry()
    assert window.height() <= screen.height()
    assert window.today.list.height() < 20 * window.fontMetrics().height()


def test_the_next_morning_offers_the_morning_handoff_not_yesterdays_end(
    journal: Journal, qtbot: QtBot
) -> None:
    journal.add_task("From Thursday", THU, at("2026-11-26T10:00:00-05:00"))
    parts = Parts(FixedClock(at("2026-11-27T09:30:00-05:00")), journal, {})
    wanted: list[str] = []
    parts.handoffs.end_of_day_wanted.connect(lambda: wanted.append("end of day"))
    parts.handoffs.morning_wanted.connect(lambda: wanted.append("morning"))
    parts.handoffs.check_at_start()
    assert wanted == ["morning"]


def test_a_task_edited_twice_keeps_the_last_edit(parts: Parts, qtbot: QtBot) -> None:
    window = parts.window(qtbot)
    window.open()
    type_task(qtbot, window, "Alpha")
    item = window.tomorrow.list.item(0)
    item.setText("Beta")
    assert texts(parts.journal.tasks_for(MON)) == ["Beta"]
    window.tomorrow.list.item(0).setText("Alpha")
    assert texts(parts.journal.tasks_for(MON)) == ["Alpha"]
