"""The TSBS cpu-only query types, written for Copra, DuckDB and PostgreSQL.

Each query type follows TSBS's definition (time window length, number of
hosts, metrics, grouping); its random parameters - which hosts, where the
window starts - come from a numpy generator seeded by (seed, query type), so
every run and every engine sees the same instances.

Dialects: the text differs only where the engines do. All three have
date_trunc and TIMESTAMP literals; the time column is `ts` everywhere (the
TIME INDEX in Copra). lastpoint is the idiomatic DISTINCT ON in all three
(Copra runs it as one pass keeping each host's newest row, exec/FirstRow).

Result order: queries whose rows have an order end in ORDER BY; high-cpu
(TSBS gives it no order) is compared as a multiset.
"""

from __future__ import annotations

import dataclasses
import datetime
import zlib

import numpy as np

from .generate import COLUMNS, METRICS, DataSpec

DIALECTS = ("copra", "duckdb", "postgres")
HOUR = 3600

# name -> (kind, parameters); the TSBS cpu-only query types.
QUERY_TYPES: dict[str, tuple[str, dict]] = {
    "single-groupby-1-1-1": ("single_groupby", {"metrics": 1, "hosts": 1, "hours": 1}),
    "single-groupby-1-1-12": ("single_groupby", {"metrics": 1, "hosts": 1, "hours": 12}),
    "single-groupby-1-8-1": ("single_groupby", {"metrics": 1, "hosts": 8, "hours": 1}),
    "single-groupby-5-1-1": ("single_groupby", {"metrics": 5, "hosts": 1, "hours": 1}),
    "single-groupby-5-1-12": ("single_groupby", {"metrics": 5, "hosts": 1, "hours": 12}),
    "single-groupby-5-8-1": ("single_groupby", {"metrics": 5, "hosts": 8, "hours": 1}),
    "cpu-max-all-1": ("cpu_max_all", {"hosts": 1}),
    "cpu-max-all-8": ("cpu_max_all", {"hosts": 8}),
    "double-groupby-1": ("double_groupby", {"metrics": 1}),
    "double-groupby-5": ("double_groupby", {"metrics": 5}),
    "double-groupby-all": ("double_groupby", {"metrics": len(METRICS)}),
    "high-cpu-1": ("high_cpu", {"hosts": 1}),
    "high-cpu-all": ("high_cpu", {"hosts": 0}),
    "groupby-orderby-limit": ("groupby_orderby_limit", {}),
    "lastpoint": ("lastpoint", {}),
}

# TSBS's window lengths for the types that do not name theirs.
CPU_MAX_ALL_HOURS = 8
DOUBLE_GROUPBY_HOURS = 12
HIGH_CPU_HOURS = 12


@dataclasses.dataclass(frozen=True)
class Query:
    """One instance of a query type: the same question in every dialect."""

    type: str
    index: int
    description: str
    sql: dict[str, str]  # dialect -> SQL text (one line)
    ordered: bool  # rows compare in order (else as a multiset)


class _Picker:
    """Deterministic parameters for one query type."""

    def __init__(self, spec: DataSpec, seed: int, query_type: str):
        self.spec = spec
        self.rng = np.random.default_rng([seed, zlib.crc32(query_type.encode())])

    def hosts(self, n: int) -> list[str]:
        n = min(n, self.spec.scale)
        picked = self.rng.choice(self.spec.scale, size=n, replace=False)
        return [f"host_{i}" for i in sorted(int(i) for i in picked)]

    def window(self, seconds: int) -> tuple[str, str]:
        """A random [start, end) of `seconds` inside the data (whole seconds)."""
        seconds = min(seconds, self.spec.end_epoch_s - self.spec.start_epoch_s)
        latest = self.spec.end_epoch_s - seconds
        start = self.spec.start_epoch_s + int(self.rng.integers(0, latest - self.spec.start_epoch_s + 1))
        return _ts(start), _ts(start + seconds)


