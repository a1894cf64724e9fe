"""The command line: shows plans and status without a display (no Qt here).

Exit status: 0 ok, 1 `check-config` found problems, 2 bad usage or
settings that cannot be used.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, NoReturn

from boundary_app import __version__
from boundary_app.core.clock import Clock, SystemClock
from boundary_app.core.day_state import DayState, Status, day_status
from boundary_app.core.fields import SettingsError
from boundary_app.core.nudge import Nudge
from boundary_app.core.planner import plan
from boundary_app.core.settings import Settings
from boundary_app.core.wall import local_date, localize, start_of_day
from boundary_app.storage import paths
from boundary_app.storage.settings_file import load_or_recover, read_settings
from boundary_app.storage.system_zone import system_zone

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
MAX_DAYS = 3660

STATE_WORDS = {
    DayState.OFF_HOURS: "Off hours",
    DayState.WORKING: "Working",
    DayState.BREAK: "On a break",
    DayState.IN_SESSION: "In session",
    DayState.WRAP_UP: "Wrapping up",
    DayState.DONE: "Done for the day",
    DayState.DAY_OFF: "Day off",
}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: {message}\n")


def _date_arg(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f'"{text}" is not a date like 2026-12-24') from None


def _days_arg(text: str) -> int:
    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= MAX_DAYS:
        raise argparse.ArgumentTypeError(f'"{text}" is not a number of days from 1 to {MAX_DAYS}')
    return int(text)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="boundary-app",
        description="Boundary guards your work hours: paced sessions, email windows"
        " and a calm end to each work day.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    config_help = "settings file to use (default: %(default)s)"
    default_config = str(paths.settings_path())

    p_plan = sub.add_parser("plan", help="show the nudges planned for a day or several")
    p_plan.add_argument("--date", type=_date_arg, help="first day, YYYY-MM-DD (default: today)")
    p_plan.add_argument("--days", type=_days_arg, default=1, help="how many days (default: 1)")
    p_plan.add_argument("--config", default=default_config, help=config_help)
    p_plan.add_argument("--json", action="store_true", help="print a JSON array")

    p_status = sub.add_parser("status", help="say where you stand right now")
    p_status.add_argument("--config", default=default_config, help=config_help)
    p_status.add_argument("--json", action="store_true", help="print a JSON object")

    p_check = sub.add_parser("check-config", help="check a settings file and list its problems")
    p_check.add_argument("file", nargs="?", default=default_config, help=config_help)
    return parser


def main(argv: Sequence[str] | None = None, clock: Clock | None = None) -> int:
    """Run one command; returns the exit status."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    args = build_parser().parse_args(argv)
    clock = clock or SystemClock()
    if args.command == "plan":
        return _plan(args, clock)
    if args.command == "status":
        return _status(args, clock)
    if args.command == "check-config":
        return _check_config(Path(args.file))
    return _start(clock)


def _read(path_text: str, default_path: Path) -> Settings:
    """Settings for a command; the default file may be missing, a named one may not."""
    path = Path(path_text)
    return read_settings(path, system_zone=system_zone(), missing_ok=path == default_path)


def _load_for_command(args: argparse.Namespace) -> Settings | None:
    try:
        return _read(args.config, paths.settings_path())
    except SettingsError as exc:
        print(exc, file=sys.stderr)
        return None


def _plan(args: argparse.Namespace, clock: Clock) -> int:
    settings = _load_for_command(args)
    if settings is None:
        return EXIT_USAGE
    zone = settings.zone
    first: date = args.date or local_date(clock.now(), zone)
    start = start_of_day(first, zone)
    end = start_of_day(first + timedelta(days=args.days), zone)
    nudges = plan(settings, [], {}, start, end)
    if args.json:
        print(json.dumps([nudge_json(n) for n in nudges], ensure_ascii=False, indent=2))
    else:
        print(format_plan(nudges, first, args.days, settings), end="")
    return EXIT_OK


def nudge_json(nudge: Nudge) -> dict[str, str]:
    return {
        "at": nudge.at.isoformat(),
        "kind": nudge.kind.value,
        "title": nudge.title,
        "body": nudge.body,
    }


