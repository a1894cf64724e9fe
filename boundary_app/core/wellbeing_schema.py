"""Reading the well-being tools' settings from the document, naming every bad field (core).

`[energy]`, `[supervision]` (with its `[[supervision.supervisees]]`) and
`[outside_work]`; all optional and off or empty by default. Written back
with only the values that differ from the defaults, or, for the settings
window, with every value spelled out.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from boundary_app.core.fields import FieldReader, not_a_weekday, too_long, type_name
from boundary_app.core.i18n import N_, _
from boundary_app.core.settings import WEEKDAYS, weekday_number
from boundary_app.core.wall import format_hhmm
from boundary_app.core.wellbeing import (
    INITIALS_MAX,
    MAX_TAGS,
    TAG_MAX,
    clean_tag,
    valid_initials,
)
from boundary_app.core.wellbeing_settings import (
    EnergyRules,
    OutsideWork,
    Supervisee,
    SupervisionRules,
)

MAX_INTENTIONS = 12
INTENTION_MAX = 120  # characters in one intention
MAX_SUPERVISEES = 24
SUPERVISION_EVERY_MAX = 8  # weeks between the user's own supervisions
CHECKIN_EVERY_MAX = 12  # weeks between check-ins with a supervisee
LEAD_MAX = 120

_ENERGY_KEYS = ("enabled", "tags")
_SUPERVISION_KEYS = (
    "enabled",
    "day",
    "time",
    "every_weeks",
    "weeks_from",
    "lead_min",
    "checkin_time",
    "supervisees",
)
_SUPERVISEE_KEYS = ("initials", "every_weeks", "day")
_OUTSIDE_KEYS = ("intentions",)
# Invisible controls that make text show in another order than it is stored.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_SOFT_HYPHEN = "\u00ad"  # only a hint where a word may break: dropped
WHY_INITIALS = N_(
    "Boundary keeps initials only, so that no colleague's or client's name"
    " can appear on a screen you share"
)


# -- reading -------------------------------------------------------------------------


def read_energy(r: FieldReader, value: object) -> EnergyRules:
    table = r.table(value, "energy", _ENERGY_KEYS)
    base = EnergyRules()
    if table is None:
        return base
    enabled = _flag(r, table, "energy.enabled", base.enabled)
    tags = base.tags
    if "tags" in table:
        tags = _texts(r, table["tags"], "energy.tags", MAX_TAGS, _tag) or ()
    return EnergyRules(enabled, tags)


def read_supervision(r: FieldReader, value: object) -> SupervisionRules:
    table = r.table(value, "supervision", _SUPERVISION_KEYS)
    base = SupervisionRules()
    if table is None:
        return base
    found: dict[str, Any] = {}
    found["enabled"] = _flag(r, table, "supervision.enabled", base.enabled)
    if "day" in table:
        found["weekday"] = _weekday(r, table["day"], "supervision.day")
    for key in ("time", "checkin_time"):
        if key in table:
            found[key] = r.clock_time(table[key], f"supervision.{key}")
    if "every_weeks" in table:
        found["every_weeks"] = _weeks(
            r, table["every_weeks"], "supervision.every_weeks", SUPERVISION_EVERY_MAX
        )
    if "weeks_from" in table:
        found["weeks_from"] = _date(r, table["weeks_from"], "supervision.weeks_from")
    if "lead_min" in table:
        found["lead_min"] = r.whole(table["lead_min"], "supervision.lead_min", 0, LEAD_MAX)
    if "supervisees" in table:
        found["supervisees"] = _supervisees(r, table["supervisees"])
    return replace(base, **{k: v for k, v in found.items() if v is not None})


def read_outside_work(r: FieldReader, value: object) -> OutsideWork:
    table = r.table(value, "outside_work", _OUTSIDE_KEYS)
    if table is None or "intentions" not in table:
        return OutsideWork()
    field = "outside_work.intentions"
    return OutsideWork(_texts(r, table["intentions"], field, MAX_INTENTIONS, _intention) or ())


def _flag(r: FieldReader, table: dict[str, Any], field: str, default: bool) -> bool:
    key = field.rsplit(".", 1)[1]
    if key not in table:
        return default
    value = r.flag(table[key], field)
    return default if value is None else value


def _weekday(r: FieldReader, value: object, field: str) -> int | None:
    text = r.text(value, field)
    if text is None:
        return None
    number = weekday_number(text)
    if number is None:
        r.fail(field, not_a_weekday(text))
    return number


def _weeks(r: FieldReader, value: object, field: str, most: int) -> int | None:
    return r.whole(value, field, 1, most, unit="weeks")


def _date(r: FieldReader, value: object, field: str) -> date | None:
    if isinstance(value, datetime):
        r.fail(
            field,
            _("expected a date without a time of day, like {example}").format(example=_EXAMPLE),
        )
        return None
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
            try:
                return date.fromisoformat(text)
            except ValueError:
                pass
        r.fail(
            field, _('"{value}" is not a date like {example}').format(value=value, example=_EXAMPLE)
        )
        return None
    r.fail(
        field,
        _("expected a date like {example}, got {kind}").format(
            example=_EXAMPLE, kind=type_name(value)
        ),
    )
    return None


_EXAMPLE = "2026-11-05"
_Cleaner = Callable[[FieldReader, str, str], str | None]


def _texts(
    r: FieldReader, value: object, field: str, most: int, clean: _Cleaner
) -> tuple[str, ...] | None:
    """A list of short texts, each cleaned by `clean` (text, field) and none given twice."""
    items = r.list_of(value, field)
    if items is None:
        return None
    if len(items) > most:
        r.fail(
            field,
            _("{count} entries is too many (at most {most})").format(count=len(items), most=most),
        )
    kept: list[str] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(items):
        where = f"{field}[{i}]"
        text = r.text(item, where)
        cleaned = clean(r, text, where) if text is not None else None
        if cleaned is None:
            continue
        folded = cleaned.casefold()
        if folded in seen:
            r.fail(
                where,
                _('"{value}" is given twice (also as {field})').format(
                    value=cleaned, field=f"{field}[{seen[folded]}]"
                ),
            )
            continue
        seen[folded] = i
        kept.append(cleaned)
    return tuple(kept)


def _odd_characters(r: FieldReader, text: str, field: str) -> bool:
    """Whether `text` holds characters a short label must not (reported)."""
    if any(ch in _BIDI_CONTROLS for ch in text):
        r.fail(
            field,
            _(
                "contains an invisible direction control (U+202A-U+202E or U+2066-U+2069),"
                " which can make text show in another order than it reads; type it without"
            ),
        )
        return True
    if any(unicodedata.category(ch) == "Cc" and not ch.isspace() for ch in text):
        r.fail(field, _("contains control characters"))
        return True
    return False


def _tag(r: FieldReader, text: str, field: str) -> str | None:
    normal = unicodedata.normalize("NFC", text).replace(_SOFT_HYPHEN, "")
    if _odd_characters(r, normal, field):
        return None
    cleaned = clean_tag(normal)
    if cleaned is None:
        size = len(" ".join(normal.split()))
        r.fail(field, _("is empty") if not size else too_long(size, TAG_MAX))
    return cleaned


def _intention(r: FieldReader, text: str, field: str) -> str | None:
    normal = unicodedata.normalize("NFC", text).strip()
    if any(ch in normal for ch in "\n\r\v\f\x85\u2028\u2029"):
        r.fail(field, _("is more than one line (the end-of-day window shows it as one)"))
        return None
    if _odd_characters(r, normal, field):
        return None
    cleaned = " ".join(normal.split())
    if not cleaned:
        r.fail(field, _("is empty"))
        return None
    if len(cleaned) > INTENTION_MAX:
        r.fail(field, too_long(len(cleaned), INTENTION_MAX))
        return None
    return cleaned


def initials_key(initials: str) -> str:
    """What makes two supervisees the same person: the letters, ignoring case and dots."""
    return unicodedata.normalize("NFC", initials).replace(".", "").strip().casefold()


def _supervisees(r: FieldReader, value: object) -> tuple[Supervisee, ...] | None:
    items = r.list_of(value, "supervision.supervisees")
    if items is None:
        return None
    if len(items) > MAX_SUPERVISEES:
        r.fail(
            "supervision.supervisees",
            _("{count} people is too many (at most {most})").format(
                count=len(items), most=MAX_SUPERVISEES
            ),
        )
    found: list[Supervisee] = []
    seen: dict[str, int] = {}
    base = Supervisee("")
    for i, item in enumerate(items):
        field = f"supervision.supervisees[{i}]"
        table = r.table(item, field, _SUPERVISEE_KEYS)
        if table is None:
            continue
        initials = _initials(r, table, field)
        every: int | None = base.every_weeks
        if "every_weeks" in table:
            every = _weeks(r, table["every_weeks"], f"{field}.every_weeks", CHECKIN_EVERY_MAX)
        weekday: int | None = base.weekday
        if "day" in table:
            weekday = _weekday(r, table["day"], f"{field}.day")
        if initials is None or every is None or weekday is None:
            continue
        key = initials_key(initials)
        if key in seen:
            r.fail(
                f"{field}.initials",
                _('"{initials}" is given twice (also in {field})').format(
                    initials=initials, field=f"supervision.supervisees[{seen[key]}]"
                ),
            )
            continue
        seen[key] = i
        found.append(Supervisee(initials, every, weekday))
    return tuple(found)


def _initials(r: FieldReader, table: dict[str, Any], field: str) -> str | None:
    if "initials" not in table:
        r.fail(f"{field}.initials", _('is missing (like "AB"). {why}.').format(why=_(WHY_INITIALS)))
        return None
    text = r.text(table["initials"], f"{field}.initials")
    if text is None:
        return None
    initials = unicodedata.normalize("NFC", text).strip()
    if not valid_initials(initials):
        shown = initials if len(initials) <= 40 else initials[:39] + "\u2026"
        r.fail(
            f"{field}.initials",
            _('"{text}" is not initials (1-{most} letters, like "AB" or "A.B."): {why}.').format(
                text=shown, most=INITIALS_MAX, why=_(WHY_INITIALS)
            ),
        )
        return None
    return initials


# -- writing -------------------------------------------------------------------------


def wellbeing_to_data(
    energy: EnergyRules, supervision: SupervisionRules, outside: OutsideWork, *, every: bool
) -> dict[str, Any]:
    """The three tables as the file says them: with `every` value, or only those not default.

    A table with nothing to say is left out (unless `every`).
    """
    tables = {
        "energy": {"enabled": energy.enabled, "tags": list(energy.tags)},
        "supervision": _supervision_data(supervision),
        "outside_work": {"intentions": list(outside.intentions)},
    }
    if every:
        return tables
    defaults = {
        "energy": {"enabled": False, "tags": []},
        "supervision": _supervision_data(SupervisionRules()),
        "outside_work": {"intentions": []},
    }
    data: dict[str, Any] = {}
    for name, table in tables.items():
        changed = {k: v for k, v in table.items() if v != defaults[name][k]}
        if changed:
            data[name] = changed
    return data


def _supervision_data(rules: SupervisionRules) -> dict[str, Any]:
    return {
        "enabled": rules.enabled,
        "day": WEEKDAYS[rules.weekday][:3],
        "time": format_hhmm(rules.time),
        "every_weeks": rules.every_weeks,
        "weeks_from": rules.weeks_from,
        "lead_min": rules.lead_min,
        "checkin_time": format_hhmm(rules.checkin_time),
        "supervisees": [
            {
                "initials": person.initials,
                "every_weeks": person.every_weeks,
                "day": WEEKDAYS[person.weekday][:3],
            }
            for person in rules.supervisees
        ],
    }
