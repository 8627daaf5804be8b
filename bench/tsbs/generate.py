#!/usr/bin/python3
"""Data generator for the TSBS-style "cpu-only" use case.

One row per host every 10 seconds from 2016-01-01T00:00:00Z: the host's ten
tags (see hosts.py) and ten CPU metrics. Each metric is a random walk that
starts uniform in [0, 100), adds a standard normal step every tick and is
clamped to [0, 100]. Values are written with two decimals; the written text is
the data set (every engine loads the same bytes).

Deterministic: the same seed, scale and duration give byte-identical output
(hosts come from one random stream, metric walks from another, so the hosts
do not change with the duration). Vectorized with numpy: the walks advance
all hosts at once, and rows are rendered as fixed-width byte matrices whose
padding is dropped in one pass, so no Python runs per row.

  generate.py --scale 100 --hours 24 --format csv --out cpu.csv
  generate.py --scale 10 --hours 2 --format influx            # line protocol to stdout

Formats:
  csv     header line, then ts,hostname,...,usage_guest_nice with ts as
          "2016-01-01 00:00:00" (UTC, no zone) - what COPY/read_csv of
          DuckDB and PostgreSQL load directly, and what DuckDB turns into
          Parquet unchanged (see bench/README.md).
  influx  InfluxDB line protocol, measurement cpu, nanosecond timestamps.
  parquet the csv converted by DuckDB (npm package, see bench/README.md) with
          explicit types: ts TIMESTAMP, tags VARCHAR, metrics DOUBLE. Needs --out.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import json
import sys
from typing import BinaryIO, Iterator

import numpy as np

if __package__ in (None, ""):
    import os

    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    from tsbs.hosts import TAG_NAMES, Host, make_hosts  # noqa: E402
else:
    from .hosts import TAG_NAMES, Host, make_hosts

START = datetime.datetime(2016, 1, 1, tzinfo=datetime.timezone.utc)
INTERVAL_S = 10
METRICS = [
    "usage_user",
    "usage_system",
    "usage_idle",
    "usage_nice",
    "usage_iowait",
    "usage_irq",
    "usage_softirq",
    "usage_steal",
    "usage_guest",
    "usage_guest_nice",
]
COLUMNS = ["ts"] + TAG_NAMES + METRICS
# Ticks per rendered block; fixed so output never depends on block sizing.
BLOCK_TICKS = 64
VALUE_WIDTH = 6  # "100.00"


@dataclasses.dataclass(frozen=True)
class DataSpec:
    """What to generate: `scale` hosts for `duration_s` seconds."""

    scale: int
    duration_s: int
    seed: int = 123

    @property
    def ticks(self) -> int:
        return self.duration_s // INTERVAL_S

    @property
    def rows(self) -> int:
        return self.ticks * self.scale

    @property
    def start_epoch_s(self) -> int:
        return int(START.timestamp())

    @property
    def end_epoch_s(self) -> int:
        """Exclusive end: the first tick not generated."""
        return self.start_epoch_s + self.ticks * INTERVAL_S

    def to_json(self) -> dict:
        return {
            "use_case": "cpu-only",
            "scale": self.scale,
            "duration_s": self.duration_s,
            "seed": self.seed,
            "interval_s": INTERVAL_S,
            "start": START.isoformat().replace("+00:00", "Z"),
            "end": datetime.datetime.fromtimestamp(self.end_epoch_s, datetime.timezone.utc)
            .isoformat()
            .replace("+00:00", "Z"),
            "rows": self.rows,
            "columns": COLUMNS,
        }


def hosts_for(spec: DataSpec) -> list[Host]:
    return make_hosts(spec.scale, np.random.default_rng([spec.seed, 0]))


def walk_blocks(spec: DataSpec) -> Iterator[np.ndarray]:
    """Yields (ticks, hosts, 10) int32 arrays of values in hundredths."""
    rng = np.random.default_rng([spec.seed, 1])
    value = rng.uniform(0.0, 100.0, size=(spec.scale, len(METRICS)))
    for first in range(0, spec.ticks, BLOCK_TICKS):
        n = min(BLOCK_TICKS, spec.ticks - first)
        steps = rng.standard_normal(size=(n, spec.scale, len(METRICS)))
        block = np.empty((n, spec.scale, len(METRICS)), dtype=np.float64)
        for t in range(n):
            if first + t > 0:  # the first row is the starting point
                np.add(value, steps[t], out=value)
                np.clip(value, 0.0, 100.0, out=value)
            block[t] = value
        yield np.rint(block * 100.0).astype(np.int32)


def _fixed(texts: list[str], width: int | None = None) -> np.ndarray:
    """Strings as a (len, width) uint8 matrix, right-padded with zero bytes."""
    encoded = [t.encode("utf-8") for t in texts]
    width = width if width is not None else max(len(e) for e in encoded)
    out = np.zeros((len(encoded), width), dtype=np.uint8)
    for i, e in enumerate(encoded):
        out[i, : len(e)] = np.frombuffer(e, dtype=np.uint8)
    return out


def _value_table(prefix: str) -> np.ndarray:
    """Row k renders k/100 with two decimals after `prefix`."""
    return _fixed([f"{prefix}{k / 100:.2f}" for k in range(10001)])


def _constant(text: str, rows: int) -> np.ndarray:
    return np.broadcast_to(_fixed([text]), (rows, len(text.encode())))


def _compact(parts: list[np.ndarray]) -> bytes:
    matrix = np.concatenate(parts, axis=1)
    flat = matrix.ravel()
    return flat[flat != 0].tobytes()


class _Renderer:
    def __init__(self, spec: DataSpec, fmt: str):
        self.spec = spec
        self.fmt = fmt
        hosts = hosts_for(spec)
        if fmt == "csv":
            self.host_part = _fixed(["," + ",".join(h.tags()) for h in hosts])
            self.value_tables = [_value_table(",")] * len(METRICS)
        elif fmt == "influx":
            self.host_part = _fixed(
                ["cpu," + ",".join(f"{k}={v}" for k, v in zip(TAG_NAMES, h.tags())) for h in hosts]
            )
            self.value_tables = [
                _value_table((" " if i == 0 else ",") + f"{m}=") for i, m in enumerate(METRICS)
            ]
        else:
            raise ValueError(f"unknown format {fmt!r} (csv or influx)")

    def header(self) -> bytes:
        return (",".join(COLUMNS) + "\n").encode() if self.fmt == "csv" else b""

    def render(self, first_tick: int, values: np.ndarray) -> bytes:
        n_ticks, n_hosts, _ = values.shape
        rows = n_ticks * n_hosts
        epoch = self.spec.start_epoch_s + INTERVAL_S * (first_tick + np.arange(n_ticks))
        hosts = np.tile(self.host_part, (n_ticks, 1))
        fields = [table[values[:, :, j].reshape(rows)] for j, table in enumerate(self.value_tables)]
        if self.fmt == "csv":
            stamps = [
                datetime.datetime.fromtimestamp(int(e), datetime.timezone.utc).strftime(
                    "%Y-%m-%d %H:%M:%S"
                )
                for e in epoch
            ]
            ts = np.repeat(_fixed(stamps), n_hosts, axis=0)
            return _compact([ts, hosts] + fields + [_constant("\n", rows)])
        ts = np.repeat(_fixed([f" {int(e) * 10**9}\n" for e in epoch]), n_hosts, axis=0)
        return _compact([hosts] + fields + [ts])


def write(spec: DataSpec, fmt: str, out: BinaryIO) -> int:
    """Writes the data set to `out`; returns the number of rows."""
    renderer = _Renderer(spec, fmt)
    out.write(renderer.header())
    tick = 0
    for values in walk_blocks(spec):
        out.write(renderer.render(tick, values))
        tick += values.shape[0]
    return spec.rows


def csv_columns_sql() -> str:
    """DuckDB's read_csv `columns` argument for the csv format."""
    types = ["TIMESTAMP"] + ["VARCHAR"] * len(TAG_NAMES) + ["DOUBLE"] * len(METRICS)
    return "{" + ", ".join(f"'{c}': '{t}'" for c, t in zip(COLUMNS, types)) + "}"


