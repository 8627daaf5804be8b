"""backend="process" aggregate UDFs whose class defines merge(self, other):
each worker aggregates a share of the batches into its own instances and
one worker merges them; the results are exact and equal the in-process
backend's, with and without merge(); a worker that crashes mid-aggregation
fails only its statement and is replaced; NULLs arrive as None."""

import psycopg
import pytest

from test_python_process import error, rows, worker_pids
from test_python_process_aggregates import ok


@pytest.fixture
def server(start_copra, tmp_path):
    config = tmp_path / "copra.toml"
    config.write_text("[python]\nprocess_workers = 2\nworker_timeout_ms = 20000\n")
    s = start_copra("--config", config)
    yield s
    assert s.stop() == 0, s.log()


# An exact sum with a count of the non-NULL and NULL values it saw, and of
# the merges that built its instance: "sum/count/nulls/merges".
SUMMARY = """class {name}:
    def __init__(self):
        self.total = 0
        self.n = 0
        self.nulls = 0
        self.merges = 0
    def process(self, xs):
        {hook}
        for x in xs:
            if x is None:
                self.nulls += 1
            else:
                self.total += x
                self.n += 1
{merge}
    def finalize(self):
        return "%d/%d/%d/%d" % (self.total, self.n, self.nulls, self.merges)
"""

MERGE = """    def merge(self, other):
        self.total += other.total
        self.n += other.n
        self.nulls += other.nulls
        self.merges += 1 + other.merges
"""


def summary(server, name, merge=True, hook="pass", backend="process"):
    body = SUMMARY.format(name=name, hook=hook, merge=MERGE if merge else "")
    ok(server, f"CREATE OR REPLACE AGGREGATE FUNCTION {name}(x int64) RETURNS string "
               f"LANGUAGE PYTHON AS $$\n{body}$$ SETTINGS backend = '{backend}'")


QUERY = ("SELECT number % 7 AS k, {f}(CASE WHEN number % 5 = 0 THEN NULL ELSE number END), "
         "sum(CASE WHEN number % 5 = 0 THEN NULL ELSE number END), "
         "count(CASE WHEN number % 5 = 0 THEN NULL ELSE number END), "
         "count(*) FROM numbers({n}) GROUP BY k ORDER BY k")


def run(server, query, batch_size=100):
    with psycopg.connect(server.pg_dsn(), autocommit=True, connect_timeout=10) as conn:
        conn.execute(f"SET batch_size = {batch_size}")
        return conn.execute(query).fetchall()


def parse(text):
    total, n, nulls, merges = (int(v) for v in text.split("/"))
    return total, n, nulls, merges


def test_merge_on_workers_is_exact_and_used(server):
    summary(server, "m_sum")
    summary(server, "s_sum", merge=False)
    summary(server, "c_sum", backend="cpython")
    # 200 batches of 100 rows: every group is in every worker's share.
    n = 20000
    merged = run(server, QUERY.format(f="m_sum", n=n))
    serial = run(server, QUERY.format(f="s_sum", n=n))
    local = run(server, QUERY.format(f="c_sum", n=n))
    assert len(merged) == 7
    for (k, m, total, count, all_rows), (_, s, *_), (_, c, *_) in zip(merged, serial, local):
        mt, mn, mnull, mmerges = parse(m)
        assert (mt, mn, mnull) == (total, count, all_rows - count), k
        # Groups spread across the workers' shares were merged ...
        assert mmerges >= 1, k
        # ... and without merge() (or in-process) the same exact answer.
        assert parse(s)[:3] == parse(c)[:3] == (mt, mn, mnull)
        assert parse(s)[3] == parse(c)[3] == 0
    # Few rows: one batch, no split needed; an empty input: no groups.
    assert run(server, QUERY.format(f="m_sum", n=10), batch_size=8192)[0][1] == "7/1/1/0"  # 0 is NULL, 7
    assert run(server, QUERY.format(f="m_sum", n=0)) == []
    # Without GROUP BY, and a batch count that is not a multiple of the
    # number of workers.
    got = run(server, "SELECT m_sum(number), sum(number) FROM numbers(12345)")
    assert parse(got[0][0])[:2] == (got[0][1], 12345)


def test_merge_combines_flushes_of_long_inputs(server):
    # More than 64 batches per flush: several flushes, each split in shares.
    summary(server, "m_long")
    got = run(server, "SELECT number % 3 AS k, m_long(number), sum(number) FROM numbers(50000) "
                      "GROUP BY k ORDER BY k", batch_size=50)
    for k, m, total in got:
        assert parse(m)[0] == total, k
        assert parse(m)[3] >= 2, k


def test_a_worker_crashing_mid_aggregation_fails_only_its_statement(server):
    # The worker whose share holds row 15000 dies; the other finishes.
    hook = "import os\n        if 15000 in xs: os._exit(7)"
    summary(server, "m_bye", hook=hook)
    summary(server, "m_ok")
    before = worker_pids(server)
    assert "python worker exited with status 7 while running aggregate function 'm_bye'" in error(
        server, "SELECT number % 7 AS k, m_bye(number) FROM numbers(20000) GROUP BY k")
    assert server.running()
    got = rows(server, "SELECT m_ok(number), sum(number) FROM numbers(20000)")
    assert parse(got[0][0])[0] == got[0][1]
    assert set(worker_pids(server)) != set(before)


def test_a_python_error_in_merge_is_reported(server):
    body = SUMMARY.format(name="m_bad", hook="pass",
                          merge="    def merge(self, other):\n        raise ValueError('no merge')\n")
    ok(server, "CREATE AGGREGATE FUNCTION m_bad(x int64) RETURNS string LANGUAGE PYTHON AS "
               f"$$\n{body}$$ SETTINGS backend = 'process'")
    with psycopg.connect(server.pg_dsn(), autocommit=True, connect_timeout=10) as conn:
        conn.execute("SET batch_size = 100")
        with pytest.raises(psycopg.Error) as e:
            conn.execute("SELECT m_bad(number) FROM numbers(1000)")
    assert "ValueError: no merge" in str(e.value)
