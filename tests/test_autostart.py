"""Start at login: XDG autostart files for real, the macOS and Windows items against fakes."""

from __future__ import annotations

import configparser
import os
import plistlib
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from boundary_app.integrations import autostart
from boundary_app.integrations.autostart import (
    APPROVED_KEY,
    RUN_KEY,
    AutostartError,
    LaunchAgentAutostart,
    RunKeyAutostart,
    XdgAutostart,
    command_line,
    desktop_entry,
    launch_agent,
    run_value,
)
from boundary_app.integrations.autostart.common import looks_like_ours

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")


@pytest.fixture(autouse=True)
def system_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty stand-in for /etc/xdg, so the machine's own files play no part."""
    folder = tmp_path / "etc-xdg"
    folder.mkdir()
    monkeypatch.setenv("XDG_CONFIG_DIRS", str(folder))
    return folder


@pytest.fixture
def awkward_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An installed `boundary-app` script in a folder whose name has a space and a `$`."""
    bin_dir = tmp_path / "My Apps $HOME 100%" / "bin"
    bin_dir.mkdir(parents=True)
    script = bin_dir / "boundary-app"
    script.write_text("#!/bin/sh\n", encoding="utf-8")
    script.chmod(0o755)
    monkeypatch.setattr(sys, "executable", str(bin_dir / "python"))
    return script


def autostart_file() -> Path:
    return Path(os.environ["XDG_CONFIG_HOME"]) / "autostart" / "boundary-app.desktop"


def read_entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys keep their case
    parser.read_string(path.read_text(encoding="utf-8"))
    return parser["Desktop Entry"]


def split_exec(value: str) -> list[str]:
    """The Desktop Entry spec's reading of an Exec value, written out independently.

    First the string type's escapes (`\\s \\n \\t \\r \\\\`), then the quoting
    (inside double quotes a backslash escapes `"`, `` ` ``, `$` and itself), then
    the field code `%%`.
    """
    escapes = {"s": " ", "n": "\n", "t": "\t", "r": "\r", "\\": "\\"}
    text, i = "", 0
    while i < len(value):
        if value[i] == "\\" and i + 1 < len(value) and value[i + 1] in escapes:
            text += escapes[value[i + 1]]
            i += 2
        else:
            text += value[i]
            i += 1
    words: list[str] = []
    word: str | None = None
    i = 0
    while i < len(text):
        c = text[i]
        if c == " ":
            if word is not None:
                words.append(word)
            word = None
            i += 1
        elif c == '"':
            end = i + 1
            word = word or ""
            while text[end] != '"':
                if text[end] == "\\":
                    assert text[end + 1] in '"`$\\', f"stray backslash in {value!r}"
                    end += 1
                word += text[end]
                end += 1
            i = end + 1
        else:
            assert c not in "\"'\\><~|&;$*?#()`\t\n", f"unquoted {c!r} in {value!r}"
            word = (word or "") + c
            i += 1
    if word is not None:
        words.append(word)
    return [w.replace("%%", "%") for w in words]


# --------------------------------------------------------------------------- the command


def test_the_command_is_the_installed_script_beside_python(awkward_install: Path) -> None:
    assert command_line() == [str(awkward_install)]


def test_without_a_script_the_command_runs_the_module(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    python = tmp_path / "bin" / "python3"
    monkeypatch.setattr(sys, "executable", str(python))
    assert command_line() == [str(python), "-m", "boundary_app"]


def test_without_a_known_python_there_is_no_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "executable", "")
    with pytest.raises(AutostartError, match="Python's path is unknown"):
        command_line()


@pytest.mark.parametrize("platform", ["linux", "darwin", "win32"])
def test_a_bundle_starts_its_own_executable(
    platform: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PyInstaller's executable is Boundary, not Python: no `-m boundary_app` after it."""
    executable = (
        tmp_path / "boundary-app" / ("boundary-app.exe" if platform == "win32" else "boundary-app")
    )
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "platform", platform)
    monkeypatch.setattr(sys, "executable", str(executable))
    assert command_line() == [str(executable)]
    assert looks_like_ours([str(executable)])


def test_a_windows_bundle_starts_its_windowed_executable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "boundary-app"
    folder.mkdir()
    windowed = folder / "Boundary.exe"
    windowed.write_bytes(b"MZ")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(sys, "executable", str(folder / "boundary-app.exe"))
    assert command_line() == [str(windowed)]
    assert looks_like_ours([str(windowed)])


# --------------------------------------------------------------------------- XDG


@posix_only
def test_enable_writes_a_readable_autostart_entry() -> None:
    item = XdgAutostart()
    assert not item.is_enabled()

    item.enable()

    path = autostart_file()
    assert item.path == path
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    entry = read_entry(path)
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Boundary"
    assert entry["Icon"] == "org.boundaryapp.Boundary"  # the icon packaging/linux installs
    assert entry["Terminal"] == "false"
    assert entry["X-GNOME-Autostart-enabled"] == "true"
    assert entry["X-GNOME-Autostart-Delay"] == "5"
    assert entry["Categories"] == "Utility;"
    assert "Hidden" not in entry
    assert split_exec(entry["Exec"]) == command_line()
    assert item.is_enabled()
    assert item.item.where == "~/config/autostart/boundary-app.desktop"  # HOME is tmp/home
    assert item.describe() == "Starts at login from ~/config/autostart/boundary-app.desktop."
    assert [p.name for p in path.parent.iterdir()] == ["boundary-app.desktop"]  # no temp left


def test_disable_removes_the_entry() -> None:
    item = XdgAutostart()
    item.enable()
    item.disable()
    assert not autostart_file().exists()
    assert not item.is_enabled()
    assert item.describe().startswith("Does not start at login")
    item.disable()  # twice is fine


@pytest.mark.parametrize(
    "switch", ["Hidden=true", "X-GNOME-Autostart-enabled=false"], ids=["hidden", "gnome"]
)
def test_a_users_switched_off_entry_counts_as_off_and_is_left_alone(switch: str) -> None:
    path = autostart_file()
    path.parent.mkdir()
    text = f"[Desktop Entry]\nType=Application\nName=My Boundary\nExec=/usr/bin/env\n{switch}\n"
    path.write_text(text, encoding="utf-8")
    item = XdgAutostart()

    assert not item.is_enabled()
    assert "switched off" in item.describe()
    with pytest.raises(AutostartError, match=r"boundary-app\.desktop was not written by Boundary"):
        item.enable()
    item.disable()
    assert path.read_text(encoding="utf-8") == text


def test_our_entry_switched_off_by_the_desktop_is_switched_on_again() -> None:
    item = XdgAutostart()
    item.enable()
    path = autostart_file()
    path.write_text(path.read_text(encoding="utf-8") + "Hidden=true\n", encoding="utf-8")
    assert not item.is_enabled()

    item.enable()

    assert item.is_enabled()
    assert "Hidden" not in read_entry(path)


def test_a_users_own_working_entry_is_not_removed() -> None:
    path = autostart_file()
    path.parent.mkdir()
    text = "[Desktop Entry]\nType=Application\nName=Boundary\nExec=/opt/mine --debug\n"
    path.write_text(text, encoding="utf-8")
    item = XdgAutostart()

    assert item.is_enabled()
    item.enable()  # already starts: nothing to do
    with pytest.raises(AutostartError, match="not written by Boundary; leaving it alone"):
        item.disable()
    assert path.read_text(encoding="utf-8") == text


def test_an_entry_from_an_older_install_is_ours(tmp_path: Path) -> None:
    path = autostart_file()
    path.parent.mkdir()
    old = tmp_path / "old venv" / "bin" / "boundary-app"
    path.write_text(f'[Desktop Entry]\nName=Boundary\nExec="{old}"\n', encoding="utf-8")
    item = XdgAutostart()
    item.enable()
    assert split_exec(read_entry(path)["Exec"]) == command_line()
    item.disable()
    assert not path.exists()


def test_a_system_wide_entry_is_hidden_to_switch_it_off(system_config: Path) -> None:
    system = system_config / "autostart" / "boundary-app.desktop"
    system.parent.mkdir()
    system.write_text(desktop_entry(["/usr/bin/boundary-app"]), encoding="utf-8")
    item = XdgAutostart()
    assert item.is_enabled()
    assert "system-wide" in item.describe()

    item.disable()

    assert read_entry(autostart_file())["Hidden"] == "true"
    assert not item.is_enabled()
    item.enable()
    assert item.is_enabled()
    assert system.exists()


def test_an_unreadable_entry_is_reported_by_name() -> None:
    path = autostart_file()
    path.parent.mkdir()
    path.write_bytes(b"[Desktop Entry]\nName=\xff\n")
    with pytest.raises(AutostartError, match=r"could not read ~/config/autostart/boundary-app"):
        XdgAutostart().is_enabled()


def test_a_folder_that_cannot_be_used_is_reported_by_name(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "config"
    not_a_folder.write_text("", encoding="utf-8")  # even root cannot make a folder in a file
    with pytest.raises(AutostartError, match=r"could not read .*config/autostart/boundary-app"):
        XdgAutostart(config_home=not_a_folder).enable()


def test_a_failed_write_keeps_no_temp_file_and_names_the_file(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(src: object, dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(
        AutostartError,
        match=r"could not write ~/config/autostart/boundary-app\.desktop: Permission denied",
    ):
        XdgAutostart().enable()
    assert list(autostart_file().parent.iterdir()) == []


def test_the_real_registry_is_only_on_windows() -> None:
    if sys.platform == "win32":
        pytest.skip("this is Windows")
    with pytest.raises(AutostartError, match="exists only on Windows"):
        RunKeyAutostart().is_enabled()


def test_a_path_with_spaces_and_reserved_characters_is_quoted() -> None:
    command = ["/opt/My Apps/$HOME/boundary-app", "50%", 'say "hi" `now`', "back\\slash", "plain"]
    entry = desktop_entry(command)
    exec_line = next(line for line in entry.splitlines() if line.startswith("Exec="))
    assert exec_line == (
        'Exec="/opt/My Apps/\\\\$HOME/boundary-app" 50%% '
        '"say \\\\"hi\\\\" \\\\`now\\\\`" "back\\\\\\\\slash" plain'
    )
    assert split_exec(exec_line.removeprefix("Exec=")) == command


@posix_only
def test_enable_quotes_an_awkward_install_path(awkward_install: Path) -> None:
    XdgAutostart().enable()
    value = read_entry(autostart_file())["Exec"]
    assert value.startswith('"')
    assert split_exec(value) == [str(awkward_install)]


@posix_only
def test_desktop_file_validate_accepts_the_entry(awkward_install: Path) -> None:
    validator = shutil.which("desktop-file-validate")
    if validator is None:
        reason = "needs desktop-file-validate (Debian package desktop-file-utils)"
        if os.environ.get("BOUNDARY_REQUIRE_DESKTOP") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    XdgAutostart().enable()
    result = subprocess.run(
        [validator, str(autostart_file())], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout + result.stderr == ""


# --------------------------------------------------------------------------- macOS


def test_the_launch_agent_starts_the_command_once_per_login() -> None:
    command = ["/Applications/My Tools/boundary-app"]
    agent = plistlib.loads(launch_agent(command))
    assert agent == {
        "Label": "org.boundary-app.tray",
        "ProgramArguments": command,
        "RunAtLoad": True,
        "KeepAlive": False,
        "ProcessType": "Interactive",
        "LimitLoadToSessionType": "Aqua",
    }


def test_the_launch_agent_is_written_and_removed(tmp_path: Path) -> None:
    folder = tmp_path / "Library" / "LaunchAgents"
    item = LaunchAgentAutostart(folder)
    assert not item.is_enabled()

    item.enable()

    path = folder / "org.boundary-app.tray.plist"
    assert plistlib.loads(path.read_bytes())["ProgramArguments"] == command_line()
    if sys.platform != "win32":
        assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert item.is_enabled()
    assert "next login" in item.describe()
    item.disable()
    assert not path.exists()
    assert not item.is_enabled()


def test_the_default_launch_agents_folder_is_in_home(user_dirs: Path) -> None:
    item = LaunchAgentAutostart()
    assert item.path == user_dirs / "Library" / "LaunchAgents" / "org.boundary-app.tray.plist"
    assert item.item.where == "~/Library/LaunchAgents/org.boundary-app.tray.plist"


def test_a_foreign_or_broken_plist_is_left_alone(tmp_path: Path) -> None:
    item = LaunchAgentAutostart(tmp_path)
    item.path.write_bytes(plistlib.dumps({"Label": "com.example.other"}))
    with pytest.raises(AutostartError, match="was not written by Boundary"):
        item.disable()
    with pytest.raises(AutostartError, match="was not written by Boundary"):
        item.enable()
    item.path.write_bytes(b"not a plist")
    with pytest.raises(AutostartError, match="not a property list"):
        item.enable()
    assert item.path.read_bytes() == b"not a plist"
    assert "unknown" in item.describe()


# --------------------------------------------------------------------------- Windows


class FakeRegistry:
    """HKEY_CURRENT_USER as a dict of (key, name) -> (value, type)."""

    def __init__(self) -> None:
        self.values: dict[tuple[str, str], tuple[object, int]] = {}
        self.broken = False

    def get(self, key: str, name: str) -> tuple[object, int] | None:
        if self.broken:
            raise PermissionError(13, "Access is denied")
        return self.values.get((key, name))

    def set(self, key: str, name: str, value: str | bytes, kind: int) -> None:
        if self.broken:
            raise PermissionError(13, "Access is denied")
        self.values[key, name] = (value, kind)

    def delete(self, key: str, name: str) -> None:
        if self.broken:
            raise PermissionError(13, "Access is denied")
        self.values.pop((key, name), None)


SWITCHED_OFF = b"\x03\x00\x00\x00" + bytes.fromhex("a0b1c2d3e4f5d901")  # + when (FILETIME)


def test_run_value_quotes_a_path_with_spaces() -> None:
    command = [r"C:\Program Files\Python311\pythonw.exe", "-m", "boundary_app"]
    assert run_value(command) == r'"C:\Program Files\Python311\pythonw.exe" -m boundary_app'


def test_the_run_value_is_written_and_removed() -> None:
    registry = FakeRegistry()
    item = RunKeyAutostart(registry)
    assert not item.is_enabled()

    item.enable()

    assert registry.values == {(RUN_KEY, "Boundary"): (run_value(command_line()), 1)}
    assert item.is_enabled()
    assert item.describe().startswith("Starts at login")
    item.disable()
    assert registry.values == {}
    assert not item.is_enabled()


@pytest.mark.parametrize("flag", [SWITCHED_OFF, b"\x07" + bytes(11)], ids=["0x03", "0x07"])
def test_switched_off_in_task_manager_is_off_until_enabled_again(flag: bytes) -> None:
    registry = FakeRegistry()
    item = RunKeyAutostart(registry)
    item.enable()
    registry.values[APPROVED_KEY, "Boundary"] = (flag, 3)

    assert not item.is_enabled()
    assert "turned off in Task Manager's Startup apps; turn it on there" in item.describe()

    item.enable()

    assert registry.values[APPROVED_KEY, "Boundary"] == (b"\x02" + bytes(11), 3)
    assert item.is_enabled()
    item.disable()
    assert registry.values == {}


def test_an_approved_flag_that_is_on_counts_as_on() -> None:
    registry = FakeRegistry()
    item = RunKeyAutostart(registry)
    item.enable()
    registry.values[APPROVED_KEY, "Boundary"] = (b"\x06" + bytes(11), 3)
    assert item.is_enabled()


def test_a_registry_that_refuses_is_reported_by_key() -> None:
    registry = FakeRegistry()
    registry.broken = True
    item = RunKeyAutostart(registry)
    with pytest.raises(
        AutostartError, match=r"could not write HKEY_CURRENT_USER\\.*\\Run\\Boundary"
    ):
        item.enable()
    assert "Access is denied" in item.describe()


# --------------------------------------------------------------------------- choosing


@pytest.mark.parametrize(
    ("platform", "kind"),
    [
        ("linux", XdgAutostart),
        ("freebsd14", XdgAutostart),
        ("darwin", LaunchAgentAutostart),
        ("win32", RunKeyAutostart),
    ],
)
def test_each_platform_gets_its_own_login_item(
    platform: str, kind: type, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "platform", platform)
    assert isinstance(autostart.for_this_platform(), kind)


def test_an_unknown_platform_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "sunos5")
    with pytest.raises(AutostartError, match="not supported on sunos5"):
        autostart.for_this_platform()
