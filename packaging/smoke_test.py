"""Smoke-test a built Linux bundle: does the frozen program work at all? (packaging)

    .venv/bin/python packaging/smoke_test.py [BUNDLE_DIR]    # default: dist/boundary-app

Runs the bundle's own executable, never the checkout's Python, as a fresh user (private
HOME and XDG folders, no session bus, Qt offscreen):

1. `boundary-app --version` names pyproject.toml's version (the metadata came along);
2. `boundary-app plan --json` prints a JSON array of nudges, and `status` speaks each
   language the checkout has a catalogue for (the compiled translations came along);
3. `boundary-app --pretend-now 2026-11-27T16:58` starts the tray app, and a second
   `boundary-app status --json` gets its answer over the command socket ("running": true,
   at the pretend time);
4. `boundary-app quit` stops it, and it exits cleanly, with no traceback in its log.

Exits 0 when all pass; otherwise 1, saying which step failed, with the app's log.
tests/test_bundle.py runs the same steps under pytest, on the bundle when one is built
and on the checkout's own `python -m boundary_app` always.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_BUNDLE = ROOT / "dist" / "boundary-app"
EXECUTABLE = "boundary-app"
PRETEND_NOW = "2026-11-27T16:58"  # a Friday, near the end of the default work day
ZONE = "America/New_York"
START_PATIENCE = 60.0  # seconds for the app to answer; a cold bundle on a slow disk is slow
STOP_PATIENCE = 20.0


class SmokeFailure(Exception):
    """A step failed; the message says which and what was seen."""


def pyproject_version() -> str:
    with (ROOT / "pyproject.toml").open("rb") as file:
        version: str = tomllib.load(file)["project"]["version"]
    return version


def bundle_command(bundle: Path) -> list[str]:
    """How to run the bundle's own executable."""
    path = bundle / EXECUTABLE
    if not (path.is_file() and os.access(path, os.X_OK)):
        raise SmokeFailure(f"{path} is missing or not executable: build with packaging/build.py")
    return [str(path)]