def _ts(epoch_s: int) -> str:
    return datetime.datetime.fromtimestamp(epoch_s, datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S")


def _lit(ts: str) -> str:
    return f"TIMESTAMP '{ts}'"


def _host_filter(hosts: list[str]) -> str:
    return "hostname IN (" + ", ".join(f"'{h}'" for h in hosts) + ")"


def _same(sql: str) -> dict[str, str]:
    return {d: sql for d in DIALECTS}


def _single_groupby(p: _Picker, metrics: int, hosts: int, hours: int):
    start, end = p.window(hours * HOUR)
    names = p.hosts(hosts)
    aggs = ", ".join(f"max({m}) AS max_{m}" for m in METRICS[:metrics])
    sql = (
        f"SELECT date_trunc('minute', ts) AS minute, {aggs} FROM cpu "
        f"WHERE {_host_filter(names)} AND ts >= {_lit(start)} AND ts < {_lit(end)} "
        f"GROUP BY minute ORDER BY minute"
    )
    return f"{metrics} metric(s), hosts {','.join(names)}, {start} +{hours}h by 1m", _same(sql), True


def _cpu_max_all(p: _Picker, hosts: int):
    start, end = p.window(CPU_MAX_ALL_HOURS * HOUR)
    names = p.hosts(hosts)
    aggs = ", ".join(f"max({m}) AS max_{m}" for m in METRICS)
    sql = (
        f"SELECT date_trunc('hour', ts) AS hour, {aggs} FROM cpu "
        f"WHERE {_host_filter(names)} AND ts >= {_lit(start)} AND ts < {_lit(end)} "
        f"GROUP BY hour ORDER BY hour"
    )
    return f"all metrics, hosts {','.join(names)}, {start} +{CPU_MAX_ALL_HOURS}h by 1h", _same(sql), True


def _double_groupby(p: _Picker, metrics: int):
    start, end = p.window(DOUBLE_GROUPBY_HOURS * HOUR)
    aggs = ", ".join(f"avg({m}) AS mean_{m}" for m in METRICS[:metrics])
    sql = (
        f"SELECT date_trunc('hour', ts) AS hour, hostname, {aggs} FROM cpu "
        f"WHERE ts >= {_lit(start)} AND ts < {_lit(end)} "
        f"GROUP BY hour, hostname ORDER BY hour, hostname"
    )
    return f"{metrics} metric(s), all hosts, {start} +{DOUBLE_GROUPBY_HOURS}h by 1h and host", _same(sql), True


def _high_cpu(p: _Picker, hosts: int):
    start, end = p.window(HIGH_CPU_HOURS * HOUR)
    where = f"usage_user > 90.0 AND ts >= {_lit(start)} AND ts < {_lit(end)}"
    label = "all hosts"
    if hosts > 0:
        names = p.hosts(hosts)
        where += f" AND {_host_filter(names)}"
        label = "hosts " + ",".join(names)
    sql = f"SELECT * FROM cpu WHERE {where}"
    return f"rows with usage_user > 90, {label}, {start} +{HIGH_CPU_HOURS}h", _same(sql), False


def _groupby_orderby_limit(p: _Picker):
    _, end = p.window(HOUR)
    sql = (
        f"SELECT date_trunc('minute', ts) AS minute, max(usage_user) AS max_usage_user FROM cpu "
        f"WHERE ts < {_lit(end)} GROUP BY minute ORDER BY minute DESC LIMIT 5"
    )
    return f"last 5 minutes before {end}", _same(sql), True


def _lastpoint(p: _Picker):
    cols = ", ".join(COLUMNS)
    distinct_on = f"SELECT DISTINCT ON (hostname) {cols} FROM cpu ORDER BY hostname, ts DESC"
    return "last row of every host", _same(distinct_on), True


_BUILDERS = {
    "single_groupby": _single_groupby,
    "cpu_max_all": _cpu_max_all,
    "double_groupby": _double_groupby,
    "high_cpu": _high_cpu,
    "groupby_orderby_limit": _groupby_orderby_limit,
    "lastpoint": _lastpoint,
}


def make_queries(spec: DataSpec, seed: int, instances: int, types: list[str] | None = None) -> list[Query]:
    """`instances` instances of every query type (all TSBS types by default)."""
    out = []
    for name in types or list(QUERY_TYPES):
        kind, params = QUERY_TYPES[name]
        picker = _Picker(spec, seed, name)
        # lastpoint has no parameters: one instance says it all.
        count = 1 if kind == "lastpoint" else instances
        for i in range(count):
            description, sql, ordered = _BUILDERS[kind](picker, **params)
            out.append(Query(name, i, description, sql, ordered))
    return out
