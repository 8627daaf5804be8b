"""User accounts: CREATE/ALTER/DROP USER, SCRAM-SHA-256 over the PostgreSQL
protocol, Basic authentication over HTTP, persistence, and listening beyond
loopback once users exist."""

import base64
import psycopg
import pytest
import requests

from conftest import free_port


def test_users_require_scram_and_basic_auth(start_copra):
    server = start_copra()
    with psycopg.connect(server.pg_dsn(), autocommit=True, connect_timeout=10) as c:
        c.execute("CREATE USER alice WITH PASSWORD 'wonder land'")
        assert c.execute("SHOW USERS").fetchall() == [("alice",)]
        with pytest.raises(psycopg.errors.DuplicateObject):
            c.execute("CREATE USER alice WITH PASSWORD 'x'")
    # Now a password is required.
    with pytest.raises(psycopg.OperationalError) as exc:
        psycopg.connect(server.pg_dsn(password="wrong", user="alice"), connect_timeout=10)
    assert 'password authentication failed for user "alice"' in str(exc.value)
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(server.pg_dsn(password="x", user="nobody"), connect_timeout=10)
    dsn = server.pg_dsn(password="'wonder land'").replace("user=copra", "user=alice")
    with psycopg.connect(dsn, autocommit=True, connect_timeout=10) as c:
        assert c.execute("SELECT 1").fetchone() == (1,)
        c.execute("ALTER USER alice WITH PASSWORD 'new'")
    # HTTP: Basic authentication.
    url = server.url + "/v1/sql"
    r = requests.post(url, data={"sql": "SELECT 1"}, timeout=10)
    assert r.status_code == 401 and r.headers["WWW-Authenticate"].startswith("Basic")
    r = requests.post(url, data={"sql": "SELECT 1"}, auth=("alice", "wonder land"), timeout=10)
    assert r.status_code == 401
    r = requests.post(url, data={"sql": "SELECT 1"}, auth=("alice", "new"), timeout=10)
    assert r.status_code == 200 and r.json()["output"][0]["records"]["rows"] == [[1]]
    # Bearer and InfluxDB's Token schemes carry the same credentials.
    bearer = {"Authorization": "Bearer " + base64.b64encode(b"alice:new").decode()}
    r = requests.post(url, data={"sql": "SELECT 2"}, headers=bearer, timeout=10)
    assert r.status_code == 200, r.text
    # Every other endpoint asks for the same credentials.
    write = server.url + "/v1/influxdb/write"
    assert requests.post(write, data="m v=1 1\n", timeout=10).status_code == 401
    r = requests.post(server.url + "/api/v2/write", data="m v=1 1\n",
                      headers={"Authorization": "Token alice:new"}, timeout=10)
    assert r.status_code == 204, r.text
    script = "@coprocessor(returns=['a'])\ndef f() -> vector[i64]:\n    return 1\n"
    scripts = server.url + "/v1/scripts"
    assert requests.post(scripts, params={"name": "f"}, data=script, timeout=10).status_code == 401
    r = requests.post(scripts, params={"name": "f"}, data=script, auth=("alice", "new"), timeout=30)
    assert r.status_code == 200, r.text
    run = server.url + "/v1/run-script"
    assert requests.post(run, params={"name": "f"}, timeout=10).status_code == 401
    r = requests.post(run, params={"name": "f"}, headers=bearer, timeout=30)
    assert r.status_code == 200 and r.json()["output"][0]["records"]["rows"] == [[1]]
    assert server.stop() == 0, server.log()

    # Users persist in the data directory; with users, non-loopback listening is allowed.
    again = start_copra(data_dir=server.data_dir)
    dsn = again.pg_dsn(password="new").replace("user=copra", "user=alice")
    with psycopg.connect(dsn, autocommit=True, connect_timeout=10) as c:
        c.execute("DROP USER alice")
    assert again.stop() == 0, again.log()
    assert (server.data_dir / "users").read_text() == ""


def test_non_loopback_allowed_once_users_exist(start_copra, tmp_path):
    server = start_copra()
    with psycopg.connect(server.pg_dsn(), autocommit=True, connect_timeout=10) as c:
        c.execute("CREATE USER admin WITH PASSWORD 'pw'")
    assert server.stop() == 0
    http_port = free_port()
    wide = start_copra("--data", server.data_dir, "--http-addr", f"0.0.0.0:{http_port}",
                       "--pg-addr", f"0.0.0.0:{free_port()}", data_dir=False,
                       http_addr=f"127.0.0.1:{http_port}")
    r = requests.post(wide.url + "/v1/sql", data={"sql": "SELECT 1"}, auth=("admin", "pw"),
                      timeout=10)
    assert r.status_code == 200
    assert wide.stop() == 0, wide.log()
