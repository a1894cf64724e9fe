"""Finding the user's language and loading its catalogue from the package (storage).

The language is chosen the usual gettext way: the first of ``LANGUAGE``,
``LC_ALL``, ``LC_MESSAGES`` and ``LANG`` that is set, each entry of a
``LANGUAGE`` list in turn ("es_MX:es"), the territory dropped when only
the language has a catalogue; "C", "POSIX", English or a language without
a catalogue mean English. Catalogues are package resources
(``resources/locale/<lang>/LC_MESSAGES/boundary.mo``), found with
`importlib.resources`. The `.mo` files are made when the package is built;
a source checkout has only the `.po`, which is compiled in memory so that
a developer sees the translation too.
"""

from __future__ import annotations

import gettext
import io
import locale
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from boundary_app.core import i18n
from boundary_app.core.i18n import ENGLISH, TimeStyle
from boundary_app.storage.po_files import DOMAIN, PoError, mo_bytes, parse_po

log = logging.getLogger(__name__)

RESOURCES_PACKAGE = "boundary_app.resources"
LOCALE_FOLDER = "locale"
_MESSAGE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
_TIME_VARIABLES = ("LC_ALL", "LC_TIME", "LANG")
# Where the C library's locale data is missing (a bare container), these places are known
# to read the clock in 12 hours (CLDR's short time format with "a").
_TWELVE_HOUR = frozenset(
    {
        "en_US", "en_CA", "en_AU", "en_NZ", "en_PH", "en_IN", "en_PK", "es_US", "es_MX",
        "es_CO", "es_VE", "es_PR", "es_HN", "es_SV", "es_NI", "es_PA", "es_DO", "es_GT",
        "ar_EG", "ar_SA", "hi_IN", "bn_BD", "ko_KR", "zh_TW", "ur_PK", "fil_PH",
    }
)  # fmt: skip


@dataclass(frozen=True)
class Loaded:
    """A catalogue and where it came from: "mo", "po" (compiled in memory) or "english"."""

    translations: gettext.NullTranslations
    language: str
    source: str


def locale_root() -> Traversable:
    return files(RESOURCES_PACKAGE).joinpath(LOCALE_FOLDER)


def _name(entry: str) -> str:
    """ "es_MX.UTF-8@euro" -> "es_MX"."""
    return entry.split(".", 1)[0].split("@", 1)[0].strip()


def wanted_languages(env: Mapping[str, str]) -> list[str]:
    """The languages the environment asks for, best first; [] means English."""
    for variable in _MESSAGE_VARIABLES:
        value = env.get(variable, "")
        if value:
            break
    else:
        return []
    wanted: list[str] = []
    for entry in value.split(":"):
        name = _name(entry)
        if name in ("C", "POSIX"):
            break  # the untranslated messages
        if name:
            wanted += [name, name.split("_", 1)[0]]
    return list(dict.fromkeys(wanted))


def _catalogue(root: Traversable, language: str, suffix: str) -> Traversable | None:
    found = root.joinpath(language, "LC_MESSAGES", f"{DOMAIN}{suffix}")
    return found if found.is_file() else None


def choose_language(env: Mapping[str, str], root: Traversable | None = None) -> str:
    """The language to show: the first one wanted that has a catalogue, else English."""
    root = root or locale_root()
    for language in wanted_languages(env):
        if language == ENGLISH or language.startswith(f"{ENGLISH}_"):
            return ENGLISH
        if _catalogue(root, language, ".mo") or _catalogue(root, language, ".po"):
            return language
    return ENGLISH


def load_translations(env: Mapping[str, str], root: Traversable | None = None) -> Loaded:
    """The catalogue for the environment's language; English when there is none or it is broken."""
    root = root or locale_root()
    language = choose_language(env, root)
    english = Loaded(gettext.NullTranslations(), ENGLISH, "english")
    if language == ENGLISH:
        return english
    mo = _catalogue(root, language, ".mo")
    po = _catalogue(root, language, ".po")
    if mo is not None and po is not None and _newer(po, mo):
        mo = None  # a checkout whose .po was edited after the last compile: the .po wins
    try:
        if mo is not None:
            data, source = mo.read_bytes(), "mo"
        else:
            assert po is not None  # choose_language found one of the two
            # A source checkout: no build step has run, so compile the catalogue here.
            data = mo_bytes(parse_po(po.read_text(encoding="utf-8"), str(po)))
            source = "po"
        translations = gettext.GNUTranslations(io.BytesIO(data))
    except (OSError, PoError, UnicodeError, ValueError) as exc:
        log.warning("the %s translation could not be read, so English is shown: %s", language, exc)
        return english
    log.debug("language %s from its %s catalogue", language, source)
    return Loaded(translations, language, source)


def _newer(first: Traversable, second: Traversable) -> bool:
    """Whether `first` was changed after `second` (False where files have no times: a zip)."""
    if not (isinstance(first, Path) and isinstance(second, Path)):
        return False
    try:
        return first.stat().st_mtime > second.stat().st_mtime
    except OSError:
        return False


def time_style_of_locale(env: Mapping[str, str]) -> TimeStyle:
    """12- or 24-hour, as the environment's locale writes times (the C library's data).

    Without that data (a locale not installed) a short list of places that
    use the 12-hour clock decides; "C", "POSIX" and the unknown get 24 hours.
    """
    value = next((env[v] for v in _TIME_VARIABLES if env.get(v)), "")
    name = _name(value)
    if name in ("", "C", "POSIX"):
        return TimeStyle.H24
    previous = locale.setlocale(locale.LC_TIME)
    try:
        locale.setlocale(locale.LC_TIME, value)
        found = locale.nl_langinfo(locale.T_FMT)
    except (locale.Error, ValueError, AttributeError):  # AttributeError: no nl_langinfo (Windows)
        found = ""
    finally:
        locale.setlocale(locale.LC_TIME, previous)
    if found:
        return TimeStyle.H12 if "%p" in found or "%r" in found else TimeStyle.H24
    return TimeStyle.H12 if name in _TWELVE_HOUR else TimeStyle.H24


def install_from_environment(env: Mapping[str, str]) -> Loaded:
    """Load the environment's language and clock and install them (the command line)."""
    loaded = load_translations(env)
    i18n.install(loaded.translations, time_style_of_locale(env), loaded.language)
    return loaded
