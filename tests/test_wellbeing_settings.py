"""The well-being tools' settings: each field good and bad, round trips, odd Unicode."""

from __future__ import annotations

import tomllib
from datetime import date, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import tomli_w

from boundary_app.cli import main
from boundary_app.core.clock import FixedClock
from boundary_app.core.fields import SettingsError
from boundary_app.core.settings import Settings
from boundary_app.core.settings_document import apply_edits, effective_document
from boundary_app.core.settings_schema import parse_settings, settings_to_data
from boundary_app.core.wellbeing_settings import (
    WEEKS_FROM,
    EnergyRules,
    OutsideWork,
    Supervisee,
    SupervisionRules,
)
from boundary_app.storage.settings_writer import merge_document
from tests.helpers import at

SYSTEM = ZoneInfo("Europe/Berlin")
README_EXAMPLE = """\
[energy]
enabled = true
tags = ["couples", "intake", "teens"]

[supervision]
enabled = true
day = "thu"
time = "14:00"
every_weeks = 2
weeks_from = 2026-11-05
lead_min = 15
checkin_time = "10:00"

[[supervision.supervisees]]
initials = "AB"
every_weeks = 2
day = "mon"

[outside_work]
intentions = ["A walk before dinner", "Call a friend"]
"""


def read(data: dict[str, Any]) -> Settings:
    return parse_settings(data, system_zone=SYSTEM)


def problems(data: dict[str, Any]) -> list[str]:
    with pytest.raises(SettingsError) as caught:
        read(data)
    return [str(p) for p in caught.value.problems]


def test_the_example_reads_as_written() -> None:
    settings = read(tomllib.loads(README_EXAMPLE))
    assert settings.energy == EnergyRules(True, ("couples", "intake", "teens"))
    assert settings.supervision == SupervisionRules(
        enabled=True,
        weekday=3,
        time=time(14, 0),
        every_weeks=2,
        weeks_from=date(2026, 11, 5),
        lead_min=15,
        checkin_time=time(10, 0),
        supervisees=(Supervisee("AB", 2, 0),),
    )
    assert settings.outside_work == OutsideWork(("A walk before dinner", "Call a friend"))


def test_all_three_are_off_and_empty_by_default_and_not_written_out() -> None:
    settings = read({})
    assert settings.energy == EnergyRules()
    assert settings.supervision == SupervisionRules()
    assert settings.supervision.weeks_from == WEEKS_FROM
    assert settings.outside_work == OutsideWork()
    data = settings_to_data(settings)
    assert not {"energy", "supervision", "outside_work"} & set(data)


# (table, key, value, what it reads as: (attribute path, value))
GOOD: list[tuple[str, str, Any, str, Any]] = [
    ("energy", "enabled", True, "energy.enabled", True),
    ("energy", "tags", [], "energy.tags", ()),
    ("energy", "tags", ["  couples  "], "energy.tags", ("couples",)),
    ("energy", "tags", ["grief   work"], "energy.tags", ("grief work",)),
    ("energy", "tags", ["x" * 24], "energy.tags", ("x" * 24,)),
    (
        "energy",
        "tags",
        [f"t{n}" for n in range(12)],
        "energy.tags",
        tuple(f"t{n}" for n in range(12)),
    ),
    ("supervision", "enabled", True, "supervision.enabled", True),
    ("supervision", "day", "thu", "supervision.weekday", 3),
    ("supervision", "day", "Thursday", "supervision.weekday", 3),
    ("supervision", "day", "SUN", "supervision.weekday", 6),
    ("supervision", "time", "07:05", "supervision.time", time(7, 5)),
    ("supervision", "time", "23:59", "supervision.time", time(23, 59)),
    ("supervision", "every_weeks", 1, "supervision.every_weeks", 1),
    ("supervision", "every_weeks", 8, "supervision.every_weeks", 8),
    ("supervision", "weeks_from", date(2026, 11, 5), "supervision.weeks_from", date(2026, 11, 5)),
    ("supervision", "weeks_from", "2026-11-05", "supervision.weeks_from", date(2026, 11, 5)),
    ("supervision", "lead_min", 0, "supervision.lead_min", 0),
    ("supervision", "lead_min", 120, "supervision.lead_min", 120),
    ("supervision", "checkin_time", "16:30", "supervision.checkin_time", time(16, 30)),
    ("supervision", "supervisees", [], "supervision.supervisees", ()),
    (
        "supervision",
        "supervisees",
        [{"initials": " A.B. "}, {"initials": "cd", "every_weeks": 12, "day": "friday"}],
        "supervision.supervisees",
        (Supervisee("A.B.", 2, 0), Supervisee("cd", 12, 4)),
    ),
    (
        "supervision",
        "supervisees",
        [{"initials": "Ž.K."}, {"initials": "ЖЛ"}, {"initials": "אב"}, {"initials": "E"}],
        "supervision.supervisees",
        (Supervisee("Ž.K."), Supervisee("ЖЛ"), Supervisee("אב"), Supervisee("E")),
    ),
    ("outside_work", "intentions", [], "outside_work.intentions", ()),
    (
        "outside_work",
        "intentions",
        ["  A walk   before dinner "],
        "outside_work.intentions",
        ("A walk before dinner",),
    ),
    ("outside_work", "intentions", ["y" * 120], "outside_work.intentions", ("y" * 120,)),
]


