"""Reframe cards: the shipped file, the daily choice, validation, wording and packaging."""

from __future__ import annotations

import re
import shutil
import tomllib
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path

import pytest
import tomli_w
from setuptools import Distribution, find_packages

from boundary_app.core.reframes import (
    TEXT_MAX,
    THEMES,
    TITLE_MAX,
    Reframe,
    ReframeError,
    parse_reframes,
    reframe_for,
)
from boundary_app.storage.resources import load_reframes

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT.parent / "shared" / "source" / "self-care-for-clinicians.txt"
SHARED_RUN = 6  # a run of this many words in common with the guide counts as copying


@pytest.fixture(scope="module")
def cards() -> tuple[Reframe, ...]:
    return load_reframes()


# --- the shipped file ------------------------------------------------------------


def test_shipped_cards_parse_and_cover_every_theme(cards: tuple[Reframe, ...]) -> None:
    assert 12 <= len(cards) <= 24
    themes = [card.theme for card in cards]
    assert set(themes) == set(THEMES)
    assert themes.count("overtime") >= 2
    assert themes.count("beliefs") >= 2
    assert len({card.id for card in cards}) == len(cards)


def test_shipped_cards_are_read_once(cards: tuple[Reframe, ...]) -> None:
    assert load_reframes() is cards


def test_shipped_cards_follow_the_house_wording(cards: tuple[Reframe, ...]) -> None:
    for card in cards:
        assert len(card.title) <= TITLE_MAX
        assert len(card.text) <= TEXT_MAX
        assert 1 <= len(re.findall(r"[.?](?:\s|$)", card.text)) <= 3, card.id
        assert card.text.endswith((".", "?")), card.id
        for words in (card.title, card.text):
            assert "!" not in words, card.id
            assert not re.search(r"\bboundary\b", words, re.IGNORECASE), card.id
        assert re.search(r"\byou(r|rs|rself)?\b", card.text, re.IGNORECASE), card.id


def _words(text: str) -> list[str]:
    """Lower-case words with punctuation dropped (curly and straight apostrophes alike)."""
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'").replace("'", "")
    return re.findall(r"[a-z0-9]+", text)


def _runs(words: list[str], n: int = SHARED_RUN) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def test_words_match_across_punctuation_and_case() -> None:
    assert _words("Don\u2019t check EMAIL, off-hours.") == _words("dont check email off hours")


@pytest.mark.skipif(not GUIDE.exists(), reason=f"the guide is not beside this checkout ({GUIDE})")
def test_no_card_copies_the_guide(cards: tuple[Reframe, ...]) -> None:
    guide = _runs(_words(GUIDE.read_text(encoding="utf-8")))
    assert len(guide) > 1000  # the guide was really read
    copied = {
        card.id: sorted(" ".join(run) for run in _runs(_words(f"{card.title}. {card.text}")))
        for card in cards
    }
    shared = {
        card_id: [run for run in runs if tuple(run.split()) in guide]
        for card_id, runs in copied.items()
    }
    assert {card_id: runs for card_id, runs in shared.items() if runs} == {}


# --- choosing the card of the day ------------------------------------------------


@pytest.mark.parametrize(
    ("day", "card_id"),
    [
        # Cards are appended at the end, so adding some moves the cycle: update these.
        (date(2026, 1, 1), "plan-the-landing"),
        (date(2026, 3, 8), "plan-the-landing"),  # spring forward in New York
        (date(2026, 11, 1), "late-again-is-a-signal"),  # fall back in New York
        (date(2027, 2, 28), "rest-is-part-of-it"),
        (date(2028, 2, 29), "guilt-is-a-poor-clock"),
    ],
)
def test_the_card_of_a_day_is_fixed(cards: tuple[Reframe, ...], day: date, card_id: str) -> None:
    assert reframe_for(day, cards).id == card_id


def test_the_same_day_gives_the_same_card(cards: tuple[Reframe, ...]) -> None:
    day = date(2026, 6, 15)
    assert reframe_for(day, cards) == reframe_for(day, list(cards))


def test_consecutive_days_differ(cards: tuple[Reframe, ...]) -> None:
    start = date(2025, 12, 20)
    days = [start + timedelta(days=i) for i in range(3 * len(cards))]
    for before, after in pairwise(days):
        assert reframe_for(before, cards) != reframe_for(after, cards), after


@pytest.mark.parametrize("start", [date(2026, 1, 1), date(2026, 12, 25), date(2031, 7, 3)])
def test_a_full_cycle_shows_every_card_once(cards: tuple[Reframe, ...], start: date) -> None:
    shown = [reframe_for(start + timedelta(days=i), cards).id for i in range(len(cards))]
    assert sorted(shown) == sorted(card.id for card in cards)


@pytest.mark.parametrize("theme", THEMES)
def test_a_theme_restricts_the_choice(cards: tuple[Reframe, ...], theme: str) -> None:
    members = {card.id for card in cards if card.theme == theme}
    start = date(2026, 5, 1)
    shown = {reframe_for(start + timedelta(days=i), cards, theme).id for i in range(40)}
    assert shown == members


def test_themed_cards_take_turns(cards: tuple[Reframe, ...]) -> None:
    day = date(2026, 9, 9)
    first = reframe_for(day, cards, "overtime")
    second = reframe_for(day + timedelta(days=1), cards, "overtime")
    assert first.theme == second.theme == "overtime"
    assert first != second


