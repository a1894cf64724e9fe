"""The command line's task and day commands, which work with or without the app (no Qt).

`tasks` lists, adds and ticks off tasks straight in the journal (SQLite
lets the app and the command line write it safely at once) and then tells
a running app to show the change. `done --now` without a running app
closes the day in the journal; the app reads it when it starts.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from boundary_app.core.handoff import closing_record, handoff_days
from boundary_app.core.i18n import (
    _,
    month_short,
    ngettext,
    pgettext,
    time_text,
    weekday_name,
    weekday_short,
)
from boundary_app.core.status_text import when
from boundary_app.core.tasks import Task, TaskTextError
from boundary_app.core.wall import localize
from boundary_app.core.workday import workday
from boundary_app.storage import paths
from boundary_app.storage.journal import (
    Journal,
    JournalError,
    JournalNewerError,
    open_journal,
)
from boundary_app.storage.task_lists import todays_tasks

if TYPE_CHECKING:
    from boundary_app.core.clock import Clock
    from boundary_app.core.settings import Settings

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class CommandFailed(Exception):
    """Stop the command with this message and exit status."""

    def __init__(self, message: str, status: int = EXIT_PROBLEMS) -> None:
        super().__init__(message)
        self.status = status


@contextmanager
def command_journal(clock: Clock) -> Iterator[Journal]:
    try:
        opened = open_journal(paths.journal_path(), now=clock.now())
    except JournalNewerError as exc:
        raise CommandFailed(str(exc), EXIT_USAGE) from exc
    if opened.notice:
        print(opened.notice, file=sys.stderr)
    try:
        yield opened.journal
    finally:
        opened.journal.close()


@dataclass(frozen=True)
class _Lists:
    today: date
    tomorrow: date
    today_tasks: list[Task]
    tomorrow_tasks: list[Task]

    def numbered(self) -> list[Task]:
        """Every task as `tasks` numbers them: today's first, then tomorrow's."""
        return self.today_tasks + self.tomorrow_tasks


def _lists(journal: Journal, settings: Settings, clock: Clock) -> _Lists:
    days = handoff_days(settings, clock.now())
    return _Lists(
        days.today,
        days.tomorrow,
        todays_tasks(journal, days.today, settings.zone),
        journal.tasks_for(days.tomorrow),
    )


def run_tasks(args: Any, settings: Settings, clock: Clock) -> int:
    """`tasks`, `tasks add TEXT [--tomorrow]`, `tasks done N`."""
    try:
        with command_journal(clock) as journal:
            if args.action == "add":
                _add(journal, settings, clock, " ".join(args.text), args.tomorrow)
            elif args.action == "done":
                _tick(journal, settings, clock, args.number)
            else:
                _print_lists(_lists(journal, settings, clock), args.json)
                return EXIT_OK
    except CommandFailed as exc:
        print(exc, file=sys.stderr)
        return exc.status
    except JournalError as exc:
        print(exc, file=sys.stderr)
        return EXIT_PROBLEMS
    tell_app()
    return EXIT_OK


def _add(journal: Journal, settings: Settings, clock: Clock, text: str, tomorrow: bool) -> None:
    days = handoff_days(settings, clock.now())
    day = days.tomorrow if tomorrow else days.today
    try:
        task = journal.add_task(text, day, clock.now())
    except TaskTextError as exc:
        raise CommandFailed(_("Not added: {reason}").format(reason=exc), EXIT_USAGE) from exc
    except ValueError as exc:
        raise CommandFailed(_("Not added: the task has no text."), EXIT_USAGE) from exc
    lists = _lists(journal, settings, clock)
    number = next(i for i, t in enumerate(lists.numbered(), 1) if t.id == task.id)
    if day == lists.today:
        added = _("Added to today's list: {number}. {text}")
    else:
        added = _("Added to the list for {weekday} {date}: {number}. {text}")
    print(
        added.format(
            weekday=weekday_name(day.weekday()),
            date=day.isoformat(),
            number=number,
            text=task.text,
        )
    )


def _tick(journal: Journal, settings: Settings, clock: Clock, number: int) -> None:
    lists = _lists(journal, settings, clock)
    tasks = lists.numbered()
    if not 1 <= number <= len(tasks):
        if tasks:
            missing = _(
                "There is no task {number} (see `boundary-app tasks`; numbers: 1 to {last})."
            )
        else:
            missing = _(
                "There is no task {number} (see `boundary-app tasks`;"
                " numbers: none: the lists are empty)."
            )
        raise CommandFailed(missing.format(number=number, last=len(tasks)))
    task = tasks[number - 1]
    if task.done:
        print(_("Already done: {number}. {text}").format(number=number, text=task.text))
        return
    journal.set_done(task.id, clock.now())
    print(_("Done: {number}. {text}").format(number=number, text=task.text))


def short_day_text(day: date) -> str:
    """ "Wed 02 Dec": a short date with a two-digit day, for lists printed in columns."""
    return pgettext("date, short", "{weekday} {day} {month}").format(
        weekday=weekday_short(day.weekday()), day=f"{day.day:02d}", month=month_short(day.month)
    )


def _print_lists(lists: _Lists, as_json: bool) -> None:
    if as_json:
        numbered = iter(range(1, len(lists.numbered()) + 1))

        def entries(tasks: list[Task]) -> list[dict[str, Any]]:
            return [
                {
                    "number": next(numbered),
                    "text": t.text,
                    "done": t.done,
                    "for_day": t.for_day.isoformat(),
                }
                for t in tasks
            ]

        data = {
            "today": {"date": lists.today.isoformat(), "tasks": entries(lists.today_tasks)},
            "tomorrow": {
                "date": lists.tomorrow.isoformat(),
                "tasks": entries(lists.tomorrow_tasks),
            },
        }
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return
    number = 0
    for title, day, tasks in (
        (_("Today, {weekday} {date}"), lists.today, lists.today_tasks),
        (_("For {weekday} {date}"), lists.tomorrow, lists.tomorrow_tasks),
    ):
        print(title.format(weekday=weekday_name(day.weekday()), date=day.isoformat()))
        if not tasks:
            print("  " + _("(nothing)"))
        for task in tasks:
            number += 1
            carried = (
                "  " + _("(from {date})").format(date=short_day_text(task.for_day))
                if (task.for_day < lists.today)
                else ""
            )
            print(f"  {number:>2}. [{'x' if task.done else ' '}] {task.text}{carried}")


def tell_app(command: str = "tasks.changed") -> None:
    """Let a running app show the change (nothing to do when none runs)."""
    from boundary_app import ipc

    with suppress(ipc.NotRunningError, ipc.ProtocolError, OSError):
        ipc.request(paths.socket_path(), command)


def close_day_alone(settings: Settings, clock: Clock) -> int:
    """`done --now` with no app running: write the closed day to the journal."""
    now = clock.now()
    day = handoff_days(settings, now).today
    try:
        with command_journal(clock) as journal:
            record = closing_record(settings, day, now, journal.day(day))
            journal.save_day(record)
            waiting = len(journal.open_tasks_through(handoff_days(settings, now).tomorrow))
    except CommandFailed as exc:
        print(exc, file=sys.stderr)
        return exc.status
    except JournalError as exc:
        print(_("The day was not closed: {reason}").format(reason=exc), file=sys.stderr)
        return EXIT_PROBLEMS
    tomorrow = handoff_days(settings, now).tomorrow
    start = workday(settings, tomorrow)
    sentences = [
        _("{weekday}'s work day is closed ({time}).").format(
            weekday=weekday_name(day.weekday()), time=time_text(localize(now, settings.zone))
        )
    ]
    if start.blocks:
        sentences.append(
            _("Boundary stays quiet until {when}.").format(
                when=when(start.start, now, settings.zone)
            )
        )
    else:
        sentences.append(_("Boundary stays quiet."))
    if waiting:
        sentences.append(
            ngettext(
                "{count} task waits for {weekday}.", "{count} tasks wait for {weekday}.", waiting
            ).format(count=waiting, weekday=weekday_name(tomorrow.weekday()))
        )
    print(" ".join(sentences))
    return EXIT_OK
