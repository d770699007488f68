"""TLS: a private server with a self-signed certificate made here; omnidb's DSN options verify it."""

from __future__ import annotations

import os
import shutil
import ssl
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import omnidb
from omnidb.errors import ConnectionFailed
from omnidb.session import tls_context
from omnidb.tooling.devserver import DevServer, find_server_binary

DRIVER = os.environ.get("OMNIDB_TEST_DRIVER", "pymysql")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        find_server_binary() is None or shutil.which("openssl") is None, reason="needs mariadbd/mysqld and openssl"
    ),
]


def openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


def make_ca_and_server_cert(folder: Path, name: str) -> None:
    """``name``-ca.pem signs ``name``-cert.pem, issued to localhost only (not to 127.0.0.1)."""
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", f"/CN={name} test CA",
            "-keyout", f"{name}-ca-key.pem", "-out", f"{name}-ca.pem", cwd=folder)  # fmt: skip
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost",
            "-keyout", f"{name}-key.pem", "-out", f"{name}.csr", cwd=folder)  # fmt: skip
    (folder / "san.cnf").write_text("subjectAltName = DNS:localhost\n")
    openssl("x509", "-req", "-in", f"{name}.csr", "-CA", f"{name}-ca.pem", "-CAkey", f"{name}-ca-key.pem",
            "-CAcreateserial", "-days", "2", "-extfile", "san.cnf", "-out", f"{name}-cert.pem", cwd=folder)  # fmt: skip


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    certs = tmp_path_factory.mktemp("certs")
    make_ca_and_server_cert(certs, "server")
    make_ca_and_server_cert(certs, "other")  # a CA that did not sign the server's certificate
    server = DevServer(
        tmp_path_factory.mktemp("tls-server"),
        extra_args=[f"--ssl-ca={certs / 'server-ca.pem'}", f"--ssl-cert={certs / 'server-cert.pem'}",
                    f"--ssl-key={certs / 'server-key.pem'}"],
    )  # fmt: skip
    dsn = server.start()
    try:
        yield dsn, certs
    finally:
        server.stop()


def cipher(db: omnidb.Database) -> str:
    with db.connection() as conn, conn.cursor() as cur:
        cur.execute("SHOW SESSION STATUS LIKE 'Ssl_cipher'")
        row = cur.fetchone()
    return str(row["Value"]) if row else ""


# mysqlclient (MariaDB Connector/C) takes the host name localhost to mean the default Unix socket, so
# a DSN naming the certificate's host, localhost, would reach another server: PyMySQL only.
by_name_needs_tcp = pytest.mark.skipif(DRIVER == "mysqlclient", reason="mysqlclient: localhost means a Unix socket")


@by_name_needs_tcp
def test_a_verified_tls_session_with_the_right_ca(tls_server: tuple[str, Path]) -> None:
    dsn, certs = tls_server
    ca = certs / "server-ca.pem"
    by_name = dsn.replace("127.0.0.1", "localhost")  # the name the certificate was issued to
    db = omnidb.connect(f"{by_name}?ssl_ca={ca}&ssl_verify_cert=true&ssl_verify_identity=true", driver=DRIVER)
    assert cipher(db) != ""  # encrypted
    db.close()
    # Without TLS options PyMySQL (1.2+) still encrypts when the server offers TLS, but verifies
    # nothing: a certificate from any CA is accepted. The options above are what make it verified.
    unverified = omnidb.connect(dsn)
    assert unverified.config.ssl_ca is None
    unverified.close()


@pytest.mark.skipif(DRIVER != "pymysql", reason="PyMySQL's own TLS context")
def test_without_tls_options_sessions_still_encrypt_and_share_one_context(tls_server: tuple[str, Path]) -> None:
    dsn, _ = tls_server
    db = omnidb.connect(dsn, pool_size=2)
    assert cipher(db) != ""  # PyMySQL's "preferred" mode: TLS whenever the server offers it
    with db.connection() as first, db.connection() as second:
        assert first is not second and first.ctx is second.ctx  # built once, not once per session
        assert first.ctx.verify_mode == ssl.CERT_NONE and first.ctx.cert_store_stats()["x509_ca"] == 0
    db.close()


def test_sessions_of_the_same_tls_options_share_a_context_until_the_ca_file_changes(
    tls_server: tuple[str, Path], tmp_path: Path
) -> None:
    ca = tmp_path / "ca.pem"
    shutil.copy(tls_server[1] / "server-ca.pem", ca)
    config = omnidb.parse_dsn(f"mysql://root@localhost/db?ssl_ca={ca}")

    first = tls_context(config)

    assert tls_context(config) is first and first.verify_mode == ssl.CERT_REQUIRED
    shutil.copy(tls_server[1] / "other-ca.pem", ca)  # the CA is rotated
    os.utime(ca, ns=(time.time_ns() + 10**9, time.time_ns() + 10**9))
    assert tls_context(config) is not first
    assert tls_context(omnidb.parse_dsn("mysql://root@localhost/db?ssl=true")).cert_store_stats()["x509_ca"] == 0


