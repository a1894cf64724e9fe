"""Counting unseen mail: against a real Dovecot (tests/dovecot.py) and tiny scripted servers."""

from __future__ import annotations

import contextlib
import dataclasses
import re
import socket
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from boundary_app.integrations.mail_count import (
    MailAccount,
    MailCount,
    MailError,
    Security,
    count_unseen,
    encode_mailbox_name,
    quote_string,
)
from tests.dovecot import (
    MAILBOXES,
    UTF8_PASSWORD,
    UTF8_USER,
    Dovecot,
    connections_logged,
    dovecot_server,  # noqa: F401  (registers the `dovecot` fixture here)
)

FOLDERS = tuple(MAILBOXES)  # INBOX, Clients, Supervision, "Grüße & Co"
EXPECTED = {folder: unseen for folder, (unseen, _seen) in MAILBOXES.items()}


def account(dovecot: Dovecot, security: Security = "imaps", **changes: Any) -> MailAccount:
    """The test user's account on the server, all folders; `changes` as for `replace`."""
    port = dovecot.imaps_port if security == "imaps" else dovecot.imap_port
    mail = MailAccount(dovecot.host, port, dovecot.user, FOLDERS, security)
    return dataclasses.replace(mail, **changes)


def failure(call: Callable[[], object]) -> MailError:
    with pytest.raises(MailError) as caught:
        call()
    return caught.value


SECURITIES: list[Security] = ["imaps", "starttls"]


# --- a real server ---------------------------------------------------------------------


@pytest.mark.parametrize("security", SECURITIES)
def test_counts_unseen_per_folder_in_the_accounts_order(
    dovecot: Dovecot, security: Security
) -> None:
    folders = ("Grüße & Co", "INBOX", "Supervision", "Clients")
    found = count_unseen(
        account(dovecot, security, folders=folders),
        dovecot.password,
        context=dovecot.client_context(),
    )

    assert found == MailCount({"Grüße & Co": 2, "INBOX": 3, "Supervision": 0, "Clients": 1})
    assert list(found.unseen) == list(folders)
    assert found.total == 6


@pytest.mark.parametrize("security", SECURITIES)
def test_one_connection_per_call_logged_in_over_tls_and_logged_out(
    dovecot: Dovecot, security: Security
) -> None:
    before = dovecot.settle()
    log_before = dovecot.log_text()

    count_unseen(account(dovecot, security), dovecot.password, context=dovecot.client_context())

    assert dovecot.settle() == before + 1
    new = dovecot.log_text()[len(log_before) :]
    logins = re.findall(r"imap-login: Info: Login: user=<clinician>.*", new)
    assert len(logins) == 1
    assert re.search(r"\bTLS\b", logins[0]), logins  # the password went over TLS
    assert re.search(r"imap\(clinician\).*Disconnected: Logged out", new)


def test_the_certificate_is_checked_against_a_host_name_too(dovecot: Dovecot) -> None:
    mail = account(dovecot, host="localhost", folders=("INBOX",))

    assert count_unseen(mail, dovecot.password, context=dovecot.client_context()).total == 3


def test_a_password_outside_ascii_is_sent_with_sasl_plain(dovecot: Dovecot) -> None:
    found = count_unseen(
        account(dovecot, user=UTF8_USER, folders=("INBOX", "Clients")),
        UTF8_PASSWORD,
        context=dovecot.client_context(),
    )

    assert found.unseen == {"INBOX": 3, "Clients": 1}
    assert "method=PLAIN" in dovecot.log_text()


@pytest.mark.parametrize(
    ("security", "user", "password"),
    [
        ("imaps", "clinician", "wrong password"),
        ("starttls", "clinician", "wrong password"),
        ("imaps", UTF8_USER, "Grüße aus Bonn"),  # SASL PLAIN
        ("imaps", "nobody-here", "not-a-user-pw"),
    ],
    ids=["login-imaps", "login-starttls", "sasl-plain", "unknown-user"],
)
def test_a_refused_password_is_an_auth_error_that_never_shows_the_password(
    dovecot: Dovecot, security: Security, user: str, password: str
) -> None:
    # Each refusal costs up to half a second: Dovecot answers failures on a 500 ms timer.
    log_before = dovecot.log_text()
    mail = account(dovecot, security, user=user)

    error = failure(lambda: count_unseen(mail, password, context=dovecot.client_context()))

    assert error.kind == "auth"
    assert str(error) == f"{mail.address} refused the user name or password"
    assert password not in repr(error.__cause__)
    dovecot.settle()
    assert "Aborted login by logging out (auth failed" in dovecot.log_text()[len(log_before) :]


@pytest.mark.parametrize("security", SECURITIES)
def test_a_certificate_from_an_untrusted_ca_is_refused_by_default(
    dovecot: Dovecot, security: Security
) -> None:
    log_before = dovecot.log_text()
    mail = account(dovecot, security)

    error = failure(lambda: count_unseen(mail, dovecot.password))  # ssl.create_default_context()

    assert error.kind == "certificate"
    assert str(error) == (
        f"{mail.address}: the certificate is not trusted (unable to get local issuer certificate)"
    )
    dovecot.settle()
    new = dovecot.log_text()[len(log_before) :]
    assert "alert unknown ca" in new
    assert "Login:" not in new


