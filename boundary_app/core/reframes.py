"""Reframe cards for the end-of-day window: reading them, and picking one per day (core).

A card is a short, kind way to see the day's work as it closes. The cards
ship as a TOML resource (`storage.resources` loads it); here they are
validated, each problem naming its field (``card[3].title``), and one is
chosen per date so that the same day shows the same card on every machine.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

THEMES = (
    "boundaries",
    "pacing",
    "email",
    "handoff",
    "strengths",
    "meaning",
    "beliefs",
    "supervision",
    "overtime",
)
FIELDS = ("id", "theme", "title", "text")
ID_MAX = 40
TITLE_MAX = 40
TEXT_MAX = 280

_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@dataclass(frozen=True, slots=True)
class Reframe:
    """One card: a stable id, a theme, a short title and one to three sentences."""

    id: str
    theme: str
    title: str
    text: str


class ReframeError(ValueError):
    """The cards cannot be used; `problems` names every field that is wrong."""

    def __init__(self, problems: Sequence[str], source: str = "reframes.toml") -> None:
        self.problems = tuple(problems)
        self.source = source
        super().__init__("\n".join(f"{source}: {p}" for p in self.problems))


def parse_reframes(text: str, source: str = "reframes.toml") -> tuple[Reframe, ...]:
    """The cards of a TOML document (``[[card]]`` tables), in file order.

    Raises `ReframeError` listing every problem: a missing or empty field,
    an unknown field or theme, a repeated id, a title or text that is too long.
    """
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ReframeError([f"not valid TOML: {exc}"], source) from exc
    problems = [f"{key}: unknown key (expected [[card]] tables)" for key in doc if key != "card"]
    raw_cards = doc.get("card")
    if not isinstance(raw_cards, list) or not raw_cards:
        raise ReframeError([*problems, "card: no [[card]] tables found"], source)
    cards: list[Reframe] = []
    first_use: dict[str, int] = {}
    for index, raw in enumerate(raw_cards):
        where = f"card[{index}]"
        if not isinstance(raw, dict):
            problems.append(f"{where}: is not a table")
            continue
        card = _card(raw, where, problems)
        if card is None:
            continue
        if card.id in first_use:
            problems.append(
                f'{where}.id: "{card.id}" is already used by card[{first_use[card.id]}]'
            )
            continue
        first_use[card.id] = index
        cards.append(card)
    if problems:
        raise ReframeError(problems, source)
    return tuple(cards)


def _card(raw: dict[str, object], where: str, problems: list[str]) -> Reframe | None:
    """One card, or None after adding its problems to `problems`."""
    before = len(problems)
    problems.extend(f"{where}.{key}: unknown field" for key in raw if key not in FIELDS)
    values: dict[str, str] = {}
    for name in FIELDS:
        value = raw.get(name)
        if value is None:
            problems.append(f"{where}.{name}: is missing")
        elif not isinstance(value, str):
            problems.append(f"{where}.{name}: should be text, not {type(value).__name__}")
        elif not value.strip():
            problems.append(f"{where}.{name}: is empty")
        else:
            # Multi-line TOML strings are allowed; the card shows one paragraph.
            values[name] = " ".join(value.split())
    if "id" in values and not (len(values["id"]) <= ID_MAX and _ID.fullmatch(values["id"])):
        problems.append(
            f'{where}.id: "{values["id"]}" is not a short kebab-case id '
            f"(a-z, 0-9 and single dashes, at most {ID_MAX} characters)"
        )
    if "theme" in values and values["theme"] not in THEMES:
        problems.append(f'{where}.theme: "{values["theme"]}" is not one of: {", ".join(THEMES)}')
    for name, limit in (("title", TITLE_MAX), ("text", TEXT_MAX)):
        if name in values and len(values[name]) > limit:
            problems.append(
                f"{where}.{name}: is {len(values[name])} characters long; at most {limit}"
            )
    if len(problems) > before:
        return None
    return Reframe(**values)


def reframe_for(day: date, cards: Sequence[Reframe], theme: str | None = None) -> Reframe:
    """The card for `day`: the same on any machine and run, a new one each day.

    Cards are taken in their given order, one per day by the date's ordinal,
    so any run of ``len(cards)`` consecutive days shows each card once. With
    a `theme`, only that theme's cards take turns; a theme without cards
    falls back to all of them.
    """
    if not cards:
        raise ReframeError(["card: no cards to choose from"], "reframe_for")
    pool = [card for card in cards if card.theme == theme] if theme is not None else []
    if not pool:
        pool = list(cards)
    return pool[day.toordinal() % len(pool)]
