"""TSBS-style cpu-only suite: ingest and the 15 query types, Copra beside peers.

For every data size: generate the CSV once (tsbs/generate.py), then for each
engine in turn (never two at once - the machine is small; the reference
engine first): start it, load the same CSV, run every query instance once to
warm up and `runs` more times timed, record peak RSS and bytes on disk, stop
it. Every engine's answer to
every instance is compared with the reference engine's (DuckDB, else
PostgreSQL); a latency measured for a wrong answer is flagged as such.
"""

from __future__ import annotations

import decimal
import time

from engines.base import EngineError, EngineUnavailable, cpu_ns_of
from harness.compare import compare
from harness.stats import summarize
from tsbs import generate, queries, schema

NAME = "tsbs"
TITLE = "TSBS cpu-only"
# A warm-up slower than this gets a single timed run (keeps slow engines bounded).
SLOW_MS = 5000.0
REFERENCE_ORDER = ["duckdb", "postgres"]
# Run after every load (not timed): the loaded rows must be the same rows in
# every engine and through every ingest path.
CHECKSUM_SQL = ("SELECT count(*), count(DISTINCT hostname), min(ts), max(ts), sum(usage_user), "
                "sum(usage_guest_nice), max(usage_idle) FROM cpu")


def _run_engine(ctx, engine_name, spec, csv_path, query_list):
    """Loads and queries one engine. Returns (summary, answers by query index)."""
    engine = ctx.make_engine(engine_name)
    summary = {"engine": engine_name}
    answers: dict[int, list | None] = {}
    workdir = ctx.workdir / "engines" / engine_name
    try:
        engine.start(workdir)
    except Exception as e:  # noqa: BLE001 - any failure to start means "not available"
        ctx.log(f"{engine_name}: not available: {e}")
        summary["unavailable"] = str(e)
        engine.stop()
        return summary, answers
    try:
        summary["version"] = engine.version()
        summary["settings"] = engine.settings()
        ctx.log(f"{engine_name}: loading {spec.rows:,} rows")
        try:
            load = _load(ctx, engine, spec, csv_path)
        except EngineError as e:
            ctx.log(f"{engine_name}: load FAILED: {e}")
            summary["load_error"] = str(e)
            return summary, answers
        summary["ingest"] = {
            "rows": load.rows,
            "seconds": load.seconds,
            "rows_per_s": load.rows / load.seconds if load.seconds > 0 else None,
            "method": load.method,
            "extra_seconds": load.extra_seconds,
        }
        ctx.log(f"{engine_name}: loaded in {load.seconds:.2f} s "
                f"({summary['ingest']['rows_per_s']:,.0f} rows/s, {load.method})")
        summary["checksum"] = _checksum(ctx, engine)
        per_type: dict[str, dict] = {}
        pid = engine.cpu_pid()
        for index, q in enumerate(query_list):
            entry = per_type.setdefault(q.type, {"timings_ms": [], "cpu_ms": [], "errors": []})
            sql = q.sql[engine.dialect]
            try:
                warm = engine.execute(sql)
            except EngineError as e:
                entry["errors"].append(f"#{q.index}: {e}")
                answers[index] = None
                ctx.log(f"{engine_name}: {q.type}#{q.index} FAILED: {str(e)[:200]}")
                continue
            answers[index] = warm.rows
            runs = 1 if warm.ms > SLOW_MS else ctx.runs
            for _ in range(runs):
                try:
                    cpu_before = cpu_ns_of(pid) if pid else None
                    entry["timings_ms"].append(engine.execute(sql).ms)
                    cpu_after = cpu_ns_of(pid) if pid else None
                    if cpu_before is not None and cpu_after is not None:
                        entry["cpu_ms"].append((cpu_after - cpu_before) / 1e6)
                except EngineError as e:
                    entry["errors"].append(f"#{q.index}: {e}")
                    break
        summary["queries"] = {}
        for qtype, entry in per_type.items():
            summary["queries"][qtype] = {**summarize(entry["timings_ms"]), "errors": entry["errors"]}
            stats = summary["queries"][qtype]
            if entry["cpu_ms"] and len(entry["cpu_ms"]) == len(entry["timings_ms"]):
                cpu = summarize(entry["cpu_ms"])
                stats.update({"cpu_median_ms": cpu["median_ms"], "cpu_min_ms": cpu["min_ms"],
                              "cpu_max_ms": cpu["max_ms"]})
            if "median_ms" in stats:
                ctx.log(f"{engine_name}: {qtype:24s} median {stats['median_ms']:10.2f} ms"
                        + (f" (CPU {stats['cpu_median_ms']:10.2f} ms)"
                           if "cpu_median_ms" in stats else ""))
        summary["peak_rss_bytes"] = engine.peak_rss_bytes()
        summary["disk_bytes"] = engine.disk_bytes()
    finally:
        engine.stop()
    return summary, answers


