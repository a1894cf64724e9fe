"""Delivery of nudges to the user through an ordered list of channels; ui layer.

`Notifier` tries each channel in turn (desktop notifications over D-Bus, the tray icon's
balloon, Boundary's own popup), so one broken channel never loses a nudge. Channels that can
report the user's choice have an `action_invoked(notice key, action key)` signal, which the
notifier forwards; the action key "default" means the user clicked the notice itself.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, QSocketNotifier, QTimer, Signal, SignalInstance
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

from boundary_app.integrations.freedesktop_notifications import (
    ActionInvoked,
    DesktopNotifications,
    NotificationClosed,
    NotificationsUnavailable,
)

if TYPE_CHECKING:
    from boundary_app.ui.popup import PopupStack

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Action:
    key: str
    label: str


@dataclass(frozen=True)
class Notice:
    """One nudge as shown to the user. During a session title and body carry no private text."""

    key: str  # unique id of the nudge, e.g. "day.end|2026-11-27T17:00:00-05:00"
    title: str
    body: str
    actions: tuple[Action, ...] = ()
    quiet: bool = False  # no sound, low urgency
    chime: bool = False  # ask for a short sound
    urgency: int = 1  # 0 low, 1 normal, 2 critical

    def __post_init__(self) -> None:
        if self.urgency not in (0, 1, 2):
            raise ValueError(f"urgency must be 0, 1 or 2, not {self.urgency}")


class ChannelUnavailable(Exception):
    """A channel cannot deliver now; the message says why."""


class Channel(Protocol):
    name: str

    def show(self, notice: Notice) -> None:
        """Deliver the notice or raise an exception that says why not."""


_EXPECTED_FAILURES = (ChannelUnavailable, NotificationsUnavailable)


class Notifier(QObject):
    """Shows each notice through the first channel that can deliver it."""

    action_invoked = Signal(str, str)  # notice key, action key
    delivered = Signal(str, str)  # notice key, channel name
    failed = Signal(str)  # notice key: no channel could deliver it

    def __init__(self, channels: Sequence[Channel], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._channels = tuple(channels)
        for channel in self._channels:
            signal = getattr(channel, "action_invoked", None)
            if isinstance(signal, SignalInstance):
                signal.connect(self.action_invoked)

    @property
    def channel_names(self) -> tuple[str, ...]:
        return tuple(channel.name for channel in self._channels)

    def show(self, notice: Notice) -> str | None:
        """Deliver `notice`; return the name of the channel that did, or None if none could."""
        for channel in self._channels:
            try:
                channel.show(notice)
            except Exception as error:
                # Only the key is logged: title and body may hold private text.
                log.warning(
                    "Notice %s: the %s channel could not deliver it: %s",
                    notice.key,
                    channel.name,
                    error,
                    exc_info=not isinstance(error, _EXPECTED_FAILURES),
                )
                continue
            log.debug("Notice %s delivered by the %s channel", notice.key, channel.name)
            self.delivered.emit(notice.key, channel.name)
            return channel.name
        log.error("Notice %s was not shown: every channel failed", notice.key)
        self.failed.emit(notice.key)
        return None


# The pseudo-action a channel reports when the user closed a notice without choosing.
DISMISSED = "dismissed"
DISMISSED_BY_USER = 2  # org.freedesktop.Notifications' NotificationClosed reason


class DBusChannel(QObject):
    """Desktop notifications (org.freedesktop.Notifications), connected on first use."""

    name = "dbus"
    action_invoked = Signal(str, str)  # notice key, action key

    def __init__(
        self, client: DesktopNotifications | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._client = client if client is not None else DesktopNotifications()
        self._watcher: QSocketNotifier | None = None
        self._keys: dict[int, str] = {}  # notification id -> notice key
        self._ids: dict[str, int] = {}  # notice key -> notification id, to replace a bubble

    def show(self, notice: Notice) -> None:
        if not self._client.connected:
            self._client.connect()
            self._watch()
        try:
            notification_id = self._client.notify(
                summary=notice.title,
                body=notice.body,
                actions=[(action.key, action.label) for action in notice.actions],
                urgency=0 if notice.quiet else notice.urgency,
                quiet=notice.quiet,
                sound=notice.chime,
                replaces_id=self._ids.get(notice.key, 0),
            )
        except NotificationsUnavailable:
            if not self._client.connected:
                self._forget()
            raise
        old_id = self._ids.get(notice.key)
        if old_id is not None and old_id != notification_id:
            self._keys.pop(old_id, None)
        self._keys[notification_id] = notice.key
        self._ids[notice.key] = notification_id
        # Signals that arrived with the reply sit in jeepney's buffer, out of the socket
        # notifier's sight: look at them once the event loop runs again.
        QTimer.singleShot(0, self, self._on_socket_readable)

    def stop(self) -> None:
        """Close the bus connection; the next `show` opens a new one."""
        self._client.disconnect()
        self._forget()

    def _watch(self) -> None:
        self._watcher = QSocketNotifier(self._client.fileno(), QSocketNotifier.Type.Read, self)
        self._watcher.activated.connect(self._on_socket_readable)

    def _forget(self) -> None:
        if self._watcher is not None:
            self._watcher.setEnabled(False)
            self._watcher.deleteLater()
            self._watcher = None
        self._keys.clear()
        self._ids.clear()

    def _on_socket_readable(self) -> None:
        try:
            events = self._client.read_events()
        except NotificationsUnavailable as error:
            log.warning("Desktop notifications stopped: %s", error)
            self._forget()
            return
        for event in events:
            key = self._keys.get(event.notification_id)
            if key is None:
                continue  # another program's bubble
            if isinstance(event, ActionInvoked):
                log.debug("Notice %s: action %s", key, event.action_key)
                self.action_invoked.emit(key, event.action_key)
            elif isinstance(event, NotificationClosed):
                if event.reason == DISMISSED_BY_USER:
                    self.action_invoked.emit(key, DISMISSED)
                del self._keys[event.notification_id]
                if self._ids.get(key) == event.notification_id:
                    del self._ids[key]


class TrayMessageChannel(QObject):
    """The tray icon's balloon message: no buttons, but a click counts as "default"."""

    name = "tray"
    action_invoked = Signal(str, str)  # notice key, action key

    def __init__(
        self, tray: QSystemTrayIcon, timeout_ms: int = 10_000, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._timeout_ms = timeout_ms
        self._last_key: str | None = None  # the click signal does not say which message
        self._tray = tray
        tray.messageClicked.connect(self._on_tray_message_clicked)

    def use(self, tray: QSystemTrayIcon) -> None:
        """Show messages on `tray` from now on (the app made a new tray icon)."""
        self._tray = tray
        tray.messageClicked.connect(self._on_tray_message_clicked)

    def show(self, notice: Notice) -> None:
        if not self._tray.isVisible():
            raise ChannelUnavailable("the tray icon is not visible (is there a system tray?)")
        if not QSystemTrayIcon.supportsMessages():
            raise ChannelUnavailable("this system tray cannot show messages")
        icon = (
            QSystemTrayIcon.MessageIcon.Warning
            if notice.urgency == 2
            else QSystemTrayIcon.MessageIcon.Information
        )
        self._tray.showMessage(notice.title, notice.body, icon, self._timeout_ms)
        self._last_key = notice.key

    def _on_tray_message_clicked(self) -> None:
        if self._last_key is not None:
            self.action_invoked.emit(self._last_key, "default")


class PopupChannel(QObject):
    """Boundary's own popup, the channel that works whenever there is a screen."""

    name = "popup"
    action_invoked = Signal(str, str)  # notice key, action key

    def __init__(self, stack: PopupStack | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._stack = stack
        if stack is not None:
            stack.action_invoked.connect(self.action_invoked)

    @property
    def stack(self) -> PopupStack:
        """The popups, made on first use: most days never need one."""
        if self._stack is None:
            from boundary_app.ui.popup import PopupStack

            self._stack = PopupStack(parent=self)
            self._stack.action_invoked.connect(self.action_invoked)
        return self._stack

    def show(self, notice: Notice) -> None:
        try:
            self.stack.show_popup(
                notice.key,
                notice.title,
                notice.body,
                [(action.key, action.label) for action in notice.actions],
                sticky=notice.urgency == 2,
            )
        except RuntimeError as error:
            raise ChannelUnavailable(str(error)) from error
        if notice.chime and not notice.quiet:
            QApplication.beep()
