"""The live state of the running app, and the one place that asks the core for plans (app).

The controller owns what changes during a day: open and past sessions, a
pause, the day records. Whenever any of that, the settings, the date or the
zone changes, it plans again and says so (`plan_changed`); when nudges come
due it judges them (`core.triage`) and passes on those worth showing, each
once: the journal's nudge log remembers what was shown across restarts.
Sessions and day records are written to the journal as they change; a
write that fails keeps the app running and is reported (`not_saved`).
Windows and the tray read from it and call its methods; they never plan.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, timedelta
from functools import partial

from PySide6.QtCore import QObject, QTimer, Signal

from boundary_app.core.clock import Clock
from boundary_app.core.day_record import DayRecord
from boundary_app.core.day_state import DayState, Status, day_status
from boundary_app.core.handoff import (
    RECORD_BACK_DAYS,
    closing_record,
    current_workday,
    records_by_day,
    unrecorded_ends,
)
from boundary_app.core.i18n import N_, _, date_text
from boundary_app.core.nudge import Nudge
from boundary_app.core.planner import plan
from boundary_app.core.sessions import Session
from boundary_app.core.settings import Settings
from boundary_app.core.status_text import describe, status_fields
from boundary_app.core.triage import triage
from boundary_app.core.wall import local_date, localize, start_of_day
from boundary_app.storage.journal import Journal, JournalError

# Sessions older than this are not needed for planning or the state.
_SESSIONS_BACK = timedelta(days=2)

log = logging.getLogger(__name__)

_MAX_TIMER_MS = 2**31 - 1
_NUDGE_LOG = N_("Boundary could not save the nudge log. {reason}")
_SESSION_END = N_("Boundary could not save the end of the session. {reason}")


class Controller(QObject):
    changed = Signal()  # state, session, pause or plan changed: refresh what is shown
    plan_changed = Signal(list)  # list[Nudge] to schedule
    nudges_ready = Signal(list)  # list[Nudge] to show now
    nudges_missed = Signal(list)  # list[Nudge] that came too late to help
    day_closed = Signal(object)  # the date of the work day just closed
    session_ended = Signal(object)  # the Session the user just ended (its `ended_at` set)
    not_saved = Signal(str)  # a journal write failed: what was not saved, and why
    quit_requested = Signal()

    def __init__(self, settings: Settings, clock: Clock, journal: Journal) -> None:
        super().__init__()
        self._settings = settings
        self._clock = clock
        self._journal = journal
        self._sessions: list[Session] = []
        self._session_ids: list[int | None] = []
        self._calendar: list[Session] = []  # from the user's calendar feed, never stored
        self._calendar_ended: dict[datetime, datetime] = {}  # ended early by the user
        self._days: dict[date, DayRecord] = {}
        self._paused_until: datetime | None = None
        self._snoozed: list[Nudge] = []
        self._plan: list[Nudge] = []
        self._state_timer = QTimer(self)
        self._state_timer.setSingleShot(True)
        self._state_timer.timeout.connect(self._on_state_timer)

        self._load()

    def _load(self) -> None:
        now = self.now()
        today = local_date(now, self._settings.zone)
        try:
            rows = self._journal.sessions_since(now - _SESSIONS_BACK)
            days = self._journal.days_between(
                today - timedelta(days=RECORD_BACK_DAYS + 2), today + timedelta(days=1)
            )
        except JournalError as exc:
            log.error("could not read the journal: %s", exc)
            return
        self._session_ids = [session_id for session_id, _, _ in rows]
        self._sessions = [session for _, session, _ in rows]
        self._days = records_by_day(days)

    # -- reading -----------------------------------------------------------------

    @property
    def journal(self) -> Journal:
        return self._journal

    @property
    def settings(self) -> Settings:
        return self._settings

    @property
    def clock(self) -> Clock:
        return self._clock

    def now(self) -> datetime:
        return self._clock.now()

    def sessions(self) -> list[Session]:
        """Every session the plan knows: started here, and from the calendar."""
        return [*self._sessions, *self._calendar]

    def status(self) -> Status:
        return day_status(self._settings, self.sessions(), self._days, self.now())

    def current_session(self) -> Session | None:
        now = self.now()
        open_ = sorted((s for s in self.sessions() if s.is_open_at(now)), key=lambda s: s.start)
        return open_[-1] if open_ else None

    @property
    def paused_until(self) -> datetime | None:
        until = self._paused_until
        return until if until is not None and until > self.now() else None

    @property
    def plan(self) -> list[Nudge]:
        """The nudges planned now, from now to the end of tomorrow."""
        return list(self._plan)

    def upcoming(self, limit: int = 1) -> list[Nudge]:
        now = self.now()
        return [n for n in self._plan if n.at > now][:limit]

    def todays_plan(self) -> list[Nudge]:
        """Everything planned for today's local date, past and future."""
        zone = self._settings.zone
        today = local_date(self.now(), zone)
        start, end = start_of_day(today, zone), start_of_day(today + timedelta(days=1), zone)
        return plan(self._settings, self.sessions(), self._days, start, end)

    def describe(self) -> str:
        now = self.now()
        upcoming = self.upcoming()
        return describe(
            self.status(),
            now,
            self._settings.zone,
            session=self.current_session(),
            next_nudge=upcoming[0] if upcoming else None,
            paused_until=self.paused_until,
        )

    def status_dict(self) -> dict[str, object]:
        """The status as the command line's `status --json` shows it."""
        zone = self._settings.zone
        upcoming = self.upcoming()
        session = self.current_session()
        following = upcoming[0] if upcoming else None
        fields = status_fields(self.status(), self.now(), zone, self.describe(), following)
        return {
            "running": True,
            **fields,
            "session": None
            if session is None
            else {
                "start": localize(session.start, zone).isoformat(),
                "length_min": round(session.length.total_seconds() / 60),
            },
            "paused_until": localize(self.paused_until, zone).isoformat()
            if self.paused_until
            else None,
        }

    # -- planning ----------------------------------------------------------------

    def replan(self, reason: str = "") -> None:
        """Plan from now to the end of tomorrow, minus what a pause silences."""
        now = self.now()
        zone = self._settings.zone
        end = start_of_day(local_date(now, zone) + timedelta(days=2), zone)
        self._record_unclosed_days(now)
        nudges = plan(self._settings, self.sessions(), self._days, now, end)
        nudges += [n for n in self._snoozed if n.at > now]
        nudges.sort(key=lambda n: n.at)
        paused = self.paused_until
        if paused is not None:
            nudges = [n for n in nudges if n.at >= paused]
        self._plan = nudges
        log.info("planned %d nudges (%s)", len(nudges), reason or "update")
        self.plan_changed.emit(nudges)
        self._arm_state_timer()
        self.changed.emit()

    def _record_unclosed_days(self, now: datetime) -> None:
        """Write down work days that ended while no one closed them (their tasks carry over)."""
        for record in unrecorded_ends(self._settings, self._days, now):
            self._days[record.day] = record
            self._save_day(record)

    def _save_day(self, record: DayRecord) -> bool:
        return self._save(
            partial(self._journal.save_day, record),
            N_("Boundary could not save the record of {day}. {reason}"),
            day=date_text(record.day),
        )

    def _save(self, write: Callable[[], object], message: str, **values: object) -> bool:
        """Write; on failure say `message` (marked with N_(), with a {reason}) and go on."""
        try:
            write()
        except JournalError as exc:
            log.error("not saved: %s", message.format(reason=exc, **values))
            self.not_saved.emit(_(message).format(reason=exc, **values))
            return False
        return True

    def _arm_state_timer(self) -> None:
        until = self.status().until
        if until is None:
            self._state_timer.stop()
            return
        wait = (self._clock.to_real(until) - self._clock.to_real(self.now())).total_seconds()
        self._state_timer.start(min(_MAX_TIMER_MS, max(0, int(wait * 1000) + 50)))

    def _on_state_timer(self) -> None:
        self._arm_state_timer()
        self.changed.emit()

    def on_nudges_due(self, batch: list[Nudge]) -> None:
        """Judge nudges that came due together; pass on those still worth showing."""
        now = self.now()
        status = self.status()
        result = triage(batch, now, status.state, status.state is DayState.IN_SESSION)
        if result.missed:
            log.info("missed: %s", ", ".join(f"{n.kind} {n.at:%H:%M}" for n in result.missed))
            for nudge in result.missed:
                self._save(partial(self._journal.log_missed, nudge.kind, nudge.at, now), _NUDGE_LOG)
            self.nudges_missed.emit(result.missed)
        show = [n for n in result.show if self._claim(n, now)]
        if show:
            self.nudges_ready.emit(show)

    def _claim(self, nudge: Nudge, now: datetime) -> bool:
        """Whether `nudge` is still to be shown; logs it as shown.

        A nudge already in the log was shown by this or an earlier run of the
        app. When the log cannot be written the nudge is shown anyway: a
        reminder twice is better than none.
        """
        try:
            return self._journal.claim_nudge(nudge.kind, nudge.at, now)
        except JournalError as exc:
            log.error("nudge log not written: %s", exc)
            return True

    def record_outcome(self, nudge: Nudge, outcome: str) -> None:
        """What the user did with a shown nudge (acted, snoozed, dismissed)."""
        now = self.now()
        self._save(
            partial(self._journal.set_nudge_outcome, nudge.kind, nudge.at, outcome, now),
            _NUDGE_LOG,
        )

    # -- acting ------------------------------------------------------------------

    def apply_settings(self, settings: Settings) -> None:
        self._settings = settings
        self.replan("settings changed")

    def start_session(self, minutes: int | None = None) -> Session:
        """Start a client session now (ending any open one)."""
        length = minutes or self._settings.sessions.length_min
        if not 1 <= length <= 600:
            raise ValueError(
                _("a session of {minutes} minutes is not possible (1 to 600)").format(
                    minutes=length
                )
            )
        self._end_open_sessions()
        session = Session(self.now(), timedelta(minutes=length))
        self._sessions.append(session)
        self._session_ids.append(None)
        index = len(self._sessions) - 1

        def write() -> None:
            self._session_ids[index] = self._journal.add_session(session)

        self._save(write, N_("Boundary could not save the session. {reason}"))
        self.replan(f"session of {length} min started")
        return session

    def end_session(self) -> bool:
        """End the open session; False if there was none."""
        ended = self._end_open_sessions()
        if ended is None:
            return False
        self.replan("session ended")
        self.session_ended.emit(ended)
        return True

    def _end_open_sessions(self) -> Session | None:
        """End every open session now; the latest of them, or None if none was open.

        A calendar session the user ends is written to the journal then (its
        start, length and end; nothing from the feed), so the week's figures
        know it.
        """
        now = self.now()
        ended: list[Session] = []
        for i, session in enumerate(self._sessions):
            if session.is_open_at(now):
                self._sessions[i] = Session(session.start, session.length, ended_at=now)
                ended.append(self._sessions[i])
                session_id = self._session_ids[i]
                if session_id is not None:
                    self._save(partial(self._journal.end_session, session_id, now), _SESSION_END)
        for i, session in enumerate(self._calendar):
            if session.is_open_at(now):
                self._calendar[i] = Session(session.start, session.length, ended_at=now)
                self._calendar_ended[session.start] = now
                ended.append(self._calendar[i])
                minutes = max(1, round(session.length / timedelta(minutes=1)))
                kept = Session(session.start, timedelta(minutes=minutes), ended_at=now)
                self._save(partial(self._journal.add_session, kept, "calendar"), _SESSION_END)
        return max(ended, key=lambda s: s.start) if ended else None

    def set_calendar_sessions(self, sessions: list[Session]) -> None:
        """The sessions the calendar holds now (those the user ended early stay ended)."""
        found = [
            Session(s.start, s.length, ended_at=self._calendar_ended.get(s.start)) for s in sessions
        ]
        if found != self._calendar:
            self._calendar = found
            self.replan(f"{len(found)} sessions from the calendar")

    def pause(self, minutes: int | None) -> datetime:
        """Pause nudges for `minutes`, or until tomorrow (local midnight) if None."""
        now = self.now()
        zone = self._settings.zone
        if minutes is None:
            until = start_of_day(local_date(now, zone) + timedelta(days=1), zone)
        elif 1 <= minutes <= 24 * 60:
            until = now + timedelta(minutes=minutes)
        else:
            raise ValueError(
                _("a pause of {minutes} minutes is not possible (1 to 1440)").format(
                    minutes=minutes
                )
            )
        self._paused_until = until
        self.replan("paused")
        return until

    def resume(self) -> None:
        self._paused_until = None
        self.replan("resumed")

    def snooze(self, nudge: Nudge, minutes: int) -> None:
        later = nudge._replace(
            at=localize(self.now() + timedelta(minutes=minutes), self._settings.zone)
        )
        self._snoozed.append(later)
        self.record_outcome(nudge, "snoozed")
        self.replan(f"{nudge.kind} snoozed")

    def current_workday(self) -> date:
        """The work day "done for the day" closes: the one under way or just ended."""
        return current_workday(self._settings, self.now())

    def day_record(self, day: date) -> DayRecord | None:
        return self._days.get(day)

    def update_day(self, record: DayRecord) -> bool:
        """Keep a changed day record (snoozes, morning seen); False if it was not saved."""
        self._days[record.day] = record
        return self._save_day(record)

    def close_day(self, went_well: str | None = None) -> date:
        """ "I'm done for the day": silence until the next work day starts.

        The day closes even when the journal cannot be written (the evening
        is protected either way); `not_saved` then says so.
        """
        day = self.current_workday()
        now = self.now()
        record = closing_record(self._settings, day, now, self._days.get(day))
        if went_well is not None:
            record = replace(record, went_well=went_well)
        self._days[day] = record
        self._end_open_sessions()
        self._snoozed.clear()  # a "Not yet" must not speak after "I'm done for the day"
        self._save(
            partial(self._journal.save_day, record),
            N_("Boundary could not save that the day is closed. {reason}"),
        )
        self.replan("day closed")
        self.day_closed.emit(day)
        return day

    def is_day_closed(self) -> bool:
        record = self._days.get(self.current_workday())
        return record is not None and record.closed

    def request_quit(self) -> None:
        self.quit_requested.emit()
