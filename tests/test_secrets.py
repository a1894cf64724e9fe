"""Secrets live in the OS keyring only: an in-memory one for speed, GNOME Keyring for real."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from boundary_app.storage.secrets import CALENDAR_URL, Secrets, SecretsUnavailable, masked
from tests.conftest import MemoryKeyring

URL = "https://calendar.google.com/calendar/ical/private-4f8a1c9e2b7d/basic.ics"


def test_a_secret_is_kept_read_and_forgotten(ring: MemoryKeyring) -> None:
    secrets = Secrets()
    assert secrets.get(CALENDAR_URL) is None
    secrets.set(CALENDAR_URL, URL)
    assert ring.kept == {("boundary-app", "calendar-url"): URL}
    assert secrets.get(CALENDAR_URL) == URL
    secrets.delete(CALENDAR_URL)
    secrets.delete(CALENDAR_URL)  # forgetting twice is fine
    assert secrets.get(CALENDAR_URL) is None


def test_without_a_keyring_the_user_is_told_and_nothing_is_kept_elsewhere(
    tmp_path: Path,
) -> None:
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        with pytest.raises(SecretsUnavailable, match="No keyring is available"):
            Secrets().set(CALENDAR_URL, URL)
        with pytest.raises(SecretsUnavailable, match="will not store it anywhere else"):
            Secrets().get(CALENDAR_URL)
    finally:
        keyring.set_keyring(before)
    home = Path(os.environ["HOME"])
    for path in home.rglob("*"):
        if path.is_file():
            assert URL.encode() not in path.read_bytes(), path


@pytest.mark.parametrize(
    ("secret", "shown"),
    [
        (URL, "https://calendar.google.com/\u2026.ics"),
        ("https://user:pw@example.org/feed/abcd1234", "https://example.org/\u20261234"),
        ("hunter2", "\u2022" * 8),
        ("a-long-password-here", "\u2026here"),
    ],
)
def test_secrets_are_shown_masked(secret: str, shown: str) -> None:
    assert masked(secret) == shown
    assert "private-4f8a1c9e2b7d" not in masked(secret)


GNOME_KEYRING_SCRIPT = """
import sys
import keyring
from keyring.backends.SecretService import Keyring
keyring.set_keyring(Keyring())
from boundary_app.storage.secrets import Secrets
secrets = Secrets()
secrets.set("calendar-url", sys.argv[1])
print(secrets.get("calendar-url"))
print(secrets.backend())
"""


@pytest.mark.skipif(
    shutil.which("gnome-keyring-daemon") is None or shutil.which("dbus-run-session") is None,
    reason="needs gnome-keyring-daemon and dbus-run-session (Debian: gnome-keyring, dbus-bin)",
)
def test_a_real_gnome_keyring_keeps_the_address_encrypted(tmp_path: Path) -> None:
    home = tmp_path / "keyring-home"
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_RUNTIME_DIR": str(home / "run"),
        "PYTHONPATH": str(Path(__file__).resolve().parents[1]),
    }
    for folder in ("data", "config", "run"):
        (home / folder).mkdir(parents=True, mode=0o700)
    script = tmp_path / "keep.py"
    script.write_text(GNOME_KEYRING_SCRIPT, encoding="utf-8")
    inner = (
        "echo -n test-password | gnome-keyring-daemon --unlock --components=secrets"
        f" >/dev/null && {sys.executable} {script} '{URL}'"
    )
    run = subprocess.run(
        ["dbus-run-session", "--", "sh", "-c", inner],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    got, backend = run.stdout.strip().splitlines()[-2:]
    assert got == URL
    assert "SecretService" in backend
    stored = list((home / "data" / "keyrings").glob("*.keyring"))
    assert stored, "GNOME Keyring wrote no keyring file"
    for path in home.rglob("*"):
        if path.is_file():
            assert b"private-4f8a1c9e2b7d" not in path.read_bytes(), f"plain secret in {path}"
