"""GNOME's do-not-disturb: the `show-banners` key, through the `gsettings` tool (integrations).

The `gsettings` command uses whatever settings backend the session has (dconf in a real
GNOME session), so Boundary needs no GLib bindings. Two traps shape the code:

- `gsettings set` exits 0 even when the change is lost (dconf without a session bus, or the
  per-process `memory` backend), so every write is read back in a second call.
- A crash mid-evening leaves the key false. The user's own value is therefore saved in a
  state file *before* the key changes, and kept while Boundary holds the key: a restart in
  the evening must not mistake Boundary's "false" for the user's choice.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Protocol

from boundary_app.integrations.files import replace_file
from boundary_app.integrations.quiet_evenings.common import QuietError

log = logging.getLogger(__name__)

SCHEMA = "org.gnome.desktop.notifications"
KEY = "show-banners"


class BoolSettings(Protocol):
    """Boolean GSettings keys; `GSettingsTool` in the app, a fake in unit tests."""

    def get_bool(self, schema: str, key: str) -> bool: ...

    def set_bool(self, schema: str, key: str, value: bool) -> None: ...


class GSettingsTool:
    """Boolean keys read and written by running `gsettings` (no shell, short timeout)."""

    def __init__(
        self,
        env: Mapping[str, str] | None = None,
        command: str = "gsettings",
        timeout: float = 5.0,
    ) -> None:
        self._env = dict(env) if env is not None else None  # None: this process's environment
        self._command = command
        self._timeout = timeout

    def get_bool(self, schema: str, key: str) -> bool:
        output = self._run(["get", schema, key], f"read {schema} {key}").strip()
        if output not in ("true", "false"):
            raise QuietError(f"gsettings gave {output!r} for {schema} {key}, not true or false")
        return output == "true"

    def set_bool(self, schema: str, key: str, value: bool) -> None:
        self._run(["set", schema, key, "true" if value else "false"], f"change {schema} {key}")

    def _run(self, arguments: list[str], what: str) -> str:
        import subprocess  # here, not at the top: only quiet evenings on GNOME run a program

        try:
            done = subprocess.run(
                [self._command, *arguments],
                env=self._env,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                timeout=self._timeout,
                check=False,
            )
        except FileNotFoundError as error:
            raise QuietError(
                f"Cannot {what}: the gsettings tool is missing "
                "(on Debian and Ubuntu it comes with libglib2.0-bin)"
            ) from error
        except subprocess.TimeoutExpired as error:
            raise QuietError(
                f"Cannot {what}: gsettings gave no answer within {self._timeout:g} s"
            ) from error
        except OSError as error:
            raise QuietError(f"Cannot {what}: gsettings did not run: {error}") from error
        if done.returncode != 0:
            detail = done.stderr.strip() or f"exit status {done.returncode}"
            raise QuietError(f"Cannot {what}: {detail}")
        return done.stdout


class GnomeQuiet:
    """Turns GNOME's notification banners off, keeping the user's own value in `state_file`."""

    name = "GNOME"

    def __init__(self, state_file: Path, settings: BoolSettings | None = None) -> None:
        self.state_file = state_file
        self._settings = settings if settings is not None else GSettingsTool()

    def quiet(self) -> None:
        current = self._settings.get_bool(SCHEMA, KEY)
        held = self._read_state()
        # Boundary holds the key when its state file exists and the key is still off. Banners
        # that are on again mean the user (or a restore) changed it since: that value is theirs.
        if held is None or current:
            self._write_state(current)
        if not current:
            log.info("GNOME notification banners are already off")
            return
        # On failure the state stays: if the key did not change, restore() sees banners on
        # and just forgets it; if it did change, restore() gives the user's value back.
        self._set_and_check(False)
        log.info("Turned GNOME notification banners off for the evening")

    def restore(self) -> None:
        users_value = self._read_state()
        if users_value is None:
            return
        if self._settings.get_bool(SCHEMA, KEY):
            log.info("GNOME notification banners were turned on meanwhile; leaving them on")
        elif users_value:
            self._set_and_check(True)  # on failure the state stays, for the next restore
            log.info("Turned GNOME notification banners back on")
        self._forget_state()

    def _set_and_check(self, value: bool) -> None:
        self._settings.set_bool(SCHEMA, KEY, value)
        if self._settings.get_bool(SCHEMA, KEY) != value:
            raise QuietError(
                f"The desktop did not keep the change to {SCHEMA} {KEY}: gsettings accepted "
                "it but still reads the old value (is the session's settings service, dconf, "
                "reachable on the session bus?)"
            )

    # ---- the state file: {"schema": ..., "key": ..., "user_value": true}

    def _read_state(self) -> bool | None:
        """The user's own value while Boundary holds the key; None when it holds nothing."""
        try:
            text = self.state_file.read_text(encoding="utf-8")
        except (FileNotFoundError, NotADirectoryError):
            return None
        except OSError as error:
            raise QuietError(f"Cannot read {self.state_file}: {error.strerror or error}") from error
        try:
            state = json.loads(text)
            if state["schema"] == SCHEMA and state["key"] == KEY:
                value = state["user_value"]
                if isinstance(value, bool):
                    return value
        except (ValueError, TypeError, KeyError):
            pass
        aside = self.state_file.with_name(self.state_file.name + ".unreadable")
        with contextlib.suppress(OSError):
            os.replace(self.state_file, aside)
        raise QuietError(
            f"{self.state_file} could not be understood (kept as {aside.name}), so Boundary "
            "cannot tell whether your notification banners were on; change them in GNOME's "
            "Settings, Notifications, if they are not as you want them"
        )

    def _write_state(self, users_value: bool) -> None:
        state = {"schema": SCHEMA, "key": KEY, "user_value": users_value}
        try:
            replace_file(self.state_file, (json.dumps(state) + "\n").encode(), 0o600)
        except OSError as error:
            raise QuietError(
                f"Cannot save your notification setting to {self.state_file}: "
                f"{error.strerror or error}; banners were left as they are"
            ) from error

    def _forget_state(self) -> None:
        try:
            self.state_file.unlink(missing_ok=True)
        except OSError as error:
            raise QuietError(
                f"Cannot remove {self.state_file}: {error.strerror or error}"
            ) from error
