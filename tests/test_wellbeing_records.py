"""Energy checks, notes for supervision and supervision held in the journal (schema v3)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from boundary_app.core.day_record import DayRecord
from boundary_app.core.sessions import Session
from boundary_app.core.wellbeing import (
    NOTE_MAX,
    Energy,
    EnergyCheck,
    Held,
    SupervisionHeld,
    SupervisionNote,
    clean_note,
    clean_tag,
)
from boundary_app.storage.journal import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    Journal,
    JournalWriteError,
    open_journal,
)
from boundary_app.storage.wellbeing_records import WellbeingRecords
from tests.test_journal_faults import fill_up, kept_files, mode_of, tmpfs

NY = ZoneInfo("America/New_York")
LORD_HOWE = ZoneInfo("Australia/Lord_Howe")
NOW = datetime(2026, 5, 4, 14, 30, 5, tzinfo=UTC)
DAY = date(2026, 5, 4)
SECOND = timedelta(seconds=1)
# A wall time that exists twice: the second 01:30 of the New York fall-back night.
SECOND_1_30 = datetime(2026, 11, 1, 1, 30, fold=1, tzinfo=NY)

ODD_TAGS = (
    "Ünïcödé",
    "😮‍💨 heavy",  # an emoji built with a zero-width joiner
    "עייפות",  # right to left
    "e\u0301tude",  # a combining accent
    "家族",
    'say "no"; then, rest',
)
ODD_NOTE = (
    "Client said « I can't » — ask about\n"
    "countertransference 🧠 and the 3 a.m. emails\n"
    "לשאול על גבולות\t(boundaries)"
)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "boundary-app" / "journal.sqlite3"


@contextmanager
def opened_records(path: Path) -> Iterator[WellbeingRecords]:
    opened = open_journal(path, now=NOW)
    try:
        yield WellbeingRecords(opened.journal)
    finally:
        opened.journal.close()


@pytest.fixture
def records(journal: Journal) -> WellbeingRecords:
    return WellbeingRecords(journal)


def everything(records: WellbeingRecords) -> tuple[object, ...]:
    start, end = datetime(2000, 1, 1, tzinfo=UTC), datetime(2100, 1, 1, tzinfo=UTC)
    return (
        records.energy_between(start, end),
        records.open_notes(),
        records.notes_done_since(start),
        records.held_between(start, end),
    )


# --------------------------------------------------------------------------------------
# energy
# --------------------------------------------------------------------------------------


def test_energy_round_trips_with_odd_unicode_tags(records: WellbeingRecords) -> None:
    session = datetime(2026, 5, 4, 9, 0, tzinfo=NY)
    check = EnergyCheck(datetime(2026, 5, 4, 9, 55, tzinfo=NY), Energy.DRAINED, ODD_TAGS, session)
    records.add_energy(check)
    found = records.energy_between(session, session + timedelta(hours=1))
    assert found == [check]
    assert found[0].at.tzinfo is UTC
    assert found[0].tags == ODD_TAGS


def test_energy_tags_are_cleaned_once_each_and_bad_ones_refused(
    records: WellbeingRecords,
) -> None:
    records.add_energy(EnergyCheck(NOW, Energy.NEUTRAL, (" intake  day ", "intake day", "ok")))
    assert records.energy_between(NOW, NOW + SECOND)[0].tags == ("intake day", "ok")
    for bad in ("", "   ", "x" * 25):
        with pytest.raises(ValueError, match="cannot be a tag"):
            records.add_energy(EnergyCheck(NOW, Energy.NEUTRAL, ("fine", bad)))
    assert len(records.energy_between(NOW, NOW + SECOND)) == 1


def test_energy_between_is_half_open_and_in_time_order(records: WellbeingRecords) -> None:
    at = [NOW + timedelta(minutes=m) for m in (30, 0, 10, 20)]
    for n, instant in enumerate(at):
        records.add_energy(EnergyCheck(instant, list(Energy)[n % 3]))
    found = records.energy_between(NOW, NOW + timedelta(minutes=30))
    assert [c.at for c in found] == [NOW + timedelta(minutes=m) for m in (0, 10, 20)]
    assert records.energy_between(NOW + timedelta(minutes=31), NOW + timedelta(hours=1)) == []


def test_energy_at_an_ambiguous_wall_time_keeps_its_instant(records: WellbeingRecords) -> None:
    records.add_energy(EnergyCheck(SECOND_1_30, Energy.ENERGISED))
    real = SECOND_1_30.astimezone(UTC)  # arithmetic on the zoned value would be wall time
    (found,) = records.energy_between(real - SECOND, real + SECOND)
    assert found.at == SECOND_1_30.astimezone(UTC)
    assert found.at.isoformat() == "2026-11-01T06:30:00+00:00"


def test_the_journal_refuses_a_rating_it_does_not_know(journal: Journal) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        journal._db.execute(
            "INSERT INTO energy (at, rating) VALUES ('2026-05-04T14:00:00+00:00', 'tired')"
        )


# --------------------------------------------------------------------------------------
# notes for supervision
# --------------------------------------------------------------------------------------


def test_a_note_round_trips_with_odd_unicode(records: WellbeingRecords) -> None:
    note = records.add_note(ODD_NOTE, NOW)
    cleaned = clean_note(ODD_NOTE)
    assert note == SupervisionNote(note.id, cleaned or "", NOW)
    assert "\n" in note.text
    assert records.open_notes() == [note]


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=60)
@given(text=st.text(min_size=1, max_size=NOTE_MAX + 40))
@example(text="\u2028line separator\u2029paragraph\x85next")
@example(text="x" * (NOTE_MAX + 1))
def test_any_note_comes_back_exactly_as_cleaned(records: WellbeingRecords, text: str) -> None:
    cleaned = clean_note(text)
    if cleaned is None:
        with pytest.raises(ValueError, match="needs some text"):
            records.add_note(text, NOW)
        return
    note = records.add_note(text, NOW)
    assert note.text == cleaned
    assert len(note.text) <= NOTE_MAX
    assert records.open_notes()[-1] == note


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=60)
@given(tags=st.lists(st.text(min_size=1, max_size=30), max_size=12))
def test_any_clean_tags_come_back_exactly(records: WellbeingRecords, tags: list[str]) -> None:
    kept = [t for t in (clean_tag(tag) for tag in tags) if t is not None]
    instant = NOW + timedelta(days=len(records.energy_between(NOW, NOW + timedelta(days=999))))
    records.add_energy(EnergyCheck(instant, Energy.NEUTRAL, tuple(kept)))
    (found,) = records.energy_between(instant, instant + SECOND)
    assert found.tags == tuple(dict.fromkeys(kept))


def test_a_blank_note_is_refused_and_nothing_kept(records: WellbeingRecords) -> None:
    for blank in ("", "   ", "\n\t \n"):
        with pytest.raises(ValueError, match="a note needs some text"):
            records.add_note(blank, NOW)
    assert records.open_notes() == []


def test_open_notes_come_oldest_first_until_done_or_dropped(records: WellbeingRecords) -> None:
    later = records.add_note("later", NOW + timedelta(hours=1))
    first = records.add_note("first", NOW)
    same_time = records.add_note("same time as first", NOW)
    assert [n.text for n in records.open_notes()] == ["first", "same time as first", "later"]
    done_at = NOW + timedelta(days=1)
    records.set_note_done(first.id, done_at)
    records.drop_note(later.id, done_at)
    assert records.open_notes() == [same_time]
    assert records.notes_done_since(NOW) == [SupervisionNote(first.id, "first", NOW, done_at)]
    assert records.notes_done_since(done_at + SECOND) == []
    records.set_note_done(first.id, None)  # ticked by mistake: open again
    assert [n.text for n in records.open_notes()] == ["first", "same time as first"]
    assert records.notes_done_since(NOW) == []


def test_a_dropped_note_does_not_count_as_done(records: WellbeingRecords) -> None:
    note = records.add_note("talked through, then put away", NOW)
    records.set_note_done(note.id, NOW + SECOND)
    records.drop_note(note.id, NOW + 2 * SECOND)
    assert records.notes_done_since(NOW) == []
    assert records.open_notes() == []


def test_an_unknown_note_is_a_key_error(records: WellbeingRecords) -> None:
    with pytest.raises(KeyError, match="no note with id 99"):
        records.set_note_done(99, NOW)
    with pytest.raises(KeyError, match="no note with id 99"):
        records.drop_note(99, NOW)


def test_naive_times_are_refused(records: WellbeingRecords) -> None:
    naive = datetime(2026, 5, 4, 9, 0)  # noqa: DTZ001 - the point of the test
    with pytest.raises(ValueError, match="aware"):
        records.add_note("x", naive)
    with pytest.raises(ValueError, match="aware"):
        records.notes_done_since(naive)
    with pytest.raises(ValueError, match="aware"):
        records.add_held(SupervisionHeld(naive, Held.SUPERVISION))
    assert everything(records) == ([], [], [], [])


# --------------------------------------------------------------------------------------
# supervision held
# --------------------------------------------------------------------------------------


def test_held_round_trips_and_last_held_is_strictly_before(records: WellbeingRecords) -> None:
    start = datetime(2026, 5, 4, 10, 0, tzinfo=LORD_HOWE)
    entries = [
        SupervisionHeld(start, Held.SUPERVISION),
        SupervisionHeld(start + timedelta(days=1), Held.CHECK_IN, "É.Ö."),
        SupervisionHeld(start + timedelta(days=2), Held.CHECK_IN, "ЖК"),
        SupervisionHeld(start + timedelta(days=7), Held.SUPERVISION),
    ]
    for entry in reversed(entries):
        records.add_held(entry)
    assert records.held_between(start, start + timedelta(days=7)) == entries[:3]
    assert records.held_between(start, start + timedelta(days=8)) == entries
    assert records.last_held(Held.SUPERVISION, start + timedelta(days=7)) == entries[0]
    assert records.last_held(Held.SUPERVISION, start + timedelta(days=7, seconds=1)) == entries[3]
    assert records.last_held(Held.CHECK_IN, start + timedelta(days=30)) == entries[2]
    assert records.last_held(Held.SUPERVISION, start) is None


def test_initials_only_never_a_name(records: WellbeingRecords) -> None:
    records.add_held(SupervisionHeld(NOW, Held.CHECK_IN, " AB "))
    assert records.held_between(NOW, NOW + SECOND)[0].initials == "AB"
    for name in ("Alice", "A B", "12", "A.B.C.D.E."):
        with pytest.raises(ValueError, match="is not initials"):
            records.add_held(SupervisionHeld(NOW + SECOND, Held.CHECK_IN, name))
    assert len(records.held_between(NOW, NOW + timedelta(hours=1))) == 1


# --------------------------------------------------------------------------------------
# schema v2 -> v3
# --------------------------------------------------------------------------------------

# The schema as Boundary 0.1 released it (steps 1 and 2), written out so that this test
# does not lean on the migration code it checks.
V2_SCHEMA = (
    "CREATE TABLE tasks (id INTEGER PRIMARY KEY, text TEXT NOT NULL, for_day TEXT NOT NULL,"
    " position INTEGER NOT NULL, created_at TEXT NOT NULL, done_at TEXT, dropped_at TEXT)",
    "CREATE INDEX tasks_by_day ON tasks (for_day, position)",
    "CREATE INDEX tasks_open ON tasks (for_day, position)"
    " WHERE done_at IS NULL AND dropped_at IS NULL",
    "CREATE INDEX tasks_done ON tasks (done_at) WHERE done_at IS NOT NULL",
    "CREATE TABLE days (day TEXT PRIMARY KEY, scheduled_end TEXT, closed_at TEXT,"
    " overtime_min INTEGER NOT NULL DEFAULT 0, snoozes INTEGER NOT NULL DEFAULT 0)",
    "CREATE TABLE sessions (id INTEGER PRIMARY KEY, start TEXT NOT NULL,"
    " length_min INTEGER NOT NULL, ended_at TEXT, source TEXT NOT NULL DEFAULT 'manual')",
    "CREATE INDEX sessions_by_start ON sessions (start)",
    "CREATE TABLE nudge_log (id INTEGER PRIMARY KEY, kind TEXT NOT NULL,"
    " planned_at TEXT NOT NULL, shown_at TEXT, outcome TEXT NOT NULL CHECK (outcome IN"
    " ('shown','acted','snoozed','dismissed','missed')), outcome_at TEXT,"
    " UNIQUE(kind, planned_at))",
    "CREATE INDEX nudge_log_by_planned ON nudge_log (planned_at)",
    "ALTER TABLE days ADD COLUMN went_well TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE days ADD COLUMN morning_seen_at TEXT",
    "CREATE TABLE drafts (key TEXT PRIMARY KEY, text TEXT NOT NULL, saved_at TEXT NOT NULL)",
)
OLD_TABLES = ("tasks", "days", "sessions", "nudge_log", "drafts")
NEW_TABLES = ("energy", "supervision_notes", "supervision_held")


def build_v2(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path)
    for statement in V2_SCHEMA:
        db.execute(statement)
    db.execute(
        "INSERT INTO tasks (text, for_day, position, created_at, done_at, dropped_at) VALUES"
        " ('open from v2 ✓', '2026-05-04', 0, '2026-05-03T20:00:00+00:00', NULL, NULL),"
        " ('done in v2', '2026-05-04', 1, '2026-05-03T20:00:00+00:00',"
        " '2026-05-04T15:00:00+00:00', NULL),"
        " ('dropped in v2', '2026-05-03', 0, '2026-05-02T20:00:00+00:00', NULL,"
        " '2026-05-03T15:00:00+00:00')"
    )
    db.execute(
        "INSERT INTO days (day, scheduled_end, closed_at, overtime_min, snoozes, went_well,"
        " morning_seen_at) VALUES ('2026-05-01', '2026-05-01T21:00:00+00:00',"
        " '2026-05-01T21:20:00+00:00', 20, 1, 'a calm intake, 🌱', '2026-05-01T12:58:00+00:00')"
    )
    db.execute(
        "INSERT INTO sessions (start, length_min, ended_at, source) VALUES"
        " ('2026-05-01T13:00:00+00:00', 50, '2026-05-01T13:52:00+00:00', 'manual'),"
        " ('2026-05-01T14:00:00+00:00', 45, NULL, 'calendar')"
    )
    db.execute(
        "INSERT INTO nudge_log (kind, planned_at, shown_at, outcome, outcome_at) VALUES"
        " ('day.end', '2026-05-01T21:00:00+00:00', '2026-05-01T21:00:01+00:00', 'acted',"
        " '2026-05-01T21:20:00+00:00')"
    )
    db.execute(
        "INSERT INTO drafts (key, text, saved_at) VALUES"
        " ('handoff', 'half-typed\nlist', '2026-05-01T21:10:00+00:00')"
    )
    db.execute("PRAGMA user_version = 2")
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.commit()
    db.close()


def dump(path: Path, tables: tuple[str, ...]) -> dict[str, list[tuple[object, ...]]]:
    db = sqlite3.connect(path)
    try:
        return {t: db.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in tables}
    finally:
        db.close()


def names_in(path: Path, kind: str) -> set[str]:
    db = sqlite3.connect(path)
    try:
        rows = db.execute("SELECT name FROM sqlite_master WHERE type = ?", (kind,))
        return {row[0] for row in rows}
    finally:
        db.close()


def test_a_v2_journal_is_copied_then_migrated_keeping_every_row(path: Path) -> None:
    assert SCHEMA_VERSION == 3
    build_v2(path)
    before = dump(path, OLD_TABLES)
    assert all(before.values())
    opened = open_journal(path, now=NOW)
    journal = opened.journal
    try:
        assert opened.notice is None
        assert opened.backup is not None
        assert opened.backup.name.startswith("journal.sqlite3.before-v3-")
        assert opened.backup.parent == path.parent
        # The old records read as before.
        assert [t.text for t in journal.open_tasks_through(DAY)] == ["open from v2 ✓"]
        assert journal.day(date(2026, 5, 1)) == DayRecord(
            date(2026, 5, 1),
            closed_at=datetime(2026, 5, 1, 21, 20, tzinfo=UTC),
            scheduled_end=datetime(2026, 5, 1, 21, tzinfo=UTC),
            overtime_min=20,
            snoozes=1,
            went_well="a calm intake, 🌱",
            morning_seen_at=datetime(2026, 5, 1, 12, 58, tzinfo=UTC),
        )
        assert [(s, source) for _, s, source in journal.sessions_since(NOW - timedelta(7))] == [
            (
                Session(
                    datetime(2026, 5, 1, 13, tzinfo=UTC),
                    timedelta(minutes=50),
                    datetime(2026, 5, 1, 13, 52, tzinfo=UTC),
                ),
                "manual",
            ),
            (Session(datetime(2026, 5, 1, 14, tzinfo=UTC), timedelta(minutes=45)), "calendar"),
        ]
        assert journal.draft("handoff") == "half-typed\nlist"
        # The new tables start empty and work.
        records = WellbeingRecords(journal)
        assert everything(records) == ([], [], [], [])
        records.add_energy(EnergyCheck(NOW, Energy.ENERGISED, ("first",)))
        records.add_note("new in v3", NOW)
        records.add_held(SupervisionHeld(NOW, Held.SUPERVISION))
    finally:
        journal.close()
    assert dump(path, OLD_TABLES) == before
    assert set(NEW_TABLES) <= names_in(path, "table")
    assert {"energy_by_at", "supervision_held_by_at"} <= names_in(path, "index")
    assert mode_of(opened.backup) == 0o600
    copy = sqlite3.connect(opened.backup)
    try:
        assert copy.execute("PRAGMA user_version").fetchone() == (2,)
        assert copy.execute("PRAGMA quick_check").fetchall() == [("ok",)]
    finally:
        copy.close()
    assert dump(opened.backup, OLD_TABLES) == before
    assert not set(NEW_TABLES) & names_in(opened.backup, "table")
    # Opening again changes nothing more and keeps what v3 added.
    again = open_journal(path, now=NOW)
    try:
        assert again.backup is None
        records = WellbeingRecords(again.journal)
        assert [n.text for n in records.open_notes()] == ["new in v3"]
        assert again.journal._db.execute("PRAGMA user_version").fetchone() == (3,)
    finally:
        again.journal.close()
    assert len(kept_files(path, "before-v3")) == 1


# --------------------------------------------------------------------------------------
# writes that cannot be kept
# --------------------------------------------------------------------------------------


def every_write(
    records: WellbeingRecords, note_id: int = 1
) -> list[tuple[str, Callable[[], object]]]:
    heavy = tuple(f"{n:02d}" + "ü" * 22 for n in range(12))
    return [
        ("the energy rating", lambda: records.add_energy(EnergyCheck(NOW, Energy.DRAINED, heavy))),
        ("the note", lambda: records.add_note("lost " * 100, NOW)),
        ("the note", lambda: records.set_note_done(note_id, NOW)),
        ("the note", lambda: records.drop_note(note_id, NOW)),
        (
            "the supervision entry",
            lambda: records.add_held(SupervisionHeld(NOW, Held.CHECK_IN, "AB")),
        ),
    ]


def test_the_stand_in_journal_refuses_every_write_with_its_reason(tmp_path: Path) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("a file where a folder should be")
    path = blocker / "boundary-app" / "journal.sqlite3"
    with opened_records(path) as records:
        assert not records.journal.available
        assert everything(records) == ([], [], [], [])
        assert records.last_held(Held.SUPERVISION, NOW) is None
        for what, write in every_write(records):
            with pytest.raises(JournalWriteError) as caught:
                write()
            message = str(caught.value)
            assert message.startswith(f"Could not save {what}: the journal {path}")
            assert "is a file, not a folder" in message
        assert everything(records) == ([], [], [], [])


def rate_until_full(
    records: WellbeingRecords, tags: tuple[str, ...]
) -> tuple[int, JournalWriteError]:
    """Add ratings until one cannot be kept: how many were, and the error."""
    for n in range(1000):
        try:
            records.add_energy(EnergyCheck(NOW + n * SECOND, Energy.DRAINED, tags))
        except JournalWriteError as exc:
            return n, exc
    raise AssertionError("the disk never filled up")


def test_a_full_disk_leaves_nothing_half_written(path: Path) -> None:
    heavy = tuple(f"{n:02d}" + "ü" * 22 for n in range(12))
    with opened_records(path) as records:
        kept_note = records.add_note("kept before the disk filled", NOW)
        db = records.journal._db
        pages = db.execute("PRAGMA page_count").fetchone()[0]
        db.execute(f"PRAGMA max_page_count = {pages}")
        saved, failure = rate_until_full(records, heavy)
        message = str(failure)
        assert message == f"Could not save the energy rating in {path}: the disk is full."
        assert not db.in_transaction
        found = records.energy_between(NOW, NOW + timedelta(hours=1))
        assert len(found) == saved
        assert all(check.tags == heavy for check in found)
        # The table and its index agree: no row went in without its index entry.
        assert db.execute("SELECT count(*) FROM energy").fetchone() == (saved,)
        indexed = "SELECT count(*) FROM energy INDEXED BY energy_by_at WHERE at >= ''"
        assert db.execute(indexed).fetchone() == (saved,)
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        db.execute(f"PRAGMA max_page_count = {pages + 100}")
        records.add_note("room again", NOW + SECOND)
    with opened_records(path) as records:
        assert [n.text for n in records.open_notes()] == [kept_note.text, "room again"]
        assert len(records.energy_between(NOW, NOW + timedelta(hours=1))) == saved


def test_a_really_full_disk_keeps_nothing_and_the_journal_carries_on(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "small", "256k") as disk:
        path = disk / "boundary-app" / "journal.sqlite3"
        with opened_records(path) as records:
            note = records.add_note("before", NOW)
            filler = disk / "filler"
            fill_up(filler)
            failures = []
            for _what, write in every_write(records, note.id):
                kept = everything(records)
                try:
                    write()
                except JournalWriteError as exc:
                    failures.append((str(exc), everything(records) == kept))
                    assert not records.journal._db.in_transaction
            # A page may still have had room for a small write: not every write fails.
            assert failures
            assert all("the disk is full" in message for message, _ in failures)
            assert all(nothing_kept for _, nothing_kept in failures)
            after = everything(records)
            filler.unlink()
        with opened_records(path) as records:
            db = records.journal._db
            assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert everything(records) == after
            records.add_note("room again", NOW + SECOND)
            assert records.open_notes()[-1].text == "room again"
