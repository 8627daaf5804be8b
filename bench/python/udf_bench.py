#!/usr/bin/python3
"""Python UDFs in Copra beside a built-in expression, plain Python, numpy and
PostgreSQL PL/Python, over the same float64 values in a table.

The same N float64 values (uniform in [0, 100), seeded; 10M by default, 1M
with --quick) are written once as CSV and loaded into a Copra table and a
PostgreSQL table t(ts, x). Then, each warmed up once and timed --repeat times:

  copra     SELECT sum(x * 2 + 1) FROM t          built-in expression
  copra     SELECT sum(np_f(x)) FROM t            numpy UDF (numpy_optimize_enable)
  copra     SELECT sum(py_f(x)) FROM t            per-element UDF: a list comprehension
                                                  over the batch's list of floats
  python    [v * 2 + 1 for v in values]           the same comprehension in plain
                                                  Python over a list of N floats (the floor)
  python    np.array([v * 2 + 1 for v in          the same with the conversion from and to
              x.tolist()])                        a float64 array a list-based UDF needs
  numpy     x * 2 + 1                             plain numpy over an array of N float64
  postgres  SELECT sum(x * 2 + 1) FROM t          built-in expression
  postgres  SELECT sum(f(x)) FROM t               PL/Python function, called per row
  postgres  SELECT f_np(array_agg(x)) FROM t      PL/Python, whole column as one array,
                                                  numpy inside (the numpy variant)

Every answer is checked against math.fsum of x * 2 + 1 (relative 1e-9).
Copra's times are its shell's own (statement start to last row), PostgreSQL's
psycopg's wall time, Python's and numpy's perf_counter around the expression.

Part of bench/run (the python suite): prints exactly one JSON object on
stdout in the shape bench/README.md describes ("Python suites"); progress
goes to stderr.

  bench/python/udf_bench.py [--quick] [--rows N] [--repeat R] [--copra build/copra]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import pathlib
import platform
import shutil
import statistics
import sys
import tempfile
import time

import numpy as np

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from engines.base import EngineError, EngineUnavailable, cpu_ns_of  # noqa: E402
from engines.copra import Copra  # noqa: E402
from engines.postgres import Postgres  # noqa: E402

EXPRESSION = "x * 2 + 1"

COPRA_SETUP = [
    "CREATE TABLE t (ts TIMESTAMP TIME INDEX, x DOUBLE)",
    """CREATE FUNCTION np_f(x float64) RETURNS float64 LANGUAGE PYTHON AS $$
def np_f(x):
    return x * 2 + 1
$$ SETTINGS numpy_optimize_enable = true""",
    """CREATE FUNCTION py_f(x float64) RETURNS float64 LANGUAGE PYTHON AS $$
def py_f(x):
    return [v * 2 + 1 for v in x]
$$""",
]

POSTGRES_SETUP = [
    "CREATE EXTENSION IF NOT EXISTS plpython3u",
    "CREATE TABLE t (ts timestamp NOT NULL, x double precision NOT NULL)",
    """CREATE FUNCTION f(x double precision) RETURNS double precision
LANGUAGE plpython3u IMMUTABLE STRICT AS $$
return x * 2 + 1
$$""",
    """CREATE FUNCTION f_np(xs double precision[]) RETURNS double precision
