"""The journal on a bad day: damaged files, old and new schemas, full disks, read-only folders."""

from __future__ import annotations

import errno
import os
import random
import sqlite3
import stat
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from boundary_app.core.day_record import DayRecord
from boundary_app.storage.journal import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    Journal,
    JournalNewerError,
    JournalWriteError,
    open_journal,
)

NOW = datetime(2026, 5, 4, 14, 30, 5, tzinfo=UTC)
DAY = date(2026, 5, 4)
RUNS_AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0

V1_SCHEMA = (
    "CREATE TABLE tasks (id INTEGER PRIMARY KEY, text TEXT NOT NULL, for_day TEXT NOT NULL,"
    " position INTEGER NOT NULL, created_at TEXT NOT NULL, done_at TEXT, dropped_at TEXT)",
    "CREATE INDEX tasks_by_day ON tasks (for_day, position)",
    "CREATE TABLE days (day TEXT PRIMARY KEY, scheduled_end TEXT, closed_at TEXT,"
    " overtime_min INTEGER NOT NULL DEFAULT 0, snoozes INTEGER NOT NULL DEFAULT 0)",
    "CREATE TABLE sessions (id INTEGER PRIMARY KEY, start TEXT NOT NULL,"
    " length_min INTEGER NOT NULL, ended_at TEXT, source TEXT NOT NULL DEFAULT 'manual')",
    "CREATE TABLE nudge_log (id INTEGER PRIMARY KEY, kind TEXT NOT NULL,"
    " planned_at TEXT NOT NULL, shown_at TEXT, outcome TEXT NOT NULL CHECK (outcome IN"
    " ('shown','acted','snoozed','dismissed','missed')), outcome_at TEXT,"
    " UNIQUE(kind, planned_at))",
)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "boundary-app" / "journal.sqlite3"


@contextmanager
def opened_journal(path: Path) -> Iterator[Journal]:
    opened = open_journal(path, now=NOW)
    try:
        yield opened.journal
    finally:
        opened.journal.close()


def make_journal(path: Path, tasks: int = 3) -> list[str]:
    texts = [f"task {n}:" + "x" * (n % 50) for n in range(tasks)]
    with opened_journal(path) as journal:
        journal.add_tasks(texts, DAY, NOW)
    return texts


