"""The settings file on disk: read strictly, saved atomically, moved aside when unusable."""

from __future__ import annotations

import errno
import os
import re
import stat
import tomllib
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from boundary_app.core.fields import SettingsError
from boundary_app.core.settings import (
    Block,
    Break,
    Cues,
    DateException,
    DayRules,
    EmailRules,
    SessionRules,
    Settings,
)
from boundary_app.storage import atomic
from boundary_app.storage import settings_file as settings_file_module
from boundary_app.storage.atomic import WriteFailedError
from boundary_app.storage.settings_file import load_or_recover, read_settings, save_settings

ZONE = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 5, 4, 10, 30, 15, tzinfo=UTC)
BOM = b"\xef\xbb\xbf"
RUNS_AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0

GOOD = b"""timezone = "America/New_York"
[week]
monday = ["09:00-12:00", "13:00-17:00"]
friday = "22:00-06:00"
[[breaks]]
name = "Stretch"
days = ["mon"]
time = "15:00-15:15"
"""
BROKEN = b'[week]\nfriday = ["22:00-6:00"]\n'
BROKEN_LINE = 'week.friday[0]: "22:00-6:00" is not HH:MM-HH:MM'


@pytest.fixture
def config(tmp_path: Path) -> Path:
    folder = tmp_path / "boundary-app"
    folder.mkdir()
    return folder / "config.toml"


def read_error(path: Path, **kwargs: Any) -> SettingsError:
    with pytest.raises(SettingsError) as caught:
        read_settings(path, system_zone=ZONE, **kwargs)
    return caught.value


def blk(start: str, end: str) -> Block:
    return Block(time.fromisoformat(start), time.fromisoformat(end))


# --------------------------------------------------------------------------------------
# read_settings
# --------------------------------------------------------------------------------------


def test_a_missing_file_gives_the_default_hours(config: Path) -> None:
    assert read_settings(config, system_zone=ZONE) == Settings(zone=ZONE)
    assert not config.exists()  # reading does not create the file


def test_a_missing_file_is_an_error_when_it_must_exist(config: Path) -> None:
    error = read_error(config, missing_ok=False)
    assert str(error) == f"{config}: no such file"


def test_a_good_file_is_read(config: Path) -> None:
    config.write_bytes(GOOD)
    settings = read_settings(config, system_zone=ZONE)
    assert settings.zone == ZoneInfo("America/New_York")
    assert settings.week[0] == (blk("09:00", "12:00"), blk("13:00", "17:00"))
    assert settings.week[4] == (blk("22:00", "06:00"),)
    assert settings.week[1] == ()
    assert settings.breaks == (Break("Stretch", frozenset({0}), blk("15:00", "15:15")),)


def test_a_utf8_byte_order_mark_is_accepted(config: Path) -> None:
    config.write_bytes(GOOD)
    plain = read_settings(config, system_zone=ZONE)
    config.write_bytes(BOM + GOOD)
    assert read_settings(config, system_zone=ZONE) == plain


def test_windows_line_endings_are_accepted(config: Path) -> None:
    config.write_bytes(GOOD)
    plain = read_settings(config, system_zone=ZONE)
    config.write_bytes(BOM + GOOD.replace(b"\n", b"\r\n"))
    assert read_settings(config, system_zone=ZONE) == plain


def test_bytes_that_are_not_utf8_are_named_with_their_offset(config: Path) -> None:
    raw = b'[[breaks]]\nname = "Caf\xe9"\ndays = ["mon"]\ntime = "12:00-12:30"\n'
    config.write_bytes(raw)
    offset = raw.index(b"\xe9")
    assert str(read_error(config)) == (
        f"{config}: is not UTF-8 text (byte 0xe9 at offset {offset})"
    )


def test_the_offset_of_a_bad_byte_counts_from_the_start_of_the_file(config: Path) -> None:
    raw = BOM + b'timezone = "Caf\xe9"\n'
    config.write_bytes(raw)
    offset = raw.index(b"\xe9")  # what a hex editor shows: 15, not 12
    assert str(read_error(config)) == (
        f"{config}: is not UTF-8 text (byte 0xe9 at offset {offset})"
    )


