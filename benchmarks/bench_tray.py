"""Boundary's tray app beside a minimal PySide6 tray app, under Xvfb with a real tray host.

Run: .venv/bin/python benchmarks/bench_tray.py [--runs 5] [--idle 60]

Needs Xvfb, dbus-daemon, gtk-sni-tray-standalone (Debian package
haskell-gtk-sni-tray-utils), dunst and dbus-monitor. For each app, `--runs` times,
it prints medians of:

- start: from spawning the process to the tray host being told of its icon
  (the StatusNotifierItem registration seen on the bus);
- RSS 10 s after start;
- voluntary context switches (all threads) over `--idle` seconds with
  nothing due: the process's wake-ups;
- (Boundary only) nudge lateness: each Notify call on the bus against the
  real instant its pretend time maps to.

Targets: start <= 1.3x the minimal app, RSS <= minimal + 25 MB, idle
wake-ups <= 2 per minute, lateness median <= 50 ms and never over 1 s.
"""

from __future__ import annotations

import argparse
import compileall
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

MINIMAL_APP = """
import sys
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon
app = QApplication(sys.argv)
app.setQuitOnLastWindowClosed(False)
pixmap = QPixmap(32, 32)
pixmap.fill(QColor("steelblue"))
tray = QSystemTrayIcon(QIcon(pixmap))
menu = QMenu()
menu.addAction("Quit", app.quit)
tray.setContextMenu(menu)
tray.show()
sys.exit(app.exec())
"""

# Email windows every minute from 16:21 make a nudge a pretend minute.
SETTINGS = """
breaks = []
[week]
monday = ["09:00-17:00"]
tuesday = ["09:00-17:00"]
wednesday = ["09:00-17:00"]
thursday = ["09:00-17:00"]
friday = ["09:00-17:00"]
saturday = ["09:00-17:00"]
sunday = ["09:00-17:00"]
[email]
windows = ["16:21", "16:22", "16:23", "16:24", "16:25", "16:26", "16:27", "16:28"]
"""


