"""Quiet evenings: GNOME's banners through real `gsettings` and dconf on a private bus, KDE
Plasma's Inhibit against a fake notification server on a private bus, and `detect()`.

The GNOME tests run `gsettings` against a private session bus of their own, on which
dconf-service is activated with HOME and XDG_CONFIG_HOME inside `tmp_path`: the settings
are those of a fresh user and the machine's own are never touched. GSettings's `memory`
backend cannot serve here: it lives inside one process, and Boundary runs one `gsettings`
process per read or write, so a value set by one is gone for the next. What that backend
can show is Boundary's read-back check, which turns such a lost write into an error instead
of a silent "done" (`test_a_change_the_desktop_does_not_keep_is_an_error`).

Missing tools make the tests that need them skip, naming the tool and its package; with
BOUNDARY_REQUIRE_DESKTOP=1 (as in CI) they fail instead.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import shutil
import signal
import socket
import stat
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from jeepney import (  # type: ignore[import-untyped]
    DBusNameFlags,
    HeaderFields,
    MessageType,
    message_bus,
    new_error,
    new_method_return,
)
from jeepney.io.blocking import open_dbus_connection  # type: ignore[import-untyped]

from boundary_app.integrations.quiet_evenings import (
    KEY,
    REASON,
    SCHEMA,
    GnomeQuiet,
    GSettingsTool,
    KdeQuiet,
    QuietError,
    detect,
    unsupported_reason,
)

NOTIFICATIONS = "org.freedesktop.Notifications"
DCONF = "ca.desrt.dconf"

BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir={folder}</listen>
  <auth>EXTERNAL</auth>
  <servicedir>{folder}/services</servicedir>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


def need(missing: list[str]) -> None:
    if not missing:
        return
    reason = "needs " + ", ".join(missing)
    if os.environ.get("BOUNDARY_REQUIRE_DESKTOP") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


def dconf_service() -> str | None:
    """The dconf-service program, as the system's D-Bus activation file names it."""
    data_dirs = os.environ.get("XDG_DATA_DIRS") or "/usr/local/share:/usr/share"
    for folder in data_dirs.split(":"):
        with contextlib.suppress(OSError):
            text = Path(folder, "dbus-1", "services", f"{DCONF}.service").read_text()
            for line in text.splitlines():
                program = line.removeprefix("Exec=").split()
                if line.startswith("Exec=") and program and os.access(program[0], os.X_OK):
                    return program[0]
    return None


