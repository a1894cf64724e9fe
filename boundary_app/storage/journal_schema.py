"""Opening the journal database: pragmas, schema migrations, damaged files moved aside (storage).

`connect` never leaves the user without a journal object: a file that is
damaged or not Boundary's is moved aside (``journal.sqlite3.broken-<time>``,
with its -wal and -shm) and a fresh one started; a journal that cannot be
opened or created at all is replaced by an in-memory stand-in that refuses
every write with the reason. The one refusal that reaches the caller is a
journal made by a newer Boundary: it is left exactly as it is.

Before an older journal is migrated, a consistent copy of it is kept
(``journal.sqlite3.before-v<N>-<time>``). Each migration step runs in one
transaction together with the `user_version` it leads to.
"""

from __future__ import annotations

import errno
import logging
import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from boundary_app.core.i18n import _
from boundary_app.storage.atomic import stamped_name

log = logging.getLogger(__name__)

SCHEMA_VERSION = 3
APPLICATION_ID = 0x426E6479  # "Bndy"
BUSY_TIMEOUT_S = 5.0

# Step N takes a journal from version N to N + 1. Never edit a released step: add one.
_MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
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
    ),
    (
        "ALTER TABLE days ADD COLUMN went_well TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE days ADD COLUMN morning_seen_at TEXT",
        "CREATE TABLE drafts (key TEXT PRIMARY KEY, text TEXT NOT NULL, saved_at TEXT NOT NULL)",
    ),
    (
        "CREATE TABLE energy (id INTEGER PRIMARY KEY, at TEXT NOT NULL, rating TEXT NOT NULL"
        " CHECK (rating IN ('energised','neutral','drained')),"
        " tags TEXT NOT NULL DEFAULT '[]' /* JSON list */, session_start TEXT)",
        "CREATE INDEX energy_by_at ON energy (at)",
        "CREATE TABLE supervision_notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL,"
        " created_at TEXT NOT NULL, done_at TEXT, dropped_at TEXT)",
        "CREATE TABLE supervision_held (id INTEGER PRIMARY KEY, at TEXT NOT NULL,"
        " what TEXT NOT NULL CHECK (what IN ('supervision','check-in')),"
        " initials TEXT NOT NULL DEFAULT '')",
        "CREATE INDEX supervision_held_by_at ON supervision_held (at)",
    ),
)
assert len(_MIGRATIONS) == SCHEMA_VERSION

_MAGIC = b"SQLite format 3\x00"
_HEADER_SIZE = 100
_FOREIGN = "it is not a Boundary journal"
_DAMAGED = (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)
_READ_ONLY = (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN)


class JournalError(Exception):
    """The journal could not be read; the message names the file and the reason."""


class JournalWriteError(JournalError):
    """A change could not be saved (and nothing of it was); the message says what and why."""


class JournalNewerError(JournalError):
    """The journal was made by a newer Boundary; it was left untouched."""


class _UnusableError(Exception):
    """The file is damaged or not a Boundary journal: move it aside."""


class _CannotWriteError(Exception):
    """The file can be read but needs changes that cannot be made."""


@dataclass(frozen=True)
class Connected:
    db: sqlite3.Connection
    refusal: str | None = None  # why no write can be kept (the stand-in), else None
    notice: str | None = None
    moved_to: Path | None = None
    backup: Path | None = None


def connect(path: Path, now: datetime) -> Connected:
    """The journal at `path`, ready to use; raises only `JournalNewerError`."""
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    try:
        _make_folder(path.parent)
    except OSError as exc:
        return _stand_in(path, f"its folder could not be created: {failure_reason(exc, path)}")
    try:
        return _connect_file(path, now)
    except _UnusableError as exc:
        damage = str(exc)
    except _CannotWriteError as exc:
        return _stand_in(path, str(exc))
    except (sqlite3.Error, OSError) as exc:
        return _stand_in(path, failure_reason(exc, path))
    moved = _move_aside(path, now)
    if moved is None:
        return _stand_in(path, f"{damage}, and it could not be moved aside")
    try:
        fresh = _connect_file(path, now)
    except (_UnusableError, _CannotWriteError) as exc:
        return _stand_in(path, f"a new journal could not be started: {exc}")
    except (sqlite3.Error, OSError) as exc:
        reason = failure_reason(exc, path)
        return _stand_in(path, f"a new journal could not be started: {reason}")
    notice = _(
        "Your task journal {path} could not be used: {reason}.\n"
        "It was kept as {kept} and a new, empty journal was started."
        " Tasks, days and sessions from before are in the kept file."
    ).format(path=path, reason=damage, kept=moved)
    log.warning("%s", notice)
    return Connected(fresh.db, notice=notice, moved_to=moved)