def stored_texts(journal: Journal) -> list[str]:
    return [t.text for t in journal.tasks_for(DAY)]


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def sidecars(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm")]


def kept_files(path: Path, label: str) -> list[Path]:
    return sorted(p for p in path.parent.iterdir() if p.name.startswith(f"{path.name}.{label}-"))


# --------------------------------------------------------------------------------------
# a fresh journal
# --------------------------------------------------------------------------------------


def test_the_journal_and_its_folder_are_private(path: Path) -> None:
    with opened_journal(path) as journal:
        journal.add_task("private", DAY, NOW)
        for item in [path, *sidecars(path)]:
            assert item.exists(), item
            assert mode_of(item) == 0o600, item
    assert mode_of(path.parent) == 0o700


def test_an_existing_looser_file_is_tightened(path: Path) -> None:
    make_journal(path)
    path.chmod(0o644)
    with opened_journal(path) as journal:
        assert mode_of(path) == 0o600
        journal.add_task("more", DAY, NOW)
        assert all(mode_of(item) == 0o600 for item in sidecars(path))


def test_the_pragmas_read_back(path: Path) -> None:
    with opened_journal(path) as journal:
        db = journal._db

        def pragma(name: str) -> object:
            return db.execute(f"PRAGMA {name}").fetchone()[0]

        assert pragma("journal_mode") == "wal"
        assert pragma("synchronous") == 2  # FULL
        assert pragma("foreign_keys") == 1
        assert pragma("busy_timeout") == 5000
        assert pragma("user_version") == SCHEMA_VERSION == 3
        assert pragma("application_id") == APPLICATION_ID == 0x426E6479
    raw = path.read_bytes()
    assert raw[68:72] == b"Bndy"  # the application id in the file header
    assert raw[18:20] == b"\x02\x02"  # WAL, remembered in the file


# --------------------------------------------------------------------------------------
# schema versions
# --------------------------------------------------------------------------------------


def build_v1(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path)
    for statement in V1_SCHEMA:
        db.execute(statement)
    db.execute(
        "INSERT INTO tasks (text, for_day, position, created_at, done_at) VALUES"
        " ('open from v1', '2026-05-04', 0, '2026-05-03T20:00:00+00:00', NULL),"
        " ('done in v1', '2026-05-04', 1, '2026-05-03T20:00:00+00:00',"
        " '2026-05-04T15:00:00+00:00')"
    )
    db.execute(
        "INSERT INTO days (day, scheduled_end, closed_at, overtime_min, snoozes) VALUES"
        " ('2026-05-01', '2026-05-01T21:00:00+00:00', '2026-05-01T21:20:00+00:00', 20, 1)"
    )
    db.execute(
        "INSERT INTO nudge_log (kind, planned_at, shown_at, outcome, outcome_at) VALUES"
        " ('day.end', '2026-05-01T21:00:00+00:00', '2026-05-01T21:00:01+00:00', 'acted',"
        " '2026-05-01T21:20:00+00:00')"
    )
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()


def dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    db = sqlite3.connect(path)
    try:
        return {
            table: db.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
            for table in ("tasks", "days", "sessions", "nudge_log")
        }
    finally:
        db.close()


def test_a_v1_journal_is_copied_then_migrated(path: Path) -> None:
    build_v1(path)
    before = dump(path)
    opened = open_journal(path, now=NOW)
    journal = opened.journal
    try:
        assert opened.notice is None
        assert opened.backup is not None
        assert opened.backup.name.startswith(f"journal.sqlite3.before-v{SCHEMA_VERSION}-")
        assert opened.backup.parent == path.parent
        assert [t.text for t in journal.open_tasks_through(DAY)] == ["open from v1"]
        assert (
            journal.done_between(NOW.replace(hour=0), NOW.replace(hour=23))[0].text == "done in v1"
        )
        day = journal.day(date(2026, 5, 1))
        assert day == DayRecord(
            date(2026, 5, 1),
            closed_at=datetime(2026, 5, 1, 21, 20, tzinfo=UTC),
            scheduled_end=datetime(2026, 5, 1, 21, tzinfo=UTC),
            overtime_min=20,
            snoozes=1,
        )
        assert day.went_well == ""
        assert day.morning_seen_at is None
        journal.save_draft("handoff", "new in v2", NOW)
        journal.save_day(DayRecord(DAY, went_well="a good day", morning_seen_at=NOW))
        assert journal._db.execute("PRAGMA application_id").fetchone() == (APPLICATION_ID,)
    finally:
        journal.close()
    assert mode_of(opened.backup) == 0o600
    copy = sqlite3.connect(opened.backup)
    try:
        assert copy.execute("PRAGMA user_version").fetchone() == (1,)
        assert copy.execute("PRAGMA quick_check").fetchall() == [("ok",)]
        columns = [row[1] for row in copy.execute("PRAGMA table_info(days)")]
        assert "went_well" not in columns
    finally:
        copy.close()
    assert dump(opened.backup) == before
    # Opening again changes nothing more.
    again = open_journal(path, now=NOW)
    assert again.backup is None
    again.journal.close()
    assert len(kept_files(path, f"before-v{SCHEMA_VERSION}")) == 1


def test_a_newer_journal_is_refused_and_left_byte_for_byte(path: Path) -> None:
    make_journal(path)
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 99")
    db.commit()
    db.close()
    before = path.read_bytes()
    with pytest.raises(JournalNewerError) as caught:
        open_journal(path, now=NOW)
    message = str(caught.value)
    assert str(path) in message
    assert "99" in message
    assert f"version {SCHEMA_VERSION}" in message
    assert "update Boundary" in message
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]


# --------------------------------------------------------------------------------------
# damaged and foreign files
# --------------------------------------------------------------------------------------


def assert_moved_aside_and_fresh(path: Path, original: bytes, reason: str) -> None:
    opened = open_journal(path, now=NOW)
    try:
        assert opened.moved_to is not None
        assert opened.notice is not None
        assert str(path) in opened.notice
        assert str(opened.moved_to) in opened.notice
        assert reason in opened.notice
        assert opened.moved_to.name.startswith("journal.sqlite3.broken-")
        assert opened.moved_to.read_bytes() == original
        assert mode_of(opened.moved_to) == 0o600
        assert opened.journal.available
        assert opened.journal.tasks_for(DAY) == []
        opened.journal.add_task("a fresh start", DAY, NOW)
    finally:
        opened.journal.close()
    with opened_journal(path) as journal:
        assert stored_texts(journal) == ["a fresh start"]


def test_random_bytes_are_moved_aside(path: Path) -> None:
    path.parent.mkdir(parents=True)
    garbage = random.Random(1).randbytes(20_000)
    path.write_bytes(garbage)
    assert_moved_aside_and_fresh(path, garbage, "damaged")


