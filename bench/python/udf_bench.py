#!/usr/bin/python3
"""Python UDF overhead, measured through `copra shell` (\\timing).

Over the same N float64 values (numbers(N) cast to DOUBLE, 10M by default):
  1. SELECT sum(x * 2 + 1)            built-in expression
  2. SELECT sum(np_f(x))              numpy UDF (numpy_optimize_enable), x*2+1
  3. SELECT sum(py_f(x))              per-element Python UDF (list comprehension
                                      inside the UDF, one call per batch)
and, outside the database, the same list comprehension in plain Python over
a list of N floats, to show what the per-batch call adds.

Usage: bench/python/udf_bench.py [--rows N] [--repeat R] [--copra build/copra]
Prints one line per variant: best and median wall time of R runs.
"""

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SETUP = """
CREATE FUNCTION np_f(x float64) RETURNS float64 LANGUAGE PYTHON AS $$
def np_f(x):
    return x * 2 + 1
$$ SETTINGS numpy_optimize_enable = true;
CREATE FUNCTION py_f(x float64) RETURNS float64 LANGUAGE PYTHON AS $$
def py_f(x):
    return [v * 2 + 1 for v in x]
$$;
"""

QUERIES = {
    "builtin  sum(x * 2 + 1)": "SELECT sum(number::double * 2 + 1) FROM numbers({n})",
    "numpy UDF sum(np_f(x))": "SELECT sum(np_f(number::double)) FROM numbers({n})",
    "per-element UDF sum(py_f(x))": "SELECT sum(py_f(number::double)) FROM numbers({n})",
}


def run_shell(copra, data, sql):
    r = subprocess.run([copra, "shell", "--data", data], input=sql, capture_output=True,
                       text=True, check=False)
    if r.returncode != 0:
        sys.exit("copra shell failed:\n" + r.stdout + r.stderr)
    return r.stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--copra", default=str(Path(__file__).resolve().parents[2] / "build/copra"))
    args = ap.parse_args()
    n = args.rows
    with tempfile.TemporaryDirectory() as tmp:
        data = str(Path(tmp) / "data")
        run_shell(args.copra, data, SETUP)
        results = {}
        expected = None
        for label, query in QUERIES.items():
            sql = "\\timing on\n" + (query.format(n=n) + ";\n") * args.repeat
            out = run_shell(args.copra, data, sql)
            times = [float(t) for t in re.findall(r"Time: ([0-9.]+) ms", out)]
            sums = re.findall(r"\|\s*([0-9.e+]+)\s*\|", out)
            if expected is None and sums:
                expected = sums[0]
            elif sums and sums[0] != expected:
                print(f"warning: {label} returned {sums[0]}, expected {expected}")
            results[label] = times
    values = [float(i) for i in range(n)]
    plain = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        s = sum([v * 2 + 1 for v in values])
        plain.append((time.perf_counter() - start) * 1000)
    results["plain Python list comprehension"] = plain
    print(f"rows: {n}, runs: {args.repeat} (wall ms: best / median)")
    for label, times in results.items():
        print(f"  {label:36s} {min(times):10.1f} / {statistics.median(times):10.1f}")


if __name__ == "__main__":
    main()
