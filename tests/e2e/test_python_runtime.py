"""The embedded Python runtime through the real binary: sys.path extended
by COPRA_PYTHONPATH (for the server and its worker processes), and a
statement timeout interrupting running Python promptly on both backends."""

import os
import subprocess
import time

import requests

from conftest import COPRA_BIN


def shell(tmp_path, sql, env):
    return subprocess.run([COPRA_BIN, "shell", "--data", str(tmp_path / "data"), "--format",
                           "csv"], input=sql, capture_output=True, text=True, timeout=120,
                          cwd=tmp_path, env=env, stdin=None)


UDFS = """CREATE FUNCTION triple_local(x bigint) RETURNS bigint LANGUAGE PYTHON AS $$
import copra_e2e_helper
def triple_local(x):
    return [copra_e2e_helper.triple(v) for v in x]
$$;
CREATE FUNCTION triple_proc(x bigint) RETURNS bigint LANGUAGE PYTHON AS $$
import copra_e2e_helper
def triple_proc(x):
    return [copra_e2e_helper.triple(v) for v in x]
$$ SETTINGS backend = 'process';
SELECT sum(triple_local(number)) AS a, sum(triple_proc(number)) AS b FROM numbers(100);
"""


def test_copra_pythonpath_extends_sys_path(tmp_path):
    modules = tmp_path / "modules"
    modules.mkdir()
    (modules / "copra_e2e_helper.py").write_text("def triple(x):\n    return 3 * x\n")
    env = dict(os.environ)
    env.pop("COPRA_PYTHONPATH", None)
    r = shell(tmp_path, UDFS, env)
    assert r.returncode != 0
    assert "ModuleNotFoundError: No module named 'copra_e2e_helper'" in r.stdout + r.stderr
    env["COPRA_PYTHONPATH"] = f"/nonexistent:{modules}"
    r = shell(tmp_path, UDFS.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION"), env)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.strip().splitlines()[-2:] == ["a,b", "14850,14850"], r.stdout


def test_python_sys_path_in_the_config_file(start_copra, tmp_path):
    modules = tmp_path / "modules"
    modules.mkdir()
    (modules / "copra_e2e_helper.py").write_text("def triple(x):\n    return 3 * x\n")
    config = tmp_path / "copra.toml"
    config.write_text(f'[python]\nprocess_workers = 1\nsys_path = "/nonexistent:{modules}"\n')
    server = start_copra("--config", config)
    for statement in UDFS.strip().split(";\n")[:2]:
        body = run_sql(server, statement)
        assert body["code"] == 0, body
    body = run_sql(server, UDFS.strip().split(";\n")[2].rstrip(";"))
    assert body["output"][0]["records"]["rows"] == [[14850, 14850]], body
    assert server.stop() == 0, server.log()


def run_sql(server, text, timeout_header=None):
    headers = {"X-Greptime-Timeout": timeout_header} if timeout_header else {}
    return requests.post(server.url + "/v1/sql", data={"sql": text}, headers=headers,
                         timeout=60).json()


def test_statement_timeout_interrupts_python(start_copra, tmp_path):
    config = tmp_path / "copra.toml"
    config.write_text("[python]\nprocess_workers = 1\n")
    server = start_copra("--config", config)
    for backend in ("cpython", "process"):
        body = run_sql(server, f"CREATE FUNCTION spin_{backend}(x float64) RETURNS float64 "
                               "LANGUAGE PYTHON AS $$\ndef spin_" + backend + "(x):\n"
                               "    while True:\n        pass\n$$ "
                               f"SETTINGS backend = '{backend}'")
        assert body["code"] == 0, body
        started = time.monotonic()
        body = run_sql(server, f"SELECT spin_{backend}(1.5)", timeout_header="300ms")
        elapsed = time.monotonic() - started
        assert body["code"] != 0 and "statement timeout" in body["error"], body
        assert elapsed < 10, elapsed
    # A coprocessor script's loop too, and the server carries on.
    r = requests.post(server.url + "/v1/scripts", params={"db": "public", "name": "loop"},
                      data='@copr(returns=["a"])\ndef loop():\n    while True:\n        pass\n',
                      timeout=60)
    assert r.json()["code"] == 0, r.text
    body = run_sql(server, "SELECT * FROM run_script('loop')", timeout_header="300ms")
    assert body["code"] != 0 and "statement timeout" in body["error"], body
    body = run_sql(server, "SELECT 1 + 1 AS two")
    assert body["output"][0]["records"]["rows"] == [[2]]
    assert server.stop() == 0, server.log()
