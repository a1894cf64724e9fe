"""Hypothesis strategies for the well-being tables of a valid settings document.

Shared by the settings round-trip properties and the planner's properties.
"""

from __future__ import annotations

import unicodedata
from datetime import date
from typing import Any

from hypothesis import strategies as st

from boundary_app.core.settings import WEEKDAYS
from boundary_app.core.wellbeing_schema import initials_key

INITIALS = ["AB", "A.B.", "cd", "C.D", "E", "Ž.K.", "ЖЛ", "אב", "Ωμ", "JMR", "a.b.c.d"]
SOME_TAGS = ["couples", "intake", "teens", "Paartherapie", "🌧️ heavy", "زوجین", "זוגות", "EMDR"]


def hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _text_key(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split()).casefold()


def weekday_names() -> st.SearchStrategy[str]:
    return st.integers(0, 6).flatmap(
        lambda n: st.sampled_from([WEEKDAYS[n], WEEKDAYS[n][:3], WEEKDAYS[n].upper()])
    )


SHORT_TEXT = st.text(st.characters(categories=["L", "N", "Zs", "So"]), min_size=1, max_size=24)
LINE_TEXT = st.text(st.characters(categories=["L", "N", "Zs", "P"]), min_size=1, max_size=60)


@st.composite
def supervision_tables(draw: st.DrawFn, *, minute_step: int = 1) -> dict[str, Any]:
    """A valid `[supervision]` table; each key there or not."""
    options: dict[str, Any] = {
        "enabled": st.booleans(),
        "day": weekday_names(),
        "time": st.integers(0, (24 * 60 - 1) // minute_step).map(lambda m: hhmm(m * minute_step)),
        "every_weeks": st.integers(1, 8),
        "weeks_from": st.dates(date(2020, 1, 1), date(2032, 12, 31)),
        "lead_min": st.integers(0, 120),
        "checkin_time": st.integers(0, (24 * 60 - 1) // minute_step).map(
            lambda m: hhmm(m * minute_step)
        ),
    }
    table = {key: draw(value) for key, value in options.items() if draw(st.booleans())}
    if draw(st.booleans()):
        people = draw(st.lists(st.sampled_from(INITIALS), max_size=4, unique_by=initials_key))
        table["supervisees"] = []
        for initials in people:
            person: dict[str, Any] = {"initials": initials}
            if draw(st.booleans()):
                person["every_weeks"] = draw(st.integers(1, 12))
            if draw(st.booleans()):
                person["day"] = draw(weekday_names())
            table["supervisees"].append(person)
    return table


@st.composite
def wellbeing_tables(draw: st.DrawFn) -> dict[str, Any]:
    """Some of `[energy]`, `[supervision]` and `[outside_work]`, valid."""
    doc: dict[str, Any] = {}
    if draw(st.booleans()):
        energy: dict[str, Any] = {}
        if draw(st.booleans()):
            energy["enabled"] = draw(st.booleans())
        if draw(st.booleans()):
            own = SHORT_TEXT.filter(lambda t: 0 < len(_text_key(t)) <= 24)
            tags = st.one_of(st.sampled_from(SOME_TAGS), own)
            energy["tags"] = draw(st.lists(tags, max_size=12, unique_by=_text_key))
        doc["energy"] = energy
    if draw(st.booleans()):
        doc["supervision"] = draw(supervision_tables())
    if draw(st.booleans()):
        intentions = LINE_TEXT.filter(lambda t: 0 < len(_text_key(t)) <= 120)
        doc["outside_work"] = {
            "intentions": draw(st.lists(intentions, max_size=12, unique_by=_text_key))
        }
    return doc
