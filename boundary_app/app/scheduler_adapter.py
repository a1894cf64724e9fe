"""The plan as date jobs on one timer, fired on the GUI thread (app).

`JobTimer` keeps one reusable precise `QTimer` aimed at the earliest job and
runs due jobs inline, in time order. It replaces APScheduler's `QtScheduler`,
which the design first named: that library loads asyncio, multiprocessing
and thread pools the app never uses (about 15 MB of the idle app's memory,
a third of what the whole app may add to a bare Qt tray), and its stock Qt
scheduler ran jobs on a worker thread and leaked one timer chain per change.
Date jobs on one timer are all Boundary needs.

Jobs never do work themselves: they only queue the nudge, and the queue is
handed on in one batch (`due`) once the timer's loop is done, so nudges that
come due together after a sleep can be judged together. Lateness is judged
by `core.triage`; a job here runs however late it is.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from functools import partial
from typing import Protocol

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from boundary_app.core.clock import Clock, SystemClock
from boundary_app.core.nudge import Nudge

log = logging.getLogger(__name__)

_MAX_WAIT_MS = 2**31 - 1  # QTimer's longest wait, about 24.8 days: it re-aims after


class Jobs(Protocol):
    """What `NudgeScheduler` needs of a job timer (the real one, or a test's stepped one)."""

    running: bool

    def start(self) -> None: ...

    def shutdown(self) -> None: ...

    def add(self, key: str, run_at: datetime, job: Callable[[], None]) -> None: ...

    def remove(self, key: str) -> None: ...

    def keys(self) -> set[str]: ...

    def wakeup(self) -> None: ...


class JobTimer(QObject):
    """Date jobs keyed by name, run on the GUI thread when the real clock reaches them."""

    def __init__(self, real: Clock | None = None) -> None:
        super().__init__()
        self._real = real or SystemClock()
        self._jobs: dict[str, tuple[datetime, Callable[[], None]]] = {}
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self.run_due)
        self.running = False

    def start(self) -> None:
        self.running = True
        log.info("nudge timer started")
        self._aim()

    def shutdown(self) -> None:
        self.running = False
        self._timer.stop()

    def add(self, key: str, run_at: datetime, job: Callable[[], None]) -> None:
        """Run `job` at the real instant `run_at` (aware); a key added again replaces its job."""
        self._jobs[key] = (run_at.astimezone(UTC), job)
        self._aim()

    def remove(self, key: str) -> None:
        if self._jobs.pop(key, None) is not None:
            self._aim()

    def keys(self) -> set[str]:
        return set(self._jobs)

    def wakeup(self) -> None:
        """Look for due jobs as soon as the event loop is free (after a resume or a clock jump)."""
        if self.running:
            self._timer.start(0)

    def run_due(self) -> None:
        """Run every job whose instant has come, earliest first; then aim at the next."""
        if not self.running:
            return
        now = self._real.now()
        due = sorted((at, key) for key, (at, _job) in self._jobs.items() if at <= now)
        for _at, key in due:
            _run_at, job = self._jobs.pop(key)
            log.info('running job "%s"', key)
            try:
                job()
            except Exception:  # one broken job must not stop the timer or the others
                log.exception('job "%s" failed', key)
        self._aim()

    def _aim(self) -> None:
        self._timer.stop()
        if not self.running or not self._jobs:
            return  # nothing to wait for: no wake-ups at all
        wait = (min(at for at, _job in self._jobs.values()) - self._real.now()).total_seconds()
        # Rounded up: a timer that fires a moment early finds nothing due and fires again.
        self._timer.start(min(max(0, math.ceil(wait * 1000)), _MAX_WAIT_MS))


def job_id(nudge: Nudge) -> str:
    return f"{nudge.kind.value}|{nudge.at.isoformat()}"


class NudgeScheduler(QObject):
    """Keeps one date job per planned nudge and hands on the ones that come due."""

    due = Signal(list)  # list[Nudge], in order, all that came due together

    def __init__(self, clock: Clock, jobs: Jobs | None = None) -> None:
        super().__init__()
        self._clock = clock
        self._jobs: Jobs = jobs if jobs is not None else JobTimer()
        self._planned: dict[str, Nudge] = {}
        self._pending: list[Nudge] = []
        self._flush = QTimer(self)
        self._flush.setSingleShot(True)
        self._flush.setInterval(0)
        self._flush.timeout.connect(self._hand_on)

    def start(self) -> None:
        self._jobs.start()

    def shutdown(self) -> None:
        if self._jobs.running:
            self._jobs.shutdown()

    @property
    def job_ids(self) -> set[str]:
        return self._jobs.keys()

    def apply(self, nudges: Iterable[Nudge]) -> None:
        """Make the jobs match `nudges`: remove the stale, add the new, keep the rest.

        A job whose nudge has come due but not run yet stays even when the new
        plan (made from now on) has left it out: after a clock jump or a resume
        the re-plan comes before the jobs' timer, and such a nudge must still
        reach `core.triage` (shown if it still helps, else logged as missed)
        instead of vanishing unlogged. `recheck()` runs it.
        """
        wanted = {job_id(n): n for n in nudges}
        now = self._clock.now()
        for stale in set(self._planned) - set(wanted):
            if self._planned[stale].at > now:
                self._remove(stale)
        for key, nudge in wanted.items():
            if key not in self._planned:
                run_at = self._clock.to_real(nudge.at)
                self._jobs.add(key, run_at, partial(self._queue, key))
                self._planned[key] = nudge
        log.debug("%d nudges scheduled", len(self._planned))

    def _remove(self, key: str) -> None:
        self._planned.pop(key, None)
        self._jobs.remove(key)  # a job that ran is gone already: nothing to do

    def _queue(self, key: str) -> None:
        nudge = self._planned.pop(key, None)
        if nudge is not None:
            self._pending.append(nudge)
            self._flush.start()

    def _hand_on(self) -> None:
        batch, self._pending = sorted(self._pending, key=lambda n: n.at), []
        if batch:
            self.due.emit(batch)

    def recheck(self) -> None:
        """Look for due jobs now, e.g. after a resume: timers do not run during sleep."""
        self._jobs.wakeup()
