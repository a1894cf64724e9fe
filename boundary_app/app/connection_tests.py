"""The settings window's "Test connection" buttons, run off the GUI thread (app).

Each test uses what the window shows (not yet saved) and reports success or
the exact problem in one sentence. A test never keeps anything: no cache, no
secret, no sessions.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, Signal

from boundary_app.app.calendar_sync import check_feed
from boundary_app.core.i18n import _, ngettext
from boundary_app.core.wall import local_date, start_of_day
from boundary_app.integrations.calendar_feed import (
    FeedError,
    SessionRule,
    sessions_from_feed,
)
from boundary_app.integrations.feed_fetch import FeedCache, FeedSource, FetchError, fetch_feed
from boundary_app.integrations.mail_count import MailAccount, MailError, count_unseen

DAYS_SHOWN = 14


class ConnectionTests(QObject):
    finished = Signal(str, bool, str)  # which ("calendar" | "mail"), succeeded, what to say
    _done = Signal(str, bool, str)  # from the worker thread

    def __init__(self) -> None:
        super().__init__()
        self._pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="connection-test")
        self._done.connect(self.finished)

    def test_calendar(self, source: str, pattern: str, zone: ZoneInfo, now: datetime) -> None:
        self._submit("calendar", lambda: _calendar(source, pattern, zone, now))

    def test_mail(self, account: MailAccount, password: str) -> None:
        self._submit("mail", lambda: _mail(account, password))

    def _submit(self, which: str, work: Callable[[], str]) -> None:
        future = self._pool.submit(work)
        future.add_done_callback(lambda done: self._report(which, done))

    def _report(self, which: str, done: Future[str]) -> None:
        try:
            self._done.emit(which, True, done.result())
        except (FetchError, FeedError, MailError, ValueError) as exc:
            self._done.emit(which, False, str(exc))
        except Exception as exc:  # report, never crash the window
            self._done.emit(
                which, False, _("Unexpected error ({name}).").format(name=type(exc).__name__)
            )

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


def _calendar(source: str, pattern: str, zone: ZoneInfo, now: datetime) -> str:
    rule = SessionRule(pattern)
    with tempfile.TemporaryDirectory() as scratch:
        result = fetch_feed(
            FeedSource(source), FeedCache(Path(scratch)), now=now, validate=check_feed
        )
    if result.warning:
        raise FetchError(result.warning)
    start = start_of_day(local_date(now, zone), zone)
    found = sessions_from_feed(result.data, start, start + timedelta(days=DAYS_SHOWN), rule, zone)
    count = len(found)
    return ngettext(
        "Connected: {count} session in the next {days} days.",
        "Connected: {count} sessions in the next {days} days.",
        count,
    ).format(count=count, days=DAYS_SHOWN)


def _mail(account: MailAccount, password: str) -> str:
    counted = count_unseen(account, password)
    parts = ", ".join(
        _("{count} in {folder}").format(count=n, folder=name) for name, n in counted.unseen.items()
    )
    return _("Connected: {count} unread ({folders}).").format(count=counted.total, folders=parts)
