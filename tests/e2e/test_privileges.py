"""Database privileges (GRANT/REVOKE READ, WRITE, ADMIN): enforced the same
way over the PostgreSQL protocol, /v1/sql, the line-protocol writes and the
script endpoints, and kept across a restart."""

import psycopg
import pytest
import requests

SCRIPT = "@coprocessor(returns=['a'])\ndef f() -> vector[i64]:\n    return 1\n"


def connect(server, user, password, dbname="public"):
    dsn = server.pg_dsn(dbname=dbname, password=password).replace("user=copra", f"user={user}")
    return psycopg.connect(dsn, autocommit=True, connect_timeout=10)


def sql(server, auth, text, db="public"):
    return requests.post(server.url + "/v1/sql", params={"db": db}, data={"sql": text},
                         auth=auth, timeout=30)


def test_privileges_over_every_protocol(start_copra):
    server = start_copra()
    with psycopg.connect(server.pg_dsn(), autocommit=True, connect_timeout=10) as c:
        c.execute("CREATE TABLE t (ts TIMESTAMP TIME INDEX, v BIGINT)")
        c.execute("INSERT INTO t VALUES (1, 10)")
        c.execute("CREATE DATABASE metrics")
        c.execute("CREATE USER root WITH PASSWORD 'r'")  # the first user: a superuser
    with connect(server, "root", "r") as c:
        c.execute("CREATE USER alice WITH PASSWORD 'a'")
        c.execute("GRANT READ ON DATABASE public TO alice")
        c.execute("GRANT WRITE ON DATABASE metrics TO alice")
        assert c.execute("SHOW GRANTS FOR alice").fetchall() == [
            ("alice", "metrics", "write"), ("alice", "public", "read")]

    alice = ("alice", "a")
    with connect(server, "alice", "a") as c:
        assert c.execute("SELECT v FROM t").fetchall() == [(10,)]
        with pytest.raises(psycopg.errors.InsufficientPrivilege) as exc:
            c.execute("INSERT INTO t VALUES (2, 20)")
        assert 'permission denied for database "public"' in str(exc.value)
        assert exc.value.sqlstate == "42501"
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            c.execute("CREATE TABLE u (ts TIMESTAMP TIME INDEX)")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            c.execute("CREATE USER mallory WITH PASSWORD 'm'")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            c.execute("GRANT ADMIN ON DATABASE public TO alice")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            c.execute("CREATE FUNCTION f(x bigint) RETURNS bigint LANGUAGE PYTHON AS "
                      "$$\ndef f(x):\n    return x\n$$")
        assert c.execute("SHOW GRANTS").fetchall() == [
            ("alice", "metrics", "write"), ("alice", "public", "read")]

    # HTTP /v1/sql: the same checks, 403 with GreptimeDB's code 7005.
    r = sql(server, alice, "SELECT v FROM t")
    assert r.status_code == 200 and r.json()["output"][0]["records"]["rows"] == [[10]]
    r = sql(server, alice, "DELETE FROM t")
    assert r.status_code == 403 and r.json()["code"] == 7005, r.text
    assert "permission denied" in r.json()["error"]

    # Line protocol: write privilege, and writers may create their tables.
    write = server.url + "/v1/influxdb/write"
    r = requests.post(write, params={"db": "metrics"}, data="cpu,host=a usage=1 1\n",
                      auth=alice, timeout=10)
    assert r.status_code == 204, r.text
    r = requests.post(write, params={"db": "public"}, data="cpu,host=a usage=1 1\n",
                      auth=alice, timeout=10)
    assert r.status_code == 403 and "permission denied" in r.json()["error"], r.text
    r = sql(server, alice, "SELECT host, usage FROM cpu", db="metrics")
    assert r.json()["output"][0]["records"]["rows"] == [["a", 1.0]], r.text
    # ... and add the new fields they write (no admin needed), but ALTER
    # TABLE in SQL needs admin.
    r = requests.post(write, params={"db": "metrics"}, data="cpu,host=a usage=2,idle=5 2\n",
                      auth=alice, timeout=10)
    assert r.status_code == 204, r.text
    r = sql(server, alice, "SELECT host, usage, idle FROM cpu ORDER BY usage", db="metrics")
    assert r.json()["output"][0]["records"]["rows"] == [["a", 1.0, None], ["a", 2.0, 5.0]], r.text
    r = sql(server, alice, "ALTER TABLE cpu ADD COLUMN x DOUBLE", db="metrics")
    assert r.status_code == 403 and "permission denied" in r.json()["error"], r.text

    # Scripts: saving one needs admin, running one read.
    scripts = server.url + "/v1/scripts"
    r = requests.post(scripts, params={"name": "f"}, data=SCRIPT, auth=alice, timeout=30)
    assert r.status_code == 403, r.text
    r = requests.post(scripts, params={"name": "f"}, data=SCRIPT, auth=("root", "r"), timeout=30)
    assert r.status_code == 200, r.text
    r = requests.post(server.url + "/v1/run-script", params={"name": "f"}, auth=alice, timeout=30)
    assert r.status_code == 200 and r.json()["output"][0]["records"]["rows"] == [[1]], r.text
    r = requests.post(server.url + "/v1/run-script", params={"name": "f", "db": "metrics"},
                      auth=alice, timeout=30)
    assert r.status_code != 200  # no script f there; alice may read metrics

    with connect(server, "root", "r") as c:
        c.execute("GRANT ADMIN ON ALL DATABASES TO alice")
        c.execute("REVOKE WRITE ON DATABASE metrics FROM alice")
    assert server.stop() == 0, server.log()

    # Grants survive a restart.
    server = start_copra(data_dir=server.data_dir)
    with connect(server, "alice", "a") as c:
        c.execute("CREATE TABLE metrics.m (ts TIMESTAMP TIME INDEX)")  # admin on all
        assert ("alice", "*", "admin") in c.execute("SHOW GRANTS").fetchall()
    with connect(server, "root", "r") as c:
        c.execute("REVOKE ALL ON ALL DATABASES FROM alice")
        c.execute("REVOKE ALL ON DATABASE public FROM alice")
    with connect(server, "alice", "a") as c:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            c.execute("SELECT * FROM t")
        # REVOKE WRITE on metrics (before the restart) left read there.
        assert c.execute("SELECT count(*) FROM metrics.cpu").fetchone() == (2,)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            c.execute("INSERT INTO metrics.cpu (host, usage, greptime_timestamp) VALUES ('b', 2, 2)")
    assert server.stop() == 0, server.log()