def format_plan(nudges: list[Nudge], first: date, days: int, settings: Settings) -> str:
    """One heading per day, then a line per nudge: local time, kind, title."""
    by_day: dict[date, list[Nudge]] = {}
    for nudge in nudges:
        by_day.setdefault(nudge.at.date(), []).append(nudge)
    zone_name = settings.zone.key
    lines: list[str] = []
    for offset in range(days):
        day = first + timedelta(days=offset)
        if lines:
            lines.append("")
        lines.append(f"{day.strftime('%A')} {day.isoformat()} ({zone_name})")
        todays = by_day.get(day, [])
        if not todays:
            off = not settings.blocks_on(day)
            lines.append("  day off: nothing planned" if off else "  nothing planned")
        show_offset = len({n.at.utcoffset() for n in todays}) > 1  # a DST change today
        for nudge in todays:
            at = nudge.at.strftime("%H:%M") + (nudge.at.strftime(" %z") if show_offset else "")
            lines.append(f"  {at}  {nudge.kind.value:<18} {nudge.title}")
    return "\n".join(lines) + "\n"


def _status(args: argparse.Namespace, clock: Clock) -> int:
    settings = _load_for_command(args)
    if settings is None:
        return EXIT_USAGE
    now = clock.now()
    status = day_status(settings, [], {}, now)
    upcoming = plan(settings, [], {}, now, now + timedelta(days=8))
    following = upcoming[0] if upcoming else None
    if args.json:
        print(json.dumps(status_json(status, following, settings), ensure_ascii=False, indent=2))
    else:
        print("Boundary is not running; this is worked out from your settings.")
        print(format_status(status, following, settings, now))
    return EXIT_OK


def status_json(status: Status, following: Nudge | None, settings: Settings) -> dict[str, Any]:
    return {
        "running": False,
        "state": status.state.value,
        "detail": status.detail,
        "until": localize(status.until, settings.zone).isoformat() if status.until else None,
        "next": nudge_json(following) if following else None,
    }


def format_status(
    status: Status, following: Nudge | None, settings: Settings, now: datetime
) -> str:
    words = STATE_WORDS[status.state]
    if status.detail:
        words += f" ({status.detail})"
    if status.until is not None:
        until = localize(status.until, settings.zone)
        words += f" until {_when(until, now, settings)}, {_duration(status.until - now)} from now"
    line = words + "."
    if following is not None:
        line += f"\nNext: {following.title}, {_when(following.at, now, settings)}."
    return line


def _when(at: datetime, now: datetime, settings: Settings) -> str:
    days = (at.date() - local_date(now, settings.zone)).days
    clock_time = at.strftime("%H:%M")
    if days == 0:
        return clock_time
    if days == 1:
        return f"tomorrow {clock_time}"
    return f"{at.strftime('%A')} {clock_time}" if days < 7 else f"{at.date()} {clock_time}"


def _duration(delta: timedelta) -> str:
    minutes = max(0, round(delta.total_seconds() / 60))
    hours, minutes = divmod(minutes, 60)
    if hours and minutes:
        return f"{hours} h {minutes} min"
    return f"{hours} h" if hours else f"{minutes} min"


def _check_config(path: Path) -> int:
    try:
        read_settings(path, system_zone=system_zone(), missing_ok=False)
    except SettingsError as exc:
        count = len(exc.problems)
        print(exc, file=sys.stderr)
        print(f"{count} problem{'s' if count != 1 else ''} found.", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"{path}: OK")
    return EXIT_OK


def _start(clock: Clock) -> int:
    """Until the tray arrives: say where the user stands, from the settings file."""
    loaded = load_or_recover(paths.settings_path(), system_zone=system_zone(), now=clock.now())
    if loaded.notice:
        print(loaded.notice, file=sys.stderr)
    now = clock.now()
    settings = loaded.settings
    status = day_status(settings, [], {}, now)
    upcoming = plan(settings, [], {}, now, now + timedelta(days=8))
    print(format_status(status, upcoming[0] if upcoming else None, settings, now))
    return EXIT_OK
