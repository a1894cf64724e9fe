"""The single-instance socket's wire format, and a small client (Qt-free).

One request and one response per connection, each a line of UTF-8 JSON:

    -> {"protocol_version": 1, "command": "status", "args": {}}
    <- {"protocol_version": 1, "ok": true, "result": {...}}
    <- {"protocol_version": 1, "ok": false, "error": "what went wrong"}

The command line uses `request`; the running app answers with
`app.single_instance`, parsing with `parse_request`.
"""

from __future__ import annotations

import json
import socket
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PROTOCOL_VERSION = 1
MAX_LINE = 64 * 1024
COMMANDS = frozenset(
    {
        "status",
        "show",
        "session.start",
        "session.end",
        "pause",
        "resume",
        "done",
        "tasks.changed",
        "wellbeing.changed",
        "settings",
        "week",
        "quit",
    }
)


class ProtocolError(ValueError):
    """A message that does not follow the protocol; the text says how."""


class NotRunningError(ConnectionError):
    """No Boundary instance answers on the socket."""


@dataclass(frozen=True)
class Request:
    command: str
    args: dict[str, Any] = field(default_factory=dict)


def encode(message: dict[str, Any]) -> bytes:
    line = json.dumps({"protocol_version": PROTOCOL_VERSION, **message}, ensure_ascii=False)
    return line.encode("utf-8") + b"\n"


def request_line(command: str, **args: Any) -> bytes:
    return encode({"command": command, "args": args})


def ok_line(result: dict[str, Any] | None = None) -> bytes:
    return encode({"ok": True, "result": result or {}})


def error_line(message: str) -> bytes:
    return encode({"ok": False, "error": message})


def _decode(line: bytes) -> dict[str, Any]:
    if len(line) > MAX_LINE:
        raise ProtocolError(f"message longer than {MAX_LINE} bytes")
    try:
        message = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ProtocolError(f"not a JSON line: {exc}") from None
    if not isinstance(message, dict):
        raise ProtocolError("not a JSON object")
    version = message.get("protocol_version")
    if version != PROTOCOL_VERSION:
        raise ProtocolError(
            f"protocol_version {version!r} is not supported (this is {PROTOCOL_VERSION})"
        )
    return message


def parse_request(line: bytes) -> Request:
    """A request from one line; `ProtocolError` says what is wrong with it."""
    message = _decode(line)
    command = message.get("command")
    if not isinstance(command, str) or command not in COMMANDS:
        raise ProtocolError(f"unknown command {command!r}")
    args = message.get("args", {})
    if not isinstance(args, dict):
        raise ProtocolError("args must be an object")
    return Request(command, args)


def parse_response(line: bytes) -> dict[str, Any]:
    message = _decode(line)
    if message.get("ok") is True:
        result = message.get("result", {})
        if not isinstance(result, dict):
            raise ProtocolError("result must be an object")
        return result
    error = message.get("error")
    raise ProtocolError(str(error) if error else "the app answered with an error")


def request(path: Path, command: str, timeout: float = 3.0, **args: Any) -> dict[str, Any]:
    """Send one command to the running app and return its result.

    Raises `NotRunningError` when nothing listens on `path`, and
    `ProtocolError` when the app refuses the command.
    """
    if not hasattr(socket, "AF_UNIX"):
        raise NotRunningError("this system has no local sockets")
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(timeout)
            sock.connect(str(path))
            sock.sendall(request_line(command, **args))
            return parse_response(_read_line(sock))
    except (FileNotFoundError, ConnectionRefusedError) as exc:
        raise NotRunningError(f"Boundary is not running (nothing at {path})") from exc
    except TimeoutError as exc:
        raise NotRunningError(f"Boundary did not answer within {timeout:g} s") from exc
    except OSError as exc:
        raise NotRunningError(f"cannot reach Boundary at {path}: {exc.strerror or exc}") from exc


def _read_line(sock: socket.socket) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = sock.recv(4096)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
        if b"\n" in chunk or size > MAX_LINE:
            break
    data = b"".join(chunks)
    if not data:
        raise ProtocolError("the app closed the connection without answering")
    return data.split(b"\n", 1)[0]