def _checksum(ctx, engine):
    try:
        rows = engine.execute(CHECKSUM_SQL).rows
        # Kept in the results file: driver types (datetime, Decimal) as text/float.
        return [[v if v is None or isinstance(v, (bool, int, float, str))
                 else float(v) if isinstance(v, decimal.Decimal) else str(v) for v in row]
                for row in rows]
    except EngineError as e:
        ctx.log(f"{engine.name}: checksum query FAILED: {e}")
        return None


def _line_protocol_only(ctx, spec, csv_path):
    """Copra's second ingest path, in a Copra of its own (`copra serve`, as
    line protocol arrives over HTTP): the same rows written as line protocol
    and POSTed to /v1/influxdb/write. Ingest only; no queries."""
    from engines.copra import Copra

    engine = Copra(ctx.copra_binary, "pgwire", query_timeout_s=ctx.query_timeout_s,
                   compact=ctx.copra_compact)
    summary = {"engine": "copra (line protocol)"}
    lp_path = csv_path.with_suffix(".lp")
    try:
        engine.start(ctx.workdir / "engines" / "copra-line-protocol")
        summary["version"] = engine.version()
        started = time.perf_counter()
        with open(lp_path, "wb") as f:
            generate.write(spec, "influx", f)
        ctx.log(f"copra (line protocol): {lp_path.stat().st_size / 2**20:,.0f} MiB of line "
                f"protocol written in {time.perf_counter() - started:.1f} s; posting")
        load = engine.load_line_protocol("cpu", schema.create_table("copra"), lp_path, spec.rows)
        summary["ingest"] = {
            "rows": load.rows, "seconds": load.seconds,
            "rows_per_s": load.rows / load.seconds if load.seconds > 0 else None,
            "method": load.method, "extra_seconds": load.extra_seconds,
            "bytes": lp_path.stat().st_size,
        }
        ctx.log(f"copra (line protocol): loaded in {load.seconds:.2f} s "
                f"({summary['ingest']['rows_per_s']:,.0f} rows/s, {load.method})")
        summary["checksum"] = _checksum(ctx, engine)
        summary["peak_rss_bytes"] = engine.peak_rss_bytes()
        summary["disk_bytes"] = engine.disk_bytes()
    except EngineUnavailable as e:
        ctx.log(f"copra (line protocol): not available: {e}")
        summary["unavailable"] = str(e)
    except EngineError as e:
        ctx.log(f"copra (line protocol): load FAILED: {e}")
        summary["load_error"] = str(e)
    finally:
        engine.stop()
        lp_path.unlink(missing_ok=True)
    return summary


def _check_checksums(ctx, reference, summaries):
    """Marks each loaded engine's checksum (count, distinct hosts, time range,
    sums) as matching the reference engine's or not."""
    theirs = summaries[0].get("checksum")
    for summary in summaries[1:]:
        if "ingest" not in summary:
            continue
        mine = summary.get("checksum")
        if theirs is None or mine is None:
            summary["same_rows"] = None
            continue
        problem = compare(theirs, mine, True)
        summary["same_rows"] = problem is None
        if problem:
            summary["rows_problem"] = problem
            ctx.log(f"MISMATCH {summary['engine']}: loaded rows differ from {reference}'s: "
                    f"{problem}")


def _load(ctx, engine, spec, csv_path):
    """Loads the data set the way the command line asked (CSV unless told otherwise)."""
    ddl = schema.create_table(engine.dialect)
    if engine.name == "copra" and ctx.copra_ingest == "influx":
        lp_path = csv_path.with_suffix(".lp")
        if not lp_path.exists():
            with open(lp_path, "wb") as f:
                generate.write(spec, "influx", f)
        try:
            return engine.load_line_protocol("cpu", ddl, lp_path, spec.rows)
        except EngineUnavailable as e:
            ctx.log(f"copra: line protocol not available ({e}); loading the CSV instead")
        finally:
            lp_path.unlink()
    return engine.load_csv("cpu", ddl, csv_path, spec.rows)


