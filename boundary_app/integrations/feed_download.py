"""Downloading a calendar feed over https: the network half of `feed_fetch` (integrations).

Loaded only when a feed is downloaded, so that an app without a remote
calendar never loads ssl, http.client and urllib.request. Only https, TLS
always verified, redirects followed by hand (https targets only), the body
read against a size cap and a deadline. Failures are told in plain words,
never with the exception's own text (it may hold the feed's private address).
"""

from __future__ import annotations

import http.client
import socket
import ssl
import time
import urllib.error
import urllib.request
from http import HTTPStatus
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from boundary_app.integrations.feed_fetch import size_text

if TYPE_CHECKING:
    from boundary_app.integrations.feed_fetch import CachedFeed

_CHUNK = 64 * 1024
_MAX_REDIRECTS = 5
_REDIRECTS = (301, 302, 303, 307, 308)


class DownloadFailed(Exception):
    """Why a download failed, as a phrase for the user ("timed out after 20 s")."""


def download(
    url: str,
    cached: CachedFeed | None,
    timeout: float,
    max_bytes: int,
    context: ssl.SSLContext | None = None,
) -> tuple[bytes, str | None, str | None] | None:
    """The body and its validators, or None for 304 Not Modified. Raises DownloadFailed."""
    context = context or ssl.create_default_context()
    # Built by hand: no plain-http, ftp or file handlers, and no automatic redirects
    # (urllib would read a redirect's body without limit and follow http:// targets).
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(),
        urllib.request.HTTPSHandler(context=context),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    headers = {
        "User-Agent": f"Boundary/{_version()} (calendar feed)",
        "Accept": "text/calendar, text/plain;q=0.9, */*;q=0.5",
    }
    if cached is not None and cached.etag:
        headers["If-None-Match"] = cached.etag
    if cached is not None and cached.last_modified:
        headers["If-Modified-Since"] = cached.last_modified
    deadline = time.monotonic() + timeout
    for _ in range(_MAX_REDIRECTS + 1):
        try:
            with opener.open(urllib.request.Request(url, headers=headers), timeout=timeout) as resp:
                body = _read_body(resp, max_bytes, deadline, timeout)
                return body, resp.headers.get("ETag"), resp.headers.get("Last-Modified")
        except urllib.error.HTTPError as exc:
            with exc:
                if exc.code == 304:
                    return None
                location = exc.headers.get("Location") if exc.code in _REDIRECTS else None
                if not location:
                    raise DownloadFailed(_status_text(exc.code)) from None
            url = urljoin(url, location.strip())
            if urlsplit(url).scheme.lower() != "https":
                raise DownloadFailed(
                    "the server redirected to an unencrypted http:// address"
                ) from None
        except urllib.error.URLError as exc:
            raise DownloadFailed(_network_text(exc.reason, timeout)) from None
        except (OSError, http.client.HTTPException) as exc:
            raise DownloadFailed(_network_text(exc, timeout)) from None
    raise DownloadFailed("the server redirected too many times")


def _read_body(
    resp: http.client.HTTPResponse, max_bytes: int, deadline: float, timeout: float
) -> bytes:
    limit = size_text(max_bytes)
    declared = _int_or_none(resp.headers.get("Content-Length"))
    if declared is not None and declared > max_bytes:
        raise DownloadFailed(f"the feed is larger than {limit}")
    chunks: list[bytes] = []
    total = 0
    try:
        # read1: one system call at a time, so a server that trickles cannot outlast the deadline
        while chunk := resp.read1(min(_CHUNK, max_bytes + 1 - total)):
            chunks.append(chunk)
            total += len(chunk)
            if total > max_bytes:
                raise DownloadFailed(f"the feed is larger than {limit}")
            if time.monotonic() > deadline:
                raise DownloadFailed(f"timed out after {timeout:g} s")
    except http.client.IncompleteRead:
        raise DownloadFailed("the download was cut off before the end") from None
    if declared is not None and total != declared:
        raise DownloadFailed("the download was cut off before the end")
    return b"".join(chunks)


def _network_text(reason: object, timeout: float) -> str:
    """A failure below HTTP in plain words; never the exception's own text (it may hold URLs)."""
    if isinstance(reason, TimeoutError):
        return f"timed out after {timeout:g} s"
    if isinstance(reason, ssl.SSLCertVerificationError):
        detail = (reason.verify_message or "").rstrip(".")
        return "the server's certificate is not trusted" + (f": {detail}" if detail else "")
    if isinstance(reason, ssl.SSLError):
        return "a secure connection could not be made" + (
            f" ({reason.reason.lower().replace('_', ' ')})" if reason.reason else ""
        )
    if isinstance(reason, ConnectionRefusedError):
        return "the server refused the connection"
    if isinstance(reason, socket.gaierror):
        return "the server's name could not be found (is the computer online?)"
    if isinstance(reason, http.client.IncompleteRead):
        return "the download was cut off before the end"
    if isinstance(reason, http.client.RemoteDisconnected):
        return "the server closed the connection without answering"
    if isinstance(reason, http.client.HTTPException):
        return "the server's answer could not be understood"
    if isinstance(reason, OSError) and reason.strerror:
        return f"the connection failed ({reason.strerror.lower()})"
    return "the connection failed"


def _status_text(code: int) -> str:
    try:
        phrase = HTTPStatus(code).phrase
    except ValueError:
        return f"the server answered with error {code}"
    if code in (401, 403, 404, 410):
        return f"the server answered {code} {phrase}, so the calendar address may have changed"
    return f"the server answered {code} {phrase}"


def _int_or_none(text: str | None) -> int | None:
    try:
        return int(text) if text is not None else None
    except ValueError:
        return None


def _version() -> str:
    """The app's version, read from package metadata only when a feed is downloaded."""
    from boundary_app import __version__

    return __version__
