"""backend="process" aggregate UDFs and copra.query().sql() from a worker,
through `copra serve`: the same results as in-process, and a worker that
crashes or hangs during either fails only its query; several sessions at
once; SQL a worker asks for may call workers again without a deadlock."""

import threading
import time

import psycopg
import pytest
import requests

from test_python_process import error, rows, sql, worker_pids


@pytest.fixture
def server(start_copra, tmp_path):
    config = tmp_path / "copra.toml"
    config.write_text("[python]\nprocess_workers = 2\nworker_timeout_ms = 3000\n")
    s = start_copra("--config", config)
    yield s
    assert s.stop() == 0, s.log()


def ok(server, text):
    r = sql(server, text)
    assert r["code"] == 0, r
    return r


def script(server, name, body):
    r = requests.post(server.url + "/v1/scripts", params={"db": "public", "name": name},
                      data=body, timeout=60)
    assert r.json()["code"] == 0, r.text


AVG = """class {name}:
    def __init__(self):
        self.total = 0.0
        self.n = 0
    def process(self, xs):
        {hook}
        for x in xs:
            if x is not None:
                self.total += x
                self.n += 1
    def finalize(self):
        return self.total / self.n if self.n else None
"""


def aggregate(server, name, hook="pass", backend="process"):
    ok(server, f"CREATE OR REPLACE AGGREGATE FUNCTION {name}(x float64) RETURNS float64 "
               f"LANGUAGE PYTHON AS $$\n{AVG.format(name=name, hook=hook)}$$ "
               f"SETTINGS backend = '{backend}'")


def test_aggregate_results_equal_the_in_process_backend(server):
    aggregate(server, "p_avg")
    aggregate(server, "c_avg", backend="cpython")
    q = ("SELECT number % 10 AS k, p_avg(number::double), c_avg(number::double), "
         "avg(number::double) FROM numbers({n}) GROUP BY k ORDER BY k")
    for n in (0, 7, 200000):
        got = rows(server, q.format(n=n))
        assert len(got) == min(n, 10)
        for _, p, c, builtin in got:
            assert p == c == pytest.approx(builtin)
    # Many batches per call and across calls (states pickled in between).
    with psycopg.connect(server.pg_dsn(), autocommit=True, connect_timeout=10) as conn:
        conn.execute("SET batch_size = 100")
        got = conn.execute("SELECT number % 3 AS k, p_avg(number::double), avg(number::double) "
                           "FROM numbers(50000) GROUP BY k ORDER BY k").fetchall()
        assert [(k, pytest.approx(b)) for k, _, b in got] == [(k, p) for k, p, _ in got]


AGG_FAULTS = {
    "segv": ("import ctypes; ctypes.string_at(0)",
             "python worker crashed (signal 11 SIGSEGV) while running aggregate function "
             "'agg_segv'"),
    "bye": ("import os; os._exit(3)",
            "python worker exited with status 3 while running aggregate function 'agg_bye'"),
    "spin": ("while True: pass",
             "python worker timed out after 3000 ms while running aggregate function 'agg_spin'"),
}


@pytest.mark.parametrize("fault", sorted(AGG_FAULTS))
def test_a_failing_worker_fails_only_its_aggregate(server, fault):
    hook, message = AGG_FAULTS[fault]
    aggregate(server, f"agg_{fault}", hook=hook)
    aggregate(server, "p_avg")
    before = worker_pids(server)
    assert message in error(server, f"SELECT agg_{fault}(number::double) FROM numbers(100)")
    assert server.running()
    assert rows(server, "SELECT p_avg(number::double) FROM numbers(101)") == [[50.0]]
    assert set(worker_pids(server)) != set(before)


QUERY_SCRIPT = """@coprocessor(returns=["n", "s"], backend="process")
def {name}():
    from copra import query
    r = query().sql("select count(*) as n, sum(v) as s from qt")
    {hook}
    return r["n"], r["s"]
"""


