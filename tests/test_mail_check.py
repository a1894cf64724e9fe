"""Email windows carry the unread count from a real IMAP server, and only they ever connect."""

from __future__ import annotations

from datetime import timedelta
from functools import partial

from pytestqt.qtbot import QtBot

from boundary_app.app.controller import Controller
from boundary_app.app.mail_check import MailCheck
from boundary_app.core.clock import FixedClock
from boundary_app.core.nudge import NudgeKind
from boundary_app.integrations.mail_count import count_unseen
from boundary_app.storage.journal import Journal
from boundary_app.storage.secrets import Secrets, mail_key
from tests.conftest import MemoryKeyring
from tests.dovecot import Dovecot, dovecot_server  # noqa: F401  (the `dovecot` fixture)
from tests.helpers import at, settings_from


def controller_for(dovecot: Dovecot, journal: Journal, windows: list[str]) -> Controller:
    settings = settings_from(
        {
            "email": {"windows": windows},
            "mail": {
                "enabled": True,
                "host": dovecot.host,
                "port": dovecot.imaps_port,
                "user": dovecot.user,
                "folders": ["INBOX", "Clients"],
            },
        }
    )
    c = Controller(settings, FixedClock(at("2026-12-03T08:00:00-05:00")), journal)
    c.replan("test")
    return c


def check_for(controller: Controller, dovecot: Dovecot) -> MailCheck:
    counter = partial(count_unseen, context=dovecot.client_context())
    return MailCheck(controller, Secrets(), counter)


def test_the_email_window_says_how_much_is_unread(
    dovecot: Dovecot, journal: Journal, ring: MemoryKeyring, qtbot: QtBot
) -> None:
    ring.set_password("boundary-app", mail_key(dovecot.user, dovecot.host), dovecot.password)
    controller = controller_for(dovecot, journal, ["10:30"])
    check = check_for(controller, dovecot)
    window = next(n for n in controller.plan if n.kind is NudgeKind.EMAIL_WINDOW)
    with qtbot.waitSignal(check.counted, timeout=20_000) as counted:
        assert check.take([window]) == []  # held until counted
    assert counted.args[0].at == window.at
    assert counted.args[0].body.startswith("3 unread in Inbox and 1 in Clients.")
    check.shutdown()


def test_a_wrong_password_still_gives_the_nudge_with_the_reason(
    dovecot: Dovecot, journal: Journal, ring: MemoryKeyring, qtbot: QtBot
) -> None:
    ring.set_password("boundary-app", mail_key(dovecot.user, dovecot.host), "not-it")
    controller = controller_for(dovecot, journal, ["10:30"])
    check = check_for(controller, dovecot)
    window = next(n for n in controller.plan if n.kind is NudgeKind.EMAIL_WINDOW)
    with qtbot.waitSignal(check.counted, timeout=20_000) as counted:
        check.take([window])
    body = counted.args[0].body
    assert "could not be counted" in body
    assert "refused the user name or password" in body
    assert "not-it" not in body
    check.shutdown()


def test_without_a_password_in_the_keyring_the_user_is_told_where_to_add_it(
    dovecot: Dovecot, journal: Journal, ring: MemoryKeyring, qtbot: QtBot
) -> None:
    controller = controller_for(dovecot, journal, ["10:30"])
    check = check_for(controller, dovecot)
    window = next(n for n in controller.plan if n.kind is NudgeKind.EMAIL_WINDOW)
    with qtbot.waitSignal(check.counted, timeout=5_000) as counted:
        check.take([window])
    assert "no password is kept" in counted.args[0].body
    check.shutdown()


def test_a_whole_day_without_an_email_window_never_connects(
    dovecot: Dovecot, journal: Journal, ring: MemoryKeyring, qtbot: QtBot
) -> None:
    """Every nudge of a day (and the evening) goes through the check: none reaches the server."""
    ring.set_password("boundary-app", mail_key(dovecot.user, dovecot.host), dovecot.password)
    before = dovecot.settle()
    controller = controller_for(dovecot, journal, [])
    check = check_for(controller, dovecot)
    clock = controller.clock
    assert isinstance(clock, FixedClock)
    day = list(controller.plan)
    assert day, "the day has nudges"
    for nudge in day:
        clock.advance(max(timedelta(0), nudge.at - clock.now()))
        assert check.take([nudge]) == [nudge]  # passed on untouched
    qtbot.wait(200)
    assert dovecot.settle() == before
    check.shutdown()