def _check(ctx, results, answers, query_list):
    """Compares each engine's answers with the reference engine's, in place."""
    reference = next((e for e in REFERENCE_ORDER if answers.get(e)), None)
    if reference is None:
        return None
    for engine_name, engine_answers in answers.items():
        if engine_name == reference or "queries" not in results[engine_name]:
            continue
        for index, q in enumerate(query_list):
            stats = results[engine_name]["queries"].get(q.type)
            if stats is None:
                continue
            stats.setdefault("mismatches", [])
            mine, theirs = engine_answers.get(index), answers[reference].get(index)
            if mine is None or theirs is None:
                continue  # an error is already recorded
            problem = compare(theirs, mine, q.ordered)
            if problem:
                stats["mismatches"].append(f"#{q.index} ({q.description}): {problem}")
                ctx.log(f"MISMATCH {engine_name} vs {reference}: {q.type}#{q.index}: {problem}")
        for stats in results[engine_name]["queries"].values():
            stats["correct"] = not stats.get("mismatches") and not stats["errors"]
    return reference


def run(ctx) -> dict:
    out = {"sizes": []}
    for size in ctx.sizes:
        spec = generate.DataSpec(size.hosts, int(round(size.days * 86400)), ctx.seed)
        data_dir = ctx.workdir / "data"
        data_dir.mkdir(parents=True, exist_ok=True)
        csv_path = data_dir / f"cpu-{size.key}.csv"
        ctx.log(f"generating {size.label}: {spec.rows:,} rows -> {csv_path}")
        started = time.perf_counter()
        with open(csv_path, "wb") as f:
            generate.write(spec, "csv", f)
        gen_s = time.perf_counter() - started
        ctx.log(f"generated in {gen_s:.1f} s ({spec.rows / gen_s:,.0f} rows/s)")
        query_list = queries.make_queries(spec, ctx.seed, ctx.instances)
        # The reference engine runs first; every other engine is checked as
        # soon as it is done and its answers dropped, so at most two sets of
        # (possibly large) answers are held at once.
        order = sorted(ctx.engines, key=lambda e: REFERENCE_ORDER.index(e)
                       if e in REFERENCE_ORDER else len(REFERENCE_ORDER))
        results, reference, reference_answers = {}, None, None
        for engine_name in order:
            results[engine_name], answers = _run_engine(ctx, engine_name, spec, csv_path,
                                                        query_list)
            if reference is None:
                if engine_name in REFERENCE_ORDER and answers:
                    reference, reference_answers = engine_name, answers
            else:
                _check(ctx, results, {reference: reference_answers, engine_name: answers},
                       query_list)
        reference_answers = None
        results = {name: results[name] for name in ctx.engines}
        if "copra" in results and ctx.copra_ingest == "both":
            results["copra"]["ingest_line_protocol"] = _line_protocol_only(ctx, spec, csv_path)
        if reference is not None:
            others = [s for n, s in results.items() if n != reference]
            if "ingest_line_protocol" in results.get("copra", {}):
                others.append(results["copra"]["ingest_line_protocol"])
            _check_checksums(ctx, reference, [results[reference]] + others)
        for name, summary in results.items():
            if reference is None or name == reference or "queries" not in summary:
                continue
            bad = sorted(t for t, s in summary["queries"].items() if not s.get("correct"))
            ctx.log(f"{size.label}: {name} agrees with {reference} on "
                    f"{len(summary['queries']) - len(bad)}/{len(summary['queries'])} query types"
                    + (f"; WRONG or failed: {', '.join(bad)}" if bad else ""))
        out["sizes"].append({
            "size": size.label,
            "key": size.key,
            "data": spec.to_json(),
            "csv_bytes": csv_path.stat().st_size,
            "generate_seconds": gen_s,
            "query_instances": {t: sum(1 for q in query_list if q.type == t) for t in queries.QUERY_TYPES},
            "example_sql": {q.type: q.sql for q in query_list if q.index == 0},
            "reference": reference,
            "engines": results,
        })
        csv_path.unlink()
        ctx.checkpoint(out)
    return out


