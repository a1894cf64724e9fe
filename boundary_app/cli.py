"""The command line: starts the app, talks to a running one, or works alone (no Qt here).

Each command imports what it needs when it runs, so starting the tray app
loads nothing it does not use before its icon is up.

Exit status: 0 ok; 1 `check-config` found problems, or the app refused a
command; 2 bad usage or settings that cannot be used; 3 the app is not
running (for commands that need it).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from boundary_app.core.i18n import N_, _, capitalized, ngettext, reset, weekday_name
from boundary_app.storage import paths

if TYPE_CHECKING:
    from boundary_app.core.clock import Clock
    from boundary_app.core.nudge import Nudge
    from boundary_app.core.settings import Settings

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_NOT_RUNNING = 0, 1, 2, 3
MAX_DAYS = 3660


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: {message}\n")


class _VersionAction(argparse.Action):
    """`--version`, looked up only when asked for: reading package metadata is slow to load."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        kwargs.update(nargs=0, default=argparse.SUPPRESS)
        super().__init__(option_strings, argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> NoReturn:
        from boundary_app.version import package_version

        print(f"{parser.prog} {package_version()}")
        parser.exit()


def _date_arg(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _('"{text}" is not a date like 2026-12-24').format(text=text)
        ) from None


# What `_count_arg` says of a wrong number: marked here, translated when it is said.
_DAYS = N_('"{text}" is not a number of days from {low} to {high}')
_MINUTES = N_('"{text}" is not a number of minutes from {low} to {high}')
_TASK = N_('"{text}" is not a task number from {low} to {high}')


def _count_arg(low: int, high: int, message: str) -> Any:
    """A whole number from `low` to `high`; `message` (marked with `N_`) says what is wrong."""

    def parse(text: str) -> int:
        if not text.isascii() or not text.isdigit() or not low <= int(text) <= high:
            raise argparse.ArgumentTypeError(_(message).format(text=text, low=low, high=high))
        return int(text)

    return parse


def _pause_arg(text: str) -> int | None:
    if text.strip().lower() == "tomorrow":
        return None
    minutes: int = _count_arg(1, 24 * 60, _MINUTES)(text)
    return minutes


def _instant_arg(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _('"{text}" is not a date and time like 2026-11-27T16:58').format(text=text)
        ) from None


def _speed_arg(text: str) -> float:
    try:
        speed = float(text)
    except ValueError:
        speed = 0.0
    if not 0 < speed <= 3600:
        raise argparse.ArgumentTypeError(
            _('"{text}" is not a speed from 0 to 3600').format(text=text)
        )
    return speed


def _json(value: object, **options: Any) -> str:
    import json  # only the commands that print JSON pay for it

    return json.dumps(value, **options)


def _start_options(words: list[str]) -> argparse.Namespace | None:
    """The options of a plain start, read by a small parser; None if `words` are more than that.

    Building every command's parser costs tens of milliseconds, all before
    the tray icon shows. Anything this parser does not take (a command,
    `--help`, a wrong value) goes to the whole parser, which says what is wrong.
    """
    if any(not word.startswith(("--pretend-now", "--speed")) for word in words[::2]):
        return None
    parser = _Parser(prog="boundary-app", add_help=False, exit_on_error=False)
    _add_start_options(parser)
    try:
        args, extra = parser.parse_known_args(words)
    except argparse.ArgumentError:
        return None
    if extra:
        return None
    args.command = None
    return args


def _add_start_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--pretend-now",
        type=_instant_arg,
        metavar="WHEN",
        help=_("run the app as if it were this wall time (e.g. 2026-11-27T16:58), for trials"),
    )
    parser.add_argument(
        "--speed", type=_speed_arg, default=1.0, help=_("with --pretend-now: how many times faster")
    )


