"""Notifications: the fallback order, the D-Bus calls a real bus carries, and the popup."""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import pytest
from jeepney import (  # type: ignore[import-untyped]
    DBusAddress,
    DBusNameFlags,
    HeaderFields,
    MessageType,
    message_bus,
    new_error,
    new_method_return,
    new_signal,
)
from jeepney.io.blocking import open_dbus_connection  # type: ignore[import-untyped]
from PySide6.QtCore import QEvent, QObject, QPointF, Qt, Signal
from PySide6.QtGui import QEnterEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QSystemTrayIcon
from pytestqt.qtbot import QtBot

from boundary_app.integrations.freedesktop_notifications import (
    DesktopNotifications,
    NotificationsUnavailable,
)
from boundary_app.ui import notifier_setup
from boundary_app.ui.notifier import (
    Action,
    Channel,
    ChannelUnavailable,
    DBusChannel,
    Notice,
    Notifier,
    PopupChannel,
    TrayMessageChannel,
)
from boundary_app.ui.popup import Popup, PopupStack
from boundary_app.ui.tray import Tray
from tests.desktop.harness import BUS_CONFIG

SERVER = DBusAddress(
    "/org/freedesktop/Notifications",
    bus_name="org.freedesktop.Notifications",
    interface="org.freedesktop.Notifications",
)
WRAP_UP = Notice(
    key="day.wrapup|2026-11-27T16:30:00-05:00",
    title="Time to wrap up",
    body="Your day ends in 30 minutes & <tomorrow> starts at 9.",
    actions=(Action("snooze", "Snooze 5 min"), Action("handoff", "Open handoff")),
)


class FakeChannel:
    def __init__(self, name: str, error: Exception | None = None) -> None:
        self.name = name
        self.error = error
        self.shown: list[Notice] = []

    def show(self, notice: Notice) -> None:
        if self.error is not None:
            raise self.error
        self.shown.append(notice)


class FakeNotificationServer:
    """Owns org.freedesktop.Notifications on the bus; records calls; can emit signals."""

    def __init__(self, address: str, capabilities: tuple[str, ...], answer: bool = True) -> None:
        self.capabilities = list(capabilities)
        self.answer = answer
        self.calls: list[tuple[str, tuple[Any, ...]]] = []
        self._next_id = 41
        self._send_lock = threading.Lock()  # the test thread emits while the server replies
        self._connection = open_dbus_connection(bus=address)
        flags = DBusNameFlags.do_not_queue
        reply = self._connection.send_and_get_reply(message_bus.RequestName(SERVER.bus_name, flags))
        assert reply.body == (1,)  # primary owner
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def emit(self, member: str, signature: str, body: tuple[Any, ...]) -> None:
        self._send(new_signal(SERVER, member, signature, body))

    def stop(self) -> None:
        self._connection.sock.shutdown(socket.SHUT_RDWR)  # wakes the thread with an EOF
        self._thread.join()
        self._connection.close()

    def _send(self, message: Any) -> None:
        with self._send_lock:
            self._connection.send(message)

    def _serve(self) -> None:
        while True:
            try:
                call = self._connection.receive()
            except OSError:
                return
            if call.header.message_type != MessageType.method_call:
                continue
            member = call.header.fields[HeaderFields.member]
            self.calls.append((member, call.body))
            if self.answer:
                self._send(self._reply(member, call))

    def _reply(self, member: str, call: Any) -> Any:
        if member == "GetCapabilities":
            return new_method_return(call, "as", (self.capabilities,))
        if member == "GetServerInformation":
            return new_method_return(call, "ssss", ("fake", "boundary tests", "1", "1.2"))
        if member == "Notify":
            notification_id = call.body[1] or self._next_id
            self._next_id += 1
            return new_method_return(call, "u", (notification_id,))
        if member == "CloseNotification":
            self.emit("NotificationClosed", "uu", (call.body[0], 3))
            return new_method_return(call)
        return new_error(call, "org.freedesktop.DBus.Error.UnknownMethod")


@dataclass(frozen=True)
class Bus:
    address: str
    daemon: subprocess.Popen[str]


