"""Quiet evenings follow the day: on when work is over, the user's own setting back after."""

from __future__ import annotations

from datetime import timedelta

from pytestqt.qtbot import QtBot

from boundary_app.app.controller import Controller
from boundary_app.app.quiet_watch import QuietWatch
from boundary_app.core.clock import FixedClock
from boundary_app.integrations.quiet_evenings import QuietError
from boundary_app.storage.journal import Journal
from tests.helpers import at, settings_from


class Switch:
    name = "Test desktop"

    def __init__(self, refuse: bool = False) -> None:
        self.calls: list[str] = []
        self.refuse = refuse

    def quiet(self) -> None:
        if self.refuse:
            raise QuietError("the desktop said no")
        self.calls.append("quiet")

    def restore(self) -> None:
        self.calls.append("restore")


def parts(journal: Journal, when: str, quiet: bool = True) -> tuple[Controller, FixedClock]:
    clock = FixedClock(at(when))
    c = Controller(settings_from({"day": {"quiet_evenings": quiet}}), clock, journal)
    c.replan("test")
    return c, clock


def test_the_evening_is_quiet_and_work_brings_the_users_setting_back(journal: Journal) -> None:
    controller, clock = parts(journal, "2026-12-03T16:58:00-05:00")
    switch = Switch()
    watch = QuietWatch(controller, switch)
    watch.start()
    assert switch.calls == ["restore"]  # a crash's leftover undone first; still working
    clock.advance(timedelta(minutes=5))  # 17:03: off hours
    controller.replan("tick")
    assert switch.calls == ["restore", "quiet"]
    controller.replan("tick")
    assert switch.calls == ["restore", "quiet"]  # asked once
    clock.advance(at("2026-12-04T09:00:00-05:00") - clock.now())
    controller.replan("a new day")
    assert switch.calls == ["restore", "quiet", "restore"]
    controller.close_day()  # done for the day: quiet again
    assert switch.calls[-1] == "quiet"
    watch.stop()
    assert switch.calls[-1] == "restore"


def test_off_by_default_nothing_is_asked_of_the_desktop(journal: Journal) -> None:
    controller, _clock = parts(journal, "2026-12-03T20:00:00-05:00", quiet=False)
    switch = Switch()
    QuietWatch(controller, switch).update()
    assert switch.calls == []


def test_turning_it_off_in_the_evening_gives_the_setting_back(journal: Journal) -> None:
    controller, _clock = parts(journal, "2026-12-03T20:00:00-05:00")
    switch = Switch()
    watch = QuietWatch(controller, switch)
    watch.update()
    assert switch.calls == ["quiet"]
    controller.apply_settings(settings_from({"day": {"quiet_evenings": False}}))
    assert switch.calls == ["quiet", "restore"]


def test_a_desktop_that_refuses_is_reported(journal: Journal, qtbot: QtBot) -> None:
    controller, _clock = parts(journal, "2026-12-03T20:00:00-05:00")
    watch = QuietWatch(controller, Switch(refuse=True))
    with qtbot.waitSignal(watch.failed) as failed:
        watch.update()
    assert failed.args == ["Quiet evenings: the desktop said no"]


def test_without_a_switch_on_this_desktop_nothing_happens(journal: Journal) -> None:
    controller, _clock = parts(journal, "2026-12-03T20:00:00-05:00")
    watch = QuietWatch(controller, None)
    watch.start()
    watch.stop()


def test_a_refusal_is_reported_once_an_evening(journal: Journal, qtbot: QtBot) -> None:
    controller, clock = parts(journal, "2026-12-03T20:00:00-05:00")
    watch = QuietWatch(controller, Switch(refuse=True))
    reported: list[str] = []
    watch.failed.connect(reported.append)
    for _ in range(3):
        controller.replan("tick")
    assert len(reported) == 1
    clock.advance(at("2026-12-04T09:30:00-05:00") - clock.now())
    controller.replan("a new day")
    clock.advance(at("2026-12-04T18:00:00-05:00") - clock.now())
    controller.replan("evening")
    assert len(reported) == 2  # asked again the next evening