@pytest.mark.parametrize(
    ("table", "key", "value", "attribute", "expected"),
    [pytest.param(*case, id=f"{case[0]}.{case[1]}={case[2]!r}"[:60]) for case in GOOD],
)
def test_a_good_value_is_read(
    table: str, key: str, value: Any, attribute: str, expected: Any
) -> None:
    settings = read({table: {key: value}})
    part, name = attribute.split(".")
    assert getattr(getattr(settings, part), name) == expected
    # and written back, to read the same again (also through TOML text)
    data = settings_to_data(settings)
    assert read(data) == settings
    assert read(tomllib.loads(tomli_w.dumps(data))) == settings


WHY = "no colleague's or client's name can appear on a screen you share"
# (table, value, the problems: each "field: start of message")
BAD: list[tuple[str, dict[str, Any], list[str]]] = [
    ("energy", {"enabled": "yes"}, ["energy.enabled: expected true or false, got text"]),
    ("energy", {"tag": []}, ["energy.tag: unknown key (did you mean tags?)"]),
    ("energy", {"tags": "couples"}, ["energy.tags: expected a list, got text"]),
    ("energy", {"tags": [3]}, ["energy.tags[0]: expected text, got whole number"]),
    ("energy", {"tags": ["  "]}, ["energy.tags[0]: is empty"]),
    ("energy", {"tags": ["x" * 25]}, ["energy.tags[0]: is 25 characters long (at most 24)"]),
    (
        "energy",
        {"tags": [f"t{i}" for i in range(13)]},
        ["energy.tags: 13 entries is too many (at most 12)"],
    ),
    (
        "energy",
        {"tags": ["Intake", "couples", "INTAKE"]},
        ['energy.tags[2]: "INTAKE" is given twice (also as energy.tags[0])'],
    ),
    ("supervision", {"enabled": 1}, ["supervision.enabled: expected true or false"]),
    (
        "supervision",
        {"day": "thursdays"},
        ['supervision.day: "thursdays" is not a weekday (monday..sunday or mon..sun)'],
    ),
    ("supervision", {"day": 3}, ["supervision.day: expected text, got whole number"]),
    (
        "supervision",
        {"time": "2pm"},
        ['supervision.time: "2pm" is not a time of day as HH:MM (00:00 to 23:59)'],
    ),
    ("supervision", {"time": "24:00"}, ['supervision.time: "24:00" is not a time of day']),
    ("supervision", {"every_weeks": 0}, ["supervision.every_weeks: 0 is out of range (1 to 8)"]),
    ("supervision", {"every_weeks": 9}, ["supervision.every_weeks: 9 is out of range (1 to 8)"]),
    (
        "supervision",
        {"every_weeks": 2.0},
        ["supervision.every_weeks: expected a whole number of weeks, got decimal number"],
    ),
    (
        "supervision",
        {"weeks_from": "5.11.2026"},
        ['supervision.weeks_from: "5.11.2026" is not a date like 2026-11-05'],
    ),
    (
        "supervision",
        {"weeks_from": "2026-02-30"},
        ['supervision.weeks_from: "2026-02-30" is not a date like 2026-11-05'],
    ),
    (
        "supervision",
        {"weeks_from": at("2026-11-05T14:00:00+01:00")},
        ["supervision.weeks_from: expected a date without a time of day"],
    ),
    (
        "supervision",
        {"weeks_from": 2026},
        ["supervision.weeks_from: expected a date like 2026-11-05, got whole number"],
    ),
    ("supervision", {"lead_min": -5}, ["supervision.lead_min: -5 is out of range (0 to 120)"]),
    ("supervision", {"lead_min": 121}, ["supervision.lead_min: 121 is out of range (0 to 120)"]),
    (
        "supervision",
        {"checkin_time": "10.00"},
        ['supervision.checkin_time: "10.00" is not a time of day as HH:MM'],
    ),
    ("supervision", {"lead": 5}, ["supervision.lead: unknown key (did you mean lead_min?)"]),
    (
        "supervision",
        {"supervisees": {"initials": "AB"}},
        ["supervision.supervisees: expected a list, got table"],
    ),
    (
        "supervision",
        {"supervisees": [{"initials": "AB"}, {"initials": "Annabel"}]},
        [
            'supervision.supervisees[1].initials: "Annabel" is not initials (1-4 letters,'
            ' like "AB" or "A.B."): Boundary keeps initials only, so that ' + WHY
        ],
    ),
    (
        "supervision",
        {"supervisees": [{"initials": "Dr. Ng"}]},
        ['supervision.supervisees[0].initials: "Dr. Ng" is not initials'],
    ),
    (
        "supervision",
        {"supervisees": [{"initials": "A1"}]},
        ['supervision.supervisees[0].initials: "A1" is not initials'],
    ),
    (
        "supervision",
        {"supervisees": [{"initials": ""}]},
        ['supervision.supervisees[0].initials: "" is not initials'],
    ),
    (
        "supervision",
        {"supervisees": [{"every_weeks": 2}]},
        ['supervision.supervisees[0].initials: is missing (like "AB"). Boundary keeps initials'],
    ),
    (
        "supervision",
        {"supervisees": [{"initials": "AB"}, {"initials": "a.b."}]},
        [
            'supervision.supervisees[1].initials: "a.b." is given twice'
            " (also in supervision.supervisees[0])"
        ],
    ),
    (
        "supervision",
        {"supervisees": [{"initials": "AB", "every_weeks": 13}]},
        ["supervision.supervisees[0].every_weeks: 13 is out of range (1 to 12)"],
    ),
    (
        "supervision",
        {"supervisees": [{"initials": "AB", "day": "someday"}]},
        ['supervision.supervisees[0].day: "someday" is not a weekday'],
    ),
    (
        "supervision",
        {"supervisees": [{"initials": "AB", "name": "Anna"}]},
        ["supervision.supervisees[0].name: unknown key"],
    ),
    (
        "supervision",
        {"supervisees": ["AB"]},
        ["supervision.supervisees[0]: expected a table, got text"],
    ),
    (
        "outside_work",
        {"intentions": "walk"},
        ["outside_work.intentions: expected a list, got text"],
    ),
    ("outside_work", {"intentions": [""]}, ["outside_work.intentions[0]: is empty"]),
    (
        "outside_work",
        {"intentions": ["y" * 121]},
        ["outside_work.intentions[0]: is 121 characters long (at most 120)"],
    ),
    (
        "outside_work",
        {"intentions": ["A walk\nand a bath"]},
        ["outside_work.intentions[0]: is more than one line"],
    ),
    (
        "outside_work",
        {"intentions": [f"i{n}" for n in range(13)]},
        ["outside_work.intentions: 13 entries is too many (at most 12)"],
    ),
    (
        "outside_work",
        {"intentions": ["Call a friend", "call a friend"]},
        ['outside_work.intentions[1]: "call a friend" is given twice'],
    ),
    ("outside_work", {"intention": []}, ["outside_work.intention: unknown key (did you mean"]),
]