@pytest.fixture
def bus(monkeypatch: pytest.MonkeyPatch) -> Iterator[Bus]:
    """A private session bus of our own; its address is the session bus for the test."""
    if shutil.which("dbus-daemon") is None:
        pytest.skip("needs dbus-daemon")
    # A short folder: a socket path may not exceed 107 bytes.
    with tempfile.TemporaryDirectory(prefix="boundary-bus-") as folder:
        config = Path(folder, "bus.conf")
        config.write_text(BUS_CONFIG.format(socket_dir=folder), encoding="utf-8")
        command = ["dbus-daemon", "--nofork", f"--config-file={config}", "--print-address=1"]
        with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as daemon:
            try:
                assert daemon.stdout is not None
                address = daemon.stdout.readline().strip()
                assert address.startswith("unix:"), "dbus-daemon did not start"
                monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
                yield Bus(address, daemon)
            finally:
                daemon.terminate()
                daemon.wait(timeout=10)


@pytest.fixture
def server(bus: Bus) -> Iterator[FakeNotificationServer]:
    fake = FakeNotificationServer(bus.address, ("actions", "body", "body-markup", "sound"))
    yield fake
    fake.stop()


@pytest.fixture
def popups(qtbot: QtBot) -> Iterator[PopupChannel]:
    channel = PopupChannel()
    yield channel
    channel.stack.close_all()


@pytest.fixture
def dbus_channel(qtbot: QtBot) -> Iterator[DBusChannel]:
    channel = DBusChannel(DesktopNotifications(timeout=5))
    yield channel
    channel.stop()


def notify_calls(server: FakeNotificationServer) -> list[tuple[Any, ...]]:
    return [body for member, body in server.calls if member == "Notify"]


# The fallback order


