"""InfluxDB line protocol over HTTP, read back through the PostgreSQL wire protocol."""

import gzip

import psycopg
import pytest


@pytest.fixture
def conn(copra_server):
    with psycopg.connect(copra_server.pg_dsn(), autocommit=True, connect_timeout=10) as c:
        yield c


def write(server, body, path="/v1/influxdb/write", **params):
    import requests

    return requests.post(server.url + path, params=params, data=body, timeout=60)


def test_greptime_example_creates_the_table(copra_server, conn):
    body = ("monitor,host=127.0.0.1 cpu=0.1,memory=0.4 1667446797450\n"
            "monitor,host=127.0.0.2 cpu=0.2,memory=0.3 1667446798450\n"
            "monitor,host=127.0.0.1 cpu=0.5,memory=0.2 1667446798450\n")
    r = write(copra_server, body, db="public", precision="ms")
    assert r.status_code == 204, r.text
    rows = conn.execute("SELECT host, cpu, memory, greptime_timestamp FROM monitor "
                        "ORDER BY greptime_timestamp, host").fetchall()
    assert [(h, c, m) for h, c, m, _ in rows] == [
        ("127.0.0.1", 0.1, 0.4), ("127.0.0.1", 0.5, 0.2), ("127.0.0.2", 0.2, 0.3)]
    assert rows[0][3].isoformat() == "2022-11-03T03:39:57.450000"
    desc = conn.execute("DESCRIBE monitor").fetchall()
    assert [(d[0], d[2]) for d in desc] == [("host", "PRI"), ("cpu", ""), ("memory", ""),
                                            ("greptime_timestamp", "TIME INDEX")]


def test_v2_api_gzip_and_ping(copra_server, conn):
    conn.execute("CREATE DATABASE metrics")
    body = gzip.compress(b"weather,city=oslo temp=-3.5,ok=t 1700000000\n")
    import requests

    r = requests.post(copra_server.url + "/api/v2/write", params={"bucket": "metrics", "precision": "s"},
                      data=body, headers={"Content-Encoding": "gzip"}, timeout=30)
    assert r.status_code == 204, r.text
    assert conn.execute("SELECT city, temp, ok FROM metrics.weather").fetchall() == [("oslo", -3.5, True)]
    assert requests.get(copra_server.url + "/ping", timeout=10).status_code == 204


def test_partial_failure_keeps_good_lines(copra_server, conn):
    body = ("cpu,host=a usage=1 1\n"
            "cpu,host=b usage= 2\n"
            "cpu,host=c usage=\"text\" 3\n"
            "cpu,host=d usage=4 4\n")
    r = write(copra_server, body)
    assert r.status_code == 400
    reply = r.json()
    assert reply["code"] == "invalid"
    assert reply["lines_written"] == 2
    assert [f["line"] for f in reply["failed_lines"]] == [2, 3]
    assert "2 of 4 lines failed; line 2:" in reply["error"]
    assert conn.execute("SELECT host FROM cpu ORDER BY host").fetchall() == [("a",), ("d",)]


def test_request_wide_errors(copra_server):
    r = write(copra_server, "m v=1 1\n", db="nope")
    assert r.status_code == 404
    assert "database \"nope\" does not exist" in r.json()["error"]
    r = write(copra_server, "m v=1 1\n", precision="days")
    assert r.status_code == 400
    assert "unknown precision" in r.json()["error"]


def test_hundred_thousand_lines_round_trip(copra_server, conn):
    lines = []
    for i in range(100_000):
        lines.append(f"cpu,hostname=host_{i % 100},region=r{i % 7} usage_user={i % 1000 / 10},"
                     f"usage_system={i % 13}i {1451606400000000000 + (i // 100) * 10_000_000_000}")
    r = write(copra_server, "\n".join(lines) + "\n")
    assert r.status_code == 204, r.text[:500]
    count, hosts, total = conn.execute(
        "SELECT count(*), count(DISTINCT hostname), sum(usage_system) FROM cpu").fetchone()
    assert count == 100_000
    assert hosts == 100
    assert total == sum(i % 13 for i in range(100_000))
    first = conn.execute("SELECT min(greptime_timestamp), max(greptime_timestamp) FROM cpu").fetchone()
    assert first[0].isoformat() == "2016-01-01T00:00:00"
    assert first[1].isoformat() == "2016-01-01T02:46:30"