@pytest.mark.parametrize(
    ("table", "value", "expected"),
    [pytest.param(*case, id=f"{case[0]}: {case[2][0]}"[:70]) for case in BAD],
)
def test_a_bad_value_is_reported_with_its_field(
    table: str, value: dict[str, Any], expected: list[str]
) -> None:
    found = problems({table: value})
    assert len(found) == len(expected), found
    for problem, start in zip(found, expected, strict=True):
        assert problem.startswith(start), problem


@pytest.mark.parametrize("table", ["energy", "supervision", "outside_work"])
def test_a_table_that_is_not_a_table_is_reported(table: str) -> None:
    assert problems({table: ["x"]}) == [f"{table}: expected a table, got list"]


def test_every_problem_of_the_three_tables_is_reported_at_once() -> None:
    found = problems(
        {
            "energy": {"tags": ["", "ok"]},
            "supervision": {"day": "x", "supervisees": [{"initials": "Robert"}]},
            "outside_work": {"intentions": [3]},
        }
    )
    assert [p.split(":")[0] for p in found] == [
        "energy.tags[0]",
        "supervision.day",
        "supervision.supervisees[0].initials",
        "outside_work.intentions[0]",
    ]


# -- odd Unicode -------------------------------------------------------------------------

ODD_TAGS_ACCEPTED = [
    # a soft hyphen is only a hint where a word may break: it is dropped
    ("Paar\u00adtherapie", "Paartherapie"),
    ("\U0001f327\ufe0f heavy", "\U0001f327\ufe0f heavy"),  # emoji with variation selector
    ("\U0001f469\u200d\u2695\ufe0f", "\U0001f469\u200d\u2695\ufe0f"),  # a ZWJ sequence
    ("זוגות", "זוגות"),  # Hebrew, right to left
    ("زوجین", "زوجین"),  # Persian
    ("Cafe\u0301", "Café"),  # decomposed: stored composed (NFC)
    ("teens\u00a0 group", "teens group"),  # a no-break space is a space
    ("ÄRZTE", "ÄRZTE"),
]


