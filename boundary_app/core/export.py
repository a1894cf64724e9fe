"""The journal as a document for the user's own records or supervision: CSV or JSON (core).

Pure formatting: the caller reads the journal and passes what it found.
Instants are ISO 8601 in the user's zone with the offset shown
(``2026-12-03T14:00:00-05:00``), to the second; dates are ``YYYY-MM-DD``;
minutes are whole numbers. Nothing private is exported: no task texts, no
notes for supervision, no "what went well" (they may mention clients).

JSON: one object ``{"format": "boundary-export", "version": 1,
"exported_at": ..., "since": "YYYY-MM-DD" or null, "days": [...],
"sessions": [...], "energy": [...], "supervision": [...]}`` whose lists
hold records with exactly the keys below (null where a value is missing).

CSV: one table with the fixed header `CSV_COLUMNS`. The first column,
``record``, says which kind of record a row is; a row fills the columns of
its kind and leaves the others empty. Days come first, then sessions,
energy ratings and supervision entries, each kind in time order.

=================  ===========  ===================================================
column             record       meaning
=================  ===========  ===================================================
record             every row    day, session, energy or supervision
date               every row    the local date: the work day's, or of the start/time
scheduled_end      day          when the day's last block was to end
closed_at          day          when "I'm done for the day" was said (empty: never)
overtime_min       day          minutes worked past the scheduled end
snoozes            day          how often the end of the day was put off
start              session      when the session started
length_min         session      its planned length
planned_end        session      start + planned length
ended_at           session      when it was ended (empty: never ended)
overrun_min        session      minutes past the planned end (0 on time; empty: never ended)
source             session      how it started: manual, calendar, ...
at                 energy,      when the rating was given, or the supervision
                   supervision  or check-in took place
rating             energy       energised, neutral or drained
tags               energy       the user's tags, separated by "; " (JSON: a list)
session_start      energy       start of the session the rating is about (empty: none)
what               supervision  supervision (the user's own) or check-in (with a supervisee)
initials           supervision  the supervisee's initials (check-ins)
=================  ===========  ===================================================
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from boundary_app.core.day_record import DayRecord
from boundary_app.core.sessions import Session
from boundary_app.core.wall import local_date, localize
from boundary_app.core.wellbeing import EnergyCheck, SupervisionHeld

FORMAT = "boundary-export"
VERSION = 1
FORMATS = ("csv", "json")
TAG_SEPARATOR = "; "

KINDS = ("days", "sessions", "energy", "supervision")
_RECORD = {"days": "day", "sessions": "session", "energy": "energy", "supervision": "supervision"}
CSV_COLUMNS = (
    "record",
    "date",
    "scheduled_end",
    "closed_at",
    "overtime_min",
    "snoozes",
    "start",
    "length_min",
    "planned_end",
    "ended_at",
    "overrun_min",
    "source",
    "at",
    "rating",
    "tags",
    "session_start",
    "what",
    "initials",
)
_MINUTE = timedelta(minutes=1)


@dataclass(frozen=True)
class ExportData:
    """What the journal holds for the export, each list in time order."""

    days: Sequence[DayRecord] = ()
    sessions: Sequence[tuple[Session, str]] = ()  # (session, source)
    energy: Sequence[EnergyCheck] = ()
    supervision: Sequence[SupervisionHeld] = ()

    def counts(self) -> dict[str, int]:
        return {kind: len(getattr(self, kind)) for kind in KINDS}


def records(data: ExportData, zone: tzinfo) -> dict[str, list[dict[str, Any]]]:
    """The records of each kind as plain values (what the JSON lists hold)."""
    stamp = _Stamp(zone)
    return {
        "days": [_day(d, stamp) for d in data.days],
        "sessions": [_session(s, source, stamp) for s, source in data.sessions],
        "energy": [_energy(e, stamp) for e in data.energy],
        "supervision": [_held(h, stamp) for h in data.supervision],
    }


def export_json(data: ExportData, zone: tzinfo, exported_at: datetime, since: date | None) -> str:
    document = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": _Stamp(zone)(exported_at),
        "since": since.isoformat() if since is not None else None,
        **records(data, zone),
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def export_csv(data: ExportData, zone: tzinfo) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, restval="")
    writer.writeheader()
    for kind, rows in records(data, zone).items():
        for row in rows:
            writer.writerow({"record": _RECORD[kind], **_csv_values(row)})
    return out.getvalue()


def export_text(
    fmt: str, data: ExportData, zone: tzinfo, exported_at: datetime, since: date | None
) -> str:
    """The document in `fmt` ("csv" or "json")."""
    if fmt == "json":
        return export_json(data, zone, exported_at, since)
    if fmt == "csv":
        return export_csv(data, zone)
    raise ValueError(f"unknown export format {fmt!r} (known: {', '.join(FORMATS)})")


def overrun_minutes(session: Session) -> int | None:
    """Whole minutes the session ran past its planned end; None if it was never ended."""
    if session.ended_at is None:
        return None
    return max(0, (session.ended_at - session.planned_end) // _MINUTE)


class _Stamp:
    """Instants as local ISO text with the offset, to the second."""

    def __init__(self, zone: tzinfo) -> None:
        self.zone = zone

    def __call__(self, instant: datetime | None) -> str | None:
        if instant is None:
            return None
        return localize(instant, self.zone).isoformat(timespec="seconds")

    def day(self, instant: datetime) -> str:
        return local_date(instant, self.zone).isoformat()


def _day(record: DayRecord, stamp: _Stamp) -> dict[str, Any]:
    # `went_well` stays out: the user's own words, which may mention clients.
    return {
        "date": record.day.isoformat(),
        "scheduled_end": stamp(record.scheduled_end),
        "closed_at": stamp(record.closed_at),
        "overtime_min": record.overtime_min,
        "snoozes": record.snoozes,
    }


def _session(session: Session, source: str, stamp: _Stamp) -> dict[str, Any]:
    return {
        "date": stamp.day(session.start),
        "start": stamp(session.start),
        "length_min": session.length // _MINUTE,
        "planned_end": stamp(session.planned_end),
        "ended_at": stamp(session.ended_at),
        "overrun_min": overrun_minutes(session),
        "source": source,
    }


def _energy(check: EnergyCheck, stamp: _Stamp) -> dict[str, Any]:
    return {
        "date": stamp.day(check.at),
        "at": stamp(check.at),
        "rating": check.rating.value,
        "tags": list(check.tags),
        "session_start": stamp(check.session_start),
    }


def _held(held: SupervisionHeld, stamp: _Stamp) -> dict[str, Any]:
    return {
        "date": stamp.day(held.at),
        "at": stamp(held.at),
        "what": held.what.value,
        "initials": held.initials,
    }


def _csv_values(row: dict[str, Any]) -> dict[str, str]:
    values = {}
    for key, value in row.items():
        if value is None:
            values[key] = ""
        elif isinstance(value, list):
            values[key] = TAG_SEPARATOR.join(value)
        else:
            values[key] = str(value)
    return values
