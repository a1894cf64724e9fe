"""One Boundary per user: a lock file, and a local socket the command line talks to (app).

The lock is an advisory `flock` on a file in the runtime folder: the system
drops it when the process dies, however it dies, so a crashed instance never
blocks the next start. The socket file a crash leaves behind is removed
before listening. Requests follow `boundary_app.ipc`; every malformed one
is answered with an error line, never a crash.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from PySide6.QtCore import QObject
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from boundary_app import ipc

log = logging.getLogger(__name__)

Handler = Callable[[ipc.Request], dict[str, Any]]


class InstanceLock:
    """Held by the running instance for as long as it lives."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file: IO[str] | None = None

    def acquire(self) -> bool:
        """Take the lock; False if another live instance holds it."""
        handle = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115  # kept open while held
        try:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except ImportError:  # no flock (Windows): the socket alone decides
            pass
        except OSError:
            handle.close()
            return False
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        self._file = handle
        return True

    def release(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


class IpcServer(QObject):
    """Answers one JSON line per connection with `handler`'s result."""

    def __init__(self, path: Path, handler: Handler, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self._handler = handler
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._on_new_connection)
        self._buffers: dict[QLocalSocket, bytearray] = {}

    def listen(self) -> None:
        """Listen on the socket path, replacing a stale socket file left by a crash."""
        QLocalServer.removeServer(str(self.path))
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()
        if not self._server.listen(str(self.path)):
            raise OSError(f"cannot listen on {self.path}: {self._server.errorString()}")
        log.info("listening on %s", self.path)

    def close(self) -> None:
        self._server.close()
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()

    def _on_new_connection(self) -> None:
        while self._server.hasPendingConnections():
            sock = self._server.nextPendingConnection()
            self._buffers[sock] = bytearray()
            sock.readyRead.connect(lambda s=sock: self._on_ready_read(s))
            sock.disconnected.connect(lambda s=sock: self._forget(s))

    def _forget(self, sock: QLocalSocket) -> None:
        self._buffers.pop(sock, None)
        sock.deleteLater()

    def _on_ready_read(self, sock: QLocalSocket) -> None:
        buffer = self._buffers.get(sock)
        if buffer is None:
            return
        buffer += bytes(sock.readAll().data())
        if b"\n" not in buffer and len(buffer) <= ipc.MAX_LINE:
            return  # wait for the rest of the line
        line = bytes(buffer).split(b"\n", 1)[0]
        self._buffers.pop(sock, None)
        sock.write(self._answer(line))
        sock.flush()
        sock.disconnectFromServer()

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