@functools.cache
def missing_for_gsettings() -> tuple[str, ...]:
    """What running `gsettings` on GNOME's notification schema needs and lacks."""
    if shutil.which("gsettings") is None:
        return ("gsettings (Debian package libglib2.0-bin)",)
    done = subprocess.run(
        ["gsettings", "range", SCHEMA, KEY], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        return (f"the {SCHEMA} schema (Debian package gsettings-desktop-schemas)",)
    return ()


def missing_for_dconf() -> list[str]:
    missing = list(missing_for_gsettings())
    if shutil.which("dbus-daemon") is None:
        missing.append("dbus-daemon (Debian package dbus-daemon)")
    if dconf_service() is None:
        missing.append("dconf-service (Debian package dconf-service)")
    if not missing and not has_dconf_backend():
        missing.append("GSettings' dconf backend (Debian package dconf-gsettings-backend)")
    return missing


@functools.cache
def has_dconf_backend() -> bool:
    env = os.environ | {"GSETTINGS_BACKEND": "dconf"}
    command = ["gsettings", "get", SCHEMA, KEY]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    return "Can't find module" not in done.stderr  # GLib's words before it falls back to memory


# --------------------------------------------------------------------------- private buses


@dataclass(frozen=True)
class Session:
    address: str
    env: dict[str, str]  # what a program of this session sees


def bus_call(address: str, message: Any) -> tuple[Any, ...]:
    with open_dbus_connection(bus=address) as connection:
        reply = connection.send_and_get_reply(message, timeout=5)
    return tuple(reply.body)


def on_bus(address: str, name: str) -> bool:
    return bool(bus_call(address, message_bus.NameHasOwner(name))[0])


def wait_until(condition: Callable[[], bool], timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


@contextlib.contextmanager
def private_bus(services: dict[str, str]) -> Iterator[str]:
    """A session bus of our own that activates `services` (name -> program); its address.

    Activated programs inherit this process's environment, which `user_dirs` has pointed at
    `tmp_path`. They are stopped before the bus, so that the bus reaps them.
    """
    if shutil.which("dbus-daemon") is None:
        need(["dbus-daemon (Debian package dbus-daemon)"])
    # A short folder: a socket path may not exceed 107 bytes.
    with tempfile.TemporaryDirectory(prefix="boundary-bus-") as folder:
        Path(folder, "services").mkdir()
        for name, program in services.items():
            service = f"[D-BUS Service]\nName={name}\nExec={program}\n"
            Path(folder, "services", f"{name}.service").write_text(service, encoding="utf-8")
        config = Path(folder, "bus.conf")
        config.write_text(BUS_CONFIG.format(folder=folder), encoding="utf-8")
        command = ["dbus-daemon", "--nofork", f"--config-file={config}", "--print-address=1"]
        with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as daemon:
            try:
                assert daemon.stdout is not None
                address = daemon.stdout.readline().strip()
                assert address.startswith("unix:"), "dbus-daemon did not start"
                yield address
                for name in services:
                    stop_service(address, name)
            finally:
                daemon.terminate()
                daemon.wait(timeout=10)


def stop_service(address: str, name: str) -> None:
    if not on_bus(address, name):
        return
    (pid,) = bus_call(address, message_bus.GetConnectionUnixProcessID(name))
    os.kill(pid, signal.SIGTERM)
    assert wait_until(lambda: not on_bus(address, name)), f"{name} did not stop"


@pytest.fixture
def gnome_session(user_dirs: Path) -> Iterator[Session]:
    """A private session bus with dconf on it; the user's settings live under `user_dirs`."""
    need(missing_for_dconf())
    program = dconf_service()
    assert program is not None
    with private_bus({DCONF: program}) as address:
        env = {
            name: value
            for name, value in os.environ.items()
            if name not in ("DISPLAY", "WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS")
        }
        env |= {"DBUS_SESSION_BUS_ADDRESS": address, "GSETTINGS_BACKEND": "dconf"}
        yield Session(address, env)


def banners(env: dict[str, str]) -> bool:
    """What GNOME would read: the key, through a `gsettings` of the test's own."""
    done = subprocess.run(
        ["gsettings", "get", SCHEMA, KEY], env=env, capture_output=True, text=True, check=True
    )
    return {"true\n": True, "false\n": False}[done.stdout]


def user_sets_banners(env: dict[str, str], value: bool) -> None:
    """The user flips the switch in GNOME's Settings."""
    command = ["gsettings", "set", SCHEMA, KEY, str(value).lower()]
    subprocess.run(command, env=env, check=True)
    assert banners(env) is value


def gnome(session: Session, state_file: Path) -> GnomeQuiet:
    return GnomeQuiet(state_file, GSettingsTool(env=session.env))


@pytest.fixture
def state_file(tmp_path: Path) -> Path:
    return tmp_path / "data" / "boundary-app" / "quiet-evenings.json"


# --------------------------------------------------------------------------- GNOME with dconf


@pytest.mark.parametrize("users_value", [True, False])
def test_banners_are_off_for_the_evening_then_the_users_own_again(
    gnome_session: Session, state_file: Path, users_value: bool
) -> None:
    user_sets_banners(gnome_session.env, users_value)
    quiet = gnome(gnome_session, state_file)

    quiet.quiet()
    assert banners(gnome_session.env) is False
    quiet.quiet()  # idempotent
    assert json.loads(state_file.read_text())["user_value"] is users_value

    quiet.restore()
    assert banners(gnome_session.env) is users_value
    assert not state_file.exists()
    quiet.restore()  # idempotent
    assert banners(gnome_session.env) is users_value
    # The settings were the test user's own, in tmp_path, written by the private dconf.
    assert Path(gnome_session.env["XDG_CONFIG_HOME"], "dconf", "user").is_file()


def test_detect_gives_gnome_a_switch_that_uses_the_sessions_settings(
    gnome_session: Session, state_file: Path
) -> None:
    environ = gnome_session.env | {"XDG_CURRENT_DESKTOP": "ubuntu:GNOME"}
    quiet = detect(environ, state_file=state_file)
    assert isinstance(quiet, GnomeQuiet)
    assert quiet.name == "GNOME"
    assert unsupported_reason(environ) == ""
    quiet.quiet()
    assert banners(gnome_session.env) is False
    quiet.restore()
    assert banners(gnome_session.env) is True


@pytest.mark.parametrize("evening_restart", ["restore at start", "quiet again, then restore"])
def test_after_a_crash_the_next_start_gives_the_users_value_back(
    gnome_session: Session, state_file: Path, evening_restart: str
) -> None:
    user_sets_banners(gnome_session.env, True)
    gnome(gnome_session, state_file).quiet()  # ... and Boundary crashes: no restore

    restarted = gnome(gnome_session, state_file)
    if evening_restart == "quiet again, then restore":
        restarted.quiet()  # must not take Boundary's own "false" for the user's value
        assert json.loads(state_file.read_text())["user_value"] is True
        assert banners(gnome_session.env) is False
    restarted.restore()
    assert banners(gnome_session.env) is True
    assert not state_file.exists()


def test_a_choice_the_user_made_during_the_evening_is_kept(
    gnome_session: Session, state_file: Path
) -> None:
    user_sets_banners(gnome_session.env, False)
    quiet = gnome(gnome_session, state_file)
    quiet.quiet()
    user_sets_banners(gnome_session.env, True)  # they want to see banners tonight after all

    quiet.restore()
    assert banners(gnome_session.env) is True  # not the remembered False
    assert not state_file.exists()


def test_the_state_file_is_private_whatever_the_umask(
    gnome_session: Session, state_file: Path
) -> None:
    old_umask = os.umask(0)
    try:
        gnome(gnome_session, state_file).quiet()
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE(state_file.stat().st_mode) == 0o600
    assert json.loads(state_file.read_text()) == {
        "schema": SCHEMA,
        "key": KEY,
        "user_value": True,
    }
    assert [path.name for path in state_file.parent.iterdir()] == [state_file.name]


@pytest.mark.parametrize("lost_by", ["memory backend", "dconf without a session bus"])
def test_a_change_the_desktop_does_not_keep_is_an_error(
    user_dirs: Path, state_file: Path, lost_by: str
) -> None:
    """`gsettings set` exits 0 in both cases, yet the next `gsettings` reads the old value."""
    need(list(missing_for_gsettings()))
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in ("DISPLAY", "WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS")
    }
    env["GSETTINGS_BACKEND"] = "memory" if lost_by == "memory backend" else "dconf"
    quiet = GnomeQuiet(state_file, GSettingsTool(env=env))

    with pytest.raises(QuietError, match="did not keep the change"):
        quiet.quiet()
    assert banners(env) is True
    quiet.restore()  # banners are on: nothing to give back, and the state is forgotten
    assert banners(env) is True
    assert not state_file.exists()


# ------------------------------------------------------------------- GNOME's rules, on a fake


class FakeSettings:
    def __init__(self, value: bool) -> None:
        self.value = value
        self.writes: list[bool] = []
        self.fail_writes = False

    def get_bool(self, schema: str, key: str) -> bool:
        assert (schema, key) == (SCHEMA, KEY)
        return self.value

    def set_bool(self, schema: str, key: str, value: bool) -> None:
        assert (schema, key) == (SCHEMA, KEY)
        if self.fail_writes:
            raise QuietError("gsettings gave no answer within 5 s")
        self.writes.append(value)
        self.value = value


def test_restore_without_quiet_changes_nothing(state_file: Path) -> None:
    settings = FakeSettings(False)
    GnomeQuiet(state_file, settings).restore()
    assert settings.writes == []
    assert not state_file.exists()


def test_a_choice_made_meanwhile_is_not_even_written_again(state_file: Path) -> None:
    settings = FakeSettings(False)
    quiet = GnomeQuiet(state_file, settings)
    quiet.quiet()
    settings.value = True  # the user
    quiet.restore()
    assert settings.writes == []
    assert not state_file.exists()


def test_a_state_left_while_banners_are_on_is_no_longer_boundarys(state_file: Path) -> None:
    settings = FakeSettings(True)
    GnomeQuiet(state_file, settings).quiet()  # crash; then the user turns banners on...
    settings.value = True
    settings.writes.clear()
    GnomeQuiet(state_file, settings).quiet()  # ... and the next evening starts
    assert settings.writes == [False]
    assert json.loads(state_file.read_text())["user_value"] is True


def test_a_failed_restore_keeps_the_state_for_the_next_try(state_file: Path) -> None:
    settings = FakeSettings(True)
    quiet = GnomeQuiet(state_file, settings)
    quiet.quiet()
    settings.fail_writes = True
    with pytest.raises(QuietError, match="no answer"):
        quiet.restore()
    assert state_file.exists()
    settings.fail_writes = False
    quiet.restore()
    assert settings.value is True
    assert not state_file.exists()


def test_banners_stay_on_when_the_users_value_cannot_be_saved(tmp_path: Path) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("a file where the data folder should be")
    settings = FakeSettings(True)
    with pytest.raises(QuietError, match=r"Cannot save your notification setting to .*data"):
        GnomeQuiet(blocker / "quiet-evenings.json", settings).quiet()
    assert settings.writes == []


def test_an_unreadable_state_file_is_kept_aside_and_reported(state_file: Path) -> None:
    state_file.parent.mkdir(parents=True)
    state_file.write_text("{not json")
    settings = FakeSettings(False)
    quiet = GnomeQuiet(state_file, settings)
    with pytest.raises(QuietError, match=r"quiet-evenings\.json could not be understood"):
        quiet.restore()
    assert state_file.with_name("quiet-evenings.json.unreadable").read_text() == "{not json"
    quiet.restore()  # nothing left to restore
    assert settings.writes == []


# --------------------------------------------------------------------------- the gsettings tool


def fake_gsettings(folder: Path, script: str) -> str:
    program = folder / "gsettings"
    program.write_text(f"#!/bin/sh\nPATH={os.defpath}\n{script}", encoding="utf-8")
    program.chmod(0o755)
    return str(program)


def test_gsettings_gets_its_arguments_without_a_shell(tmp_path: Path) -> None:
    log = tmp_path / "argv"
    program = fake_gsettings(tmp_path, f'{{ printf "%s|" "$@"; echo; }} >> {log}; echo true\n')
    tool = GSettingsTool(command=program)
    assert tool.get_bool(SCHEMA, KEY) is True
    tool.set_bool(SCHEMA, KEY, False)
    assert log.read_text().splitlines() == [
        f"get|{SCHEMA}|{KEY}|",
        f"set|{SCHEMA}|{KEY}|false|",
    ]


@pytest.mark.parametrize(
    ("script", "timeout", "message"),
    [
        ("echo 'No such schema “x”' >&2; exit 1\n", 5.0, "Cannot read .*: No such schema"),
        ("echo maybe\n", 5.0, "gave 'maybe' .* not true or false"),
        ("exec sleep 10\n", 0.3, "no answer within 0.3 s"),
    ],
    ids=["refused", "nonsense", "hangs"],
)
def test_gsettings_failures_are_explained(
    tmp_path: Path, script: str, timeout: float, message: str
) -> None:
    tool = GSettingsTool(command=fake_gsettings(tmp_path, script), timeout=timeout)
    with pytest.raises(QuietError, match=message):
        tool.get_bool(SCHEMA, KEY)


def test_a_missing_gsettings_names_its_package(tmp_path: Path) -> None:
    tool = GSettingsTool(command=str(tmp_path / "no-gsettings"))
    with pytest.raises(QuietError, match=r"libglib2\.0-bin"):
        tool.set_bool(SCHEMA, KEY, False)


# --------------------------------------------------------------------------- KDE Plasma


class FakePlasma:
    """Owns org.freedesktop.Notifications; answers Inhibit and UnInhibit as Plasma does."""

    def __init__(self, address: str, refuse_uninhibit: bool = False) -> None:
        self.refuse_uninhibit = refuse_uninhibit
        self.calls: list[tuple[str, tuple[Any, ...]]] = []
        self.senders: list[str] = []
        self._connection = open_dbus_connection(bus=address)
        reply = self._connection.send_and_get_reply(
            message_bus.RequestName(NOTIFICATIONS, DBusNameFlags.do_not_queue)
        )
        assert reply.body == (1,)  # primary owner
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._connection.sock.shutdown(socket.SHUT_RDWR)  # wakes the thread with an EOF
        self._thread.join()
        self._connection.close()

    def _serve(self) -> None:
        while True:
            try:
                call = self._connection.receive()
            except OSError:
                return
            if call.header.message_type != MessageType.method_call:
                continue
            member = call.header.fields[HeaderFields.member]
            self.calls.append((member, tuple(call.body)))
            self.senders.append(call.header.fields[HeaderFields.sender])
            if member == "Inhibit":
                reply = new_method_return(call, "u", (7,))
            elif member == "UnInhibit" and not self.refuse_uninhibit:
                reply = new_method_return(call)
            else:
                reply = new_error(call, "org.freedesktop.DBus.Error.UnknownMethod")
            self._connection.send(reply)


@pytest.fixture
def kde_bus(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    with private_bus({}) as address:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
        yield address


@pytest.fixture
def plasma(kde_bus: str) -> Iterator[FakePlasma]:
    server = FakePlasma(kde_bus)
    yield server
    server.stop()


def test_plasma_holds_notifications_back_while_the_connection_is_open(
    kde_bus: str, plasma: FakePlasma, state_file: Path
) -> None:
    quiet = detect(
        {"XDG_CURRENT_DESKTOP": "KDE", "DBUS_SESSION_BUS_ADDRESS": kde_bus}, state_file=state_file
    )
    assert isinstance(quiet, KdeQuiet)
    assert quiet.name == "KDE Plasma"

    quiet.quiet()
    quiet.quiet()  # idempotent: one inhibition
    assert plasma.calls == [("Inhibit", ("org.boundaryapp.Boundary", REASON, {}))]
    (client,) = plasma.senders
    assert on_bus(kde_bus, client)  # the connection stays open while quiet

    quiet.restore()
    assert plasma.calls[1:] == [("UnInhibit", (7,))]
    assert wait_until(lambda: not on_bus(kde_bus, client))
    quiet.restore()  # idempotent
    assert len(plasma.calls) == 2
    assert not state_file.exists()  # KDE needs no state: a crash closes the connection


def test_closing_the_connection_ends_it_even_when_uninhibit_fails(
    kde_bus: str, caplog: pytest.LogCaptureFixture
) -> None:
    server = FakePlasma(kde_bus, refuse_uninhibit=True)
    try:
        quiet = KdeQuiet(kde_bus)
        quiet.quiet()
        quiet.restore()  # no error for the user: the closed connection ends the inhibition
        (client, _) = server.senders
        assert wait_until(lambda: not on_bus(kde_bus, client))
    finally:
        server.stop()
    assert "UnInhibit: the notification server refused" in caplog.text


def test_without_a_notification_server_quiet_says_so(kde_bus: str) -> None:
    quiet = KdeQuiet(kde_bus)
    with pytest.raises(QuietError, match="no notification server"):
        quiet.quiet()
    assert not quiet.holding
    quiet.restore()  # safe: nothing was held


def test_without_a_session_bus_quiet_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    with pytest.raises(QuietError, match="no session bus"):
        KdeQuiet().quiet()


# --------------------------------------------------------------------------- detect


@pytest.fixture
def tools_path(tmp_path: Path) -> str:
    """A PATH with a `gsettings` on it, so that GNOME is usable here."""
    folder = tmp_path / "bin"
    folder.mkdir()
    fake_gsettings(folder, "echo true\n")
    return str(folder)


@pytest.mark.parametrize(
    ("environ", "name"),
    [
        ({"XDG_CURRENT_DESKTOP": "GNOME"}, "GNOME"),
        ({"XDG_CURRENT_DESKTOP": "ubuntu:GNOME"}, "GNOME"),
        ({"XDG_CURRENT_DESKTOP": "GNOME-Classic:GNOME"}, "GNOME"),
        ({"XDG_SESSION_DESKTOP": "gnome"}, "GNOME"),
        ({"XDG_CURRENT_DESKTOP": "KDE", "DBUS_SESSION_BUS_ADDRESS": "unix:path=/b"}, "KDE Plasma"),
        (
            {"DESKTOP_SESSION": "plasmawayland", "DBUS_SESSION_BUS_ADDRESS": "unix:path=/b"},
            "KDE Plasma",
        ),
        ({"KDE_FULL_SESSION": "true", "DBUS_SESSION_BUS_ADDRESS": "unix:path=/b"}, "KDE Plasma"),
    ],
)
def test_detect_finds_the_desktops_switch(
    tools_path: str, state_file: Path, environ: dict[str, str], name: str
) -> None:
    environ = environ | {"PATH": tools_path}
    quiet = detect(environ, state_file=state_file)
    assert quiet is not None
    assert quiet.name == name
    assert unsupported_reason(environ) == ""


def test_kde_finds_the_user_bus_when_it_is_not_announced(
    tools_path: str, state_file: Path, tmp_path: Path
) -> None:
    runtime = tmp_path / "runtime"
    runtime.mkdir()
    (runtime / "bus").touch()
    environ = {"XDG_CURRENT_DESKTOP": "KDE", "XDG_RUNTIME_DIR": str(runtime)}
    assert isinstance(detect(environ, state_file=state_file), KdeQuiet)


@pytest.mark.parametrize(
    ("environ", "reason"),
    [
        (
            {"XDG_CURRENT_DESKTOP": "XFCE"},
            "Your desktop (XFCE) has no do-not-disturb switch Boundary can use; "
            "only GNOME and KDE Plasma are supported.",
        ),
        (
            {"XDG_CURRENT_DESKTOP": "X-Cinnamon"},
            "Your desktop (X-Cinnamon) has no do-not-disturb switch Boundary can use; "
            "only GNOME and KDE Plasma are supported.",
        ),
        (
            {},
            "Boundary cannot tell which desktop this is (XDG_CURRENT_DESKTOP is not set); "
            "only GNOME and KDE Plasma are supported.",
        ),
        (
            {"XDG_CURRENT_DESKTOP": "GNOME", "PATH": "/nowhere"},
            "GNOME's do-not-disturb needs the gsettings tool, which is not installed "
            "(on Debian and Ubuntu it comes with libglib2.0-bin).",
        ),
        (
            {"XDG_CURRENT_DESKTOP": "KDE"},
            "KDE Plasma's do-not-disturb needs the session bus, and "
            "DBUS_SESSION_BUS_ADDRESS is not set.",
        ),
        (
            {
                "XDG_CURRENT_DESKTOP": "KDE",
                "KDE_SESSION_VERSION": "4",
                "DBUS_SESSION_BUS_ADDRESS": "unix:path=/b",
            },
            "KDE 4 cannot hold notifications back; KDE Plasma 5 or later can.",
        ),
    ],
    ids=["xfce", "cinnamon", "none", "gnome-without-gsettings", "kde-without-bus", "kde-4"],
)
def test_detect_explains_why_there_is_no_switch(
    tools_path: str, state_file: Path, environ: dict[str, str], reason: str
) -> None:
    environ = {"PATH": tools_path} | environ
    assert detect(environ, state_file=state_file) is None
    assert unsupported_reason(environ) == reason