# --- report ------------------------------------------------------------------


def _fmt_ms(stats: dict, med="median_ms", lo="min_ms", hi="max_ms") -> str:
    if not stats or med not in stats:
        return "error" if stats and stats.get("errors") else "–"
    text = f"{_num(stats[med])} ({_num(stats[lo])}–{_num(stats[hi])})"
    if stats.get("correct") is False:
        text += " **WRONG**"
    return text


def _num(ms: float) -> str:
    if ms >= 100:
        return f"{ms:,.0f}"
    if ms >= 10:
        return f"{ms:.1f}"
    return f"{ms:.2f}"


def _bytes(n) -> str:
    if n is None:
        return "–"
    for unit in ("B", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n:,.0f} {unit}" if unit == "B" else f"{n:,.1f} {unit}"
        n /= 1024
    return str(n)


# Time-bounded query types (every type but lastpoint has a time window).
TIME_BOUNDED = [t for t in queries.QUERY_TYPES if t != "lastpoint"]
INGEST_TARGET = 1_000_000


def _targets(engines: dict, ran: list[str]) -> list[str]:
    """The issue's targets (to steer by, never asserted), counted for this size."""
    if "copra" not in ran:
        return []
    copra = engines["copra"]
    lines = ["Targets (to steer by, not asserted):\n"]
    loads = [("COPY", copra)]
    if "ingest" in copra.get("ingest_line_protocol", {}):
        loads.append(("line protocol", copra["ingest_line_protocol"]))
    rates = ", ".join(f"{what} {e['ingest']['rows_per_s']:,.0f} rows/s" for what, e in loads
                      if e.get("ingest", {}).get("rows_per_s"))
    lines.append(f"- ingest ≥ {INGEST_TARGET:,} rows/s: Copra {rates or '–'}")
    peers = [n for n in ran if n != "copra"]
    for field, what in (("median_ms", "wall"), ("cpu_median_ms", "CPU")):
        mine = copra["queries"]
        faster, total, worst = 0, 0, []
        bounded_ok, bounded_total = 0, 0
        for qtype in queries.QUERY_TYPES:
            m = mine.get(qtype, {})
            theirs = [engines[p]["queries"].get(qtype, {}).get(field) for p in peers]
            theirs = [t for t in theirs if t]
            if field not in m or not theirs or m.get("correct") is False:
                continue
            total += 1
            best = min(theirs)
            if m[field] <= best:
                faster += 1
            else:
                worst.append((m[field] / best, qtype))
            duck = engines.get("duckdb", {}).get("queries", {}).get(qtype, {}).get(field)
            if qtype in TIME_BOUNDED and duck:
                bounded_total += 1
                bounded_ok += m[field] * 2 <= duck
        if not total:
            continue
        worst.sort(reverse=True)
        slowest = ", ".join(f"{q} {r:.1f}×" for r, q in worst[:3])
        lines.append(f"- every query no slower than the faster peer ({what} time): "
                     f"{faster} of {total} types" + (f"; furthest off: {slowest}" if worst else ""))
        if bounded_total:
            lines.append(f"- time-bounded queries ≥ 2× faster than DuckDB ({what} time): "
                         f"{bounded_ok} of {bounded_total} types")
    lines.append("")
    return lines


def _query_table(engines: dict, ran: list[str], med: str, lo: str, hi: str) -> list[str]:
    """One row per query type: each engine's `med` (`lo`–`hi`), then Copra/peer ratios."""
    peers = [n for n in ran if n != "copra"]
    header = "| query | " + " | ".join(f"{n} ms" for n in ran)
    header += "".join(f" | copra/{p}" for p in peers if "copra" in ran) + " |"
    lines = [header, "|---" * (1 + len(ran) + (len(peers) if "copra" in ran else 0)) + "|"]
    for qtype in queries.QUERY_TYPES:
        cells = [_fmt_ms(engines[n]["queries"].get(qtype, {}), med, lo, hi) for n in ran]
        ratios = []
        if "copra" in ran:
            mine = engines["copra"]["queries"].get(qtype, {})
            for p in peers:
                theirs = engines[p]["queries"].get(qtype, {})
                if med in mine and med in theirs and theirs[med] > 0:
                    r = mine[med] / theirs[med]
                    ratio = f"{r:.1f}×" if r >= 0.1 else f"{r:.2f}×"
                    if mine.get("correct") is False:
                        ratio += " (wrong answer)"
                    ratios.append(ratio)
                else:
                    ratios.append("–")
        lines.append(f"| {qtype} | " + " | ".join(cells + ratios) + " |")
    lines.append("")
    return lines


