"""The wired app answers the command line like the running program (offscreen)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from boundary_app import ipc
from boundary_app.app.composition import Shell
from boundary_app.app.controller import Controller
from boundary_app.core.clock import FixedClock
from boundary_app.storage import paths
from boundary_app.storage.journal import Journal
from tests.helpers import at, settings_from


@pytest.fixture
def shell(
    qtbot: QtBot, qapp: QApplication, monkeypatch: pytest.MonkeyPatch, journal: Journal
) -> Iterator[Shell]:
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    clock = FixedClock(at("2026-12-03T10:00:00-05:00"))
    controller = Controller(settings_from({}), clock, journal)
    built = Shell(qapp, controller, Path(paths.settings_path()))
    monkeypatch.setattr(built.app, "exit", lambda code=0: None)  # keep the tests' QApplication
    built.controller.replan("start")
    built.listen()
    built.start_the_rest()
    yield built
    built.quit()
    for widget in qapp.topLevelWidgets():  # none of this app's windows may outlive it
        widget.hide()


def request(shell: Shell, command: str, **args: object) -> dict[str, object]:
    return shell.handle_request(ipc.Request(command, dict(args)))


def test_commands_change_the_state_and_answer_with_the_status(shell: Shell) -> None:
    assert request(shell, "status")["state"] == "working"
    started = request(shell, "session.start", minutes=30)
    assert started["state"] == "in-session"
    assert started["session"] == {"start": "2026-12-03T10:00:00-05:00", "length_min": 30}
    assert request(shell, "session.end")["state"] == "working"
    with pytest.raises(ValueError, match="no session is open"):
        request(shell, "session.end")
    paused = request(shell, "pause", minutes=15)
    assert paused["paused_until"] == "2026-12-03T10:15:00-05:00"
    assert request(shell, "done", now=True)["state"] == "done-for-the-day"


def test_the_scheduler_holds_the_plan(shell: Shell) -> None:
    assert shell.scheduler is not None
    jobs = sorted(key for key in shell.scheduler.job_ids)
    assert jobs == sorted(
        f"{n.kind.value}|{n.at.isoformat()}" for n in shell.controller.upcoming(100)
    )
    assert "break.start|2026-12-03T12:00:00-05:00" in jobs
    assert "day.start|2026-12-04T09:00:00-05:00" in jobs  # tomorrow is planned too
    request(shell, "session.start", minutes=50)
    assert "session.end|2026-12-03T10:50:00-05:00" in shell.scheduler.job_ids


def test_show_brings_forward_a_window(shell: Shell, qtbot: QtBot) -> None:
    request(shell, "show")
    assert shell.status_window is not None  # offscreen has no tray
    assert shell.status_window.isVisible()


def test_minutes_must_be_whole_numbers(shell: Shell) -> None:
    with pytest.raises(ValueError, match="minutes must be a whole number"):
        request(shell, "session.start", minutes="lots")


def test_new_settings_change_the_plan_and_the_session_lengths_offered(shell: Shell) -> None:
    shell.on_settings_changed(settings_from({"sessions": {"presets_min": [25, 55]}, "week": {}}))
    assert [a.text() for a in shell.actions.sessions] == ["25 min", "55 min"]
    assert request(shell, "status")["state"] == "day-off"
    assert shell.scheduler is not None
    assert shell.scheduler.job_ids == set()  # a week with no hours plans nothing


def test_done_opens_the_handoff_window_and_a_task_added_elsewhere_shows_in_it(
    shell: Shell, journal: Journal
) -> None:
    request(shell, "done")
    window = shell.end_of_day_window
    assert window is not None
    assert window.isVisible()
    assert window.today.texts() == []
    # `boundary-app tasks add` writes the journal, then tells the app.
    journal.add_task(
        "Added from the command line", window._board.days().today, at("2026-12-03T10:01:00-05:00")
    )
    request(shell, "tasks.changed")
    assert window.today.texts() == ["Added from the command line"]


def test_the_end_of_day_nudge_opens_the_window_instead_of_a_notification(
    shell: Shell, qtbot: QtBot
) -> None:
    shown: list[object] = []
    shell.presenter.shown.connect(lambda nudge, _channel: shown.append(nudge))
    clock = shell.controller.clock
    assert isinstance(clock, FixedClock)
    end = next(n for n in shell.controller.plan if n.kind.value == "day.end")
    wrapup = next(n for n in shell.controller.plan if n.kind.value == "day.wrapup")
    clock.advance(end.at - clock.now())
    shell.on_nudges_ready([wrapup, end])
    assert shell.end_of_day_window is not None
    assert shell.end_of_day_window.isVisible()
    assert shown == [wrapup]


def test_the_wrapup_nudge_goes_out_then_builds_the_handoff_window_unseen(
    shell: Shell, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("boundary_app.app.composition.PREBUILD_DELAY_MS", 50)
    shown: list[object] = []
    shell.presenter.shown.connect(lambda nudge, _channel: shown.append(nudge))
    wrapup = next(n for n in shell.controller.plan if n.kind.value == "day.wrapup")
    clock = shell.controller.clock
    assert isinstance(clock, FixedClock)
    clock.advance(wrapup.at - clock.now())
    shell.on_nudges_ready([wrapup])
    assert shown == [wrapup]  # the notification first, on time
    assert shell.end_of_day_window is None
    qtbot.waitUntil(lambda: shell.end_of_day_window is not None, timeout=2000)
    window = shell.end_of_day_window
    assert window is not None  # ready, so that at the day's end it only has to be shown
    assert not window.isVisible()


def test_tray_and_status_window_offer_todays_tasks(shell: Shell) -> None:
    shell.actions.tasks.trigger()
    assert shell.tasks_window is not None
    assert shell.tasks_window.isVisible()
    assert shell.tasks_window.windowTitle() == "Today's tasks \u2013 Boundary"


def test_the_settings_command_opens_the_settings_window(shell: Shell) -> None:
    request(shell, "settings")
    assert shell.settings_window is not None
    assert shell.settings_window.isVisible()
    assert shell.settings_window.windowTitle() == "Settings \u2013 Boundary"


def test_closing_the_day_from_the_command_line_puts_the_open_handoff_away(
    shell: Shell, qtbot: QtBot
) -> None:
    request(shell, "done")
    window = shell.end_of_day_window
    assert window is not None
    qtbot.keyClicks(window.went_well, "Kept lunch free")
    assert request(shell, "done", now=True)["state"] == "done-for-the-day"
    assert not window.isVisible()
    day = shell.board.days().today
    assert "Kept lunch free" in (shell.controller.journal.draft(f"end-of-day:{day}") or "")


def test_a_handoff_left_open_past_midnight_shows_the_new_day(shell: Shell) -> None:
    request(shell, "done")
    window = shell.end_of_day_window
    assert window is not None
    assert window.heading.text() == "Closing Thursday, 3 December"
    clock = shell.controller.clock
    assert isinstance(clock, FixedClock)
    clock.advance(at("2026-12-04T10:00:00-05:00") - clock.now())
    shell.on_new_day()
    assert window.heading.text() == "Closing Friday, 4 December"
