"""Notices what moves time under the app's feet: sleep, clock jumps, midnight, zone (app).

One slow tick (a minute) compares how far the wall clock and the monotonic
clock moved. On Linux the monotonic clock stands still during suspend, so a
resume shows up as the wall clock running ahead; a manual clock change or
an NTP step shows up the same way, in either direction. No busy polling:
one wake-up a minute is the whole cost, and one more at local midnight of
the clock's own time, so a new day is planned when it starts even when a
pretend clock runs a day in less than a minute.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from boundary_app.core.clock import Clock
from boundary_app.core.wall import local_date, start_of_day

log = logging.getLogger(__name__)

TICK_MS = 60_000
JUMP_TOLERANCE_S = 30.0
_MAX_TIMER_MS = 2**31 - 1


class TimeWatch(QObject):
    ticked = Signal()
    clock_jumped = Signal(float)  # seconds the wall clock moved beyond the monotonic one
    day_changed = Signal(object)  # the new local date
    zone_changed = Signal(str)  # the new IANA zone name

    def __init__(
        self, clock: Clock, zone: Callable[[], ZoneInfo], interval_ms: int = TICK_MS
    ) -> None:
        super().__init__()
        self._clock = clock
        self._zone = zone
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.check)
        self._midnight = QTimer(self)
        self._midnight.setSingleShot(True)
        self._midnight.setTimerType(Qt.TimerType.PreciseTimer)
        self._midnight.timeout.connect(self.check)
        self._reset()

    def _reset(self) -> None:
        self._wall = self._clock.now()
        self._mono = self._clock.monotonic()
        zone = self._zone()
        self._zone_key = zone.key
        self._date: date = self._wall.astimezone(zone).date()

    def start(self) -> None:
        self._reset()
        self._timer.start()
        self._arm_midnight()

    def stop(self) -> None:
        self._timer.stop()
        self._midnight.stop()

    def _arm_midnight(self) -> None:
        """Wake just after the next local midnight (a pretend clock's may be seconds away)."""
        now = self._clock.now()
        zone = self._zone()
        midnight = start_of_day(local_date(now, zone) + timedelta(days=1), zone)
        wait = (self._clock.to_real(midnight) - self._clock.to_real(now)).total_seconds()
        self._midnight.start(min(_MAX_TIMER_MS, max(0, int(wait * 1000) + 50)))

    def check(self) -> None:
        """Compare the clocks now; called by the tick, and after a resume signal."""
        wall, mono = self._clock.now(), self._clock.monotonic()
        drift = (wall - self._wall).total_seconds() - (mono - self._mono)
        zone = self._zone()
        today = wall.astimezone(zone).date()
        jumped = abs(drift) > JUMP_TOLERANCE_S
        zone_moved = zone.key != self._zone_key
        day_moved = today != self._date
        self._wall, self._mono, self._zone_key, self._date = wall, mono, zone.key, today
        if jumped:
            log.info("wall clock moved %.0f s beyond the monotonic clock", drift)
            self.clock_jumped.emit(drift)
        if zone_moved:
            log.info("time zone is now %s", zone.key)
            self.zone_changed.emit(zone.key)
        if day_moved:
            self.day_changed.emit(today)
        if self._timer.isActive():
            self._arm_midnight()
        self.ticked.emit()
