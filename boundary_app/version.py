"""Boundary's version, read from the installed package's metadata (no layer: shared).

pyproject.toml holds the one version; pip writes it into the package's metadata, and
the PyInstaller bundle carries a copy of that metadata (`copy_metadata` in
packaging/boundary.spec). Without metadata (a checkout on `PYTHONPATH`, or a bundle
built without it) the version reads as `0+unknown` rather than guessing.
"""

from __future__ import annotations

import functools
import logging

DISTRIBUTION = "boundary-app"
UNKNOWN = "0+unknown"

log = logging.getLogger(__name__)


@functools.cache
def package_version() -> str:
    """The installed version, like `0.2.0`; `UNKNOWN` when no metadata is found."""
    from importlib import metadata

    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        log.warning("no metadata for %s: its version is unknown", DISTRIBUTION)
        return UNKNOWN
