"""`export`: the journal as JSON and CSV, read back value by value; files, dates and failures."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from boundary_app.cli import main
from boundary_app.core.clock import FixedClock
from boundary_app.core.day_record import DayRecord
from boundary_app.core.export import (
    CSV_COLUMNS,
    TAG_SEPARATOR,
    ExportData,
    export_csv,
    export_json,
    overrun_minutes,
)
from boundary_app.core.sessions import Session
from boundary_app.core.wellbeing import Energy, EnergyCheck, Held, SupervisionHeld
from boundary_app.storage import paths
from boundary_app.storage.journal import open_journal
from boundary_app.storage.wellbeing_records import WellbeingRecords
from tests.test_journal_faults import fill_up, remount, tmpfs

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 10, 27, 18, 0, tzinfo=BERLIN)  # Tuesday, after the clocks went back
MINUTE = timedelta(minutes=1)
PRIVATE = "Mr Müller"  # stands for anything that may name a client
ODD_TAGS = ("Ünïcödé", "😮‍💨 heavy", 'say "no", rest', "עייפות")
FORMATS = ("json", "csv")


def berlin(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=BERLIN)


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv, clock=FixedClock(NOW.astimezone(UTC)))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(autouse=True)
def settings_in_berlin() -> None:
    path = paths.settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('timezone = "Europe/Berlin"\n', encoding="utf-8")


def seed() -> None:
    """Two work days either side of Berlin's clock change, with private text around them."""
    opened = open_journal(paths.journal_path(), now=NOW)
    journal = opened.journal
    records = WellbeingRecords(journal)
    try:
        journal.save_day(
            DayRecord(
                date(2026, 10, 23),
                closed_at=berlin(10, 23, 17, 20),
                scheduled_end=berlin(10, 23, 17),
                overtime_min=20,
                snoozes=1,
                went_well=f"calm session with {PRIVATE}",
                morning_seen_at=berlin(10, 23, 8, 55),
            )
        )
        journal.save_day(DayRecord(date(2026, 10, 26), scheduled_end=berlin(10, 26, 17)))
        journal.add_session(Session(berlin(10, 23, 9), 50 * MINUTE, berlin(10, 23, 9, 57)))
        journal.add_session(
            Session(berlin(10, 23, 10), 45 * MINUTE, berlin(10, 23, 10, 40)), "calendar"
        )
        journal.add_session(Session(berlin(10, 26, 9), 50 * MINUTE))
        records.add_energy(
            EnergyCheck(berlin(10, 23, 9, 58), Energy.DRAINED, ODD_TAGS, berlin(10, 23, 9))
        )
        records.add_energy(EnergyCheck(berlin(10, 25, 23, 30), Energy.NEUTRAL))
        records.add_energy(EnergyCheck(berlin(10, 26, 0, 10), Energy.ENERGISED, ("late",)))
        records.add_held(SupervisionHeld(berlin(10, 23, 14), Held.SUPERVISION))
        records.add_held(SupervisionHeld(berlin(10, 26, 10), Held.CHECK_IN, "AB"))
        records.add_note(f"ask about {PRIVATE}", NOW)
        journal.add_task(f"call {PRIVATE} back", date(2026, 10, 27), NOW)
    finally:
        journal.close()