def test_a_certificate_the_ca_did_not_sign_is_refused(tls_server: tuple[str, Path]) -> None:
    dsn, certs = tls_server
    for options in (f"ssl_ca={certs / 'other-ca.pem'}&ssl_verify_cert=true", f"ssl_ca={certs / 'other-ca.pem'}"):
        with pytest.raises(ConnectionFailed, match=r"cannot connect to .*: TLS failed: .*certificate") as raised:
            omnidb.connect(f"{dsn}?{options}", driver=DRIVER)  # ssl_ca alone verifies too
        assert "is the server running" not in str(raised.value)  # a TLS failure, not a network one


@pytest.mark.parametrize("option", ["ssl_verify_cert=true", "ssl_verify_identity=true"])
def test_verification_without_ssl_ca_uses_the_system_trust_store(tls_server: tuple[str, Path], option: str) -> None:
    dsn, certs = tls_server
    by_name = dsn.replace("127.0.0.1", "localhost") if DRIVER == "pymysql" else dsn
    if DRIVER == "mysqlclient" and "identity" in option:
        pytest.skip("mysqlclient: localhost means a Unix socket, and 127.0.0.1 is not the certificate's name")
    # The test CA is in no system trust store: verification must refuse the server...
    with pytest.raises(ConnectionFailed, match=r"TLS failed: .*certificate"):
        omnidb.connect(f"{by_name}?{option}", driver=DRIVER)
    if DRIVER == "mysqlclient":
        return  # Connector/C also checks the name, and only 127.0.0.1 reaches this server over TCP
    # ...and accept it once the trust store holds the CA (a private bundle, through SSL_CERT_FILE).
    os.environ["SSL_CERT_FILE"] = str(certs / "server-ca.pem")
    try:
        db = omnidb.connect(f"{by_name}?{option}", driver=DRIVER)
        assert cipher(db) != ""
        db.close()
    finally:
        del os.environ["SSL_CERT_FILE"]


def test_ssl_true_encrypts_without_verifying(tls_server: tuple[str, Path]) -> None:
    dsn, _ = tls_server
    db = omnidb.connect(f"{dsn}?ssl=true", driver=DRIVER)
    assert cipher(db) != ""
    db.close()


def test_identity_is_checked_against_the_dsn_host(tls_server: tuple[str, Path]) -> None:
    dsn, certs = tls_server
    ca = certs / "server-ca.pem"
    wrong_host = dsn  # 127.0.0.1 reaches the server, but the certificate names only localhost
    with pytest.raises(ConnectionFailed):
        omnidb.connect(f"{wrong_host}?ssl_ca={ca}&ssl_verify_identity=true", connect_timeout=5, driver=DRIVER)
    if DRIVER == "mysqlclient":
        return  # MariaDB Connector/C checks the host name whenever it verifies the certificate
    unchecked = omnidb.connect(f"{wrong_host}?ssl_ca={ca}&ssl_verify_cert=true", connect_timeout=5)
    assert cipher(unchecked) != ""
    unchecked.close()


def test_any_tls_option_refuses_a_server_without_tls(
    tls_server: tuple[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> None:
    ca = tls_server[1] / "server-ca.pem"
    server = DevServer(tmp_path_factory.mktemp("plain-server"), extra_args=["--skip-ssl"])
    dsn = server.start()
    try:
        assert cipher(omnidb.connect(dsn, driver=DRIVER)) == ""  # the server speaks plaintext only
        for option in ("ssl=true", "ssl_verify_cert=true", "ssl_verify_identity=true", f"ssl_ca={ca}"):
            # one wording, whichever driver refused it (PyMySQL before the login, mysqlclient after)
            with pytest.raises(ConnectionFailed, match="the server does not offer TLS, and the DSN requires it"):
                omnidb.connect(f"{dsn}?{option}", driver=DRIVER)
            with pytest.raises(ConnectionFailed) as raised:
                omnidb.connect(f"{dsn}?{option}", driver=DRIVER)
            assert raised.value.code == 2026, option
    finally:
        server.stop()


def test_bad_tls_options_are_config_errors() -> None:
    with pytest.raises(omnidb.errors.ConfigError, match="ssl_ca: /etc/hostname holds no usable CA certificate"):
        omnidb.connect("mysql://root@127.0.0.1:1/db?ssl_ca=/etc/hostname", driver="pymysql")
    with pytest.raises(omnidb.errors.ConfigError, match="ssl_verify_cert must be true or false, got 'maybe'"):
        omnidb.parse_dsn("mysql://h/db?ssl_ca=/x&ssl_verify_cert=maybe")
