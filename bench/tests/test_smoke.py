"""Quick checks of the benchmark suite itself (run by ctest as bench/smoke).

Not a benchmark: no timings are asserted. Checks that the generator follows
its rules and is deterministic, that every query type exists in every
dialect, that result comparison catches differences, and - end to end, on a
tiny data set - that Copra's answers equal DuckDB's through bench/run.
"""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys

import pytest

BENCH = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(BENCH))

from harness.compare import compare, normalize  # noqa: E402
from tsbs import generate, hosts, queries  # noqa: E402
from tsbs.generate import DataSpec  # noqa: E402


def render(spec: DataSpec, fmt: str) -> bytes:
    import io

    buf = io.BytesIO()
    generate.write(spec, fmt, buf)
    return buf.getvalue()


def test_csv_follows_the_cpu_only_rules():
    spec = DataSpec(scale=4, duration_s=200 * 10, seed=7)
    lines = render(spec, "csv").decode().splitlines()
    assert lines[0].split(",") == generate.COLUMNS
    rows = [line.split(",") for line in lines[1:]]
    assert len(rows) == spec.rows == 800
    assert rows[0][0] == "2016-01-01 00:00:00" and rows[4][0] == "2016-01-01 00:00:10"
    assert [r[1] for r in rows[:4]] == ["host_0", "host_1", "host_2", "host_3"]
    for r in rows:
        assert len(r) == 21
        assert r[3] in hosts.REGIONS[r[2]]  # the datacenter lies in the region
        assert 0 <= int(r[4]) < 100 and r[5] in hosts.OS_CHOICES and r[10] in hosts.ENVIRONMENT_CHOICES
        values = [float(v) for v in r[11:]]
        assert all(0.0 <= v <= 100.0 for v in values)
        assert all(len(v.split(".")[1]) == 2 for v in r[11:])
    # A random walk with standard normal steps: consecutive values of one host stay close.
    host0 = [float(r[11]) for r in rows if r[1] == "host_0"]
    assert max(abs(a - b) for a, b in zip(host0, host0[1:])) < 6
    assert len(set(host0)) > 50


def test_generator_is_deterministic_and_formats_agree():
    spec = DataSpec(scale=3, duration_s=130 * 10, seed=11)
    assert render(spec, "csv") == render(spec, "csv")
    assert render(spec, "csv") != render(DataSpec(3, 1300, seed=12), "csv")
    csv_rows = render(spec, "csv").decode().splitlines()[1:]
    lp = render(spec, "influx").decode().splitlines()
    assert len(lp) == len(csv_rows)
    tags, fields, stamp = lp[5].split(" ")
    csv = csv_rows[5].split(",")
    assert tags == "cpu," + ",".join(f"{k}={v}" for k, v in zip(hosts.TAG_NAMES, csv[1:11]))
    assert fields == ",".join(f"{m}={v}" for m, v in zip(generate.METRICS, csv[11:]))
    assert int(stamp) == (1451606400 + 10) * 10**9  # row 5 of 3 hosts: second tick


def test_every_query_type_in_every_dialect_and_deterministic():
    spec = DataSpec(scale=50, duration_s=3 * 86400)
    a = queries.make_queries(spec, seed=5, instances=2)
    b = queries.make_queries(spec, seed=5, instances=2)
    assert a == b
    assert {q.type for q in a} == set(queries.QUERY_TYPES)
    for q in a:
        assert set(q.sql) == set(queries.DIALECTS)
        assert all("\n" not in s and s.startswith("SELECT") for s in q.sql.values())
    single = [q for q in a if q.type == "single-groupby-5-8-1"][0].sql["copra"]
    assert single.count("'host_") == 8 and single.count("max(") == 5
    assert queries.make_queries(spec, seed=6, instances=2) != a


def test_compare_normalizes_transports_and_catches_differences():
    import datetime

    assert normalize("2016-01-01 00:00:10.000") == normalize(datetime.datetime(2016, 1, 1, 0, 0, 10))
    assert normalize("59") == normalize(59) and normalize("host_5") == "host_5"
    assert compare([[1, 2.0]], [[1.0, 2.0 + 1e-13]], ordered=True) is None
    assert compare([[1], [2]], [[2], [1]], ordered=False) is None
    assert compare([[1], [2]], [[2], [1]], ordered=True) is not None
    assert compare([["a", None]], [["a", 0.0]], ordered=True) is not None
    assert compare([[1]], [[1], [1]], ordered=False) is not None


COPRA_BIN = pathlib.Path(os.environ.get("COPRA_BIN", BENCH.parent / "build" / "copra"))
DUCKDB = BENCH.parent / "tests" / "diff" / "node_modules" / "@duckdb" / "node-api"


@pytest.mark.skipif(not COPRA_BIN.exists() or not DUCKDB.is_dir(),
                    reason="needs build/copra and DuckDB (scripts/install-deps)")
