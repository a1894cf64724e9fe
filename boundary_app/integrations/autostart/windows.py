"""The Windows login item: the HKCU `Run` value and Task Manager's switch (integrations)."""

from __future__ import annotations

import errno
import subprocess
import sys
from typing import Protocol

from boundary_app.integrations.autostart.common import AutostartError, LoginItem, command_line

RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"
APPROVED_KEY = r"Software\Microsoft\Windows\CurrentVersion\Explorer\StartupApproved\Run"
RUN_VALUE = "Boundary"

# Windows value types (fixed by the registry's format, the same numbers as `winreg`'s).
REG_SZ = 1
REG_BINARY = 3
# Task Manager's "enabled" record: 0x02, then a zero FILETIME of when it was switched off.
APPROVED_ON = b"\x02" + bytes(11)
TASK_MANAGER_OFF = "turned off in Task Manager's Startup apps; turn it on there"


def run_value(command: list[str]) -> str:
    """`command` as a Windows command line, quoted as the C runtime splits it."""
    return subprocess.list2cmdline(command)


class Registry(Protocol):
    """Values under HKEY_CURRENT_USER; an `OSError` means the registry refused."""

    def get(self, key: str, name: str) -> tuple[object, int] | None:
        """The value and its type, or None when the key or the value is absent."""
        ...

    def set(self, key: str, name: str, value: str | bytes, kind: int) -> None: ...

    def delete(self, key: str, name: str) -> None:
        """Remove the value; an absent key or value is not an error."""
        ...


class WindowsRegistry:
    """HKEY_CURRENT_USER through `winreg`, imported only when used (on Windows).

    The work sits in `if sys.platform == "win32":` blocks so that mypy, checking on
    another system, skips what it cannot type there.
    """

    def get(self, key: str, name: str) -> tuple[object, int] | None:
        if sys.platform == "win32":
            import winreg

            try:
                with winreg.OpenKey(winreg.HKEY_CURRENT_USER, key) as handle:
                    value, kind = winreg.QueryValueEx(handle, name)
            except FileNotFoundError:
                return None
            return value, kind
        raise _no_registry()

    def set(self, key: str, name: str, value: str | bytes, kind: int) -> None:
        if sys.platform == "win32":
            import winreg

            with winreg.CreateKeyEx(
                winreg.HKEY_CURRENT_USER, key, 0, winreg.KEY_SET_VALUE
            ) as handle:
                winreg.SetValueEx(handle, name, 0, kind, value)
            return
        raise _no_registry()

    def delete(self, key: str, name: str) -> None:
        if sys.platform == "win32":
            import winreg

            try:
                with winreg.OpenKey(
                    winreg.HKEY_CURRENT_USER, key, 0, winreg.KEY_SET_VALUE
                ) as handle:
                    winreg.DeleteValue(handle, name)
            except FileNotFoundError:
                pass
            return
        raise _no_registry()


def _no_registry() -> OSError:
    return OSError(errno.ENOSYS, "the Windows registry exists only on Windows")


class RunKeyAutostart:
    """HKCU `...\\CurrentVersion\\Run` value "Boundary", and Task Manager's switch for it."""

    def __init__(self, registry: Registry | None = None):
        self._registry: Registry = registry if registry is not None else WindowsRegistry()

    @property
    def item(self) -> LoginItem:
        return LoginItem(f"HKEY_CURRENT_USER\\{RUN_KEY}\\{RUN_VALUE}")

    def _get(self, key: str) -> tuple[object, int] | None:
        try:
            return self._registry.get(key, RUN_VALUE)
        except OSError as exc:
            raise AutostartError(
                f"could not read HKEY_CURRENT_USER\\{key}\\{RUN_VALUE}: {exc.strerror or exc}"
            ) from exc

    def _set(self, key: str, value: str | bytes, kind: int) -> None:
        try:
            self._registry.set(key, RUN_VALUE, value, kind)
        except OSError as exc:
            raise AutostartError(
                f"could not write HKEY_CURRENT_USER\\{key}\\{RUN_VALUE}: {exc.strerror or exc}"
            ) from exc

    def _delete(self, key: str) -> None:
        try:
            self._registry.delete(key, RUN_VALUE)
        except OSError as exc:
            raise AutostartError(
                f"could not remove HKEY_CURRENT_USER\\{key}\\{RUN_VALUE}: {exc.strerror or exc}"
            ) from exc

    def _off_in_task_manager(self) -> bool:
        approved = self._get(APPROVED_KEY)
        if approved is None:
            return False
        value, _ = approved
        # 0x02 (and 0x06) mean on; 0x03 (and 0x07), followed by when, mean switched off.
        return isinstance(value, bytes) and len(value) > 0 and value[0] % 2 == 1

    def is_enabled(self) -> bool:
        return self._get(RUN_KEY) is not None and not self._off_in_task_manager()

    def enable(self) -> None:
        self._set(RUN_KEY, run_value(command_line()), REG_SZ)
        if self._get(APPROVED_KEY) is not None:
            self._set(APPROVED_KEY, APPROVED_ON, REG_BINARY)

    def disable(self) -> None:
        self._delete(RUN_KEY)
        self._delete(APPROVED_KEY)  # or Task Manager keeps a row for a vanished entry

    def describe(self) -> str:
        try:
            present = self._get(RUN_KEY) is not None
            off = present and self._off_in_task_manager()
        except AutostartError as exc:
            return f"Start at login: unknown ({exc})."
        if off:
            return f"Does not start at login: {TASK_MANAGER_OFF}."
        if present:
            return f"Starts at login from the registry ({self.item.where})."
        return "Does not start at login."