def private_env(home: Path) -> dict[str, str]:
    """A fresh user's environment: nothing of this machine's user, session or Python."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key in ("PATH", "LANG", "LC_ALL", "LC_CTYPE", "TMPDIR")
    }
    for name, sub in (
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_STATE_HOME", "state"),
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_RUNTIME_DIR", "runtime"),
    ):
        folder = home / sub
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        folder.chmod(0o700)
        env[name] = str(folder)
    env.update(
        HOME=str(home),
        TZ=ZONE,
        QT_QPA_PLATFORM="offscreen",
        # A bus address where no bus is: notifications and the keyring report themselves
        # unavailable instead of reaching this machine's real session.
        DBUS_SESSION_BUS_ADDRESS=f"unix:path={home / 'no-session-bus'}",
    )
    return env


def run(program: list[str], env: dict[str, str], *args: str, timeout: float = 60.0) -> str:
    """Run the program with `args`; its standard output, or a `SmokeFailure`."""
    command = [*program, *args]
    try:
        done = subprocess.run(
            command, env=env, capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise SmokeFailure(f"`{' '.join(command)}` did not finish in {timeout:.0f} s") from exc
    if done.returncode != 0:
        raise SmokeFailure(
            f"`{EXECUTABLE} {' '.join(args)}` exited with {done.returncode}:\n"
            f"{done.stdout}{done.stderr}"
        )
    return done.stdout


def check_version(program: list[str], env: dict[str, str]) -> str:
    out = run(program, env, "--version").strip()
    wanted = f"{EXECUTABLE} {pyproject_version()}"
    if out != wanted:
        raise SmokeFailure(f"--version printed {out!r}, not {wanted!r} (metadata missing?)")
    return out


def check_plan(program: list[str], env: dict[str, str]) -> list[dict[str, Any]]:
    out = run(program, env, "plan", "--json", "--date", PRETEND_NOW[:10])
    try:
        nudges = json.loads(out)
    except json.JSONDecodeError as exc:
        raise SmokeFailure(f"plan --json did not print JSON ({exc}):\n{out}") from exc
    if not isinstance(nudges, list) or not nudges:
        raise SmokeFailure(f"plan --json printed no list of nudges for a work day:\n{out}")
    if not all(isinstance(n, dict) and "kind" in n and "at" in n for n in nudges):
        raise SmokeFailure(f"plan --json printed nudges without kind or time:\n{out}")
    return nudges


def languages() -> list[str]:
    """The languages with a catalogue in the checkout (boundary_app/resources/locale)."""
    locale = ROOT / "boundary_app" / "resources" / "locale"
    return sorted({po.parts[-3] for po in locale.glob("*/LC_MESSAGES/*.po")})


def check_translations(program: list[str], env: dict[str, str]) -> list[str]:
    """`status` in each language differs from the English one: its catalogue was found."""
    english = run(program, {**env, "LANGUAGE": "C", "LANG": "C.UTF-8"}, "status")
    for language in languages():
        translated = run(program, {**env, "LANGUAGE": language}, "status")
        if translated == english:
            raise SmokeFailure(f"`status` with LANGUAGE={language} is still English:\n{english}")
    return languages()


def wait_for(condition: Callable[[], Any], patience: float, what: str) -> Any:
    deadline = time.monotonic() + patience
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            raise SmokeFailure(f"{what} within {patience:.0f} s")
        time.sleep(0.25)


def check_tray_app(program: list[str], env: dict[str, str], log: Path) -> dict[str, Any]:
    """Start the tray app, ask it for its status from a second process, stop it."""
    with log.open("w", encoding="utf-8") as output:
        app = subprocess.Popen(
            [*program, "--pretend-now", PRETEND_NOW],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        status = _answered_status(program, env, app)
        run(program, env, "quit")
        try:
            code = app.wait(timeout=STOP_PATIENCE)
        except subprocess.TimeoutExpired:
            raise SmokeFailure(
                f"the app did not stop within {STOP_PATIENCE:.0f} s of `quit`"
            ) from None
        if code != 0:
            raise SmokeFailure(f"the app exited with {code} after `quit`")
    except SmokeFailure as exc:
        raise SmokeFailure(f"{exc}\n--- the app's log ({log}):\n{_tail(log)}") from exc
    finally:
        if app.poll() is None:
            os.killpg(app.pid, signal.SIGKILL)  # its own session: only what it started
            app.wait()
    text = log.read_text(encoding="utf-8", errors="replace")
    if "Traceback" in text:
        raise SmokeFailure(f"the app logged a traceback:\n{_tail(log)}")
    return status


def _answered_status(program: list[str], env: dict[str, str], app: subprocess.Popen[bytes]) -> Any:
    def answer() -> dict[str, Any] | None:
        if app.poll() is not None:
            raise SmokeFailure(f"the app exited with {app.returncode} before it answered")
        status = json.loads(run(program, env, "status", "--json"))
        return status if status.get("running") else None  # else: worked out without it

    status = wait_for(answer, START_PATIENCE, "the running app did not answer `status`")
    if not str(status.get("now", "")).startswith(PRETEND_NOW[:15]):
        raise SmokeFailure(f"the app's status is not at the pretend time {PRETEND_NOW}: {status}")
    return status


def _tail(log: Path, lines: int = 40) -> str:
    try:
        return "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError as exc:
        return f"(unreadable: {exc})"


def smoke(program: list[str], workdir: Path) -> list[str]:
    """Every step in order; one line per step passed, or a `SmokeFailure`."""
    env = private_env(workdir / "home")
    passed = [f"version: {check_version(program, env)}"]
    nudges = check_plan(program, env)
    passed.append(f"plan --json: {len(nudges)} nudges ({', '.join(n['kind'] for n in nudges)})")
    passed.append(f"translations: {', '.join(check_translations(program, env)) or 'none yet'}")
    status = check_tray_app(program, env, workdir / "app.log")
    passed.append(f"tray app answered status over its socket: {status['state']} at {status['now']}")
    passed.append("quit: the app stopped cleanly")
    return passed


def main(argv: list[str]) -> int:
    bundle = Path(argv[0]) if argv else DEFAULT_BUNDLE
    with tempfile.TemporaryDirectory(prefix="boundary-smoke-") as folder:
        try:
            for line in smoke(bundle_command(bundle), Path(folder)):
                print(f"ok  {line}")
        except SmokeFailure as exc:
            print(f"SMOKE TEST FAILED: {exc}", file=sys.stderr)
            return 1
    print(f"smoke test passed: {bundle}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