def migrate(db: sqlite3.Connection, path: Path) -> None:
    """Bring the schema to `SCHEMA_VERSION`, one step per transaction."""
    while True:
        db.execute("BEGIN IMMEDIATE")
        try:
            version = _pragma(db, "user_version")
            if version > SCHEMA_VERSION:
                raise _newer(path, version)
            if version == SCHEMA_VERSION:
                db.execute("COMMIT")
                return
            for statement in _MIGRATIONS[version]:
                db.execute(statement)
            db.execute(f"PRAGMA user_version = {version + 1}")
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        log.debug("Journal %s is now at schema version %d", path, version + 1)


def failure_reason(exc: BaseException, path: Path) -> str:
    """What went wrong, in plain words (no error codes)."""
    if isinstance(exc, sqlite3.Error):
        code = _code(exc)
        if code == sqlite3.SQLITE_FULL:
            return "the disk is full"
        if code == sqlite3.SQLITE_READONLY:
            return read_only_reason(path) or "the journal could only be opened for reading"
        if code == sqlite3.SQLITE_IOERR:
            return "the disk reported an input/output error"
        if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
            return f"another program kept it locked for more than {BUSY_TIMEOUT_S:g} seconds"
        if code == sqlite3.SQLITE_CANTOPEN:
            return read_only_reason(path) or "the file could not be opened"
        if code in (sqlite3.SQLITE_PERM, sqlite3.SQLITE_AUTH):
            return "permission was denied"
        if code in _DAMAGED:
            return "the file is damaged"
        return str(exc)
    if isinstance(exc, OSError):
        if exc.errno == errno.ENOSPC:
            return "the disk is full"
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return read_only_reason(path) or f"permission was denied for {exc.filename or path}"
        if exc.errno == errno.EEXIST:
            return f"{exc.filename or path.parent} is a file, not a folder"
        if exc.errno == errno.ENOTDIR:
            return f"part of {exc.filename or path} is a file, not a folder"
        what = exc.strerror or str(exc)
        return f"{what[:1].lower()}{what[1:]} ({exc.filename or path})"
    return str(exc)


def read_only_reason(path: Path) -> str | None:
    """Why the journal's folder or file cannot be written, or None if both can be."""
    folder = path.parent
    if folder.is_dir() and not os.access(folder, os.W_OK):
        return f"the folder {folder} is read-only"
    if path.exists() and not os.access(path, os.W_OK):
        return f"the file {path} is read-only"
    return None


def _connect_file(path: Path, now: datetime) -> Connected:
    _create_private(path)
    try:
        return _prepare(path, now)
    except sqlite3.DatabaseError as exc:
        if _code(exc) in _DAMAGED:
            raise _UnusableError(f"it is damaged ({exc})") from exc
        raise


def _check_header(path: Path) -> None:
    """Refuse a file that is not SQLite or is another program's before SQLite touches it.

    Closing a connection to such a file would delete its -wal and -shm, which
    must go aside with it. An empty file is a journal still to be made.
    """
    with path.open("rb") as handle:
        header = handle.read(_HEADER_SIZE)
    if not header:
        return
    if len(header) < _HEADER_SIZE or not header.startswith(_MAGIC):
        raise _UnusableError("it is damaged (it is not a database file)")
    if int.from_bytes(header[68:72], "big") not in (0, APPLICATION_ID):
        raise _UnusableError(_FOREIGN)


def _prepare(path: Path, now: datetime) -> Connected:
    _check_header(path)
    db, immutable = _open_readable(path)
    try:
        app_id = _pragma(db, "application_id")
        version = _pragma(db, "user_version")
        if version > SCHEMA_VERSION:
            raise _newer(path, version)
        has_tables = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0
        if app_id not in (0, APPLICATION_ID) or (app_id == 0 == version and has_tables):
            raise _UnusableError(_FOREIGN)
        problems = [row[0] for row in db.execute("PRAGMA quick_check(5)")]
        if problems != ["ok"]:
            raise _UnusableError(f"it is damaged ({problems[0]})")
        _tighten(path)
        read_only = read_only_reason(path)
        if immutable and read_only is None:
            read_only = "it could only be opened for reading"
        if read_only is not None:
            if version != SCHEMA_VERSION:
                raise _CannotWriteError(
                    f"it needs an update to schema version {SCHEMA_VERSION},"
                    f" which cannot be made: {read_only}"
                )
            notice = _(
                "Your task journal {path} can be read but not changed: {reason}."
                " Tasks you add or tick off will not be kept until this is fixed."
            ).format(path=path, reason=read_only)
            log.warning("%s", notice)
            return Connected(db, notice=notice)
        backup = _backup(db, path, now) if 0 < version < SCHEMA_VERSION else None
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = FULL")
        db.execute("PRAGMA foreign_keys = ON")
        if version < SCHEMA_VERSION:  # (no write lock on every open)
            migrate(db, path)
            if version:
                log.info("Journal %s was updated from schema version %d", path, version)
        return Connected(db, backup=backup)
    except BaseException:
        db.close()
        raise


