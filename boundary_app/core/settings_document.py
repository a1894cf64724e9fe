"""The settings as a document (the file's dict), and what an edit changes in it (core).

The settings window edits the document *in force* (every value shown, the
defaults included) and saves only what the user changed into the
document the file already holds, so a file keeps its own shape: keys left
at their defaults are not written out, and untouched parts stay as they are.
"""

from __future__ import annotations

import copy
from typing import Any

from boundary_app.core.settings import WEEKDAYS, Settings
from boundary_app.core.settings_schema import settings_to_data
from boundary_app.core.wellbeing_schema import wellbeing_to_data

Document = dict[str, Any]
# Tables whose keys are edited one by one (the others are replaced whole).
# A list inside one of them (`supervision.supervisees`) is one key: replaced whole.
_KEYED_TABLES = (
    "sessions",
    "day",
    "email",
    "calendar",
    "mail",
    "energy",
    "supervision",
    "outside_work",
)


def effective_document(settings: Settings) -> Document:
    """Every setting in force, as the file would say it (breaks and time zone included)."""
    data = settings_to_data(settings)
    if "breaks" not in data:  # the built-in lunch: shown, and editable, like any break
        data["breaks"] = [
            {
                "name": b.name,
                "days": [WEEKDAYS[d][:3] for d in sorted(b.days)],
                "time": b.span.text(),
            }
            for b in settings.breaks
        ]
    wellbeing = (settings.energy, settings.supervision, settings.outside_work)
    data.update(wellbeing_to_data(*wellbeing, every=True))  # the defaults are shown too
    return data


def apply_edits(original: Document, before: Document, after: Document) -> Document:
    """`original` (the file's document) with the differences from `before` to `after`.

    A key whose value did not change is left as the file has it (or absent);
    in `sessions`, `day`, `email`, `calendar`, `mail`, `energy`, `supervision`
    and `outside_work` each changed key is set alone (a list such as
    `supervision.supervisees` is one key); `week`, `breaks`, `exceptions` and
    `timezone` are replaced whole. A value of None removes the key.
    """
    result = copy.deepcopy(original)
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if old == new:
            continue
        if key in _KEYED_TABLES and isinstance(new, dict):
            old_table = old if isinstance(old, dict) else {}
            current = result.get(key)
            table = dict(current) if isinstance(current, dict) else {}
            for sub in sorted(set(old_table) | set(new)):
                if old_table.get(sub) == new.get(sub):
                    continue
                if new.get(sub) is None:
                    table.pop(sub, None)
                else:
                    table[sub] = new[sub]
            result[key] = table
        elif new is None:
            result.pop(key, None)
        else:
            result[key] = copy.deepcopy(new)
    return result
