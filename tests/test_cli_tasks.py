"""`tasks` and `done --now` from the command line, with no app running: output, exit, journal."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest

from boundary_app.cli import main
from boundary_app.core.clock import FixedClock
from boundary_app.storage import paths
from boundary_app.storage.journal import Journal, open_journal
from tests.helpers import at

WED = "2026-12-02T10:00:00-05:00"
THU = "2026-12-03T10:00:00-05:00"
FRI_16 = "2026-12-04T16:00:00-05:00"
THURSDAY, FRIDAY = date(2026, 12, 3), date(2026, 12, 4)
MONDAY, TUESDAY = date(2026, 12, 7), date(2026, 12, 8)
FAR_AHEAD = date(2100, 1, 1)


def run(
    argv: list[str], capsys: pytest.CaptureFixture[str], now: str = THU
) -> tuple[int, str, str]:
    code = main(argv, clock=FixedClock(at(now)))
    out, err = capsys.readouterr()
    return code, out, err


@contextmanager
def stored() -> Iterator[Journal]:
    """The journal as the command line left it."""
    opened = open_journal(paths.journal_path(), now=at(THU))
    assert opened.notice is None
    try:
        yield opened.journal
    finally:
        opened.journal.close()


def texts(day: date) -> list[str]:
    with stored() as journal:
        return [t.text for t in journal.tasks_for(day)]


def write_settings(text: str) -> Path:
    path = paths.settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def add_three(capsys: pytest.CaptureFixture[str]) -> None:
    """One task carried from Wednesday, one for Thursday, one for Friday."""
    assert run(["tasks", "add", "Sign the referral"], capsys, now=WED)[0] == 0
    assert run(["tasks", "add", "Call", "the", "clinic", "back"], capsys)[0] == 0
    assert run(["tasks", "add", "Order gloves", "--tomorrow"], capsys)[0] == 0


# ---- adding ------------------------------------------------------------------------


def test_add_puts_the_task_on_todays_list(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["tasks", "add", "Call", "the", "clinic", "back"], capsys)
    assert (code, out, err) == (0, "Added to today's list: 1. Call the clinic back\n", "")
    assert texts(THURSDAY) == ["Call the clinic back"]


def test_add_tomorrow_on_friday_afternoon_goes_to_monday(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(["tasks", "add", "Call the clinic back", "--tomorrow"], capsys, FRI_16)
    assert code == 0
    assert out == "Added to the list for Monday 2026-12-07: 1. Call the clinic back\n"
    assert texts(MONDAY) == ["Call the clinic back"]
    assert texts(date(2026, 12, 5)) == []


def test_add_tomorrow_skips_a_monday_off_to_tuesday(capsys: pytest.CaptureFixture[str]) -> None:
    write_settings('[[exceptions]]\ndate = "2026-12-07"\nhours = []\n')
    code, out, _ = run(["tasks", "add", "Call the clinic back", "--tomorrow"], capsys, FRI_16)
    assert code == 0
    assert out == "Added to the list for Tuesday 2026-12-08: 1. Call the clinic back\n"
    assert texts(TUESDAY) == ["Call the clinic back"]
    assert texts(MONDAY) == []


def test_blank_task_exits_2_and_stores_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["tasks", "add", "   "], capsys)
    assert code == 2
    assert out == ""
    assert "Not added: the task has no text." in err
    with stored() as journal:
        assert journal.open_tasks_through(FAR_AHEAD) == []


def test_a_task_one_character_too_long_exits_2_and_stores_nothing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(["tasks", "add", "x" * 2001], capsys)
    assert code == 2
    assert out == ""
    assert "Not added" in err
    assert "2,001 (1 too many)" in err
    with stored() as journal:
        assert journal.open_tasks_through(FAR_AHEAD) == []


def test_a_task_of_exactly_2000_characters_is_kept_whole(
    capsys: pytest.CaptureFixture[str],
) -> None:
    text = "ab" * 1000
    code, out, _ = run(["tasks", "add", text], capsys)
    assert code == 0
    assert out == f"Added to today's list: 1. {text}\n"
    assert texts(THURSDAY) == [text]


# ---- listing -----------------------------------------------------------------------


def test_tasks_lists_today_with_carried_tasks_then_tomorrow_numbered_across_both(
    capsys: pytest.CaptureFixture[str],
) -> None:
    add_three(capsys)
    code, out, _ = run(["tasks"], capsys)
    assert code == 0
    assert out.splitlines() == [
        "Today, Thursday 2026-12-03",
        "   1. [ ] Sign the referral  (from Wed 02 Dec)",
        "   2. [ ] Call the clinic back",
        "For Friday 2026-12-04",
        "   3. [ ] Order gloves",
    ]


def test_tasks_json_has_exactly_the_contract_keys(capsys: pytest.CaptureFixture[str]) -> None:
    add_three(capsys)
    code, out, _ = run(["tasks", "--json"], capsys)
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"today", "tomorrow"}
    assert all(set(part) == {"date", "tasks"} for part in data.values())
    assert data["today"]["date"] == "2026-12-03"
    assert data["tomorrow"]["date"] == "2026-12-04"
    assert data["today"]["tasks"] == [
        {"number": 1, "text": "Sign the referral", "done": False, "for_day": "2026-12-02"},
        {"number": 2, "text": "Call the clinic back", "done": False, "for_day": "2026-12-03"},
    ]
    assert data["tomorrow"]["tasks"] == [
        {"number": 3, "text": "Order gloves", "done": False, "for_day": "2026-12-04"},
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Call Mrs \u00c5berg \U0001f4de\U0001f469\u200d\u2695\ufe0f",  # emoji, ZWJ sequence
        "\u05dc\u05d4\u05ea\u05e7\u05e9\u05e8 \u05dc\u05d3\u05f4\u05e8 \u05db\u05d4\u05df",
        "\u0627\u062a\u0635\u0644 \u0628\u0627\u0644\u0639\u064a\u0627\u062f\u0629 12:30",
        "Zoe\u0308 \u2014 re\u0301sume\u0301 a\u0300 revoir",  # combining marks, not precomposed
    ],
)
def test_unicode_text_comes_back_exactly_in_json(
    text: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["tasks", "add", text], capsys)[0] == 0
    code, out, _ = run(["tasks", "--json"], capsys)
    assert code == 0
    assert json.loads(out)["today"]["tasks"][0]["text"] == text
    assert texts(THURSDAY) == [text]


# ---- ticking off -------------------------------------------------------------------


def test_done_ticks_the_numbered_task_and_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    add_three(capsys)
    code, out, _ = run(["tasks", "done", "2"], capsys, now="2026-12-03T11:30:00-05:00")
    assert (code, out) == (0, "Done: 2. Call the clinic back\n")
    with stored() as journal:
        done = {t.text: t.done_at for t in journal.tasks_for(THURSDAY)}
        assert done == {"Call the clinic back": at("2026-12-03T11:30:00-05:00")}
        assert all(not t.done for t in journal.open_tasks_through(FRIDAY))


def test_ticking_a_done_task_again_says_already_done(capsys: pytest.CaptureFixture[str]) -> None:
    add_three(capsys)
    assert run(["tasks", "done", "2"], capsys, now="2026-12-03T11:30:00-05:00")[0] == 0
    code, out, _ = run(["tasks", "done", "2"], capsys, now="2026-12-03T12:00:00-05:00")
    assert (code, out) == (0, "Already done: 2. Call the clinic back\n")
    with stored() as journal:
        (task,) = journal.tasks_for(THURSDAY)
        assert task.done_at == at("2026-12-03T11:30:00-05:00")  # the first tick stands


def test_done_with_a_number_that_does_not_exist_exits_1_naming_the_numbers(
    capsys: pytest.CaptureFixture[str],
) -> None:
    add_three(capsys)
    code, out, err = run(["tasks", "done", "9"], capsys)
    assert code == 1
    assert out == ""
    assert "There is no task 9" in err
    assert "numbers: 1 to 3" in err
    with stored() as journal:
        assert len(journal.open_tasks_through(FRIDAY)) == 3


def test_numbering_stays_the_same_after_a_tick(capsys: pytest.CaptureFixture[str]) -> None:
    add_three(capsys)
    assert run(["tasks", "done", "1"], capsys)[0] == 0
    code, out, _ = run(["tasks"], capsys)
    assert code == 0
    assert out.splitlines()[1:3] == [
        "   1. [x] Sign the referral  (from Wed 02 Dec)",
        "   2. [ ] Call the clinic back",
    ]
    assert run(["tasks", "done", "2"], capsys)[1] == "Done: 2. Call the clinic back\n"


def test_ticking_a_task_for_tomorrow_keeps_it_on_tomorrows_list(
    capsys: pytest.CaptureFixture[str],
) -> None:
    add_three(capsys)
    assert run(["tasks", "done", "3"], capsys)[1] == "Done: 3. Order gloves\n"
    code, out, _ = run(["tasks"], capsys)
    assert code == 0
    assert out.splitlines()[3:] == ["For Friday 2026-12-04", "   3. [x] Order gloves"]


def test_a_task_ticked_on_an_earlier_day_is_no_longer_listed(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run(["tasks", "add", "Sign the referral"], capsys, now=WED)[0] == 0
    assert run(["tasks", "done", "1"], capsys, now=WED)[0] == 0
    code, out, _ = run(["tasks"], capsys)
    assert code == 0
    assert out.splitlines()[:2] == ["Today, Thursday 2026-12-03", "  (nothing)"]


# ---- done --now --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "day", "again"),
    [
        ("2026-12-03T17:20:00-05:00", "Thursday", "until tomorrow 09:00"),
        ("2026-12-04T17:20:00-05:00", "Friday", "until Monday 09:00"),
    ],
)
def test_done_now_after_the_end_closes_the_day_with_overtime(
    now: str, day: str, again: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["done", "--now"], capsys, now=now)
    assert code == 0
    assert out == f"{day}'s work day is closed (17:20). Boundary stays quiet {again}.\n"
    with stored() as journal:
        record = journal.day(at(now).date())
    assert record is not None
    assert record.closed_at == at(now)
    assert record.scheduled_end == at(now.replace("17:20", "17:00"))
    assert record.overtime_min == 20


def test_done_now_says_how_many_tasks_wait(capsys: pytest.CaptureFixture[str]) -> None:
    add_three(capsys)
    code, out, _ = run(["done", "--now"], capsys, now="2026-12-03T17:20:00-05:00")
    assert code == 0
    assert out.endswith(" 3 tasks wait for Friday.\n")


def test_done_now_before_the_end_closes_early_without_overtime(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(["done", "--now"], capsys, now="2026-12-03T15:00:00-05:00")
    assert code == 0
    assert out.startswith("Thursday's work day is closed (15:00).")
    with stored() as journal:
        record = journal.day(THURSDAY)
    assert record is not None
    assert record.closed_at == at("2026-12-03T15:00:00-05:00")
    assert record.scheduled_end == at("2026-12-03T17:00:00-05:00")
    assert record.overtime_min == 0


def test_done_now_twice_is_harmless(capsys: pytest.CaptureFixture[str]) -> None:
    add_three(capsys)
    now = "2026-12-03T17:20:00-05:00"
    first = run(["done", "--now"], capsys, now=now)
    second = run(["done", "--now"], capsys, now=now)
    assert second == first
    assert second[0] == 0
    with stored() as journal:
        (record,) = journal.days_between(THURSDAY, THURSDAY)
        assert record.closed_at == at(now)
        assert record.overtime_min == 20
        assert len(journal.open_tasks_through(FRIDAY)) == 3


# ---- files that cannot be used -----------------------------------------------------


def test_a_journal_from_a_newer_boundary_is_refused_and_left_unchanged(
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = paths.journal_path()
    with stored():
        pass
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 99")
    db.close()
    before = path.read_bytes()
    files_before = sorted(p.name for p in path.parent.iterdir())

    code, out, err = run(["tasks"], capsys)
    assert code == 2
    assert out == ""
    assert str(path) in err
    assert "update Boundary" in err
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == files_before


def test_a_corrupt_journal_is_moved_aside_and_the_task_still_added(
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = paths.journal_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    garbage = b"\x00\xffnot a journal\x13\x37" * 50
    path.write_bytes(garbage)

    code, out, err = run(["tasks", "add", "x"], capsys)
    assert code == 0
    assert out == "Added to today's list: 1. x\n"
    (moved,) = path.parent.glob("journal.sqlite3.broken-*")
    assert str(moved) in err
    assert moved.read_bytes() == garbage
    assert texts(THURSDAY) == ["x"]


@pytest.mark.parametrize(
    "argv", [["tasks"], ["tasks", "add", "Call the clinic back"], ["done", "--now"]]
)
def test_a_settings_error_exits_2_naming_the_field_and_stores_nothing(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_settings('[week]\nfriday = ["22:00-6:00"]\n')
    code, out, err = run(argv, capsys)
    assert code == 2
    assert out == ""
    assert f'{config}: week.friday[0]: "22:00-6:00" is not HH:MM-HH:MM' in err
    assert not paths.journal_path().exists()