@pytest.mark.parametrize(("written", "stored"), ODD_TAGS_ACCEPTED)
def test_odd_but_harmless_tags_are_accepted(written: str, stored: str) -> None:
    settings = read({"energy": {"tags": [written]}})
    assert settings.energy.tags == (stored,)
    assert read(tomllib.loads(tomli_w.dumps(settings_to_data(settings)))) == settings


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        (
            ["couples\u202e"],
            "energy.tags[0]: contains an invisible direction control (U+202A-U+202E or"
            " U+2066-U+2069), which can make text show in another order than it reads",
        ),
        (["\u2067زوجین\u2069"], "energy.tags[0]: contains an invisible direction control"),
        (["bell\x07"], "energy.tags[0]: contains control characters"),
        (["\u00ad"], "energy.tags[0]: is empty"),
        (
            ["Paartherapie", "Paar\u00adtherapie"],
            'energy.tags[1]: "Paartherapie" is given twice (also as energy.tags[0])',
        ),
        (["Cafe\u0301", "CAFÉ"], 'energy.tags[1]: "CAFÉ" is given twice'),
        (["\U0001f327" * 25], "energy.tags[0]: is 25 characters long (at most 24)"),
    ],
)
def test_odd_tags_that_would_mislead_are_refused_with_a_reason(
    tags: list[str], expected: str
) -> None:
    (found,) = problems({"energy": {"tags": tags}})
    assert found.startswith(expected), found


def test_an_intention_with_a_direction_control_is_refused() -> None:
    (found,) = problems({"outside_work": {"intentions": ["\u202eCall a friend"]}})
    assert found.startswith("outside_work.intentions[0]: contains an invisible direction")


def test_initials_in_other_scripts_are_initials_and_decomposed_letters_count_once() -> None:
    settings = read({"supervision": {"supervisees": [{"initials": "Z\u030c.K."}]}})
    assert settings.supervision.supervisees[0].initials == "Ž.K."


# -- round trips and the settings window's edits -----------------------------------------


RICH = Settings(
    zone=SYSTEM,
    energy=EnergyRules(True, ("couples", "Paartherapie", "זוגות")),
    supervision=SupervisionRules(
        enabled=True,
        weekday=6,
        time=time(0, 0),
        every_weeks=8,
        weeks_from=date(1999, 12, 31),
        lead_min=120,
        checkin_time=time(23, 59),
        supervisees=(Supervisee("A.B.", 12, 6), Supervisee("ЖЛ", 1, 0)),
    ),
    outside_work=OutsideWork(("A walk before dinner", "Call a friend \U0001f4de")),
)


@pytest.mark.parametrize(
    "settings",
    [
        RICH,
        Settings(zone=SYSTEM, energy=EnergyRules(enabled=True)),
        Settings(zone=SYSTEM, supervision=SupervisionRules(lead_min=0)),
        Settings(zone=SYSTEM, supervision=SupervisionRules(supervisees=(Supervisee("E"),))),
        Settings(zone=SYSTEM, outside_work=OutsideWork(("Read",))),
    ],
)
def test_written_settings_read_back_the_same(settings: Settings) -> None:
    data = settings_to_data(settings)
    assert read(data) == settings
    assert read(tomllib.loads(tomli_w.dumps(data))) == settings


def test_only_values_that_differ_from_the_defaults_are_written() -> None:
    settings = Settings(zone=SYSTEM, supervision=SupervisionRules(enabled=True, lead_min=30))
    assert settings_to_data(settings)["supervision"] == {"enabled": True, "lead_min": 30}


