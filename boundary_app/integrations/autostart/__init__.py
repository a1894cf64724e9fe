"""Start at login, opt-in, on Linux/BSD, macOS and Windows; the public API (integrations).

Each platform has its own place for a login item, and its own module here:

- `xdg`: XDG desktops (GNOME, KDE, Xfce, ...), a desktop entry in
  `$XDG_CONFIG_HOME/autostart`.
- `launchd`: macOS, a LaunchAgent plist in `~/Library/LaunchAgents`. Writing it is
  enough: launchd reads the folder at the next login. Nothing calls `launchctl`, because
  Boundary is already running when the user turns this on and must not be started twice.
- `windows`: a value under HKCU's `Run` key, plus the `StartupApproved` flag that Task
  Manager's "Startup apps" page writes when the user switches an app off there.
- `common`: the command they all start, the error they raise, the atomic write.

Only files and values that Boundary wrote (or that look like its own) are changed or
removed; anything else under its name is reported, not overwritten. Qt-free.
"""

from __future__ import annotations

import sys

from boundary_app.integrations.autostart.common import (
    APP_COMMAND,
    MODULE,
    Autostart,
    AutostartError,
    LoginItem,
    command_line,
)
from boundary_app.integrations.autostart.launchd import (
    AGENT_LABEL,
    LaunchAgentAutostart,
    launch_agent,
)
from boundary_app.integrations.autostart.windows import (
    APPROVED_KEY,
    APPROVED_ON,
    REG_BINARY,
    REG_SZ,
    RUN_KEY,
    RUN_VALUE,
    TASK_MANAGER_OFF,
    Registry,
    RunKeyAutostart,
    WindowsRegistry,
    run_value,
)
from boundary_app.integrations.autostart.xdg import (
    DESKTOP_FILE,
    DESKTOP_NAME,
    XdgAutostart,
    desktop_entry,
    desktop_exec,
)

__all__ = [
    "AGENT_LABEL",
    "APPROVED_KEY",
    "APPROVED_ON",
    "APP_COMMAND",
    "DESKTOP_FILE",
    "DESKTOP_NAME",
    "MODULE",
    "REG_BINARY",
    "REG_SZ",
    "RUN_KEY",
    "RUN_VALUE",
    "TASK_MANAGER_OFF",
    "Autostart",
    "AutostartError",
    "LaunchAgentAutostart",
    "LoginItem",
    "Registry",
    "RunKeyAutostart",
    "WindowsRegistry",
    "XdgAutostart",
    "command_line",
    "desktop_entry",
    "desktop_exec",
    "for_this_platform",
    "launch_agent",
    "run_value",
]


def for_this_platform() -> Autostart:
    """The login item of the system Boundary runs on."""
    if sys.platform == "win32":
        return RunKeyAutostart()
    if sys.platform == "darwin":
        return LaunchAgentAutostart()
    if sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd", "dragonfly")):
        return XdgAutostart()
    raise AutostartError(f"starting at login is not supported on {sys.platform}")
