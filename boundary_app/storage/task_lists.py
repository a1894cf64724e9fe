"""The task lists people see, read from the journal (storage).

Shared by the windows (through `app.task_board`) and the command line, so
both number and order tasks the same way.
"""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from boundary_app.core.tasks import Task
from boundary_app.core.wall import start_of_day
from boundary_app.storage.journal import Journal


def todays_tasks(journal: Journal, day: date, zone: ZoneInfo) -> list[Task]:
    """Open tasks meant for `day` or earlier (carried in), and those checked off on `day`.

    Carried tasks come first, each day's in the order the user gave them.
    """
    start, end = start_of_day(day, zone), start_of_day(day + timedelta(days=1), zone)
    found = {t.id: t for t in journal.open_tasks_through(day)}
    for task in journal.done_between(start, end):
        if task.for_day <= day:
            found[task.id] = task
    return sorted(found.values(), key=lambda t: (t.for_day, t.position, t.id))