def test_a_theme_without_cards_falls_back_to_all(cards: tuple[Reframe, ...]) -> None:
    day = date(2026, 4, 2)
    assert reframe_for(day, cards, "gardening") == reframe_for(day, cards)
    only_pacing = [card for card in cards if card.theme == "pacing"]
    assert reframe_for(day, only_pacing, "overtime") == only_pacing[0]


def test_no_cards_is_an_error() -> None:
    with pytest.raises(ReframeError):
        reframe_for(date(2026, 1, 1), [])


# --- validation -------------------------------------------------------------------

FIRST = {"id": "first", "theme": "pacing", "title": "A title", "text": "Some text."}
SECOND = {"id": "second", "theme": "email", "title": "Another title", "text": "More text."}
GOOD = tomli_w.dumps({"card": [FIRST, SECOND]})


def _with_second(**changes: object) -> str:
    """Two cards, the second with `changes` (a None value leaves the field out)."""
    second = {k: v for k, v in {**SECOND, **changes}.items() if v is not None}
    return tomli_w.dumps({"card": [FIRST, second]})


def test_good_cards_parse_in_order() -> None:
    assert parse_reframes(GOOD) == (
        Reframe("first", "pacing", "A title", "Some text."),
        Reframe("second", "email", "Another title", "More text."),
    )


def test_multiline_text_becomes_one_paragraph() -> None:
    text = _with_second(text="Some\n   text\n on lines.")
    assert parse_reframes(text)[1].text == "Some text on lines."


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"title": None}, "card[1].title", "missing"),
        ({"text": "   "}, "card[1].text", "empty"),
        ({"id": ""}, "card[1].id", "empty"),
        ({"theme": "weather"}, "card[1].theme", "not one of"),
        ({"theme": 3}, "card[1].theme", "should be text"),
        ({"id": "first"}, "card[1].id", "already used by card[0]"),
        ({"id": "Not Kebab"}, "card[1].id", "kebab-case"),
        ({"title": "t" * (TITLE_MAX + 1)}, "card[1].title", "at most 40"),
        ({"text": "x" * (TEXT_MAX + 1)}, "card[1].text", "at most 280"),
        ({"colour": "blue"}, "card[1].colour", "unknown field"),
    ],
)
def test_each_problem_names_its_field_and_the_source(
    fields: dict[str, object], field: str, words: str
) -> None:
    with pytest.raises(ReframeError) as caught:
        parse_reframes(_with_second(**fields), source="cards.toml")
    message = str(caught.value)
    assert f"cards.toml: {field}: " in message
    assert words in message
    assert caught.value.source == "cards.toml"


def test_the_default_source_is_the_file_name() -> None:
    with pytest.raises(ReframeError, match=r"^reframes\.toml: card\[1\]\.title: is missing"):
        parse_reframes(_with_second(title=None))


def test_every_problem_is_reported_at_once() -> None:
    text = _with_second(title=None, theme="weather", id="first")
    with pytest.raises(ReframeError) as caught:
        parse_reframes(text)
    fields = sorted(p.split(":")[0] for p in caught.value.problems)
    assert fields == ["card[1].theme", "card[1].title"]  # the id is checked on a whole card


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("card = 3", "card: no [[card]] tables"),
        ("", "card: no [[card]] tables"),
        ("[[card]\n", "not valid TOML"),
        ('title = "x"\n' + GOOD, "title: unknown key"),
    ],
)
def test_a_document_without_cards_is_an_error(text: str, words: str) -> None:
    with pytest.raises(ReframeError, match=re.escape(words)):
        parse_reframes(text)


def test_the_error_is_a_value_error() -> None:
    assert issubclass(ReframeError, ValueError)


# --- packaging ----------------------------------------------------------------------


def test_the_cards_ship_inside_the_wheel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """setuptools' own `build_py`, driven by pyproject's package settings, copies the cards.

    `build_py` output is what a wheel contains. A real `pip wheel
    --no-build-isolation` needs setuptools >= 77 (PEP 639 license) in this
    environment, so the build command is driven directly, on a copy of the
    project so the checkout gets no build folder.
    """
    source = tmp_path / "src"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "boundary_app", source / "boundary_app", ignore=ignore)
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    tool = config["tool"]["setuptools"]
    monkeypatch.chdir(source)
    dist = Distribution(
        {
            "name": config["project"]["name"],
            "script_name": "setup.py",  # distutils wants one; no such file is read
            "packages": find_packages(".", **tool["packages"]["find"]),
            "package_data": tool["package-data"],
            "include_package_data": False,  # only the explicit rule counts here
        }
    )
    build = dist.get_command_obj("build_py")
    build.build_lib = str(tmp_path / "build")
    build.ensure_finalized()
    build.run()
    built = {p.relative_to(tmp_path / "build").as_posix() for p in (tmp_path / "build").rglob("*")}
    assert "boundary_app/resources/reframes.toml" in built
    assert "boundary_app/resources/__init__.py" in built
    assert "boundary_app/py.typed" in built
    shipped = (tmp_path / "build" / "boundary_app" / "resources" / "reframes.toml").read_text(
        encoding="utf-8"
    )
    assert parse_reframes(shipped) == load_reframes()