def test_the_next_channel_delivers_when_the_first_fails(
    qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    first = FakeChannel("dbus", NotificationsUnavailable("no notification server"))
    second = FakeChannel("tray")
    notifier = Notifier([first, second])
    with qtbot.waitSignal(notifier.delivered) as delivered:
        assert notifier.show(WRAP_UP) == "tray"
    assert delivered.args == [WRAP_UP.key, "tray"]
    assert second.shown == [WRAP_UP]
    assert "dbus channel could not deliver it: no notification server" in caplog.text
    assert WRAP_UP.title not in caplog.text  # private text stays out of the log


def test_the_popup_shows_what_no_other_channel_could(
    qtbot: QtBot, popups: PopupChannel, caplog: pytest.LogCaptureFixture
) -> None:
    channels: list[Channel] = [
        FakeChannel("dbus", NotificationsUnavailable("no session bus")),
        FakeChannel("tray", ChannelUnavailable("the tray icon is not visible")),
        popups,
    ]
    assert Notifier(channels).show(WRAP_UP) == "popup"
    assert [popup.key for popup in popups.stack.popups] == [WRAP_UP.key]
    assert "no session bus" in caplog.text
    assert "the tray icon is not visible" in caplog.text


def test_failed_is_emitted_when_every_channel_fails(
    qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    notifier = Notifier([FakeChannel("broken", TypeError("a bug"))])
    with qtbot.waitSignal(notifier.failed) as failed:
        assert notifier.show(WRAP_UP) is None
    assert failed.args == [WRAP_UP.key]
    assert "Traceback" in caplog.text  # an unexpected error keeps its traceback


def test_a_hidden_tray_icon_cannot_deliver(qtbot: QtBot) -> None:
    channel = TrayMessageChannel(QSystemTrayIcon())
    with pytest.raises(ChannelUnavailable, match="tray icon is not visible"):
        channel.show(WRAP_UP)


class StandInTray(QObject):
    """What `build_notifier` needs of a tray: its icon and the late-tray signal."""

    icon_replaced = Signal(QSystemTrayIcon)

    def __init__(self) -> None:
        super().__init__()
        self.icon = QSystemTrayIcon()


@pytest.mark.parametrize(
    ("platform", "bus", "channels"),
    [
        # no balloon beside D-Bus: on an SNI tray it goes to the same server, unreported
        ("linux", "unix:path=/run/user/1000/bus", ("dbus", "popup")),
        ("linux", None, ("tray", "popup")),
        ("darwin", "unix:path=/tmp/bus", ("tray", "popup")),
        ("win32", None, ("tray", "popup")),
    ],
)
def test_each_desktop_gets_its_channels_in_order(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    platform: str,
    bus: str | None,
    channels: tuple[str, ...],
) -> None:
    monkeypatch.setattr(notifier_setup.sys, "platform", platform)
    if bus is None:
        monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    else:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", bus)
    notifier = notifier_setup.build_notifier(cast(Tray, StandInTray()))
    assert notifier.channel_names == channels


# D-Bus against a real private bus


def test_the_server_receives_the_exact_arguments(server: FakeNotificationServer) -> None:
    client = DesktopNotifications(timeout=5)
    client.connect()
    try:
        actions = [("snooze", "Snooze 5 min"), ("handoff", "Open handoff")]
        notification_id = client.notify(summary="Wrap up", body="a & <b>", actions=actions)
        client.close(notification_id)
    finally:
        client.disconnect()
    assert notification_id == 41
    assert server.calls == [
        ("GetCapabilities", ()),
        (
            "Notify",
            (
                "Boundary",
                0,
                "",
                "Wrap up",
                "a &amp; &lt;b&gt;",
                ["snooze", "Snooze 5 min", "handoff", "Open handoff"],
                {"urgency": ("y", 1), "desktop-entry": ("s", "org.boundaryapp.Boundary")},
                -1,
            ),
        ),
        ("CloseNotification", (41,)),
    ]


@pytest.mark.parametrize(
    ("quiet", "chime", "hints"),
    [
        (True, False, {"urgency": ("y", 0), "suppress-sound": ("b", True)}),
        (False, True, {"urgency": ("y", 1), "sound-name": ("s", "message-new-instant")}),
        (True, True, {"urgency": ("y", 0), "suppress-sound": ("b", True)}),
    ],
)
def test_session_cues_ask_for_silence_or_a_chime(
    server: FakeNotificationServer,
    dbus_channel: DBusChannel,
    quiet: bool,
    chime: bool,
    hints: dict[str, tuple[str, object]],
) -> None:
    cue = Notice(key="session.wrapup|x", title="Session cue", body="", quiet=quiet, chime=chime)
    dbus_channel.show(cue)
    assert notify_calls(server)[0][6] == {
        **hints,
        "desktop-entry": ("s", "org.boundaryapp.Boundary"),
    }


def test_no_actions_and_plain_text_for_a_simple_server(bus: Bus, qtbot: QtBot) -> None:
    server = FakeNotificationServer(bus.address, ("body",))
    channel = DBusChannel(DesktopNotifications(timeout=5))
    try:
        channel.show(WRAP_UP)
    finally:
        channel.stop()
        server.stop()
    (call,) = notify_calls(server)
    assert call[4] == WRAP_UP.body
    assert call[5] == []


def test_the_same_notice_replaces_its_bubble(
    server: FakeNotificationServer, dbus_channel: DBusChannel
) -> None:
    dbus_channel.show(WRAP_UP)
    dbus_channel.show(WRAP_UP)
    assert [call[1] for call in notify_calls(server)] == [0, 41]


@pytest.mark.parametrize("action_key", ["snooze", "default"])
def test_a_chosen_action_reaches_the_notifier(
    server: FakeNotificationServer,
    dbus_channel: DBusChannel,
    popups: PopupChannel,
    qtbot: QtBot,
    action_key: str,
) -> None:
    notifier = Notifier([dbus_channel, popups])
    seen: list[tuple[str, str]] = []
    notifier.action_invoked.connect(lambda key, action: seen.append((key, action)))
    assert notifier.show(WRAP_UP) == "dbus"
    with qtbot.waitSignal(notifier.action_invoked) as invoked:
        server.emit("ActionInvoked", "us", (7, "snooze"))  # another program's bubble
        server.emit("ActionInvoked", "us", (41, action_key))
    assert invoked.args == [WRAP_UP.key, action_key]
    assert seen == [(WRAP_UP.key, action_key)]


def test_a_closed_bubble_is_forgotten_and_a_dismissal_reported(
    server: FakeNotificationServer, dbus_channel: DBusChannel, qtbot: QtBot
) -> None:
    dbus_channel.show(WRAP_UP)
    seen: list[tuple[str, str]] = []
    dbus_channel.action_invoked.connect(lambda key, action: seen.append((key, action)))
    with qtbot.waitSignal(dbus_channel.action_invoked) as dismissed:
        server.emit("NotificationClosed", "uu", (41, 2))  # 2: the user closed it
        server.emit("ActionInvoked", "us", (41, "late"))
    assert dismissed.args == [WRAP_UP.key, "dismissed"]
    dbus_channel.show(Notice(key="email.window|x", title="Email", body=""))
    with qtbot.waitSignal(dbus_channel.action_invoked) as invoked:
        server.emit("ActionInvoked", "us", (42, "default"))
    assert invoked.args == ["email.window|x", "default"]
    assert seen == [(WRAP_UP.key, "dismissed"), ("email.window|x", "default")]


def test_a_bubble_that_expired_is_not_a_dismissal(
    server: FakeNotificationServer, dbus_channel: DBusChannel, qtbot: QtBot
) -> None:
    dbus_channel.show(WRAP_UP)
    seen: list[tuple[str, str]] = []
    dbus_channel.action_invoked.connect(lambda key, action: seen.append((key, action)))
    server.emit("NotificationClosed", "uu", (41, 1))  # 1: it timed out
    dbus_channel.show(Notice(key="email.window|x", title="Email", body=""))
    with qtbot.waitSignal(dbus_channel.action_invoked):
        server.emit("ActionInvoked", "us", (42, "default"))
    assert seen == [("email.window|x", "default")]


def test_without_a_bus_the_notifier_falls_back(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path / 'no-bus'}")
    channel = DBusChannel()
    with pytest.raises(
        NotificationsUnavailable,
        match=r"Cannot reach the session bus at unix:path=.*no-bus: .*No such",
    ):
        channel.show(WRAP_UP)
    fallback = FakeChannel("popup")
    assert Notifier([channel, fallback]).show(WRAP_UP) == "popup"
    assert "dbus channel could not deliver it: Cannot reach the session bus" in caplog.text


@pytest.mark.parametrize(
    ("situation", "message"),
    [
        ("unset", "DBUS_SESSION_BUS_ADDRESS is not set"),
        ("no server", r"GetCapabilities: no notification server \(org.freedesktop"),
        ("silent server", "GetCapabilities: no answer from the notification server within 0.2 s"),
    ],
)
def test_unavailable_says_why(
    bus: Bus, monkeypatch: pytest.MonkeyPatch, situation: str, message: str
) -> None:
    server = (
        FakeNotificationServer(bus.address, (), answer=False)
        if situation == "silent server"
        else None
    )
    if situation == "unset":
        monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS")
    client = DesktopNotifications(timeout=0.2)
    try:
        with pytest.raises(NotificationsUnavailable, match=message):
            client.connect()
        assert not client.connected
    finally:
        if server is not None:
            server.stop()


def test_a_lost_bus_is_noticed_and_the_next_show_reconnects(bus: Bus, qtbot: QtBot) -> None:
    server = FakeNotificationServer(bus.address, ("body",))
    client = DesktopNotifications(timeout=5)
    channel = DBusChannel(client)
    channel.show(WRAP_UP)
    server.stop()
    bus.daemon.terminate()
    bus.daemon.wait(timeout=10)
    qtbot.waitUntil(lambda: not client.connected)
    with pytest.raises(NotificationsUnavailable, match="Cannot reach"):
        channel.show(WRAP_UP)


# The popup


def test_the_popup_shows_the_notice(qtbot: QtBot, popups: PopupChannel) -> None:
    popups.show(WRAP_UP)
    (popup,) = popups.stack.popups
    assert popup.isVisible()
    assert popup.title_label.text() == WRAP_UP.title
    assert popup.body_label.text() == WRAP_UP.body
    assert [b.text() for b in popup.action_buttons] == ["Snooze 5 min", "Open handoff"]
    assert [b.accessibleName() for b in popup.action_buttons] == ["Snooze 5 min", "Open handoff"]
    assert popup.close_button.accessibleName() == "Dismiss notification"
    assert popup.windowFlags() & Qt.WindowType.WindowDoesNotAcceptFocus
    assert popup.testAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)


def test_clicking_an_action_reports_it_and_closes(qtbot: QtBot, popups: PopupChannel) -> None:
    popups.show(WRAP_UP)
    (popup,) = popups.stack.popups
    with qtbot.waitSignal(popups.action_invoked) as invoked:
        qtbot.mouseClick(popup.action_buttons[0], Qt.MouseButton.LeftButton)
    assert invoked.args == [WRAP_UP.key, "snooze"]
    assert popups.stack.popups == ()


def test_the_popup_leaves_the_keyboard_where_the_user_types(
    qtbot: QtBot, popups: PopupChannel
) -> None:
    notes = QLineEdit()
    qtbot.addWidget(notes)
    with qtbot.waitActive(notes):
        notes.show()
        notes.activateWindow()
    assert QApplication.focusWidget() is notes
    popups.show(WRAP_UP)
    QApplication.processEvents()  # where the platform would activate the new window
    assert QApplication.focusWidget() is notes
    qtbot.keyClicks(QApplication.focusWidget(), "session notes")
    (popup,) = popups.stack.popups
    qtbot.mouseClick(popup.close_button, Qt.MouseButton.LeftButton)
    QApplication.processEvents()
    assert QApplication.focusWidget() is notes
    qtbot.keyClicks(QApplication.focusWidget(), ", more")
    assert notes.text() == "session notes, more"


def test_popups_stack_downwards_and_close_the_gap(qtbot: QtBot, popups: PopupChannel) -> None:
    for kind in ("day.wrapup", "email.window", "day.end"):
        popups.show(Notice(key=kind, title=kind, body="A line of text that wraps. " * 3))
    first, second, third = popups.stack.popups
    area = QApplication.primaryScreen().availableGeometry()
    for upper, lower in ((first, second), (second, third)):
        assert upper.geometry().bottom() < lower.geometry().top()
    assert all(area.contains(p.geometry()) for p in (first, second, third))
    assert len({p.geometry().right() for p in (first, second, third)}) == 1
    top_of_second = second.y()
    second.close()
    assert popups.stack.popups == (first, third)
    assert third.y() == top_of_second


def test_a_full_screen_closes_the_oldest_popups(qtbot: QtBot, popups: PopupChannel) -> None:
    for number in range(12):
        popups.show(Notice(key=f"n{number}", title=f"Nudge {number}", body="Some text. " * 8))
    shown = popups.stack.popups
    area = QApplication.primaryScreen().availableGeometry()
    assert 1 < len(shown) < 12
    assert [p.key for p in shown] == [f"n{number}" for number in range(12 - len(shown), 12)]
    assert all(area.contains(p.geometry()) for p in shown)


def test_a_popup_goes_away_by_itself_unless_hovered(qtbot: QtBot) -> None:
    stack = PopupStack(lifetime_ms=20)
    popup = stack.show_popup("day.start|x", "Good morning", "")
    QApplication.sendEvent(popup, QEnterEvent(QPointF(5, 5), QPointF(5, 5), QPointF(5, 5)))
    qtbot.wait(100)
    assert popup.isVisible()
    with qtbot.waitSignal(popup.closed):
        QApplication.sendEvent(popup, QEvent(QEvent.Type.Leave))
    assert stack.popups == ()


def test_clicking_the_text_is_the_default_action(qtbot: QtBot, popups: PopupChannel) -> None:
    popups.show(WRAP_UP)
    (popup,) = popups.stack.popups
    with qtbot.waitSignal(popups.action_invoked) as invoked:
        qtbot.mouseClick(popup.body_label, Qt.MouseButton.LeftButton)
    assert invoked.args == [WRAP_UP.key, "default"]
    assert isinstance(popup, Popup)
