"""KDE Plasma's do-not-disturb: `Inhibit` on the notification server, over D-Bus (integrations).

Plasma (5 and 6) offers `Inhibit(desktop_entry, reason, hints) -> cookie` and
`UnInhibit(cookie)` on `org.freedesktop.Notifications`, and ends an inhibition by itself
when the bus connection that asked for it closes. So the connection stays open while
quiet, and a crash gives the user their notifications back without any state file.
jeepney is imported only here, when a KDE switch is used: it is a Linux-only dependency.
"""

from __future__ import annotations

import contextlib
import logging
from typing import Any

from boundary_app.integrations.quiet_evenings.common import QuietError

log = logging.getLogger(__name__)

REASON = "Outside your work hours"


class KdeQuiet:
    """Holds a Plasma notification inhibition on its own bus connection while quiet."""

    name = "KDE Plasma"

    def __init__(self, bus_address: str | None = None, timeout: float = 2.0) -> None:
        self._bus_address = bus_address  # None: DBUS_SESSION_BUS_ADDRESS, read when quieting
        self._timeout = timeout
        self._connection: Any = None  # a jeepney DBusConnection while quiet
        self._cookie = 0

    @property
    def holding(self) -> bool:
        return self._connection is not None

    def quiet(self) -> None:
        if self._connection is not None:
            return
        from boundary_app.integrations.freedesktop_notifications import DESKTOP_ENTRY

        connection = self._open()
        try:
            reply = self._call(connection, "Inhibit", "ssa{sv}", (DESKTOP_ENTRY, REASON, {}))
            if len(reply) != 1 or not isinstance(reply[0], int):
                raise QuietError(f"Inhibit: the notification server answered {reply!r}")
            cookie = reply[0]
        except BaseException:
            connection.close()
            raise
        self._connection, self._cookie = connection, cookie
        log.info("Asked KDE Plasma to hold notifications back (cookie %d)", cookie)

    def restore(self) -> None:
        connection, self._connection = self._connection, None
        if connection is None:
            return
        try:
            self._call(connection, "UnInhibit", "u", (self._cookie,))
        except QuietError as error:
            # Closing the connection below ends the inhibition all the same.
            log.warning("%s; closing the bus connection ends it anyway", error)
        finally:
            with contextlib.suppress(OSError):
                connection.close()
        log.info("KDE Plasma shows notifications again")

    def _open(self) -> Any:
        from jeepney.io.blocking import (  # type: ignore[import-untyped]  # no type hints
            open_dbus_connection,
        )

        try:
            connection = open_dbus_connection(
                bus=self._bus_address or "SESSION", auth_timeout=self._timeout
            )
        except KeyError as error:
            raise QuietError(
                "Cannot reach KDE Plasma's notifications: there is no session bus "
                "(DBUS_SESSION_BUS_ADDRESS is not set)"
            ) from error
        except (OSError, RuntimeError, ValueError) as error:
            raise QuietError(f"Cannot reach the session bus: {error}") from error
        connection.sock.settimeout(self._timeout)  # a stalled bus must not hang sendall()
        return connection

    def _call(
        self, connection: Any, method: str, signature: str, body: tuple[Any, ...]
    ) -> tuple[Any, ...]:
        from jeepney import (  # type: ignore[import-untyped]  # jeepney ships no type hints
            DBusAddress,
            DBusErrorResponse,
            MessageType,
            new_method_call,
        )

        from boundary_app.integrations.freedesktop_notifications import (
            BUS_NAME,
            INTERFACE,
            OBJECT_PATH,
        )

        server = DBusAddress(OBJECT_PATH, bus_name=BUS_NAME, interface=INTERFACE)
        message = new_method_call(server, method, signature, body)
        try:
            reply = connection.send_and_get_reply(message, timeout=self._timeout)
        except TimeoutError as error:
            raise QuietError(
                f"{method}: no answer from the notification server within {self._timeout:g} s"
            ) from error
        except OSError as error:
            raise QuietError(f"{method}: lost the bus connection: {error}") from error
        if reply.header.message_type == MessageType.error:
            failure = DBusErrorResponse(reply)
            if failure.name == "org.freedesktop.DBus.Error.ServiceUnknown":
                raise QuietError(f"{method}: no notification server ({BUS_NAME}) on the bus")
            raise QuietError(f"{method}: the notification server refused: {failure}")
        return tuple(reply.body)
