"""Sessions from the user's calendar, kept fresh in work time only (app).

At start the last good copy of the feed gives the sessions at once; then the
feed is fetched when work begins, at start if work is under way, and every
15 minutes while it lasts — never off-hours. Fetching and parsing run on a
worker thread; the GUI thread only receives the sessions. A failed fetch
keeps the sessions the app has and says so once, quietly. Event titles never
leave `integrations.calendar_feed`: here a session is a start and a length.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, QTimer, Signal

from boundary_app.app.controller import Controller
from boundary_app.core.day_state import DayState
from boundary_app.core.i18n import _
from boundary_app.core.sessions import Session
from boundary_app.core.wall import local_date, start_of_day
from boundary_app.storage.secrets import CALENDAR_URL, Secrets, SecretsUnavailable

if TYPE_CHECKING:
    # Loaded only when a calendar is in use: the feed reader (icalendar), and the fetcher
    # with its network stack (ssl, http.client, urllib.request: some 11 MB), and the
    # worker thread's pool.
    from concurrent.futures import Future, ThreadPoolExecutor

    from boundary_app.integrations.calendar_feed import SessionRule
    from boundary_app.integrations.feed_fetch import FeedCache, FeedSource, FetchResult

    Fetch = Callable[..., FetchResult]

log = logging.getLogger(__name__)

REFRESH_MS = 15 * 60 * 1000
WORK_STATES = frozenset({DayState.WORKING, DayState.BREAK, DayState.IN_SESSION, DayState.WRAP_UP})
AHEAD = timedelta(days=2)  # sessions planned from the start of today to the end of tomorrow


def check_feed(data: bytes) -> None:
    """Refuse bytes that are not a calendar (`FeedError`) before they are kept.

    The framing of the whole feed is checked, but no event is parsed: that
    (the costly part) happens once, when the sessions are read.
    """
    from boundary_app.integrations.calendar.feed_text import read_calendar

    read_calendar(data, lambda _event_lines: False)


class CalendarSync(QObject):
    warned = Signal(str)  # one quiet sentence when the calendar could not be refreshed
    _finished = Signal(object)  # from the worker: list[Session] or a message

    def __init__(
        self,
        controller: Controller,
        secrets: Secrets,
        cache_root: Path,
        fetch: Fetch | None = None,  # None: `feed_fetch.fetch_feed`
    ) -> None:
        super().__init__()
        self._controller = controller
        self._secrets = secrets
        self._cache_root = cache_root
        self._fetch = fetch
        self._pool: ThreadPoolExecutor | None = None  # made on the first run
        self._busy = False
        self._again = False  # asked to run while a run was under way
        self._last_warning = ""
        self._was_working = False
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh_if_working)
        self._finished.connect(self._on_finished)
        controller.changed.connect(self._on_changed)

    def start(self) -> None:
        """Sessions from the last good copy now; a fetch too if work is under way."""
        if not self._controller.settings.calendar.enabled:
            return
        self._timer.start()
        self._was_working = self._working()
        self._run(fetch=self._was_working)

    def restart(self) -> None:
        """The settings changed: follow them (a calendar turned off takes its sessions along)."""
        self._timer.stop()
        if not self._controller.settings.calendar.enabled:
            self._controller.set_calendar_sessions([])
            return
        self.start()

    def stop(self) -> None:
        self._timer.stop()
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)

    def _working(self) -> bool:
        return self._controller.status().state in WORK_STATES

    def _on_changed(self) -> None:
        """Work just began (the day's start, or back from a break in the evening): fetch."""
        working = self._working()
        if working and not self._was_working and self._controller.settings.calendar.enabled:
            self._run(fetch=True)
        self._was_working = working

    def refresh_if_working(self) -> None:
        if self._controller.settings.calendar.enabled and self._working():
            self._run(fetch=True)

    # -- the work ------------------------------------------------------------------

    def _source(self) -> FeedSource:
        # Here, not at the top: the network code loads only once a calendar is in use.
        from boundary_app.integrations.feed_fetch import FeedSource, FetchError

        rules = self._controller.settings.calendar
        if rules.source == "file":
            return FeedSource(rules.file)
        try:
            url = self._secrets.get(CALENDAR_URL)
        except SecretsUnavailable as exc:
            raise FetchError(str(exc)) from None
        if not url:
            raise FetchError(_("no calendar address is kept yet (Settings, Calendar)"))
        return FeedSource(url)

    def _run(self, *, fetch: bool) -> None:
        if self._busy:
            self._again = fetch or self._again
            return
        c = self._controller
        if not c.settings.calendar.enabled:
            return
        settings = c.settings
        # Here, not at the top: the network code loads only once a calendar is in use.
        from boundary_app.integrations.feed_fetch import FeedCache, FetchError, fetch_feed

        try:
            source = self._source()
        except FetchError as exc:
            self._warn(str(exc))
            return
        now = c.now()
        start = start_of_day(local_date(now, settings.zone), settings.zone)
        cache = FeedCache(self._cache_root / source.cache_key())
        from boundary_app.integrations.calendar_feed import SessionRule

        rule = SessionRule(settings.calendar.pattern)
        zone = settings.zone
        fetcher = self._fetch or fetch_feed
        if self._pool is None:
            from concurrent.futures import ThreadPoolExecutor  # a thread only once it is used

            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="calendar")
        self._busy = True
        future = self._pool.submit(
            self._work, fetcher, source, cache, rule, zone, now, start, start + AHEAD, fetch
        )
        future.add_done_callback(self._report)

    def _work(
        self,
        fetcher: Fetch,
        source: FeedSource,
        cache: FeedCache,
        rule: SessionRule,
        zone: ZoneInfo,
        now: datetime,
        start: datetime,
        end: datetime,
        fetch: bool,
    ) -> tuple[list[Session], str | None]:
        """On the worker thread: the feed (fetched, or the kept copy), then its sessions."""
        warning: str | None = None
        if fetch or source.url.startswith(("/", "file:")) or "://" not in source.url:
            result = fetcher(source, cache, now=now, validate=check_feed)
            data, warning = result.data, result.warning
        else:
            kept = cache.load()
            if kept is None:
                return [], None
            data = kept.data
        from boundary_app.integrations.calendar_feed import sessions_from_feed

        found = sessions_from_feed(data, start, end, rule, zone)
        return [s.to_session() for s in found], warning

    def _report(self, done: Future[tuple[list[Session], str | None]]) -> None:
        from boundary_app.integrations.calendar_feed import FeedError
        from boundary_app.integrations.feed_fetch import FetchError  # loaded by `_run` already

        try:
            outcome: object = done.result()
        except (FetchError, FeedError) as exc:
            outcome = str(exc)
        except Exception as exc:  # a bug must not stop the app or lose the sessions it has
            log.exception("calendar refresh failed")
            outcome = _("unexpected error ({name})").format(name=type(exc).__name__)
        self._finished.emit(outcome)

    def _on_finished(self, outcome: object) -> None:
        self._busy = False
        if self._again:  # something changed meanwhile (a new address): once more, now
            self._again = False
            QTimer.singleShot(0, lambda: self._run(fetch=True))
        if isinstance(outcome, str):
            self._warn(outcome)
            return
        assert isinstance(outcome, tuple)
        sessions, warning = outcome
        self._controller.set_calendar_sessions(sessions)
        if warning:
            self._warn(warning)
        else:
            self._last_warning = ""

    def _warn(self, text: str) -> None:
        if text != self._last_warning:  # one quiet warning, not one every 15 minutes
            self._last_warning = text
            log.warning("calendar: %s", text)
            self.warned.emit(text)
