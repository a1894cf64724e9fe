"""What the desktop benchmarks share: the test tier's desktop, and clocks on what happens in it.

The desktop is the desktop tier's own (`tests/desktop/harness.py`): Xvfb, a
private session bus, a StatusNotifierItem tray host and dunst. On top of it:

- `BusWatch`: `dbus-monitor` in text mode for tray registrations and `Notify`
  calls. Each message carries the `time=` the monitor stamped when the bus
  handed it over, so a reader that polls late does not skew a figure.
- `WindowWatch`: `xev` on the root window's substructure. There is no window
  manager, so a top-level window is on screen the moment it is mapped
  (`MapNotify`; its first paint follows within a frame), and an XEmbed tray
  taking an icon reparents the icon's window away from the root
  (`ReparentNotify`). Stamped when read: a few milliseconds at most.
- `Programs`: each program runs with its own config, data and runtime
  folders, and every Python program with one shared byte-code cache outside
  the checkout (`PYTHONPYCACHEPREFIX`), filled by an untimed first start. An
  installed app starts from byte code; a checkout run with
  PYTHONDONTWRITEBYTECODE has none, and the benchmark writes nothing into it.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: the harness lives in the checkout's tests/
    sys.path.insert(0, str(ROOT))

from tests.desktop.harness import (  # noqa: E402 - needs the path above
    TOOLS,
    TRAYER_ARGV,
    Child,
    Desktop,
    boundary_app_command,
    wait_until,
)
from tests.user_folders import user_folders  # noqa: E402 - needs the path above

__all__ = [
    "REGISTER",
    "BusWatch",
    "Child",
    "Programs",
    "WindowWatch",
    "boundary_app_command",
    "context_switches",
    "open_desktop",
    "pretend_anchor",
    "rss_mb",
    "wait_until",
    "why_not",
]

NOTIFY_RULE = "type='method_call',interface='org.freedesktop.Notifications',member='Notify'"
WATCHER_RULE = "interface='org.kde.StatusNotifierWatcher'"
REGISTER = "RegisterStatusNotifierItem"
_MESSAGE = re.compile(
    r"^(?:method call|signal) time=(\d+\.\d+) sender=(\S+) -> .*member=(\w+)$", re.MULTILINE
)


def why_not(xembed: bool = False) -> str | None:
    """Why the desktop benchmarks cannot run here (with trayer, if `xembed`), or None."""
    tools = {**TOOLS, "xev": "x11-utils"}
    del tools["import"]  # no screenshots here
    if not xembed:
        del tools["trayer"]
    missing = [f"{tool} ({package})" for tool, package in tools.items() if not shutil.which(tool)]
    if importlib.util.find_spec("jeepney") is None:
        missing.append("the jeepney Python package")
    return "needs " + ", ".join(sorted(set(missing))) if missing else None


@contextlib.contextmanager
def open_desktop(base: Path, *, xembed: bool = False) -> Iterator[Desktop]:
    """A harness desktop with an SNI tray; with `xembed`, trayer beside it for XEmbed icons.

    Qt and AppIndicator programs take the SNI tray when there is one; a
    GtkStatusIcon only knows XEmbed, so trayer serves those.
    """
    desktop = Desktop(base, base / "artifacts", "sni")
    try:
        if xembed:
            desktop.spawn("trayer", TRAYER_ARGV)
        yield desktop
    finally:
        try:
            desktop.close()
        except AssertionError as error:  # a leftover process: say so, keep the figures
            print(f"desktop teardown: {error}", file=sys.stderr)


class BusWatch:
    """Tray registrations and notifications on the desktop's bus, with the monitor's stamps."""

    def __init__(self, desktop: Desktop) -> None:
        self._child = desktop.spawn(
            "bench-bus-watch", ["dbus-monitor", "--session", WATCHER_RULE, NOTIFY_RULE]
        )
        # A new monitor is greeted with NameAcquired, then NameLost: it listens.
        if not wait_until(lambda: "member=NameLost" in self._child.stdout_text(), 10.0, 0.01):
            raise RuntimeError("dbus-monitor did not start listening")

    def messages(self, member: str, since: float = 0.0) -> list[tuple[float, str]]:
        """(bus time, sender) of each `member` call or signal since `since`, oldest first."""
        return [
            (float(stamp), sender)
            for stamp, sender, name in _MESSAGE.findall(self._child.stdout_text())
            if name == member and float(stamp) >= since
        ]

    def close(self) -> None:
        self._child.stop()


class WindowWatch:
    """Windows shown on the root (MapNotify) and taken into an XEmbed tray (ReparentNotify)."""

    def __init__(self, desktop: Desktop) -> None:
        self._env = desktop.env
        self.events: list[tuple[float, str, str]] = []  # (read at, event, window id)
        self._proc = subprocess.Popen(
            ["xev", "-root", "-event", "substructure"],
            env=desktop.env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            start_new_session=True,
        )
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()
        time.sleep(0.3)  # xev prints nothing until an event comes: give it time to select

    def _read(self) -> None:
        assert self._proc.stdout is not None
        event, stamp = "", 0.0
        for line in self._proc.stdout:
            head = re.match(r"(\w+Notify) event", line)
            if head:
                event, stamp = head[1], time.time()
                continue
            # The line after the head: "event 0x<root>, window 0x<the window>, ..."
            window = re.search(r"\bwindow (0x[0-9a-f]+)", line)
            if event and window:
                self.events.append((stamp, event, window[1]))
                event = ""

    def shown_since(self, since: float) -> list[tuple[float, str]]:
        return [(t, w) for t, e, w in list(self.events) if e == "MapNotify" and t >= since]

    def embedded_since(self, since: float) -> list[tuple[float, str]]:
        return [(t, w) for t, e, w in list(self.events) if e == "ReparentNotify" and t >= since]

    def title(self, window: str) -> str:
        out = subprocess.run(
            ["xwininfo", "-id", window],
            env=self._env,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout
        found = re.search(r'Window id: 0x[0-9a-f]+ "(.*)"', out)
        return found[1] if found else ""

    def close(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self._proc.pid, signal.SIGTERM)
        self._proc.wait(5)


@dataclass
class Programs:
    """Starts programs on a desktop, each with folders of its own under `base`."""

    desktop: Desktop
    base: Path

    def env(self, home: str) -> dict[str, str]:
        return {
            "PYTHONPYCACHEPREFIX": str(self.base / "pycache"),
            **user_folders(self.base / "homes" / home),
        }

    def settings(self, home: str, text: str) -> Path:
        """Write Boundary's settings file for `home`; its path."""
        path = Path(self.env(home)["XDG_CONFIG_HOME"]) / "boundary-app" / "config.toml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def start(self, name: str, argv: list[str], home: str) -> tuple[float, Child]:
        """Spawn; (time.time() just before, the child)."""
        env = self.env(home)
        began = time.time()
        return began, self.desktop.spawn(name, argv, env=env)

    def run(self, argv: list[str], home: str) -> str:
        """Run a command line to its end on this desktop; its stdout."""
        done = subprocess.run(
            argv,
            env={**self.desktop.env, **self.env(home)},
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(argv)} failed: {done.stderr.strip()}")
        return done.stdout


