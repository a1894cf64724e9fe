"""What every login item shares: its command, its name, its error, safe writes (integrations)."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from boundary_app.integrations.files import replace_file

APP_COMMAND = "boundary-app"
MODULE = "boundary_app"
# The Windows bundle's windowed twin of boundary-app.exe (packaging/boundary.spec): no
# console window at login.
WINDOWED_EXE = "Boundary.exe"


@dataclass(frozen=True)
class LoginItem:
    """Where a login item lives, for people: a path with `~` or a registry value."""

    where: str


class AutostartError(Exception):
    """A login item could not be read or changed; the message names it and says why."""


class Autostart(Protocol):
    def is_enabled(self) -> bool: ...

    def enable(self) -> None: ...

    def disable(self) -> None: ...

    def describe(self) -> str: ...


def command_line() -> list[str]:
    """How the login item starts Boundary; it opens in the tray without arguments.

    The `boundary-app` script installed beside the interpreter when there is one (a venv,
    pipx), else the interpreter with `-m boundary_app`. On Windows the console script
    would open a console window at every login, so `pythonw.exe` is preferred there.
    In a bundle (PyInstaller) the executable is Boundary itself, not Python.
    """
    if not sys.executable:
        raise AutostartError("cannot tell how to start Boundary: Python's path is unknown")
    python = Path(sys.executable)  # not resolved: a venv's python is a symlink out of it
    if getattr(sys, "frozen", False):
        windowed = python.with_name(WINDOWED_EXE)
        if sys.platform == "win32" and windowed.is_file():
            return [str(windowed)]
        return [str(python)]
    if sys.platform == "win32":
        windowless = python.with_name("pythonw.exe")
        if windowless.is_file():
            return [str(windowless), "-m", MODULE]
    else:
        script = python.with_name(APP_COMMAND)
        if script.is_file() and os.access(script, os.X_OK):
            return [str(script)]
    return [str(python), "-m", MODULE]


def looks_like_ours(command: list[str]) -> bool:
    """A command Boundary would have written, perhaps from an older install or venv."""
    if command == command_line():
        return True
    if len(command) == 1:
        return Path(command[0]).name in (APP_COMMAND, f"{APP_COMMAND}.exe", WINDOWED_EXE)
    return len(command) == 3 and command[1:] == ["-m", MODULE]


def tilde(path: Path) -> str:
    """`path` with the home folder written as `~`, as people read it."""
    try:
        return str(Path("~") / path.relative_to(Path.home()))
    except (ValueError, RuntimeError):
        return str(path)


def write_atomic(path: Path, data: bytes, mode: int) -> None:
    """Replace a login item atomically; a failure is an `AutostartError` naming the file."""
    try:
        replace_file(path, data, mode)
    except OSError as exc:
        raise AutostartError(f"could not write {tilde(path)}: {exc.strerror or exc}") from exc


def remove_file(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError as exc:
        raise AutostartError(f"could not remove {tilde(path)}: {exc.strerror or exc}") from exc
