"""Saving settings from the window into the user's file: comments and layout stay."""

from __future__ import annotations

import copy
import difflib
import os
import stat
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import tomli_w
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from boundary_app.core.settings import Block
from boundary_app.core.settings_schema import parse_settings, settings_to_data
from boundary_app.storage import atomic, settings_writer
from boundary_app.storage.atomic import WriteFailedError
from boundary_app.storage.settings_writer import merge_document, save_document
from tests.test_journal_faults import RUNS_AS_ROOT, remount, tmpfs
from tests.test_settings_schema import valid_documents

SYSTEM = ZoneInfo("Asia/Kolkata")

# A file as a person keeps it: notes everywhere, sections in their own order.
REALISTIC = """\
# Boundary settings for my practice.
# Edited by hand; the settings window keeps these notes.

# Berlin, even when I travel
timezone = "Europe/Berlin"

# Client sessions come first for me.
[sessions]
cues = "quiet"        # nothing a client could read
length_min = 50       # my usual
wrapup_lead_min = 10
overrun_after_min = 5
presets_min = [50, 25]

# The week: a split Monday, a long Tuesday, Friday mornings only.
[week]
friday = ["09:00-12:00"]
monday = ["09:00-12:00", "13:00-17:00"]  # lunch in between
tuesday = ["09:00-17:00"]  # long day
wednesday = ["09:00-17:00"]
thursday = ["10:00-18:00"]

[day]
overtime_after_min = 15
wrapup_lead_min = 30   # half an hour to wind down

# Protected time
[[breaks]]
name = "Lunch"
days = ["wed", "thu"]
time = "12:30-13:15"  # a real lunch

[[breaks]]
name = "Notes"
days = ["mon"]
time = "16:00-16:30"

[email]
windows = ["09:15", "13:00", "16:30"]  # three times a day, no more

# Days that are different
[[exceptions]]
date = 2026-12-24
hours = []  # Christmas Eve
name = "Christmas Eve"
"""


def wanted_from(text: str) -> dict[str, Any]:
    return tomllib.loads(text)


def changes(before: str, after: str) -> list[str]:
    """The removed and added lines of a unified diff, as a reviewer reads them."""
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    return [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]


def comments(text: str) -> list[str]:
    """Every comment in `text`, whole-line or after a value (none of ours sits in a string)."""
    return [line[line.index("#") :] for line in text.splitlines() if "#" in line]


def settings_of(data: dict[str, Any]) -> Any:
    return parse_settings(data, system_zone=SYSTEM)


def test_the_realistic_file_is_a_valid_settings_file() -> None:
    settings_of(wanted_from(REALISTIC))


def test_merging_a_file_with_what_it_says_changes_nothing() -> None:
    assert merge_document(REALISTIC, wanted_from(REALISTIC)) == REALISTIC


def test_changing_tuesday_changes_exactly_that_line() -> None:
    wanted = wanted_from(REALISTIC)
    wanted["week"]["tuesday"] = ["08:00-12:00", "13:00-18:00"]
    merged = merge_document(REALISTIC, wanted)
    assert changes(REALISTIC, merged) == [
        '-tuesday = ["09:00-17:00"]  # long day',
        '+tuesday = ["08:00-12:00", "13:00-18:00"]  # long day',
    ]
    assert comments(merged) == comments(REALISTIC)
    assert tomllib.loads(merged) == wanted
    assert settings_of(tomllib.loads(merged)) == settings_of(wanted)


def test_a_new_day_off_is_a_new_exceptions_entry_with_a_real_date() -> None:
    wanted = wanted_from(REALISTIC)
    wanted["exceptions"].append({"date": date(2026, 12, 31), "hours": []})
    merged = merge_document(REALISTIC, wanted)
    assert changes(REALISTIC, merged) == [
        "+",
        "+[[exceptions]]",
        "+date = 2026-12-31",
        "+hours = []",
    ]
    read = tomllib.loads(merged)
    assert read == wanted
    assert type(read["exceptions"][1]["date"]) is date
    assert settings_of(read) == settings_of(wanted)


def test_a_day_off_before_the_others_goes_in_front_and_theirs_stay_as_written() -> None:
    wanted = wanted_from(REALISTIC)
    wanted["exceptions"].insert(0, {"date": date(2026, 11, 2), "hours": [], "name": "Training"})
    merged = merge_document(REALISTIC, wanted)
    assert [line for line in changes(REALISTIC, merged) if line.startswith("-")] == []
    assert "date = 2026-11-02\n" in merged
    assert 'hours = []  # Christmas Eve\nname = "Christmas Eve"\n' in merged
    assert merged.index("2026-11-02") < merged.index("2026-12-24")
    assert tomllib.loads(merged) == wanted


