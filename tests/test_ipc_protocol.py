"""The single-instance wire format: every malformed line is refused with a reason."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from boundary_app import ipc


def test_a_request_round_trips() -> None:
    request = ipc.parse_request(ipc.request_line("session.start", minutes=50))
    assert request == ipc.Request("session.start", {"minutes": 50})


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (b"\xff\xfe garbage", "not a JSON line"),
        (b"[1, 2, 3]", "not a JSON object"),
        (b'{"command": "status"}', "protocol_version None is not supported"),
        (b'{"protocol_version": 99, "command": "status"}', "protocol_version 99"),
        (b'{"protocol_version": 1, "command": "rm -rf"}', "unknown command 'rm -rf'"),
        (b'{"protocol_version": 1, "command": "pause", "args": [5]}', "args must be an object"),
        (b"x" * (ipc.MAX_LINE + 1), "longer than"),
    ],
)
def test_malformed_requests_are_refused_with_a_reason(line: bytes, reason: str) -> None:
    with pytest.raises(ipc.ProtocolError, match=reason):
        ipc.parse_request(line)


def test_responses_carry_results_or_errors() -> None:
    assert ipc.parse_response(ipc.ok_line({"state": "working"})) == {"state": "working"}
    with pytest.raises(ipc.ProtocolError, match="no session is open"):
        ipc.parse_response(ipc.error_line("no session is open"))
    assert json.loads(ipc.error_line("x"))["protocol_version"] == ipc.PROTOCOL_VERSION


def test_a_missing_socket_means_not_running(tmp_path: Path) -> None:
    with pytest.raises(ipc.NotRunningError, match="not running"):
        ipc.request(tmp_path / "nothing.sock", "status")
