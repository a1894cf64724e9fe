"""The settings window, driven like a user: change fields, Apply, OK, Cancel."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTime
from pytestqt.qtbot import QtBot

from boundary_app.app.controller import Controller
from boundary_app.app.settings_editor import SettingsEditor
from boundary_app.core.clock import FixedClock
from boundary_app.core.nudge import NudgeKind
from boundary_app.storage import paths
from boundary_app.storage.journal import Journal
from boundary_app.storage.settings_file import read_settings
from boundary_app.ui.settings.window import SettingsWindow
from tests.dovecot import dovecot_server  # noqa: F401  (the `dovecot` fixture)
from tests.helpers import at

ORIGINAL = """\
# My hours at the clinic: ask Sam before changing the Friday group.
timezone = "America/New_York"

[week]
monday = ["09:00-17:00"]
tuesday = ["09:00-17:00"]   # supervision in the afternoon
wednesday = ["09:00-17:00"]
thursday = ["09:00-17:00"]
friday = ["09:00-13:00"]

[sessions]
length_min = 50   # the usual clinical hour
cues = "quiet"
"""
THURSDAY = date(2026, 12, 3)


class FakeAutostart:
    def __init__(self) -> None:
        self.enabled = False

    def is_enabled(self) -> bool:
        return self.enabled

    def enable(self) -> None:
        self.enabled = True

    def disable(self) -> None:
        self.enabled = False

    def describe(self) -> str:
        return "in a test"


@pytest.fixture
def config() -> Path:
    path = paths.settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(ORIGINAL, encoding="utf-8")
    return path


@pytest.fixture
def controller(config: Path, journal: Journal) -> Controller:
    from zoneinfo import ZoneInfo

    settings = read_settings(config, system_zone=ZoneInfo("America/New_York"))
    c = Controller(settings, FixedClock(at("2026-12-03T10:00:00-05:00")), journal)
    c.replan("test")
    return c


@pytest.fixture
def autostart() -> FakeAutostart:
    return FakeAutostart()


@pytest.fixture
def window(
    qtbot: QtBot, controller: Controller, config: Path, autostart: FakeAutostart
) -> SettingsWindow:
    editor = SettingsEditor(controller, config, paths.data_dir(), autostart)
    built = SettingsWindow(editor, THURSDAY, paths.config_dir() / "window-state.ini")
    qtbot.addWidget(built)
    built.open()
    return built


def saved(config: Path) -> dict[str, object]:
    return tomllib.loads(config.read_text(encoding="utf-8"))


def test_a_changed_session_length_is_saved_with_the_comments_and_applied_at_once(
    window: SettingsWindow, controller: Controller, config: Path
) -> None:
    assert not window.apply_button.isEnabled()  # nothing to apply yet
    length = window.sessions.fields[0].widget
    length.setValue(45)
    assert window.apply_button.isEnabled()
    window.apply_button.click()
    text = config.read_text(encoding="utf-8")
    assert "length_min = 45   # the usual clinical hour" in text
    assert "# My hours at the clinic: ask Sam before changing the Friday group." in text
    assert 'tuesday = ["09:00-17:00"]   # supervision in the afternoon' in text
    assert "[day]" not in text  # nothing else written out
    assert controller.settings.sessions.length_min == 45
    assert not window.apply_button.isEnabled()


def test_a_wrapup_as_long_as_the_session_is_shown_at_its_field_and_nothing_is_saved(
    window: SettingsWindow, config: Path
) -> None:
    before = config.read_bytes()
    window.index.setCurrentRow(0)
    wrapup = next(f for f in window.sessions.fields if f.path == "sessions.wrapup_lead_min")
    wrapup.widget.setValue(60)
    window.ok_button.click()
    assert window.isVisible()  # OK did not close it
    assert window.index.currentRow() == window.pages.index(window.sessions)
    assert wrapup.slot.label.isVisible()
    assert "not shorter than sessions.length_min (50)" in wrapup.slot.label.text()
    assert "Not saved: 1 problem to fix (see Sessions)." in window.problem.text()
    assert config.read_bytes() == before


def test_cancel_leaves_the_file_byte_for_byte_and_the_next_open_shows_it_again(
    window: SettingsWindow, config: Path
) -> None:
    before = config.read_bytes()
    window.sessions.fields[0].widget.setValue(30)
    window.cancel_button.click()
    assert not window.isVisible()
    assert config.read_bytes() == before
    window.open()
    assert window.sessions.fields[0].widget.value() == 50


def test_an_email_time_added_is_planned(
    window: SettingsWindow, controller: Controller, config: Path
) -> None:
    window.email.time_to_add.setTime(QTime(10, 30))
    window.email.add_button.click()
    window.ok_button.click()
    assert not window.isVisible()
    assert saved(config)["email"] == {"windows": ["10:30"]}
    planned = [(n.kind, n.at) for n in controller.plan]
    assert (NudgeKind.EMAIL_WINDOW, at("2026-12-03T10:30:00-05:00")) in planned


def test_end_of_day_choices_are_saved(window: SettingsWindow, config: Path) -> None:
    fields = {f.path: f.widget for f in window.end_of_day.fields}
    fields["day.max_snoozes"].setValue(3)  # type: ignore[union-attr]
    fields["day.morning_handoff"].setChecked(False)  # type: ignore[union-attr]
    window.apply_button.click()
    assert saved(config)["day"] == {"max_snoozes": 3, "morning_handoff": False}


def test_lengths_in_the_tray_that_are_not_numbers_are_named(
    window: SettingsWindow, config: Path
) -> None:
    before = config.read_bytes()
    window.sessions.presets.setText("30, fifty")
    window.sessions.presets.textEdited.emit("30, fifty")
    window.apply_button.click()
    assert window.sessions.presets_slot.label.isVisible()
    assert "sessions.presets_min[1]" in window.sessions.presets_slot.label.text()
    assert config.read_bytes() == before


def test_cues_can_be_tried_and_chosen(window: SettingsWindow, config: Path) -> None:
    tried: list[str] = []
    window.preview_requested.connect(tried.append)
    window.sessions.cue_buttons["chime"].click()
    window.sessions.preview.click()
    assert tried == ["chime"]
    window.apply_button.click()
    assert saved(config)["sessions"]["cues"] == "chime"  # type: ignore[index]


def test_an_edit_by_hand_shows_in_an_open_window(
    window: SettingsWindow, controller: Controller, config: Path
) -> None:
    from zoneinfo import ZoneInfo

    config.write_text(ORIGINAL.replace("length_min = 50", "length_min = 55"), encoding="utf-8")
    controller.apply_settings(read_settings(config, system_zone=ZoneInfo("America/New_York")))
    window.on_file_changed()  # what the app's file watcher calls
    assert window.sessions.fields[0].widget.value() == 55


def test_reset_to_defaults_fills_the_pages_and_apply_saves_them(
    window: SettingsWindow, controller: Controller, config: Path
) -> None:
    window.general.reset.click()
    assert window.sessions.fields[0].widget.value() == 50
    assert window.apply_button.isEnabled()
    window.apply_button.click()
    assert controller.settings.blocks_on(date(2026, 12, 4))[0].end.hour == 17  # Friday 9-5 again


def test_start_at_login_is_applied_with_the_rest(
    window: SettingsWindow, autostart: FakeAutostart
) -> None:
    window.general.autostart.setChecked(True)
    assert not autostart.enabled  # nothing happens before Apply
    window.apply_button.click()
    assert autostart.enabled


def test_the_window_size_is_remembered(
    qtbot: QtBot, window: SettingsWindow, controller: Controller, config: Path
) -> None:
    window.resize(700, 500)
    window.close()
    editor = SettingsEditor(controller, config, paths.data_dir(), None)
    again = SettingsWindow(editor, THURSDAY, paths.config_dir() / "window-state.ini")
    qtbot.addWidget(again)
    again.open()
    assert (again.width(), again.height()) == (700, 500)
    assert not again.general.autostart.isEnabled()  # not supported here: said, not offered


def test_tuesday_split_and_a_day_off_through_the_widgets_reach_the_file_and_the_plan(
    qtbot: QtBot, window: SettingsWindow, controller: Controller, config: Path
) -> None:
    from tests.test_settings_hours_page import add_exception, set_tuesday

    page = window.hours
    set_tuesday(qtbot, page, ("08:00", "12:00"), ("13:00", "18:00"))
    add_exception(qtbot, page, date(2026, 12, 24), None, "Christmas Eve")
    window.apply_button.click()
    assert not window.problem.isVisible(), window.problem.text()

    text = config.read_text(encoding="utf-8")
    assert 'tuesday = ["08:00-12:00", "13:00-18:00"]   # supervision in the afternoon' in text
    assert "# My hours at the clinic: ask Sam before changing the Friday group." in text
    document = saved(config)
    assert document["exceptions"] == [
        {"date": date(2026, 12, 24), "hours": [], "name": "Christmas Eve"}
    ]
    assert "breaks" not in document  # the built-in lunch was left alone
    settings = controller.settings
    assert [b.text() for b in settings.blocks_on(date(2026, 12, 8))] == [
        "08:00-12:00",
        "13:00-18:00",
    ]
    assert settings.blocks_on(date(2026, 12, 24)) == ()
    # `plan` for those dates changes too (the command line reads the same file).
    from boundary_app.cli import main

    assert main(["plan", "--date", "2026-12-24", "--json"]) == 0


def test_an_overlapping_block_is_shown_next_to_the_week_and_nothing_is_saved(
    qtbot: QtBot, window: SettingsWindow, config: Path
) -> None:
    from tests.test_settings_hours_page import set_tuesday

    before = config.read_bytes()
    set_tuesday(qtbot, window.hours, ("09:00", "13:00"), ("12:30", "13:30"))
    window.ok_button.click()
    assert window.isVisible()
    assert window.hours.week_problems.label.isVisible()
    assert "Tuesday, block 2" in window.hours.week_problems.label.text()
    assert config.read_bytes() == before


def test_a_calendar_address_goes_to_the_keyring_never_the_file(
    window: SettingsWindow, config: Path, ring: Any
) -> None:
    url = "https://calendar.example.org/private-7f3a9c/basic.ics"
    page = window.calendar
    page.enabled.setChecked(True)
    page.from_url.setChecked(True)
    page.url.setText(url)
    page.url.textEdited.emit(url)
    window.apply_button.click()
    assert not window.problem.isVisible(), window.problem.text()
    assert ring.kept == {("boundary-app", "calendar-url"): url}
    assert "private-7f3a9c" not in config.read_text(encoding="utf-8")
    assert saved(config)["calendar"] == {"enabled": True, "source": "url"}
    assert page.url.text() == ""  # not left lying in the window
    assert page.kept_url.text() == "Kept: https://calendar.example.org/\u2026.ics"


def test_a_mail_password_goes_to_the_keyring_never_the_file(
    window: SettingsWindow, config: Path, ring: Any
) -> None:
    page = window.mail
    page.enabled.setChecked(True)
    for line, text in (
        (page.host, "mail.example.org"),
        (page.user, "sam"),
        (page.password, "s3cret-pw"),
    ):
        line.setText(text)
        line.textEdited.emit(text)
    window.apply_button.click()
    assert not window.problem.isVisible(), window.problem.text()
    assert ring.kept == {("boundary-app", "mail:sam@mail.example.org"): "s3cret-pw"}
    text = config.read_text(encoding="utf-8")
    assert "s3cret-pw" not in text
    assert saved(config)["mail"] == {"enabled": True, "host": "mail.example.org", "user": "sam"}
    assert "kept in the keyring" in page.kept_password.text()


def test_mail_turned_on_without_a_server_is_named_at_its_field(
    window: SettingsWindow, config: Path
) -> None:
    before = config.read_bytes()
    window.mail.enabled.setChecked(True)
    window.apply_button.click()
    assert window.index.currentRow() == window.pages.index(window.mail)
    assert "mail.host: name the mail server" in window.mail.slot.label.text()
    assert config.read_bytes() == before


def test_test_connection_reports_sessions_found_in_a_calendar_file(
    window: SettingsWindow, tmp_path: Path, qtbot: QtBot
) -> None:
    from tests.test_calendar_sync import FEED

    feed = tmp_path / "clinic.ics"
    feed.write_text(FEED, encoding="utf-8")
    window.calendar.from_file.setChecked(True)
    window.calendar.file.setText(str(feed))
    with qtbot.waitSignal(window.tests.finished, timeout=10_000):
        window.calendar.connection.button.click()
    assert window.calendar.connection.result.text() == (
        "\u2713 Connected: 7 sessions in the next 14 days."  # Dec 3 to 9
    )


def test_test_connection_names_the_exact_mail_problem(
    window: SettingsWindow, qtbot: QtBot, dovecot: Any
) -> None:
    page = window.mail
    page.host.setText(dovecot.host)
    page.port.setValue(dovecot.imaps_port)
    page.user.setText(dovecot.user)
    page.password.setText(dovecot.password)
    with qtbot.waitSignal(window.tests.finished, timeout=20_000):
        page.connection.button.click()
    result = page.connection.result.text()
    assert result.startswith("\u2717 ")
    assert "certificate is not trusted" in result  # a test CA: the app trusts only real ones
    assert dovecot.password not in result


def test_a_new_calendar_address_is_announced_once_kept(
    window: SettingsWindow, ring: Any, qtbot: QtBot
) -> None:
    page = window.calendar
    page.from_url.setChecked(True)
    page.url.setText("https://calendar.example.org/private-1/basic.ics")
    page.url.textEdited.emit(page.url.text())
    with qtbot.waitSignal(window._editor.secrets_changed):
        window.apply_button.click()
    assert ("boundary-app", "calendar-url") in ring.kept
