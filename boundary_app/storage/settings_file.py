"""The settings file: TOML in the config folder, read strictly, written atomically (storage).

`read_settings` reports every problem with its field. `load_or_recover` is
for the running app, which must start anyway: a file it cannot use is moved
aside (``config.toml.broken-<time>``), never overwritten, and defaults apply
until the user fixes it.
"""

from __future__ import annotations

import logging
import os
import tomllib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import tomli_w

from boundary_app.core.fields import Problem, SettingsError
from boundary_app.core.i18n import _
from boundary_app.core.settings import Settings
from boundary_app.core.settings_schema import parse_settings, settings_to_data
from boundary_app.storage.atomic import stamped_name, write_atomic

log = logging.getLogger(__name__)

_BOM = b"\xef\xbb\xbf"


def _error(path: Path, message: str) -> SettingsError:
    return SettingsError([Problem("", message)], str(path))


def parse_settings_text(raw: bytes, *, system_zone: ZoneInfo) -> Settings:
    """Settings from the bytes of a file; `SettingsError` names what is wrong."""
    skipped = len(_BOM) if raw.startswith(_BOM) else 0  # editors on Windows add one
    try:
        text = raw[skipped:].decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = exc.start + skipped
        message = f"is not UTF-8 text (byte 0x{raw[offset]:02x} at offset {offset})"
        raise SettingsError([Problem("", message)]) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError([Problem("", f"is not valid TOML: {exc}")]) from None
    except ValueError as exc:  # e.g. an integer of thousands of digits
        raise SettingsError([Problem("", f"is not usable TOML: {exc}")]) from None
    except RecursionError:
        raise SettingsError([Problem("", "is not usable TOML: it is nested too deeply")]) from None
    return parse_settings(data, system_zone=system_zone)


def read_settings(path: Path, *, system_zone: ZoneInfo, missing_ok: bool = True) -> Settings:
    """The settings in `path`; defaults if it does not exist and `missing_ok`."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        if missing_ok:
            return Settings(zone=system_zone)
        raise _error(path, "no such file") from None
    except OSError as exc:
        raise _error(path, f"cannot be read: {exc.strerror or exc}") from None
    try:
        return parse_settings_text(raw, system_zone=system_zone)
    except SettingsError as exc:
        raise exc.with_source(str(path)) from None


def save_settings(path: Path, settings: Settings) -> None:
    """Write `settings` to `path` atomically; raises `WriteFailedError` naming the file."""
    data = tomli_w.dumps(settings_to_data(settings)).encode("utf-8")
    write_atomic(path, data)


@dataclass(frozen=True)
class Loaded:
    """Settings for the running app, and what to tell the user if the file was unusable."""

    settings: Settings
    notice: str | None = None
    kept_as: Path | None = None


def load_or_recover(path: Path, *, system_zone: ZoneInfo, now: datetime) -> Loaded:
    """The settings in `path`, or defaults with the unusable file kept aside."""
    try:
        return Loaded(read_settings(path, system_zone=system_zone))
    except SettingsError as exc:
        problems = "\n".join(f"  {p}" for p in exc.problems)
        defaults = Settings(zone=system_zone)
        kept = _keep_aside(path, now)
        if kept is None:
            notice = _(
                "Your settings in {path} could not be used:\n{problems}\n"
                "The file could not be moved aside either, so it was left where it is."
                " Boundary uses its default hours until the file is fixed."
            ).format(path=path, problems=problems)
        else:
            notice = _(
                "Your settings in {path} could not be used:\n{problems}\n"
                "The file was kept as {kept}. Boundary uses its default hours"
                " until you fix it and put it back."
            ).format(path=path, problems=problems, kept=kept)
        log.warning("%s", notice)
        return Loaded(defaults, notice, kept)


def _keep_aside(path: Path, now: datetime) -> Path | None:
    if not path.exists():
        return None
    target = stamped_name(path, "broken", now)
    try:
        os.replace(path, target)
    except OSError as exc:
        log.error("Could not move %s aside: %s", path, exc)
        return None
    return target