def _ingest_row(name: str, e: dict, reference: str | None) -> str:
    if "unavailable" in e:
        return f"| {name} | – | not run: {e['unavailable']} | | | | | |"
    if "load_error" in e:
        return (f"| {name} | {e.get('version', '')} | load failed: {e['load_error'][:120]} "
                "| | | | | |")
    ing = e["ingest"]
    parts = [f"{k.removesuffix('_s').replace('_', ' ')} {v:.2f} s"
             for k, v in ing.get("extra_seconds", {}).items()]
    extra = f" ({', '.join(parts)})" if parts else ""
    same = {True: "yes", False: "**no**", None: "–"}[e.get("same_rows")]
    if name == reference:
        same = "(reference)"
    return (f"| {name} | {e.get('version', '')} | {ing['method']} | "
            f"{ing['seconds']:.2f}{extra} | {ing['rows_per_s']:,.0f} | {same} | "
            f"{_bytes(e.get('peak_rss_bytes'))} | {_bytes(e.get('disk_bytes'))} |")


def markdown(results: dict) -> str:
    lines = []
    for size in results["sizes"]:
        engines = size["engines"]
        names = list(engines)
        lines.append(f"### {size['size']} ({size['data']['rows']:,} rows)\n")
        lines.append(f"Data: {size['data']['start']} to {size['data']['end']}, one row per host "
                     f"every {size['data']['interval_s']} s, seed {size['data']['seed']}; CSV "
                     f"{_bytes(size['csv_bytes'])}, generated in {size['generate_seconds']:.1f} s. "
                     f"Answers checked against: **{size['reference'] or 'nothing (no peer ran)'}**.\n")
        lines.append("| engine | version | ingest method | load s | rows/s | same rows | "
                     "peak RSS | on disk |")
        lines.append("|---|---|---|---:|---:|---|---:|---:|")
        loads = [(name, engines[name]) for name in names]
        if "ingest_line_protocol" in engines.get("copra", {}):
            loads.append(("copra (line protocol)", engines["copra"]["ingest_line_protocol"]))
        for name, e in loads:
            lines.append(_ingest_row(name, e, size["reference"]))
        lines.append("")
        ran = [n for n in names if "queries" in engines[n]]
        lines.extend(_targets(engines, ran))
        lines.append("Wall time (median over the timed runs, min–max):\n")
        lines.extend(_query_table(engines, ran, "median_ms", "min_ms", "max_ms"))
        if any("cpu_median_ms" in s for n in ran for s in engines[n]["queries"].values()):
            lines.append("CPU time of the engine's process during the same runs (median, "
                         "min–max) - what the query cost, whatever else ran on the machine:\n")
            lines.extend(_query_table(engines, ran, "cpu_median_ms", "cpu_min_ms", "cpu_max_ms"))
        problems = []
        for name in ran:
            for qtype, stats in engines[name]["queries"].items():
                for err in stats.get("errors", [])[:2]:
                    problems.append(f"- {name} {qtype}: error {err[:300]}")
                for mm in stats.get("mismatches", [])[:2]:
                    problems.append(f"- {name} {qtype}: **wrong answer** {mm[:300]}")
        for name, e in loads:
            if e.get("rows_problem"):
                problems.append(f"- {name}: **loaded rows differ** from {size['reference']}'s "
                                f"(count, distinct hosts, time range, sums): "
                                f"{e['rows_problem'][:300]}")
        if problems:
            lines.append("Errors and wrong answers:\n")
            lines.extend(problems)
            lines.append("")
    if results["sizes"]:
        last = results["sizes"][-1]
        lines.append("<details><summary>The queries (first instance of each type, "
                     f"{last['size']}; Copra's dialect)</summary>\n")
        for qtype, sql in last["example_sql"].items():
            lines.append(f"- `{qtype}`: `{sql['copra']}`")
        lines.append("\n</details>\n")
    return "\n".join(lines)
