"""HTTP limits: the statement timeout of /v1/sql and /v1/run-script (config
http.statement_timeout_ms and GreptimeDB's X-Greptime-Timeout header), the
keep-alive idle timeout, the open-connections gauge in /metrics and the
connection limit (http.max_connections)."""

import socket
import time

import psycopg
import requests

from test_metrics import scrape, value

ENDLESS = "SELECT count(*) FROM numbers(1000000000000)"

SPIN = '''@coprocessor(returns=["n"])
def spin() -> vector[i64]:
    n = 0
    while True:
        n += 1
    return n
'''


def sql(server, text, headers=None, **params):
    return requests.post(server.url + "/v1/sql", params=params, data={"sql": text},
                         headers=headers or {}, timeout=60)


def assert_timed_out(r):
    assert r.status_code == 400, r.text
    body = r.json()
    assert body["code"] == 1005, body
    assert body["error"] == "canceling statement due to statement timeout", body


def test_statement_timeout_from_config(start_copra, tmp_path):
    config = tmp_path / "copra.toml"
    config.write_text("[http]\nstatement_timeout_ms = 300\n")
    server = start_copra("--config", config)
    assert_timed_out(sql(server, ENDLESS))
    # Every output format, and a request of several statements.
    assert_timed_out(sql(server, ENDLESS, format="csv"))
    assert_timed_out(sql(server, ENDLESS, format="arrow"))
    assert_timed_out(sql(server, "SELECT 1; " + ENDLESS + "; SELECT 2"))
    # The header lifts the limit for one request (here: to an hour).
    r = sql(server, "SELECT count(*) FROM numbers(100000)",
            headers={"X-Greptime-Timeout": "1h"})
    assert r.status_code == 200, r.text
    assert r.json()["output"][0]["records"]["rows"] == [[100000]]
    # The server is still up: HTTP and pgwire answer, and pgwire has no limit.
    assert sql(server, "SELECT 1").json()["output"][0]["records"]["rows"] == [[1]]
    with psycopg.connect(server.pg_dsn(), autocommit=True, connect_timeout=10) as c:
        assert c.execute("SELECT 1").fetchone() == (1,)
    samples, _ = scrape(server)
    assert value(samples, "copra_query_errors_by_sqlstate_total",
                 sqlstate="57014", code="query_canceled") >= 4
    assert server.stop() == 0, server.log()


def test_timeout_header_and_run_script(copra_server):
    server = copra_server
    # No limit configured: the header sets one.
    assert_timed_out(sql(server, ENDLESS, headers={"X-Greptime-Timeout": "200ms"}))
    r = sql(server, "SELECT 1", headers={"X-Greptime-Timeout": "soon"})
    assert r.status_code == 400
    assert r.json()["code"] == 1004
    assert "X-Greptime-Timeout" in r.json()["error"]
    # A Python coprocessor that never returns is interrupted too.
    r = requests.post(server.url + "/v1/scripts", params={"name": "spin"}, data=SPIN, timeout=60)
    assert r.status_code == 200, r.text
    r = requests.post(server.url + "/v1/run-script", params={"name": "spin"},
                      headers={"X-Greptime-Timeout": "300ms"}, timeout=60)
    assert_timed_out(r)
    assert sql(server, "SELECT 2").json()["output"][0]["records"]["rows"] == [[2]]


def wait_for(predicate, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def open_connections(server):
    samples, types = scrape(server)
    assert types["copra_http_connections"] == "gauge"
    return value(samples, "copra_http_connections")


def test_open_connections_gauge(copra_server):
    server = copra_server
    # Each scrape is itself one open connection (requests closes it after).
    assert wait_for(lambda: open_connections(server) == 1)
    before, _ = scrape(server)
    idle = [socket.create_connection((server.http_addr.split(":")[0],
                                      int(server.http_addr.split(":")[1])), timeout=10)
            for _ in range(3)]
    try:
        assert wait_for(lambda: open_connections(server) == 4)
    finally:
        for s in idle:
            s.close()
    assert wait_for(lambda: open_connections(server) == 1)
    after, _ = scrape(server)
    assert (value(after, "copra_http_connections_total")
            - value(before, "copra_http_connections_total")) >= 3


def test_idle_keep_alive_connection_is_closed(start_copra, tmp_path):
    config = tmp_path / "copra.toml"
    config.write_text("[http]\nidle_timeout_ms = 1000\n")
    server = start_copra("--config", config)
    host, port = server.http_addr.split(":")
    with socket.create_connection((host, int(port)), timeout=30) as s:
        s.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n")
        reply = b""
        while b"\r\n\r\n" not in reply or not reply.endswith(b"}"):
            chunk = s.recv(4096)
            assert chunk, reply
            reply += chunk
        assert reply.startswith(b"HTTP/1.1 200"), reply
        # Then the client sends nothing: the server closes the connection
        # (well before the socket's own 30 s timeout).
        assert s.recv(4096) == b""
    assert wait_for(lambda: open_connections(server) == 1)
    assert server.stop() == 0, server.log()


def test_connections_beyond_the_limit_get_503(start_copra, tmp_path):
    config = tmp_path / "copra.toml"
    config.write_text("[http]\nmax_connections = 3\nidle_timeout_ms = 60000\n")
    server = start_copra("--config", config)
    host, port = server.http_addr.split(":")
    health = server.url + "/health"
    assert requests.get(health, timeout=10).status_code == 200
    idle = [socket.create_connection((host, int(port)), timeout=10) for _ in range(3)]
    try:
        # The three idle connections fill the limit: a fourth is answered at
        # once (not queued behind them) with 503 and closed.
        assert wait_for(lambda: requests.get(health, timeout=10).status_code == 503)
        r = requests.get(health, timeout=10)
        assert r.status_code == 503, r.text
        assert r.headers["Connection"] == "close"
        assert r.json()["code"] == 6000
        assert "too many connections" in r.json()["error"]
        assert "http.max_connections" in r.json()["error"]
        r = requests.post(server.url + "/v1/sql", data={"sql": "SELECT 1"}, timeout=10)
        assert r.status_code == 503, r.text
        # The connections within the limit are still served.
        idle[0].sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        reply = b""
        while True:
            chunk = idle[0].recv(4096)
            if not chunk:
                break
            reply += chunk
        assert reply.startswith(b"HTTP/1.1 200"), reply
    finally:
        for s in idle:
            s.close()
    # Once they close, new connections are served again.
    assert wait_for(lambda: requests.get(health, timeout=10).status_code == 200)
    assert requests.post(server.url + "/v1/sql", data={"sql": "SELECT 1"},
                         timeout=10).json()["output"][0]["records"]["rows"] == [[1]]
    assert server.stop() == 0, server.log()