# Everything seeded, as the export must show it: Berlin wall time with the offset of the day.
DAYS = [
    {
        "date": "2026-10-23",
        "scheduled_end": "2026-10-23T17:00:00+02:00",
        "closed_at": "2026-10-23T17:20:00+02:00",
        "overtime_min": 20,
        "snoozes": 1,
    },
    {
        "date": "2026-10-26",
        "scheduled_end": "2026-10-26T17:00:00+01:00",
        "closed_at": None,
        "overtime_min": 0,
        "snoozes": 0,
    },
]
SESSIONS = [
    {
        "date": "2026-10-23",
        "start": "2026-10-23T09:00:00+02:00",
        "length_min": 50,
        "planned_end": "2026-10-23T09:50:00+02:00",
        "ended_at": "2026-10-23T09:57:00+02:00",
        "overrun_min": 7,
        "source": "manual",
    },
    {
        "date": "2026-10-23",
        "start": "2026-10-23T10:00:00+02:00",
        "length_min": 45,
        "planned_end": "2026-10-23T10:45:00+02:00",
        "ended_at": "2026-10-23T10:40:00+02:00",
        "overrun_min": 0,
        "source": "calendar",
    },
    {
        "date": "2026-10-26",
        "start": "2026-10-26T09:00:00+01:00",
        "length_min": 50,
        "planned_end": "2026-10-26T09:50:00+01:00",
        "ended_at": None,
        "overrun_min": None,
        "source": "manual",
    },
]
ENERGY = [
    {
        "date": "2026-10-23",
        "at": "2026-10-23T09:58:00+02:00",
        "rating": "drained",
        "tags": list(ODD_TAGS),
        "session_start": "2026-10-23T09:00:00+02:00",
    },
    {
        "date": "2026-10-25",
        "at": "2026-10-25T23:30:00+01:00",
        "rating": "neutral",
        "tags": [],
        "session_start": None,
    },
    {
        # The 25th in UTC, the 26th where the user lives.
        "date": "2026-10-26",
        "at": "2026-10-26T00:10:00+01:00",
        "rating": "energised",
        "tags": ["late"],
        "session_start": None,
    },
]
SUPERVISION = [
    {
        "date": "2026-10-23",
        "at": "2026-10-23T14:00:00+02:00",
        "what": "supervision",
        "initials": "",
    },
    {"date": "2026-10-26", "at": "2026-10-26T10:00:00+01:00", "what": "check-in", "initials": "AB"},
]
EVERYTHING = {"days": DAYS, "sessions": SESSIONS, "energy": ENERGY, "supervision": SUPERVISION}
SINCE_MONDAY = {
    "days": DAYS[1:],
    "sessions": SESSIONS[2:],
    "energy": ENERGY[2:],
    "supervision": SUPERVISION[1:],
}
KIND_OF_RECORD = {"day": "days", "session": "sessions", "energy": "energy"}
KIND_OF_RECORD["supervision"] = "supervision"
INTS = {"overtime_min", "snoozes", "length_min", "overrun_min"}
NULLABLE = {"scheduled_end", "closed_at", "ended_at", "overrun_min", "session_start"}


