"""Files shipped inside the package, read through `importlib.resources` (storage).

Resources are found by package, never by a path relative to the checkout,
so they work the same from a wheel, an editable install or a zip.
"""

from __future__ import annotations

import functools
from importlib.resources import files

from boundary_app.core import i18n
from boundary_app.core.reframes import Reframe, parse_reframes

RESOURCES_PACKAGE = "boundary_app.resources"
REFRAMES_FILE = "reframes.toml"


def reframes_file(language: str) -> str:
    """The cards' file for `language`: "reframes.es.toml" ("reframes.toml" for English)."""
    return REFRAMES_FILE if language == i18n.ENGLISH else f"reframes.{language}.toml"


def load_reframes(language: str | None = None) -> tuple[Reframe, ...]:
    """The shipped reframe cards in `language` (by default the installed one), read and
    validated once per process; English where the language has no cards of its own.

    A broken file is a packaging bug: `ReframeError` (or `OSError`) reaches
    the caller, which decides how the window copes without a card.
    """
    wanted = i18n.language() if language is None else language
    if not files(RESOURCES_PACKAGE).joinpath(reframes_file(wanted)).is_file():
        wanted = i18n.ENGLISH
    return _load(reframes_file(wanted))


@functools.cache
def _load(name: str) -> tuple[Reframe, ...]:
    text = files(RESOURCES_PACKAGE).joinpath(name).read_text(encoding="utf-8")
    return parse_reframes(text, source=f"{RESOURCES_PACKAGE}/{name}")
