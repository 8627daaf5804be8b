#!/usr/bin/python3
"""Differential test: the same random data and queries in Copra and DuckDB.

Generates tables and queries (gen.py, deterministic by seed), runs them
through copra_diff_runner (Copra, in process, in memory) and
duckdb_runner.mjs (DuckDB through the npm package @duckdb/node-api), and
compares the results: NULLs exactly, integers exactly, floats with a
relative tolerance, rows in order when the query has a top-level ORDER BY
and as multisets otherwise. Every mismatch is printed with its query; the
exit code is 1 if there was any.

  difftest.py --copra-runner build/tests/diff/copra_diff_runner \
      [--seed N] [--queries N] [--copra-set name=value]... [--keep DIR]

DuckDB must be installed in tests/diff/node_modules (scripts/install-deps
does that: `npm install` in tests/diff/).
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import gen  # noqa: E402

REL_TOL = 1e-9
ABS_TOL = 1e-9


def write_script(path: pathlib.Path, engine: str, tables, queries) -> None:
    lines = []
    for t in tables:
        lines.append("S\t" + gen.create_table_sql(t, engine))
        lines.extend("S\t" + s for s in gen.insert_sql(t))
    for q in queries:
        assert "\n" not in q.sql and "\t" not in q.sql, q.sql
        lines.append("Q\t" + q.sql)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def run(cmd: list[str], what: str, timeout: float) -> list[dict]:
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0:
        sys.stderr.write(f"difftest: {what} failed (exit {proc.returncode}): {' '.join(cmd)}\n")
        sys.stderr.write(proc.stderr[-4000:])
        raise SystemExit(2)
    return [json.loads(line) for line in proc.stdout.splitlines() if line]


# --- normalization and comparison -------------------------------------------


def is_number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def kind(v) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "bool"
    if is_number(v):
        return "number"
    if isinstance(v, str):
        return "string"
    if isinstance(v, dict) and "ts" in v:
        return "ts"
    return "other"


def values_equal(a, b) -> bool:
    ka, kb = kind(a), kind(b)
    if ka != kb:
        return False
    if ka == "number":
        if isinstance(a, int) and isinstance(b, int):
            return a == b
        return math.isclose(float(a), float(b), rel_tol=REL_TOL, abs_tol=ABS_TOL)
    return a == b


def rows_equal(ra, rb) -> bool:
    return len(ra) == len(rb) and all(values_equal(a, b) for a, b in zip(ra, rb))


def sort_key(row):
    # Floats rounded so that tiny differences between the engines cannot
    # change the multiset order; NULLs first; kinds never mixed in a column
    # unless the engines disagree (then the comparison fails anyway).
    key = []
    for v in row:
        k = kind(v)
        if k == "number":
            key.append((1, float(f"{float(v):.6g}"), ""))
        elif k == "null":
            key.append((0, 0.0, ""))
        elif k == "ts":
            key.append((2, float(v["ts"]), ""))
        else:
            key.append((3, 0.0, json.dumps(v, sort_keys=True)))
    return key


def sql_compare(a, b) -> int:
    """SQL order of two non-NULL values of one column kind: -1, 0 or 1."""
    if kind(a) == "ts":
        a, b = a["ts"], b["ts"]
    # Strings: code point order, which is UTF-8 byte order (both engines'
    # default collation).
    return (a > b) - (a < b)


def follows_order(rows, order: list[gen.OrderKey]) -> bool:
    """Whether `rows` are sorted by the ORDER BY `order` (exact values)."""
    for prev, cur in zip(rows, rows[1:]):
        for key in order:
            a, b = prev[key.position], cur[key.position]
            # c < 0: prev sorts first; NULLS FIRST/LAST ignore the direction.
            if a is None and b is None:
                c = 0
            elif a is None:
                c = -1 if key.nulls_first else 1
            elif b is None:
                c = 1 if key.nulls_first else -1
            else:
                c = sql_compare(a, b)
                if key.descending:
                    c = -c
            if c < 0:
                break
            if c > 0:
                return False
    return True


def render(v) -> str:
    k = kind(v)
    if k == "null":
        return "NULL"
    if k == "ts":
        t = datetime.datetime(1970, 1, 1) + datetime.timedelta(microseconds=v["ts"])
        return t.isoformat(sep=" ")
    if k == "string":
        return repr(v)
    return json.dumps(v)


def render_rows(rows, limit=12) -> str:
    lines = ["    " + " | ".join(render(v) for v in row) for row in rows[:limit]]
    if len(rows) > limit:
        lines.append(f"    ... {len(rows) - limit} more")
    return "\n".join(lines) if lines else "    (no rows)"


def compare(query: gen.Query, copra: dict, duck: dict) -> str | None:
    """None when the results agree, else a description of the difference."""
    if "error" in copra or "error" in duck:
        if "error" in copra and "error" in duck:
            return f"both engines failed (generator bug?)\n  copra:  {copra['error']}\n  duckdb: {duck['error']}"
        if "error" in copra:
            return f"copra failed, duckdb returned {len(duck['rows'])} rows\n  copra: {copra['error']}"
        return f"duckdb failed, copra returned {len(copra['rows'])} rows\n  duckdb: {duck['error']}"
    crows, drows = copra["rows"], duck["rows"]
    if not query.ordered:
        crows = sorted(crows, key=sort_key)
        drows = sorted(drows, key=sort_key)
    if len(crows) == len(drows) and all(rows_equal(a, b) for a, b in zip(crows, drows)):
        return None
    if query.ordered and not query.limited and len(crows) == len(drows):
        # Floats that tie mathematically may differ in their last bits
        # between the engines (summation order) and so sort differently.
        # Then Copra's rows must still follow the ORDER BY by their own
        # values, and be the same multiset as DuckDB's.
        same = all(rows_equal(a, b) for a, b in zip(sorted(crows, key=sort_key), sorted(drows, key=sort_key)))
        if same and follows_order(crows, query.order):
            return None
    first = next((i for i, (a, b) in enumerate(zip(crows, drows)) if not rows_equal(a, b)), min(len(crows), len(drows)))
    how = "in order" if query.ordered else "as multisets (sorted)"
    return (
        f"results differ {how}: copra {len(crows)} rows, duckdb {len(drows)} rows; first difference at row {first}\n"
        f"  copra rows from {first}:\n{render_rows(crows[first:])}\n"
        f"  duckdb rows from {first}:\n{render_rows(drows[first:])}"
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--copra-runner", required=True, help="path to the copra_diff_runner binary")
    ap.add_argument("--seed", type=int, default=int(os.environ.get("COPRA_DIFF_SEED", "1")))
    ap.add_argument("--queries", type=int, default=400)
    ap.add_argument("--copra-set", action="append", default=[], metavar="NAME=VALUE", help="Copra session setting")
    ap.add_argument("--copra-storage", action="store_true",
                    help="Copra tables in its durable storage engine (a temporary data directory)")
    ap.add_argument("--node", default=shutil.which("node") or "node")
    ap.add_argument("--keep", metavar="DIR", help="write the scripts and raw results to DIR")
    ap.add_argument("--max-report", type=int, default=50, help="print at most this many mismatches in full")
    args = ap.parse_args()

    if not (HERE / "node_modules" / "@duckdb" / "node-api").is_dir():
        print(
            "difftest: DuckDB is not installed: tests/diff/node_modules/@duckdb/node-api is missing.\n"
            "Run scripts/install-deps (or `npm install` in tests/diff/).",
            file=sys.stderr,
        )
        return 2

    tables, queries = gen.generate(args.seed, args.queries)
    workdir = pathlib.Path(args.keep) if args.keep else pathlib.Path(tempfile.mkdtemp(prefix="copra-diff-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        copra_script, duck_script = workdir / "copra.sql", workdir / "duckdb.sql"
        write_script(copra_script, "copra", tables, queries)
        write_script(duck_script, "duckdb", tables, queries)

        copra_cmd = [args.copra_runner] + (["--storage"] if args.copra_storage else [])
        for s in args.copra_set:
            copra_cmd += ["--set", s]
        copra_results = run(copra_cmd + [str(copra_script)], "copra_diff_runner", 120)
        duck_results = run([args.node, str(HERE / "duckdb_runner.mjs"), str(duck_script)], "duckdb_runner.mjs", 120)
        if args.keep:
            (workdir / "copra.jsonl").write_text("\n".join(json.dumps(r) for r in copra_results) + "\n")
            (workdir / "duckdb.jsonl").write_text("\n".join(json.dumps(r) for r in duck_results) + "\n")
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)

    if len(copra_results) != len(queries) or len(duck_results) != len(queries):
        print(f"difftest: expected {len(queries)} results, got copra {len(copra_results)}, duckdb {len(duck_results)}")
        return 1

    failures = 0
    shapes: dict[str, list[int]] = {}
    for i, (q, c, d) in enumerate(zip(queries, copra_results, duck_results)):
        stats = shapes.setdefault(q.shape, [0, 0])
        stats[0] += 1
        problem = compare(q, c, d)
        if problem is None:
            continue
        stats[1] += 1
        failures += 1
        if failures <= args.max_report:
            print(f"MISMATCH query {i} [{q.shape}] (seed {args.seed})\n  {q.sql}\n  {problem}\n")

    settings = f", copra settings {' '.join(args.copra_set)}" if args.copra_set else ""
    print(f"difftest: seed {args.seed}, {len(queries)} queries{settings}")
    for shape, (n, bad) in sorted(shapes.items()):
        print(f"  {shape:24} {n:4} queries, {bad} mismatched")
    if failures > args.max_report:
        print(f"  ({failures - args.max_report} further mismatches not shown)")
    print(f"{len(queries) - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