# A coprocessor with args= called as a SQL function; its query().sql()
# writes to the table.
WRITER_SCRIPT = """@coprocessor(args=['v'], returns=['w'])
def writer(v) -> vector[i64]:
    from copra import query
    query().sql("INSERT INTO t VALUES (100, 100)")
    return v
"""


def test_script_function_sql_runs_with_the_callers_privileges(start_copra):
    server = start_copra()
    with psycopg.connect(server.pg_dsn(), autocommit=True, connect_timeout=10) as c:
        c.execute("CREATE TABLE t (ts TIMESTAMP TIME INDEX, v BIGINT)")
        c.execute("INSERT INTO t VALUES (1, 10)")
        c.execute("CREATE USER root WITH PASSWORD 'r'")
    with connect(server, "root", "r") as c:
        c.execute("CREATE USER reader WITH PASSWORD 'x'")
        c.execute("GRANT READ ON DATABASE public TO reader")
    r = requests.post(server.url + "/v1/scripts", params={"name": "writer"},
                      data=WRITER_SCRIPT, auth=("root", "r"), timeout=30)
    assert r.status_code == 200, r.text

    # The reader may call the function, but the INSERT inside it is the
    # reader's own statement: refused, and nothing is written.
    with connect(server, "reader", "x") as c:
        with pytest.raises(psycopg.Error) as exc:
            c.execute("SELECT writer(v) FROM t")
        assert "permission denied" in str(exc.value), exc.value
        assert c.execute("SELECT count(*) FROM t").fetchone() == (1,)
    # The admin's call writes.
    with connect(server, "root", "r") as c:
        assert c.execute("SELECT writer(v) FROM t").fetchall() == [(10,)]
        assert c.execute("SELECT count(*) FROM t").fetchone() == (2,)
    assert server.stop() == 0, server.log()
