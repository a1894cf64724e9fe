"""The XDG login item (GNOME, KDE, Xfce, ...): an autostart desktop entry (integrations)."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from boundary_app import APP_ID
from boundary_app.integrations.autostart.common import (
    AutostartError,
    LoginItem,
    command_line,
    looks_like_ours,
    remove_file,
    tilde,
    write_atomic,
)

DESKTOP_FILE = "boundary-app.desktop"
DESKTOP_NAME = "Boundary"

# Desktop Entry spec, "The Exec key": an argument holding one of these must be quoted.
_EXEC_RESERVED = frozenset(" \t\n\"'\\><~|&;$*?#()`")
_EXEC_ESCAPED = frozenset('"`$\\')
# The string type's escapes, applied on top of the quoting (spec, "Possible value types").
_STRING_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}
_STRING_UNESCAPES = {"s": " ", "n": "\n", "t": "\t", "r": "\r", "\\": "\\"}


def _exec_argument(argument: str) -> str:
    quoted = argument.replace("%", "%%")
    if argument and not _EXEC_RESERVED.intersection(argument):
        return quoted
    inner = "".join(f"\\{c}" if c in _EXEC_ESCAPED else c for c in quoted)
    return f'"{inner}"'


def desktop_exec(command: list[str]) -> str:
    """`command` as the value of an `Exec=` line: quoted per argument, then string-escaped."""
    line = " ".join(_exec_argument(argument) for argument in command)
    return "".join(_STRING_ESCAPES.get(c, c) for c in line)


def desktop_entry(command: list[str]) -> str:
    """The XDG autostart desktop entry that starts `command` at login."""
    lines = [
        "[Desktop Entry]",
        "Type=Application",
        f"Name={DESKTOP_NAME}",
        "Comment=Keeps your work hours and your evenings apart",
        f"Exec={desktop_exec(command)}",
        f"Icon={APP_ID}",  # installed with the desktop entry (packaging/linux)
        "Terminal=false",
        "NoDisplay=false",
        "Categories=Utility;",
        "X-GNOME-Autostart-enabled=true",
        # The tray icon needs the panel's tray host, which starts alongside.
        "X-GNOME-Autostart-Delay=5",
    ]
    return "\n".join(lines) + "\n"


def _parse_exec(value: str) -> list[str]:
    """The arguments of an `Exec=` value (already string-unescaped), undoing the quoting."""
    arguments: list[str] = []
    current: list[str] | None = None  # None between arguments; "" is an argument
    quoted = False
    chars = iter(value)
    for c in chars:
        if c == " " and not quoted:
            if current is not None:
                arguments.append("".join(current))
            current = None
            continue
        current = current if current is not None else []
        if c == '"':
            quoted = not quoted
        elif c == "\\" and quoted:
            current.append(next(chars, ""))
        else:
            current.append(c)
    if current is not None:
        arguments.append("".join(current))
    return [argument.replace("%%", "%") for argument in arguments]


def _unescape_string(value: str) -> str:
    out: list[str] = []
    chars = iter(value)
    for c in chars:
        if c == "\\":
            following = next(chars, "")
            out.append(_STRING_UNESCAPES.get(following, "\\" + following))
        else:
            out.append(c)
    return "".join(out)


def _read_desktop_entry(path: Path) -> dict[str, str] | None:
    """The keys of the file's `[Desktop Entry]` group; None when there is no such file.

    Written by hand rather than with configparser, which would reject files that
    desktops accept (duplicate keys, text before the first group).
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise AutostartError(f"could not read {tilde(path)}: {reason}") from exc
    keys: dict[str, str] = {}
    group = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            group = line[1:-1]
        elif group == "Desktop Entry" and "=" in line:
            key, _, value = line.partition("=")
            keys.setdefault(key.strip(), value.strip())
    return keys


