"""An idle tray app carries only the code it uses: no network stack without calendar or mail."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

# A user start (`boot.start`, as `boundary-app --pretend-now 2027-01-09T12:00` makes it) that,
# once the app has settled, prints the loaded modules and quits.
START = """
import sys
from datetime import datetime

from boundary_app.app import boot, composition

run_shell = composition.run_shell


def run_then_report(app, icon, options):
    from PySide6.QtCore import QTimer

    def report():
        names = sorted(sys.modules)
        import json

        print(json.dumps(names), flush=True)
        app.exit(0)

    QTimer.singleShot(1500, report)  # well after the rest (scheduler, calendar, mail) loaded
    return run_shell(app, icon, options)


composition.run_shell = run_then_report
sys.exit(boot.start(boot.StartOptions(pretend_now=datetime(2027, 1, 9, 12, 0))))
"""

NOT_AT_IDLE = (
    "ssl",
    "http.client",
    "urllib.request",
    "email",
    "imaplib",
    "fractions",
    "concurrent.futures",
    "asyncio",  # nothing here runs an event loop but Qt's
    "multiprocessing",
    "boundary_app.integrations.feed_fetch",
    "boundary_app.integrations.mail_count",
    "boundary_app.core.week_report",
)


def test_an_idle_start_without_calendar_or_mail_loads_no_network_code(user_dirs: Path) -> None:
    settings = user_dirs / "config" / "boundary-app" / "config.toml"
    settings.parent.mkdir(mode=0o700)
    settings.write_text('timezone = "America/New_York"\n', encoding="utf-8")
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",  # never the real keyring
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    done = subprocess.run(
        [sys.executable, "-c", START],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    loaded = set(json.loads(done.stdout.strip().splitlines()[-1]))
    # The start went all the way (a Saturday at noon: nothing to fetch or count).
    assert {"boundary_app.app.calendar_sync", "boundary_app.app.mail_check"} <= loaded
    assert [name for name in NOT_AT_IDLE if name in loaded] == []
