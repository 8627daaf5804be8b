"""POST/GET /v1/sql: GreptimeDB-compatible SQL over HTTP (JSON and CSV)."""

import requests


def sql(server, text, **params):
    return requests.post(server.url + "/v1/sql", data={"sql": text}, params=params, timeout=30)


def test_query_returns_greptime_json(copra_server):
    r = sql(copra_server, "SELECT 1 AS x, 'a' AS s, 1.5 AS f, true AS b, NULL AS n")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["code"] == 0
    assert isinstance(body["execution_time_ms"], int)
    records = body["output"][0]["records"]
    assert records["schema"]["column_schemas"] == [
        {"name": "x", "data_type": "Int64"}, {"name": "s", "data_type": "String"},
        {"name": "f", "data_type": "Float64"}, {"name": "b", "data_type": "Boolean"},
        {"name": "n", "data_type": "Null"}]
    assert records["rows"] == [[1, "a", 1.5, True, None]]
    assert records["total_rows"] == 1


def test_several_statements_give_several_outputs(copra_server):
    r = sql(copra_server,
            "CREATE TABLE cpu (ts TIMESTAMP TIME INDEX, host STRING PRIMARY KEY, usage DOUBLE);"
            "INSERT INTO cpu VALUES (1000, 'a', 0.5), (2000, 'b', 0.25);"
            "SELECT ts, host, usage FROM cpu ORDER BY host")
    assert r.status_code == 200, r.text
    out = r.json()["output"]
    assert out[0] == {"affectedrows": 0}
    assert out[1] == {"affectedrows": 2}
    assert out[2]["records"]["rows"] == [[1000, "a", 0.5], [2000, "b", 0.25]]
    assert out[2]["records"]["schema"]["column_schemas"][0]["data_type"] == "TimestampMillisecond"


def test_sql_in_body_query_string_and_get(copra_server):
    r = requests.post(copra_server.url + "/v1/sql", data="SELECT 2 AS two",
                      headers={"Content-Type": "text/plain"}, timeout=30)
    assert r.json()["output"][0]["records"]["rows"] == [[2]]
    r = requests.get(copra_server.url + "/v1/sql", params={"sql": "SELECT 3"}, timeout=30)
    assert r.json()["output"][0]["records"]["rows"] == [[3]]


def test_db_parameter(copra_server):
    assert sql(copra_server, "CREATE DATABASE other").status_code == 200
    assert sql(copra_server, "CREATE TABLE t (ts TIMESTAMP TIME INDEX, v INT)",
               db="other").status_code == 200
    r = sql(copra_server, "SELECT count(*) FROM t", db="other")
    assert r.json()["output"][0]["records"]["rows"] == [[0]]
    r = sql(copra_server, "SELECT 1", db="nope")
    assert r.status_code == 400
    assert r.json()["code"] == 4004


def test_errors(copra_server):
    r = sql(copra_server, "SELECT * FROM no_such_table")
    assert r.status_code == 400
    assert r.json()["code"] == 4001
    assert 'table "no_such_table" does not exist' in r.json()["error"]
    r = sql(copra_server, "SELEC 1")
    assert r.status_code == 400
    assert r.json()["code"] == 2000
    assert "line 1, column 1" in r.json()["error"]
    r = requests.post(copra_server.url + "/v1/sql", data={}, timeout=30)
    assert r.status_code == 400 and "no SQL given" in r.json()["error"]
    r = sql(copra_server, "SELECT 1", format="xml")
    assert r.status_code == 400 and "unknown format" in r.json()["error"]


def test_csv_formats(copra_server):
    r = sql(copra_server, "SELECT number AS n, 'a,b' AS s FROM numbers(2)", format="csv")
    assert r.status_code == 200
    assert r.headers["Content-Type"].startswith("text/csv")
    assert r.text == '0,"a,b"\r\n1,"a,b"\r\n'
    r = sql(copra_server, "SELECT 1 AS x, NULL AS y", format="csvWithNames")
    assert r.text == "x,y\r\n1,\r\n"


def test_arrow_stream(copra_server):
    import struct
    from arrow_stream import read_stream

    r = sql(copra_server, "SELECT number AS n, 'v' || number AS s, "
            "CASE WHEN number % 3 = 0 THEN NULL ELSE number * 2 END AS maybe "
            "FROM numbers(20000)", format="arrow")
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"] == "application/vnd.apache.arrow.stream"
    fields, batches = read_stream(r.content)
    assert [(name, type_id) for name, type_id, _ in fields] == [("n", 2), ("s", 5), ("maybe", 2)]
    assert fields[0][2].scalar(0, "i") == 32 and fields[0][2].scalar(1, "B") == 0  # uint32
    assert sum(b[0] for b in batches) == 20000
    total, strings_ok, nulls = 0, True, 0
    for length, nodes, buffers, body in batches:
        assert [n[0] for n in nodes] == [length] * 3
        off, ln = buffers[1]
        values = struct.unpack_from(f"<{length}I", body, off)
        total += sum(values)
        o_off, _ = buffers[3]
        d_off, _ = buffers[4]
        offsets = struct.unpack_from(f"<{length + 1}i", body, o_off)
        for i in (0, length - 1):
            s = body[d_off + offsets[i]:d_off + offsets[i + 1]].decode()
            strings_ok &= s == f"v{values[i]}"
        nulls += nodes[2][1]
    assert total == sum(range(20000))
    assert strings_ok
    assert nulls == len(range(0, 20000, 3))
    # Commands and several results are refused.
    r = sql(copra_server, "SELECT 1; SELECT 2", format="arrow")
    assert r.status_code == 400 and "one result" in r.json()["error"]
