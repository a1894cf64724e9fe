"""The plan as APScheduler date jobs, fired on the GUI thread (app).

APScheduler 3.11's stock `QtScheduler` has two traps: its default executor
runs jobs on a worker thread, and each add/modify/reschedule starts one
more `QTimer.singleShot` chain that is never stopped, so wake-ups multiply.
`SingleTimerQtScheduler` keeps one reusable `QTimer` and runs jobs inline.

Jobs never do work themselves: they only queue the nudge, and the queue is
handed on in one batch (`due`) once the scheduler's loop is done, so nudges
that come due together after a sleep can be judged together.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import UTC
from typing import Any

from apscheduler.executors.debug import DebugExecutor
from apscheduler.schedulers.qt import QtScheduler
from PySide6.QtCore import QObject, Qt, QTimer, Signal

from boundary_app.core.clock import Clock
from boundary_app.core.nudge import Nudge

log = logging.getLogger(__name__)

_MAX_WAIT_MS = 2**31 - 1


class SingleTimerQtScheduler(QtScheduler):  # type: ignore[misc]  # untyped library
    """A `QtScheduler` with one reusable timer and an inline executor."""

    def __init__(self, **options: Any) -> None:
        self._qtimer = QTimer()
        self._qtimer.setSingleShot(True)
        self._qtimer.setTimerType(Qt.TimerType.PreciseTimer)
        self._qtimer.timeout.connect(self._process_jobs)
        options.setdefault("executors", {"default": DebugExecutor()})
        # Lateness is judged by `core.triage`, not by a grace period here.
        options.setdefault("job_defaults", {"misfire_grace_time": None, "coalesce": True})
        options.setdefault("timezone", UTC)
        super().__init__(**options)

    def _start_timer(self, wait_seconds: float | None) -> None:
        self._qtimer.stop()
        if wait_seconds is not None:
            self._qtimer.start(min(max(0, int(wait_seconds * 1000)), _MAX_WAIT_MS))

    def _stop_timer(self) -> None:
        self._qtimer.stop()

    def wakeup(self) -> None:
        self._start_timer(0)


def job_id(nudge: Nudge) -> str:
    return f"{nudge.kind.value}|{nudge.at.isoformat()}"


class NudgeScheduler(QObject):
    """Keeps one date job per planned nudge and hands on the ones that come due."""

    due = Signal(list)  # list[Nudge], in order, all that came due together

    def __init__(self, clock: Clock, scheduler: Any | None = None) -> None:
        super().__init__()
        self._clock = clock
        self._scheduler = scheduler if scheduler is not None else SingleTimerQtScheduler()
        self._planned: dict[str, Nudge] = {}
        self._pending: list[Nudge] = []
        self._flush = QTimer(self)
        self._flush.setSingleShot(True)
        self._flush.setInterval(0)
        self._flush.timeout.connect(self._hand_on)

    def start(self) -> None:
        self._scheduler.start()

    def shutdown(self) -> None:
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)

    @property
    def job_ids(self) -> set[str]:
        return {job.id for job in self._scheduler.get_jobs()}

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
                run_at = self._clock.to_real(nudge.at).astimezone(UTC)
                self._scheduler.add_job(
                    self._queue, "date", run_date=run_at, args=[key], id=key, name=key
                )
                self._planned[key] = nudge
        log.debug("%d nudges scheduled", len(self._planned))

    def _remove(self, key: str) -> None:
        self._planned.pop(key, None)
        try:
            self._scheduler.remove_job(key)
        except Exception:  # it ran already: APScheduler drops fired date jobs
            log.debug("job %s was already gone", key)

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
        self._scheduler.wakeup()
