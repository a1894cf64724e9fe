"""The command line as a user runs it: output, exit status, no Qt."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from datetime import UTC, datetime
from pathlib import Path

import pytest
import time_machine

from boundary_app.cli import main
from boundary_app.core.clock import FixedClock
from boundary_app.storage import paths
from tests.helpers import at

BERLIN_SPLIT = """
timezone = "Europe/Berlin"
[week]
mon = ["08:00-12:00", "13:00-16:00"]
sun = ["01:00-05:00"]
[[breaks]]
name = "Lunch"
days = ["mon"]
time = "11:30-12:00"
[email]
windows = ["09:00", "12:30", "02:30"]
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def run(argv: list[str], capsys: pytest.CaptureFixture[str], now: str = "2026-12-03T15:00:00Z"):
    code = main(argv, clock=FixedClock(at(now.replace("Z", "+00:00"))))
    out, err = capsys.readouterr()
    return code, out, err


def test_plan_json_has_exactly_the_contract_keys(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write(tmp_path / "c.toml", BERLIN_SPLIT)
    code, out, _ = run(
        ["plan", "--date", "2027-03-28", "--days", "2", "--config", str(config), "--json"], capsys
    )
    assert code == 0
    items = json.loads(out)
    assert all(set(item) == {"at", "kind", "title", "body"} for item in items)
    assert [(i["kind"], i["at"]) for i in items] == [
        ("day.start", "2027-03-28T01:00:00+01:00"),
        ("email.window", "2027-03-28T03:30:00+02:00"),
        ("day.wrapup", "2027-03-28T04:30:00+02:00"),
        ("day.end", "2027-03-28T05:00:00+02:00"),
        ("day.overtime", "2027-03-28T05:15:00+02:00"),
        ("day.start", "2027-03-29T08:00:00+02:00"),
        ("email.window", "2027-03-29T09:00:00+02:00"),
        ("break.start", "2027-03-29T11:30:00+02:00"),
        ("block.end", "2027-03-29T12:00:00+02:00"),
        ("day.wrapup", "2027-03-29T15:30:00+02:00"),
        ("day.end", "2027-03-29T16:00:00+02:00"),
        ("day.overtime", "2027-03-29T16:15:00+02:00"),
    ]


def test_plan_prints_a_line_per_nudge_and_offsets_on_a_clock_change_day(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write(tmp_path / "c.toml", BERLIN_SPLIT)
    code, out, _ = run(
        ["plan", "--date", "2027-03-27", "--days", "3", "--config", str(config)], capsys
    )
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Saturday 2027-03-27 (Europe/Berlin)"
    assert lines[1] == "  day off: nothing planned"
    assert "  01:00 +0100  day.start          Your work day begins" in lines
    assert "  03:30 +0200  email.window       Email window" in lines
    assert "  08:00  day.start          Your work day begins" in lines  # an ordinary day


def test_plan_defaults_to_today_in_the_settings_zone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write(tmp_path / "c.toml", 'timezone = "Pacific/Auckland"\n')
    # 20:00 UTC on Thursday is already Friday morning in Auckland
    with time_machine.travel(datetime(2026, 12, 3, 20, 0, tzinfo=UTC), tick=False):
        assert main(["plan", "--json", "--config", str(config)]) == 0
    items = json.loads(capsys.readouterr().out)
    assert items[0]["at"] == "2026-12-04T09:00:00+13:00"
    assert {i["at"][:10] for i in items} == {"2026-12-04"}


def test_plan_with_invalid_settings_exits_2_naming_every_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write(
        tmp_path / "c.toml",
        '[week]\nfriday = ["22:00-6:00"]\nfunday = ["09:00-10:00"]\n[day]\nwrapup_lead_min = -5\n',
    )
    code, out, err = run(["plan", "--config", str(config)], capsys)
    assert code == 2
    assert out == ""
    assert f'{config}: week.friday[0]: "22:00-6:00" is not HH:MM-HH:MM' in err
    assert f"{config}: week.funday: unknown weekday" in err
    assert f"{config}: day.wrapup_lead_min: -5 is out of range (0 to 240)" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["plan", "--days", "0"], '"0" is not a number of days from 1 to 3660'),
        (["plan", "--days", "x"], '"x" is not a number of days'),
        (["plan", "--date", "2026-02-30"], '"2026-02-30" is not a date like 2026-12-24'),
        (["frobnicate"], "invalid choice"),
        (["session", "start", "0"], '"0" is not a number of minutes from 1 to 600'),
        (["pause", "soon"], '"soon" is not a number of minutes from 1 to 1440'),
        (["--pretend-now", "teatime"], '"teatime" is not a date and time like 2026-11-27T16:58'),
        (["--speed", "0"], '"0" is not a speed from 0 to 3600'),
    ],
)
def test_bad_arguments_exit_2_with_a_message(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
    assert message in capsys.readouterr().err


def test_a_named_missing_config_file_is_an_error_not_defaults(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = run(["plan", "--config", "/nonexistent/boundary.toml"], capsys)
    assert code == 2
    assert "/nonexistent/boundary.toml: no such file" in err


def test_check_config_says_ok_or_lists_every_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = write(tmp_path / "good.toml", BERLIN_SPLIT)
    assert run(["check-config", str(good)], capsys)[:2] == (0, f"{good}: OK\n")
    bad = write(tmp_path / "bad.toml", 'timezone = "Mars/Olympus"\n[email]\nwindows = ["9am"]\n')
    code, _, err = run(["check-config", str(bad)], capsys)
    assert code == 1
    assert err.splitlines() == [
        f'{bad}: timezone: "Mars/Olympus" is not a known IANA time zone (e.g. "Europe/Berlin")',
        f'{bad}: email.windows[0]: "9am" is not a time of day as HH:MM (00:00 to 23:59)',
        "2 problems found.",
    ]
    not_toml = write(tmp_path / "x.toml", "this is not = = toml")
    code, _, err = run(["check-config", str(not_toml)], capsys)
    assert code == 1
    assert f"{not_toml}: is not valid TOML" in err


def test_check_config_reads_the_default_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["check-config"], capsys)
    assert code == 1
    assert f"{paths.settings_path()}: no such file" in err
    write(paths.settings_path(), "[day]\novertime_after_min = 20\n")
    assert run(["check-config"], capsys)[0] == 0


def test_status_from_settings_says_it_is_not_running(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write(tmp_path / "c.toml", 'timezone = "America/New_York"\n')
    code, out, _ = run(["status", "--config", str(config)], capsys, now="2026-12-03T17:10:00Z")
    assert code == 0
    assert out.splitlines() == [
        "Boundary is not running; this is worked out from your settings.",
        "On a break (Lunch) \u00b7 until 13:00 (50 min left)"
        " \u00b7 next: Start wrapping up at 16:30",
    ]
    code, out, _ = run(
        ["status", "--json", "--config", str(config)], capsys, now="2026-12-03T21:45:00Z"
    )
    assert json.loads(out) == {
        "running": False,
        "now": "2026-12-03T16:45:00-05:00",
        "summary": "Wrapping up \u00b7 until 17:00 (15 min left)"
        " \u00b7 next: Time to stop for today at 17:00",
        "state": "wrap-up",
        "detail": "",
        "until": "2026-12-03T17:00:00-05:00",
        "next": {
            "at": "2026-12-03T17:00:00-05:00",
            "kind": "day.end",
            "title": "Time to stop for today",
            "body": "Write down what is left for tomorrow, then close the day: you are done.",
        },
    }


def test_the_command_line_never_imports_qt(tmp_path: Path) -> None:
    script = (
        "import sys; from boundary_app.cli import main; "
        "code = main(['plan', '--days', '3', '--json']); "
        "main(['status']); "
        "sys.exit(3 if any(m.split('.')[0] in ('PySide6', 'shiboken6') for m in sys.modules)"
        " else code)"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def pyproject_version() -> str:
    with (Path(__file__).parents[1] / "pyproject.toml").open("rb") as file:
        version: str = tomllib.load(file)["project"]["version"]
    return version


def test_version_via_python_dash_m() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "boundary_app", "--version"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    # Stale metadata means an install older than pyproject.toml: `pip install -e .` again.
    assert done.stdout.strip() == f"boundary-app {pyproject_version()}"


def test_the_version_is_looked_up_once_and_only_when_asked_for() -> None:
    import boundary_app
    from boundary_app.version import package_version

    assert boundary_app.__version__ == package_version() == pyproject_version()
    script = (
        "import sys; import boundary_app.cli; "
        "sys.exit(3 if 'importlib.metadata' in sys.modules else 0)"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, "the command line loads package metadata before it is needed"


def test_an_install_without_metadata_has_an_unknown_version(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from importlib import metadata

    from boundary_app import version

    def missing(name: str) -> str:
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(metadata, "version", missing)
    version.package_version.cache_clear()
    try:
        assert version.package_version() == version.UNKNOWN
    finally:
        version.package_version.cache_clear()


@pytest.mark.parametrize(
    "argv",
    [["session", "start", "50"], ["session", "end"], ["pause", "30"], ["done"], ["quit"]],
)
def test_commands_for_the_app_say_clearly_when_it_is_not_running(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(argv, capsys)
    assert code == 3
    assert out == ""
    assert "Boundary is not running" in err


def test_starting_without_a_desktop_says_so_instead_of_crashing(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    done = subprocess.run(
        [sys.executable, "-m", "boundary_app"], capture_output=True, text=True, env=env
    )
    assert done.returncode == 2
    assert "Boundary needs a graphical desktop" in done.stderr
    assert "boundary-app status" in done.stderr


@pytest.mark.parametrize(
    ("argv", "pretend", "speed"),
    [
        ([], None, 1.0),
        (
            ["--pretend-now", "2027-01-09T12:00", "--speed", "30"],
            datetime.fromisoformat("2027-01-09T12:00"),
            30.0,
        ),
        (
            ["--speed=2.5", "--pretend-now=2027-01-09T08:15"],
            datetime.fromisoformat("2027-01-09T08:15"),
            2.5,
        ),
    ],
)
def test_a_plain_start_takes_its_options_without_the_commands_parser(
    argv: list[str],
    pretend: datetime | None,
    speed: float,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    started: list[object] = []
    monkeypatch.setattr("boundary_app.cli._start", lambda args: started.append(args) or 0)
    monkeypatch.setattr("boundary_app.cli.build_parser", lambda: pytest.fail("built it all"))
    assert main(argv) == 0
    [args] = started
    assert (args.pretend_now, args.speed, args.command) == (pretend, speed, None)


def test_start_options_before_a_command_still_run_the_command(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("boundary_app.cli._start", lambda args: pytest.fail("started the app"))
    code, out, _err = run(["--speed=2", "plan", "--json", "--date", "2026-12-07"], capsys)
    assert code == 0
    assert json.loads(out)[0]["at"].startswith("2026-12-07")
