"""The time zone this computer is set to, as an IANA zone (storage)."""

from __future__ import annotations

import logging
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import tzlocal

log = logging.getLogger(__name__)


def system_zone(*, fresh: bool = False) -> ZoneInfo:
    """The system's IANA zone; UTC (with a logged warning) if it cannot be told.

    `fresh` reads the system settings again instead of the cached answer, to
    notice a zone change while the app runs.
    """
    try:
        if fresh:
            tzlocal.reload_localzone()
        name = tzlocal.get_localzone_name()
        if name:
            return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError, LookupError) as exc:
        log.warning("Could not tell the system time zone (%s); using UTC", exc)
        return ZoneInfo("UTC")
    log.warning("The system time zone has no IANA name; using UTC")
    return ZoneInfo("UTC")
