"""A real Dovecot IMAP server for tests: private config, own CA, maildirs written by hand.

Import the fixture into a test module (`from tests.dovecot import dovecot_server`) and ask
for `dovecot`: one server per module, listening on 127.0.0.1 with STARTTLS (`imap_port`)
and IMAPS (`imaps_port`), `ssl = required`, and a certificate for 127.0.0.1 and localhost
signed by a throw-away CA that only `Dovecot.client_context()` trusts. Without the programs
the tests skip, naming the Debian package; with BOUNDARY_REQUIRE_DESKTOP=1 (as in CI)
they fail instead.

`connections_logged(log)` counts the client connections Dovecot has logged, so a test
can prove that some code made none (see `Dovecot.settle`).
"""

from __future__ import annotations

import contextlib
import os
import pwd
import re
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

START_TIMEOUT = 10.0
STOP_TIMEOUT = 5.0
HOST = "127.0.0.1"
USER = "clinician"
PASSWORD = "correct horse battery"
# A second account whose password is not ASCII (sent with SASL PLAIN, not LOGIN).
# (Dovecot refuses non-ASCII user names unless auth_username_chars allows them.)
UTF8_USER = "therapeutin"
UTF8_PASSWORD = "Grüße aus Köln"

# Program -> Debian package, for the skip message.
TOOLS = {"dovecot": "dovecot-core", "openssl": "openssl"}
# Files without which Dovecot starts but cannot speak IMAP.
FILES = {"/usr/lib/dovecot/imap": "dovecot-imapd", "/usr/lib/dovecot/imap-login": "dovecot-imapd"}
# Debian's dovecot-core creates these; the login and internal processes run as them.
LOGIN_USER = "dovenull"
INTERNAL_USER = "dovecot"
# Mail processes may not run as root; they run as this user and own the maildirs.
MAIL_USER = "nobody"

# Every client connection ends in exactly one imap-login line: "Login: ..." once it has
# logged in, "Disconnected ..." or "Aborted login ..." if it never did.
_CONNECTION_LINE = re.compile(r"\bimap-login: Info: (?:Login|Disconnected|Aborted login)\b")

# Folder (as the user names it) -> (unseen, seen) messages written into it.
MAILBOXES: dict[str, tuple[int, int]] = {
    "INBOX": (3, 2),
    "Clients": (1, 4),
    "Supervision": (0, 1),
    "Grüße & Co": (2, 1),
}

CONFIG = """\
protocols = imap
listen = {host}
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
instance_name = boundary-test-{port}
default_login_user = {login_user}
default_internal_user = {internal_user}
ssl = required
ssl_cert = <{root}/tls/server.pem
ssl_key = <{root}/tls/server.key
ssl_min_protocol = TLSv1.2
auth_mechanisms = plain
auth_verbose = yes
auth_failure_delay = 0
passdb {{
  driver = passwd-file
  args = {root}/users
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/home/%u
}}
mail_location = maildir:~/Maildir
service imap-login {{
  inet_listener imap {{
    address = {host}
    port = {imap_port}
  }}
  inet_listener imaps {{
    address = {host}
    port = {imaps_port}
    ssl = yes
  }}
}}
# No auth penalty: after a failed login Dovecot would slow down every later login
# from 127.0.0.1 by seconds (anvil's penalty cannot be reached without its socket).
service anvil {{
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
service pop3-login {{
  inet_listener pop3 {{
    port = 0
  }}
  inet_listener pop3s {{
    port = 0
  }}
}}
"""

SERVER_EXTENSIONS = """\
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1, DNS:localhost
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
"""


