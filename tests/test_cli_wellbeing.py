"""`energy`, `note` and `notes` from the command line: output, exit status, journal, app told."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from boundary_app import cli, ipc
from boundary_app.cli import main
from boundary_app.core.clock import FixedClock
from boundary_app.core.sessions import Session
from boundary_app.core.settings import Settings
from boundary_app.core.wellbeing import NOTE_MAX, Energy, EnergyCheck
from boundary_app.core.wellbeing_settings import EnergyRules
from boundary_app.storage import paths
from boundary_app.storage.journal import Journal, open_journal
from boundary_app.storage.wellbeing_records import WellbeingRecords
from tests.helpers import at

THU_1030 = "2026-12-03T10:30:00-05:00"
MINUTE = timedelta(minutes=1)
FAR = (datetime(2000, 1, 1, tzinfo=UTC), datetime(2100, 1, 1, tzinfo=UTC))


def run(
    argv: list[str], capsys: pytest.CaptureFixture[str], now: str = THU_1030
) -> tuple[int, str, str]:
    code = main(argv, clock=FixedClock(at(now)))
    out, err = capsys.readouterr()
    return code, out, err


@contextmanager
def stored() -> Iterator[Journal]:
    opened = open_journal(paths.journal_path(), now=at(THU_1030))
    try:
        yield opened.journal
    finally:
        opened.journal.close()


def ratings() -> list[EnergyCheck]:
    with stored() as journal:
        return WellbeingRecords(journal).energy_between(*FAR)


def open_texts() -> list[str]:
    with stored() as journal:
        return [n.text for n in WellbeingRecords(journal).open_notes()]


def add_session(start: str, minutes: int = 50, ended: str | None = None) -> None:
    with stored() as journal:
        journal.add_session(
            Session(at(start), minutes * MINUTE, at(ended) if ended is not None else None)
        )


@pytest.fixture(autouse=True)
def app_messages(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What a running app would have been told (it answers every message)."""
    told: list[str] = []

    def request(path: Path, command: str, timeout: float = 3.0, **args: Any) -> dict[str, Any]:
        assert path == paths.socket_path()
        ipc.parse_request(ipc.request_line(command, **args))  # a command the app knows
        told.append(command)
        return {}

    monkeypatch.setattr(ipc, "request", request)
    return told


@dataclass(frozen=True)
class WithTags(Settings):
    """Settings with the user's own energy tags (the settings file will carry them)."""

    energy: EnergyRules = field(default_factory=EnergyRules)


def use_tags(monkeypatch: pytest.MonkeyPatch, *tags: str) -> None:
    real = cli._load_for_command

    def load(args: Any) -> Settings | None:
        settings = real(args)
        assert settings is not None
        return WithTags(zone=settings.zone, energy=EnergyRules(enabled=True, tags=tags))

    monkeypatch.setattr(cli, "_load_for_command", load)


# ---- energy ------------------------------------------------------------------------


def test_energy_keeps_the_rating_and_tells_the_app(
    capsys: pytest.CaptureFixture[str], app_messages: list[str]
) -> None:
    assert run(["energy", "drained"], capsys) == (0, "Energy kept: drained.\n", "")
    assert ratings() == [EnergyCheck(at(THU_1030), Energy.DRAINED)]
    assert app_messages == ["wellbeing.changed"]


@pytest.mark.parametrize(
    ("word", "rating"),
    [
        ("energised", Energy.ENERGISED),
        ("Energized", Energy.ENERGISED),
        ("e", Energy.ENERGISED),
        ("+", Energy.ENERGISED),
        ("neutral", Energy.NEUTRAL),
        ("N", Energy.NEUTRAL),
        ("0", Energy.NEUTRAL),
        ("drained", Energy.DRAINED),
        ("d", Energy.DRAINED),
        ("-", Energy.DRAINED),
    ],
)
def test_every_way_of_writing_a_rating(
    word: str, rating: Energy, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["energy", word], capsys) == (0, f"Energy kept: {rating.value}.\n", "")
    assert [c.rating for c in ratings()] == [rating]


