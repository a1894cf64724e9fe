"""Unread counts for email-window nudges, counted off the GUI thread (app).

Only an `email.window` nudge that has come due starts a count, and the
planner puts those inside work time only: the app never asks the mail
server anything in the evening. One connection per window; the nudge waits
for the count (at most the timeout) and then shows it, or says why not.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from boundary_app.app.controller import Controller
from boundary_app.core import wording
from boundary_app.core.i18n import _
from boundary_app.core.nudge import Nudge, NudgeKind
from boundary_app.storage.secrets import Secrets, SecretsUnavailable, mail_key

if TYPE_CHECKING:
    # Loaded only when a count is taken: the IMAP client (imaplib, ssl, subprocess: some
    # 8 MB) and the worker thread's pool.
    from concurrent.futures import Future, ThreadPoolExecutor

    from boundary_app.integrations.mail_count import MailAccount, MailCount

    Counter = Callable[[MailAccount, str], MailCount]

log = logging.getLogger(__name__)


class MailCheck(QObject):
    counted = Signal(object)  # the email-window nudge with the count in its body
    _finished = Signal(object, object)  # from the worker: the nudge, and a MailCount or a message

    def __init__(
        self,
        controller: Controller,
        secrets: Secrets,
        counter: Counter | None = None,  # None: `mail_count.count_unseen`
    ) -> None:
        super().__init__()
        self._controller = controller
        self._secrets = secrets
        self._counter = counter
        self._pool: ThreadPoolExecutor | None = None  # made on the first count
        self._finished.connect(self._on_finished)

    def take(self, nudges: list[Nudge]) -> list[Nudge]:
        """Start a count for each email window (when mail is set up); return the other nudges."""
        if not self._controller.settings.mail.enabled:
            return nudges
        rest = []
        for nudge in nudges:
            if nudge.kind is NudgeKind.EMAIL_WINDOW:
                self.check(nudge)
            else:
                rest.append(nudge)
        return rest

    def account(self) -> MailAccount:
        # Here, not at the top: the IMAP code loads only once mail is counted.
        from boundary_app.integrations.mail_count import MailAccount

        mail = self._controller.settings.mail
        if mail.security == "starttls":
            return MailAccount(mail.host, mail.port, mail.user, mail.folders, "starttls")
        return MailAccount(mail.host, mail.port, mail.user, mail.folders, "imaps")

    def password(self) -> str:
        """The password from the keyring; raises `MailError` saying why there is none."""
        from boundary_app.integrations.mail_count import MailError  # only when mail is counted

        mail = self._controller.settings.mail
        try:
            password = self._secrets.get(mail_key(mail.user, mail.host))
        except SecretsUnavailable as exc:
            raise MailError("auth", str(exc)) from None
        if not password:
            raise MailError("auth", _("no password is kept for this account yet (Settings, Mail)"))
        return password

    def check(self, nudge: Nudge) -> None:
        # Here, not at the top: the IMAP code and a thread only once mail is counted.
        from boundary_app.integrations.mail_count import MailError, count_unseen

        try:
            account, password = self.account(), self.password()
        except (MailError, ValueError) as exc:
            self._on_finished(nudge, str(exc))
            return
        if self._pool is None:
            from concurrent.futures import ThreadPoolExecutor

            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="mail-count")
        future = self._pool.submit(self._counter or count_unseen, account, password)
        future.add_done_callback(lambda done: self._report(nudge, done))

    def _report(self, nudge: Nudge, done: Future[MailCount]) -> None:
        """On the worker thread: hand the outcome to the GUI thread (a queued signal)."""
        from boundary_app.integrations.mail_count import MailError  # loaded by `check` already

        try:
            result: object = done.result()
        except MailError as exc:
            result = str(exc)
        except Exception as exc:  # a bug must not lose the nudge
            log.exception("counting mail failed")
            result = _("unexpected error ({name})").format(name=type(exc).__name__)
        self._finished.emit(nudge, result)

    def _on_finished(self, nudge: Nudge, result: object) -> None:
        from boundary_app.integrations.mail_count import MailCount  # loaded by `check` already

        if isinstance(result, MailCount):
            body = wording.email_counted(list(result.unseen.items()))
        else:
            log.warning("mail not counted: %s", result)
            body = wording.email_not_counted(str(result))
        self.counted.emit(nudge._replace(body=body))

    def shutdown(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
