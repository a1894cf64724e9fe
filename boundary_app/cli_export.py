"""The command line's `export`: the journal as CSV or JSON, to a file or the terminal (no Qt).

What goes in, and the columns, are described in `core.export`; reading
the journal and writing the file (whole or not at all, owner-only, a CSV
file with a byte-order mark for spreadsheets) in `storage.journal_export`.
On the terminal a CSV has no byte-order mark.
"""

from __future__ import annotations

import re
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from boundary_app.core.i18n import N_, _, capitalized, ngettext

if TYPE_CHECKING:
    import argparse

    from boundary_app.core.clock import Clock
    from boundary_app.core.settings import Settings

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

# Marked here, translated when the parser is built (after the language is installed).
EXPORT_HELP = N_(
    "write your work days, sessions, overtime, energy ratings and supervision log"
    " for your own records or supervision"
)
EXPORT_EPILOG = N_(
    "Task texts, notes for supervision and what went well are never exported:"
    " they are private and may mention clients."
)


def add_parser(sub: Any, default_config: str) -> None:
    export_help = _(EXPORT_HELP)
    p = sub.add_parser(
        "export",
        help=export_help,
        description=f"{capitalized(export_help)}.",
        epilog=_(EXPORT_EPILOG),
    )
    p.add_argument("--format", required=True, choices=("csv", "json"), help=_("csv or json"))
    p.add_argument(
        "--since",
        metavar="DATE",
        help=_("only from this day on, YYYY-MM-DD (default: everything)"),
    )
    p.add_argument(
        "--output",
        type=Path,
        metavar="FILE",
        help=_("write to FILE, readable by you only (default: print it)"),
    )
    p.add_argument("--config", default=default_config, help=_("settings file to use"))


def parse_since(text: str | None) -> date | None:
    """The `--since` date; ValueError with the message for the user."""
    if text is None:
        return None
    try:
        if _DATE.fullmatch(text) is None:
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        reason = _('"{text}" is not a date (use YYYY-MM-DD)').format(text=text)
        raise ValueError(f"export: --since: {reason}") from None


def run_export(args: argparse.Namespace, settings: Settings, clock: Clock) -> int:
    from boundary_app.cli_tasks import CommandFailed, command_journal
    from boundary_app.core.export import export_text
    from boundary_app.storage.journal import JournalError
    from boundary_app.storage.journal_export import ExportError, read_export, write_export

    try:
        since = parse_since(args.since)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE
    try:
        with command_journal(clock) as journal:
            if not journal.available:  # the stand-in: its notice was printed
                return EXIT_PROBLEMS
            data = read_export(journal, settings.zone, since)
    except CommandFailed as exc:
        print(exc, file=sys.stderr)
        return exc.status
    except JournalError as exc:
        print(f"export: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    text = export_text(args.format, data, settings.zone, clock.now(), since)
    if args.output is None:
        sys.stdout.write(text)
        return EXIT_OK
    try:
        write_export(args.output, args.format, text)
    except ExportError as exc:
        print(f"export: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    counts = data.counts()
    days, sessions = counts["days"], counts["sessions"]
    ratings, entries = counts["energy"], counts["supervision"]
    print(
        _("Exported {days}, {sessions}, {ratings} and {entries} to {file}.").format(
            days=ngettext("{count} day", "{count} days", days).format(count=days),
            sessions=ngettext("{count} session", "{count} sessions", sessions).format(
                count=sessions
            ),
            ratings=ngettext("{count} energy rating", "{count} energy ratings", ratings).format(
                count=ratings
            ),
            entries=ngettext(
                "{count} supervision entry", "{count} supervision entries", entries
            ).format(count=entries),
            file=args.output,
        )
    )
    return EXIT_OK