def test_a_journal_with_damaged_pages_is_moved_aside(path: Path) -> None:
    make_journal(path, tasks=600)
    raw = bytearray(path.read_bytes())
    page = 4096
    pages = len(raw) // page
    assert pages > 10
    noise = random.Random(2)
    for number in range(pages // 3, 2 * pages // 3):
        raw[number * page : (number + 1) * page] = noise.randbytes(page)
    path.write_bytes(bytes(raw))
    assert_moved_aside_and_fresh(path, bytes(raw), "damaged")


def test_a_damaged_journal_takes_its_wal_and_shm_along(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not a database at all" * 100)
    wal, shm = sidecars(path)
    wal.write_bytes(b"w" * 100)
    shm.write_bytes(b"s" * 100)
    opened = open_journal(path, now=NOW)
    opened.journal.close()
    assert opened.moved_to is not None
    assert (opened.moved_to.parent / f"{opened.moved_to.name}-wal").read_bytes() == b"w" * 100
    assert (opened.moved_to.parent / f"{opened.moved_to.name}-shm").read_bytes() == b"s" * 100


def test_an_empty_file_simply_becomes_a_journal(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.touch(mode=0o644)
    opened = open_journal(path, now=NOW)
    try:
        assert (opened.notice, opened.moved_to, opened.backup) == (None, None, None)
        opened.journal.add_task("works", DAY, NOW)
    finally:
        opened.journal.close()
    assert mode_of(path) == 0o600
    assert kept_files(path, "broken") == []


def foreign_file(path: Path, application_id: int) -> bytes:
    path.parent.mkdir(parents=True)
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)")
    db.execute("INSERT INTO photos (name) VALUES ('holiday.jpg')")
    db.execute(f"PRAGMA application_id = {application_id}")
    db.commit()
    db.close()
    return path.read_bytes()


@pytest.mark.parametrize("application_id", [0x12345678, 0])
def test_another_programs_database_is_moved_aside(path: Path, application_id: int) -> None:
    original = foreign_file(path, application_id)
    assert_moved_aside_and_fresh(path, original, "not a Boundary journal")


def test_a_second_damaged_file_in_the_same_second_gets_its_own_name(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_bytes(b"first" * 1000)
    first = open_journal(path, now=NOW)
    first.journal.close()
    path.write_bytes(b"second" * 1000)
    second = open_journal(path, now=NOW)
    second.journal.close()
    assert first.moved_to is not None
    assert second.moved_to is not None
    assert first.moved_to != second.moved_to
    assert second.moved_to.read_bytes() == b"second" * 1000


# --------------------------------------------------------------------------------------
# failed writes
# --------------------------------------------------------------------------------------


def big_batch(count: int = 400) -> list[str]:
    return [f"batch {n} " + "z" * 1500 for n in range(count)]


def test_a_full_disk_fails_the_write_and_keeps_what_was_there(path: Path) -> None:
    earlier = make_journal(path)
    with opened_journal(path) as journal:
        pages = journal._db.execute("PRAGMA page_count").fetchone()[0]
        journal._db.execute(f"PRAGMA max_page_count = {pages + 4}")
        with pytest.raises(JournalWriteError) as caught:
            journal.add_tasks(big_batch(), DAY, NOW)
        message = str(caught.value)
        assert "the disk is full" in message
        assert str(path) in message
        assert "the tasks" in message
        assert stored_texts(journal) == earlier
        assert not journal._db.in_transaction
        journal.add_task("small things still fit", DAY, NOW)
    with opened_journal(path) as journal:
        assert stored_texts(journal) == [*earlier, "small things still fit"]


def test_a_journal_locked_too_long_fails_the_write_cleanly(path: Path) -> None:
    earlier = make_journal(path)
    other = sqlite3.connect(path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
        with opened_journal(path) as journal:
            journal._db.execute("PRAGMA busy_timeout = 50")  # not 5 s in a test
            with pytest.raises(JournalWriteError, match="locked") as caught:
                journal.add_task("waits too long", DAY, NOW)
            assert str(path) in str(caught.value)
            other.execute("ROLLBACK")
            journal.add_task("goes in later", DAY, NOW)
            assert stored_texts(journal) == [*earlier, "goes in later"]
    finally:
        other.close()


@contextmanager
def tmpfs(folder: Path, size: str) -> Iterator[Path]:
    """A small RAM file system at `folder` (root only); always unmounted afterwards."""
    if not RUNS_AS_ROOT:
        pytest.skip("mounting a tmpfs needs root")
    folder.mkdir(parents=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip() or mounted.returncode}")
    try:
        yield folder
    finally:
        if subprocess.run(["umount", str(folder)], check=False).returncode != 0:
            subprocess.run(["umount", "-l", str(folder)], check=True)


def remount(folder: Path, mode: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{mode}", str(folder)], check=True)


def fill_up(filler: Path) -> None:
    """Write zeros to `filler` until there is no space left."""
    with filler.open("wb", buffering=0) as handle:
        try:
            while True:
                handle.write(b"\0" * 1024)
        except OSError as exc:
            if exc.errno != errno.ENOSPC:
                raise


def test_a_really_full_disk_fails_the_write_and_keeps_what_was_there(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "small", "256k") as disk:
        path = disk / "boundary-app" / "journal.sqlite3"
        earlier = make_journal(path)
        with opened_journal(path) as journal:
            with pytest.raises(JournalWriteError) as caught:
                journal.add_tasks(big_batch(), DAY, NOW)
            message = str(caught.value)
            assert "the disk is full" in message
            assert str(path) in message
            assert stored_texts(journal) == earlier
        with opened_journal(path) as journal:
            assert stored_texts(journal) == earlier
            # Fill the disk to the last byte, then free it: the journal carries on.
            filler = disk / "filler"
            fill_up(filler)
            with pytest.raises(JournalWriteError, match="the disk is full"):
                journal.add_task("no room", DAY, NOW)
            filler.unlink()
            journal.add_task("room again", DAY, NOW)
        with opened_journal(path) as journal:
            assert stored_texts(journal) == [*earlier, "room again"]
            assert journal._db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]


def check_read_only(path: Path, earlier: list[str]) -> None:
    opened = open_journal(path, now=NOW)
    journal = opened.journal
    try:
        assert opened.moved_to is None
        assert opened.notice is not None
        assert "read-only" in opened.notice
        assert str(path) in opened.notice
        assert stored_texts(journal) == earlier
        for write in (
            lambda: journal.add_task("lost", DAY, NOW),
            lambda: journal.save_day(DayRecord(DAY, closed_at=NOW)),
            lambda: journal.claim_nudge("day.end", NOW, NOW),
        ):
            with pytest.raises(JournalWriteError) as caught:
                write()
            message = str(caught.value)
            assert f"the folder {path.parent} is read-only" in message
            assert str(path) in message
        assert stored_texts(journal) == earlier
    finally:
        journal.close()


def test_a_journal_on_a_read_only_file_system_can_be_read(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "disk", "1m") as disk:
        path = disk / "boundary-app" / "journal.sqlite3"
        earlier = make_journal(path)
        remount(disk, "ro")
        check_read_only(path, earlier)


def test_an_old_journal_on_a_read_only_file_system_is_left_alone(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "disk", "1m") as disk:
        path = disk / "boundary-app" / "journal.sqlite3"
        build_v1(path)
        before = path.read_bytes()
        remount(disk, "ro")
        opened = open_journal(path, now=NOW)
        opened.journal.close()
        assert not opened.journal.available
        assert opened.notice is not None
        assert f"needs an update to schema version {SCHEMA_VERSION}" in opened.notice
        assert f"the folder {path.parent} is read-only" in opened.notice
        assert path.read_bytes() == before


@pytest.mark.skipif(RUNS_AS_ROOT, reason="root writes into a chmod 0500 folder anyway")
def test_a_journal_in_a_read_only_folder_can_be_read(path: Path) -> None:
    earlier = make_journal(path)
    path.parent.chmod(0o500)
    try:
        check_read_only(path, earlier)
    finally:
        path.parent.chmod(0o700)


def check_unavailable(path: Path, reason: str) -> None:
    opened = open_journal(path, now=NOW)
    journal = opened.journal
    try:
        assert not journal.available
        assert journal.path == path
        assert opened.notice is not None
        assert str(path) in opened.notice
        assert reason in opened.notice
        assert "not saved" in opened.notice
        assert journal.tasks_for(DAY) == []
        assert journal.draft("handoff") is None
        for write in (
            lambda: journal.add_task("lost", DAY, NOW),
            lambda: journal.save_draft("handoff", "lost", NOW),
            lambda: journal.log_missed("day.end", NOW, NOW),
        ):
            with pytest.raises(JournalWriteError) as caught:
                write()
            assert str(path) in str(caught.value)
            assert reason in str(caught.value)
    finally:
        journal.close()


def test_a_folder_that_cannot_be_created_gives_an_unavailable_journal(tmp_path: Path) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("a file where a folder should be")
    check_unavailable(blocker / "boundary-app" / "journal.sqlite3", "is a file, not a folder")


def test_a_read_only_file_system_without_a_journal_gives_an_unavailable_one(
    tmp_path: Path,
) -> None:
    with tmpfs(tmp_path / "disk", "1m") as disk:
        (disk / "boundary-app").mkdir()
        remount(disk, "ro")
        path = disk / "boundary-app" / "journal.sqlite3"
        check_unavailable(path, f"the folder {path.parent} is read-only")
        assert not path.exists()


@pytest.mark.skipif(RUNS_AS_ROOT, reason="root writes into a chmod 0500 folder anyway")
def test_a_read_only_folder_without_a_journal_gives_an_unavailable_one(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.parent.chmod(0o500)
    try:
        check_unavailable(path, f"the folder {path.parent} is read-only")
    finally:
        path.parent.chmod(0o700)
