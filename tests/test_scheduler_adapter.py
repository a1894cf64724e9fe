"""The plan as scheduler jobs: the job set follows each re-plan; jobs fire on the GUI thread."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial

import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from boundary_app.app.scheduler_adapter import JobTimer, NudgeScheduler, job_id
from boundary_app.core.clock import FixedClock, PretendClock, SystemClock
from boundary_app.core.nudge import Nudge, NudgeKind
from tests.helpers import at


@dataclass
class SteppedJobs:
    """A job timer that runs a job only when the test says so."""

    jobs: dict[str, tuple[datetime, Callable[[], None]]] = field(default_factory=dict)
    added: list[str] = field(default_factory=list)
    running: bool = False

    def start(self) -> None:
        self.running = True

    def shutdown(self) -> None:
        self.running = False

    def add(self, key: str, run_at: datetime, job: Callable[[], None]) -> None:
        self.jobs[key] = (run_at, job)
        self.added.append(key)

    def remove(self, key: str) -> None:
        self.jobs.pop(key, None)

    def keys(self) -> set[str]:
        return set(self.jobs)

    def wakeup(self) -> None:
        pass

    def fire(self, key: str) -> None:
        _at, job = self.jobs.pop(key)
        job()


def n(kind: NudgeKind, when: str) -> Nudge:
    return Nudge(kind, at(when), kind.value, "")


A = n(NudgeKind.DAY_WRAPUP, "2026-12-03T16:30:00-05:00")
B = n(NudgeKind.DAY_END, "2026-12-03T17:00:00-05:00")
C = n(NudgeKind.DAY_OVERTIME, "2026-12-03T17:15:00-05:00")


def test_each_replan_leaves_exactly_the_planned_jobs(qtbot: QtBot) -> None:
    fake = SteppedJobs()
    scheduler = NudgeScheduler(FixedClock(at("2026-12-03T16:00:00-05:00")), fake)
    scheduler.apply([A, B])
    assert scheduler.job_ids == {job_id(A), job_id(B)}
    scheduler.apply([B, C])
    assert scheduler.job_ids == {job_id(B), job_id(C)}
    assert fake.added == [job_id(A), job_id(B), job_id(C)]  # B was kept, not added again
    scheduler.apply([])
    assert scheduler.job_ids == set()


def test_nudges_due_together_are_handed_on_in_one_batch(qtbot: QtBot) -> None:
    fake = SteppedJobs()
    scheduler = NudgeScheduler(FixedClock(at("2026-12-03T16:00:00-05:00")), fake)
    scheduler.apply([A, B, C])
    with qtbot.waitSignal(scheduler.due) as due:
        fake.fire(job_id(B))
        fake.fire(job_id(A))
    assert due.args[0] == [A, B]
    scheduler.apply([A, B, C])  # a fired nudge planned again is scheduled again
    assert scheduler.job_ids == {job_id(A), job_id(B), job_id(C)}


def test_a_due_job_left_out_of_a_replan_still_runs(qtbot: QtBot) -> None:
    # After a resume the re-plan (from now on) comes before the jobs' timer: the
    # wrap-up that came due meanwhile must still reach triage, not vanish unlogged.
    fake = SteppedJobs()
    clock = FixedClock(at("2026-12-03T16:00:00-05:00"))
    scheduler = NudgeScheduler(clock, fake)
    scheduler.apply([A, B, C])
    clock.advance(timedelta(minutes=31))  # 16:31: A is due but has not run
    scheduler.apply([C])  # the new plan has neither A (past) nor B (dropped)
    assert scheduler.job_ids == {job_id(A), job_id(C)}  # B was not due: it goes
    with qtbot.waitSignal(scheduler.due, timeout=1000) as due:
        fake.fire(job_id(A))
    assert due.args[0] == [A]


def test_jobs_run_at_the_real_instant_of_a_pretend_time(qtbot: QtBot) -> None:
    fake = SteppedJobs()
    real = FixedClock(at("2026-11-26T21:00:00+00:00"))
    pretend = PretendClock(at("2026-12-03T16:29:00-05:00"), speed=60, base=real)
    NudgeScheduler(pretend, fake).apply([A])
    assert fake.jobs[job_id(A)][0] == at("2026-11-26T21:00:01+00:00")


def test_the_real_timer_fires_on_the_gui_thread_with_one_timer(qtbot: QtBot) -> None:
    jobs = JobTimer()
    scheduler = NudgeScheduler(SystemClock(), jobs)
    scheduler.start()
    soon = SystemClock().now() + timedelta(milliseconds=300)
    nudge = Nudge(NudgeKind.SESSION_END, soon, "Session time is up", "")
    threads: list[threading.Thread] = []
    scheduler.due.connect(lambda batch: threads.append(threading.current_thread()))
    for _ in range(20):  # many re-plans must not multiply timers
        scheduler.apply([])
        scheduler.apply([nudge])
    assert len(jobs.findChildren(QTimer)) == 1
    with qtbot.waitSignal(scheduler.due, timeout=5000) as due:
        pass
    assert due.args[0] == [nudge]
    assert threads == [threading.main_thread()]
    assert SystemClock().now() >= soon  # not a moment early
    assert not jobs.findChildren(QTimer)[0].isActive()  # nothing left: no wake-ups at all
    scheduler.shutdown()


def started_at(now: str) -> tuple[FixedClock, JobTimer, list[str]]:
    """A running job timer on a stopped real clock, and the list its jobs write their names to."""
    real = FixedClock(at(now))
    jobs = JobTimer(real)
    jobs.start()
    return real, jobs, []


def test_jobs_that_came_due_while_away_run_once_each_in_time_order(qtbot: QtBot) -> None:
    real, jobs, ran = started_at("2026-12-03T16:00:00-05:00")
    for key, when in (("C", "17:15"), ("A", "16:30"), ("B", "17:00"), ("D", "18:00")):
        jobs.add(key, at(f"2026-12-03T{when}:00-05:00"), partial(ran.append, key))
    real.advance(timedelta(hours=1, minutes=20))  # a sleep until 17:20: timers stood still
    jobs.run_due()
    assert ran == ["A", "B", "C"]
    assert jobs.keys() == {"D"}
    jobs.run_due()
    assert ran == ["A", "B", "C"]  # each once


def test_a_wait_longer_than_a_qt_timer_holds_is_waited_out_in_parts(qtbot: QtBot) -> None:
    real, jobs, ran = started_at("2026-12-03T16:00:00-05:00")
    jobs.add("far", at("2027-01-20T09:00:00-05:00"), partial(ran.append, "far"))
    (timer,) = jobs.findChildren(QTimer)
    assert timer.isActive()
    assert timer.interval() == 2**31 - 1  # about 24.8 days
    real.advance(timedelta(days=24, hours=20))
    jobs.run_due()  # the Qt timer ran out before the job's time: nothing runs yet
    assert ran == []
    assert timer.isActive()
    assert timer.interval() < 2**31 - 1
    real.advance(timedelta(days=30))
    jobs.run_due()
    assert ran == ["far"]


def test_a_stopped_timer_runs_nothing(qtbot: QtBot) -> None:
    real, jobs, ran = started_at("2026-12-03T16:00:00-05:00")
    jobs.add("A", at("2026-12-03T16:30:00-05:00"), partial(ran.append, "A"))
    jobs.shutdown()
    real.advance(timedelta(hours=1))
    jobs.run_due()
    assert ran == []
    assert not jobs.findChildren(QTimer)[0].isActive()


def test_a_job_that_fails_does_not_stop_the_others_or_the_timer(
    qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    real, jobs, ran = started_at("2026-12-03T16:00:00-05:00")

    def broken() -> None:
        raise RuntimeError("boom")

    jobs.add("A", at("2026-12-03T16:30:00-05:00"), broken)
    jobs.add("B", at("2026-12-03T16:31:00-05:00"), partial(ran.append, "B"))
    jobs.add("C", at("2026-12-03T17:00:00-05:00"), partial(ran.append, "C"))
    real.advance(timedelta(minutes=45))
    jobs.run_due()
    assert ran == ["B"]
    assert 'job "A" failed' in caplog.text
    assert jobs.findChildren(QTimer)[0].isActive()  # still waiting for C
