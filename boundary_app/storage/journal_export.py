"""Exports: what they hold, read from the journal, and the file they are written to (storage).

Shared by the command line and the app so both export the same records;
`core.export` turns them into CSV or JSON. A file is written whole or not
at all (temp file, fsync, rename) and readable by its owner only; a CSV
file starts with a byte-order mark so that spreadsheets read it as UTF-8.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo
from pathlib import Path

from boundary_app.core.export import ExportData
from boundary_app.core.wall import start_of_day
from boundary_app.storage.atomic import WriteFailedError, write_atomic
from boundary_app.storage.journal import Journal
from boundary_app.storage.journal_schema import failure_reason
from boundary_app.storage.wellbeing_records import WellbeingRecords

# Before and after anything the journal can hold.
_EARLIEST = datetime(1, 1, 2, tzinfo=UTC)
_LATEST = datetime(9999, 12, 30, tzinfo=UTC)


class ExportError(Exception):
    """The export file could not be written; the message says where and why."""


def read_export(journal: Journal, zone: tzinfo, since: date | None = None) -> ExportData:
    """Every day, session, energy rating and supervision entry from `since` (a local date) on.

    Without `since`, everything. Raises `JournalError` when the journal cannot be read.
    """
    start = start_of_day(since, zone) if since is not None else _EARLIEST
    records = WellbeingRecords(journal)
    return ExportData(
        days=journal.days_between(since or date.min, date.max),
        sessions=[(session, source) for _, session, source in journal.sessions_since(start)],
        energy=records.energy_between(start, _LATEST),
        supervision=records.held_between(start, _LATEST),
    )


def write_export(path: Path, fmt: str, text: str) -> None:
    """Write the document `text` in format `fmt` to `path` (mode 0600), or raise `ExportError`.

    A folder that does not exist is an error, not made: the user named it.
    """
    folder = path.parent
    if path.is_dir():
        raise ExportError(f"cannot write {path}: it is a folder")
    if not folder.is_dir():
        what = "is a file, not a folder" if folder.exists() else "does not exist"
        raise ExportError(f"cannot write {path}: the folder {folder} {what}")
    data = text.encode("utf-8-sig" if fmt == "csv" else "utf-8")
    try:
        write_atomic(path, data, mode=0o600)
    except WriteFailedError as exc:
        cause = exc.__cause__ if isinstance(exc.__cause__, OSError) else exc
        raise ExportError(f"cannot write {path}: {failure_reason(cause, path)}") from exc
