"""The running app's language and clock, chosen once at start (app).

Boundary's own words come from its catalogue (`storage.translations`),
Qt's own (the OK and Cancel buttons, file dialogs) from the `qtbase`
catalogue that comes with Qt, and the clock style (24 or 12 hours) from
Qt's view of the system locale, which knows every locale without the C
library's locale data.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from boundary_app.core import i18n
from boundary_app.core.i18n import ENGLISH, TimeStyle
from boundary_app.storage.translations import Loaded, load_translations

log = logging.getLogger(__name__)

_QUOTED = re.compile(r"'[^']*'")


def time_style_of(locale: QLocale) -> TimeStyle:
    """12-hour when the locale's short time format has an AM/PM marker ("h:mm AP")."""
    pattern = _QUOTED.sub("", locale.timeFormat(QLocale.FormatType.ShortFormat))
    return TimeStyle.H12 if re.search("[aA]", pattern) else TimeStyle.H24


def install_language(
    app: QCoreApplication, env: Mapping[str, str] | None = None, system: QLocale | None = None
) -> Loaded:
    """Load the user's language and clock and use them for all text from now on."""
    loaded = load_translations(os.environ if env is None else env)
    style = time_style_of(system or QLocale.system())
    i18n.install(loaded.translations, style, loaded.language)
    if loaded.language != ENGLISH:
        qt = QTranslator(app)
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if qt.load(f"qtbase_{loaded.language}", folder):
            app.installTranslator(qt)
        else:
            log.info(
                "no Qt catalogue for %s in %s: its standard buttons stay English",
                loaded.language,
                folder,
            )
    log.info("language %s (%s), %s clock", loaded.language, loaded.source, style.value)
    return loaded