def _which(tool: str) -> str | None:
    return shutil.which(tool, path=os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin"]))


def missing_tools() -> list[str]:
    """The programs this module needs that are not installed, each with its package."""
    missing = [f"{tool} (Debian package {pkg})" for tool, pkg in TOOLS.items() if not _which(tool)]
    missing += [
        f"{file} (Debian package {pkg})" for file, pkg in FILES.items() if not Path(file).exists()
    ]
    return missing


def connections_logged(log_path: Path) -> int:
    """How many client connections Dovecot has written to its log so far.

    A connection is logged when it logs in or ends, a moment after the client sees it:
    call `Dovecot.settle` first so that every earlier connection has been written.
    """
    try:
        text = log_path.read_text(errors="replace")
    except FileNotFoundError:
        return 0
    return sum(1 for line in text.splitlines() if _CONNECTION_LINE.search(line))


@dataclass
class Dovecot:
    """A running server and what a test needs to talk to it."""

    root: Path
    config: Path
    log_path: Path
    ca_file: Path
    imap_port: int  # STARTTLS
    imaps_port: int
    pid: int
    host: str = HOST
    user: str = USER
    password: str = PASSWORD
    probes: int = 0  # connections made by this helper, readiness checks included

    def client_context(self) -> ssl.SSLContext:
        """A verifying client context that trusts this server's CA (and nothing else)."""
        return ssl.create_default_context(cafile=str(self.ca_file))

    def connections(self) -> int:
        return connections_logged(self.log_path)

    def wait_for_connections(self, count: int, timeout: float = 5.0) -> int:
        """Wait until at least `count` connections are logged; the number logged."""
        deadline = time.monotonic() + timeout
        while (logged := self.connections()) < count and time.monotonic() < deadline:
            time.sleep(0.01)
        return logged

    def settle(self) -> int:
        """The connections logged so far, this helper's own left out, once the log has
        caught up with every connection that ended before the call.

        It makes a connection of its own and waits for its line (lines of connections
        that ended earlier come first, and a moment's grace covers a straggler). Code
        that never connected leaves the number the same from one call to the next.
        """
        before = self.connections()
        with socket.create_connection((self.host, self.imap_port), timeout=5) as probe:
            probe.recv(4096)  # the greeting
            probe.sendall(b"probe LOGOUT\r\n")
            while probe.recv(4096):
                pass
        self.probes += 1
        self.wait_for_connections(before + 1)
        time.sleep(0.05)
        return self.connections() - self.probes

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


def _run(argv: list[str], cwd: Path) -> None:
    done = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed:\n{done.stderr}")


def _make_certificates(folder: Path) -> None:
    """A CA and a server certificate for 127.0.0.1 and localhost, EC keys for speed."""
    folder.mkdir()
    key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    _run(
        ["openssl", "req", "-x509", *key, "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
         "-subj", "/CN=Boundary test CA",
         "-addext", "basicConstraints=critical,CA:TRUE",
         "-addext", "keyUsage=critical,keyCertSign,cRLSign"],
        folder,
    )  # fmt: skip
    _run(
        ["openssl", "req", *key, "-keyout", "server.key", "-out", "server.csr",
         "-subj", "/CN=127.0.0.1"],
        folder,
    )  # fmt: skip
    (folder / "server.ext").write_text(SERVER_EXTENSIONS)
    _run(
        ["openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
         "-CAcreateserial", "-out", "server.pem", "-days", "2", "-extfile", "server.ext"],
        folder,
    )  # fmt: skip


def _maildir_folder(name: str) -> str:
    """The Maildir++ directory of a folder: INBOX is the maildir itself, others ".Name"."""
    from boundary_app.integrations.mail_count import encode_mailbox_name

    return "" if name == "INBOX" else "." + encode_mailbox_name(name)


def _write_maildir(maildir: Path) -> None:
    """Messages written straight into maildirs: `new/` unseen, `cur/...:2,S` seen, and one
    flagged-but-unread message in `cur/` that still counts as unseen."""
    serial = 0
    for folder, (unseen, seen) in MAILBOXES.items():
        base = maildir / _maildir_folder(folder)
        for sub in ("cur", "new", "tmp"):
            (base / sub).mkdir(parents=True, exist_ok=True)
        for index in range(unseen + seen):
            serial += 1
            stem = f"1767225600.M{serial}P1.boundary-test"
            if index >= unseen:
                path = base / "cur" / f"{stem}:2,S"
            elif index == 0 and unseen > 1:
                path = base / "cur" / f"{stem}:2,F"
            else:
                path = base / "new" / stem
            path.write_bytes(
                b"From: Sender <sender@example.org>\r\n"
                b"To: Clinician <clinician@example.org>\r\n"
                + f"Subject: Message {serial} in {folder}\r\n".encode()
                + b"Date: Thu, 01 Jan 2026 09:00:00 +0000\r\n"
                b"Message-ID: <" + str(serial).encode() + b"@boundary-test>\r\n"
                b"\r\n"
                b"A test message.\r\n"
            )


def _free_ports(count: int) -> list[int]:
    sockets = [socket.socket() for _ in range(count)]
    try:
        for sock in sockets:
            sock.bind((HOST, 0))
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def _process_group(pgid: int) -> list[str]:
    """Live (not zombie) processes in the group, as "pid name"."""
    found: list[str] = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        name_end = stat.rindex(")")
        fields = stat[name_end + 2 :].split()
        if fields[0] != "Z" and int(fields[2]) == pgid:
            found.append(f"{entry.name} {stat[stat.index('(') + 1 : name_end]}")
    return found


def _wait_listening(process: subprocess.Popen[bytes], ports: list[int], root: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    waiting = list(ports)
    while waiting:
        if process.poll() is not None:
            output = "\n".join(
                path.read_text(errors="replace")
                for path in (root / "dovecot.out", root / "dovecot.log")
                if path.exists()
            )
            raise RuntimeError(f"dovecot exited with {process.returncode}:\n{output}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"dovecot did not listen on {waiting} within {START_TIMEOUT} s")
        try:
            socket.create_connection((HOST, waiting[0]), timeout=1).close()
        except OSError:
            time.sleep(0.02)
        else:
            waiting.pop(0)


def _stop(process: subprocess.Popen[bytes]) -> list[str]:
    """Stop the master and its children; what was still running and had to be killed."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    deadline = time.monotonic() + STOP_TIMEOUT
    while (left := _process_group(process.pid)) and time.monotonic() < deadline:
        time.sleep(0.02)
    if left:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    return left


def _require_tools() -> None:
    problems = missing_tools()
    if os.geteuid() != 0:
        problems.append("root (dovecot runs its login and mail processes as other users)")
    else:
        for name in (LOGIN_USER, INTERNAL_USER, MAIL_USER):
            try:
                pwd.getpwnam(name)
            except KeyError:
                problems.append(f"the system user {name} (Debian package dovecot-core)")
    if problems:
        reason = "the Dovecot tests need: " + ", ".join(problems)
        if os.environ.get("BOUNDARY_REQUIRE_DESKTOP") == "1":
            pytest.fail(reason)
        pytest.skip(reason)


@contextlib.contextmanager
def running_dovecot() -> Iterator[Dovecot]:
    """Start a private Dovecot in the foreground; stop it and check nothing is left."""
    _require_tools()
    # Not under pytest's tmp_path: its folders are private to root, and Dovecot's own
    # users must reach the user list (auth) and the maildirs (mail processes).
    root = Path(tempfile.mkdtemp(prefix="boundary-dovecot-"))
    try:
        root.chmod(0o755)
        yield from _serve(root)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _serve(root: Path) -> Iterator[Dovecot]:
    mail = pwd.getpwnam(MAIL_USER)
    mail_gid = mail.pw_gid
    _make_certificates(root / "tls")
    (root / "users").write_text(
        f"{USER}:{{PLAIN}}{PASSWORD}::::::\n{UTF8_USER}:{{PLAIN}}{UTF8_PASSWORD}::::::\n"
    )
    for user in (USER, UTF8_USER):
        home = root / "home" / user
        _write_maildir(home / "Maildir")
        for folder, _dirs, files in os.walk(home):
            os.chown(folder, mail.pw_uid, mail_gid)
            for name in files:
                os.chown(Path(folder) / name, mail.pw_uid, mail_gid)
    (root / "home").chmod(0o755)
    imap_port, imaps_port = _free_ports(2)
    config = root / "dovecot.conf"
    config.write_text(
        CONFIG.format(
            host=HOST,
            root=root,
            port=imap_port,
            login_user=LOGIN_USER,
            internal_user=INTERNAL_USER,
            uid=mail.pw_uid,
            gid=mail_gid,
            imap_port=imap_port,
            imaps_port=imaps_port,
        )
    )
    log_path = root / "dovecot.log"
    with (root / "dovecot.out").open("wb") as output:
        process = subprocess.Popen(
            [_which("dovecot") or "dovecot", "-F", "-c", str(config)],
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: teardown finds every child
        )
    try:
        _wait_listening(process, [imap_port, imaps_port], root)
        server = Dovecot(
            root=root,
            config=config,
            log_path=log_path,
            ca_file=root / "tls" / "ca.pem",
            imap_port=imap_port,
            imaps_port=imaps_port,
            pid=process.pid,
            probes=2,  # the readiness checks
        )
        server.wait_for_connections(server.probes)
        yield server
    finally:
        left = _stop(process)
    assert not left, f"dovecot left processes running after it stopped: {left}"


@pytest.fixture(scope="module", name="dovecot")
def dovecot_server() -> Iterator[Dovecot]:
    """One running Dovecot for the test module; see the module docstring."""
    with running_dovecot() as server:
        yield server
