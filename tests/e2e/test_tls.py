"""TLS: the PostgreSQL protocol answers SSLRequest with 'S' and handshakes
when pg.tls_cert/pg.tls_key are configured ('N' otherwise), pg.tls_required
refuses plain connections, and http.tls_cert/http.tls_key serve HTTPS.
Certificates are made for each test with the openssl command-line tool."""

import os
import subprocess
import time

import psycopg
import pytest
import requests

from conftest import COPRA_BIN, START_TIMEOUT, free_port


@pytest.fixture
def cert(tmp_path):
    """A self-signed certificate for localhost: (cert_path, key_path)."""
    cert, key = tmp_path / "server.crt", tmp_path / "server.key"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", str(key), "-out",
                    str(cert), "-days", "2", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
                   check=True, capture_output=True, timeout=60)
    return cert, key


def pg_config(tmp_path, cert, key, required=False):
    config = tmp_path / "tls.toml"
    text = f'[pg]\ntls_cert = "{cert}"\ntls_key = "{key}"\n'
    if required:
        text += "tls_required = true\n"
    config.write_text(text)
    return config


def psql(server, sslmode, *args):
    env = dict(os.environ, PGCONNECT_TIMEOUT="10")
    dsn = (f"host={server.pg_host} port={server.pg_port} user=copra dbname=public "
           f"sslmode={sslmode}")
    return subprocess.run(["psql", dsn, "-X", "-q", "-v", "ON_ERROR_STOP=1", *args],
                          capture_output=True, text=True, timeout=60, env=env)


def test_pg_tls_with_psql_and_psycopg(start_copra, tmp_path, cert):
    server = start_copra("--config", pg_config(tmp_path, *cert))
    out = psql(server, "require", "-c", "\\conninfo", "-c", "SELECT 40 + 2 AS answer")
    assert out.returncode == 0, out.stderr
    assert "SSL connection (protocol: TLSv1." in out.stdout, out.stdout
    assert "42" in out.stdout
    # The server's certificate checks out against itself as the CA.
    dsn = server.pg_dsn(sslmode="verify-full", sslrootcert=str(cert[0])).replace(
        f"host={server.pg_host}", "host=localhost")
    with psycopg.connect(dsn, autocommit=True, connect_timeout=10) as c:
        assert c.pgconn.ssl_in_use
        c.execute("CREATE TABLE t (ts TIMESTAMP TIME INDEX, v BIGINT)")
        # Enough rows to need many TLS records each way.
        c.execute("INSERT INTO t SELECT number, number FROM numbers(100000)")
        rows = c.execute("SELECT v FROM t ORDER BY ts").fetchall()
        assert len(rows) == 100000 and rows[-1] == (99999,)
        big = "x" * 300000
        assert c.execute("SELECT length(%s)", (big,)).fetchone() == (300000,)
    # Without TLS still allowed while not required.
    with psycopg.connect(server.pg_dsn(sslmode="disable"), autocommit=True,
                         connect_timeout=10) as c:
        assert not c.pgconn.ssl_in_use
        assert c.execute("SELECT count(*) FROM t").fetchone() == (100000,)


def test_pg_tls_required(start_copra, tmp_path, cert):
    server = start_copra("--config", pg_config(tmp_path, *cert, required=True))
    with pytest.raises(psycopg.OperationalError) as exc:
        psycopg.connect(server.pg_dsn(sslmode="disable"), connect_timeout=10)
    assert "requires TLS" in str(exc.value)
    out = psql(server, "disable", "-c", "SELECT 1")
    assert out.returncode != 0 and "requires TLS" in out.stderr
    # sslmode=prefer (libpq's default) asks for TLS and gets it.
    with psycopg.connect(server.pg_dsn(sslmode="prefer"), autocommit=True,
                         connect_timeout=10) as c:
        assert c.pgconn.ssl_in_use
        assert c.execute("SELECT 1").fetchone() == (1,)


def test_sslmode_require_fails_cleanly_without_tls(copra_server):
    out = psql(copra_server, "require", "-c", "SELECT 1")
    assert out.returncode != 0
    assert "server does not support SSL" in out.stderr, out.stderr
    with pytest.raises(psycopg.OperationalError) as exc:
        psycopg.connect(copra_server.pg_dsn(sslmode="require"), connect_timeout=10)
    assert "does not support SSL" in str(exc.value)
    # The server is fine and plain connections work.
    with psycopg.connect(copra_server.pg_dsn(), autocommit=True, connect_timeout=10) as c:
        assert not c.pgconn.ssl_in_use
        assert c.execute("SELECT 1").fetchone() == (1,)


def test_garbage_instead_of_a_tls_handshake(start_copra, tmp_path, cert):
    import socket
    import struct
    server = start_copra("--config", pg_config(tmp_path, *cert))
    with socket.create_connection((server.pg_host, server.pg_port), timeout=10) as s:
        s.sendall(struct.pack("!ii", 8, 80877103))  # SSLRequest
        assert s.recv(1) == b"S"
        s.sendall(b"this is not a TLS ClientHello\r\n" * 10)
        s.settimeout(10)
        try:
            while s.recv(4096):
                pass
        except ConnectionResetError:
            pass
    with psycopg.connect(server.pg_dsn(sslmode="require"), autocommit=True,
                         connect_timeout=10) as c:
        assert c.execute("SELECT 1").fetchone() == (1,)


def test_bad_certificate_files_stop_the_server(tmp_path, cert):
    config = tmp_path / "bad.toml"
    config.write_text(f'[pg]\ntls_cert = "{tmp_path}/missing.crt"\ntls_key = "{cert[1]}"\n')
    out = subprocess.run([COPRA_BIN, "serve", "--config", str(config), "--data",
                          str(tmp_path / "d"), "--http-addr", f"127.0.0.1:{free_port()}",
                          "--pg-addr", f"127.0.0.1:{free_port()}"],
                         capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert out.returncode != 0
    assert "missing.crt" in out.stderr and "certificate" in out.stderr, out.stderr


def test_https(tmp_path, cert):
    port = free_port()
    config = tmp_path / "https.toml"
    config.write_text(f'[http]\ntls_cert = "{cert[0]}"\ntls_key = "{cert[1]}"\n')
    log = open(tmp_path / "https.log", "wb")
    proc = subprocess.Popen([COPRA_BIN, "serve", "--config", str(config), "--data",
                             str(tmp_path / "d"), "--http-addr", f"127.0.0.1:{port}",
                             "--pg-addr", f"127.0.0.1:{free_port()}"],
                            stdin=subprocess.DEVNULL, stdout=log, stderr=log)
    try:
        url = f"https://localhost:{port}"
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                r = requests.get(url + "/health", verify=str(cert[0]), timeout=2)
                break
            except requests.RequestException:
                assert proc.poll() is None and time.monotonic() < deadline, \
                    (tmp_path / "https.log").read_text()
                time.sleep(0.1)
        assert r.status_code == 200
        r = requests.post(url + "/v1/sql", data={"sql": "SELECT 1 + 1"}, verify=str(cert[0]),
                          timeout=10)
        assert r.status_code == 200 and r.json()["output"][0]["records"]["rows"] == [[2]]
        with pytest.raises(requests.ConnectionError):
            requests.get(f"http://localhost:{port}/health", timeout=5)
    finally:
        proc.terminate()
        assert proc.wait(timeout=30) == 0
        log.close()
