"""GET /metrics: the Prometheus text format, and counters that move with
queries over pgwire and HTTP, line-protocol writes, Python UDFs and scripts,
WAL syncs and pgwire sessions."""

import math
import re
import time

import psycopg
import requests

SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$')
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)",?')


def parse_metrics(text):
    """Parses the text exposition format 0.0.4 strictly enough to catch
    mistakes: returns ({(name, frozenset(labels)): value}, {family: type})."""
    assert text.endswith("\n")
    samples, types, helps = {}, {}, set()
    for line in text.splitlines():
        if not line:
            continue
        if line.startswith("# HELP "):
            name = line.split(" ", 3)[2]
            assert name not in helps, f"two HELP lines for {name}"
            helps.add(name)
            continue
        if line.startswith("# TYPE "):
            _, _, name, kind = line.split(" ")
            assert kind in ("counter", "gauge", "histogram", "summary", "untyped"), line
            assert name not in types, f"two TYPE lines for {name}"
            types[name] = kind
            continue
        assert not line.startswith("#"), line
        m = SAMPLE.match(line)
        assert m, f"not a sample line: {line!r}"
        name, _, label_text, value = m.groups()
        labels = {}
        if label_text:
            pos = 0
            while pos < len(label_text):
                lm = LABEL.match(label_text, pos)
                assert lm, f"bad labels in {line!r}"
                labels[lm.group(1)] = lm.group(2)
                pos = lm.end()
        key = (name, frozenset(labels.items()))
        assert key not in samples, f"duplicate series {line!r}"
        samples[key] = float(value)  # accepts +Inf, NaN
        family = re.sub(r"_(bucket|sum|count)$", "", name)
        assert name in types or family in types, f"sample before its TYPE: {line!r}"
    for name, kind in types.items():
        assert name in helps, f"no HELP for {name}"
        if kind == "counter":
            assert name.endswith("_total"), name
    return samples, types


def value(samples, name, **labels):
    return samples.get((name, frozenset(labels.items())), 0.0)


def check_histograms(samples, types):
    """Buckets are cumulative and the +Inf bucket equals _count."""
    for family, kind in types.items():
        if kind != "histogram":
            continue
        series = {}
        for (name, labels), v in samples.items():
            if name == family + "_bucket":
                d = dict(labels)
                le = d.pop("le")
                series.setdefault(frozenset(d.items()), []).append((float(le), v))
        for labels, buckets in series.items():
            buckets.sort()
            counts = [c for _, c in buckets]
            assert counts == sorted(counts), (family, labels, buckets)
            assert math.isinf(buckets[-1][0])
            assert buckets[-1][1] == samples[(family + "_count", labels)]
            assert (family + "_sum", labels) in samples


def scrape(server):
    r = server.get("/metrics")
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"].startswith("text/plain; version=0.0.4")
    samples, types = parse_metrics(r.text)
    check_histograms(samples, types)
    return samples, types


UDF = """CREATE FUNCTION add_one(x bigint) RETURNS bigint LANGUAGE PYTHON AS $$
def add_one(x):
    return [v + 1 for v in x]
$$"""

SCRIPT = """@coprocessor(args=["number"], sql="select number from numbers limit 5", returns=["n"])
def five(n) -> vector[i64]:
    return n
"""


