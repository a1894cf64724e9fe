"""Desktop notifications over D-Bus (org.freedesktop.Notifications); integrations layer, Qt-free.

Builds the calls of the freedesktop notification specification with jeepney and parses the
server's signals. jeepney rather than QtDBus because the spec's unsigned arguments
(`replaces_id` and the returned id are `u`) cannot be sent from PySide6. Everything here is
blocking with a short timeout; the GUI watches `fileno()` and calls `read_events()` when the
socket is readable.
"""

from __future__ import annotations

import logging
import os
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from jeepney import (  # type: ignore[import-untyped]  # jeepney ships no type hints
    DBusAddress,
    DBusErrorResponse,
    HeaderFields,
    MatchRule,
    Message,
    MessageType,
    message_bus,
    new_method_call,
)
from jeepney.io.blocking import (  # type: ignore[import-untyped]  # no type hints either
    open_dbus_connection,
)

from boundary_app import APP_ID

log = logging.getLogger(__name__)

BUS_NAME = "org.freedesktop.Notifications"
OBJECT_PATH = "/org/freedesktop/Notifications"
INTERFACE = "org.freedesktop.Notifications"
DESKTOP_ENTRY = APP_ID  # the installed desktop entry's name, without ".desktop"
CHIME_SOUND = "message-new-instant"  # a short sound from the freedesktop sound naming spec

_SERVER = DBusAddress(OBJECT_PATH, bus_name=BUS_NAME, interface=INTERFACE)
_SIGNALS = ("ActionInvoked", "NotificationClosed")


class NotificationsUnavailable(Exception):
    """Desktop notifications cannot be used now; the message says what and why."""


@dataclass(frozen=True)
class ActionInvoked:
    """The user chose an action ("default" means they clicked the bubble itself)."""

    notification_id: int
    action_key: str


@dataclass(frozen=True)
class NotificationClosed:
    """A bubble went away; reason 1 expired, 2 dismissed, 3 closed by a call, 4 other."""

    notification_id: int
    reason: int


Event = ActionInvoked | NotificationClosed


def _signal_rule(member: str) -> Any:
    # No `sender` condition: the bus would resolve the well-known name, but jeepney's
    # local filter compares it with the unique name in the header and would never match.
    return MatchRule(type="signal", interface=INTERFACE, member=member, path=OBJECT_PATH)