def test_removing_a_weekday_removes_its_line() -> None:
    wanted = wanted_from(REALISTIC)
    del wanted["week"]["friday"]
    merged = merge_document(REALISTIC, wanted)
    assert changes(REALISTIC, merged) == ['-friday = ["09:00-12:00"]']
    assert tomllib.loads(merged) == wanted


def test_a_changed_length_keeps_the_comment_after_it() -> None:
    wanted = wanted_from(REALISTIC)
    wanted["sessions"]["length_min"] = 45
    merged = merge_document(REALISTIC, wanted)
    assert changes(REALISTIC, merged) == [
        "-length_min = 50       # my usual",
        "+length_min = 45       # my usual",
    ]


def test_a_new_key_goes_after_the_tables_last_key_not_after_the_next_sections_comment() -> None:
    wanted = wanted_from(REALISTIC)
    wanted["day"]["max_snoozes"] = 2
    wanted["sessions"]["length_min"] = 45
    merged = merge_document(REALISTIC, wanted)
    assert "wrapup_lead_min = 30   # half an hour to wind down\nmax_snoozes = 2\n\n" in merged
    assert tomllib.loads(merged) == wanted


def test_a_weekday_spelt_short_in_the_file_is_respelt_in_place() -> None:
    text = '[week]\nmon = ["09:00-17:00"]  # Mondays\ntue = ["09:00-17:00"]\n'
    wanted = {"week": {"monday": ["09:00-17:00"], "tuesday": ["10:00-17:00"]}}
    merged = merge_document(text, wanted)
    assert merged == ('[week]\nmonday = ["09:00-17:00"]  # Mondays\ntuesday = ["10:00-17:00"]\n')


def test_no_breaks_is_written_as_an_empty_list_among_the_top_keys() -> None:
    wanted = wanted_from(REALISTIC)
    wanted["breaks"] = []
    merged = merge_document(REALISTIC, wanted)
    assert "[[breaks]]" not in merged
    assert 'timezone = "Europe/Berlin"\nbreaks = []\n' in merged
    assert "# Protected time" not in merged  # it spoke of the removed breaks
    assert "[email]" in merged
    assert tomllib.loads(merged) == wanted
    assert settings_of(tomllib.loads(merged)).breaks == ()


def test_an_empty_breaks_list_in_the_file_stays_when_still_wanted() -> None:
    text = "breaks = []  # none for me\n[week]\nmonday = ['09:00-17:00']\n"
    assert merge_document(text, wanted_from(text)) == text


def test_a_removed_section_takes_its_comment_and_leaves_the_next_ones() -> None:
    wanted = wanted_from(REALISTIC)
    del wanted["sessions"]
    merged = merge_document(REALISTIC, wanted)
    assert "[sessions]" not in merged
    assert "# Client sessions come first for me." not in merged
    assert "# my usual" not in merged
    assert "# The week: a split Monday" in merged
    assert "\n\n\n" not in merged
    assert tomllib.loads(merged) == wanted


def test_a_none_value_is_never_written() -> None:
    wanted = wanted_from(REALISTIC)
    wanted["timezone"] = None
    wanted["day"]["max_snoozes"] = None
    merged = merge_document(REALISTIC, wanted)
    read = tomllib.loads(merged)
    assert "timezone" not in read
    assert "max_snoozes" not in read["day"]
    assert merged.startswith("# Boundary settings for my practice.\n")


def test_new_sections_are_appended_at_the_end() -> None:
    text = '# mine\ntimezone = "UTC"\n\n[week]\nmonday = ["09:00-17:00"]\n'
    wanted = {
        "timezone": "UTC",
        "week": {"monday": ["09:00-17:00"]},
        "sessions": {"length_min": 45},
        "breaks": [{"name": "Walk", "days": ["mon"], "time": "15:00-15:20"}],
    }
    merged = merge_document(text, wanted)
    assert merged == text + (
        '\n[sessions]\nlength_min = 45\n\n[[breaks]]\nname = "Walk"\ndays = ["mon"]\n'
        'time = "15:00-15:20"\n'
    )


def test_a_new_top_key_stays_below_the_files_header_comment() -> None:
    text = "# my settings\n\n# the week\n[week]\nmonday = ['09:00-17:00']\n"
    merged = merge_document(text, {**wanted_from(text), "timezone": "UTC"})
    assert merged == (
        "# my settings\n\ntimezone = \"UTC\"\n\n# the week\n[week]\nmonday = ['09:00-17:00']\n"
    )


def test_an_empty_original_gives_a_valid_file_that_round_trips() -> None:
    wanted = settings_to_data(settings_of(wanted_from(REALISTIC)))
    merged = merge_document("", wanted)
    assert tomllib.loads(merged) == wanted
    assert settings_of(tomllib.loads(merged)) == settings_of(wanted)
    assert merge_document(merged, tomllib.loads(merged)) == merged
    assert "\n\n\n" not in merged