def build_parser() -> argparse.ArgumentParser:
    """The command line's parser, its help in the installed language (build it after `install`)."""
    parser = _Parser(
        prog="boundary-app",
        description=_(
            "Boundary guards your work hours: paced sessions, email windows"
            " and a calm end to each work day. Without a command it starts the tray app."
        ),
    )
    parser.add_argument("--version", action=_VersionAction, help=_("show the version and exit"))
    _add_start_options(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    config_help = _("settings file to use (default: %(default)s)")
    default_config = str(paths.settings_path())

    p = sub.add_parser("plan", help=_("show the nudges planned for a day or several"))
    p.add_argument("--date", type=_date_arg, help=_("first day, YYYY-MM-DD (default: today)"))
    p.add_argument(
        "--days", type=_count_arg(1, MAX_DAYS, _DAYS), default=1, help=_("how many days")
    )
    p.add_argument("--config", default=default_config, help=config_help)
    p.add_argument("--json", action="store_true", help=_("print a JSON array"))

    p = sub.add_parser("status", help=_("say where you stand right now"))
    p.add_argument("--config", default=default_config, help=config_help)
    p.add_argument("--json", action="store_true", help=_("print a JSON object"))

    p = sub.add_parser("check-config", help=_("check a settings file and list its problems"))
    p.add_argument("file", nargs="?", default=default_config, help=config_help)

    p = sub.add_parser("session", help=_("start or end a client session in the running app"))
    session = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    start = session.add_parser("start", help=_("start a session now"))
    start.add_argument("minutes", nargs="?", type=_count_arg(1, 600, _MINUTES))
    session.add_parser("end", help=_("end the open session"))

    p = sub.add_parser("pause", help=_("pause nudges for MIN minutes, or until tomorrow"))
    p.add_argument("minutes", type=_pause_arg, metavar="MIN|tomorrow")
    sub.add_parser("resume", help=_("let paused nudges come again"))
    p = sub.add_parser("done", help=_("open the end-of-day window in the running app"))
    p.add_argument(
        "--now", action="store_true", help=_("close the day at once (also with no app running)")
    )
    p.add_argument("--config", default=default_config, help=config_help)

    p = sub.add_parser("tasks", help=_("list today's and tomorrow's tasks, add one, tick one off"))
    p.add_argument("--config", default=default_config, help=config_help)
    p.add_argument("--json", action="store_true", help=_("print a JSON object"))
    tasks = p.add_subparsers(dest="action", metavar="ACTION")
    add = tasks.add_parser("add", help=_("add a task to today's list (or tomorrow's)"))
    add.add_argument("text", nargs="+", help=_("the task (quotes not needed)"))
    add.add_argument("--tomorrow", action="store_true", help=_("for the next work day"))
    add.add_argument("--config", default=argparse.SUPPRESS, help=_("settings file to use"))
    tick = tasks.add_parser("done", help=_("tick off task N (as numbered by `tasks`)"))
    tick.add_argument("number", type=_count_arg(1, 100_000, _TASK), metavar="N")
    tick.add_argument("--config", default=argparse.SUPPRESS, help=_("settings file to use"))

    from boundary_app import cli_export, cli_wellbeing  # not at the top: a start needs neither

    cli_wellbeing.add_parsers(sub, default_config)
    cli_export.add_parser(sub, default_config)
    sub.add_parser("settings", help=_("open the settings window in the running app"))
    sub.add_parser("week", help=_('open "This week" (the weekly report) in the running app'))
    sub.add_parser("quit", help=_("stop the running app"))
    return parser


def main(argv: Sequence[str] | None = None, clock: Clock | None = None) -> int:
    """Run one command; returns the exit status."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    words = sys.argv[1:] if argv is None else list(argv)
    start_args = _start_options(words)
    if start_args is not None:  # the tray app: it installs its language itself
        return _start(start_args)
    if words:  # the parser's help and errors speak the user's language: install first
        import os

        from boundary_app.storage.translations import install_from_environment

        install_from_environment(os.environ)
    args = build_parser().parse_args(words)
    command = args.command
    if command is None:
        return _start(args)
    from boundary_app.core.clock import SystemClock

    clock = clock or SystemClock()
    import logging

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    if getattr(args, "json", False):  # JSON stays English and 24-hour: scripts read it
        reset()
    if command == "plan":
        return _plan(args, clock)
    if command == "status":
        return _status(args, clock)
    if command == "check-config":
        return _check_config(Path(args.file))
    if command == "tasks":
        return _tasks(args, clock)
    if command == "done" and args.now:
        return _done_now(args, clock)
    from boundary_app import cli_export, cli_wellbeing

    if command in ("energy", "note", "notes"):
        return cli_wellbeing.run_wellbeing(args, clock, lambda: _load_for_command(args))
    if command == "export":
        settings = _load_for_command(args)
        return EXIT_USAGE if settings is None else cli_export.run_export(args, settings, clock)
    return _remote(args)


def _tasks(args: argparse.Namespace, clock: Clock) -> int:
    from boundary_app.cli_tasks import run_tasks

    settings = _load_for_command(args)
    if settings is None:
        return EXIT_USAGE
    return run_tasks(args, settings, clock)


def _done_now(args: argparse.Namespace, clock: Clock) -> int:
    """Close the day: through the running app, or in the journal when none runs."""
    from boundary_app import ipc
    from boundary_app.cli_tasks import close_day_alone

    try:
        result = _ask("done", now=True)
    except ipc.NotRunningError:
        settings = _load_for_command(args)
        if settings is None:
            return EXIT_USAGE
        return close_day_alone(settings, clock)
    except ipc.ProtocolError as exc:
        print(_("Boundary refused: {reason}").format(reason=exc), file=sys.stderr)
        return EXIT_PROBLEMS
    print(result.get("summary", "OK"))
    return EXIT_OK


def _start(args: argparse.Namespace) -> int:
    import logging

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    from boundary_app.app.boot import StartOptions, start  # Qt only from here on

    return start(StartOptions(pretend_now=args.pretend_now, speed=args.speed))


def _load_for_command(args: argparse.Namespace) -> Settings | None:
    """Settings for a command; the default file may be missing, a named one may not."""
    from boundary_app.core.fields import SettingsError
    from boundary_app.storage.settings_file import read_settings
    from boundary_app.storage.system_zone import system_zone

    path = Path(args.config)
    try:
        return read_settings(
            path, system_zone=system_zone(), missing_ok=path == paths.settings_path()
        )
    except SettingsError as exc:
        print(exc, file=sys.stderr)
        return None


def _plan(args: argparse.Namespace, clock: Clock) -> int:
    from boundary_app.core.planner import plan
    from boundary_app.core.wall import local_date, start_of_day

    settings = _load_for_command(args)
    if settings is None:
        return EXIT_USAGE
    zone = settings.zone
    first: date = args.date or local_date(clock.now(), zone)
    start = start_of_day(first, zone)
    end = start_of_day(first + timedelta(days=args.days), zone)
    nudges = plan(settings, [], {}, start, end)
    if args.json:
        print(_json([n.as_dict() for n in nudges], ensure_ascii=False, indent=2))
    else:
        print(format_plan(nudges, first, args.days, settings), end="")
    return EXIT_OK


def format_plan(nudges: list[Nudge], first: date, days: int, settings: Settings) -> str:
    """One heading per day, then a line per nudge: local time, kind, title."""
    by_day: dict[date, list[Nudge]] = {}
    for nudge in nudges:
        by_day.setdefault(nudge.at.date(), []).append(nudge)
    lines: list[str] = []
    for offset in range(days):
        day = first + timedelta(days=offset)
        if lines:
            lines.append("")
        name = capitalized(weekday_name(day.weekday()))
        lines.append(f"{name} {day.isoformat()} ({settings.zone.key})")
        todays = by_day.get(day, [])
        if not todays:
            off = not settings.blocks_on(day)
            lines.append("  " + (_("day off: nothing planned") if off else _("nothing planned")))
        show_offset = len({n.at.utcoffset() for n in todays}) > 1  # a DST change today
        for nudge in todays:
            at = nudge.at.strftime("%H:%M") + (nudge.at.strftime(" %z") if show_offset else "")
            lines.append(f"  {at}  {nudge.kind.value:<18} {nudge.title}")
    return "\n".join(lines) + "\n"


def _ask(command: str, **args: Any) -> dict[str, Any]:
    """Send a command to the running app, waiting a moment if it is still starting.

    An app that holds the instance lock but has no socket yet is starting up;
    one that holds neither is not running (`NotRunningError` at once).
    """
    import time

    from boundary_app import ipc
    from boundary_app.app.instance_lock import InstanceLock

    deadline = time.monotonic() + 5.0
    while True:
        try:
            return ipc.request(paths.socket_path(), command, **args)
        except ipc.NotRunningError:
            probe = InstanceLock(paths.lock_path())
            if probe.acquire():  # nobody holds it: nothing is running
                probe.release()
                raise
            if time.monotonic() >= deadline:
                raise
            time.sleep(0.1)


def _status(args: argparse.Namespace, clock: Clock) -> int:
    from boundary_app import ipc

    try:
        result = _ask("status")
    except ipc.NotRunningError:
        return _status_alone(args, clock)
    except ipc.ProtocolError as exc:
        print(_("Boundary answered with an error: {reason}").format(reason=exc), file=sys.stderr)
        return EXIT_PROBLEMS
    if args.json:
        print(_json(result, ensure_ascii=False, indent=2))
    else:
        print(result.get("summary", ""))
    return EXIT_OK


def _status_alone(args: argparse.Namespace, clock: Clock) -> int:
    from boundary_app.core.day_state import day_status
    from boundary_app.core.planner import plan
    from boundary_app.core.status_text import describe, status_fields

    settings = _load_for_command(args)
    if settings is None:
        return EXIT_USAGE
    now = clock.now()
    zone = settings.zone
    status = day_status(settings, [], {}, now)
    upcoming = plan(settings, [], {}, now, now + timedelta(days=8))
    following = upcoming[0] if upcoming else None
    if args.json:
        summary = describe(status, now, zone, next_nudge=following)
        result = {"running": False, **status_fields(status, now, zone, summary, following)}
        print(_json(result, ensure_ascii=False, indent=2))
    else:
        print(_("Boundary is not running; this is worked out from your settings."))
        print(describe(status, now, zone, next_nudge=following))
    return EXIT_OK


def _check_config(path: Path) -> int:
    from boundary_app.core.fields import SettingsError
    from boundary_app.storage.settings_file import read_settings
    from boundary_app.storage.system_zone import system_zone

    try:
        read_settings(path, system_zone=system_zone(), missing_ok=False)
    except SettingsError as exc:
        count = len(exc.problems)
        print(exc, file=sys.stderr)
        print(
            ngettext("{count} problem found.", "{count} problems found.", count).format(
                count=count
            ),
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    print(f"{path}: OK")
    return EXIT_OK


def _remote(args: argparse.Namespace) -> int:
    """A command for the running app: send it, print the outcome."""
    from boundary_app import ipc

    command, request_args = _request_for(args)
    try:
        result = _ask(command, **request_args)
    except ipc.NotRunningError:
        print(
            _("Boundary is not running. Start it with `boundary-app`, then try again."),
            file=sys.stderr,
        )
        return EXIT_NOT_RUNNING
    except ipc.ProtocolError as exc:
        print(_("Boundary refused: {reason}").format(reason=exc), file=sys.stderr)
        return EXIT_PROBLEMS
    if command == "quit":
        print(_("Boundary is stopping."))
    else:
        print(result.get("summary", "OK"))
    return EXIT_OK


def _request_for(args: argparse.Namespace) -> tuple[str, dict[str, Any]]:
    if args.command == "session":
        if args.action == "start":
            return "session.start", {"minutes": args.minutes}
        return "session.end", {}
    if args.command == "pause":
        return "pause", {"minutes": args.minutes}
    if args.command == "done":
        return "done", {"now": args.now}
    return args.command, {}