# ---------------------------------------------------------------- reading a process


def rss_mb(pid: int) -> float:
    """Resident memory of the process, MB (VmRSS: shared libraries' resident pages count)."""
    found = re.search(r"VmRSS:\s+(\d+)", Path(f"/proc/{pid}/status").read_text())
    return int(found[1]) / 1024 if found else float("nan")


def context_switches(pid: int) -> tuple[int, int]:
    """(voluntary, involuntary) context switches of all the process's threads so far.

    /proc/PID/status counts the main thread only; each thread's own status has
    its counts. A thread that ended takes its counts along.
    """
    voluntary = involuntary = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(OSError):
            text = (task / "status").read_text()
            voluntary += int(re.search(r"^voluntary_ctxt_switches:\s+(\d+)", text, re.M)[1])  # type: ignore[index]
            involuntary += int(re.search(r"nonvoluntary_ctxt_switches:\s+(\d+)", text)[1])  # type: ignore[index]
    return voluntary, involuntary


def pretend_anchor(log: str) -> tuple[datetime, float]:
    """(pretend start, real time.time() at that start) from the app's log line at start."""
    found = re.search(r"pretend clock: (\S+) at real (\S+), speed (\S+)", log)
    if found is None:
        raise RuntimeError("the app did not log its pretend clock")
    if float(found[3]) != 1.0:
        raise RuntimeError(f"the app runs at speed {found[3]}, not 1")
    return datetime.fromisoformat(found[1]), datetime.fromisoformat(found[2]).timestamp()