def test_text_that_is_not_toml_is_reported_with_its_line(config: Path) -> None:
    config.write_text('[week]\nmonday = ["09:00-17:00"]\ntuesday = "09:00-17:00\n')
    message = str(read_error(config))
    assert message.startswith(f"{config}: is not valid TOML: ")
    assert "line 3" in message
    assert "\n" not in message


def test_a_table_declared_twice_is_not_valid_toml(config: Path) -> None:
    config.write_text('[week]\nmonday = "09:00-17:00"\n[week]\ntuesday = "09:00-17:00"\n')
    message = str(read_error(config))
    assert message.startswith(f"{config}: is not valid TOML: ")
    assert "line 3" in message


def test_a_folder_instead_of_a_file_cannot_be_read(config: Path) -> None:
    config.mkdir()
    message = str(read_error(config))
    assert message.startswith(f"{config}: cannot be read: ")
    assert message != f"{config}: cannot be read: "


@pytest.mark.skipif(RUNS_AS_ROOT, reason="root reads files whatever their permission bits")
def test_an_unreadable_file_cannot_be_read(config: Path) -> None:
    config.write_bytes(GOOD)
    config.chmod(0)
    try:
        message = str(read_error(config))
    finally:
        config.chmod(0o600)
    assert message == f"{config}: cannot be read: Permission denied"


def test_every_problem_line_starts_with_the_file(config: Path) -> None:
    config.write_text(
        '[week]\nfriday = ["22:00-6:00"]\nsaturday = ["13:00-17:00"]\n'
        '[[breaks]]\nname = "Lunch"\ndays = ["sat"]\ntime = "12:00-12:45"\n'
    )
    error = read_error(config)
    assert str(error).splitlines() == [
        f"{config}: {BROKEN_LINE}",
        f'{config}: breaks[0].time: "12:00-12:45" on saturday lies outside every work block',
    ]
    assert error.source == str(config)


# --------------------------------------------------------------------------------------
# save_settings
# --------------------------------------------------------------------------------------

SAVED: list[Settings] = [
    Settings(zone=ZONE),
    Settings(zone=ZONE, breaks=(), breaks_are_default=False),
    Settings(
        zone=ZoneInfo("America/New_York"),
        timezone="America/New_York",
        week=(
            (blk("09:00", "12:00"), blk("13:00", "17:00")),
            (),
            (blk("10:00", "00:00"),),
            (),
            (blk("22:00", "06:00"),),
            (),
            (blk("20:00", "04:00"),),
        ),
        breaks=(
            Break("Lunch \u00e0 la carte", frozenset({0}), blk("13:00", "13:45")),
            Break("Night rest", frozenset({4, 6}), blk("01:00", "01:30")),
        ),
        breaks_are_default=False,
        sessions=SessionRules(53, 8, 0, Cues.CHIME, (53, 30)),
        day=DayRules(45, 0),
        email=EmailRules((time(9, 15), time(16, 30))),
        exceptions=(
            DateException(date(2026, 12, 24), (), 'Christmas "Eve"'),
            DateException(date(2026, 12, 31), (blk("09:00", "13:00"),)),
        ),
    ),
]


@pytest.mark.parametrize("settings", SAVED)
def test_saved_settings_read_back_the_same(config: Path, settings: Settings) -> None:
    save_settings(config, settings)
    assert read_settings(config, system_zone=settings.zone, missing_ok=False) == settings
    tomllib.loads(config.read_text(encoding="utf-8"))  # a valid TOML file a person can edit
    assert sorted(p.name for p in config.parent.iterdir()) == ["config.toml"]


def test_saving_replaces_the_whole_old_file(config: Path) -> None:
    config.write_bytes(GOOD + b"# a long comment that the new file does not have\n" * 50)
    save_settings(config, SAVED[1])
    assert b"a long comment" not in config.read_bytes()
    assert read_settings(config, system_zone=ZONE) == SAVED[1]