def write_parquet(spec: DataSpec, out_path: str) -> None:
    """Writes the csv next to `out_path`, then has DuckDB convert it."""
    import os
    import pathlib
    import subprocess

    out = pathlib.Path(out_path).resolve()
    tmp = out.with_name(out.name + ".csv.tmp")
    with open(tmp, "wb") as f:
        write(spec, "csv", f)
    bench = pathlib.Path(__file__).resolve().parents[1]
    sql = (f"COPY (SELECT * FROM read_csv('{tmp}', header = true, columns = {csv_columns_sql()})) "
           f"TO '{out}' (FORMAT parquet)")
    try:
        proc = subprocess.run(
            ["node", str(bench / "engines" / "duckdb_runner.mjs"), "--modules",
             str(bench.parent / "tests" / "diff")],
            input=json.dumps({"sql": sql}) + "\n", capture_output=True, text=True, check=True)
        reply = json.loads(proc.stdout.splitlines()[0])
        if "error" in reply:
            raise SystemExit(f"generate.py: DuckDB could not write Parquet: {reply['error']}")
    finally:
        os.unlink(tmp)


def parse_duration(args) -> int:
    return int(round((args.days or 0) * 86400 + (args.hours or 0) * 3600))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=int, default=10, help="number of hosts")
    parser.add_argument("--days", type=float, default=0.0)
    parser.add_argument("--hours", type=float, default=0.0)
    parser.add_argument("--seed", type=int, default=123)
    parser.add_argument("--format", choices=["csv", "influx", "parquet"], default="csv")
    parser.add_argument("--out", help="output file (default stdout)")
    parser.add_argument("--meta", help="also write the data set's description as JSON here")
    args = parser.parse_args(argv)
    duration = parse_duration(args)
    if args.scale <= 0 or duration < INTERVAL_S:
        parser.error("need --scale > 0 and a duration of at least 10 s (--days/--hours)")
    spec = DataSpec(args.scale, duration, args.seed)
    if args.format == "parquet":
        if not args.out:
            parser.error("--format parquet needs --out")
        write_parquet(spec, args.out)
    elif args.out:
        with open(args.out, "wb") as f:
            write(spec, args.format, f)
    else:
        write(spec, args.format, sys.stdout.buffer)
        sys.stdout.flush()
    if args.meta:
        with open(args.meta, "w") as f:
            json.dump(spec.to_json(), f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