def test_query_from_a_worker_runs_in_the_scripts_database(server):
    ok(server, "CREATE TABLE qt (ts TIMESTAMP TIME INDEX, v DOUBLE)")
    ok(server, "INSERT INTO qt VALUES (1, 1.5), (2, 2.5), (3, 4.0)")
    script(server, "q_sum", QUERY_SCRIPT.format(name="q_sum", hook="pass"))
    assert rows(server, "SELECT * FROM run_script('q_sum')") == [[3, 8.0]]
    # Statements other than queries give the affected-row count.
    script(server, "q_insert", """@coprocessor(returns=["affected"], backend="process")
def q_insert():
    from copra import query
    return query().sql("insert into qt values (4, 10.0), (5, 20.0)")
""")
    assert rows(server, "SELECT * FROM run_script('q_insert')") == [[2]]
    assert rows(server, "SELECT * FROM run_script('q_sum')") == [[5, 38.0]]
    # Another database: the script's, not the default one.
    ok(server, "CREATE DATABASE other")
    r = requests.post(server.url + "/v1/scripts", params={"db": "other", "name": "q_other"},
                      data=QUERY_SCRIPT.format(name="q_other", hook="pass"), timeout=60)
    assert r.json()["code"] == 0, r.text
    ok(server, "CREATE TABLE other.qt (ts TIMESTAMP TIME INDEX, v DOUBLE)")
    ok(server, "INSERT INTO other.qt VALUES (1, 100.0)")
    r = requests.post(server.url + "/v1/run-script", params={"db": "other", "name": "q_other"},
                      timeout=60)
    assert r.json()["output"][0]["records"]["rows"] == [[1, 100.0]], r.text


QUERY_FAULTS = {
    "segv": ("import ctypes; ctypes.string_at(0)",
             "python worker crashed (signal 11 SIGSEGV) while running coprocessor 'q_segv'"),
    "bye": ("import os; os._exit(5)",
            "python worker exited with status 5 while running coprocessor 'q_bye'"),
    "spin": ("while True: pass",
             "python worker timed out after 3000 ms while running coprocessor 'q_spin'"),
}


@pytest.mark.parametrize("fault", sorted(QUERY_FAULTS))
def test_a_worker_failing_after_its_query_fails_only_its_statement(server, fault):
    hook, message = QUERY_FAULTS[fault]
    ok(server, "CREATE TABLE qt (ts TIMESTAMP TIME INDEX, v DOUBLE)")
    ok(server, "INSERT INTO qt VALUES (1, 1.0)")
    script(server, f"q_{fault}", QUERY_SCRIPT.format(name=f"q_{fault}", hook=hook))
    script(server, "q_fine", QUERY_SCRIPT.format(name="q_fine", hook="pass"))
    assert message in error(server, f"SELECT * FROM run_script('q_{fault}')")
    assert server.running()
    assert rows(server, "SELECT * FROM run_script('q_fine')") == [[1, 1.0]]


def test_a_crash_inside_the_sql_of_a_query_is_a_query_error(server):
    ok(server, "CREATE FUNCTION crash(x float64) RETURNS float64 LANGUAGE PYTHON AS $$\n"
               "def crash(x):\n    import ctypes\n    ctypes.string_at(0)\n$$ "
               "SETTINGS backend = 'process'")
    script(server, "q_nested_crash", """@coprocessor(returns=["a"], backend="process")
def q_nested_crash():
    import copra
    try:
        copra.query().sql("select crash(1.0)")
    except copra.QueryError as e:
        return 1 if "SIGSEGV" in str(e) else 0
    return 2
""")
    assert rows(server, "SELECT * FROM run_script('q_nested_crash')") == [[1]]


