"""backend="process" for Python coprocessors and UDFs through `copra serve`:
the same results as the in-process backend, and a worker that crashes, runs
out of memory or time, or is cancelled fails only its query; the server
stays up and the next query works."""

import os
import threading

import psycopg
import pytest
import requests
from psycopg import errors

from conftest import COPRA_BIN


def sanitized_binary():
    with open(COPRA_BIN, "rb") as f:
        return b"__asan_init" in f.read()


def sql(server, text, **params):
    r = requests.post(server.url + "/v1/sql", data={"sql": text}, params=params, timeout=60)
    return r.json()


def rows(server, text):
    body = sql(server, text)
    assert body["code"] == 0, body
    return body["output"][-1]["records"]["rows"]


def error(server, text):
    body = sql(server, text)
    assert body["code"] != 0, body
    return body["error"]


@pytest.fixture
def server(start_copra, tmp_path):
    config = tmp_path / "copra.toml"
    config.write_text("[python]\nprocess_workers = 2\nworker_memory_limit_mb = 512\n"
                      "worker_timeout_ms = 3000\n")
    s = start_copra("--config", config)
    yield s
    assert s.stop() == 0, s.log()


def udf(server, name, body, backend="process", numpy=False):
    settings = f"backend = '{backend}'" + (", numpy_optimize_enable = true" if numpy else "")
    r = sql(server, f"CREATE OR REPLACE FUNCTION {name}(x float64) RETURNS float64 "
                    f"LANGUAGE PYTHON AS $$\n{body}$$ SETTINGS {settings}")
    assert r["code"] == 0, r


def worker_pids(server):
    """Live `copra python-worker` children of the server."""
    pids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                cmd = f.read().split(b"\0")
        except OSError:
            continue
        if ppid == server.proc.pid and b"python-worker" in cmd:
            pids.append(int(entry))
    return sorted(pids)


NORMALIZE = """import math
def normalize0(x):
    if x is None or math.isnan(x):
        return 0
    elif x > 100:
        return 100
    elif x < 0:
        return 0
    else:
        return x
@coprocessor(args=["number"], sql="select number from numbers limit 10", returns=["value"],
             backend="process")
def normalize(v) -> vector[i64]:
    return [normalize0(x) for x in v]
"""


def test_greptime_normalize_example_over_run_script(server):
    r = requests.post(server.url + "/v1/scripts", params={"db": "public", "name": "normalize"},
                      data=NORMALIZE, timeout=60)
    assert r.status_code == 200 and r.json()["code"] == 0, r.text
    r = requests.post(server.url + "/v1/run-script", params={"db": "public", "name": "normalize"},
                      timeout=60)
    assert r.json()["code"] == 0, r.text
    assert r.json()["output"][0]["records"]["rows"] == [[i] for i in range(10)]
    assert len(worker_pids(server)) >= 1


def test_results_equal_the_in_process_backend(server):
    body = "def {n}(x):\n    return [None if v is None else v * 2 + 1 for v in x]\n"
    udf(server, "p_each", body.format(n="p_each"))
    udf(server, "c_each", body.format(n="c_each"), backend="cpython")
    udf(server, "p_np", "def p_np(x):\n    return x * 3 - 1\n", numpy=True)
    udf(server, "c_np", "def c_np(x):\n    return x * 3 - 1\n", backend="cpython", numpy=True)
    q = ("SELECT sum(p_each(number::double)), sum(c_each(number::double)), "
         "sum(p_np(number::double)), sum(c_np(number::double)) FROM numbers(200000)")
    [[a, b, c, d]] = rows(server, q)
    assert a == b == 200000.0 ** 2 - 200000 + 200000
    assert c == d


FAULTS = {
    "segv": ("def segv(x):\n    import ctypes\n    ctypes.string_at(0)\n",
             "python worker crashed (signal 11 SIGSEGV) while running function 'segv'"),
    "bye": ("def bye(x):\n    import os\n    os._exit(1)\n",
            "python worker exited with status 1 while running function 'bye'"),
    "hog": ("def hog(x):\n    b = bytearray(4 << 30)\n    return x\n",
            "python worker exceeded its memory limit of 512 MB while running function 'hog'"),
    "spin": ("def spin(x):\n    while True:\n        pass\n",
             "python worker timed out after 3000 ms while running function 'spin'"),
}


@pytest.mark.parametrize("name", sorted(FAULTS))
def test_a_failing_worker_fails_only_its_query(server, name):
    body, message = FAULTS[name]
    if name == "hog" and sanitized_binary():
        pytest.skip("no address-space limit for workers under AddressSanitizer")
    udf(server, name, body)
    udf(server, "ok", "def ok(x):\n    return x\n")
    assert rows(server, "SELECT sum(ok(number::double)) FROM numbers(10)") == [[45.0]]
    before = worker_pids(server)
    assert message in error(server, f"SELECT {name}(number::double) FROM numbers(10)")
    # The server is up, the failed worker is gone, and a fresh one serves.
    assert server.running()
    assert rows(server, "SELECT sum(ok(number::double)) FROM numbers(10)") == [[45.0]]
    after = worker_pids(server)
    assert after and set(after) != set(before)


