"""Where Boundary's files live on this system (storage)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "boundary-app"
SETTINGS_FILE = "config.toml"
JOURNAL_FILE = "journal.sqlite3"


def config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False, roaming=True))


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False, roaming=True))


def settings_path() -> Path:
    return config_dir() / SETTINGS_FILE


def journal_path() -> Path:
    return data_dir() / JOURNAL_FILE


def runtime_dir() -> Path:
    """A private folder for the instance lock and socket (created, mode 0700).

    Falls back to a per-user folder under the temp dir where the system has
    no runtime dir (or it cannot be created).
    """
    import tempfile  # only for the fallback; kept off the start-up path

    candidates = [Path(platformdirs.user_runtime_dir(APP_NAME, appauthor=False))]
    uid = os.getuid() if hasattr(os, "getuid") else 0
    candidates.append(Path(tempfile.gettempdir()) / f"{APP_NAME}-{uid}")
    for folder in candidates:
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError:
            continue
        if os.access(folder, os.W_OK):
            return folder
    raise OSError(f"no writable runtime folder (tried {', '.join(map(str, candidates))})")


def socket_path() -> Path:
    return runtime_dir() / "boundary.sock"


def lock_path() -> Path:
    return runtime_dir() / "boundary.lock"
