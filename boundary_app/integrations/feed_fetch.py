"""Fetching a calendar feed safely, with a last good copy on disk (integrations layer, Qt-free).

Blocking; the app calls `fetch_feed` on a worker thread. Remote feeds are https only (their
address usually carries a private key), TLS is always verified, bodies are size-capped, and
any failure falls back to the last copy that passed validation. A feed address is never
written in full to a message or a log: its path and query are the secret, so `masked()`
shows the host and the last path part only. The download itself is `feed_download`,
loaded only for a remote feed: a calendar file never loads the network code.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from boundary_app.integrations.files import replace_file

if TYPE_CHECKING:  # the network code (`feed_download`) loads only for a download
    import ssl

log = logging.getLogger(__name__)

MAX_BYTES = 10 * 1024 * 1024
_LONG_NAME = 24  # a last path part longer than this is probably a key, not a file name


class FetchError(Exception):
    """No calendar data at all: the fetch failed and no good copy is kept. Plain words."""


class _Failure(Exception):
    """Why one attempt failed, as a phrase for the user ("timed out after 20 s")."""


@dataclass(frozen=True)
class FeedSource:
    """Where a calendar comes from: an https:// address, a file:// URL or a local path."""

    url: str

    def masked(self) -> str:
        """The address safe to show or log: host and last path part, or the file name."""
        text = self.url.strip()
        scheme = _scheme(text)
        if scheme in ("", "file"):
            name = re.split(r"[\\/]", _local_path_text(text).rstrip("/\\"))[-1]
            return name or "the calendar file"
        parts = urlsplit(text)
        host = parts.hostname or "?"
        with contextlib.suppress(ValueError):
            if parts.port is not None:
                host = f"{host}:{parts.port}"
        segments = [s for s in parts.path.split("/") if s]
        if not segments:
            return f"{scheme}://{host}/"
        last = segments[-1]
        stem, dot, ext = last.rpartition(".")
        if not dot:
            stem, ext = last, ""
        if len(stem) > _LONG_NAME:
            last = "…" + (f".{ext}" if dot else "")
        return f"{scheme}://{host}/{last}" if len(segments) == 1 else f"{scheme}://{host}/…/{last}"

    def cache_key(self) -> str:
        """A name for this source's cache folder that does not reveal the address."""
        return hashlib.sha256(self.url.strip().encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True)
class CachedFeed:
    data: bytes
    fetched_at: datetime
    etag: str | None
    last_modified: str | None


@dataclass(frozen=True)
class FetchResult:
    """The calendar bytes to use. `warning` is set when a refresh failed and an old copy is used."""

    data: bytes
    changed: bool
    from_cache: bool
    warning: str | None


class FeedCache:
    """The last good copy of one feed: `feed.body` plus a small `feed.json` sidecar.

    Give each source its own folder (`FeedSource.cache_key()` names one): the cached
    validators are sent to whatever address is fetched with this cache.
    """

    BODY = "feed.body"
    META = "feed.json"

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def load(self) -> CachedFeed | None:
        """The stored copy, or None. A sidecar that does not match the body is ignored
        (the copy is still good; it is just fetched unconditionally next time)."""
        body = self.folder / self.BODY
        try:
            data = body.read_bytes()
            modified = datetime.fromtimestamp(body.stat().st_mtime, UTC)
        except FileNotFoundError:
            return None
        except OSError as exc:
            log.warning("the saved calendar copy cannot be read: %s", exc.strerror or exc)
            return None
        meta = self._read_meta()
        if meta is None or meta.get("sha256") != hashlib.sha256(data).hexdigest():
            return CachedFeed(data, modified, None, None)
        try:
            fetched_at = datetime.fromisoformat(str(meta["fetched_at"]))
        except (KeyError, ValueError):
            fetched_at = modified
        if fetched_at.tzinfo is None:
            fetched_at = modified
        return CachedFeed(
            data, fetched_at, _text_or_none(meta, "etag"), _text_or_none(meta, "last_modified")
        )

    def store(self, feed: CachedFeed) -> None:
        """Save `feed` atomically (body first, then the sidecar that vouches for it).

        Raises OSError when the folder cannot be written."""
        if feed.fetched_at.tzinfo is None:
            raise ValueError("fetched_at must be timezone-aware")
        meta = {
            "fetched_at": feed.fetched_at.isoformat(),
            "etag": feed.etag,
            "last_modified": feed.last_modified,
            "sha256": hashlib.sha256(feed.data).hexdigest(),
            "size": len(feed.data),
        }
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.folder.chmod(0o700)
        replace_file(self.folder / self.BODY, feed.data, 0o600)
        replace_file(self.folder / self.META, json.dumps(meta, indent=1).encode("utf-8"), 0o600)

    def clear(self) -> None:
        for name in (self.META, self.BODY):
            (self.folder / name).unlink(missing_ok=True)

    def _read_meta(self) -> dict[str, object] | None:
        try:
            meta = json.loads((self.folder / self.META).read_bytes())
        except (OSError, ValueError):
            return None
        return meta if isinstance(meta, dict) else None


