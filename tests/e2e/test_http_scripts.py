"""Coprocessor scripts over HTTP: POST /v1/scripts and /v1/run-script (GreptimeDB's API)."""

import requests

NORMALIZE = '''import math
def normalize0(x):
    if x is None or math.isnan(x):
        return 0
    elif x > 100:
        return 100
    elif x < 0:
        return 0
    else:
        return x
@coprocessor(args=["number"], sql="select number from numbers limit 10", returns=["value"])
def normalize(v) -> vector[i64]:
    return [normalize0(x) for x in v]
'''

KWARGS = '''@coprocessor(returns=["greeting", "times"])
def hello(**params) -> (vector[str], vector[i64]):
    return "hello " + params.get("who", "nobody"), int(params.get("n", "1"))
'''


def post(server, path, body="", **params):
    return requests.post(server.url + path, params=params, data=body.encode(), timeout=60)


def test_normalize_example_runs_over_http(copra_server):
    r = post(copra_server, "/v1/scripts", NORMALIZE, db="public", name="normalize")
    assert r.status_code == 200, r.text
    assert r.json()["code"] == 0
    r = post(copra_server, "/v1/run-script", db="public", name="normalize")
    assert r.status_code == 200, r.text
    reply = r.json()
    assert reply["code"] == 0
    records = reply["output"][0]["records"]
    assert [c["name"] for c in records["schema"]["column_schemas"]] == ["value"]
    assert records["rows"] == [[i] for i in range(10)]


def test_request_parameters_reach_kwargs_and_scripts_are_replaced(copra_server):
    assert post(copra_server, "/v1/scripts", KWARGS, name="hello").status_code == 200
    r = post(copra_server, "/v1/run-script", name="hello", who="copra", n="3")
    assert r.status_code == 200, r.text
    assert r.json()["output"][0]["records"]["rows"] == [["hello copra", 3]]
    # The same name again replaces the script.
    replaced = KWARGS.replace('"hello "', '"hi "')
    assert post(copra_server, "/v1/scripts", replaced, name="hello").status_code == 200
    r = post(copra_server, "/v1/run-script", name="hello", who="x")
    assert r.json()["output"][0]["records"]["rows"] == [["hi x", 1]]


def test_errors(copra_server):
    # A script that does not compile is refused with its line, and not stored.
    r = post(copra_server, "/v1/scripts", "@coprocessor(returns=['a'])\ndef f(:\n    pass\n", name="bad")
    assert r.status_code == 400
    assert "line 2" in r.json()["error"]
    r = post(copra_server, "/v1/run-script", name="bad")
    assert r.status_code >= 400
    assert "bad" in r.json()["error"]
    # A Python exception at run time carries the traceback with the script's lines.
    boom = "@coprocessor(returns=['a'])\ndef boom() -> vector[i64]:\n    return 1 // 0\n"
    assert post(copra_server, "/v1/scripts", boom, name="boom").status_code == 200
    r = post(copra_server, "/v1/run-script", name="boom")
    assert r.status_code >= 400
    assert "ZeroDivisionError" in r.json()["error"]
    assert "line 3" in r.json()["error"]
    # Missing name, unknown database.
    assert post(copra_server, "/v1/run-script").status_code == 400
    r = post(copra_server, "/v1/scripts", NORMALIZE, db="nope", name="x")
    assert r.status_code == 400
    assert "does not exist" in r.json()["error"]


def test_scripts_stored_over_http_survive_a_restart(start_copra, tmp_path):
    data = tmp_path / "data"
    server = start_copra(data_dir=data)
    assert post(server, "/v1/scripts", NORMALIZE, name="normalize").status_code == 200
    server.stop()
    server = start_copra(data_dir=data)
    r = post(server, "/v1/run-script", name="normalize")
    assert r.status_code == 200, r.text
    assert len(r.json()["output"][0]["records"]["rows"]) == 10
