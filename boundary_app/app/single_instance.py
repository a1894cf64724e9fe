"""The local socket the command line talks to (app).

A plain Unix socket watched by `QSocketNotifier`s: the same kind of socket
the Qt-free client in `boundary_app.ipc` opens, with no QtNetwork to load.
The socket file a crash leaves behind is removed before listening (the
instance lock, `app.instance_lock`, says no live instance uses it).
Requests follow `boundary_app.ipc`; every malformed one is answered with an
error line, never a crash.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QSocketNotifier

from boundary_app import ipc

log = logging.getLogger(__name__)

Handler = Callable[[ipc.Request], dict[str, Any]]


class _Connection:
    """One client: read a line, answer it, close."""

    def __init__(self, sock: socket.socket, server: IpcServer) -> None:
        self.sock = sock
        self.buffer = bytearray()
        self.notifier = QSocketNotifier(sock.fileno(), QSocketNotifier.Type.Read, server)
        self.notifier.activated.connect(lambda *_: server._on_readable(self))


class IpcServer(QObject):
    """Answers one JSON line per connection with `handler`'s result."""

    def __init__(self, path: Path, handler: Handler, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self._handler = handler
        self._listener: socket.socket | None = None
        self._accepting: QSocketNotifier | None = None
        self._connections: set[_Connection] = set()

    def listen(self) -> None:
        """Listen on the socket path, replacing a stale socket file left by a crash."""
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            listener.bind(str(self.path))
            os.chmod(self.path, 0o600)  # this user only
            listener.listen(8)
        except OSError as exc:
            listener.close()
            raise OSError(f"cannot listen on {self.path}: {exc.strerror or exc}") from exc
        listener.setblocking(False)
        self._listener = listener
        self._accepting = QSocketNotifier(listener.fileno(), QSocketNotifier.Type.Read, self)
        self._accepting.activated.connect(self._on_connection)
        log.info("listening on %s", self.path)

    def close(self) -> None:
        for connection in list(self._connections):
            self._drop(connection)
        if self._accepting is not None:
            self._accepting.setEnabled(False)
        if self._listener is not None:
            self._listener.close()
            self._listener = None
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()

    def _on_connection(self, *_: object) -> None:
        assert self._listener is not None
        while True:
            try:
                sock, _address = self._listener.accept()
            except (BlockingIOError, InterruptedError):
                return
            sock.setblocking(False)
            self._connections.add(_Connection(sock, self))

    def _on_readable(self, connection: _Connection) -> None:
        try:
            chunk = connection.sock.recv(65536)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            self._drop(connection)
            return
        connection.buffer += chunk
        ended = not chunk
        if not ended and b"\n" not in chunk and len(connection.buffer) <= ipc.MAX_LINE:
            return  # wait for the rest of the line
        line = bytes(connection.buffer).split(b"\n", 1)[0]
        answer = self._answer(line) if line else ipc.error_line("empty request")
        try:
            connection.sock.setblocking(True)
            connection.sock.settimeout(2.0)
            connection.sock.sendall(answer)
        except OSError as exc:
            log.warning("could not answer a client: %s", exc)
        self._drop(connection)

    def _drop(self, connection: _Connection) -> None:
        connection.notifier.setEnabled(False)
        connection.notifier.deleteLater()
        with contextlib.suppress(OSError):
            connection.sock.close()
        self._connections.discard(connection)

    def _answer(self, line: bytes) -> bytes:
        try:
            request = ipc.parse_request(line)
        except ipc.ProtocolError as exc:
            log.warning("refused a request: %s", exc)
            return ipc.error_line(str(exc))
        try:
            return ipc.ok_line(self._handler(request))
        except ValueError as exc:
            return ipc.error_line(str(exc))
        except Exception as exc:
            log.exception("request %s failed", request.command)
            return ipc.error_line(f"{request.command} failed: {exc}")