def fetch_feed(
    source: FeedSource,
    cache: FeedCache,
    *,
    now: datetime,
    timeout: float = 20.0,
    max_bytes: int = MAX_BYTES,
    context: ssl.SSLContext | None = None,
    validate: Callable[[bytes], None] | None = None,
) -> FetchResult:
    """Fetch `source`; on failure fall back to the cached copy with a warning.

    `validate` raises ValueError when the bytes are not a usable calendar. Raises
    FetchError when nothing usable is available. Local files bypass the cache.
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    masked = source.masked()
    text = source.url.strip()
    if _scheme(text) in ("", "file"):
        try:
            data = _read_file(text, max_bytes)
            _check(data, validate)
        except _Failure as failure:
            log.warning("calendar file %s: %s", masked, failure)
            raise FetchError(f"Could not read the calendar file {masked}: {failure}.") from None
        return FetchResult(data, changed=True, from_cache=False, warning=None)

    cached = cache.load()
    try:
        url = _https_url(text)
        from boundary_app.integrations import feed_download  # here: ssl and http load only now

        try:
            answer = feed_download.download(url, cached, timeout, max_bytes, context)
        except feed_download.DownloadFailed as failure:
            raise _Failure(str(failure)) from None
        if answer is None:
            if cached is None:
                raise _Failure("the server said nothing changed, but no copy is saved")
            log.info("calendar feed %s: not modified", masked)
            _keep(cache, CachedFeed(cached.data, now, cached.etag, cached.last_modified))
            return FetchResult(cached.data, changed=False, from_cache=True, warning=None)
        data, etag, last_modified = answer
        _check(data, validate)
    except _Failure as failure:
        log.warning("calendar feed %s: %s", masked, failure)
        if cached is None:
            raise FetchError(f"Could not load the calendar from {masked}: {failure}.") from None
        when = _copy_time(cached.fetched_at, now)
        warning = f"Could not refresh the calendar ({failure}); using the copy from {when}."
        return FetchResult(cached.data, changed=False, from_cache=True, warning=warning)
    log.info("calendar feed %s: fetched %d bytes", masked, len(data))
    _keep(cache, CachedFeed(data, now, etag, last_modified))
    changed = cached is None or cached.data != data
    return FetchResult(data, changed=changed, from_cache=False, warning=None)


def _https_url(text: str) -> str:
    scheme = _scheme(text)
    if scheme in ("webcal", "webcals"):  # what calendar apps publish; it means https here
        return "https" + text[len(scheme) :]
    if scheme == "https":
        return text
    if scheme == "http":
        raise _Failure(
            "the address starts with http:// and would send the calendar's private key"
            " unencrypted; use its https:// address"
        )
    raise _Failure("only https:// addresses and calendar files can be used")


def _read_file(text: str, max_bytes: int) -> bytes:
    path = Path(_local_path_text(text)).expanduser()
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise _Failure("it is not a file")
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise _Failure("the file does not exist") from None
    except PermissionError:
        raise _Failure("permission denied") from None
    except OSError as exc:
        raise _Failure((exc.strerror or "it cannot be read").lower()) from None
    if len(data) > max_bytes:
        raise _Failure(f"the file is larger than {size_text(max_bytes)}")
    return data


def _check(data: bytes, validate: Callable[[bytes], None] | None) -> None:
    if validate is None:
        return
    try:
        validate(data)
    except ValueError:
        # The parser's own message may quote the feed (client names): keep it out.
        raise _Failure("what came back is not a calendar") from None


def _keep(cache: FeedCache, feed: CachedFeed) -> None:
    try:
        cache.store(feed)
    except OSError as exc:
        log.warning("the calendar copy could not be saved: %s", exc.strerror or exc)


def _scheme(text: str) -> str:
    """The lower-case URL scheme; "" for a plain path (a Windows drive letter is not one)."""
    match = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", text)
    if match is None or len(match.group(1)) == 1:
        return ""
    return match.group(1).lower()


def _local_path_text(text: str) -> str:
    if _scheme(text) != "file":
        return text
    parts = urlsplit(text)
    if parts.netloc not in ("", "localhost"):
        return "//" + parts.netloc + _url2pathname(parts.path)
    return _url2pathname(parts.path)


def _url2pathname(path: str) -> str:
    """What `urllib.request.url2pathname` does, without loading urllib.request's network code."""
    if os.name == "nt":
        from nturl2path import url2pathname

        return url2pathname(path)
    return unquote(path)


def _copy_time(fetched_at: datetime, now: datetime) -> str:
    local = fetched_at.astimezone(now.tzinfo)
    days = (now.date() - local.date()).days
    clock = local.strftime("%H:%M")
    if days == 0:
        return clock
    if days == 1:
        return f"yesterday {clock}"
    day = f"{local.day} {local.strftime('%b')}"
    if local.year != now.year:
        day += f" {local.year}"
    return f"{day} {clock}"


def size_text(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):g} MB"
    if n >= 1024:
        return f"{n / 1024:g} KB"
    return f"{n} bytes"


def _text_or_none(meta: dict[str, object], key: str) -> str | None:
    value = meta.get(key)
    return value if isinstance(value, str) and value else None