def test_the_windows_whole_document_keeps_every_note_that_still_applies() -> None:
    """What the settings window hands over: canonical names, every default spelt out."""
    wanted = settings_to_data(settings_of(wanted_from(REALISTIC)))
    merged = merge_document(REALISTIC, wanted)
    assert tomllib.loads(merged) == wanted
    assert comments(merged) == comments(REALISTIC)
    assert settings_of(tomllib.loads(merged)) == settings_of(wanted_from(REALISTIC))


def test_windows_line_endings_are_kept() -> None:
    text = REALISTIC.replace("\n", "\r\n")
    wanted = wanted_from(text)
    wanted["day"]["max_snoozes"] = 2
    merged = merge_document(text, wanted)
    assert merged.count("\n") == merged.count("\r\n")
    assert tomllib.loads(merged) == wanted


def test_text_that_is_not_toml_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="line 1"):
        merge_document("[week\n", {})


# --------------------------------------------------------------------------------------
# Properties over generated valid documents
# --------------------------------------------------------------------------------------

GENERATED = hsettings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
Generated = tuple[dict[str, Any], tuple[tuple[Block, ...], ...]]


@contextmanager
def layout_kept() -> Iterator[None]:
    """Fail if the merge gave up on the file's layout and wrote it afresh."""

    def gave_up(*args: object) -> None:
        raise AssertionError(f"merge fell back to a fresh file: {args}")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(settings_writer.log, "warning", gave_up)
        yield


# Layouts people write by hand: inline tables, dotted keys, indentation, CRLF,
# no final newline, only comments, entries back to back.
STYLES = [
    REALISTIC,
    REALISTIC.replace("\n", "\r\n"),
    REALISTIC.rstrip("\n"),
    "# mine\nsessions = {length_min = 50, cues = 'quiet'}\nday = {max_snoozes = 1}\n"
    "breaks = []  # none\nweek = {mon = '09:00-17:00'}\n"
    "exceptions = [{date = 2026-12-24, hours = []}]\n",
    "sessions.length_min = 50 # mine\nsessions.cues = 'quiet'\nweek.mon = '09:00-17:00'\n"
    "[day]\n  max_snoozes = 1\n\n[email]\n# none yet\n",
    "\n\n# only a comment\n",
    "",
    "[[breaks]]\nname = 'A'\ndays = ['mon']\ntime = '12:00-12:30'\n[[breaks]]\nname = 'B'\n"
    "days = ['mon']\ntime = '15:00-15:30'\n# the end\n",
]


@GENERATED
@given(valid_documents())
def test_any_accepted_file_merged_with_itself_is_byte_identical(generated: Generated) -> None:
    text = tomli_w.dumps(generated[0])
    with layout_kept():
        assert merge_document(text, tomllib.loads(text)) == text
        assert merge_document(text, generated[0]) == text


@GENERATED
@given(valid_documents(), valid_documents())
def test_merging_any_document_reads_back_as_it(first: Generated, second: Generated) -> None:
    text = tomli_w.dumps(first[0])
    wanted = second[0]
    with layout_kept():
        merged = merge_document(text, wanted)
        assert merge_document(merged, tomllib.loads(merged)) == merged
    assert tomllib.loads(merged) == wanted
    assert settings_of(tomllib.loads(merged)) == settings_of(wanted)


@GENERATED
@given(st.sampled_from(STYLES), valid_documents())
def test_any_document_merges_into_hand_written_layouts(text: str, generated: Generated) -> None:
    wanted = generated[0]
    with layout_kept():
        merged = merge_document(text, wanted)
        assert merge_document(merged, tomllib.loads(merged)) == merged
    assert tomllib.loads(merged) == wanted
    assert "\n\n\n" not in merged.replace("\r\n", "\n")


@GENERATED
@given(valid_documents())
def test_changing_one_value_changes_one_line(generated: Generated) -> None:
    doc = copy.deepcopy(generated[0])
    sessions = doc.setdefault("sessions", {"length_min": 50})
    text = tomli_w.dumps(doc)
    old = sessions["length_min"]
    sessions["length_min"] = old + 1 if old < 240 else old - 1
    merged = merge_document(text, doc)
    assert changes(text, merged) == [
        f"-length_min = {old}",
        f"+length_min = {sessions['length_min']}",
    ]


