"""The desktop tier's harness: a real X server, tray host and notification daemon.

(The pytest fixtures that hand these out live in `conftest.py` beside it.)

Each `Desktop` is a private little session: Xvfb on a display the server picks
itself, a D-Bus session bus with no service activation (nothing starts behind
the test's back), a tray host (StatusNotifierItem or XEmbed), dunst, and
`dbus-monitor` recording every notification call with the wall-clock time it
arrived. Tests start programs in it with `Desktop.spawn` and look at it the
way a person would: the tray's icons, the notifications, a screenshot.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import select
import shutil
import signal
import struct
import subprocess
import sys
import threading
import time
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Literal

from tests.user_folders import DOTTED, user_folders

Tray = Literal["sni", "xembed", "none"]

HERE = Path(__file__).resolve().parent
SCREEN = (1280, 800)
XVFB_OPTIONS = ["-screen", "0", f"{SCREEN[0]}x{SCREEN[1]}x24", "-nolisten", "tcp", "-noreset"]
# Both tray hosts: a light bar across the top, icons at the right end.
SNI_TRAY_ARGV = [
    "gtk-sni-tray-standalone", "--watcher", "--top", "--end", "--size", "32", "--color", "#dddddd"
]  # fmt: skip
TRAYER_ARGV = [
    "trayer", "--edge", "top", "--align", "right", "--SetDockType", "true",
    "--widthtype", "request", "--height", "32", "--transparent", "false", "--tint", "0xdddddd",
]  # fmt: skip
START_TIMEOUT = 15.0
STOP_TIMEOUT = 5.0
NOTIFICATIONS = "org.freedesktop.Notifications"
WATCHER = "org.kde.StatusNotifierWatcher"

# Program -> Debian package, for the skip message.
TOOLS = {
    "Xvfb": "xvfb",
    "xdpyinfo": "x11-utils",
    "xwininfo": "x11-utils",
    "import": "imagemagick",
    "dbus-daemon": "dbus-daemon",
    "dbus-monitor": "dbus-bin",
    "dunst": "dunst",
    "trayer": "trayer",
    "gtk-sni-tray-standalone": "haskell-gtk-sni-tray-utils",
}

# A session bus of our own: no service folders, so nothing is activated behind
# the test's back (no at-spi, no second notification daemon).
BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <keep_umask/>
  <listen>unix:dir={socket_dir}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""

# Popups stay up for ten minutes, top right, readable in a screenshot; a left
# click runs the default action, as a person would expect.
DUNSTRC = """[global]
    monitor = 0
    follow = none
    width = 360
    height = 200
    origin = top-right
    offset = 12x48
    notification_limit = 0
    font = Monospace 10
    frame_width = 2
    frame_color = "#aaaaaa"
    padding = 8
    horizontal_padding = 8
    format = "<b>%s</b>\\n%b"
    show_indicators = yes
    idle_threshold = 0
    mouse_left_click = do_action, close_current
    mouse_middle_click = close_current
    mouse_right_click = close_all

[urgency_low]
    background = "#222222"
    foreground = "#dddddd"
    timeout = 600

[urgency_normal]
    background = "#285577"
    foreground = "#ffffff"
    timeout = 600

[urgency_critical]
    background = "#900000"
    foreground = "#ffffff"
    frame_color = "#ff0000"
    timeout = 600

[keep_every_popup_up]
    summary = "*"
    timeout = 600
