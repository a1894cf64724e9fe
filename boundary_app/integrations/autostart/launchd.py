"""The macOS login item: a LaunchAgent plist that launchd reads at login (integrations)."""

from __future__ import annotations

import plistlib
from pathlib import Path

from boundary_app.integrations.autostart.common import (
    AutostartError,
    LoginItem,
    command_line,
    remove_file,
    tilde,
    write_atomic,
)

AGENT_LABEL = "org.boundary-app.tray"


def launch_agent(command: list[str]) -> bytes:
    """The LaunchAgent plist that starts `command` once per login, in the user's GUI session."""
    agent = {
        "Label": AGENT_LABEL,
        "ProgramArguments": list(command),
        "RunAtLoad": True,
        "KeepAlive": False,  # quitting from the tray must stay quit
        "ProcessType": "Interactive",
        "LimitLoadToSessionType": "Aqua",
    }
    return plistlib.dumps(agent, fmt=plistlib.FMT_XML)


class LaunchAgentAutostart:
    """`~/Library/LaunchAgents/org.boundary-app.tray.plist`.

    launchd loads the folder at login, so enabling takes effect from the next login and
    disabling leaves this session's Boundary running; no `launchctl` call is needed.
    """

    def __init__(self, folder: Path | None = None):
        folder = folder or Path.home() / "Library" / "LaunchAgents"
        self.path = folder / f"{AGENT_LABEL}.plist"

    @property
    def item(self) -> LoginItem:
        return LoginItem(tilde(self.path))

    def _read(self) -> dict[str, object] | None:
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise AutostartError(
                f"could not read {self.item.where}: {exc.strerror or exc}"
            ) from exc
        try:
            agent = plistlib.loads(data)
        except (plistlib.InvalidFileException, ValueError, TypeError) as exc:
            raise AutostartError(f"could not read {self.item.where}: not a property list") from exc
        if not isinstance(agent, dict):
            raise AutostartError(f"could not read {self.item.where}: not a dictionary")
        return agent

    def _check_ours(self, agent: dict[str, object]) -> None:
        if agent.get("Label") != AGENT_LABEL:
            raise AutostartError(
                f"{self.item.where} was not written by Boundary (its Label is not "
                f"{AGENT_LABEL}); leaving it alone"
            )

    def is_enabled(self) -> bool:
        agent = self._read()
        return agent is not None and agent.get("Disabled") is not True

    def enable(self) -> None:
        agent = self._read()
        if agent is not None:
            self._check_ours(agent)
        write_atomic(self.path, launch_agent(command_line()), 0o644)

    def disable(self) -> None:
        agent = self._read()
        if agent is not None:
            self._check_ours(agent)
            remove_file(self.path)

    def describe(self) -> str:
        try:
            on = self.is_enabled()
        except AutostartError as exc:
            return f"Start at login: unknown ({exc})."
        if on:
            return (
                f"Starts at login from {self.item.where}, from the next login on "
                "(System Settings > General > Login Items can also switch it off)."
            )
        return f"Does not start at login (no {self.item.where})."