def test_a_layout_that_cannot_be_kept_still_gives_the_wanted_settings(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(settings_writer, "_merge_root", lambda doc, target: None)  # a bad edit
    wanted = {"timezone": "UTC", "week": {"monday": ["09:00-17:00"]}, "day": None}
    merged = merge_document(REALISTIC, wanted)
    assert merged == tomli_w.dumps({"timezone": "UTC", "week": {"monday": ["09:00-17:00"]}})
    assert "Could not keep the layout of the settings file" in caplog.text


# --------------------------------------------------------------------------------------
# Saving to disk
# --------------------------------------------------------------------------------------


@pytest.fixture
def config(tmp_path: Path) -> Path:
    folder = tmp_path / "boundary-app"
    folder.mkdir()
    return folder / "config.toml"


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_saving_merges_into_the_file_and_leaves_no_temp_file(config: Path) -> None:
    config.write_text(REALISTIC, encoding="utf-8")
    wanted = wanted_from(REALISTIC)
    wanted["week"]["tuesday"] = ["08:00-12:00", "13:00-18:00"]
    save_document(config, wanted)
    assert config.read_text(encoding="utf-8") == merge_document(REALISTIC, wanted)
    assert sorted(p.name for p in config.parent.iterdir()) == ["config.toml"]


def test_a_failed_replace_leaves_the_old_file_and_names_it(
    config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config.write_text(REALISTIC, encoding="utf-8")

    def refuse(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", refuse)
    with pytest.raises(WriteFailedError) as caught:
        save_document(config, {"timezone": "UTC"})
    assert str(config) in str(caught.value)
    assert "No space left on device" in str(caught.value)
    assert config.read_text(encoding="utf-8") == REALISTIC
    assert sorted(p.name for p in config.parent.iterdir()) == ["config.toml"]


def test_saving_keeps_the_files_mode(config: Path) -> None:
    config.write_text(REALISTIC, encoding="utf-8")
    config.chmod(0o640)
    save_document(config, {**wanted_from(REALISTIC), "timezone": "UTC"})
    assert mode_of(config) == 0o640


def test_a_new_file_is_private(tmp_path: Path) -> None:
    path = tmp_path / "new-folder" / "config.toml"
    wanted = {"timezone": "UTC", "week": {"monday": ["09:00-17:00"]}, "breaks": []}
    save_document(path, wanted)
    assert mode_of(path) == 0o600
    assert tomllib.loads(path.read_text(encoding="utf-8")) == wanted


def test_a_byte_order_mark_is_kept(config: Path) -> None:
    config.write_bytes(b"\xef\xbb\xbf" + REALISTIC.encode("utf-8"))
    save_document(config, wanted_from(REALISTIC))
    assert config.read_bytes() == b"\xef\xbb\xbf" + REALISTIC.encode("utf-8")


def test_a_file_that_is_not_toml_is_left_alone_and_named(config: Path) -> None:
    config.write_text("[week\nmonday = 1\n", encoding="utf-8")
    with pytest.raises(WriteFailedError) as caught:
        save_document(config, {"timezone": "UTC"})
    assert str(caught.value).startswith(f"could not save {config}: it is not valid TOML")
    assert config.read_text(encoding="utf-8") == "[week\nmonday = 1\n"


def test_a_file_that_is_not_utf8_is_left_alone_and_named(config: Path) -> None:
    config.write_bytes(b'timezone = "\xff"\n')
    with pytest.raises(WriteFailedError, match="is not UTF-8 text") as caught:
        save_document(config, {"timezone": "UTC"})
    assert str(config) in str(caught.value)


def test_an_unreadable_original_is_an_error_naming_it(config: Path) -> None:
    config.mkdir()  # a folder where the file should be cannot be read as one
    with pytest.raises(WriteFailedError) as caught:
        save_document(config, {"timezone": "UTC"})
    assert str(caught.value).startswith(f"could not read {config} to save it: ")


def check_read_only(path: Path) -> None:
    with pytest.raises(WriteFailedError) as caught:
        save_document(path, {"timezone": "UTC"})
    assert str(caught.value).startswith(f"could not write {path}: ")
    assert path.read_text(encoding="utf-8") == REALISTIC


def test_a_read_only_file_system_is_an_error_naming_the_file(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "disk", "1m") as disk:
        path = disk / "config.toml"
        path.write_text(REALISTIC, encoding="utf-8")
        remount(disk, "ro")
        check_read_only(path)


@pytest.mark.skipif(RUNS_AS_ROOT, reason="root writes into a chmod 0500 folder anyway")
def test_a_read_only_folder_is_an_error_naming_the_file(config: Path) -> None:
    config.write_text(REALISTIC, encoding="utf-8")
    config.parent.chmod(0o500)
    try:
        check_read_only(config)
    finally:
        config.parent.chmod(0o700)


def test_the_new_file_mode_does_not_depend_on_the_umask(tmp_path: Path) -> None:
    previous = os.umask(0o000)
    try:
        save_document(tmp_path / "config.toml", {"timezone": "UTC"})
    finally:
        os.umask(previous)
    assert mode_of(tmp_path / "config.toml") == 0o600
