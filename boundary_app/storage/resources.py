"""Files shipped inside the package, read through `importlib.resources` (storage).

Resources are found by package, never by a path relative to the checkout,
so they work the same from a wheel, an editable install or a zip.
"""

from __future__ import annotations

import functools
from importlib.resources import files

from boundary_app.core.reframes import Reframe, parse_reframes

RESOURCES_PACKAGE = "boundary_app.resources"
REFRAMES_FILE = "reframes.toml"


@functools.cache
def load_reframes() -> tuple[Reframe, ...]:
    """The shipped reframe cards, read and validated once per process.

    A broken file is a packaging bug: `ReframeError` (or `OSError`) reaches
    the caller, which decides how the window copes without a card.
    """
    resource = files(RESOURCES_PACKAGE).joinpath(REFRAMES_FILE)
    text = resource.read_text(encoding="utf-8")
    return parse_reframes(text, source=f"{RESOURCES_PACKAGE}/{REFRAMES_FILE}")