"""


# --------------------------------------------------------------------------- records


@dataclass(frozen=True)
class BusMessage:
    """One message `dbus-monitor` saw, stamped with `time.time()` when it was read."""

    received_at: float
    kind: str
    sender: str
    destination: str
    interface: str
    member: str
    args: tuple[Any, ...]


@dataclass(frozen=True)
class Notification:
    """A `Notify` call as it went over the bus."""

    received_at: float
    sender: str
    app_name: str
    replaces_id: int
    app_icon: str
    summary: str
    body: str
    actions: tuple[tuple[str, str], ...]
    hints: dict[str, Any]
    expire_timeout: int

    @classmethod
    def from_message(cls, message: BusMessage) -> Notification:
        app_name, replaces_id, app_icon, summary, body, actions, hints, expire = message.args
        return cls(
            received_at=message.received_at,
            sender=message.sender,
            app_name=app_name,
            replaces_id=replaces_id,
            app_icon=app_icon,
            summary=summary,
            body=body,
            actions=tuple(zip(actions[::2], actions[1::2], strict=True)),
            # jeepney gives each variant as (signature, value).
            hints={key: value for key, (_signature, value) in hints.items()},
            expire_timeout=expire,
        )

    @property
    def urgency(self) -> int | None:
        return self.hints.get("urgency")

    @property
    def suppress_sound(self) -> bool | None:
        return self.hints.get("suppress-sound")

    @property
    def sound_name(self) -> str | None:
        return self.hints.get("sound-name")


@dataclass(frozen=True)
class Screenshot:
    """A PNG of the whole screen, and questions about its pixels.

    `path` is this run's own copy; `artifact` the one kept for people to look at.
    """

    path: Path
    artifact: Path

    def _rows(self, box: tuple[int, int, int, int] | None) -> Iterator[array[int]]:
        from PySide6.QtGui import QImage

        image = QImage(str(self.path))
        assert not image.isNull(), f"cannot read the screenshot {self.path}"
        image = image.convertToFormat(QImage.Format.Format_RGB32)
        x, y, width, height = box or (0, 0, image.width(), image.height())
        for row in range(y, y + height):
            line = array("I", bytes(image.constScanLine(row))[: image.width() * 4])
            yield line[x : x + width]

    def colours(self, box: tuple[int, int, int, int] | None = None) -> set[int]:
        """The distinct colours (0xffRRGGBB) in `box` (x, y, width, height) or everywhere."""
        found: set[int] = set()
        for line in self._rows(box):
            found.update(line)
        return found

    def count(self, colour: str, box: tuple[int, int, int, int] | None = None) -> int:
        """How many pixels are exactly `colour` ("#rrggbb")."""
        value = 0xFF000000 | int(colour.removeprefix("#"), 16)
        return sum(line.count(value) for line in self._rows(box))


# --------------------------------------------------------------------------- processes


@dataclass
class Child:
    """A process the harness started, in a process group of its own."""

    name: str
    argv: list[str]
    popen: subprocess.Popen[bytes]
    stdout_path: Path
    stderr_path: Path
    leaks: list[str] = field(default_factory=list)

    @property
    def pid(self) -> int:
        return self.popen.pid

    def exit_status(self) -> int | None:
        """The exit code if it has ended, without reaping it (the group id stays ours)."""
        if self.popen.returncode is not None:
            return self.popen.returncode
        try:
            result = os.waitid(os.P_PID, self.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT)
        except ChildProcessError:
            return self.popen.poll()
        if result is None:
            return None
        return result.si_status if result.si_code == os.CLD_EXITED else -result.si_status

    @property
    def running(self) -> bool:
        return self.exit_status() is None

    def stdout_text(self) -> str:
        return self.stdout_path.read_text(errors="replace") if self.stdout_path.exists() else ""

    def stderr_text(self) -> str:
        return self.stderr_path.read_text(errors="replace")

    def wait_for_output(self, text: str, timeout: float = 10.0) -> None:
        """Wait until `text` shows up in its stdout."""
        if not wait_until(lambda: text in self.stdout_text(), timeout):
            raise AssertionError(f"{self.name} never printed {text!r}\n{self.describe()}")

    def wait(self, timeout: float) -> int:
        """Wait for it to end by itself; what it left in its group is killed. Its exit code."""
        if not wait_until(lambda: not self.running, timeout):
            raise AssertionError(f"{self.name} still runs after {timeout:.0f} s\n{self.describe()}")
        return self._finish()

    def stop(self, timeout: float = STOP_TIMEOUT) -> int:
        """SIGTERM to the group, SIGKILL if it lingers; its exit code."""
        if self.running:
            self._signal_group(signal.SIGTERM)
            if not wait_until(lambda: not self.running, timeout):
                self._signal_group(signal.SIGKILL)
        return self._finish()

    def _finish(self) -> int:
        if self.popen.returncode is None:
            # The leader is a zombie, so the group id cannot have been reused yet.
            self._signal_group(signal.SIGKILL)
            if not wait_until(lambda: not _group_members(self.pid), 2.0):
                self.leaks.append(f"{self.name}: group {self.pid} outlived SIGKILL")
        return self.popen.wait(timeout=STOP_TIMEOUT)

    def _signal_group(self, signum: int) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.pid, signum)

    def describe(self, lines: int = 30) -> str:
        status = self.exit_status()
        state = "running" if status is None else f"exited with {status}"
        text = [f"--- {self.name} (pid {self.pid}, {state}): {' '.join(self.argv)}"]
        for label, content in (("stderr", self.stderr_text()), ("stdout", self.stdout_text())):
            tail = content.splitlines()[-lines:]
            if tail:
                text.append(f"    {label}:")
                text.extend(f"      {line}" for line in tail)
        return "\n".join(text)


def _ready_or_gone(child: Child, ready: Callable[[], bool]) -> bool:
    return not child.running or ready()


def _is_notify(message: BusMessage) -> bool:
    return message.kind == "method_call" and message.member == "Notify" and len(message.args) == 8


def wait_until(condition: Callable[[], object], timeout: float, step: float = 0.05) -> bool:
    """Poll `condition()` every `step` seconds until true (True) or `timeout` (False)."""
    deadline = time.monotonic() + timeout
    while True:
        if condition():
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(step)


def _group_members(pgid: int) -> list[int]:
    """Live (not zombie) processes in the group."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if fields[0] != "Z" and int(fields[2]) == pgid:
            members.append(int(entry.name))
    return members