@pytest.mark.parametrize("word", ["meh", "", "++", "energy", "1"])
def test_an_unknown_rating_exits_2_and_keeps_nothing(
    word: str, capsys: pytest.CaptureFixture[str], app_messages: list[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["energy", word], clock=FixedClock(at(THU_1030)))
    assert exited.value.code == 2
    assert (
        f'"{word}" is not a rating (use energised, neutral or drained; or e, n, d; or +, 0, -)'
        in capsys.readouterr().err
    )
    assert ratings() == []
    assert app_messages == []


def test_a_rating_is_tied_to_the_session_that_just_ended(
    capsys: pytest.CaptureFixture[str],
) -> None:
    add_session("2026-12-03T08:00:00-05:00", ended="2026-12-03T08:50:00-05:00")
    add_session("2026-12-03T09:00:00-05:00", ended="2026-12-03T09:52:00-05:00")
    code, out, _ = run(["energy", "e"], capsys)
    assert (code, out) == (0, "Energy kept: energised, for the 09:00 session.\n")
    assert ratings()[0].session_start == at("2026-12-03T09:00:00-05:00")


def test_a_session_nobody_ended_counts_from_its_planned_end(
    capsys: pytest.CaptureFixture[str],
) -> None:
    add_session("2026-12-03T09:00:00-05:00", minutes=45)
    code, out, _ = run(["energy", "n"], capsys)
    assert (code, out) == (0, "Energy kept: neutral, for the 09:00 session.\n")


@pytest.mark.parametrize(
    ("start", "minutes", "ended", "now"),
    [
        # ended more than 3 hours ago
        ("2026-12-03T06:00:00-05:00", 50, "2026-12-03T07:29:00-05:00", THU_1030),
        # still running
        ("2026-12-03T10:00:00-05:00", 50, None, THU_1030),
        # started yesterday, though it ended within 3 hours
        ("2026-12-02T23:00:00-05:00", 50, "2026-12-02T23:50:00-05:00", "2026-12-03T00:30:00-05:00"),
    ],
)
def test_a_rating_with_no_session_just_over_stands_alone(
    start: str, minutes: int, ended: str | None, now: str, capsys: pytest.CaptureFixture[str]
) -> None:
    add_session(start, minutes, ended)
    assert run(["energy", "d"], capsys, now=now) == (0, "Energy kept: drained.\n", "")
    assert ratings()[0].session_start is None


def test_tags_are_checked_against_the_users_list_and_spelled_as_there(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    use_tags(monkeypatch, "intake", "Couples", "Ünï")
    argv = [
        "energy",
        "0",
        "--tag",
        "couples",
        "--tag",
        " intake ",
        "--tag",
        "ÜNÏ",
        "--tag",
        "Couples",
    ]
    assert run(argv, capsys) == (0, "Energy kept: neutral; tags: Couples, intake, Ünï.\n", "")
    assert ratings()[0].tags == ("Couples", "intake", "Ünï")


def test_an_unknown_tag_exits_2_listing_the_users_tags(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, app_messages: list[str]
) -> None:
    use_tags(monkeypatch, "intake", "Couples")
    code, out, err = run(["energy", "d", "--tag", "intake", "--tag", "groups"], capsys)
    assert (code, out) == (2, "")
    assert err == 'Not kept: "groups" is not one of your tags (intake, Couples).\n'
    assert ratings() == []
    assert app_messages == []


def test_without_a_list_any_tag_is_kept_cleaned(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["energy", "+", "--tag", "  😮‍💨  heavy ", "--tag", "עייפות"]
    assert run(argv, capsys) == (0, "Energy kept: energised; tags: 😮‍💨 heavy, עייפות.\n", "")
    assert ratings()[0].tags == ("😮‍💨 heavy", "עייפות")


@pytest.mark.parametrize("tag", ["   ", "x" * 25])
def test_a_tag_that_cannot_be_one_exits_2(tag: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["energy", "d", "--tag", tag], capsys)
    assert (code, out) == (2, "")
    assert err == f'Not kept: "{tag}" is not a tag (1 to 24 characters).\n'
    assert ratings() == []


def test_a_journal_that_cannot_be_opened_keeps_nothing_and_says_why(
    capsys: pytest.CaptureFixture[str], app_messages: list[str]
) -> None:
    folder = paths.journal_path().parent
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("a file where the data folder should be", encoding="utf-8")
    code, out, err = run(["energy", "d"], capsys)
    assert (code, out) == (1, "")
    assert f"Could not save the energy rating: the journal {paths.journal_path()}" in err
    assert "is a file, not a folder" in err
    assert app_messages == []


# ---- notes -------------------------------------------------------------------------


def test_note_keeps_the_text_numbered_and_tells_the_app(
    capsys: pytest.CaptureFixture[str], app_messages: list[str]
) -> None:
    assert run(["note", "ask", "about", "the", "3 a.m.", "emails"], capsys) == (
        0,
        "Kept for supervision: 1. ask about the 3 a.m. emails\n",
        "",
    )
    assert run(["note", "  Grenzen   « setzen » 🧠 "], capsys)[1] == (
        "Kept for supervision: 2. Grenzen « setzen » 🧠\n"
    )
    assert open_texts() == ["ask about the 3 a.m. emails", "Grenzen « setzen » 🧠"]
    assert app_messages == ["wellbeing.changed"] * 2


def test_a_blank_note_exits_2_and_keeps_nothing(
    capsys: pytest.CaptureFixture[str], app_messages: list[str]
) -> None:
    assert run(["note", "  ", "\n"], capsys) == (2, "", "Not kept: a note needs some text.\n")
    assert open_texts() == []
    assert app_messages == []


def test_a_note_one_character_too_long_exits_2_and_one_that_fits_is_kept_whole(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(["note", "y" * (NOTE_MAX + 1)], capsys)
    assert (code, out) == (2, "")
    assert err == "Not kept: a note can have 500 characters; this one has 501.\n"
    assert open_texts() == []
    assert run(["note", "y" * NOTE_MAX], capsys)[0] == 0
    assert open_texts() == ["y" * NOTE_MAX]


def test_notes_lists_open_notes_numbered_oldest_first(capsys: pytest.CaptureFixture[str]) -> None:
    run(["note", "first thought"], capsys, now="2026-12-01T09:00:00-05:00")
    run(["note", "two lines\nof thought"], capsys, now="2026-12-02T09:00:00-05:00")
    run(["note", "third"], capsys)
    code, out, err = run(["notes"], capsys)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "Notes for supervision",
        "   1. first thought  (Tue 01 Dec)",
        "   2. two lines",
        "      of thought  (Wed 02 Dec)",
        "   3. third  (Thu 03 Dec)",
    ]


def test_notes_with_none_open_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["notes"], capsys) == (0, "No open notes for supervision.\n", "")
    assert json.loads(run(["notes", "--json"], capsys)[1]) == {"notes": []}


def test_notes_json_has_exactly_the_contract_keys(capsys: pytest.CaptureFixture[str]) -> None:
    run(["note", "Ünïcödé\nzweite Zeile"], capsys, now="2026-12-01T09:00:00-05:00")
    run(["note", "second"], capsys)
    code, out, _ = run(["notes", "--json"], capsys)
    assert code == 0
    assert json.loads(out) == {
        "notes": [
            {
                "number": 1,
                "text": "Ünïcödé\nzweite Zeile",
                "created_at": "2026-12-01T09:00:00-05:00",
            },
            {"number": 2, "text": "second", "created_at": "2026-12-03T10:30:00-05:00"},
        ]
    }


def test_notes_done_checks_one_off_and_the_rest_move_up(
    capsys: pytest.CaptureFixture[str], app_messages: list[str]
) -> None:
    for text in ("first", "second\nline", "third"):
        run(["note", text], capsys)
    app_messages.clear()
    assert run(["notes", "done", "2"], capsys) == (0, "Talked through: 2. second / line\n", "")
    assert app_messages == ["wellbeing.changed"]
    assert run(["notes"], capsys)[1].splitlines() == [
        "Notes for supervision",
        "   1. first  (Thu 03 Dec)",
        "   2. third  (Thu 03 Dec)",
    ]
    with stored() as journal:
        (done,) = WellbeingRecords(journal).notes_done_since(FAR[0])
    assert (done.text, done.done_at) == ("second\nline", at(THU_1030))
    assert app_messages == ["wellbeing.changed"]  # listing tells the app nothing


@pytest.mark.parametrize(
    ("notes", "message"),
    [
        (["only"], "There is no note 2 (see `boundary-app notes`; numbers: 1 to 1).\n"),
        ([], "There is no note 2 (see `boundary-app notes`; numbers: none: no note is open).\n"),
    ],
)
def test_notes_done_with_a_number_that_does_not_exist_exits_1(
    notes: list[str], message: str, capsys: pytest.CaptureFixture[str], app_messages: list[str]
) -> None:
    for text in notes:
        run(["note", text], capsys)
    app_messages.clear()
    assert run(["notes", "done", "2"], capsys) == (1, "", message)
    assert open_texts() == notes
    assert app_messages == []


def test_notes_done_needs_a_number(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["notes", "done", "0"], clock=FixedClock(at(THU_1030)))
    assert exited.value.code == 2
    assert '"0" is not a note number from 1 to 100000' in capsys.readouterr().err


def test_wellbeing_changed_is_a_command_the_app_accepts() -> None:
    request = ipc.parse_request(ipc.request_line("wellbeing.changed"))
    assert request.command == "wellbeing.changed"
