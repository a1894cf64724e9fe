"""The journal: tasks, work days, sessions, the nudge log and drafts in SQLite (storage).

Every write is one short transaction that is on disk when the method
returns (WAL with `synchronous=FULL`); when it fails nothing of it is kept
and `JournalWriteError` says what could not be saved, where and why. The
command line and the app may both have the journal open. Instants are
stored as ISO 8601 text in UTC and come back as aware UTC datetimes (see
`journal_text`); days as ISO dates. Opening, schema and recovery live in
`journal_schema`; the well-being records in `wellbeing_records`, which
writes through `Journal.writing` and reads through `Journal.rows`.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from boundary_app.core.day_record import DayRecord
from boundary_app.core.sessions import Session
from boundary_app.core.tasks import Task, clean_task_text
from boundary_app.storage import journal_schema

# Re-exported (the `as` imports): callers need only this module.
from boundary_app.storage.journal_schema import APPLICATION_ID as APPLICATION_ID
from boundary_app.storage.journal_schema import SCHEMA_VERSION as SCHEMA_VERSION
from boundary_app.storage.journal_schema import JournalError as JournalError
from boundary_app.storage.journal_schema import JournalNewerError as JournalNewerError
from boundary_app.storage.journal_schema import JournalWriteError as JournalWriteError
from boundary_app.storage.journal_text import (
    check_updated,
    instant_text,
    optional_instant_text,
    read_instant,
    read_optional,
)

log = logging.getLogger(__name__)

OUTCOMES = ("shown", "acted", "snoozed", "dismissed", "missed")

_TASK_COLUMNS = "id, text, for_day, position, done_at, dropped_at"
_DAY_COLUMNS = "day, closed_at, scheduled_end, overtime_min, snoozes, went_well, morning_seen_at"
_MINUTE = timedelta(minutes=1)


@dataclass(frozen=True)
class NudgeLogEntry:
    kind: str
    planned_at: datetime
    shown_at: datetime | None
    outcome: str
    outcome_at: datetime | None


@dataclass(frozen=True)
class Opened:
    """The journal for the running program, and what to tell the user about it."""

    journal: Journal
    notice: str | None = None
    moved_to: Path | None = None  # where an unusable file was kept
    backup: Path | None = None  # the copy made before a migration


def open_journal(path: Path, *, now: datetime) -> Opened:
    """The journal at `path`, created if missing; `now` (aware) stamps kept files.

    Never fails for a file it cannot use or create: see `journal_schema.connect`.
    Raises `JournalNewerError` for a journal made by a newer Boundary.
    """
    connected = journal_schema.connect(path, now)
    journal = Journal(path, connected.db, refusal=connected.refusal)
    return Opened(journal, connected.notice, connected.moved_to, connected.backup)


class Journal:
    """One open journal. `available` is False for the stand-in that keeps nothing."""

    def __init__(self, path: Path, db: sqlite3.Connection, *, refusal: str | None = None) -> None:
        self.path = path
        self.available = refusal is None
        self._db = db
        self._refusal = refusal

    def close(self) -> None:
        self._db.close()

    # ---- tasks -------------------------------------------------------------------

    def add_task(self, text: str, for_day: date, now: datetime) -> Task:
        """A new task at the end of `for_day`'s list."""
        cleaned = clean_task_text(text)
        if cleaned is None:
            raise ValueError("a task needs some text")
        return self.add_tasks([cleaned], for_day, now)[0]

    def add_tasks(self, texts: Sequence[str], for_day: date, now: datetime) -> list[Task]:
        """New tasks in this order at the end of `for_day`'s list; blank lines are skipped."""
        cleaned = [c for c in (clean_task_text(t) for t in texts) if c is not None]
        created = instant_text(now, "now")
        added = []
        with self.writing("the tasks" if len(cleaned) > 1 else "the task") as db:
            position = _next_position(db, for_day, ())
            for text in cleaned:
                cursor = db.execute(
                    "INSERT INTO tasks (text, for_day, position, created_at) VALUES (?, ?, ?, ?)",
                    (text, for_day.isoformat(), position, created),
                )
                assert cursor.lastrowid is not None
                added.append(Task(cursor.lastrowid, text, for_day, position))
                position += 1
        return added

    def task(self, task_id: int) -> Task | None:
        found = self._tasks("the task", "id = ?", task_id)
        return found[0] if found else None

    def open_tasks_through(self, day: date) -> list[Task]:
        """Tasks for `day` or earlier that are neither done nor dropped (they carry over)."""
        where = "for_day <= ? AND done_at IS NULL AND dropped_at IS NULL"
        return self._tasks(
            "the open tasks", f"{where} ORDER BY for_day, position, id", day.isoformat()
        )

    def tasks_for(self, day: date) -> list[Task]:
        """The tasks meant for `day` that were not dropped, done ones included."""
        where = "for_day = ? AND dropped_at IS NULL ORDER BY position, id"
        return self._tasks("the day's tasks", where, day.isoformat())

    def done_between(self, start: datetime, end: datetime) -> list[Task]:
        """Tasks checked off in [start, end) and not dropped, in the order they were done."""
        where = "done_at >= ? AND done_at < ? AND dropped_at IS NULL ORDER BY done_at, id"
        return self._tasks(
            "the done tasks", where, instant_text(start, "start"), instant_text(end, "end")
        )

    def set_done(self, task_id: int, done_at: datetime | None) -> None:
        self._set_task(task_id, "done_at", optional_instant_text(done_at, "done_at"))

    def set_dropped(self, task_id: int, dropped_at: datetime | None) -> None:
        self._set_task(task_id, "dropped_at", optional_instant_text(dropped_at, "dropped_at"))

    def edit_task(self, task_id: int, text: str) -> Task:
        cleaned = clean_task_text(text)
        if cleaned is None:
            raise ValueError("a task needs some text")
        self._set_task(task_id, "text", cleaned)
        edited = self.task(task_id)
        assert edited is not None
        return edited

    def reorder(self, task_ids: Sequence[int]) -> None:
        """Give these tasks positions 0, 1, 2... in this order."""
        if len(set(task_ids)) != len(task_ids):
            raise ValueError("a task can appear only once in a new order")
        with self.writing("the order of the tasks") as db:
            for position, task_id in enumerate(task_ids):
                cursor = db.execute(
                    "UPDATE tasks SET position = ? WHERE id = ?", (position, task_id)
                )
                check_updated(cursor, self._unknown_task(task_id))

    def move_tasks(self, task_ids: Sequence[int], for_day: date) -> None:
        """Move these tasks, in this order, to the end of `for_day`'s list."""
        if len(set(task_ids)) != len(task_ids):
            raise ValueError("a task can be moved only once at a time")
        with self.writing("the moved tasks") as db:
            position = _next_position(db, for_day, task_ids)
            for offset, task_id in enumerate(task_ids):
                cursor = db.execute(
                    "UPDATE tasks SET for_day = ?, position = ? WHERE id = ?",
                    (for_day.isoformat(), position + offset, task_id),
                )
                check_updated(cursor, self._unknown_task(task_id))

    # ---- days --------------------------------------------------------------------

    def day(self, day: date) -> DayRecord | None:
        sql = f"SELECT {_DAY_COLUMNS} FROM days WHERE day = ?"
        rows = self.rows("the day", sql, day.isoformat())
        return _day(rows[0]) if rows else None

    def days_between(self, first: date, last: date) -> list[DayRecord]:
        """The recorded days from `first` to `last`, both included, by date."""
        rows = self.rows(
            "the days",
            f"SELECT {_DAY_COLUMNS} FROM days WHERE day >= ? AND day <= ? ORDER BY day",
            first.isoformat(),
            last.isoformat(),
        )
        return [_day(row) for row in rows]

    def save_day(self, record: DayRecord) -> None:
        """Store every field of `record`, replacing what was kept for that day."""
        values = (
            record.day.isoformat(),
            optional_instant_text(record.closed_at, "closed_at"),
            optional_instant_text(record.scheduled_end, "scheduled_end"),
            record.overtime_min,
            record.snoozes,
            record.went_well,
            optional_instant_text(record.morning_seen_at, "morning_seen_at"),
        )
        with self.writing("the day") as db:
            db.execute(
                f"INSERT INTO days ({_DAY_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (day) DO UPDATE SET closed_at = excluded.closed_at,"
                " scheduled_end = excluded.scheduled_end, overtime_min = excluded.overtime_min,"
                " snoozes = excluded.snoozes, went_well = excluded.went_well,"
                " morning_seen_at = excluded.morning_seen_at",
                values,
            )

    # ---- sessions ----------------------------------------------------------------

    def add_session(self, session: Session, source: str = "manual") -> int:
        """Store `session` (its length in whole minutes) and return its id."""
        minutes, rest = divmod(session.length, _MINUTE)
        if rest:
            raise ValueError(f"a session's length must be whole minutes, not {session.length}")
        values = (
            instant_text(session.start, "start"),
            minutes,
            optional_instant_text(session.ended_at, "ended_at"),
            source,
        )
        with self.writing("the session") as db:
            cursor = db.execute(
                "INSERT INTO sessions (start, length_min, ended_at, source) VALUES (?, ?, ?, ?)",
                values,
            )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def end_session(self, session_id: int, ended_at: datetime) -> None:
        value = instant_text(ended_at, "ended_at")
        with self.writing("the end of the session") as db:
            cursor = db.execute(
                "UPDATE sessions SET ended_at = ? WHERE id = ?", (value, session_id)
            )
            check_updated(cursor, KeyError(f"no session with id {session_id} in {self.path}"))

    def sessions_since(self, instant: datetime) -> list[tuple[int, Session, str]]:
        """(id, session, source) of the sessions that start at `instant` or later, by start."""
        rows = self.rows(
            "the sessions",
            "SELECT id, start, length_min, ended_at, source FROM sessions WHERE start >= ?"
            " ORDER BY start, id",
            instant_text(instant, "instant"),
        )
        return [
            (
                row[0],
                Session(read_instant(row[1]), row[2] * _MINUTE, read_optional(row[3])),
                row[4],
            )
            for row in rows
        ]

    # ---- nudge log ---------------------------------------------------------------

    def claim_nudge(self, kind: str, planned_at: datetime, now: datetime) -> bool:
        """Log the nudge as shown and return True, unless it was logged before (False).

        Whoever claims a nudge first shows it: the journal makes "once" hold
        across restarts and between the app and the command line.
        """
        values = (kind, instant_text(planned_at, "planned_at"), instant_text(now, "now"))
        with self.writing("the nudge log") as db:
            cursor = db.execute(
                "INSERT INTO nudge_log (kind, planned_at, shown_at, outcome, outcome_at)"
                " VALUES (?1, ?2, ?3, 'shown', ?3) ON CONFLICT (kind, planned_at) DO NOTHING",
                values,
            )
        return cursor.rowcount == 1

    def set_nudge_outcome(
        self, kind: str, planned_at: datetime, outcome: str, at: datetime
    ) -> None:
        """Record what became of a nudge (logging it now if it was never claimed)."""
        if outcome not in OUTCOMES:
            raise ValueError(f"unknown nudge outcome {outcome!r} (known: {', '.join(OUTCOMES)})")
        values = (kind, instant_text(planned_at, "planned_at"), outcome, instant_text(at, "at"))
        with self.writing("the nudge log") as db:
            db.execute(
                "INSERT INTO nudge_log (kind, planned_at, outcome, outcome_at)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (kind, planned_at) DO UPDATE SET"
                " outcome = excluded.outcome, outcome_at = excluded.outcome_at",
                values,
            )

    def log_missed(self, kind: str, planned_at: datetime, now: datetime) -> None:
        """Log a nudge that came too late to show, unless it was already logged."""
        values = (kind, instant_text(planned_at, "planned_at"), instant_text(now, "now"))
        with self.writing("the nudge log") as db:
            db.execute(
                "INSERT INTO nudge_log (kind, planned_at, outcome, outcome_at)"
                " VALUES (?, ?, 'missed', ?) ON CONFLICT (kind, planned_at) DO NOTHING",
                values,
            )

    def nudge_log_since(self, instant: datetime) -> list[NudgeLogEntry]:
        rows = self.rows(
            "the nudge log",
            "SELECT kind, planned_at, shown_at, outcome, outcome_at FROM nudge_log"
            " WHERE planned_at >= ? ORDER BY planned_at, kind",
            instant_text(instant, "instant"),
        )
        return [
            NudgeLogEntry(
                row[0],
                read_instant(row[1]),
                read_optional(row[2]),
                row[3],
                read_optional(row[4]),
            )
            for row in rows
        ]

    # ---- drafts ------------------------------------------------------------------

    def save_draft(self, key: str, text: str, now: datetime) -> None:
        """Keep what the user is typing under `key`, replacing the previous draft."""
        values = (key, text, instant_text(now, "now"))
        with self.writing("the draft") as db:
            db.execute(
                "INSERT INTO drafts (key, text, saved_at) VALUES (?, ?, ?) ON CONFLICT (key)"
                " DO UPDATE SET text = excluded.text, saved_at = excluded.saved_at",
                values,
            )

    def draft(self, key: str) -> str | None:
        rows = self.rows("the draft", "SELECT text FROM drafts WHERE key = ?", key)
        return str(rows[0][0]) if rows else None

    def clear_draft(self, key: str) -> None:
        with self.writing("the draft") as db:
            db.execute("DELETE FROM drafts WHERE key = ?", (key,))

    # ---- plumbing ----------------------------------------------------------------

    @contextmanager
    def writing(self, what: str) -> Iterator[sqlite3.Connection]:
        """One transaction: committed (and durable) at the end, rolled back on any error."""
        if self._refusal is not None:
            raise JournalWriteError(f"Could not save {what}: {self._refusal}.")
        db = self._db
        try:
            db.execute("BEGIN IMMEDIATE")
            yield db
            db.execute("COMMIT")
        except sqlite3.Error as exc:
            self._roll_back()
            reason = journal_schema.failure_reason(exc, self.path)
            log.error("Could not save %s in %s: %s (%s)", what, self.path, reason, exc)
            raise JournalWriteError(f"Could not save {what} in {self.path}: {reason}.") from exc
        except BaseException:
            self._roll_back()
            raise

    def _roll_back(self) -> None:
        # SQLite undoes the transaction itself after some errors (a full disk, for one).
        try:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
        except sqlite3.Error as exc:
            log.error("Could not roll back a change to %s: %s", self.path, exc)

    def rows(self, what: str, sql: str, *params: Any) -> list[Any]:
        """The rows of one query; `JournalError` names `what` could not be read, and why."""
        try:
            return self._db.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            reason = journal_schema.failure_reason(exc, self.path)
            raise JournalError(f"Could not read {what} from {self.path}: {reason}.") from exc

    def _tasks(self, what: str, where: str, *params: Any) -> list[Task]:
        sql = f"SELECT {_TASK_COLUMNS} FROM tasks WHERE {where}"
        return [_task(row) for row in self.rows(what, sql, *params)]

    def _set_task(self, task_id: int, column: str, value: str | None) -> None:
        with self.writing("the task") as db:
            cursor = db.execute(f"UPDATE tasks SET {column} = ? WHERE id = ?", (value, task_id))
            check_updated(cursor, self._unknown_task(task_id))

    def _unknown_task(self, task_id: int) -> KeyError:
        return KeyError(f"no task with id {task_id} in {self.path}")


def _next_position(db: sqlite3.Connection, day: date, leaving: Sequence[int]) -> int:
    """The position after the last one on `day`, ignoring the tasks in `leaving`."""
    marks = ", ".join("?" * len(leaving))
    row = db.execute(
        f"SELECT max(position) FROM tasks WHERE for_day = ? AND id NOT IN ({marks})",
        (day.isoformat(), *leaving),
    ).fetchone()
    return 0 if row[0] is None else int(row[0]) + 1


def _task(row: Any) -> Task:
    task_id, text, day, position, done_at, dropped_at = row
    done, dropped = read_optional(done_at), read_optional(dropped_at)
    return Task(task_id, text, date.fromisoformat(day), position, done, dropped)


def _day(row: Any) -> DayRecord:
    day, closed_at, scheduled_end, overtime_min, snoozes, went_well, morning_seen_at = row
    return DayRecord(
        date.fromisoformat(day),
        read_optional(closed_at),
        read_optional(scheduled_end),
        overtime_min,
        snoozes,
        went_well,
        read_optional(morning_seen_at),
    )
