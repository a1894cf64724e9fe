"""One instance per user: the lock, stale leftovers, and the command socket."""

from __future__ import annotations

import socket
import threading
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from boundary_app import ipc
from boundary_app.app.instance_lock import InstanceLock
from boundary_app.app.single_instance import IpcServer


def test_a_second_lock_is_refused_while_the_first_is_held(tmp_path: Path) -> None:
    first, second = InstanceLock(tmp_path / "lock"), InstanceLock(tmp_path / "lock")
    assert first.acquire()
    assert not second.acquire()
    first.release()
    assert second.acquire()  # a lock left by a dead process never blocks
    second.release()


def test_a_stale_lock_file_from_a_crash_does_not_block(tmp_path: Path) -> None:
    (tmp_path / "lock").write_text("999999\n")  # the pid of a process long gone
    lock = InstanceLock(tmp_path / "lock")
    assert lock.acquire()
    assert (tmp_path / "lock").read_text() != "999999\n"
    lock.release()


def ask(path: Path, payload: bytes) -> bytes:
    """Send raw bytes from another thread, the way a command-line client would."""
    result: list[bytes] = []

    def talk() -> None:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(5)
            sock.connect(str(path))
            sock.sendall(payload)
            data = b""
            while chunk := sock.recv(4096):
                data += chunk
            result.append(data)

    thread = threading.Thread(target=talk)
    thread.start()
    return_when_done(thread)
    return result[0]


def return_when_done(thread: threading.Thread) -> None:
    from PySide6.QtCore import QCoreApplication

    while thread.is_alive():
        QCoreApplication.processEvents()
        thread.join(0.01)


@pytest.fixture
def server(qtbot: QtBot, tmp_path: Path) -> IpcServer:
    def handler(request: ipc.Request) -> dict[str, Any]:
        if request.command == "session.end":
            raise ValueError("no session is open")
        return {"command": request.command, "args": request.args}

    path = tmp_path / "boundary.sock"
    path.write_text("left over by a crash")  # a stale socket file is replaced
    srv = IpcServer(path, handler)
    srv.listen()
    yield srv
    srv.close()


def test_a_request_is_answered(server: IpcServer) -> None:
    answer = ask(server.path, ipc.request_line("pause", minutes=30))
    assert ipc.parse_response(answer.strip()) == {"command": "pause", "args": {"minutes": 30}}


def test_a_refused_command_is_an_error_line(server: IpcServer) -> None:
    answer = ask(server.path, ipc.request_line("session.end"))
    with pytest.raises(ipc.ProtocolError, match="no session is open"):
        ipc.parse_response(answer.strip())


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        (b"garbage\n", "not a JSON line"),
        (b'{"protocol_version": 7, "command": "status"}\n', "protocol_version 7"),
        (b"x" * (ipc.MAX_LINE + 10), "longer than"),
    ],
)
def test_bad_requests_get_an_error_and_the_server_lives_on(
    server: IpcServer, payload: bytes, reason: str
) -> None:
    answer = ask(server.path, payload)
    with pytest.raises(ipc.ProtocolError, match=reason):
        ipc.parse_response(answer.strip())
    good = ask(server.path, ipc.request_line("status"))
    assert ipc.parse_response(good.strip())["command"] == "status"
