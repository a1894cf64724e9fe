"""Translated text, day and month names, and the user's clock (core).

Every sentence Boundary shows goes through `_` (or `ngettext`, `pgettext`)
when it is shown, never at import: `install` puts in the catalogue that the
app or the command line loaded (`storage.translations`), and all text made
after that follows it. Text kept in a constant is only marked with `N_`
(for the extractor) and translated with `_` where it is shown. Until
something is installed, everything is English and the clock is 24-hour.

Placeholders are named and filled after translation, so a translator may
move them: ``_("Closing {date}").format(date=...)``. Names of days and
months come from the catalogue too (not from the process locale), so a
window never mixes two languages. Settings-file values ("09:00-12:00",
"mon") are never translated: they are a format, not text.
"""

from __future__ import annotations

from datetime import date, datetime, time
from enum import Enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # not imported at run time: the way to the tray icon stays short
    import gettext


class TimeStyle(Enum):
    """How a time of day is shown: "14:00" or "2:00 PM"."""

    H24 = "24h"
    H12 = "12h"


ENGLISH = "en"

_translations: gettext.NullTranslations | None = None  # None: English as written
_time_style = TimeStyle.H24
_language = ENGLISH


def install(
    translations: gettext.NullTranslations | None,
    time_style: TimeStyle = TimeStyle.H24,
    language: str = ENGLISH,
) -> None:
    """Use `translations` (None: English) and `time_style` for all text made from now on."""
    global _translations, _time_style, _language
    _translations = translations
    _time_style = time_style
    _language = language


def reset() -> None:
    """Back to English and the 24-hour clock."""
    install(None)


def language() -> str:
    """The language of the installed catalogue ("en", "es", ...)."""
    return _language


def time_style() -> TimeStyle:
    return _time_style


def _(message: str) -> str:
    """`message` in the user's language."""
    return message if _translations is None else _translations.gettext(message)


def N_(message: str) -> str:
    """Marks `message` for translation without translating it (for constants)."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a message for the count `n` ("1 minute", "5 minutes")."""
    if _translations is None:
        return singular if n == 1 else plural
    return _translations.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """`message` in the user's language, told apart by `context` ("May" the month)."""
    return message if _translations is None else _translations.pgettext(context, message)


def npgettext(context: str, singular: str, plural: str, n: int) -> str:
    if _translations is None:
        return singular if n == 1 else plural
    return _translations.npgettext(context, singular, plural, n)


# -- the clock -----------------------------------------------------------------


def time_text(value: time | datetime) -> str:
    """A time of day in the user's style: "14:05" or "2:05 PM"."""
    hour, minute = value.hour, value.minute
    if _time_style is TimeStyle.H24:
        return f"{hour:02d}:{minute:02d}"
    shown = hour % 12 or 12
    if hour < 12:
        # Translators: a time before noon on a 12-hour clock, like "9:05 AM".
        text = pgettext("clock", "{hour}:{minute} AM")
    else:
        # Translators: a time after noon on a 12-hour clock, like "2:05 PM".
        text = pgettext("clock", "{hour}:{minute} PM")
    return text.format(hour=shown, minute=f"{minute:02d}")


def span_text(start: time | datetime | str, end: time | datetime | str) -> str:
    """From one time to another: "09:00-12:00" or "9:00 AM-12:00 PM", with an en dash.

    Text is used as it is given ("24:00").
    """
    # Translators: a span of time, like "09:00-12:00" (with an en dash); keep it short.
    return pgettext("clock", "{start}\u2013{end}").format(
        start=start if isinstance(start, str) else time_text(start),
        end=end if isinstance(end, str) else time_text(end),
    )


# -- days and months -------------------------------------------------------------


def weekday_name(number: int) -> str:
    """The weekday's name as it reads inside a sentence (0 is Monday)."""
    names = (
        pgettext("weekday", "Monday"),
        pgettext("weekday", "Tuesday"),
        pgettext("weekday", "Wednesday"),
        pgettext("weekday", "Thursday"),
        pgettext("weekday", "Friday"),
        pgettext("weekday", "Saturday"),
        pgettext("weekday", "Sunday"),
    )
    return names[number]


def weekday_short(number: int) -> str:
    """The weekday's short name: "Mon" (0 is Monday)."""
    names = (
        pgettext("weekday, short", "Mon"),
        pgettext("weekday, short", "Tue"),
        pgettext("weekday, short", "Wed"),
        pgettext("weekday, short", "Thu"),
        pgettext("weekday, short", "Fri"),
        pgettext("weekday, short", "Sat"),
        pgettext("weekday, short", "Sun"),
    )
    return names[number]


def month_name(number: int) -> str:
    """The month's name as it reads inside a sentence (1 is January)."""
    names = (
        pgettext("month", "January"),
        pgettext("month", "February"),
        pgettext("month", "March"),
        pgettext("month", "April"),
        pgettext("month", "May"),
        pgettext("month", "June"),
        pgettext("month", "July"),
        pgettext("month", "August"),
        pgettext("month", "September"),
        pgettext("month", "October"),
        pgettext("month", "November"),
        pgettext("month", "December"),
    )
    return names[number - 1]


def month_short(number: int) -> str:
    names = (
        pgettext("month, short", "Jan"),
        pgettext("month, short", "Feb"),
        pgettext("month, short", "Mar"),
        pgettext("month, short", "Apr"),
        pgettext("month, short", "May"),
        pgettext("month, short", "Jun"),
        pgettext("month, short", "Jul"),
        pgettext("month, short", "Aug"),
        pgettext("month, short", "Sep"),
        pgettext("month, short", "Oct"),
        pgettext("month, short", "Nov"),
        pgettext("month, short", "Dec"),
    )
    return names[number - 1]


def capitalized(text: str) -> str:
    """`text` with its first letter upper case, for a name that starts a line ("lunes")."""
    return text[:1].upper() + text[1:]


def day_and_month(day: date) -> str:
    """ "27 November"."""
    # Translators: a day of the month and the month's name, like "27 November".
    return pgettext("date", "{day} {month}").format(day=day.day, month=month_name(day.month))


def date_text(day: date, *, year: bool = False) -> str:
    """ "Friday 27 November" (with `year`, "Friday 27 November 2026"), inside a sentence."""
    if year:
        # Translators: a full date, like "Friday 27 November 2026".
        text = pgettext("date", "{weekday} {day} {month} {year}")
    else:
        # Translators: a date with its weekday, like "Friday 27 November".
        text = pgettext("date", "{weekday} {day} {month}")
    return text.format(
        weekday=weekday_name(day.weekday()),
        day=day.day,
        month=month_name(day.month),
        year=day.year,
    )


def short_date_text(day: date) -> str:
    """ "Fri 27 Nov"."""
    # Translators: a date in short, like "Fri 27 Nov".
    return pgettext("date, short", "{weekday} {day} {month}").format(
        weekday=weekday_short(day.weekday()), day=day.day, month=month_short(day.month)
    )
