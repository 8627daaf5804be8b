"""STRING arguments of Python UDFs arrive as bytes through `copra serve`, on
both backends, for scalar UDFs and aggregates; STRING results take bytes
or str; returned bytes that are not UTF-8 fail the query naming the row and
the server goes on."""

import psycopg
import pytest
import requests


def sql(server, text):
    r = requests.post(server.url + "/v1/sql", data={"sql": text}, timeout=60)
    return r.json()


def rows(server, text):
    body = sql(server, text)
    assert body["code"] == 0, body
    return body["output"][-1]["records"]["rows"]


@pytest.fixture
def server(start_copra, tmp_path):
    config = tmp_path / "copra.toml"
    config.write_text("[python]\nprocess_workers = 2\n")
    s = start_copra("--config", config)
    yield s
    assert s.stop() == 0, s.log()


@pytest.mark.parametrize("backend", ["cpython", "process"])
def test_udf_strings_are_bytes(server, backend):
    body = sql(server, "CREATE TABLE t (ts TIMESTAMP TIME INDEX, s STRING)")
    assert body["code"] == 0, body
    body = sql(server, "INSERT INTO t VALUES (1, 'ab'), (2, NULL), (3, 'día')")
    assert body["code"] == 0, body
    body = sql(server, "CREATE FUNCTION kinds(s string) RETURNS string LANGUAGE PYTHON AS $$\n"
                       "def kinds(s):\n"
                       "    return [type(x).__name__.encode() for x in s]\n"
                       f"$$ SETTINGS backend = '{backend}'")
    assert body["code"] == 0, body
    body = sql(server, "CREATE FUNCTION shout(s string) RETURNS string LANGUAGE PYTHON AS $$\n"
                       "def shout(s):\n"
                       "    return [None if x is None else x.decode().upper() for x in s]\n"
                       f"$$ SETTINGS backend = '{backend}'")
    assert body["code"] == 0, body
    body = sql(server, "CREATE AGGREGATE FUNCTION joined(s string) RETURNS string "
                       "LANGUAGE PYTHON AS $$\n"
                       "class joined:\n"
                       "    def __init__(self):\n"
                       "        self.parts = []\n"
                       "    def process(self, s):\n"
                       "        self.parts += [b'-' if x is None else x for x in s]\n"
                       "    def finalize(self):\n"
                       "        return b'+'.join(self.parts)\n"
                       f"$$ SETTINGS backend = '{backend}'")
    assert body["code"] == 0, body
    assert rows(server, "SELECT kinds(s), shout(s) FROM t ORDER BY ts") == [
        ["bytes", "AB"], ["NoneType", None], ["bytes", "DÍA"]]
    assert rows(server, "SELECT joined(s) FROM t") == [["ab+-+día"]]

    # Over the PostgreSQL protocol, with a parameter.
    with psycopg.connect(server.pg_dsn(), autocommit=True, connect_timeout=10) as conn:
        got = conn.execute("SELECT kinds(%s), shout(%s)", ("é", "é")).fetchall()
        assert got == [("bytes", "É")]

    body = sql(server, "CREATE FUNCTION bad(s string) RETURNS string LANGUAGE PYTHON AS $$\n"
                       "def bad(s):\n"
                       "    return [b'ok', b'\\xff'] + [b''] * (len(s) - 2)\n"
                       f"$$ SETTINGS backend = '{backend}'")
    assert body["code"] == 0, body
    body = sql(server, "SELECT bad(s) FROM t ORDER BY ts")
    assert body["code"] != 0, body
    assert 'row 1: returned bytes are not valid UTF-8' in body["error"], body
    assert rows(server, "SELECT count(*) FROM t") == [[3]]
