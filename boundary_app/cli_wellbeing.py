"""The command line's well-being commands: `energy`, `note`, `notes` (no Qt).

Like `tasks`, they work straight in the journal (the app may have it open
too) and then tell a running app to show the change. Notes for supervision
are the user's own text: they are printed only here, on request.

The parsers are added by `add_parsers`; everything heavier is imported
when a command runs, so starting the tray app does not load it.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from boundary_app.core.i18n import _, pgettext

if TYPE_CHECKING:
    from boundary_app.core.clock import Clock
    from boundary_app.core.settings import Settings
    from boundary_app.core.wellbeing import SupervisionNote
    from boundary_app.storage.journal import Journal
    from boundary_app.storage.wellbeing_records import WellbeingRecords

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
CHANGED = "wellbeing.changed"  # the IPC message that makes a running app refresh

_RATINGS = {
    "energised": ("energised", "energized", "e", "+"),
    "neutral": ("neutral", "n", "0"),
    "drained": ("drained", "d", "-"),
}
_RATING_WORDS = {word: rating for rating, words in _RATINGS.items() for word in words}


def _rating_arg(text: str) -> str:
    rating = _RATING_WORDS.get(text.strip().lower())
    if rating is None:
        raise argparse.ArgumentTypeError(
            _(
                '"{text}" is not a rating'
                " (use energised, neutral or drained; or e, n, d; or +, 0, -)"
            ).format(text=text)
        )
    return rating


def _rating_name(rating: str) -> str:
    """A rating ("energised") as the user reads it."""
    names = {
        # Translators: how a session left the user, after "Energy kept:".
        "energised": pgettext("energy rating", "energised"),
        "neutral": pgettext("energy rating", "neutral"),
        "drained": pgettext("energy rating", "drained"),
    }
    return names.get(rating, rating)


def add_parsers(sub: Any, default_config: str) -> None:
    """`energy`, `note` and `notes` on the command line's subparsers."""
    config_help = _("settings file to use (default: %(default)s)")
    p = sub.add_parser("energy", help=_("note how the last session left you"))
    p.add_argument(
        "rating",
        type=_rating_arg,
        metavar="RATING",
        help=_("energised, neutral or drained (or e, n, d; or +, 0, -)"),
    )
    p.add_argument(
        "--tag",
        action="append",
        default=[],
        dest="tags",
        metavar="TAG",
        help=_("one of your tags (repeat for more)"),
    )
    p.add_argument("--config", default=default_config, help=config_help)

    p = sub.add_parser("note", help=_("keep a thought for your next supervision"))
    p.add_argument("text", nargs="+", help=_("the note (quotes not needed)"))

    p = sub.add_parser("notes", help=_("list your open notes for supervision, or check one off"))
    p.add_argument("--config", default=default_config, help=config_help)
    p.add_argument("--json", action="store_true", help=_("print a JSON object"))
    notes = p.add_subparsers(dest="action", metavar="ACTION")
    done = notes.add_parser("done", help=_("check off note N (as numbered by `notes`)"))
    done.add_argument("number", type=_number_arg, metavar="N")
    done.add_argument("--config", default=argparse.SUPPRESS, help=_("settings file to use"))


def _number_arg(text: str) -> int:
    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= 100_000:
        raise argparse.ArgumentTypeError(
            _('"{text}" is not a note number from {low} to {high}').format(
                text=text, low=1, high=100_000
            )
        )
    return int(text)


def run_wellbeing(
    args: argparse.Namespace, clock: Clock, load_settings: Callable[[], Settings | None]
) -> int:
    """`energy RATING [--tag T]...`, `note TEXT`, `notes [--json]`, `notes done N`."""
    from boundary_app.cli_tasks import CommandFailed, command_journal, tell_app
    from boundary_app.storage.journal import JournalError
    from boundary_app.storage.wellbeing_records import WellbeingRecords

    settings = None
    if args.command != "note":
        settings = load_settings()
        if settings is None:
            return EXIT_USAGE
    try:
        with command_journal(clock) as journal:
            records = WellbeingRecords(journal)
            if args.command == "energy":
                assert settings is not None
                _energy(journal, records, settings, clock, args.rating, args.tags)
            elif args.command == "note":
                _note(records, clock, " ".join(args.text))
            elif args.action == "done":
                _check_off(records, clock, args.number)
            else:
                assert settings is not None
                _print_notes(records.open_notes(), settings, args.json)
                return EXIT_OK
    except CommandFailed as exc:
        print(exc, file=sys.stderr)
        return exc.status
    except JournalError as exc:
        print(exc, file=sys.stderr)
        return EXIT_PROBLEMS
    tell_app(CHANGED)
    return EXIT_OK


# ---- energy ----------------------------------------------------------------------