@pytest.mark.parametrize("security", SECURITIES)
def test_a_missing_folder_is_named_and_the_session_still_logs_out(
    dovecot: Dovecot, security: Security
) -> None:
    log_before = dovecot.log_text()
    mail = account(dovecot, security, folders=("INBOX", "Clients/2019"))

    error = failure(lambda: count_unseen(mail, dovecot.password, context=dovecot.client_context()))

    assert error.kind == "folder"
    assert str(error) == f'no folder "Clients/2019" on {mail.address}'
    dovecot.settle()
    assert re.search(r"Disconnected: Logged out", dovecot.log_text()[len(log_before) :])


def test_a_port_nobody_listens_on_is_unreachable(dovecot: Dovecot) -> None:
    with socket.socket() as placeholder:
        placeholder.bind((dovecot.host, 0))
        port = placeholder.getsockname()[1]  # bound, never listening: connections are refused
        mail = account(dovecot, port=port)

        error = failure(lambda: count_unseen(mail, "pw", context=dovecot.client_context()))

    assert error.kind == "unreachable"
    assert str(error) == f"{dovecot.host}:{port} refused the connection"


def test_the_connection_counter_sees_a_bare_connection(dovecot: Dovecot) -> None:
    before = dovecot.settle()

    socket.create_connection((dovecot.host, dovecot.imaps_port)).close()

    assert dovecot.settle() == before + 1
    assert connections_logged(dovecot.log_path) > before


def test_an_unusable_folder_name_fails_before_any_connection(dovecot: Dovecot) -> None:
    before = dovecot.settle()
    mail = account(dovecot, folders=("INBOX", "Notes\r\nA1 DELETE INBOX"))

    error = failure(lambda: count_unseen(mail, dovecot.password, context=dovecot.client_context()))

    assert error.kind == "folder"
    assert dovecot.settle() == before


# --- scripted servers: what a real Dovecot will not do -----------------------------------


@contextlib.contextmanager
def scripted_server(
    answer: Callable[[bytes], bytes] | None,
) -> Iterator[tuple[int, list[bytes]]]:
    """A one-connection server on 127.0.0.1: it greets, then answers each command line with
    `answer(line)` until LOGOUT. With `answer=None` it listens but never accepts or speaks."""
    received: list[bytes] = []
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(5)

    def serve() -> None:
        assert answer is not None
        with contextlib.suppress(OSError), listener.accept()[0] as conn, conn.makefile("rb") as f:
            conn.sendall(b"* OK scripted server ready\r\n")
            for line in f:
                received.append(line)
                conn.sendall(answer(line))
                if b" LOGOUT" in line.upper():
                    break

    thread = threading.Thread(target=serve, daemon=True) if answer else None
    try:
        if thread:
            thread.start()
        yield listener.getsockname()[1], received
    finally:
        if thread:
            thread.join(5)
        listener.close()


def without_starttls(line: bytes) -> bytes:
    tag, _, command = line.strip().partition(b" ")
    if command.upper() == b"CAPABILITY":
        return b"* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n" + tag + b" OK done\r\n"
    if command.upper() == b"LOGOUT":
        return b"* BYE bye\r\n" + tag + b" OK done\r\n"
    return tag + b" BAD not here\r\n"


def test_no_password_is_sent_when_the_server_offers_no_starttls() -> None:
    with scripted_server(without_starttls) as (port, received):
        mail = MailAccount("127.0.0.1", port, "clinician", security="starttls")

        error = failure(lambda: count_unseen(mail, "secret-pass"))

    assert error.kind == "protocol"
    assert str(error) == (
        f"127.0.0.1:{port} does not offer STARTTLS; the password is not sent without encryption"
    )
    commands = [line.split()[1].upper() for line in received]
    assert commands == [b"CAPABILITY", b"LOGOUT"]
    assert not any(b"secret-pass" in line for line in received)


@pytest.mark.parametrize("security", SECURITIES)
def test_a_server_that_never_answers_times_out(security: Security) -> None:
    with scripted_server(None) as (port, _received):
        mail = MailAccount("127.0.0.1", port, "clinician", security=security)

        error = failure(lambda: count_unseen(mail, "pw", timeout=0.2))

    assert error.kind == "timeout"
    assert str(error) == f"127.0.0.1:{port} did not answer in time"


# --- names on the wire --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "encoded"),
    [
        ("INBOX", "INBOX"),
        ("Clients 2026", "Clients 2026"),
        ("Fees & Invoices", "Fees &- Invoices"),
        ("Grüße & Co", "Gr&APwA3w-e &- Co"),
        ("~peter/mail/台北/日本語", "~peter/mail/&U,BTFw-/&ZeVnLIqe-"),  # RFC 3501's example
        ("Üben", "&ANw-ben"),
        ("📁", "&2D3cwQ-"),
    ],
)
def test_folder_names_are_encoded_in_modified_utf7(name: str, encoded: str) -> None:
    assert encode_mailbox_name(name) == encoded


def test_quoted_strings_escape_quotes_and_backslashes() -> None:
    assert quote_string('Say "hi" \\ bye') == '"Say \\"hi\\" \\\\ bye"'


def test_an_account_with_an_impossible_port_or_security_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="port"):
        MailAccount("mail.example.org", 0)
    with pytest.raises(ValueError, match="security"):
        MailAccount("mail.example.org", security="plain")  # type: ignore[arg-type]
