"""Shared test set-up: Qt offscreen, user folders under a temp path, a memory keyring, English."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

from tests.user_folders import user_folders

if TYPE_CHECKING:
    from boundary_app.storage.journal import Journal

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Config, data and runtime folders of a fresh user, inside `tmp_path`."""
    home = tmp_path / "home"
    for name, folder in user_folders(home).items():
        monkeypatch.setenv(name, folder)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("TZ", "America/New_York")
    return home


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """English and the 24-hour clock, whatever this machine's language (and for children)."""
    from boundary_app.core import i18n

    monkeypatch.setenv("LANGUAGE", "en")
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    i18n.reset()
    yield
    i18n.reset()


@pytest.fixture
def journal(user_dirs: Path) -> Iterator[Journal]:
    """A fresh journal in the user's data folder, as the app opens it."""
    from boundary_app.storage import paths
    from boundary_app.storage.journal import open_journal

    opened = open_journal(paths.journal_path(), now=datetime.now(UTC))
    assert opened.notice is None
    yield opened.journal
    opened.journal.close()


class MemoryKeyring(KeyringBackend):
    """A keyring in a dict: no test ever reads or writes the real one."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.kept: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.kept.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.kept[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.kept.pop((service, username), None) is None:
            raise PasswordDeleteError("not there")


@pytest.fixture(autouse=True)
def ring() -> Iterator[MemoryKeyring]:
    """The keyring every test sees: empty, in memory."""
    before = keyring.get_keyring()
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    yield memory
    keyring.set_keyring(before)