def _energy(
    journal: Journal,
    records: WellbeingRecords,
    settings: Settings,
    clock: Clock,
    rating: str,
    tags: list[str],
) -> None:
    from boundary_app.core.i18n import time_text
    from boundary_app.core.wall import localize
    from boundary_app.core.wellbeing import Energy, EnergyCheck

    kept = _checked_tags(settings, tags)
    now = clock.now()
    session = _session_to_rate(journal, settings, now)
    check = EnergyCheck(now, Energy(rating), kept, session)
    records.add_energy(check)
    if session and kept:
        kept_text = _("Energy kept: {rating}, for the {time} session; tags: {tags}.")
    elif session:
        kept_text = _("Energy kept: {rating}, for the {time} session.")
    elif kept:
        kept_text = _("Energy kept: {rating}; tags: {tags}.")
    else:
        kept_text = _("Energy kept: {rating}.")
    print(
        kept_text.format(
            rating=_rating_name(rating),
            time=time_text(localize(session, settings.zone)) if session else "",
            tags=", ".join(kept),
        )
    )


def _checked_tags(settings: Settings, tags: list[str]) -> tuple[str, ...]:
    """The tags as kept: cleaned, repeats dropped, spelled as in the user's list if there is one."""
    from boundary_app.cli_tasks import CommandFailed
    from boundary_app.core.wellbeing import TAG_MAX, clean_tag

    rules = getattr(settings, "energy", None)
    own: tuple[str, ...] = tuple(getattr(rules, "tags", ()) or ())
    by_fold = {tag.casefold(): tag for tag in own}
    kept: list[str] = []
    for tag in tags:
        cleaned = clean_tag(tag)
        if cleaned is None:
            raise CommandFailed(
                _('Not kept: "{tag}" is not a tag (1 to {most} characters).').format(
                    tag=tag, most=TAG_MAX
                ),
                EXIT_USAGE,
            )
        if own:
            known = by_fold.get(cleaned.casefold())
            if known is None:
                raise CommandFailed(
                    _('Not kept: "{tag}" is not one of your tags ({tags}).').format(
                        tag=cleaned, tags=", ".join(own)
                    ),
                    EXIT_USAGE,
                )
            cleaned = known
        if cleaned not in kept:
            kept.append(cleaned)
    return tuple(kept)


def _session_to_rate(journal: Journal, settings: Settings, now: datetime) -> datetime | None:
    """Start of the session a rating now is about (`core.wellbeing.session_to_rate`)."""
    from boundary_app.core.wall import local_date, start_of_day
    from boundary_app.core.wellbeing import session_to_rate

    today = start_of_day(local_date(now, settings.zone), settings.zone)
    sessions = [session for _id, session, _source in journal.sessions_since(today)]
    found = session_to_rate(sessions, now, settings.zone)
    return found.start if found is not None else None


# ---- notes -----------------------------------------------------------------------


def _note(records: WellbeingRecords, clock: Clock, text: str) -> None:
    from boundary_app.cli_tasks import CommandFailed
    from boundary_app.core.wellbeing import NOTE_MAX

    length = _cleaned_length(text)
    if length == 0:
        raise CommandFailed(_("Not kept: a note needs some text."), EXIT_USAGE)
    if length > NOTE_MAX:
        raise CommandFailed(
            _("Not kept: a note can have {most} characters; this one has {length}.").format(
                most=NOTE_MAX, length=f"{length:,}"
            ),
            EXIT_USAGE,
        )
    note = records.add_note(text, clock.now())
    number = next(i for i, n in enumerate(records.open_notes(), 1) if n.id == note.id)
    print(
        _("Kept for supervision: {number}. {text}").format(number=number, text=_one_line(note.text))
    )


def _cleaned_length(text: str) -> int:
    """How long the note is once cleaned as `clean_note` cleans it, before any cut."""
    lines = [" ".join(line.split()) for line in text.strip().splitlines()]
    return len("\n".join(line for line in lines if line))


def _check_off(records: WellbeingRecords, clock: Clock, number: int) -> None:
    from boundary_app.cli_tasks import CommandFailed

    notes = records.open_notes()
    if not 1 <= number <= len(notes):
        if notes:
            missing = _(
                "There is no note {number} (see `boundary-app notes`; numbers: 1 to {last})."
            )
        else:
            missing = _(
                "There is no note {number} (see `boundary-app notes`;"
                " numbers: none: no note is open)."
            )
        raise CommandFailed(missing.format(number=number, last=len(notes)))
    note = notes[number - 1]
    records.set_note_done(note.id, clock.now())
    print(_("Talked through: {number}. {text}").format(number=number, text=_one_line(note.text)))


def _print_notes(notes: list[SupervisionNote], settings: Settings, as_json: bool) -> None:
    from boundary_app.cli_tasks import short_day_text
    from boundary_app.core.wall import localize

    if as_json:
        entries = [
            {
                "number": number,
                "text": note.text,
                "created_at": localize(note.created_at, settings.zone).isoformat(
                    timespec="seconds"
                ),
            }
            for number, note in enumerate(notes, 1)
        ]
        print(json.dumps({"notes": entries}, ensure_ascii=False, indent=2))
        return
    if not notes:
        print(_("No open notes for supervision."))
        return
    print(_("Notes for supervision"))
    for number, note in enumerate(notes, 1):
        created = short_day_text(localize(note.created_at, settings.zone).date())
        print(f"  {number:>2}. {_indented(note.text)}  ({created})")


def _one_line(text: str) -> str:
    return text.replace("\n", " / ")


def _indented(text: str) -> str:
    """A note's later lines lined up under its first."""
    return text.replace("\n", "\n      ")