def test_copra_answers_equal_duckdb_on_a_tiny_run(tmp_path):
    proc = subprocess.run(
        [sys.executable, str(BENCH / "run"), "--scale", "6", "--days", "0.25", "--engines",
         "copra,duckdb", "--suites", "tsbs", "--instances", "2", "--runs", "1",
         "--copra-binary", str(COPRA_BIN),
         "--results-dir", str(tmp_path), "--docs", str(tmp_path / "benchmarks.md")],
        capture_output=True, text=True, timeout=240)
    assert proc.returncode == 0, proc.stderr[-3000:]
    results = json.loads((tmp_path / "latest.json").read_text())
    size = results["suites"]["tsbs"]["sizes"][0]
    assert size["reference"] == "duckdb"
    copra = size["engines"]["copra"]
    assert copra["ingest"]["rows"] == 6 * 2160
    assert set(copra["queries"]) == set(queries.QUERY_TYPES)
    wrong = {t: s.get("mismatches") or s["errors"] for t, s in copra["queries"].items()
             if not s["correct"]}
    assert not wrong, wrong
    assert "| lastpoint |" in (tmp_path / "benchmarks.md").read_text()


def test_a_wrong_answer_is_flagged_in_results_and_report():
    from suites import tsbs_cpu_only as suite

    class Ctx:
        def log(self, message):
            pass

    spec = DataSpec(scale=4, duration_s=3600)
    query_list = [q for q in queries.make_queries(spec, seed=1, instances=1)
                  if q.type in ("lastpoint", "high-cpu-all")]
    stats = {"median_ms": 1.0, "min_ms": 1.0, "max_ms": 1.0, "n": 1, "errors": []}
    results = {e: {"queries": {q.type: dict(stats) for q in query_list}}
               for e in ("copra", "duckdb")}
    answers = {"duckdb": {0: [["a", 1.0]], 1: [["b", 2.0]]},
               "copra": {0: [["a", 1.0]], 1: [["b", 2.5]]}}
    assert suite._check(Ctx(), results, answers, query_list) == "duckdb"
    copra = results["copra"]["queries"]
    assert copra[query_list[0].type]["correct"] is True
    assert copra[query_list[1].type]["correct"] is False
    assert "2.5" in copra[query_list[1].type]["mismatches"][0]
    page = suite.markdown({"sizes": [{
        "size": "4 hosts", "key": "4x", "data": spec.to_json(), "csv_bytes": 1,
        "generate_seconds": 0.1, "reference": "duckdb", "example_sql": {},
        "engines": {e: dict(r, ingest={"rows": 1, "seconds": 1.0, "rows_per_s": 1.0,
                                       "method": "m"}) for e, r in results.items()}}]})
    assert "**WRONG**" in page and "(wrong answer)" in page


def test_python_suites_run_every_script_and_record_failures(tmp_path):
    """The plug-in contract: each bench/python/*.py prints one JSON object."""
    from suites import python_suites

    scripts = tmp_path / "bench" / "python"
    scripts.mkdir(parents=True)
    (scripts / "good.py").write_text(
        "import json, sys\n"
        "assert sys.argv[1:3] == ['--copra', 'COPRA'] and sys.argv[3:] == ['--quick']\n"
        "json.dump({'name': 'good', 'title': 'A good suite', 'measurements': [\n"
        "  {'key': 'a', 'label': 'thing a', 'engine': 'copra', 'values': 1000,\n"
        "   'ms': [2.0, 1.0, 3.0], 'correct': True},\n"
        "  {'key': 'b', 'label': 'thing b', 'engine': 'peer', 'values': 1000,\n"
        "   'ms': [4.0], 'correct': False},\n"
        "  {'key': 'c', 'label': 'thing c', 'engine': 'peer', 'error': 'no peer'}],\n"
        " 'ratios': [{'label': 'a over b', 'value': 0.5, 'target': {'max': 0.4}}]},\n"
        " sys.stdout)\n")
    (scripts / "broken.py").write_text("print('not json')\n")

    class Ctx:
        repo = tmp_path
        workdir = tmp_path / "work"
        copra_binary = "COPRA"
        quick = True

        def log(self, message):
            pass

    results = python_suites.run(Ctx())
    assert list(results["scripts"]) == ["broken.py", "good.py"]
    assert "no JSON object" in results["scripts"]["broken.py"]["error"]
    text = python_suites.markdown(results)
    assert "### A good suite" in text
    assert "| thing a | copra | 2.00 (1.00–3.00) | 5.0e5 | ok |" in text
    assert "**WRONG**" in text and "error: no peer" in text
    assert "| a over b | 0.50× | **no** | ≤ 0.4× |" in text
    assert "Did not run: exit code 0, no JSON object" in text


@pytest.mark.skipif(not COPRA_BIN.exists(), reason="needs build/copra")
def test_udf_bench_answers_agree_on_a_small_run():
    proc = subprocess.run(
        [sys.executable, str(BENCH / "python" / "udf_bench.py"), "--rows", "20000",
         "--repeat", "1", "--engines", "copra,python", "--copra", str(COPRA_BIN)],
        capture_output=True, text=True, timeout=240)
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(proc.stdout)
    by_key = {m["key"]: m for m in result["measurements"]}
    for key in ("copra_builtin", "copra_numpy_udf", "copra_python_udf",
                "python_list_comprehension", "numpy"):
        assert by_key[key].get("correct") is True, by_key[key]
    ratios = {r["numerator"] + "/" + r["denominator"]: r for r in result["ratios"]}
    assert ratios["copra_numpy_udf/copra_builtin"]["value"] > 0
