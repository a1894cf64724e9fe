"""Reading the integrations' settings from the document, naming every bad field (core)."""

from __future__ import annotations

import re
from typing import Any

from boundary_app.core.fields import FieldReader
from boundary_app.core.i18n import _
from boundary_app.core.integration_settings import CalendarRules, MailRules

CALENDAR_SOURCES = ("file", "url")
MAIL_SECURITY = ("imaps", "starttls")
MAX_FOLDERS = 10


def read_calendar(r: FieldReader, value: object) -> CalendarRules:
    table = r.table(value, "calendar", ("enabled", "source", "file", "pattern"))
    if table is None:
        return CalendarRules()
    base = CalendarRules()
    enabled = _flag(r, table, "calendar.enabled", base.enabled)
    source = _choice(r, table, "calendar.source", CALENDAR_SOURCES, base.source)
    file = _text(r, table, "calendar.file", base.file)
    pattern = _text(r, table, "calendar.pattern", base.pattern)
    try:
        re.compile(pattern)
    except re.error as exc:
        r.fail(
            "calendar.pattern",
            _('"{pattern}" is not a valid pattern ({reason})').format(pattern=pattern, reason=exc),
        )
    if enabled and source == "file" and not file.strip():
        r.fail("calendar.file", _('name the .ics file (or use source = "url")'))
    return CalendarRules(enabled, source, file, pattern)


def read_mail(r: FieldReader, value: object) -> MailRules:
    keys = ("enabled", "host", "port", "security", "user", "folders")
    table = r.table(value, "mail", keys)
    if table is None:
        return MailRules()
    base = MailRules()
    enabled = _flag(r, table, "mail.enabled", base.enabled)
    host = _text(r, table, "mail.host", base.host).strip()
    port = base.port
    if "port" in table:
        port = r.whole(table["port"], "mail.port", 1, 65535, unit="") or base.port
    security = _choice(r, table, "mail.security", MAIL_SECURITY, base.security)
    user = _text(r, table, "mail.user", base.user).strip()
    folders = base.folders
    if "folders" in table:
        items = r.list_of(table["folders"], "mail.folders")
        if items is not None:
            names = [r.text(item, f"mail.folders[{i}]") for i, item in enumerate(items)]
            folders = tuple(n.strip() for n in names if n is not None and n.strip())
            if not folders or len(folders) > MAX_FOLDERS:
                r.fail(
                    "mail.folders",
                    _('name 1 to {most} folders, like ["INBOX"]').format(most=MAX_FOLDERS),
                )
    if enabled and not host:
        r.fail("mail.host", _("name the mail server, like mail.example.org"))
    if enabled and not user:
        r.fail("mail.user", _("give the user name for the mail server"))
    return MailRules(enabled, host, port, security, user, folders)


def integrations_to_data(calendar: CalendarRules, mail: MailRules) -> dict[str, Any]:
    return {
        "calendar": {
            "enabled": calendar.enabled,
            "source": calendar.source,
            "file": calendar.file,
            "pattern": calendar.pattern,
        },
        "mail": {
            "enabled": mail.enabled,
            "host": mail.host,
            "port": mail.port,
            "security": mail.security,
            "user": mail.user,
            "folders": list(mail.folders),
        },
    }


def _flag(r: FieldReader, table: dict[str, Any], field: str, default: bool) -> bool:
    key = field.rsplit(".", 1)[1]
    if key not in table:
        return default
    value = r.flag(table[key], field)
    return default if value is None else value


def _text(r: FieldReader, table: dict[str, Any], field: str, default: str) -> str:
    key = field.rsplit(".", 1)[1]
    if key not in table:
        return default
    value = r.text(table[key], field)
    return default if value is None else value


def _choice(
    r: FieldReader, table: dict[str, Any], field: str, choices: tuple[str, ...], default: str
) -> str:
    text = _text(r, table, field, default).strip().lower()
    if text not in choices:
        r.fail(
            field,
            _('"{text}" is not one of {choices}').format(text=text, choices=", ".join(choices)),
        )
        return default
    return text
