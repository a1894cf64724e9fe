"""Checks, saves and applies what the settings window edits (app).

The window hands over a whole document; this checks it with the same rules
and messages as `check-config`, writes only what changed into the file
(keeping the user's comments and layout), and applies it at once: the plan,
the tray's tooltip and the next nudge follow before the window closes.
"""

from __future__ import annotations

import logging
import os
import tomllib
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from boundary_app.app.controller import Controller
from boundary_app.core.fields import Problem, SettingsError
from boundary_app.core.i18n import _
from boundary_app.core.settings import Settings
from boundary_app.core.settings_document import Document, apply_edits, effective_document
from boundary_app.core.settings_schema import parse_settings
from boundary_app.integrations.autostart import Autostart, AutostartError
from boundary_app.storage.atomic import stamped_name
from boundary_app.storage.secrets import CALENDAR_URL, Secrets, SecretsUnavailable, mail_key
from boundary_app.storage.settings_writer import save_document
from boundary_app.storage.system_zone import system_zone

log = logging.getLogger(__name__)


class SettingsEditor(QObject):
    applied = Signal(object)  # the new Settings, saved and in force
    secrets_changed = Signal()  # a new address or password is in the keyring

    def __init__(
        self,
        controller: Controller,
        settings_path: Path,
        data_folder: Path,
        autostart: Autostart | None,
        secrets: Secrets | None = None,
    ) -> None:
        super().__init__()
        self._secrets = secrets or Secrets()
        self._controller = controller
        self.settings_path = settings_path
        self.data_folder = data_folder
        self._autostart = autostart

    # -- the document --------------------------------------------------------------

    def document(self) -> Document:
        """The settings in force, every value spelled out, for the window to show."""
        return effective_document(self._controller.settings)

    def defaults(self) -> Document:
        return effective_document(Settings(zone=self._controller.settings.zone))

    def settings(self) -> Settings:
        return self._controller.settings

    def now(self) -> datetime:
        return self._controller.now()

    def system_zone_name(self) -> str:
        return system_zone().key

    def check(self, document: Document) -> list[Problem]:
        """The problems `check-config` would report for this document (none: it is fine)."""
        try:
            parse_settings(document, system_zone=system_zone())
        except SettingsError as exc:
            return list(exc.problems)
        return []

    def apply(self, edited: Document) -> list[Problem]:
        """Check, save and apply `edited`; the problems when it cannot be (nothing saved then).

        What is checked is what the file will hold: the file's own document
        with the edits in it (a built-in lunch left alone stays built in, and
        fits itself to the hours).
        """
        before = self.document()
        if edited == before:
            return []
        original, readable = self._file_document()
        wanted = apply_edits(original, before, edited)
        try:
            settings = parse_settings(wanted, system_zone=system_zone())
        except SettingsError as exc:
            return list(exc.problems)
        try:
            if not readable:
                kept = stamped_name(self.settings_path, "broken", self._controller.now())
                os.replace(self.settings_path, kept)
                log.warning("the settings file did not read as TOML; kept as %s", kept)
            save_document(self.settings_path, wanted)
        except OSError as exc:
            return [Problem("", _("The settings could not be saved: {reason}").format(reason=exc))]
        log.info("settings saved from the settings window")
        self._controller.apply_settings(settings)
        self.applied.emit(settings)
        return []

    def _file_document(self) -> tuple[Document, bool]:
        """What the file holds now, and whether it read as TOML (if not: start afresh)."""
        try:
            text = self.settings_path.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            return {}, True
        except (OSError, UnicodeDecodeError):
            return {}, False
        try:
            return tomllib.loads(text), True
        except tomllib.TOMLDecodeError:
            return {}, False

    def export_to(self, target: Path, document: Document) -> None:
        """Write the settings as shown to another file (a backup, or for another computer)."""
        save_document(target, document)

    def quiet_support(self) -> str:
        """Why quiet evenings cannot work on this desktop ("" when they can)."""
        from boundary_app.integrations.quiet_evenings import unsupported_reason

        return unsupported_reason()

    # -- secrets (the keyring, never the file) --------------------------------------

    def calendar_url(self) -> str:
        """The kept calendar address, or "" (none kept, or no keyring)."""
        try:
            return self._secrets.get(CALENDAR_URL) or ""
        except SecretsUnavailable:
            return ""

    def mail_password(self, user: str, host: str) -> str:
        try:
            return self._secrets.get(mail_key(user, host)) or ""
        except SecretsUnavailable:
            return ""

    def keyring_problem(self) -> str:
        """Why secrets cannot be kept here ("" when they can)."""
        try:
            self._secrets.get(CALENDAR_URL)
        except SecretsUnavailable as exc:
            return str(exc)
        return ""

    def keep_secrets(self, calendar_url: str, mail: tuple[str, str, str] | None) -> str | None:
        """Keep what was typed (an address; a user, host and password); None, or why not."""
        try:
            if calendar_url:
                self._secrets.set(CALENDAR_URL, calendar_url)
            if mail is not None and mail[2]:
                user, host, password = mail
                self._secrets.set(mail_key(user, host), password)
        except SecretsUnavailable as exc:
            return str(exc)
        if calendar_url or (mail is not None and mail[2]):
            self.secrets_changed.emit()
        return None

    # -- start at login ------------------------------------------------------------

    @property
    def autostart_available(self) -> bool:
        return self._autostart is not None

    def autostart_state(self) -> tuple[bool, str]:
        """Whether Boundary starts at login, and where that is set (for the user)."""
        if self._autostart is None:
            return False, _("Starting at login is not supported on this system.")
        try:
            return self._autostart.is_enabled(), self._autostart.describe()
        except AutostartError as exc:
            return False, str(exc)

    def set_autostart(self, enabled: bool) -> str | None:
        """Turn starting at login on or off; None when done, else why not."""
        if self._autostart is None:
            return _("Starting at login is not supported on this system.")
        try:
            if enabled:
                self._autostart.enable()
            else:
                self._autostart.disable()
        except AutostartError as exc:
            return str(exc)
        return None
