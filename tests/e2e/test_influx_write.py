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


def test_number_spellings_and_nanosecond_timestamps(copra_server, conn):
    """Plain decimals and 19-digit timestamps take the parser's fast paths;
    other spellings the general ones: the values are the same doubles."""
    spellings = ["31.84", "-0.25", "7", ".5", "5.", "1e3", "+2.5", "-1.5E-3",
                 "0.1", "123456789012345.6", "9007199254740993"]
    body = "".join(f"num,k=k{i} v={v} {1451606400123456789 + i}\n"
                   for i, v in enumerate(spellings))
    body += "num,k=big v=1 9223372036854775807\n"
    body += "num,k=over v=1 9223372036854775808\n"
    r = write(copra_server, body)
    assert r.status_code == 400, r.text
    reply = r.json()
    assert [f["line"] for f in reply["failed_lines"]] == [len(spellings) + 2]
    assert "invalid timestamp" in reply["failed_lines"][0]["message"]
    rows = conn.execute("SELECT k, v FROM num WHERE k <> 'big' ORDER BY greptime_timestamp").fetchall()
    assert [v for _, v in rows] == [float(s) for s in spellings]
    ts = conn.execute("SELECT CAST(greptime_timestamp AS STRING) FROM num WHERE k = 'k0'").fetchone()[0]
    assert ts == "2016-01-01 00:00:00.123456789"


def test_new_tags_and_fields_become_columns_and_survive_a_crash(start_copra):
    """Later writes add columns (ALTER TABLE path); concurrent writers adding
    the same columns all succeed; after SIGKILL the WAL replays across the
    schema changes and files from before them read the new columns as NULL."""
    import threading

    server = start_copra()
    r = write(server, "m,host=a v=1 1000\nm,host=b v=2 1000\n")
    assert r.status_code == 204, r.text
    with psycopg.connect(server.pg_dsn(), autocommit=True, connect_timeout=10) as c:
        c.execute("ADMIN FLUSH TABLE m")  # these rows now live in a file of the first schema
    r = write(server, "m,host=a,dc=eu v=3,n=7i,ok=true,note=\"x\",u=5u 2000\n")
    assert r.status_code == 204, r.text

    results = []

    def writer(t):
        for i in range(10):
            body = f"m,host=w{t},zone=z{t} v={i},extra{i}={t}i {3000 + i}\n"
            results.append(write(server, body).status_code)

    threads = [threading.Thread(target=writer, args=(t,)) for t in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [204] * 40

    def check(conn):
        desc = {d[0]: (d[1], d[2]) for d in conn.execute("DESCRIBE m").fetchall()}
        assert desc["dc"] == ("STRING", "PRI")
        assert desc["zone"] == ("STRING", "PRI")
        assert desc["n"][0] == "BIGINT"
        assert desc["ok"][0] == "BOOLEAN"
        assert desc["note"][0] == "STRING"
        assert desc["u"][0] == "BIGINT UNSIGNED"
        assert desc["extra9"][0] == "BIGINT"
        rows = conn.execute("SELECT host, dc, v, n, ok, note, u FROM m WHERE host IN ('a', 'b') "
                            "ORDER BY greptime_timestamp, host").fetchall()
        assert rows == [("a", None, 1.0, None, None, None, None),
                        ("b", None, 2.0, None, None, None, None),
                        ("a", "eu", 3.0, 7, True, "x", 5)]
        count, zones, total = conn.execute(
            "SELECT count(*), count(DISTINCT zone), sum(extra9) FROM m").fetchone()
        assert (count, zones, total) == (43, 4, 0 + 1 + 2 + 3)

    with psycopg.connect(server.pg_dsn(), autocommit=True, connect_timeout=10) as c:
        check(c)
    server.proc.kill()  # no clean shutdown: the last rows are only in the WAL
    server.proc.wait()
    again = start_copra(data_dir=server.data_dir)
    with psycopg.connect(again.pg_dsn(), autocommit=True, connect_timeout=10) as c:
        check(c)
        c.execute("ADMIN COMPACT TABLE m")
        check(c)
    assert again.stop() == 0
