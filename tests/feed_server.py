"""A real HTTPS server on 127.0.0.1 with programmable answers, for the feed fetcher's tests.

`make_authority` creates a throwaway CA and a server certificate for 127.0.0.1 (with the
`cryptography` package when it is importable, else the `openssl` command). `FeedServer`
runs `http.server` behind TLS in a thread; each path is answered by a `Route` function and
every request is recorded with its headers.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import http.server
import importlib.util
import shutil
import socket
import ssl
import subprocess
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

Route = Callable[["Handler"], None]


@dataclass(frozen=True)
class Authority:
    ca_cert: Path
    server_cert: Path
    server_key: Path

    def client_context(self) -> ssl.SSLContext:
        """A client context that trusts this throwaway CA (and nothing else)."""
        return ssl.create_default_context(cafile=str(self.ca_cert))


def make_authority(folder: Path) -> Authority:
    folder.mkdir(parents=True, exist_ok=True)
    if importlib.util.find_spec("cryptography") is not None:
        return _with_cryptography(folder)
    if shutil.which("openssl") is None:
        raise RuntimeError("neither the cryptography package nor openssl is available")
    return _with_openssl(folder)


def _with_cryptography(folder: Path) -> Authority:
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = dt.datetime.now(dt.UTC)

    def name(text: str) -> x509.Name:
        return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, text)])

    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (
        x509.CertificateBuilder()
        .subject_name(name("Boundary test CA"))
        .issuer_name(name("Boundary test CA"))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(name("127.0.0.1"))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    authority = Authority(folder / "ca.pem", folder / "server.pem", folder / "server.key")
    authority.ca_cert.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    authority.server_cert.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    authority.server_key.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return authority


def _with_openssl(folder: Path) -> Authority:
    def run(*args: str) -> None:
        subprocess.run(["openssl", *args], cwd=folder, check=True, capture_output=True)

    p256 = ("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes")
    ca_ext = (
        "basicConstraints=critical,CA:TRUE,pathlen:0",
        "keyUsage=critical,keyCertSign,cRLSign",
    )
    run("req", "-x509", *p256, "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
        "-subj", "/CN=Boundary test CA", "-addext", ca_ext[0], "-addext", ca_ext[1])  # fmt: skip
    run("req", *p256, "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1")
    (folder / "server.ext").write_text(
        "subjectAltName=IP:127.0.0.1,DNS:localhost\n"
        "basicConstraints=critical,CA:FALSE\nextendedKeyUsage=serverAuth\n"
    )
    signing = ("-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-days", "2")
    run(
        "x509",
        "-req",
        "-in",
        "server.csr",
        *signing,
        "-extfile",
        "server.ext",
        "-out",
        "server.pem",
    )
    return Authority(folder / "ca.pem", folder / "server.pem", folder / "server.key")


@dataclass
class Seen:
    """One request as the server received it."""

    path: str
    headers: dict[str, str]


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: FeedServer

    def do_GET(self) -> None:
        self.server.seen.append(Seen(self.path, {k.lower(): v for k, v in self.headers.items()}))
        self.close_connection = True
        route = self.server.routes.get(self.path.split("?")[0])
        if route is None:
            send(self, 404, b"not here")
        else:
            route(self)

    def log_message(self, format: str, *args: object) -> None:
        pass


class FeedServer(http.server.ThreadingHTTPServer):
    """TLS server; the handshake runs in the request's own thread, not the accept loop."""

    daemon_threads = True

    def __init__(self, authority: Authority) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.tls.load_cert_chain(authority.server_cert, authority.server_key)
        self.routes: dict[str, Route] = {}
        self.seen: list[Seen] = []
        self.sent: dict[str, int] = {}  # body bytes handed to the socket, per streamed path
        self.finished: dict[str, threading.Event] = {}
        self.stopping = threading.Event()

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    def stream_ended(self, path: str, timeout: float = 10) -> bool:
        """Wait until a streamed answer on `path` has stopped (the client hung up)."""
        return self.finished.setdefault(path, threading.Event()).wait(timeout)

    def url(self, path: str, scheme: str = "https") -> str:
        return f"{scheme}://127.0.0.1:{self.port}{path}"

    def finish_request(self, request: socket.socket, client_address: object) -> None:  # type: ignore[override]
        request.settimeout(10)
        try:
            tls = self.tls.wrap_socket(request, server_side=True)
        except (OSError, ssl.SSLError):
            return  # e.g. a client that does not trust the certificate hangs up
        try:
            self.RequestHandlerClass(tls, client_address, self)  # type: ignore[arg-type]
        finally:
            with contextlib.suppress(OSError):
                tls.close()

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that hangs up mid-answer is what several tests do on purpose


