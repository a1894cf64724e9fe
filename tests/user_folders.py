"""A fresh user's folders (the XDG base directories) under one home: for every test tier and
the benchmarks. Standard library only, so the desktop harness and the benchmarks can use it."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

# Each variable and its folder under the home.
PLAIN = {
    "XDG_CONFIG_HOME": "config",
    "XDG_DATA_HOME": "data",
    "XDG_STATE_HOME": "state",
    "XDG_CACHE_HOME": "cache",
    "XDG_RUNTIME_DIR": "runtime",
}
DOTTED = {  # where a desktop session puts them
    "XDG_CONFIG_HOME": ".config",
    "XDG_DATA_HOME": ".local/share",
    "XDG_STATE_HOME": ".local/state",
    "XDG_CACHE_HOME": ".cache",
    "XDG_RUNTIME_DIR": "runtime",
}


def user_folders(home: Path, layout: Mapping[str, str] = PLAIN) -> dict[str, str]:
    """Make each folder of `layout` under `home`, private (0700, as a runtime dir must be);
    the variables that name them."""
    env = {}
    for name, sub in layout.items():
        folder = home / sub
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        folder.chmod(0o700)
        env[name] = str(folder)
    return env