def test_time_in_the_servers_sql_does_not_count_against_the_worker(server):
    ok(server, "CREATE FUNCTION nap(x float64) RETURNS float64 LANGUAGE PYTHON AS $$\n"
               "def nap(x):\n    import time\n    time.sleep(1.2)\n    return x\n$$")
    script(server, "q_slow", """@coprocessor(returns=["a"], backend="process")
def q_slow():
    from copra import query
    total = 0.0
    for i in range(3):
        total += query().sql("select nap(1.0)")[0][0]
    return total
""")
    started = time.monotonic()
    assert rows(server, "SELECT * FROM run_script('q_slow')") == [[3.0]]
    assert time.monotonic() - started >= 3.0  # longer than the 3000 ms worker limit


def test_nested_workers_do_not_deadlock(start_copra, tmp_path):
    config = tmp_path / "one.toml"
    config.write_text("[python]\nprocess_workers = 1\nworker_timeout_ms = 20000\n")
    s = start_copra("--config", config)
    try:
        ok(s, "CREATE FUNCTION inc(x float64) RETURNS float64 LANGUAGE PYTHON AS $$\n"
              "def inc(x):\n    return [v + 1 for v in x]\n$$ SETTINGS backend = 'process'")
        script(s, "q_nested", """@coprocessor(returns=["a"], backend="process")
def q_nested():
    from copra import query
    return query().sql("select sum(inc(number::double)) from numbers(100)")[0]
""")
        # The only worker runs q_nested while its query needs a worker too.
        assert rows(s, "SELECT * FROM run_script('q_nested')") == [[5050.0]]
        assert rows(s, "SELECT * FROM run_script('q_nested')") == [[5050.0]]
        assert len(worker_pids(s)) == 1  # the extra worker is not kept
    finally:
        assert s.stop() == 0, s.log()


def test_several_sessions_at_once(server):
    ok(server, "CREATE TABLE qt (ts TIMESTAMP TIME INDEX, v DOUBLE)")
    ok(server, "INSERT INTO qt VALUES (1, 1.0), (2, 2.0)")
    script(server, "q_sum", QUERY_SCRIPT.format(name="q_sum", hook="pass"))
    aggregate(server, "p_avg")
    failures, done = [], []

    def session(i):
        try:
            with psycopg.connect(server.pg_dsn(), autocommit=True, connect_timeout=10) as c:
                for _ in range(3):
                    assert c.execute("SELECT * FROM run_script('q_sum')").fetchall() == [(2, 3.0)]
                    got = c.execute(f"SELECT p_avg(number::double + {i}) "
                                    "FROM numbers(1001)").fetchall()
                    assert got == [(500.0 + i,)]
                    done.append(i)
        except Exception as e:  # noqa: BLE001 - reported below
            failures.append(repr(e))

    threads = [threading.Thread(target=session, args=(i,)) for i in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not failures, failures
    assert len(done) == 15
    assert 1 <= len(worker_pids(server)) <= 2


def test_cancel_stops_the_sql_a_worker_asked_for(server):
    from psycopg import errors
    ok(server, "CREATE FUNCTION long_nap(x float64) RETURNS float64 LANGUAGE PYTHON AS $$\n"
               "def long_nap(x):\n    import time\n    end = time.time() + 60\n"
               "    while time.time() < end:\n        pass\n    return x\n$$")
    script(server, "q_nap", """@coprocessor(returns=["a"], backend="process")
def q_nap():
    from copra import query
    return query().sql("select long_nap(1.0)")[0]
""")
    with psycopg.connect(server.pg_dsn(), autocommit=True, connect_timeout=10) as conn:
        canceler = threading.Timer(1.0, conn.cancel)
        canceler.start()
        started = time.monotonic()
        with pytest.raises(errors.QueryCanceled):
            conn.execute("SELECT * FROM run_script('q_nap')").fetchall()
        canceler.join()
        assert time.monotonic() - started < 20
        assert conn.execute("SELECT 1").fetchall() == [(1,)]
    assert server.running()
