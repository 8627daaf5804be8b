"""backend="process" transport: shared-memory segments are kept per worker
and reused between calls, never leaked (descriptors and mappings of the
server stay bounded, also when workers crash; nothing appears in /dev/shm);
a view user code keeps of its input is never overwritten; calls of
consecutive batches overlap (OverlappedProjection) with the same results;
the workers' time shows in GET /metrics."""

import os

import psycopg
import pytest
import requests

from test_python_process import error, rows, sql, udf, worker_pids


@pytest.fixture
def server(start_copra, tmp_path):
    config = tmp_path / "copra.toml"
    config.write_text("[python]\nprocess_workers = 2\nworker_timeout_ms = 20000\n")
    s = start_copra("--config", config)
    yield s
    assert s.stop() == 0, s.log()


def segments(pid):
    """The server's descriptors and mappings of shared batch segments."""
    fds = 0
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            if "memfd:copra-batch" in os.readlink(f"/proc/{pid}/fd/{fd}"):
                fds += 1
        except OSError:
            pass
    with open(f"/proc/{pid}/maps") as f:
        maps = sum(1 for line in f if "memfd:copra-batch" in line)
    return fds, maps


def metric(server, name):
    for line in requests.get(server.url + "/metrics", timeout=10).text.splitlines():
        if line.startswith(name + " "):
            return float(line.split()[1])
    raise AssertionError(f"no metric {name}")


def test_segments_are_reused_and_never_leak(server):
    shm_before = set(os.listdir("/dev/shm"))
    udf(server, "twice", "def twice(x):\n    return [v * 2 for v in x]\n")
    udf(server, "crash", "def crash(x):\n    import ctypes\n    ctypes.string_at(0)\n")
    expected = 2 * sum(range(30000))
    assert rows(server, "SELECT sum(twice(number::double)) FROM numbers(30000)") == [[expected]]
    first = segments(server.proc.pid)
    calls = metric(server, "copra_python_worker_calls_total")
    for _ in range(20):
        assert rows(server, "SELECT sum(twice(number::double)) FROM numbers(30000)") == [
            [expected]]
    assert metric(server, "copra_python_worker_calls_total") >= calls + 20 * 8
    # Two workers, two request slots each, and the reply segments mapped:
    # a fixed number, whatever the number of calls.
    steady = segments(server.proc.pid)
    assert steady[0] <= 2 * 2 * 2 and steady[1] <= 2 * 2 * 2, steady
    assert steady[0] <= max(first[0], 8)
    # Bigger batches grow the segments (replaced, not added to).
    with psycopg.connect(server.pg_dsn(), autocommit=True, connect_timeout=10) as conn:
        conn.execute("SET batch_size = 65536")
        assert conn.execute("SELECT sum(twice(number::double)) FROM numbers(200000)"
                            ).fetchall() == [(2 * sum(range(200000)),)]
    grown = segments(server.proc.pid)
    assert grown[0] <= 8 and grown[1] <= 8, grown
    # Crashed workers take their segments with them.
    for _ in range(3):
        assert "SIGSEGV" in error(server, "SELECT crash(number::double) FROM numbers(10)")
    assert rows(server, "SELECT sum(twice(number::double)) FROM numbers(30000)") == [[expected]]
    after = segments(server.proc.pid)
    assert after[0] <= 8 and after[1] <= 8, after
    assert set(os.listdir("/dev/shm")) == shm_before


KEEPER = """@coprocessor(args=["x"], sql="select number::double as x from numbers(60000)",
             returns=["same"], backend="process")
def keeper(x) -> vector[bool]:
    import numpy as np
    kept = globals().setdefault("KEPT", [])
    if len(kept) < 3:
        view = np.asarray(x)
        kept.append((view, view.copy()))
    return all(np.array_equal(v, c) for v, c in kept)
"""


def test_a_view_kept_by_user_code_is_never_overwritten(server):
    r = requests.post(server.url + "/v1/scripts", params={"db": "public", "name": "keeper"},
                      data=KEEPER, timeout=60)
    assert r.json()["code"] == 0, r.text
    for _ in range(2):
        assert rows(server, "SELECT count(*), min(same::int) FROM run_script('keeper')") == [
            [60000, 1]]
    fds, maps = segments(server.proc.pid)
    assert fds <= 8 and maps <= 8


def test_consecutive_batches_overlap_with_the_same_results(server):
    udf(server, "inc", "def inc(x):\n    return [v + 1 for v in x]\n")
    udf(server, "inc_local", "def inc_local(x):\n    return [v + 1 for v in x]\n",
        backend="cpython")
    plan = "\n".join(r[1] for r in rows(server, "EXPLAIN SELECT inc(number::double) FROM "
                                               "numbers(10)"))
    assert "OverlappedProjection" in plan
    plan = "\n".join(r[1] for r in rows(server, "EXPLAIN SELECT number % 3, sum(inc(number::double))"
                                               " FROM numbers(10) GROUP BY 1"))
    assert "OverlappedProjection" in plan and "HashAggregate" in plan
    plan = "\n".join(r[1] for r in rows(server, "EXPLAIN SELECT inc_local(number::double) FROM "
                                               "numbers(10)"))
    assert "OverlappedProjection" not in plan
    with psycopg.connect(server.pg_dsn(), autocommit=True, connect_timeout=10) as conn:
        conn.execute("SET batch_size = 1000")
        a = conn.execute("SELECT number, inc(number::double) FROM numbers(25000)").fetchall()
        assert a == [(n, n + 1.0) for n in range(25000)]  # in order
        b = conn.execute("SELECT number % 5 AS k, sum(inc(number::double)), "
                         "sum(inc_local(number::double)) FROM numbers(25000) GROUP BY k ORDER BY k"
                         ).fetchall()
        assert [x for _, x, _ in b] == [y for _, _, y in b]
        assert conn.execute("SELECT inc(number::double) FROM numbers(25000) LIMIT 3"
                            ).fetchall() == [(1.0,), (2.0,), (3.0,)]
    # An error in a later batch fails the statement; the next one works.
    udf(server, "late", "def late(x):\n    if 20000 in x: raise ValueError('late')\n"
                        "    return x\n")
    assert "ValueError: late" in error(server, "SELECT sum(late(number::double)) FROM "
                                               "numbers(30000)")
    assert rows(server, "SELECT sum(inc(number::double)) FROM numbers(100)") == [[5050.0]]
    assert len(worker_pids(server)) == 2


def test_worker_time_is_in_the_metrics(server):
    udf(server, "spin", "def spin(x):\n    out = []\n    for v in x:\n"
                        "        for _ in range(50): v = v * 1.0000001\n"
                        "        out.append(v)\n    return out\n")
    before = {m: metric(server, m) for m in ("copra_python_worker_busy_microseconds_total",
                                             "copra_python_worker_cpu_microseconds_total",
                                             "copra_python_worker_calls_total")}
    assert sql(server, "SELECT sum(spin(number::double)) FROM numbers(50000)")["code"] == 0
    assert metric(server, "copra_python_worker_calls_total") > before[
        "copra_python_worker_calls_total"]
    assert metric(server, "copra_python_worker_busy_microseconds_total") > before[
        "copra_python_worker_busy_microseconds_total"]
    assert metric(server, "copra_python_worker_cpu_microseconds_total") > before[
        "copra_python_worker_cpu_microseconds_total"]