def from_csv(text: str) -> dict[str, list[dict[str, Any]]]:
    """The CSV back in the JSON's shape: each row's own columns, typed as the JSON types them."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    assert tuple(reader.fieldnames or ()) == CSV_COLUMNS
    found: dict[str, list[dict[str, Any]]] = {kind: [] for kind in EVERYTHING}
    for row in reader:
        kind = KIND_OF_RECORD[row["record"]]
        keys = EVERYTHING[kind][0].keys()
        assert all(row[c] == "" for c in CSV_COLUMNS if c not in keys and c != "record")
        record: dict[str, Any] = {}
        for key in keys:
            value = row[key]
            if key == "tags":
                record[key] = value.split(TAG_SEPARATOR) if value else []
            elif value == "" and key in NULLABLE:
                record[key] = None
            else:
                record[key] = int(value) if key in INTS else value
        found[kind].append(record)
    return found


def records_of(document: dict[str, Any]) -> dict[str, Any]:
    return {kind: document[kind] for kind in EVERYTHING}


# --------------------------------------------------------------------------------------
# round trips
# --------------------------------------------------------------------------------------


def test_json_export_reads_back_every_seeded_value(capsys: pytest.CaptureFixture[str]) -> None:
    seed()
    code, out, err = run(["export", "--format", "json"], capsys)
    assert (code, err) == (0, "")
    document = json.loads(out)
    assert list(document) == [
        "format",
        "version",
        "exported_at",
        "since",
        "days",
        "sessions",
        "energy",
        "supervision",
    ]
    assert document["format"] == "boundary-export"
    assert document["version"] == 1
    assert document["exported_at"] == "2026-10-27T18:00:00+01:00"
    assert document["since"] is None
    assert records_of(document) == EVERYTHING
    # The instants are the seeded ones, whatever the offset they are shown with.
    assert datetime.fromisoformat(document["energy"][2]["at"]) == berlin(10, 26, 0, 10)


def test_csv_export_reads_back_every_seeded_value(capsys: pytest.CaptureFixture[str]) -> None:
    seed()
    code, out, err = run(["export", "--format", "csv"], capsys)
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == ",".join(CSV_COLUMNS)
    assert [line.split(",")[0] for line in out.splitlines()[1:]] == (
        ["day"] * 2 + ["session"] * 3 + ["energy"] * 3 + ["supervision"] * 2
    )
    assert from_csv(out) == EVERYTHING


@pytest.mark.parametrize("fmt", FORMATS)
def test_nothing_private_is_exported(fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    seed()
    code, out, _ = run(["export", "--format", fmt], capsys)
    assert code == 0
    assert PRIVATE not in out
    assert "went_well" not in out
    assert "morning" not in out


@pytest.mark.parametrize(
    ("since", "expected"),
    [("2026-10-26", SINCE_MONDAY), ("2026-10-23", EVERYTHING), ("2026-10-28", None)],
)
def test_since_keeps_records_from_that_local_day_on(
    since: str, expected: dict[str, Any] | None, capsys: pytest.CaptureFixture[str]
) -> None:
    seed()
    expected = expected or {kind: [] for kind in EVERYTHING}
    code, out, _ = run(["export", "--format", "json", "--since", since], capsys)
    assert code == 0
    document = json.loads(out)
    assert document["since"] == since
    assert records_of(document) == expected
    code, out, _ = run(["export", "--format", "csv", "--since", since], capsys)
    assert code == 0
    assert from_csv(out) == expected


def test_an_empty_journal_exports_valid_empty_documents(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(["export", "--format", "json"], capsys)
    assert code == 0
    assert json.loads(out) == {
        "format": "boundary-export",
        "version": 1,
        "exported_at": "2026-10-27T18:00:00+01:00",
        "since": None,
        "days": [],
        "sessions": [],
        "energy": [],
        "supervision": [],
    }
    code, out, _ = run(["export", "--format", "csv"], capsys)
    assert code == 0
    assert out == ",".join(CSV_COLUMNS) + "\r\n"
    assert from_csv(out) == {kind: [] for kind in EVERYTHING}


@pytest.mark.parametrize(
    "text",
    [
        "2026-13-01",
        "2026-02-30",
        "20261201",
        "2026-W49-1",
        "yesterday",
        "\uff12\uff10\uff12\uff16-01-01",
        "",
    ],
)
def test_a_bad_since_date_exits_2_and_says_how_to_write_it(
    text: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["export", "--format", "csv", "--since", text], capsys)
    assert (code, out) == (2, "")
    assert err == f'export: --since: "{text}" is not a date (use YYYY-MM-DD)\n'


def test_the_format_is_required_and_checked(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["export"], ["export", "--format", "xlsx"]):
        with pytest.raises(SystemExit) as exited:
            main(argv, clock=FixedClock(NOW))
        assert exited.value.code == 2
        assert "--format" in capsys.readouterr().err


def test_the_help_says_what_stays_private(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["export", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert (
        "Task texts, notes for supervision and what went well are never exported:"
        " they are private and may mention clients." in help_text
    )


# --------------------------------------------------------------------------------------
# --output
# --------------------------------------------------------------------------------------


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("fmt", FORMATS)
def test_output_writes_the_same_document_to_a_private_file(
    fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed()
    printed = run(["export", "--format", fmt], capsys)[1]
    target = tmp_path / f"boundary {fmt}.{fmt}"
    target.write_text("an older export", encoding="utf-8")
    target.chmod(0o644)
    code, out, err = run(["export", "--format", fmt, "--output", str(target)], capsys)
    assert (code, err) == (0, "")
    assert out == (
        f"Exported 2 days, 3 sessions, 3 energy ratings and 2 supervision entries to {target}.\n"
    )
    assert mode_of(target) == 0o600
    # A CSV file opens as UTF-8 in spreadsheets thanks to its byte-order mark.
    encoding = "utf-8-sig" if fmt == "csv" else "utf-8"
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") == (fmt == "csv")
    assert raw.decode(encoding) == printed
    if fmt == "csv":
        with target.open(encoding="utf-8-sig", newline="") as handle:
            assert from_csv(handle.read()) == EVERYTHING
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name, "home"]


def test_output_in_a_missing_folder_exits_1_and_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "exports" / "b.csv"
    code, out, err = run(["export", "--format", "csv", "--output", str(target)], capsys)
    assert (code, out) == (1, "")
    assert err == f"export: cannot write {target}: the folder {target.parent} does not exist\n"
    assert not target.parent.exists()


def test_output_onto_a_folder_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["export", "--format", "json", "--output", str(tmp_path)], capsys)
    assert code == 1
    assert err == f"export: cannot write {tmp_path}: it is a folder\n"


def test_output_on_a_read_only_disk_exits_1_naming_the_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with tmpfs(tmp_path / "disk", "1m") as disk:
        remount(disk, "ro")
        target = disk / "b.json"
        code, out, err = run(["export", "--format", "json", "--output", str(target)], capsys)
        assert (code, out) == (1, "")
        assert err == f"export: cannot write {target}: the folder {disk} is read-only\n"
        assert os.listdir(disk) == []


def test_output_on_a_full_disk_exits_1_and_keeps_the_old_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed()
    with tmpfs(tmp_path / "small", "64k") as disk:
        target = disk / "b.json"
        target.write_text("the export from last month", encoding="utf-8")
        fill_up(disk / "filler")
        code, out, err = run(["export", "--format", "json", "--output", str(target)], capsys)
        assert (code, out) == (1, "")
        assert err == f"export: cannot write {target}: the disk is full\n"
        assert target.read_text(encoding="utf-8") == "the export from last month"
        assert sorted(os.listdir(disk)) == ["b.json", "filler"]


def test_a_journal_that_cannot_be_opened_exports_nothing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = paths.journal_path().parent
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("a file where the data folder should be", encoding="utf-8")
    code, out, err = run(["export", "--format", "json"], capsys)
    assert (code, out) == (1, "")
    assert "could not be opened" in err
    assert "is a file, not a folder" in err


# --------------------------------------------------------------------------------------
# the pure formatting
# --------------------------------------------------------------------------------------

START = datetime(2026, 3, 8, 14, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("ended_after", "expected"),
    [
        (None, None),
        (timedelta(minutes=30), 0),  # ended early
        (timedelta(minutes=50), 0),  # on the minute
        (timedelta(minutes=50, seconds=59), 0),
        (timedelta(minutes=57, seconds=59), 7),
        (timedelta(hours=3), 130),
    ],
)
def test_overrun_counts_whole_minutes_past_the_planned_end(
    ended_after: timedelta | None, expected: int | None
) -> None:
    ended = None if ended_after is None else START + ended_after
    assert overrun_minutes(Session(START, 50 * MINUTE, ended)) == expected


def test_instants_carry_the_offset_in_force_then() -> None:
    # New York springs forward on 2026-03-08: a session over the change.
    ny = ZoneInfo("America/New_York")
    session = Session(datetime(2026, 3, 8, 1, 30, tzinfo=ny), 60 * MINUTE)
    document = json.loads(export_json(ExportData(sessions=[(session, "manual")]), ny, START, None))
    (record,) = document["sessions"]
    assert record["start"] == "2026-03-08T01:30:00-05:00"
    assert record["planned_end"] == "2026-03-08T03:30:00-04:00"


def test_lord_howe_half_hour_offsets_and_seconds_are_kept() -> None:
    zone = ZoneInfo("Australia/Lord_Howe")
    at = datetime(2026, 7, 5, 9, 15, 30, 999_999, tzinfo=zone)
    data = ExportData(energy=[EnergyCheck(at, Energy.NEUTRAL, ("a;b",))])
    document = json.loads(export_json(data, zone, at, date(2026, 7, 1)))
    assert document["energy"][0]["at"] == "2026-07-05T09:15:30+10:30"
    assert document["since"] == "2026-07-01"
    text = export_csv(data, zone)
    (row,) = csv.DictReader(io.StringIO(text, newline=""))
    assert row["tags"] == "a;b"
    assert row["date"] == "2026-07-05"
