"""The plan as scheduler jobs: the job set follows each re-plan; jobs fire on the GUI thread."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from boundary_app.app.scheduler_adapter import NudgeScheduler, SingleTimerQtScheduler, job_id
from boundary_app.core.clock import FixedClock, PretendClock, SystemClock
from boundary_app.core.nudge import Nudge, NudgeKind
from tests.helpers import at


@dataclass
class FakeJob:
    id: str
    next_run_time: datetime
    func: Any
    args: list[Any]


@dataclass
class FakeScheduler:
    jobs: dict[str, FakeJob] = field(default_factory=dict)
    added: list[str] = field(default_factory=list)
    running: bool = False

    def start(self) -> None:
        self.running = True

    def shutdown(self, wait: bool = True) -> None:
        self.running = False

    def add_job(
        self, func: Any, trigger: str, *, run_date: datetime, args: list[Any], **named: str
    ) -> None:
        assert trigger == "date"
        key = named["id"]
        self.jobs[key] = FakeJob(key, run_date, func, args)
        self.added.append(key)

    def remove_job(self, job_id: str) -> None:
        del self.jobs[job_id]

    def get_jobs(self) -> list[FakeJob]:
        return list(self.jobs.values())

    def wakeup(self) -> None:
        pass

    def fire(self, key: str) -> None:
        job = self.jobs.pop(key)
        job.func(*job.args)


def n(kind: NudgeKind, when: str) -> Nudge:
    return Nudge(kind, at(when), kind.value, "")


A = n(NudgeKind.DAY_WRAPUP, "2026-12-03T16:30:00-05:00")
B = n(NudgeKind.DAY_END, "2026-12-03T17:00:00-05:00")
C = n(NudgeKind.DAY_OVERTIME, "2026-12-03T17:15:00-05:00")


def test_each_replan_leaves_exactly_the_planned_jobs(qtbot: QtBot) -> None:
    fake = FakeScheduler()
    scheduler = NudgeScheduler(FixedClock(at("2026-12-03T16:00:00-05:00")), fake)
    scheduler.apply([A, B])
    assert scheduler.job_ids == {job_id(A), job_id(B)}
    scheduler.apply([B, C])
    assert scheduler.job_ids == {job_id(B), job_id(C)}
    assert fake.added == [job_id(A), job_id(B), job_id(C)]  # B was kept, not added again
    scheduler.apply([])
    assert scheduler.job_ids == set()


def test_nudges_due_together_are_handed_on_in_one_batch(qtbot: QtBot) -> None:
    fake = FakeScheduler()
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
    fake = FakeScheduler()
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
    fake = FakeScheduler()
    real = FixedClock(at("2026-11-26T21:00:00+00:00"))
    pretend = PretendClock(at("2026-12-03T16:29:00-05:00"), speed=60, base=real)
    NudgeScheduler(pretend, fake).apply([A])
    assert fake.jobs[job_id(A)].next_run_time == at("2026-11-26T21:00:01+00:00")


def test_the_real_qt_scheduler_fires_on_the_gui_thread_with_one_timer(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    import apscheduler.schedulers.qt as stock

    def no_single_shot(*args: Any) -> None:
        raise AssertionError("QTimer.singleShot chains leak wake-ups")

    monkeypatch.setattr(stock.QTimer, "singleShot", no_single_shot)
    scheduler = NudgeScheduler(SystemClock(), SingleTimerQtScheduler())
    scheduler.start()
    soon = SystemClock().now() + timedelta(milliseconds=300)
    nudge = Nudge(NudgeKind.SESSION_END, soon, "Session time is up", "")
    threads: list[threading.Thread] = []
    scheduler.due.connect(lambda batch: threads.append(threading.current_thread()))
    for _ in range(20):  # many re-plans must not multiply timers
        scheduler.apply([])
        scheduler.apply([nudge])
    with qtbot.waitSignal(scheduler.due, timeout=5000) as due:
        pass
    assert due.args[0] == [nudge]
    assert threads == [threading.main_thread()]
    scheduler.shutdown()