def test_saving_creates_the_config_folder(tmp_path: Path) -> None:
    path = tmp_path / "not" / "yet" / "config.toml"
    save_settings(path, SAVED[2])
    assert read_settings(path, system_zone=ZONE, missing_ok=False) == SAVED[2]


@pytest.mark.parametrize("mode", [0o640, 0o600, 0o644])
def test_saving_keeps_the_permission_bits_of_the_file(config: Path, mode: int) -> None:
    config.write_bytes(GOOD)
    config.chmod(mode)
    save_settings(config, SAVED[2])
    assert stat.S_IMODE(config.stat().st_mode) == mode
    assert read_settings(config, system_zone=ZONE) == SAVED[2]


def test_a_new_settings_file_is_readable_and_writable_by_its_owner(config: Path) -> None:
    save_settings(config, SAVED[0])
    assert stat.S_IMODE(config.stat().st_mode) & 0o600 == 0o600


def _no_space(*args: object, **kwargs: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize("failing", ["replace", "fsync"])
def test_a_failed_save_leaves_the_old_file_and_no_temp_files(
    config: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    config.write_bytes(GOOD)
    monkeypatch.setattr(atomic.os, failing, _no_space)
    with pytest.raises(WriteFailedError) as caught:
        save_settings(config, SAVED[2])
    monkeypatch.undo()
    assert str(caught.value) == f"could not write {config}: No space left on device"
    assert isinstance(caught.value, OSError)
    assert config.read_bytes() == GOOD
    assert sorted(p.name for p in config.parent.iterdir()) == ["config.toml"]


def test_a_failed_first_save_leaves_no_file_at_all(
    config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(atomic.os, "replace", _no_space)
    with pytest.raises(WriteFailedError, match="No space left on device"):
        save_settings(config, SAVED[0])
    monkeypatch.undo()
    assert list(config.parent.iterdir()) == []


@pytest.mark.skipif(RUNS_AS_ROOT, reason="root writes into read-only folders")
def test_saving_into_a_read_only_folder_fails_naming_the_file(config: Path) -> None:
    config.write_bytes(GOOD)
    config.parent.chmod(0o500)
    try:
        with pytest.raises(WriteFailedError) as caught:
            save_settings(config, SAVED[0])
    finally:
        config.parent.chmod(0o700)
    assert str(caught.value) == f"could not write {config}: Permission denied"
    assert config.read_bytes() == GOOD
    assert sorted(p.name for p in config.parent.iterdir()) == ["config.toml"]


# --------------------------------------------------------------------------------------
# load_or_recover
# --------------------------------------------------------------------------------------


def stamp(now: datetime) -> str:
    """The date and time in a kept file's name: the moment in the computer's own zone."""
    return now.astimezone().strftime("%Y%m%dT%H%M%S")


def test_a_good_file_is_loaded_without_a_notice(config: Path) -> None:
    config.write_bytes(GOOD)
    loaded = load_or_recover(config, system_zone=ZONE, now=NOW)
    assert loaded.settings == read_settings(config, system_zone=ZONE)
    assert loaded.settings.zone == ZoneInfo("America/New_York")
    assert (loaded.notice, loaded.kept_as) == (None, None)
    assert config.read_bytes() == GOOD
    assert sorted(p.name for p in config.parent.iterdir()) == ["config.toml"]


def test_a_missing_file_loads_the_defaults_quietly(config: Path) -> None:
    loaded = load_or_recover(config, system_zone=ZONE, now=NOW)
    assert loaded.settings == Settings(zone=ZONE)
    assert (loaded.notice, loaded.kept_as) == (None, None)
    assert list(config.parent.iterdir()) == []  # no defaults written for the user


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        (BROKEN, BROKEN_LINE),
        (b"[week\nmonday = 1\n", "is not valid TOML"),
        (b'timezone = "Caf\xe9"\n', "is not UTF-8 text (byte 0xe9 at offset 15)"),
    ],
)
def test_a_broken_file_is_kept_aside_and_defaults_are_used(
    config: Path, raw: bytes, problem: str
) -> None:
    config.write_bytes(raw)
    loaded = load_or_recover(config, system_zone=ZONE, now=NOW)
    assert loaded.settings == Settings(zone=ZONE)
    kept = loaded.kept_as
    assert kept is not None
    assert kept == config.with_name(f"config.toml.broken-{stamp(NOW)}")
    assert re.fullmatch(r"config\.toml\.broken-\d{8}T\d{6}", kept.name)
    assert kept.read_bytes() == raw
    assert not config.exists()  # never overwritten with defaults
    assert sorted(p.name for p in config.parent.iterdir()) == [kept.name]
    notice = loaded.notice
    assert notice is not None
    assert str(config) in notice
    assert str(kept) in notice
    assert problem in notice


def test_the_notice_lists_every_problem(config: Path) -> None:
    config.write_text(
        '[week]\nfriday = ["22:00-6:00"]\n[day]\nwrapup_lead_min = -5\n[sessions]\ncues = "loud"\n'
    )
    loaded = load_or_recover(config, system_zone=ZONE, now=NOW)
    assert loaded.notice is not None
    for line in (
        BROKEN_LINE,
        'sessions.cues: "loud" is not one of icon, quiet, chime',
        "day.wrapup_lead_min: -5 is out of range (0 to 240)",
    ):
        assert f"  {line}\n" in loaded.notice


def test_two_recoveries_at_the_same_moment_keep_both_files(config: Path) -> None:
    first_raw, second_raw = BROKEN, b"sessions = 1\n"
    config.write_bytes(first_raw)
    first = load_or_recover(config, system_zone=ZONE, now=NOW)
    config.write_bytes(second_raw)
    second = load_or_recover(config, system_zone=ZONE, now=NOW)
    assert first.kept_as is not None
    assert second.kept_as is not None
    assert first.kept_as != second.kept_as
    assert first.kept_as.read_bytes() == first_raw
    assert second.kept_as.read_bytes() == second_raw
    assert second.notice is not None
    assert str(second.kept_as) in second.notice
    assert "sessions: expected a table, got whole number" in second.notice
    assert not config.exists()
    assert len(list(config.parent.iterdir())) == 2


def test_a_recovered_file_put_back_is_read_again(config: Path) -> None:
    config.write_bytes(BROKEN)
    loaded = load_or_recover(config, system_zone=ZONE, now=NOW)
    assert loaded.kept_as is not None
    fixed = loaded.kept_as.read_bytes().replace(b"6:00", b"06:00")
    config.write_bytes(fixed)
    again = load_or_recover(config, system_zone=ZONE, now=NOW)
    assert again.notice is None
    assert again.settings.week[4] == (blk("22:00", "06:00"),)


def test_a_file_that_cannot_be_moved_aside_is_left_untouched(
    config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config.write_bytes(BROKEN)

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(settings_file_module.os, "replace", refuse)
    loaded = load_or_recover(config, system_zone=ZONE, now=NOW)
    monkeypatch.undo()
    assert loaded.settings == Settings(zone=ZONE)
    assert loaded.kept_as is None
    assert loaded.notice is not None
    assert str(config) in loaded.notice
    assert BROKEN_LINE in loaded.notice
    assert "could not be moved aside" in loaded.notice
    assert config.read_bytes() == BROKEN
    assert sorted(p.name for p in config.parent.iterdir()) == ["config.toml"]


def test_a_file_with_an_absurdly_long_number_is_kept_aside(config: Path) -> None:
    config.write_bytes(b"[day]\nwrapup_lead_min = 0x" + b"f" * 4000 + b"\n")
    loaded = load_or_recover(config, system_zone=ZONE, now=NOW)
    assert loaded.kept_as is not None
    assert loaded.settings == Settings(zone=ZONE)