def _entry_is_on(keys: dict[str, str]) -> bool:
    # Hidden=true means "deleted" (for every desktop); the other key is GNOME's switch.
    return keys.get("Hidden") != "true" and keys.get("X-GNOME-Autostart-enabled") != "false"


def _entry_is_ours(keys: dict[str, str]) -> bool:
    if keys.get("Name") != DESKTOP_NAME:
        return False
    return looks_like_ours(_parse_exec(_unescape_string(keys.get("Exec", ""))))


def _xdg_dir(variable: str, fallback: Path) -> Path:
    value = os.environ.get(variable, "")
    # The Base Directory spec: relative paths are invalid and are ignored.
    return Path(value) if os.path.isabs(value) else fallback


class XdgAutostart:
    """A desktop entry in `$XDG_CONFIG_HOME/autostart`, the place every XDG desktop reads.

    The user's file wins over one of the same name in `$XDG_CONFIG_DIRS` (say, from a
    distribution package); to switch such a one off, a user file says `Hidden=true`.
    """

    def __init__(self, config_home: Path | None = None, config_dirs: list[Path] | None = None):
        home = config_home or _xdg_dir("XDG_CONFIG_HOME", Path.home() / ".config")
        self.path = home / "autostart" / DESKTOP_FILE
        if config_dirs is None:
            raw = os.environ.get("XDG_CONFIG_DIRS") or "/etc/xdg"
            config_dirs = [Path(p) for p in raw.split(os.pathsep) if os.path.isabs(p)]
        self._system_paths = [folder / "autostart" / DESKTOP_FILE for folder in config_dirs]

    @property
    def item(self) -> LoginItem:
        return LoginItem(tilde(self.path))

    def _system_entry(self) -> tuple[Path, dict[str, str]] | None:
        for path in self._system_paths:
            with contextlib.suppress(AutostartError):
                keys = _read_desktop_entry(path)
                if keys is not None:
                    return path, keys
        return None

    def is_enabled(self) -> bool:
        keys = _read_desktop_entry(self.path)
        if keys is None:
            system = self._system_entry()
            return system is not None and _entry_is_on(system[1])
        return _entry_is_on(keys)

    def enable(self) -> None:
        keys = _read_desktop_entry(self.path)
        if keys is not None and not _entry_is_ours(keys):
            if _entry_is_on(keys):
                return  # someone's own entry under our name already starts it: leave it be
            raise AutostartError(
                f"{self.item.where} was not written by Boundary and is switched off; "
                "switch it on in your desktop's startup settings, or remove the file"
            )
        self._write(desktop_entry(command_line()))

    def _write(self, text: str) -> None:
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise AutostartError(
                f"could not write {self.item.where}: Boundary's path is not valid UTF-8"
            ) from exc
        write_atomic(self.path, data, 0o644)

    def disable(self) -> None:
        keys = _read_desktop_entry(self.path)
        if keys is not None:
            if not _entry_is_ours(keys):
                if not _entry_is_on(keys):
                    return
                raise AutostartError(
                    f"{self.item.where} was not written by Boundary; leaving it alone: "
                    "switch it off in your desktop's startup settings, or remove the file"
                )
            remove_file(self.path)
        system = self._system_entry()
        if system is not None and _entry_is_on(system[1]):
            # A system-wide entry is switched off by hiding it in the user's folder.
            self._write(desktop_entry(command_line()) + "Hidden=true\n")

    def describe(self) -> str:
        try:
            keys = _read_desktop_entry(self.path)
        except AutostartError as exc:
            return f"Start at login: unknown ({exc})."
        where = self.item.where
        if keys is None:
            system = self._system_entry()
            if system is not None and _entry_is_on(system[1]):
                return f"Starts at login from {tilde(system[0])} (installed system-wide)."
            return f"Does not start at login (no {where})."
        if _entry_is_on(keys):
            return f"Starts at login from {where}."
        return f"Does not start at login: {where} is there but switched off."
