"""The weekly boundary report: how the hours, sessions, email, energy and supervision went (core).

Everything here comes from the journal's records; `week_report` is pure.
The report window draws it, and its text alternative reads it out.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from fractions import Fraction

from boundary_app.core.day_record import DayRecord
from boundary_app.core.sessions import Session
from boundary_app.core.settings import WEEKDAYS, Settings
from boundary_app.core.wall import local_date, start_of_day
from boundary_app.core.wellbeing import EnergyCheck, Held, SupervisionHeld
from boundary_app.core.workday import workday

# A day closed less than this past its end, or a session ended no later than
# this past its planned end, counts as on time.
GRACE = timedelta(minutes=1)
MIN_RATINGS = 2  # a tag needs this many ratings before it can stand out


@dataclass(frozen=True, slots=True)
class DaySummary:
    """One calendar day of the week.

    `scheduled_min` is the work time the schedule gave the day (blocks less
    breaks); `worked_min` the work time until the day was closed (or its
    scheduled end when it was not), overtime included. `closed_on_time` is
    None on a day with no work scheduled or not yet over.
    """

    day: date
    scheduled_min: int
    worked_min: int
    closed: bool
    closed_on_time: bool | None
    overtime_min: int


@dataclass(frozen=True, slots=True)
class SessionSummary:
    """Sessions that started in the week.

    `ended` counts those with a recorded end; `on_time` those that ended no
    later than a minute after their planned end. `mean_overrun_min` is the
    mean of minutes past the planned end over the ended ones (0 for one that
    ended in time); None when none ended.
    """

    run: int
    ended: int
    on_time: int
    mean_overrun_min: float | None

    @property
    def share_on_time(self) -> float | None:
        return self.on_time / self.ended if self.ended else None


@dataclass(frozen=True, slots=True)
class EmailSummary:
    """Email windows in the nudge log: shown (any outcome but missed), acted on, missed."""

    shown: int
    acted: int
    missed: int


@dataclass(frozen=True, slots=True)
class TagEnergy:
    """Ratings given with one tag ("" for ratings without a tag), and their mean score."""

    tag: str
    energised: int
    neutral: int
    drained: int

    @property
    def count(self) -> int:
        return self.energised + self.neutral + self.drained

    @property
    def mean(self) -> float:
        """From -1 (always drained) to +1 (always energised)."""
        return (self.energised - self.drained) / self.count if self.count else 0.0


@dataclass(frozen=True, slots=True)
class WeekReport:
    """The week from Monday `first_day` to the Sunday after it."""

    first_day: date
    days: tuple[DaySummary, ...]
    sessions: SessionSummary
    email: EmailSummary
    energy: tuple[TagEnergy, ...]  # by tag, most energising first
    most_energising: str | None  # a tag worth more room in the week, if one stands out
    last_supervision: datetime | None  # the latest held on or before the week's end
    check_ins: tuple[tuple[str, datetime], ...]  # (initials, when) in the week

    @property
    def empty(self) -> bool:
        """Nothing was recorded in the week."""
        return (
            not any(d.closed or d.worked_min for d in self.days)
            and self.sessions.run == 0
            and not self.energy
            and self.email.shown + self.email.missed == 0
            and not self.check_ins
        )


def week_report(
    settings: Settings,
    first_day: date,
    days: Sequence[DayRecord],
    sessions: Sequence[Session],
    email_outcomes: Sequence[str],
    energy: Sequence[EnergyCheck],
    held: Sequence[SupervisionHeld],
    now: datetime,
) -> WeekReport:
    """The report of the week from Monday `first_day`, as it stands at `now`.

    The inputs may reach outside the week: records are kept by their date,
    sessions by the local date of their start, ratings and check-ins by the
    local date of their time, all in the settings' zone. `email_outcomes`
    are the outcomes of the week's email-window nudges ("shown", "acted",
    "snoozed", "dismissed", "missed"), already chosen by the caller.

    Each day is worked out from the schedule and its record:

    - scheduled: the day's blocks less its breaks, in real minutes (a block
      over a DST change is an hour shorter or longer);
    - worked: a closed day, the scheduled work until it was closed (at most
      until its end) plus the record's overtime; a day that ended
      without being closed, its scheduled work (nothing more is known); a
      day under way, the scheduled work so far; a day to come, nothing;
    - closed on time: None when no work was scheduled or the day is neither
      closed nor over; True when it was closed less than `GRACE` past its
      end (exactly when the record's overtime is 0); False when it was
      closed later or its end passed without a close. A closed day's end is
      the one its record kept (hours may have changed since), else the
      schedule's.

    Sessions that start after `now` have not run and are left out.
    """
    if first_day.weekday() != 0:
        weekday = WEEKDAYS[first_day.weekday()].capitalize()
        raise ValueError(
            f"a week report starts on a Monday; {first_day.isoformat()} is a {weekday}"
        )
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    zone = settings.zone
    last_day = first_day + timedelta(days=6)

    def in_week(instant: datetime) -> bool:
        return first_day <= local_date(instant, zone) <= last_day

    records = {r.day: r for r in days if first_day <= r.day <= last_day}
    summaries = tuple(
        _day_summary(settings, day, records.get(day), now)
        for day in (first_day + timedelta(days=i) for i in range(7))
    )
    run = [s for s in sessions if s.start <= now and in_week(s.start)]
    checks = [c for c in energy if in_week(c.at)]
    ranked, standout = _energy(checks)
    week_end = start_of_day(last_day + timedelta(days=1), zone)
    supervisions = [h.at for h in held if h.what is Held.SUPERVISION and h.at < week_end]
    check_ins = sorted(
        ((h.initials, h.at) for h in held if h.what is Held.CHECK_IN and in_week(h.at)),
        key=lambda pair: pair[1],
    )
    return WeekReport(
        first_day=first_day,
        days=summaries,
        sessions=_session_summary(run),
        email=EmailSummary(
            shown=sum(1 for o in email_outcomes if o != "missed"),
            acted=sum(1 for o in email_outcomes if o == "acted"),
            missed=sum(1 for o in email_outcomes if o == "missed"),
        ),
        energy=ranked,
        most_energising=standout,
        last_supervision=max(supervisions, default=None),
        check_ins=tuple(check_ins),
    )


def _day_summary(
    settings: Settings, day: date, record: DayRecord | None, now: datetime
) -> DaySummary:
    wd = workday(settings, day)
    closed_at = record.closed_at if record is not None else None
    overtime = record.overtime_min if record is not None and closed_at is not None else 0
    scheduled = 0 if wd.is_day_off else _minutes(wd.work_until(wd.end))
    on_time: bool | None = None
    if closed_at is not None:
        worked = overtime
        if not wd.is_day_off:
            # The end the record kept is the one its overtime was counted from.
            end = record.scheduled_end if record and record.scheduled_end else wd.end
            worked += _minutes(wd.work_until(min(closed_at, end)))
            on_time = closed_at - end < GRACE if scheduled else None
    elif wd.is_day_off:
        worked = 0
    elif wd.end <= now:
        worked = scheduled
        on_time = False if scheduled else None
    else:
        worked = _minutes(wd.work_until(now))
    return DaySummary(day, scheduled, worked, closed_at is not None, on_time, overtime)


def _minutes(delta: timedelta) -> int:
    """Whole minutes, rounded down (as overtime is counted)."""
    return int(delta.total_seconds() // 60)


def _session_summary(sessions: Sequence[Session]) -> SessionSummary:
    past_end = [s.ended_at - s.planned_end for s in sessions if s.ended_at is not None]
    return SessionSummary(
        run=len(sessions),
        ended=len(past_end),
        on_time=sum(1 for late in past_end if late <= GRACE),
        mean_overrun_min=(
            math.fsum(max(0.0, late.total_seconds() / 60) for late in past_end) / len(past_end)
            if past_end
            else None
        ),
    )


def _energy(checks: Sequence[EnergyCheck]) -> tuple[tuple[TagEnergy, ...], str | None]:
    """Ratings by tag, most energising first, and the tag that stands out, if one does.

    Ties in the mean go to the tag with more ratings, then by name. The
    first tag in that order with at least `MIN_RATINGS` ratings (never "")
    stands out when it leans energising (mean above 0) and lifts more than
    the week's ratings taken together, each rating counted once; otherwise
    none does.
    """
    tally: dict[str, list[int]] = {}
    for check in checks:
        for tag in dict.fromkeys(check.tags) or ("",):
            counts = tally.setdefault(tag, [0, 0, 0])
            counts[1 - check.rating.score] += 1  # energised, neutral, drained
    ranked = sorted(
        (TagEnergy(tag, *counts) for tag, counts in tally.items()),
        key=lambda t: (-_mean(t), -t.count, t.tag),
    )
    overall = Fraction(sum(c.rating.score for c in checks), len(checks)) if checks else Fraction(0)
    for candidate in ranked:
        if candidate.tag and candidate.count >= MIN_RATINGS:
            mean = _mean(candidate)
            return tuple(ranked), candidate.tag if mean > 0 and mean > overall else None
    return tuple(ranked), None


def _mean(tag: TagEnergy) -> Fraction:
    """`TagEnergy.mean` exactly, so that equal means tie."""
    return Fraction(tag.energised - tag.drained, tag.count)
