"""The tray menu and the no-tray status window offer what makes sense now, and act."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from boundary_app.app.controller import Controller
from boundary_app.core.clock import FixedClock
from boundary_app.core.day_state import DayState
from boundary_app.storage.journal import Journal
from boundary_app.ui.actions import AppActions
from boundary_app.ui.status_window import StatusWindow
from boundary_app.ui.tray import Tray
from tests.helpers import at, settings_from


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(at("2026-12-03T10:00:00-05:00"))


@pytest.fixture
def controller(qtbot: QtBot, clock: FixedClock, journal: Journal) -> Controller:
    c = Controller(settings_from({"sessions": {"presets_min": [30, 50]}}), clock, journal)
    c.replan()
    return c


def entries(menu: QMenu) -> dict[str, QAction]:
    found: dict[str, QAction] = {}
    for action in menu.actions():
        if action.isSeparator():
            continue
        found[action.text()] = action
        sub = action.menu()
        if isinstance(sub, QMenu):
            for inner in sub.actions():
                found[f"{action.text()}/{inner.text()}"] = inner
    return found


def enabled(menu: QMenu) -> dict[str, bool]:
    return {text: action.isEnabled() for text, action in entries(menu).items()}


def test_the_menu_while_working_and_in_a_session(controller: Controller, qtbot: QtBot) -> None:
    tray = Tray(controller, AppActions(controller))
    tray.rebuild_menu()
    working = enabled(tray.menu)
    header = next(iter(working))
    assert header.startswith("Working")
    assert working[header] is False  # the status line is not a command
    assert working["Start session"] is True
    assert working["Start session/30 min"] is True
    assert working["Start session/50 min"] is True
    assert working["End session"] is False
    assert working["Pause nudges/Until tomorrow"] is True
    assert working["Resume nudges"] is False
    assert working["Done for the day\u2026"] is True

    entries(tray.menu)["Start session/50 min"].trigger()
    assert controller.status().state is DayState.IN_SESSION
    tray.rebuild_menu()
    in_session = enabled(tray.menu)
    assert next(iter(in_session)).startswith("In session \u00b7 0 of 50 min")
    assert in_session["Start session"] is False
    assert in_session["End session"] is True
    assert tray.icon.toolTip().startswith("In session")

    entries(tray.menu)["End session"].trigger()
    assert controller.status().state is DayState.WORKING


def test_pause_resume_and_done(controller: Controller, clock: FixedClock, qtbot: QtBot) -> None:
    actions = AppActions(controller)
    tray = Tray(controller, actions)
    entries(tray.menu)["Pause nudges/30 minutes"].trigger()
    tray.rebuild_menu()
    assert enabled(tray.menu)["Resume nudges"] is True
    assert "nudges paused until 10:30" in tray.icon.toolTip()
    with qtbot.waitSignal(actions.done_requested):
        entries(tray.menu)["Done for the day\u2026"].trigger()
    controller.close_day()
    tray.rebuild_menu()
    assert enabled(tray.menu)["Done for the day\u2026"] is False


def test_on_a_day_off_closing_the_day_makes_no_sense(qtbot: QtBot, journal: Journal) -> None:
    clock = FixedClock(at("2026-12-05T10:00:00-05:00"))  # a Saturday
    controller = Controller(settings_from({}), clock, journal)
    tray = Tray(controller, AppActions(controller))
    tray.rebuild_menu()
    state = enabled(tray.menu)
    assert next(iter(state)).startswith("Day off")
    assert state["Done for the day\u2026"] is False
    assert state["Start session"] is True  # a session on a day off is the user's call


def test_without_a_tray_the_status_window_offers_the_same(
    controller: Controller, clock: FixedClock, qtbot: QtBot
) -> None:
    actions = AppActions(controller)
    tray = Tray(controller, actions)
    assert tray.attach() is False  # offscreen: no tray
    window = StatusWindow(controller, actions)
    qtbot.addWidget(window)
    window.show()
    assert window.state_label.text().startswith("Working")
    menu = window.start_button.menu()
    assert menu is not None
    next(a for a in menu.actions() if a.text() == "30 min").trigger()
    window.refresh()
    assert window.state_label.text().startswith("In session")
    assert not window.start_button.isEnabled()
    clock.advance(timedelta(minutes=10))
    window.refresh()
    assert "10 of 30 min" in window.state_label.text()
    window.close()  # closing would strand the user: it minimises instead
    assert window.isVisible()


def test_an_icon_only_cue_blinks_the_icon_then_settles(
    controller: Controller, qtbot: QtBot
) -> None:
    tray = Tray(controller, AppActions(controller))
    blank_seen: list[bool] = []
    tray.flash()
    qtbot.waitUntil(
        lambda: blank_seen.append(tray.icon.icon().isNull()) or not tray._flash_timer.isActive(),
        timeout=5000,
    )
    assert any(blank_seen)  # it went dark at least once
    assert not tray.icon.icon().isNull()  # and came back


def test_an_unchanged_minute_does_not_touch_the_tray(
    controller: Controller, clock: FixedClock, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    tray = Tray(controller, AppActions(controller))
    calls: list[str] = []
    monkeypatch.setattr(tray.icon, "setIcon", lambda icon: calls.append("icon"))
    monkeypatch.setattr(tray.icon, "setToolTip", lambda text: calls.append(text))
    clock.instant = at("2026-12-03T08:00:00-05:00")  # an hour before work: nothing moves
    controller.replan()  # says "changed": the tray redraws, once
    assert calls == [
        "icon",
        "Off hours \u00b7 until 09:00 \u00b7 next: Your work day begins at 09:00",
    ]
    calls.clear()
    tray.refresh()
    assert calls == []  # same icon, same words: the tray host is left in peace
    clock.advance(timedelta(minutes=5))
    tray.refresh()
    assert "55 min left" in calls[-1]