@contextlib.contextmanager
def running(authority: Authority) -> Iterator[FeedServer]:
    server = FeedServer(authority)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield server
    finally:
        server.stopping.set()
        server.shutdown()
        server.server_close()
        thread.join(10)


# Answers -------------------------------------------------------------------------------


def send(
    handler: Handler, code: int, body: bytes = b"", headers: dict[str, str] | None = None
) -> None:
    handler.send_response(code)
    all_headers = {"Content-Type": "text/calendar", "Content-Length": str(len(body))}
    all_headers.update(headers or {})
    for key, value in all_headers.items():
        handler.send_header(key, value)
    handler.send_header("Connection", "close")
    handler.end_headers()
    if body:
        handler.wfile.write(body)


@dataclass
class ChangingFeed:
    """A feed whose content (and ETag) changes with `publish`; 304 when If-None-Match matches."""

    body: bytes
    version: int = 1
    last_modified: str = "Mon, 02 Mar 2026 09:00:00 GMT"
    requests: int = field(default=0)

    @property
    def etag(self) -> str:
        return f'"v{self.version}"'

    def publish(self, body: bytes) -> None:
        self.body = body
        self.version += 1

    def __call__(self, handler: Handler) -> None:
        self.requests += 1
        if handler.headers.get("If-None-Match") == self.etag:
            handler.send_response(304)
            handler.send_header("ETag", self.etag)
            handler.send_header("Connection", "close")
            handler.end_headers()
            return
        send(handler, 200, self.body, {"ETag": self.etag, "Last-Modified": self.last_modified})


def status(code: int) -> Route:
    return lambda handler: send(handler, code, b"<html>oops</html>", {"Content-Type": "text/html"})


def redirect(location: str, code: int = 302) -> Route:
    return lambda handler: send(handler, code, b"", {"Location": location})


def slow(delay: float, body: bytes) -> Route:
    """Answers only after `delay` seconds (or when the server stops)."""

    def route(handler: Handler) -> None:
        handler.server.stopping.wait(delay)
        with contextlib.suppress(OSError):
            send(handler, 200, body)

    return route


def truncated(body: bytes, declared: int) -> Route:
    """Promises `declared` bytes, sends `body`, then hangs up."""
    return lambda handler: send(handler, 200, body, {"Content-Length": str(declared)})


def truncated_chunked(body: bytes) -> Route:
    """A chunked answer that stops in the middle of a chunk."""

    def route(handler: Handler) -> None:
        handler.send_response(200)
        handler.send_header("Transfer-Encoding", "chunked")
        handler.send_header("Connection", "close")
        handler.end_headers()
        handler.wfile.write(f"{len(body) * 2:x}\r\n".encode() + body)

    return route


def trickle(path: str, body: bytes, interval: float) -> Route:
    """Sends the headers at once, then the body one byte per `interval` seconds, counting
    in `server.sent[path]`; `server.finished[path]` is set when the client has hung up."""

    def route(handler: Handler) -> None:
        server = handler.server
        server.sent[path] = 0
        handler.send_response(200)
        handler.send_header("Content-Length", str(len(body)))
        handler.send_header("Connection", "close")
        handler.end_headers()
        try:
            for byte in body:
                if server.stopping.wait(interval):
                    break
                handler.wfile.write(bytes([byte]))
                server.sent[path] += 1
        except OSError:
            pass
        finally:
            server.finished.setdefault(path, threading.Event()).set()

    return route


def streamed(path: str, total: int, *, declare_length: bool, chunk: int = 64 * 1024) -> Route:
    """Streams `total` bytes of filler, counting in `server.sent[path]` how many went out
    before the client hung up; `server.finished[path]` is set when the stream stops."""

    def route(handler: Handler) -> None:
        server = handler.server
        server.sent[path] = 0
        handler.send_response(200)
        if declare_length:
            handler.send_header("Content-Length", str(total))
        handler.send_header("Connection", "close")
        handler.end_headers()
        block = b"X" * chunk
        try:
            while server.sent[path] < total and not server.stopping.is_set():
                piece = block[: total - server.sent[path]]
                handler.wfile.write(piece)
                server.sent[path] += len(piece)
        except OSError:
            pass
        finally:
            server.finished.setdefault(path, threading.Event()).set()

    return route