def test_the_settings_window_sees_every_value_spelled_out() -> None:
    document = effective_document(Settings(zone=SYSTEM))
    assert document["energy"] == {"enabled": False, "tags": []}
    assert document["supervision"] == {
        "enabled": False,
        "day": "thu",
        "time": "14:00",
        "every_weeks": 2,
        "weeks_from": WEEKS_FROM,
        "lead_min": 15,
        "checkin_time": "10:00",
        "supervisees": [],
    }
    assert document["outside_work"] == {"intentions": []}
    again = read(document)
    assert (again.energy, again.supervision, again.outside_work) == (
        EnergyRules(),
        SupervisionRules(),
        OutsideWork(),
    )


def test_an_edit_sets_only_the_changed_keys_and_replaces_the_supervisees_whole() -> None:
    original = tomllib.loads(README_EXAMPLE)
    before = effective_document(read(original))
    after = effective_document(read(original))
    after["supervision"]["lead_min"] = 30
    after["supervision"]["supervisees"] = [
        {"initials": "CD", "every_weeks": 1, "day": "tue"},
        {"initials": "AB", "every_weeks": 2, "day": "mon"},
    ]
    after["energy"]["tags"] = ["couples"]
    wanted = apply_edits(original, before, after)
    assert wanted["supervision"] == {
        **original["supervision"],
        "lead_min": 30,
        "supervisees": after["supervision"]["supervisees"],
    }
    assert wanted["energy"] == {"enabled": True, "tags": ["couples"]}
    assert wanted["outside_work"] == original["outside_work"]
    settings = read(wanted)
    assert [p.initials for p in settings.supervision.supervisees] == ["CD", "AB"]


def test_an_edit_to_a_file_without_the_tables_adds_only_what_changed() -> None:
    before = effective_document(read({}))
    after = effective_document(read({}))
    after["supervision"]["supervisees"] = [{"initials": "AB", "every_weeks": 2, "day": "mon"}]
    after["outside_work"]["intentions"] = ["Read"]
    wanted = apply_edits({}, before, after)
    assert wanted == {
        "supervision": {"supervisees": [{"initials": "AB", "every_weeks": 2, "day": "mon"}]},
        "outside_work": {"intentions": ["Read"]},
    }


def test_removing_every_supervisee_writes_an_empty_list_the_file_keeps() -> None:
    original = tomllib.loads(README_EXAMPLE)
    before = effective_document(read(original))
    after = effective_document(read(original))
    after["supervision"]["supervisees"] = []
    wanted = apply_edits(original, before, after)
    assert wanted["supervision"]["supervisees"] == []
    text = merge_document(README_EXAMPLE, wanted)
    assert "[[supervision.supervisees]]" not in text
    assert read(tomllib.loads(text)).supervision.supervisees == ()


def test_the_saved_text_keeps_the_comments(tmp_path: Path) -> None:
    text = README_EXAMPLE.replace('day = "thu"', 'day = "thu"   # with Sam, room 4')
    original = tomllib.loads(text)
    before = effective_document(read(original))
    after = effective_document(read(original))
    after["supervision"]["time"] = "15:00"
    after["supervision"]["supervisees"].append({"initials": "CD", "every_weeks": 1, "day": "fri"})
    merged = merge_document(text, apply_edits(original, before, after))
    assert 'day = "thu"   # with Sam, room 4' in merged
    assert 'time = "15:00"' in merged
    settings = read(tomllib.loads(merged))
    assert settings.supervision.time == time(15, 0)
    assert [p.initials for p in settings.supervision.supervisees] == ["AB", "CD"]


# -- check-config ---------------------------------------------------------------------------


def test_check_config_reports_a_name_given_as_initials(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(README_EXAMPLE, encoding="utf-8")
    clock = FixedClock(at("2026-12-03T15:00:00+00:00"))
    assert main(["check-config", str(config)], clock=clock) == 0
    assert capsys.readouterr().out == f"{config}: OK\n"
    config.write_text(README_EXAMPLE.replace('"AB"', '"Annabel"'), encoding="utf-8")
    assert main(["check-config", str(config)], clock=clock) == 1
    lines = capsys.readouterr().err.splitlines()
    assert lines[0].startswith(
        f'{config}: supervision.supervisees[0].initials: "Annabel" is not initials'
    )
    assert WHY in lines[0]
    assert lines[-1] == "1 problem found."


def test_a_new_table_in_a_windows_file_gets_one_blank_line_above_it() -> None:
    text = "# my settings\r\n\r\n[day]\r\nmax_snoozes = 1\r\n"
    merged = merge_document(text, {"outside_work": {"intentions": ["Read"]}})
    assert merged == '# my settings\r\n\r\n[outside_work]\r\nintentions = ["Read"]\r\n'