def test_metrics_move_with_the_work_done(copra_server):
    server = copra_server
    before, types = scrape(server)
    assert types["copra_queries_total"] == "counter"
    assert types["copra_pgwire_connections"] == "gauge"
    assert types["copra_http_request_duration_seconds"] == "histogram"
    assert value(before, "copra_uptime_seconds") >= 0

    # pgwire: 4 statements, 1 of them failing; the session is open meanwhile.
    with psycopg.connect(server.pg_dsn(), autocommit=True, connect_timeout=10) as c:
        c.execute("CREATE TABLE m (ts TIMESTAMP TIME INDEX, v BIGINT)")
        c.execute("INSERT INTO m VALUES (1, 1), (2, 2), (3, 3)")
        try:
            c.execute("SELECT * FROM no_such_table")
        except psycopg.errors.UndefinedTable:
            pass
        c.execute(UDF)
        assert c.execute("SELECT add_one(v) FROM m ORDER BY ts").fetchall() == [(2,), (3,), (4,)]
        during, _ = scrape(server)
        assert value(during, "copra_pgwire_connections") >= 1
    # HTTP SQL: 2 statements, then 1 failing.
    r = requests.post(server.url + "/v1/sql", data={"sql": "SELECT 1; SELECT 2"}, timeout=10)
    assert r.status_code == 200, r.text
    r = requests.post(server.url + "/v1/sql", data={"sql": "SELEC 1"}, timeout=10)
    assert r.status_code != 200
    # Line protocol: 3 rows.
    body = b"cpu,host=a usage=1 1\ncpu,host=b usage=2 1\ncpu,host=a usage=3 2\n"
    r = requests.post(server.url + "/v1/influxdb/write", params={"db": "public"}, data=body,
                      timeout=10)
    assert r.status_code == 204, r.text
    # A coprocessor script over HTTP.
    r = requests.post(server.url + "/v1/scripts", params={"db": "public", "name": "five"},
                      data=SCRIPT, timeout=30)
    assert r.status_code == 200, r.text
    r = requests.post(server.url + "/v1/run-script", params={"db": "public", "name": "five"},
                      timeout=30)
    assert r.status_code == 200, r.text

    # The server notes a closed pgwire session shortly after the client left.
    deadline = time.monotonic() + 10
    while True:
        after, _ = scrape(server)
        if value(after, "copra_pgwire_connections") == 0 or time.monotonic() > deadline:
            break
        time.sleep(0.05)

    def delta(name, **labels):
        return value(after, name, **labels) - value(before, name, **labels)

    assert delta("copra_queries_total", protocol="pgwire") >= 5
    assert delta("copra_query_errors_total", protocol="pgwire") >= 1
    assert delta("copra_queries_total", protocol="http") >= 3
    assert delta("copra_query_errors_total", protocol="http") >= 1
    assert delta("copra_query_errors_by_sqlstate_total", sqlstate="42P01",
                 code="undefined_table") >= 1
    assert delta("copra_query_errors_by_sqlstate_total", sqlstate="42601",
                 code="syntax_error") >= 1
    assert delta("copra_pgwire_query_duration_seconds_count") >= 5
    assert delta("copra_pgwire_received_bytes_total") > 100
    assert delta("copra_pgwire_sent_bytes_total") > 100
    assert delta("copra_http_sent_bytes_total", endpoint="/v1/sql") > 0
    assert delta("copra_rows_written_total", source="insert") >= 3
    assert delta("copra_rows_written_total", source="line_protocol") >= 3
    assert delta("copra_http_received_bytes_total", endpoint="/v1/influxdb/write") >= len(body)
    assert delta("copra_wal_syncs_total") >= 2  # the INSERT and the write, each synced
    assert delta("copra_wal_bytes_total") > 0
    assert delta("copra_python_call_duration_seconds_count", kind="udf") >= 1
    assert delta("copra_python_call_duration_seconds_count", kind="script") >= 1
    assert delta("copra_python_call_duration_seconds_count", kind="compile") >= 2
    assert delta("copra_python_call_duration_seconds_sum", kind="udf") > 0
    assert delta("copra_pgwire_connections_total") >= 1
    assert value(after, "copra_pgwire_connections") == 0
    assert delta("copra_http_request_duration_seconds_count", endpoint="/v1/sql",
                 status="2xx") >= 1
    assert delta("copra_http_request_duration_seconds_count", endpoint="/v1/sql",
                 status="4xx") >= 1
    assert delta("copra_http_request_duration_seconds_count", endpoint="/v1/influxdb/write",
                 status="2xx") >= 1
    # The first scrape itself was measured by the time of the second.
    assert value(after, "copra_http_request_duration_seconds_count", endpoint="/metrics",
                 status="2xx") >= 1
    assert value(after, "copra_uptime_seconds") >= value(before, "copra_uptime_seconds")


def test_unknown_paths_share_one_series(copra_server):
    for path in ("/nope", "/nope/again", "/x?y=1"):
        assert copra_server.get(path).status_code == 404
    samples, _ = scrape(copra_server)
    assert value(samples, "copra_http_request_duration_seconds_count", endpoint="other",
                 status="4xx") == 3
    assert not any('nope' in str(labels) for _, labels in samples)


def test_metrics_need_credentials_once_users_exist(copra_server):
    with psycopg.connect(copra_server.pg_dsn(), autocommit=True, connect_timeout=10) as c:
        c.execute("CREATE USER prom WITH PASSWORD 'scrape'")
    r = copra_server.get("/metrics")
    assert r.status_code == 401
    r = copra_server.get("/metrics", auth=("prom", "scrape"))
    assert r.status_code == 200
    samples, _ = parse_metrics(r.text)
    assert value(samples, "copra_build_info", version="0.1.0") == 1