def _read_line(fd: int, timeout: float) -> str | None:
    """The first line written to `fd` within `timeout`, or None."""
    data = b""
    deadline = time.monotonic() + timeout
    while b"\n" not in data:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            return None
        chunk = os.read(fd, 4096)
        if not chunk:
            break
        data += chunk
    return data.decode().strip() or None


def _dunst_control() -> Any:
    """dunst's own control interface (what `dunstctl` talks to)."""
    from jeepney import DBusAddress

    path = "/org/freedesktop/Notifications"
    return DBusAddress(path, bus_name=NOTIFICATIONS, interface="org.dunstproject.cmd0")


def _dbus_call(address: str, message: Any, timeout: float = 2.0) -> tuple[Any, ...]:
    from jeepney.io.blocking import open_dbus_connection
    from jeepney.wrappers import unwrap_msg

    with open_dbus_connection(bus=address) as connection:
        reply = connection.send_and_get_reply(message, timeout=timeout)
    return tuple(unwrap_msg(reply))


# --------------------------------------------------------------------------- the desktop


class Desktop:
    """A private X display with a tray host, a notification daemon and a bus monitor."""

    def __init__(self, base: Path, artifacts_dir: Path, tray: Tray = "sni") -> None:
        self.base = base
        self.artifacts_dir = artifacts_dir
        self.tray: Tray = "none"
        self.display = ""
        self.bus_address = ""
        self.env: dict[str, str] = {}
        self._log_dir = base / "logs"
        self._log_dir.mkdir(parents=True, exist_ok=True)
        self._children: list[Child] = []
        self._infrastructure: list[Child] = []
        self._messages: list[BusMessage] = []
        self._arrived = threading.Condition()
        self._monitor_thread: threading.Thread | None = None
        self._programs_before_test = 0
        self._shots = 0
        self.test_started_at = time.time()
        try:
            self._start_x()
            self._start_bus()
            self._start_monitor()
            self._start_dunst()
            if tray != "none":
                self.start_tray(tray)
        except BaseException:
            with contextlib.suppress(Exception):
                self.close()
            raise

    # ---- starting the parts

    def _start(
        self,
        name: str,
        argv: list[str],
        *,
        env: dict[str, str] | None = None,
        stdout: int | None = None,
        pass_fds: tuple[int, ...] = (),
        infrastructure: bool = False,
    ) -> Child:
        taken = {child.name for child in self._children + self._infrastructure}
        unique, number = name, 1
        while unique in taken:
            number += 1
            unique = f"{name}-{number}"
        stdout_path = self._log_dir / f"{unique}.out"
        stderr_path = self._log_dir / f"{unique}.err"
        with stdout_path.open("wb") as out, stderr_path.open("wb") as err:
            popen = subprocess.Popen(
                argv,
                env=env if env is not None else self.env,
                cwd=self.base,
                stdin=subprocess.DEVNULL,
                stdout=out if stdout is None else stdout,
                stderr=err,
                pass_fds=pass_fds,
                start_new_session=True,
            )
        child = Child(unique, argv, popen, stdout_path, stderr_path)
        (self._infrastructure if infrastructure else self._children).append(child)
        return child

    def _fail(self, what: str) -> AssertionError:
        return AssertionError(f"{what}\n{self.describe()}")

    def _start_x(self) -> None:
        # -displayfd: the server takes the first free display itself (no race with
        # another run) and writes its number once it accepts clients.
        read_fd, write_fd = os.pipe()
        try:
            self._start(
                "Xvfb",
                ["Xvfb", "-displayfd", str(write_fd), *XVFB_OPTIONS],
                env={"PATH": os.environ.get("PATH", os.defpath)},
                pass_fds=(write_fd,),
                infrastructure=True,
            )
            os.close(write_fd)
            number = _read_line(read_fd, START_TIMEOUT)
        finally:
            os.close(read_fd)
        if number is None:
            raise self._fail("Xvfb did not report a display number")
        self.display = f":{number}"
        probe = {"PATH": os.environ.get("PATH", os.defpath), "DISPLAY": self.display}
        if not wait_until(
            lambda: (
                subprocess.run(
                    ["xdpyinfo"], env=probe, capture_output=True, timeout=5, check=False
                ).returncode
                == 0
            ),
            START_TIMEOUT,
            0.1,
        ):
            raise self._fail(f"xdpyinfo cannot reach {self.display}")

    def _start_bus(self) -> None:
        socket_dir = self.base / "bus"
        socket_dir.mkdir(exist_ok=True)
        config = self.base / "session-bus.conf"
        config.write_text(BUS_CONFIG.format(socket_dir=socket_dir))
        read_fd, write_fd = os.pipe()
        try:
            self._start(
                "dbus-daemon",
                [
                    "dbus-daemon",
                    "--nofork",
                    f"--config-file={config}",
                    f"--print-address={write_fd}",
                ],
                env={"PATH": os.environ.get("PATH", os.defpath)},
                pass_fds=(write_fd,),
                infrastructure=True,
            )
            os.close(write_fd)
            address = _read_line(read_fd, START_TIMEOUT)
        finally:
            os.close(read_fd)
        if address is None:
            raise self._fail("dbus-daemon did not print its address")
        self.bus_address = address
        self.env = self._child_env()

    def _child_env(self) -> dict[str, str]:
        home = self.base / "home"
        env = {
            "PATH": os.environ.get("PATH", os.defpath),
            "HOME": str(home),
            "DISPLAY": self.display,
            "DBUS_SESSION_BUS_ADDRESS": self.bus_address,
            "QT_QPA_PLATFORM": "xcb",
            "XDG_SESSION_TYPE": "x11",
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
            # Keep GTK's helpers off the bus: no accessibility bus, no dconf, no gvfs.
            "NO_AT_BRIDGE": "1",
            "GSETTINGS_BACKEND": "memory",
            "GIO_USE_VFS": "local",
        }
        env.update(user_folders(home, DOTTED))
        return env

    def _start_monitor(self) -> None:
        rules = [
            f"interface='{NOTIFICATIONS}'",
            # A client may leave the interface out of a method call.
            "type='method_call',member='Notify'",
        ]
        child = self._start(
            "dbus-monitor",
            ["dbus-monitor", "--session", "--pcap", *rules],
            stdout=subprocess.PIPE,
            infrastructure=True,
        )
        assert child.popen.stdout is not None
        self._monitor_thread = threading.Thread(
            target=self._read_monitor, args=(child.popen.stdout,), daemon=True
        )
        self._monitor_thread.start()
        # The bus greets every monitor with NameAcquired: then it is listening.
        if not self.wait_for_bus_message(lambda m: m.member == "NameAcquired", START_TIMEOUT):
            raise self._fail("dbus-monitor did not start listening")

    def _read_monitor(self, stream: IO[bytes]) -> None:
        """Decode the monitor's pcap stream (exact, unlike its text output) message by message."""
        from jeepney.low_level import Parser

        parser = Parser()
        if len(stream.read(24)) < 24:  # the pcap file header
            return
        while True:
            record_header = stream.read(16)
            if len(record_header) < 16:
                return
            _seconds, _micros, length, _original = struct.unpack("<IIII", record_header)
            parser.add_data(stream.read(length))
            while (message := parser.get_next_message()) is not None:
                received_at = time.time()
                fields = {key.name: value for key, value in message.header.fields.items()}
                record = BusMessage(
                    received_at=received_at,
                    kind=message.header.message_type.name,
                    sender=fields.get("sender", ""),
                    destination=fields.get("destination", ""),
                    interface=fields.get("interface", ""),
                    member=fields.get("member", ""),
                    args=tuple(message.body),
                )
                with self._arrived:
                    self._messages.append(record)
                    self._arrived.notify_all()

    def _start_dunst(self) -> None:
        config = self.base / "dunstrc"
        config.write_text(DUNSTRC)
        self._start("dunst", ["dunst", "-config", str(config)], infrastructure=True)
        if not wait_until(lambda: self._bus_has_owner(NOTIFICATIONS), START_TIMEOUT, 0.1):
            raise self._fail(f"dunst did not take {NOTIFICATIONS} on the bus")

    def start_tray(self, tray: Tray) -> None:
        """Start a tray host: "sni" (StatusNotifierItem on D-Bus) or "xembed" (trayer)."""
        if self.tray != "none":
            raise ValueError(f"this desktop already has a {self.tray} tray")
        if tray == "sni":
            name, argv, ready = "sni-tray", SNI_TRAY_ARGV, self._sni_host_registered
        elif tray == "xembed":
            name, argv = "trayer", TRAYER_ARGV
            ready = lambda: self._trayer_panel() is not None  # noqa: E731
        else:
            raise ValueError(f"unknown tray {tray!r}: 'sni' or 'xembed'")
        # gtk-sni-tray-standalone's own watcher sometimes loses a start-up race on a
        # busy machine and exits ("Pattern match failure"); a later start is fine. Starts
        # in quick succession were seen to lose it together under load: wait between them.
        for attempt in range(6):
            host = self._start(name, argv, infrastructure=True)
            wait_until(functools.partial(_ready_or_gone, host, ready), START_TIMEOUT, 0.1)
            if host.running and ready():
                self.tray = tray
                return
            host.stop()
            time.sleep(0.5 * (attempt + 1))
        raise self._fail(f"the {tray} tray host did not come up")

    # ---- programs under test

    def spawn(self, name: str, argv: list[str], env: dict[str, str] | None = None) -> Child:
        """Start a program on this desktop (its own process group; stopped at teardown).

        `env` is added to `self.env`. Output goes to files: `stdout_text()`, `stderr_text()`.
        """
        return self._start(name, argv, env={**self.env, **(env or {})})

    @property
    def children(self) -> list[Child]:
        return list(self._children)

    # ---- what a person would see

    def bus_messages(self) -> list[BusMessage]:
        """Every message the monitor saw: Notify calls, and signals such as
        NotificationClosed and ActionInvoked."""
        with self._arrived:
            return list(self._messages)

    def notifications(self, since: float | None = None) -> list[Notification]:
        """The `Notify` calls since `since` (default: since this test began), oldest first."""
        start = self.test_started_at if since is None else since
        return [
            Notification.from_message(m)
            for m in self.bus_messages()
            if _is_notify(m) and m.received_at >= start
        ]

    def wait_for_bus_message(
        self, predicate: Callable[[BusMessage], bool], timeout: float
    ) -> BusMessage | None:
        deadline = time.monotonic() + timeout
        with self._arrived:
            while True:
                for message in self._messages:
                    if predicate(message):
                        return message
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self._arrived.wait(left)

    def wait_for_notification(
        self,
        predicate: Callable[[Notification], bool] | None = None,
        timeout: float = 10.0,
        *,
        since: float | None = None,
    ) -> Notification:
        """The first notification matching `predicate` since `since` (default: this test's start).

        Already received ones count, so there is no race with a fast program.
        """
        start = self.test_started_at if since is None else since

        def matches(message: BusMessage) -> bool:
            if not _is_notify(message) or message.received_at < start:
                return False
            return predicate is None or predicate(Notification.from_message(message))

        found = self.wait_for_bus_message(matches, timeout)
        if found is None:
            seen = "\n".join(
                f"  {n.received_at:.3f} {n.app_name!r}: {n.summary!r} / {n.body!r}"
                for n in self.notifications(since=start)
            )
            raise self._fail(
                f"no matching notification within {timeout:.0f} s; seen:\n{seen or '  (none)'}"
            )
        return Notification.from_message(found)

    def tray_items(self) -> list[str]:
        """The icons in the tray: SNI service names, or XEmbed window ids."""
        if self.tray == "sni":
            from jeepney import DBusAddress, Properties

            watcher = DBusAddress("/StatusNotifierWatcher", bus_name=WATCHER, interface=WATCHER)
            ((_signature, items),) = _dbus_call(
                self.bus_address, Properties(watcher).get("RegisteredStatusNotifierItems")
            )
            return list(items)
        if self.tray == "xembed":
            panel = self._trayer_panel()
            # trayer wraps each embedded icon in a socket window of its own.
            return [
                socket.children[0].window
                for socket in (panel.children if panel else [])
                if socket.children
            ]
        return []

    def tray_icon_count(self) -> int:
        return len(self.tray_items())

    def wait_for_tray_icons(self, count: int, timeout: float = 10.0) -> list[str]:
        """Wait until the tray holds exactly `count` icons; they are returned."""
        items: list[str] = []

        def settled() -> bool:
            nonlocal items
            items = self.tray_items()
            return len(items) == count

        if not wait_until(settled, timeout, 0.1):
            raise self._fail(f"the {self.tray} tray holds {items}, not {count} icon(s)")
        return items

    def sni_item_property(self, name: str, item: str | None = None) -> Any:
        """A property ("ToolTip", "Title", "Status", ...) of an SNI tray icon (the only one)."""
        from jeepney import DBusAddress, Properties

        if item is None:
            (item,) = self.wait_for_tray_icons(1, timeout=2.0)
        service, _, path = item.partition("/")
        address = DBusAddress(
            f"/{path}" if path else "/StatusNotifierItem",
            bus_name=service,
            interface="org.kde.StatusNotifierItem",
        )
        ((_signature, value),) = _dbus_call(self.bus_address, Properties(address).get(name))
        return value

    def screenshot(self, name: str | Path) -> Screenshot:
        """The whole screen, kept as `artifacts_dir/<name>.png` (or at `name` if absolute).

        The pixels are read from a private copy: another run writing the same artefact
        name at the same moment cannot change what this test sees.
        """
        target = Path(name)
        if not target.is_absolute():
            # ImageMagick reads "[...]" in a file name as a frame selector.
            stem = re.sub(r"[^\w.-]+", "_", target.name).strip("_").removesuffix(".png")
            target = self.artifacts_dir / f"{stem}.png"
        self._shots += 1
        private = self.base / "screens" / f"{self._shots:03d}-{target.name}"
        private.parent.mkdir(exist_ok=True)
        result = subprocess.run(
            ["import", "-display", self.display, "-window", "root", f"png:{private}"],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=20,
            check=False,
        )
        if result.returncode != 0 or not private.exists():
            raise self._fail(f"import failed ({result.returncode}): {result.stderr}")
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.{os.getpid()}.part")
        shutil.copyfile(private, partial)
        os.replace(partial, target)
        return Screenshot(private, target)

    def wait_for_screen(
        self, check: Callable[[Screenshot], bool], name: str | Path, timeout: float = 5.0
    ) -> Screenshot:
        """Screenshots (to `name`) until one passes `check`: windows take a moment to paint."""
        deadline = time.monotonic() + timeout
        while True:
            shot = self.screenshot(name)
            if check(shot):
                return shot
            if time.monotonic() >= deadline:
                raise self._fail(f"the screen never passed the check; see {shot.artifact}")
            time.sleep(0.2)

    def popup_count(self) -> int:
        """How many notification popups dunst shows right now."""
        from jeepney import Properties

        ((_signature, shown),) = _dbus_call(
            self.bus_address, Properties(_dunst_control()).get("displayedLength")
        )
        return int(shown)

    def close_popups(self) -> None:
        """Dismiss every notification popup on screen (dunst's close-all)."""
        from jeepney import new_method_call

        _dbus_call(self.bus_address, new_method_call(_dunst_control(), "NotificationCloseAll"))

    # ---- between tests, when the module shares one desktop

    def begin_test(self) -> None:
        """Clear the screen of popups and start counting notifications from now."""
        self.close_popups()
        self._programs_before_test = len(self._children)
        self.test_started_at = time.time()

    def end_test(self) -> None:
        """Stop the programs the test started and let the tray empty out."""
        for child in reversed(self._children[self._programs_before_test :]):
            child.stop()
        wait_until(lambda: not self.tray_items(), STOP_TIMEOUT, 0.1)

    # ---- diagnosis and teardown

    def describe(self) -> str:
        """Every process's state and the tail of its output, for failure messages."""
        header = f"desktop {self.display or '?'} bus {self.bus_address or '?'} logs {self._log_dir}"
        parts = [child.describe() for child in self._infrastructure + self._children]
        return "\n".join([header, *parts])

    def _bus_has_owner(self, name: str) -> bool:
        from jeepney import DBusErrorResponse, message_bus

        try:
            (owned,) = _dbus_call(self.bus_address, message_bus.NameHasOwner(name))
        except (OSError, DBusErrorResponse):  # the bus may still be coming up
            return False
        return bool(owned)

    def _sni_host_registered(self) -> bool:
        from jeepney import DBusAddress, DBusErrorResponse, Properties

        if not self._bus_has_owner(WATCHER):
            return False
        watcher = DBusAddress("/StatusNotifierWatcher", bus_name=WATCHER, interface=WATCHER)
        try:
            ((_signature, registered),) = _dbus_call(
                self.bus_address, Properties(watcher).get("IsStatusNotifierHostRegistered")
            )
        except DBusErrorResponse:  # the name is taken before the object is there
            return False
        return bool(registered)

    def _window_tree(self) -> str:
        """`xwininfo -root -tree`: every window on the screen, as text."""
        return subprocess.run(
            ["xwininfo", "-root", "-tree"],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout

    def window_titles(self) -> list[str]:
        """The titles of the top-level windows that are mapped (shown) now."""
        titles = []
        for line in self._window_tree().splitlines():
            found = re.match(r'\s*0x[0-9a-f]+ "(.*)": \(', line)
            if found:
                titles.append(found.group(1))
        return titles

    def wait_for_window(self, title: str, timeout: float = 10.0) -> None:
        """Wait until a window with this title is shown; fail naming what is shown."""
        if not wait_until(lambda: title in self.window_titles(), timeout, step=0.2):
            raise self._fail(f"no window {title!r}; shown: {self.window_titles()}")

    def _trayer_panel(self) -> _Window | None:
        root = _parse_window_tree(self._window_tree())
        return next((w for w in root.children if w.klass == '"panel" "trayer"'), None)

    def close(self) -> None:
        """Stop the programs under test, then the desktop itself; complain about leftovers."""
        leaks: list[str] = []
        # Apps first, then infrastructure in reverse order of start (Xvfb last).
        for child in [*reversed(self._children), *reversed(self._infrastructure)]:
            try:
                child.stop()
            except Exception as error:  # keep stopping the rest
                leaks.append(f"{child.name}: {error}")
            leaks.extend(child.leaks)
        if self._monitor_thread is not None:
            self._monitor_thread.join(timeout=STOP_TIMEOUT)
        for child in self._infrastructure:
            if child.popen.stdout is not None:
                child.popen.stdout.close()
        if leaks:
            raise AssertionError("desktop teardown left processes behind:\n" + "\n".join(leaks))


@dataclass
class _Window:
    window: str
    klass: str
    children: list[_Window] = field(default_factory=list)


def _parse_window_tree(text: str) -> _Window:
    """`xwininfo -root -tree` as a tree; nesting is read from the indentation."""
    root = _Window("root", "")
    stack: list[tuple[int, _Window]] = [(-1, root)]
    for line in text.splitlines():
        stripped = line.lstrip()
        if not stripped.startswith("0x"):
            continue
        indent = len(line) - len(stripped)
        window, _, rest = stripped.partition(" ")
        klass = re.search(r': \(("[^"]*" "[^"]*")\)\s+\d+x\d+', rest)
        node = _Window(window, klass.group(1) if klass else "")
        while stack[-1][0] >= indent:
            stack.pop()
        stack[-1][1].children.append(node)
        stack.append((indent, node))
    return root


# --------------------------------------------------------------------------- fixtures


def boundary_app_command(*args: str) -> list[str]:
    """The command line that starts the real `boundary-app` from this environment."""
    script = Path(sys.executable).with_name("boundary-app")
    if script.exists():
        return [str(script), *args]
    return [sys.executable, "-m", "boundary_app", *args]


def missing_tools() -> list[str]:
    return sorted(
        {f"{tool} ({package})" for tool, package in TOOLS.items() if shutil.which(tool) is None}
    )