class Desktop:
    """Xvfb, a private session bus, a StatusNotifierItem tray host and a bus monitor."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.procs: list[subprocess.Popen[bytes]] = []
        display = next(n for n in range(140, 400) if not Path(f"/tmp/.X11-unix/X{n}").exists())
        self.display = f":{display}"
        self._spawn(["Xvfb", self.display, "-screen", "0", "1280x800x24", "-nolisten", "tcp"])
        for _ in range(100):
            if Path(f"/tmp/.X11-unix/X{display}").exists():
                break
            time.sleep(0.05)
        out = subprocess.run(
            ["dbus-daemon", "--session", "--fork", "--print-address=1", "--print-pid=1"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        self.bus, self.bus_pid = out[0], int(out[1])
        for sub in ("config", "data", "runtime"):
            (home / sub).mkdir(parents=True, exist_ok=True, mode=0o700)
        self.env = {
            **os.environ,
            "DISPLAY": self.display,
            "DBUS_SESSION_BUS_ADDRESS": self.bus,
            "QT_QPA_PLATFORM": "xcb",
            "HOME": str(home),
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_DATA_HOME": str(home / "data"),
            "XDG_RUNTIME_DIR": str(home / "runtime"),
        }
        self._spawn(["gtk-sni-tray-standalone", "--watcher"])
        self._spawn(["dunst"])
        self.events: list[tuple[float, str]] = []
        monitor = self._spawn(["dbus-monitor", "--session"], stdout=subprocess.PIPE)
        threading.Thread(target=self._read_monitor, args=(monitor,), daemon=True).start()
        time.sleep(1.5)

    def _spawn(self, argv: list[str], **kw: object) -> subprocess.Popen[bytes]:
        proc = subprocess.Popen(
            argv,
            env=getattr(self, "env", None),
            stderr=subprocess.DEVNULL,
            stdout=kw.get("stdout", subprocess.DEVNULL),  # type: ignore[arg-type]
            start_new_session=True,
        )
        self.procs.append(proc)
        return proc

    def _read_monitor(self, proc: subprocess.Popen[bytes]) -> None:
        assert proc.stdout is not None
        for raw in proc.stdout:
            line = raw.decode("utf-8", "replace")
            if "member=RegisterStatusNotifierItem" in line or "member=Notify" in line:
                self.events.append((time.time(), line))

    def wait_for(self, member: str, after: float, timeout: float = 20) -> float:
        deadline = time.time() + timeout
        while time.time() < deadline:
            for stamp, line in list(self.events):
                if stamp >= after and f"member={member}" in line:
                    return stamp
            time.sleep(0.005)
        raise TimeoutError(f"no {member} on the bus within {timeout} s")

    def close(self) -> None:
        for proc in reversed(self.procs):
            with _quiet():
                os.killpg(proc.pid, signal.SIGTERM)
            with _quiet():
                proc.wait(5)
        with _quiet():
            os.kill(self.bus_pid, signal.SIGTERM)


class _quiet:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> bool:
        return True


def rss_mb(pid: int) -> float:
    text = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+)", text)[1]) / 1024  # type: ignore[index]


def voluntary_switches(pid: int) -> int:
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        with _quiet():
            text = (task / "status").read_text()
            total += int(re.search(r"voluntary_ctxt_switches:\s+(\d+)", text)[1])  # type: ignore[index]
    return total


def measure(desktop: Desktop, argv: list[str], idle: float) -> dict[str, float]:
    began = time.time()
    proc = subprocess.Popen(
        argv, env=desktop.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    shown = desktop.wait_for("RegisterStatusNotifierItem", began)
    time.sleep(max(0.0, 10 - (time.time() - began)))
    rss = rss_mb(proc.pid)
    before = voluntary_switches(proc.pid)
    time.sleep(idle)
    switches = voluntary_switches(proc.pid) - before
    proc.terminate()
    _, err = proc.communicate(timeout=10)
    return {
        "start_s": shown - began,
        "rss_mb": rss,
        "wakeups_per_min": switches * 60 / idle,
        "stderr": err.decode("utf-8", "replace"),  # type: ignore[dict-item]
    }


def lateness(desktop: Desktop, config_home: Path) -> list[float]:
    """Notify calls against their planned real instants, in seconds (positive: late)."""
    (config_home / "boundary-app").mkdir(parents=True, exist_ok=True)
    (config_home / "boundary-app" / "config.toml").write_text(SETTINGS)
    speed = 6.0
    began = time.time()
    proc = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "boundary_app",
            "--pretend-now",
            "2027-01-04T16:20:50",
            "--speed",
            str(speed),
        ],
        env={**desktop.env, "TZ": "UTC"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        text=True,
    )
    time.sleep(8 * 60 / speed + 3)
    proc.terminate()
    _, err = proc.communicate(timeout=10)
    anchor = re.search(r"pretend clock: (\S+) at real (\S+), speed", err)
    if anchor is None:
        raise RuntimeError(f"no pretend clock in the log:\n{err}")
    pretend_start = datetime.fromisoformat(anchor[1])
    real_start = datetime.fromisoformat(anchor[2]).timestamp()
    planned = [
        real_start
        + (pretend_start.replace(hour=16, minute=m, second=0) - pretend_start)
        / timedelta(seconds=1)
        / speed
        for m in range(21, 29)
    ]
    seen = [stamp for stamp, line in desktop.events if stamp >= began and "member=Notify" in line]
    return [min((s - p for s in seen if s >= p - 0.5), default=99.0) for p in planned]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--idle", type=float, default=60.0)
    args = parser.parse_args()
    # An installed app starts from byte code; an editable checkout may have none yet
    # (PYTHONDONTWRITEBYTECODE is common in containers), so compile it as pip would.
    compileall.compile_dir(str(ROOT / "boundary_app"), quiet=1)
    results: dict[str, list[dict[str, float]]] = {"minimal": [], "boundary": []}
    late: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        minimal = Path(tmp) / "minimal_tray.py"
        minimal.write_text(MINIMAL_APP)
        for run in range(args.runs):
            desktop = Desktop(Path(tmp) / f"home{run}")
            try:
                results["minimal"].append(measure(desktop, [PYTHON, str(minimal)], args.idle))
                boundary = [PYTHON, "-m", "boundary_app", "--pretend-now", "2027-01-04T20:00"]
                results["boundary"].append(measure(desktop, boundary, args.idle))
                late += lateness(desktop, Path(desktop.env["XDG_CONFIG_HOME"]))
            finally:
                desktop.close()
            print(f"run {run + 1}/{args.runs} done", file=sys.stderr)
    print(f"{args.runs} runs, medians; idle window {args.idle:g} s")
    print(f"{'':12}{'start s':>10}{'RSS MB':>10}{'wake-ups/min':>14}")
    medians = {}
    for name, rows in results.items():
        m = {
            k: statistics.median(r[k] for r in rows)
            for k in ("start_s", "rss_mb", "wakeups_per_min")
        }
        medians[name] = m
        print(f"{name:12}{m['start_s']:10.2f}{m['rss_mb']:10.1f}{m['wakeups_per_min']:14.1f}")
    b, mini = medians["boundary"], medians["minimal"]
    print(f"start ratio {b['start_s'] / mini['start_s']:.2f}x (target <= 1.3x)")
    print(f"RSS over minimal {b['rss_mb'] - mini['rss_mb']:+.1f} MB (target <= +25 MB)")
    print(f"idle wake-ups {b['wakeups_per_min']:.1f}/min (target <= 2)")
    ms = [x * 1000 for x in late]
    print(
        f"nudge lateness: median {statistics.median(ms):.0f} ms, max {max(ms):.0f} ms"
        f" over {len(ms)} nudges (targets: median <= 50 ms, max <= 1000 ms)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