def test_cancel_kills_the_running_worker(server):
    udf(server, "forever", "def forever(x):\n    import time\n    time.sleep(3600)\n")
    udf(server, "plain", "def plain(x):\n    return x\n")
    with psycopg.connect(server.pg_dsn(), autocommit=True, connect_timeout=10) as conn:
        canceler = threading.Timer(0.5, conn.cancel)
        canceler.start()
        with pytest.raises(errors.QueryCanceled):
            conn.execute("SELECT forever(number::double) FROM numbers(3)").fetchall()
        canceler.join()
        assert conn.execute("SELECT plain(2.5)").fetchall() == [(2.5,)]


def test_several_sessions_at_once(server):
    udf(server, "who", "def who(x):\n    import os, time\n    time.sleep(0.2)\n"
                       "    return [float(os.getpid())] * len(x)\n")
    udf(server, "sq", "def sq(x):\n    return [v * v for v in x]\n")
    results, failures = [], []

    def session(i):
        try:
            with psycopg.connect(server.pg_dsn(), autocommit=True, connect_timeout=10) as c:
                for _ in range(3):
                    [(pid,)] = c.execute("SELECT max(who(number::double)) FROM numbers(4)").fetchall()
                    [(s,)] = c.execute(f"SELECT sum(sq(number::double + {i})) "
                                       "FROM numbers(1000)").fetchall()
                    results.append((pid, s, i))
        except Exception as e:  # noqa: BLE001 - reported below
            failures.append(repr(e))

    threads = [threading.Thread(target=session, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not failures, failures
    assert len(results) == 18
    for pid, s, i in results:
        assert s == sum((n + i) ** 2 for n in range(1000))
    pids = {pid for pid, _, _ in results}
    assert 1 <= len(pids) <= 2  # the pool has two workers
    assert server.proc.pid not in pids


def test_one_batch_is_split_across_idle_workers(server):
    udf(server, "pid_of", "def pid_of(x):\n    import os\n    return [float(os.getpid())] * len(x)\n")
    # One 8192-row batch, two workers: each runs half of it.
    [[distinct, total]] = rows(server, "SELECT count(DISTINCT p), count(*) FROM "
                                       "(SELECT pid_of(number::double) AS p FROM numbers(8192))")
    assert (distinct, total) == (2, 8192)
    assert len(worker_pids(server)) == 2


def test_batches_of_a_script_run_on_several_workers(server):
    script = """@coprocessor(args=["number"], sql="select number from numbers(50000)",
             returns=["n", "pid"], backend="process")
def spread(n) -> (vector[i64], vector[i64]):
    import os
    return n, [os.getpid()] * len(n)
"""
    r = requests.post(server.url + "/v1/scripts", params={"db": "public", "name": "spread"},
                      data=script, timeout=60)
    assert r.json()["code"] == 0, r.text
    # Seven 8192-row batches, read ahead two at a time; the output keeps the
    # input's order.
    out = rows(server, "SELECT n, pid FROM run_script('spread')")
    assert [n for n, _ in out] == list(range(50000))
    assert len({pid for _, pid in out}) == 2


def test_a_crash_while_loading_fails_only_the_registration(server):
    body = "import ctypes\nctypes.string_at(0)\ndef boom(x):\n    return x\n"
    r = sql(server, "CREATE FUNCTION boom(x float64) RETURNS float64 LANGUAGE PYTHON AS "
                    f"$$\n{body}$$ SETTINGS backend = 'process'")
    assert r["code"] != 0
    assert "python worker crashed (signal 11 SIGSEGV) while running function 'boom'" in r["error"]
    script = "import os\nGONE = os._exit(4)\n@copr(returns=['a'], backend='process')\ndef f():\n    return 1\n"
    r = requests.post(server.url + "/v1/scripts", params={"db": "public", "name": "gone"},
                      data=script, timeout=60)
    assert "python worker exited with status 4 while running script 'gone'" in r.text, r.text
    assert server.running()
    assert rows(server, "SELECT 1 + 1") == [[2]]


def test_process_backend_scripts_and_udfs_survive_a_restart(start_copra, tmp_path):
    data = tmp_path / "restart-data"
    first = start_copra(data_dir=data)
    udf(first, "twice", "def twice(x):\n    return [v * 2 for v in x]\n")
    r = requests.post(first.url + "/v1/scripts", params={"db": "public", "name": "normalize"},
                      data=NORMALIZE, timeout=60)
    assert r.json()["code"] == 0, r.text
    assert first.stop() == 0, first.log()
    second = start_copra(data_dir=data)
    assert rows(second, "SELECT twice(21.0)") == [[42.0]]
    assert rows(second, "SELECT sum(value) FROM run_script('normalize')") == [[45]]
    assert worker_pids(second)
    assert second.stop() == 0, second.log()