LANGUAGE plpython3u IMMUTABLE STRICT AS $$
import numpy
a = numpy.asarray(xs, dtype=numpy.float64)
return float((a * 2 + 1).sum())
$$""",
]


def log(message: str) -> None:
    sys.stderr.write(f"[udf_bench] {message}\n")
    sys.stderr.flush()


def make_values(rows: int, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).uniform(0.0, 100.0, rows)


def write_csv(values: np.ndarray, path: pathlib.Path) -> None:
    """ts,x with one row per second from 2016-01-01; x as the shortest text
    that reads back as the same float64 (repr), so every engine loads the
    same doubles."""
    start = np.datetime64("2016-01-01T00:00:00", "s")
    chunk = 1_000_000
    with open(path, "w") as f:
        f.write("ts,x\n")
        for lo in range(0, len(values), chunk):
            hi = min(lo + chunk, len(values))
            stamps = np.datetime_as_string(start + np.arange(lo, hi).astype("timedelta64[s]"))
            xs = map(repr, values[lo:hi].tolist())
            f.write("\n".join(f"{t},{x}" for t, x in zip(stamps.tolist(), xs)).replace("T", " "))
            f.write("\n")


class Bench:
    def __init__(self, rows: int, repeat: int, expected: float):
        self.rows = rows
        self.repeat = repeat
        self.expected = expected
        self.measurements: list[dict] = []

    def _check(self, answer) -> bool | None:
        if answer is None:
            return None
        value = float(answer)
        return math.isclose(value, self.expected, rel_tol=1e-9)

    def add(self, key, label, engine, timed, note=None):
        """Runs `timed()` once to warm up and `repeat` more times; each call
        returns (wall ms, CPU ms or None, answer)."""
        entry = {"key": key, "label": label, "engine": engine, "values": self.rows}
        if note:
            entry["note"] = note
        try:
            _, _, answer = timed()
            ms, cpu_ms = [], []
            for _ in range(self.repeat):
                t, cpu, _ = timed()
                ms.append(t)
                cpu_ms.append(cpu)
        except (EngineError, EngineUnavailable) as e:
            entry["error"] = str(e)[:500]
            log(f"{label}: FAILED: {entry['error']}")
            self.measurements.append(entry)
            return
        entry["ms"] = ms
        if None not in cpu_ms:
            entry["cpu_ms"] = cpu_ms
        entry["answer"] = answer
        entry["correct"] = self._check(answer)
        cpu = f" (CPU {statistics.median(cpu_ms):8.1f} ms)" if "cpu_ms" in entry else ""
        log(f"{label:44s} median {statistics.median(ms):10.1f} ms{cpu}"
            + ("" if entry["correct"] else f"  WRONG answer {answer} (expected {self.expected})"))
        self.measurements.append(entry)

    def median(self, key, field="ms") -> float | None:
        for m in self.measurements:
            if m["key"] == key and m.get(field):
                return statistics.median(m[field])
        return None


def engine_timer(engine, sql, pid):
    """Times one statement: the engine's wall time and the CPU time its
    process (Copra's shell, PostgreSQL's backend) used meanwhile."""
    def timed():
        before = cpu_ns_of(pid)
        answer = engine.execute(sql)
        after = cpu_ns_of(pid)
        cpu = (after - before) / 1e6 if before is not None and after is not None else None
        return answer.ms, cpu, answer.rows[0][0]

    return timed


def run_copra(bench: Bench, binary: pathlib.Path, workdir: pathlib.Path, csv_path, info) -> None:
    copra = Copra(binary, "shell", query_timeout_s=1800)
    try:
        copra.start(workdir / "copra")
        info["copra_version"] = copra.version()
        for sql in COPRA_SETUP[1:]:
            copra.execute(sql)
        log(f"copra: loading {bench.rows:,} rows")
        load = copra.load_csv("t", COPRA_SETUP[0], csv_path, bench.rows)
        info["copra_load_s"] = load.seconds
    except (EngineError, EngineUnavailable) as e:
        for key, label in (("copra_builtin", "Copra built-in sum(x * 2 + 1)"),
                           ("copra_numpy_udf", "Copra numpy UDF sum(np_f(x))"),
                           ("copra_python_udf", "Copra per-element UDF sum(py_f(x))")):
            bench.measurements.append({"key": key, "label": label, "engine": "copra",
                                       "values": bench.rows, "error": f"setup: {str(e)[:400]}"})
        log(f"copra: setup FAILED: {e}")
        copra.stop()
        return
    pid = copra.transport.pid
    try:
        bench.add("copra_builtin", "Copra built-in sum(x * 2 + 1)", "copra",
                  engine_timer(copra, "SELECT sum(x * 2 + 1) FROM t", pid))
        bench.add("copra_numpy_udf", "Copra numpy UDF sum(np_f(x))", "copra",
                  engine_timer(copra, "SELECT sum(np_f(x)) FROM t", pid),
                  note="def np_f(x): return x * 2 + 1 (numpy_optimize_enable)")
        bench.add("copra_python_udf", "Copra per-element UDF sum(py_f(x))", "copra",
                  engine_timer(copra, "SELECT sum(py_f(x)) FROM t", pid),
                  note="def py_f(x): return [v * 2 + 1 for v in x]")
    finally:
        copra.stop()


def run_postgres(bench: Bench, workdir: pathlib.Path, csv_path, info) -> None:
    pg = Postgres()
    keys = (("pg_builtin", "PostgreSQL built-in sum(x * 2 + 1)"),
            ("pg_plpython", "PostgreSQL PL/Python sum(f(x))"),
            ("pg_plpython_numpy", "PostgreSQL PL/Python f_np(array_agg(x))"))
    try:
        pg.start(workdir / "postgres")
        info["postgres_version"] = pg.version()
        for sql in POSTGRES_SETUP:
            pg.execute(sql)
        log(f"postgres: loading {bench.rows:,} rows")
        started = time.perf_counter()
        with pg.conn.cursor() as cur:
            with cur.copy("COPY t FROM STDIN WITH (FORMAT csv, HEADER true)") as copy:
                with open(csv_path, "rb") as f:
                    while chunk := f.read(1 << 20):
                        copy.write(chunk)
        pg.execute("VACUUM ANALYZE t")
        info["postgres_load_s"] = time.perf_counter() - started
    except (EngineError, EngineUnavailable, OSError) as e:
        for key, label in keys:
            bench.measurements.append({"key": key, "label": label, "engine": "postgres",
                                       "values": bench.rows, "error": f"setup: {str(e)[:400]}"})
        log(f"postgres: setup FAILED: {e}")
        pg.stop()
        return
    pid = pg.backend_pid
    try:
        bench.add(keys[0][0], keys[0][1], "postgres",
                  engine_timer(pg, "SELECT sum(x * 2 + 1) FROM t", pid))
        bench.add(keys[1][0], keys[1][1], "postgres", engine_timer(pg, "SELECT sum(f(x)) FROM t", pid),
                  note="plpython3u, called once per row: return x * 2 + 1")
        bench.add(keys[2][0], keys[2][1], "postgres",
                  engine_timer(pg, "SELECT f_np(array_agg(x)) FROM t", pid),
                  note="plpython3u, called once with the whole column as a list; "
                       "numpy.asarray, then (a * 2 + 1).sum()")
    finally:
        pg.stop()


def run_plain(bench: Bench, values: np.ndarray) -> None:
    as_list = values.tolist()

    def timer(work):
        def timed():
            started, cpu_started = time.perf_counter(), time.process_time()
            out = work()
            ms = (time.perf_counter() - started) * 1000
            cpu = (time.process_time() - cpu_started) * 1000
            return ms, cpu, math.fsum(out)

        return timed

    comprehension = timer(lambda: [v * 2 + 1 for v in as_list])
    comprehension_with_conversions = timer(
        lambda: np.array([v * 2 + 1 for v in values.tolist()], dtype=np.float64))
    numpy_expression = timer(lambda: values * 2 + 1)

    bench.add("python_list_comprehension", "plain Python [v * 2 + 1 for v in values]", "python",
              comprehension, note="over a Python list of the N floats; the sum is not timed")
    bench.add("python_list_comprehension_converting",
              "plain Python, array → list → comprehension → array", "python",
              comprehension_with_conversions,
              note="np.array([v * 2 + 1 for v in x.tolist()]): what a list-based UDF must "
                   "do at least, starting and ending with a column")
    bench.add("numpy", "plain numpy x * 2 + 1", "numpy", numpy_expression,
              note="over a float64 array of the N values; the sum is not timed")


def ratio(bench, label, numerator, denominator, target=None, note=None):
    a, b = bench.median(numerator), bench.median(denominator)
    entry = {"label": label, "numerator": numerator, "denominator": denominator,
             "value": a / b if a is not None and b else None}
    a, b = bench.median(numerator, "cpu_ms"), bench.median(denominator, "cpu_ms")
    if a is not None and b:
        entry["value_cpu"] = a / b
    if target:
        entry["target"] = target
    if note:
        entry["note"] = note
    return entry


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="1M values instead of 10M")
    ap.add_argument("--rows", type=int, help="values (default 10M, 1M with --quick)")
    ap.add_argument("--repeat", type=int, default=3, help="timed runs after one warm-up")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--copra", type=pathlib.Path,
                    default=HERE.parents[1] / "build" / "copra")
    ap.add_argument("--engines", default="copra,postgres,python",
                    help="comma-separated subset of copra, postgres, python")
    args = ap.parse_args()
    rows = args.rows or (1_000_000 if args.quick else 10_000_000)
    engines = set(args.engines.split(","))

    values = make_values(rows, args.seed)
    expected = math.fsum((values * 2 + 1).tolist())
    bench = Bench(rows, args.repeat, expected)
    info = {"python": platform.python_version(), "numpy": np.__version__}
    temp = tempfile.mkdtemp(prefix="copra-udf-bench-")
    os.chmod(temp, 0o755)  # PostgreSQL runs as its own user and must reach its cluster
    workdir = pathlib.Path(temp)
    started = time.monotonic()
    try:
        csv_path = workdir / "values.csv"
        log(f"writing {rows:,} values to {csv_path}")
        write_csv(values, csv_path)
        os.chmod(csv_path, 0o644)
        if "copra" in engines:
            run_copra(bench, args.copra, workdir, csv_path, info)
        if "postgres" in engines:
            run_postgres(bench, workdir, csv_path, info)
        if "python" in engines:
            run_plain(bench, values)
    finally:
        shutil.rmtree(temp, ignore_errors=True)

    ratios = [
        ratio(bench, "Copra numpy UDF ÷ Copra built-in expression", "copra_numpy_udf",
              "copra_builtin", {"max": 1.3}),
        ratio(bench, "Copra per-element UDF ÷ plain-Python list comprehension (the floor)",
              "copra_python_udf", "python_list_comprehension", {"max": 1.5}),
        ratio(bench, "Copra per-element UDF ÷ plain Python with the conversions from and to "
              "an array", "copra_python_udf", "python_list_comprehension_converting"),
        ratio(bench, "PostgreSQL PL/Python per row ÷ Copra per-element UDF (how many times "
              "faster Copra is)", "pg_plpython", "copra_python_udf", {"min": 7.0}),
        ratio(bench, "PostgreSQL PL/Python with numpy ÷ Copra numpy UDF", "pg_plpython_numpy",
              "copra_numpy_udf"),
        ratio(bench, "Copra numpy UDF ÷ plain numpy x * 2 + 1", "copra_numpy_udf", "numpy",
              note="the UDF's query also scans the table and sums"),
        ratio(bench, "Copra built-in ÷ PostgreSQL built-in", "copra_builtin", "pg_builtin"),
    ]
    result = {
        "name": "udf",
        "title": "Python UDFs: Copra beside built-in SQL, plain Python, numpy and PL/Python",
        "about": (
            f"The same {rows:,} float64 values (uniform in [0, 100), seed {args.seed}) in a "
            "table `t(ts, x)` in Copra and in PostgreSQL, and as a Python list and a numpy "
            "array; the function is `x * 2 + 1` everywhere. Copra's UDFs are called once per "
            "batch: the numpy UDF gets a numpy array, the per-element one a list of floats "
            "and runs a list comprehension over it; PL/Python's `f` is called once per row. "
            f"One warm-up, then {args.repeat} timed runs each; every answer is checked against "
            "`math.fsum` of the values (relative 1e-9). Wall times: Copra's shell's own, "
            "psycopg's for PostgreSQL, perf_counter around the expression for plain Python "
            "and numpy (their sums not timed). CPU times: what the process doing the work "
            "(Copra's shell, PostgreSQL's backend, this Python) used meanwhile, all its "
            "threads - on a shared machine the fairer measure of cost."),
        "settings": {"rows": rows, "repeat": args.repeat, "seed": args.seed,
                     "engines": sorted(engines), **info},
        "measurements": bench.measurements,
        "ratios": ratios,
        "duration_s": time.monotonic() - started,
    }
    json.dump(result, sys.stdout, indent=1)
    sys.stdout.write("\n")
    for r in ratios:
        if r["value"] is not None:
            cpu = f" (CPU {r['value_cpu']:.2f})" if "value_cpu" in r else ""
            log(f"{r['label']}: {r['value']:.2f}{cpu}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
