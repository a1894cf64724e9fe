"""Energy checks, notes for supervision and supervision held, in the journal (storage).

`WellbeingRecords(journal)` reads and writes these three tables of an open
`Journal` with its transactions: each write is one transaction, durable
when the method returns; a failure keeps nothing of it and raises
`JournalWriteError` in plain words, and the stand-in journal refuses every
write with its reason. Instants are kept as the journal keeps them (ISO
text in UTC) and come back as aware UTC datetimes. Tags are a JSON list.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from boundary_app.core.wellbeing import (
    TAG_MAX,
    Energy,
    EnergyCheck,
    Held,
    SupervisionHeld,
    SupervisionNote,
    clean_note,
    clean_tag,
    valid_initials,
)
from boundary_app.storage.journal import Journal
from boundary_app.storage.journal_text import (
    check_updated,
    instant_text,
    optional_instant_text,
    read_instant,
    read_optional,
)

_NOTE_COLUMNS = "id, text, created_at, done_at"


class WellbeingRecords:
    """The well-being tables of one open journal."""

    def __init__(self, journal: Journal) -> None:
        self.journal = journal

    # ---- energy ------------------------------------------------------------------

    def add_energy(self, check: EnergyCheck) -> None:
        """Keep one rating; its tags are cleaned, and a tag that cannot be kept is a ValueError."""
        tags = _clean_tags(check.tags)
        values = (
            instant_text(check.at, "at"),
            Energy(check.rating).value,
            json.dumps(tags, ensure_ascii=False),
            optional_instant_text(check.session_start, "session_start"),
        )
        with self.journal.writing("the energy rating") as db:
            db.execute(
                "INSERT INTO energy (at, rating, tags, session_start) VALUES (?, ?, ?, ?)", values
            )

    def energy_between(self, start: datetime, end: datetime) -> list[EnergyCheck]:
        """The ratings given in [start, end), by time."""
        rows = self.journal.rows(
            "the energy ratings",
            "SELECT at, rating, tags, session_start FROM energy WHERE at >= ? AND at < ?"
            " ORDER BY at, id",
            instant_text(start, "start"),
            instant_text(end, "end"),
        )
        return [
            EnergyCheck(read_instant(at), Energy(rating), _read_tags(tags), read_optional(session))
            for at, rating, tags, session in rows
        ]

    # ---- notes for supervision -------------------------------------------------------

    def add_note(self, text: str, now: datetime) -> SupervisionNote:
        """A new open note; ValueError for a blank one. Long notes are cut to `NOTE_MAX`."""
        cleaned = clean_note(text)
        if cleaned is None:
            raise ValueError("a note needs some text")
        created = instant_text(now, "now")
        with self.journal.writing("the note") as db:
            cursor = db.execute(
                "INSERT INTO supervision_notes (text, created_at) VALUES (?, ?)",
                (cleaned, created),
            )
        assert cursor.lastrowid is not None
        return SupervisionNote(cursor.lastrowid, cleaned, read_instant(created))

    def open_notes(self) -> list[SupervisionNote]:
        """Notes neither done nor dropped, oldest first."""
        return self._notes(
            "the notes",
            "done_at IS NULL AND dropped_at IS NULL ORDER BY created_at, id",
        )

    def notes_done_since(self, instant: datetime) -> list[SupervisionNote]:
        """Notes checked off at `instant` or later and not dropped, in the order they were done."""
        return self._notes(
            "the done notes",
            "done_at >= ? AND dropped_at IS NULL ORDER BY done_at, id",
            instant_text(instant, "instant"),
        )

    def set_note_done(self, note_id: int, done_at: datetime | None) -> None:
        """Check a note off at `done_at`, or open it again with None; KeyError if unknown."""
        self._set_note(note_id, "done_at", optional_instant_text(done_at, "done_at"))

    def drop_note(self, note_id: int, at: datetime) -> None:
        """Put a note away without talking it through; KeyError if unknown."""
        self._set_note(note_id, "dropped_at", instant_text(at, "at"))

    # ---- supervision held ------------------------------------------------------------

    def add_held(self, held: SupervisionHeld) -> None:
        """Keep a supervision or check-in; initials that are not initials are a ValueError."""
        initials = held.initials.strip()
        if initials and not valid_initials(initials):
            raise ValueError(f"{initials!r} is not initials (1 to 4 letters, like AB or A.B.)")
        values = (instant_text(held.at, "at"), Held(held.what).value, initials)
        with self.journal.writing("the supervision entry") as db:
            db.execute("INSERT INTO supervision_held (at, what, initials) VALUES (?, ?, ?)", values)

    def held_between(self, start: datetime, end: datetime) -> list[SupervisionHeld]:
        """Supervisions and check-ins in [start, end), by time."""
        return self._held(
            "the supervision log",
            "at >= ? AND at < ? ORDER BY at, id",
            instant_text(start, "start"),
            instant_text(end, "end"),
        )

    def last_held(self, what: Held, before: datetime) -> SupervisionHeld | None:
        """The latest entry of kind `what` before `before`, if any."""
        found = self._held(
            "the supervision log",
            "what = ? AND at < ? ORDER BY at DESC, id DESC LIMIT 1",
            Held(what).value,
            instant_text(before, "before"),
        )
        return found[0] if found else None

    # ---- plumbing ----------------------------------------------------------------

    def _notes(self, what: str, where: str, *params: Any) -> list[SupervisionNote]:
        sql = f"SELECT {_NOTE_COLUMNS} FROM supervision_notes WHERE {where}"
        return [
            SupervisionNote(note_id, text, read_instant(created), read_optional(done))
            for note_id, text, created, done in self.journal.rows(what, sql, *params)
        ]

    def _set_note(self, note_id: int, column: str, value: str | None) -> None:
        with self.journal.writing("the note") as db:
            cursor = db.execute(
                f"UPDATE supervision_notes SET {column} = ? WHERE id = ?", (value, note_id)
            )
            check_updated(cursor, KeyError(f"no note with id {note_id} in {self.journal.path}"))

    def _held(self, what: str, where: str, *params: Any) -> list[SupervisionHeld]:
        sql = f"SELECT at, what, initials FROM supervision_held WHERE {where}"
        return [
            SupervisionHeld(read_instant(at), Held(kind), initials)
            for at, kind, initials in self.journal.rows(what, sql, *params)
        ]


def _clean_tags(tags: tuple[str, ...]) -> list[str]:
    """Each tag cleaned, repeats dropped, order kept."""
    cleaned: list[str] = []
    for tag in tags:
        kept = clean_tag(tag)
        if kept is None:
            raise ValueError(f"{tag!r} cannot be a tag (1 to {TAG_MAX} characters on one line)")
        if kept not in cleaned:
            cleaned.append(kept)
    return cleaned


def _read_tags(text: str) -> tuple[str, ...]:
    try:
        tags = json.loads(text)
    except ValueError:  # only Boundary writes this column; never fail a read over it
        return ()
    return tuple(str(tag) for tag in tags) if isinstance(tags, list) else ()
