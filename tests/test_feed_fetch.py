"""Fetching a calendar feed: a real HTTPS server on 127.0.0.1, every failure, the last good copy."""

from __future__ import annotations

import json
import logging
import socket
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from boundary_app.integrations.feed_fetch import (
    CachedFeed,
    FeedCache,
    FeedSource,
    FetchError,
    FetchResult,
    fetch_feed,
)
from tests import feed_server
from tests.feed_server import Authority, ChangingFeed, FeedServer

NY = ZoneInfo("America/New_York")
NOW = datetime(2026, 3, 2, 10, 0, tzinfo=NY)
EARLIER = datetime(2026, 3, 2, 9, 15, tzinfo=NY)
TOKEN = "private-abc123"
CAL = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"
CAL_2 = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nX-WR-CALNAME:new\r\nEND:VCALENDAR\r\n"
OLD = b"BEGIN:VCALENDAR\r\nX-WR-CALNAME:the last good copy\r\nEND:VCALENDAR\r\n"
MB = 1024 * 1024

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")


def validate(data: bytes) -> None:
    """Stands in for the calendar parser: ValueError on anything that is not a calendar."""
    if not data.startswith(b"BEGIN:VCALENDAR"):
        raise ValueError(f"not a calendar: {data[:20]!r}")


@pytest.fixture(scope="session")
def authority(tmp_path_factory: pytest.TempPathFactory) -> Authority:
    return feed_server.make_authority(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def server(authority: Authority) -> Iterator[FeedServer]:
    with feed_server.running(authority) as running:
        yield running


@pytest.fixture
def cache(tmp_path: Path) -> FeedCache:
    return FeedCache(tmp_path / "feeds" / "one")


def feed_path(case: str) -> str:
    return f"/{TOKEN}/{case}/basic.ics"


def snapshot(folder: Path) -> dict[str, tuple[bytes, int, int]]:
    return {
        p.name: (p.read_bytes(), p.stat().st_mode & 0o777, p.stat().st_mtime_ns)
        for p in sorted(folder.iterdir())
    }


def assert_private(text: str) -> None:
    assert TOKEN not in text
    assert "secret-q" not in text


def assert_logs_private(caplog: pytest.LogCaptureFixture) -> None:
    for record in caplog.records:
        assert_private(record.getMessage())
        assert_private(record.exc_text or "")


# The happy path ---------------------------------------------------------------------------


def test_a_changing_feed_is_fetched_then_confirmed_with_a_304_then_refetched(
    server: FeedServer, authority: Authority, cache: FeedCache
) -> None:
    feed = ChangingFeed(CAL)
    path = feed_path("changing")
    server.routes[path] = feed
    source = FeedSource(server.url(path))
    ctx = authority.client_context()

    first = fetch_feed(source, cache, now=EARLIER, context=ctx, validate=validate)
    assert first == FetchResult(CAL, changed=True, from_cache=False, warning=None)
    assert "if-none-match" not in server.seen[0].headers
    stored = cache.load()
    assert stored == CachedFeed(CAL, EARLIER, '"v1"', feed.last_modified)

    second = fetch_feed(source, cache, now=NOW, context=ctx, validate=validate)
    assert second == FetchResult(CAL, changed=False, from_cache=True, warning=None)
    assert server.seen[1].headers["if-none-match"] == '"v1"'
    assert server.seen[1].headers["if-modified-since"] == feed.last_modified
    loaded = cache.load()
    assert loaded is not None
    assert loaded.fetched_at == NOW  # the copy is confirmed current as of now

    feed.publish(CAL_2)
    third = fetch_feed(source, cache, now=NOW, context=ctx, validate=validate)
    assert third == FetchResult(CAL_2, changed=True, from_cache=False, warning=None)
    assert server.seen[2].headers["if-none-match"] == '"v1"'
    assert cache.load() == CachedFeed(CAL_2, NOW, '"v2"', feed.last_modified)
    assert server.seen[0].headers["user-agent"].startswith("Boundary/")


def test_the_same_bytes_from_a_server_without_validators_are_not_a_change(
    server: FeedServer, authority: Authority, cache: FeedCache
) -> None:
    path = feed_path("plain")
    server.routes[path] = lambda handler: feed_server.send(handler, 200, CAL)
    source = FeedSource(server.url(path))
    ctx = authority.client_context()
    assert fetch_feed(source, cache, now=EARLIER, context=ctx).changed
    again = fetch_feed(source, cache, now=NOW, context=ctx)
    assert again == FetchResult(CAL, changed=False, from_cache=False, warning=None)
    assert "if-none-match" not in server.seen[1].headers


def test_a_redirect_to_https_is_followed(
    server: FeedServer, authority: Authority, cache: FeedCache
) -> None:
    target = feed_path("moved-here")
    server.routes[target] = ChangingFeed(CAL)
    server.routes[feed_path("old")] = feed_server.redirect(server.url(target), 301)
    source = FeedSource(server.url(feed_path("old")))
    result = fetch_feed(source, cache, now=NOW, context=authority.client_context())
    assert result.data == CAL
    assert [seen.path for seen in server.seen] == [feed_path("old"), target]


def test_webcal_addresses_are_fetched_over_https(
    server: FeedServer, authority: Authority, cache: FeedCache
) -> None:
    server.routes[feed_path("webcal")] = ChangingFeed(CAL)
    url = server.url(feed_path("webcal"), scheme="webcal")
    result = fetch_feed(FeedSource(url), cache, now=NOW, context=authority.client_context())
    assert result.data == CAL


@posix_only
def test_cache_files_are_private_and_written_whole(
    server: FeedServer, authority: Authority, tmp_path: Path
) -> None:
    folder = tmp_path / "feeds" / "one"
    folder.mkdir(parents=True, mode=0o755)
    folder.chmod(0o755)
    server.routes[feed_path("private")] = ChangingFeed(CAL)
    fetch_feed(
        FeedSource(server.url(feed_path("private"))),
        FeedCache(folder),
        now=NOW,
        context=authority.client_context(),
    )
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert {p.name: stat.S_IMODE(p.stat().st_mode) for p in folder.iterdir()} == {
        "feed.body": 0o600,
        "feed.json": 0o600,
    }
    meta = json.loads((folder / "feed.json").read_text())
    assert meta["etag"] == '"v1"'
    assert datetime.fromisoformat(meta["fetched_at"]) == NOW
    assert_private((folder / "feed.json").read_text())


# Every failure, with and without a last good copy --------------------------------------


@dataclass
class Case:
    name: str
    phrase: str
    route: Callable[[FeedServer, str], feed_server.Route | None]
    url: Callable[[FeedServer, str], str] = lambda server, path: server.url(path)
    kwargs: dict[str, Any] = field(default_factory=dict)
    trusted: bool = True


def _closed_port_url(server: FeedServer, path: str) -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"https://127.0.0.1:{port}{path}"


CASES = [
    Case(
        "timeout",
        "timed out after 0.5 s",
        lambda s, p: feed_server.slow(5, CAL),
        kwargs={"timeout": 0.5},
    ),
    Case(
        "truncated",
        "the download was cut off before the end",
        lambda s, p: feed_server.truncated(CAL, declared=5000),
    ),
    Case(
        "truncated-chunk",
        "the download was cut off before the end",
        lambda s, p: feed_server.truncated_chunked(CAL),
    ),
    Case(
        "huge-declared",
        "the feed is larger than 10 MB",
        lambda s, p: feed_server.streamed(p, 50 * MB, declare_length=True),
    ),
    Case(
        "huge-streamed",
        "the feed is larger than 10 MB",
        lambda s, p: feed_server.streamed(p, 50 * MB, declare_length=False),
    ),
    Case(
        "garbage",
        "what came back is not a calendar",
        lambda s, p: lambda h: feed_server.send(h, 200, b"\x00\xff<html>Jane Doe</html>"),
    ),
    Case("not-found", "the server answered 404 Not Found", lambda s, p: feed_server.status(404)),
    Case(
        "server-error",
        "the server answered 500 Internal Server Error",
        lambda s, p: feed_server.status(500),
    ),
    Case(
        "plain-http",
        "the address starts with http:// and would send",
        lambda s, p: ChangingFeed(CAL),
        url=lambda s, p: s.url(p, scheme="http"),
    ),
    Case(
        "redirect-to-http",
        "the server redirected to an unencrypted http:// address",
        lambda s, p: feed_server.redirect(s.url(p + "x", scheme="http") + "?k=secret-q"),
    ),
    Case(
        "untrusted-certificate",
        "the server's certificate is not trusted: ",
        lambda s, p: ChangingFeed(CAL),
        trusted=False,
    ),
    Case("refused", "the server refused the connection", lambda s, p: None, url=_closed_port_url),
]


def _attempt(
    case: Case, server: FeedServer, authority: Authority, cache: FeedCache
) -> tuple[str, FetchResult | FetchError]:
    path = feed_path(case.name)
    route = case.route(server, path)
    if route is not None:
        server.routes[path] = route
    source = FeedSource(case.url(server, path) + "?token=secret-q")
    context = authority.client_context() if case.trusted else None
    try:
        result = fetch_feed(
            source, cache, now=NOW, context=context, validate=validate, **case.kwargs
        )
    except FetchError as exc:
        return path, exc
    return path, result


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_a_failure_with_a_good_copy_uses_the_copy_and_says_why(
    case: Case,
    server: FeedServer,
    authority: Authority,
    cache: FeedCache,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    cache.store(CachedFeed(OLD, EARLIER, '"old"', "Sun, 01 Mar 2026 08:00:00 GMT"))
    before = snapshot(cache.folder)

    _, result = _attempt(case, server, authority, cache)

    assert isinstance(result, FetchResult)
    assert result.data == OLD
    assert (result.changed, result.from_cache) == (False, True)
    assert result.warning is not None
    assert result.warning.startswith("Could not refresh the calendar (")
    assert case.phrase in result.warning
    assert result.warning.endswith("; using the copy from 09:15.")
    assert "Jane Doe" not in result.warning  # the body never reaches the message
    assert snapshot(cache.folder) == before
    assert_private(result.warning)
    assert_logs_private(caplog)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_a_failure_without_a_copy_raises_a_plain_fetch_error(
    case: Case,
    server: FeedServer,
    authority: Authority,
    cache: FeedCache,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    _, error = _attempt(case, server, authority, cache)

    assert isinstance(error, FetchError)
    message = str(error)
    assert message.startswith("Could not load the calendar from https://127.0.0.1:") or (
        message.startswith("Could not load the calendar from http://127.0.0.1:")
    )
    assert "/…/basic.ics: " in message
    assert case.phrase in message
    assert_private(message)
    assert error.__cause__ is None
    assert error.__suppress_context__
    assert cache.load() is None
    assert_logs_private(caplog)


def test_the_timeout_warning_reads_as_a_sentence(
    server: FeedServer, authority: Authority, cache: FeedCache
) -> None:
    cache.store(CachedFeed(OLD, EARLIER, None, None))
    _, result = _attempt(CASES[0], server, authority, cache)
    assert isinstance(result, FetchResult)
    assert result.warning == (
        "Could not refresh the calendar (timed out after 0.5 s); using the copy from 09:15."
    )


def test_an_older_copy_is_dated(server: FeedServer, authority: Authority, cache: FeedCache) -> None:
    server.routes[feed_path("gone")] = feed_server.status(410)
    url = server.url(feed_path("gone"))
    ctx = authority.client_context()
    cache.store(CachedFeed(OLD, datetime(2026, 3, 1, 17, 40, tzinfo=NY), None, None))
    result = fetch_feed(FeedSource(url), cache, now=NOW, context=ctx)
    assert result.warning is not None
    assert result.warning.endswith("using the copy from yesterday 17:40.")
    cache.store(CachedFeed(OLD, datetime(2025, 12, 30, 8, 5, tzinfo=NY), None, None))
    result = fetch_feed(FeedSource(url), cache, now=NOW, context=ctx)
    assert result.warning is not None
    assert result.warning.endswith("using the copy from 30 Dec 2025 08:05.")


@pytest.mark.parametrize("declare_length", [True, False], ids=["declared", "streamed"])
def test_a_huge_body_is_refused_without_reading_it_all(
    declare_length: bool, server: FeedServer, authority: Authority, cache: FeedCache
) -> None:
    path = feed_path("huge")
    server.routes[path] = feed_server.streamed(path, 50 * MB, declare_length=declare_length)
    with pytest.raises(FetchError, match="larger than 10 MB"):
        fetch_feed(FeedSource(server.url(path)), cache, now=NOW, context=authority.client_context())
    assert server.stream_ended(path)
    sent = server.sent[path]
    # The client hung up: the server got no further than what the socket buffers held
    # (plus, without a declared length, the 10 MB the client read before giving up).
    assert sent < (8 * MB if declare_length else 26 * MB)


def test_a_server_that_trickles_cannot_outlast_the_timeout(
    server: FeedServer, authority: Authority, cache: FeedCache
) -> None:
    path = feed_path("trickle")
    server.routes[path] = feed_server.trickle(path, b"B" * 200, interval=0.05)
    source = FeedSource(server.url(path))
    with pytest.raises(FetchError, match=r"timed out after 0\.5 s"):
        fetch_feed(source, cache, now=NOW, timeout=0.5, context=authority.client_context())
    assert server.stream_ended(path)
    # Each byte came well inside the timeout; the client still gave up near the deadline.
    assert server.sent[path] < 100


def test_a_plain_http_address_is_never_contacted(
    server: FeedServer, authority: Authority, cache: FeedCache
) -> None:
    server.routes[feed_path("plain")] = ChangingFeed(CAL)
    source = FeedSource(server.url(feed_path("plain"), scheme="http"))
    with pytest.raises(FetchError, match="private key unencrypted"):
        fetch_feed(source, cache, now=NOW, context=authority.client_context())
    assert server.seen == []


def test_a_name_that_cannot_be_found(
    cache: FeedCache, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def no_such_name(*args: object, **kwargs: object) -> list[Any]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_name)
    source = FeedSource(f"https://calendar.example.invalid/{TOKEN}/basic.ics")
    with pytest.raises(FetchError) as caught:
        fetch_feed(source, cache, now=NOW)
    assert str(caught.value) == (
        "Could not load the calendar from https://calendar.example.invalid/…/basic.ics:"
        " the server's name could not be found (is the computer online?)."
    )
    assert_logs_private(caplog)


def test_an_unsupported_scheme_is_refused(cache: FeedCache) -> None:
    with pytest.raises(FetchError, match=r"only https:// addresses and calendar files"):
        fetch_feed(FeedSource(f"ftp://example.org/{TOKEN}/basic.ics"), cache, now=NOW)


def test_a_naive_now_is_a_bug(cache: FeedCache) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        fetch_feed(FeedSource("https://example.org/x.ics"), cache, now=datetime(2026, 3, 2))  # noqa: DTZ001


# Local files ------------------------------------------------------------------------------


def test_a_local_file_is_read_and_validated_without_the_cache(
    tmp_path: Path, cache: FeedCache
) -> None:
    file = tmp_path / "My Calendar.ics"
    file.write_bytes(CAL)
    for text in (str(file), file.as_uri()):
        result = fetch_feed(FeedSource(text), cache, now=NOW, validate=validate)
        assert result == FetchResult(CAL, changed=True, from_cache=False, warning=None)
    assert not cache.folder.exists()

    file.write_bytes(b"garbage")
    with pytest.raises(FetchError, match=r"^Could not read the calendar file My Calendar\.ics: "):
        fetch_feed(FeedSource(str(file)), cache, now=NOW, validate=validate)


@pytest.mark.parametrize(
    ("content", "phrase"),
    [
        (None, "the file does not exist"),
        (b"B" * 2049, "the file is larger than 2 KB"),
        ("folder", "it is not a file"),
    ],
)
def test_a_local_file_that_cannot_be_used(
    content: bytes | str | None, phrase: str, tmp_path: Path, cache: FeedCache
) -> None:
    file = tmp_path / "cal.ics"
    if isinstance(content, bytes):
        file.write_bytes(content)
    elif content == "folder":
        file.mkdir()
    with pytest.raises(FetchError, match=phrase):
        fetch_feed(FeedSource(str(file)), cache, now=NOW, max_bytes=2048)


# The cache and the masked address ---------------------------------------------------------


def test_the_cache_round_trips_and_clears(cache: FeedCache) -> None:
    assert cache.load() is None
    feed = CachedFeed(CAL, NOW, 'W/"abc"', "Mon, 02 Mar 2026 09:00:00 GMT")
    cache.store(feed)
    assert cache.load() == feed
    cache.clear()
    assert cache.load() is None
    cache.clear()  # twice is fine


def test_a_sidecar_that_does_not_match_keeps_the_copy_but_drops_the_validators(
    cache: FeedCache,
) -> None:
    cache.store(CachedFeed(CAL, NOW, '"v1"', "Mon, 02 Mar 2026 09:00:00 GMT"))
    (cache.folder / "feed.body").write_bytes(CAL_2)  # as if a crash came between the writes
    loaded = cache.load()
    assert loaded is not None
    assert (loaded.data, loaded.etag, loaded.last_modified) == (CAL_2, None, None)
    assert loaded.fetched_at.tzinfo is not None

    (cache.folder / "feed.json").write_text("{not json")
    loaded = cache.load()
    assert loaded is not None
    assert (loaded.data, loaded.etag) == (CAL_2, None)


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        (
            "https://calendar.google.com/calendar/ical/me%40example.org/private-abc123/basic.ics",
            "https://calendar.google.com/…/basic.ics",
        ),
        ("https://example.org/feed.ics?token=secret-q", "https://example.org/feed.ics"),
        ("https://user:pw@example.org:8443/a/b/cal.ics", "https://example.org:8443/…/cal.ics"),
        ("https://example.org", "https://example.org/"),
        (
            "webcal://p01-caldav.icloud.com/published/2/MTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3",
            "webcal://p01-caldav.icloud.com/…/…",
        ),
        (
            "https://example.org/x/0123456789abcdef0123456789abcdef.ics",
            "https://example.org/…/….ics",
        ),
        ("/home/me/calendars/work.ics", "work.ics"),
        ("file:///home/me/My%20Calendar.ics", "My Calendar.ics"),
        (r"C:\Users\me\work.ics", "work.ics"),
    ],
)
def test_masked_shows_the_host_and_the_last_part_only(url: str, shown: str) -> None:
    assert FeedSource(url).masked() == shown


def test_the_cache_key_does_not_reveal_the_address() -> None:
    key = FeedSource(f"https://example.org/{TOKEN}/basic.ics").cache_key()
    assert TOKEN not in key
    assert len(key) == 32
    assert key != FeedSource("https://example.org/other/basic.ics").cache_key()


def test_a_calendar_file_is_read_without_loading_the_network_code(tmp_path: Path) -> None:
    feed = tmp_path / "work.ics"
    feed.write_bytes(CAL)
    script = f"""
import sys
from datetime import datetime, timezone
from pathlib import Path
from boundary_app.integrations.feed_fetch import FeedCache, FeedSource, fetch_feed
now = datetime(2026, 3, 2, 15, 0, tzinfo=timezone.utc)
result = fetch_feed(FeedSource({str(feed)!r}), FeedCache(Path({str(tmp_path)!r})), now=now)
assert result.data.startswith(b"BEGIN:VCALENDAR"), result
print(sorted(name for name in ("ssl", "http.client", "urllib.request") if name in sys.modules))
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"