def _open_readable(path: Path) -> tuple[sqlite3.Connection, bool]:
    """A connection that can at least read `path`, and whether it is the read-only fallback.

    A WAL journal in a read-only folder cannot be opened the usual way (its
    -shm file cannot be created); nobody can write it there either, so it is
    safe to read it as immutable.
    """
    db = _sqlite_connect(str(path), uri=False)
    try:
        db.execute("PRAGMA schema_version").fetchone()
        return db, False
    except sqlite3.Error as exc:
        db.close()
        if _code(exc) not in _READ_ONLY or read_only_reason(path) is None:
            raise
    uri = path.absolute().as_uri() + "?immutable=1"
    return _sqlite_connect(uri, uri=True), True


def _sqlite_connect(target: str, *, uri: bool) -> sqlite3.Connection:
    # isolation_level=None: this module and the journal write BEGIN/COMMIT themselves.
    return sqlite3.connect(target, timeout=BUSY_TIMEOUT_S, isolation_level=None, uri=uri)


def _stand_in(path: Path, reason: str) -> Connected:
    db = _sqlite_connect(":memory:", uri=False)
    migrate(db, path)
    notice = _(
        "Boundary cannot keep your tasks: the journal {path} could not be opened ({reason})."
        " Until this is fixed, tasks, days and sessions are not saved."
    ).format(path=path, reason=reason)
    log.warning("%s", notice)
    refusal = f"the journal {path} could not be opened ({reason})"
    return Connected(db, refusal=refusal, notice=notice)


def _newer(path: Path, version: int) -> JournalNewerError:
    return JournalNewerError(
        _(
            "The journal {path} has schema version {version}; this Boundary knows version"
            " {known} at most. It was written by a newer Boundary: update Boundary"
            " to use it. The file was left unchanged."
        ).format(path=path, version=version, known=SCHEMA_VERSION)
    )


def _code(exc: sqlite3.Error) -> int:
    """SQLite's primary result code for `exc` (0 when it did not come from SQLite)."""
    return (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF


def _pragma(db: sqlite3.Connection, name: str) -> int:
    value = db.execute(f"PRAGMA {name}").fetchone()[0]
    assert isinstance(value, int)
    return value


def _make_folder(folder: Path) -> None:
    if folder.is_dir():
        return
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    folder.chmod(0o700)  # whatever the umask


def _create_private(path: Path) -> bool:
    """Create `path` empty and owner-only unless it exists (SQLite gives -wal/-shm its mode)."""
    try:
        fd = os.open(
            path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600
        )
    except FileExistsError:
        return False
    os.close(fd)
    return True


def _tighten(path: Path) -> None:
    for item in _with_sidecars(path):
        try:
            mode = item.stat().st_mode & 0o777
            if mode & 0o077:
                item.chmod(mode & 0o700)
        except FileNotFoundError:
            continue
        except OSError as exc:
            log.warning("Could not make %s private: %s", item, exc.strerror or exc)


def _with_sidecars(path: Path) -> tuple[Path, Path, Path]:
    return path, path.with_name(f"{path.name}-wal"), path.with_name(f"{path.name}-shm")


def _backup(db: sqlite3.Connection, path: Path, now: datetime) -> Path:
    target = stamped_name(path, f"before-v{SCHEMA_VERSION}", now)
    _create_private(target)
    copy = _sqlite_connect(str(target), uri=False)
    try:
        db.backup(copy)
        copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
    except BaseException:
        copy.close()
        target.unlink(missing_ok=True)
        raise
    copy.close()
    log.info("Kept a copy of %s as %s before migrating it", path, target)
    return target


def _move_aside(path: Path, now: datetime) -> Path | None:
    target = stamped_name(path, "broken", now)
    try:
        os.replace(path, target)
    except FileNotFoundError:
        return None
    except OSError as exc:
        log.error("Could not move %s aside: %s", path, exc.strerror or exc)
        return None
    for sidecar, suffix in zip(_with_sidecars(path)[1:], ("-wal", "-shm"), strict=True):
        try:
            os.replace(sidecar, target.with_name(f"{target.name}{suffix}"))
        except FileNotFoundError:
            continue
        except OSError as exc:
            # A stale -wal next to a fresh journal would be replayed into it: remove it.
            log.error("Could not move %s aside: %s", sidecar, exc.strerror or exc)
            try:
                sidecar.unlink(missing_ok=True)
            except OSError as gone:
                log.error("Could not remove %s either: %s", sidecar, gone.strerror or gone)
    _tighten(target)  # it still holds the user's tasks
    return target
