"""Where Boundary's files live on this system (storage)."""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP_NAME = "boundary-app"
SETTINGS_FILE = "config.toml"


def config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False, roaming=True))


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False, roaming=True))


def settings_path() -> Path:
    return config_dir() / SETTINGS_FILE
