"""The question after a session, answered like a user would: a click, a key, Esc."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from boundary_app.core.wellbeing import Energy
from boundary_app.ui import energy_check
from boundary_app.ui.energy_check import NO_TAGS_HINT, EnergyCheckWindow

SHOTS = Path("/tmp/shots")
TAGS = ("couples", "intake", "groups", "crisis work", "kids & teens", "supervision")


@pytest.fixture(autouse=True)
def settled_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Answers count as soon as the event loop has run once (one test keeps the delay)."""
    monkeypatch.setattr(energy_check, "SETTLE_MS", 0)


def opened(qtbot: QtBot, tags: tuple[str, ...] = TAGS) -> EnergyCheckWindow:
    window = EnergyCheckWindow(tags)
    qtbot.addWidget(window)
    reopen(qtbot, window)
    return window


def reopen(qtbot: QtBot, window: EnergyCheckWindow) -> None:
    with qtbot.waitActive(window):
        window.open()
    qtbot.wait(1)  # the moment in which answers are not taken


def chip(window: EnergyCheckWindow, tag: str) -> object:
    return next(c for c in window.chip_buttons if c.property("tag") == tag)


def test_a_click_rates_with_the_chosen_tags_and_puts_the_window_away(qtbot: QtBot) -> None:
    window = opened(qtbot)
    assert window.windowTitle() == "After the session \u2013 Boundary"
    assert [b.text() for b in window.answer_buttons.values()] == [
        "&Energised",
        "&Neutral",
        "&Drained",
    ]
    assert [c.text() for c in window.chip_buttons] == [
        "couples",
        "intake",
        "groups",
        "crisis work",
        "kids && teens",  # shown as "kids & teens", not a mnemonic
        "supervision",
    ]
    assert not window.no_tags.isVisible()
    qtbot.mouseClick(chip(window, "couples"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(chip(window, "kids & teens"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(chip(window, "intake"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(chip(window, "intake"), Qt.MouseButton.LeftButton)  # changed my mind
    assert chip(window, "couples").text() == "\u2713 couples"  # a tick, not shading alone
    assert chip(window, "intake").text() == "intake"
    SHOTS.mkdir(exist_ok=True)
    window.grab().save(str(SHOTS / "energy-check.png"))

    with qtbot.waitSignal(window.rated) as rated, qtbot.assertNotEmitted(window.skipped):
        qtbot.mouseClick(window.answer_buttons[Energy.ENERGISED], Qt.MouseButton.LeftButton)
    assert rated.args == [Energy.ENERGISED, ("couples", "kids & teens")]
    assert not window.isVisible()


@pytest.mark.parametrize(
    ("key", "energy"),
    [
        (Qt.Key.Key_1, Energy.ENERGISED),
        (Qt.Key.Key_2, Energy.NEUTRAL),
        (Qt.Key.Key_3, Energy.DRAINED),
    ],
)
def test_number_keys_answer_from_anywhere_in_the_window(
    qtbot: QtBot, key: Qt.Key, energy: Energy
) -> None:
    window = opened(qtbot)
    qtbot.keyClick(chip(window, "groups"), Qt.Key.Key_Space)  # the focus is on a tag
    with qtbot.waitSignal(window.rated) as rated:
        qtbot.keyClick(chip(window, "groups"), key)
    assert rated.args == [energy, ("groups",)]


def test_mnemonics_answer_too(qtbot: QtBot) -> None:
    window = opened(qtbot, ())
    with qtbot.waitSignal(window.rated) as rated:
        qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    assert rated.args == [Energy.DRAINED, ()]


def test_escape_and_skip_skip_once(qtbot: QtBot) -> None:
    window = opened(qtbot)
    with qtbot.waitSignal(window.skipped), qtbot.assertNotEmitted(window.rated):
        qtbot.keyClick(window.answer_buttons[Energy.NEUTRAL], Qt.Key.Key_Escape)
    assert not window.isVisible()

    window.reset(["intake"])
    reopen(qtbot, window)
    with qtbot.waitSignal(window.skipped):
        qtbot.mouseClick(window.skip_button, Qt.MouseButton.LeftButton)
    assert not window.isVisible()


def test_closing_the_window_counts_as_skipping_but_not_after_an_answer(qtbot: QtBot) -> None:
    window = opened(qtbot)
    with qtbot.waitSignal(window.skipped):
        window.close()
    window.reset(TAGS)
    reopen(qtbot, window)
    with qtbot.assertNotEmitted(window.skipped):
        qtbot.keyClick(window, Qt.Key.Key_2)
        window.close()


def test_reset_shows_the_new_tags_with_none_chosen(qtbot: QtBot) -> None:
    window = opened(qtbot)
    qtbot.mouseClick(chip(window, "couples"), Qt.MouseButton.LeftButton)
    qtbot.keyClick(window, Qt.Key.Key_1)
    window.reset(["couples", "assessments"])
    reopen(qtbot, window)
    assert [c.text() for c in window.chip_buttons] == ["couples", "assessments"]
    with qtbot.waitSignal(window.rated) as rated:
        qtbot.keyClick(window, Qt.Key.Key_3)
    assert rated.args == [Energy.DRAINED, ()]


def test_without_tags_it_says_where_to_add_them(qtbot: QtBot) -> None:
    window = opened(qtbot, ())
    assert window.chip_buttons == []
    assert window.no_tags.isVisible()
    assert window.no_tags.text() == NO_TAGS_HINT
    assert not window.tags_label.isVisible()
    SHOTS.mkdir(exist_ok=True)
    window.grab().save(str(SHOTS / "energy-check-no-tags.png"))


def test_shown_again_with_more_tags_it_grows_to_show_them_all(qtbot: QtBot) -> None:
    window = EnergyCheckWindow(["intake"])
    qtbot.addWidget(window)
    window.show()  # as the app shows it, without `open`
    short = window.height()
    qtbot.wait(1)
    window.skip()
    window.reset([f"kind of work {n}" for n in range(1, 13)])  # the most a user can have
    window.show()
    assert window.height() > short
    last = window.chip_buttons[-1]
    bottom = last.mapTo(window, last.rect().bottomLeft()).y()
    assert bottom < window.skip_button.mapTo(window, window.skip_button.rect().topLeft()).y()
    SHOTS.mkdir(exist_ok=True)
    window.grab().save(str(SHOTS / "energy-check-many-tags.png"))


def test_keys_typed_as_it_appears_are_not_taken_as_an_answer(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(energy_check, "SETTLE_MS", 300)
    window = EnergyCheckWindow(TAGS)
    qtbot.addWidget(window)
    window.open()
    with qtbot.assertNotEmitted(window.rated), qtbot.assertNotEmitted(window.skipped):
        qtbot.keyClick(window, Qt.Key.Key_2)  # "2 sessions left", typed elsewhere
        qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert window.isVisible()
    qtbot.wait(400)
    with qtbot.waitSignal(window.rated) as rated:
        qtbot.keyClick(window, Qt.Key.Key_2)
    assert rated.args == [Energy.NEUTRAL, ()]