class DesktopNotifications:
    """A blocking client of the desktop's notification server on one bus connection."""

    def __init__(self, bus_address: str | None = None, timeout: float = 2.0) -> None:
        self._bus_address = bus_address  # None: the session bus, read when connecting
        self._timeout = timeout
        self._connection: Any = None  # jeepney DBusConnection while connected
        self._capabilities: frozenset[str] | None = None
        self._signals: deque[Any] = deque()  # signals caught while waiting for a reply
        self._filters: list[Any] = []

    @property
    def connected(self) -> bool:
        return self._connection is not None

    def connect(self) -> None:
        """Open the connection, subscribe to the server's signals and ask what it supports."""
        if self._connection is not None:
            return
        self._connection = self._open()
        try:
            for member in _SIGNALS:
                rule = _signal_rule(member)
                self._filters.append(self._connection.filter(rule, queue=self._signals))
                self._call(message_bus.AddMatch(rule), "subscribe to " + member)
            self.capabilities()
        except NotificationsUnavailable:
            self.disconnect()
            raise

    def _open(self) -> Any:
        if self._bus_address is not None:
            where = f"the bus at {self._bus_address}"
        else:
            where = f"the session bus at {os.environ.get('DBUS_SESSION_BUS_ADDRESS')}"
        try:
            connection = open_dbus_connection(
                bus=self._bus_address or "SESSION", auth_timeout=self._timeout
            )
        except KeyError as error:
            raise NotificationsUnavailable(
                "No session bus: DBUS_SESSION_BUS_ADDRESS is not set"
            ) from error
        except (OSError, RuntimeError, ValueError) as error:
            # TimeoutError is an OSError; RuntimeError is an address jeepney cannot use.
            raise NotificationsUnavailable(f"Cannot reach {where}: {error}") from error
        # A stalled bus must not freeze the GUI in sendall(); replies have their own timeout.
        connection.sock.settimeout(self._timeout)
        return connection

    def capabilities(self) -> frozenset[str]:
        """What the server supports ("actions", "body-markup", "sound", ...); asked once."""
        if self._capabilities is None:
            reply = self._call(new_method_call(_SERVER, "GetCapabilities"), "GetCapabilities")
            self._capabilities = frozenset(str(item) for item in reply[0])
            log.debug("Notification server capabilities: %s", sorted(self._capabilities))
        return self._capabilities

    def notify(
        self,
        *,
        summary: str,
        body: str,
        actions: Sequence[tuple[str, str]] = (),
        urgency: int = 1,
        quiet: bool = False,
        sound: bool = False,
        replaces_id: int = 0,
        expire_ms: int = -1,
        app_name: str = "Boundary",
        app_icon: str = "",
    ) -> int:
        """Show a bubble and return the server's id for it.

        `actions` are (key, label) pairs, sent only if the server can show them. `quiet` asks
        for no sound and wins over `sound`, which asks for a short chime.
        """
        if not 0 <= urgency <= 2:
            raise ValueError(f"urgency must be 0, 1 or 2, not {urgency}")
        capabilities = self.capabilities()
        if "body-markup" in capabilities:
            body = _escape_markup(body)
        flat_actions: list[str] = []
        if "actions" in capabilities:
            for key, label in actions:
                flat_actions += [key, label]
        hints: dict[str, tuple[str, object]] = {
            "urgency": ("y", urgency),
            "desktop-entry": ("s", DESKTOP_ENTRY),
        }
        if quiet:
            hints["suppress-sound"] = ("b", True)
        elif sound:
            hints["sound-name"] = ("s", CHIME_SOUND)
        arguments = (
            app_name,
            replaces_id,
            app_icon,
            summary,
            body,
            flat_actions,
            hints,
            expire_ms,
        )
        message = new_method_call(_SERVER, "Notify", "susssasa{sv}i", arguments)
        reply = self._call(message, "Notify")
        return int(reply[0])

    def close(self, notification_id: int) -> None:
        """Withdraw a bubble; the server answers with NotificationClosed (reason 3)."""
        message = new_method_call(_SERVER, "CloseNotification", "u", (notification_id,))
        self._call(message, "CloseNotification")

    def fileno(self) -> int:
        """The socket to watch for incoming signals."""
        return int(self._require().sock.fileno())

    def read_events(self) -> list[Event]:
        """Without blocking, parse every signal already received or waiting on the socket."""
        if self._connection is None:
            return []
        try:
            while True:
                # Runs the message filters, which append our signals to self._signals.
                self._connection.recv_messages(timeout=0)
        except TimeoutError:
            pass  # nothing more to read now
        except OSError as error:
            self.disconnect()
            raise NotificationsUnavailable(f"Lost the bus connection: {error}") from error
        events: list[Event] = []
        while self._signals:
            event = _parse_signal(self._signals.popleft())
            if event is not None:
                events.append(event)
        return events

    def disconnect(self) -> None:
        """Close the connection; `connect()` may open a new one later."""
        connection, self._connection = self._connection, None
        self._capabilities = None
        self._signals.clear()
        for handle in self._filters:
            handle.close()
        self._filters.clear()
        if connection is not None:
            connection.close()

    def _require(self) -> Any:
        if self._connection is None:
            raise NotificationsUnavailable("Not connected to the notification server")
        return self._connection

    def _call(self, message: Message, what: str) -> tuple[Any, ...]:
        connection = self._require()
        try:
            reply = connection.send_and_get_reply(message, timeout=self._timeout)
        except TimeoutError as error:
            # A late reply or a half-sent message would confuse the next call: start afresh.
            self.disconnect()
            raise NotificationsUnavailable(
                f"{what}: no answer from the notification server within {self._timeout:g} s"
            ) from error
        except OSError as error:
            self.disconnect()
            raise NotificationsUnavailable(f"{what}: lost the bus connection: {error}") from error
        if reply.header.message_type == MessageType.error:
            failure = DBusErrorResponse(reply)
            if failure.name == "org.freedesktop.DBus.Error.ServiceUnknown":
                raise NotificationsUnavailable(
                    f"{what}: no notification server ({BUS_NAME}) on the bus"
                )
            raise NotificationsUnavailable(f"{what} failed: {failure}")
        return tuple(reply.body)


def _parse_signal(message: Any) -> Event | None:
    member = message.header.fields.get(HeaderFields.member)
    body = message.body
    try:
        if member == "ActionInvoked":
            return ActionInvoked(int(body[0]), str(body[1]))
        if member == "NotificationClosed":
            return NotificationClosed(int(body[0]), int(body[1]))
    except (IndexError, TypeError, ValueError):
        pass
    log.warning("Ignoring a malformed %s signal: %r", member, body)
    return None


def _escape_markup(text: str) -> str:
    """`text` as the server's body markup shows it verbatim: `html.escape(text, quote=False)`.

    Spelt out: the `html` module loads a table of every named entity (some 2,000) that a
    resident app has no use for.
    """
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
