"""Edits to the settings file reach the running app; a bad edit is refused, not lost."""

from __future__ import annotations

import os
from pathlib import Path

from pytestqt.qtbot import QtBot

from boundary_app.app.settings_watch import SettingsWatch
from boundary_app.core.settings import Settings
from boundary_app.storage.settings_file import read_settings
from boundary_app.storage.system_zone import system_zone


def start(qtbot: QtBot, tmp_path: Path) -> tuple[SettingsWatch, Path]:
    path = tmp_path / "boundary-app" / "config.toml"
    path.parent.mkdir()
    path.write_text("[sessions]\nlength_min = 50\n", encoding="utf-8")
    return SettingsWatch(path, read_settings(path, system_zone=system_zone())), path


def test_an_edit_in_place_is_picked_up(qtbot: QtBot, tmp_path: Path) -> None:
    watch, path = start(qtbot, tmp_path)
    with qtbot.waitSignal(watch.changed, timeout=5000) as changed:
        path.write_text("[sessions]\nlength_min = 45\n", encoding="utf-8")
    settings = changed.args[0]
    assert isinstance(settings, Settings)
    assert settings.sessions.length_min == 45


def test_a_file_renamed_into_place_is_picked_up_and_watched(qtbot: QtBot, tmp_path: Path) -> None:
    watch, path = start(qtbot, tmp_path)
    for minutes in (40, 30):  # the second save proves the new file is watched too
        temp = path.with_name("config.toml.tmp")
        temp.write_text(f"[sessions]\nlength_min = {minutes}\n", encoding="utf-8")
        with qtbot.waitSignal(watch.changed, timeout=5000) as changed:
            os.replace(temp, path)
        assert changed.args[0].sessions.length_min == minutes


def test_a_broken_edit_is_reported_and_the_file_left_alone(qtbot: QtBot, tmp_path: Path) -> None:
    watch, path = start(qtbot, tmp_path)
    seen: list[object] = []
    watch.changed.connect(seen.append)
    with qtbot.waitSignal(watch.refused, timeout=5000) as refused:
        path.write_text("[sessions]\nlength_min = 9000\n", encoding="utf-8")
    assert "sessions.length_min: 9000 is out of range (5 to 240)" in refused.args[0]
    assert path.read_text(encoding="utf-8") == "[sessions]\nlength_min = 9000\n"
    assert list(path.parent.glob("*.broken-*")) == []
    assert seen == []
