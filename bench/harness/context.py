"""What a suite gets to run with: settings, a work directory, the engines.

A suite is a module in bench/suites/ with
    NAME: str                           key in the results file
    TITLE: str                          heading in docs/benchmarks.md
    run(ctx: RunContext) -> dict        does the work, returns JSON-able results
    markdown(results: dict) -> str      renders its section of docs/benchmarks.md
and is listed in suites/__init__.py. Suites create engines through
ctx.make_engine(name), so the choice of engines and Copra's transport is
made once, on the command line.
"""

from __future__ import annotations

import dataclasses
import pathlib
import sys
import time
import typing

from engines.base import Engine


@dataclasses.dataclass
class Size:
    hosts: int
    days: float

    @property
    def label(self) -> str:
        days = f"{self.days:g} day" + ("" if self.days == 1 else "s")
        if self.days < 1:
            days = f"{self.days * 24:g} h"
        return f"{self.hosts} hosts × {days}"

    @property
    def key(self) -> str:
        return f"{self.hosts}x{self.days:g}d"


@dataclasses.dataclass
class RunContext:
    repo: pathlib.Path
    workdir: pathlib.Path
    copra_binary: pathlib.Path
    engines: list[str]  # subset of copra, duckdb, postgres
    copra_transport: str = "shell"
    # both: COPY for the queries plus a line-protocol-only load in a second
    # Copra; csv: COPY (else INSERT); influx: line protocol over HTTP for the queries
    copra_ingest: str = "both"
    copra_compact: bool = True  # ADMIN compact_table after loading
    sizes: list[Size] = dataclasses.field(default_factory=list)
    instances: int = 3  # parameter sets per query type
    runs: int = 5  # timed runs per instance (after one warm-up)
    seed: int = 123
    quick: bool = False
    query_timeout_s: float = 300.0
    duckdb_threads: int = 1
    started: float = dataclasses.field(default_factory=time.monotonic)
    # Called by suites with their results so far (e.g. after each data size),
    # so a long run that is stopped still leaves what it measured.
    checkpoint: typing.Callable[[dict], None] = lambda partial: None

    def log(self, message: str) -> None:
        elapsed = time.monotonic() - self.started
        sys.stderr.write(f"[bench {elapsed:7.1f}s] {message}\n")
        sys.stderr.flush()

    def make_engine(self, name: str) -> Engine:
        if name == "copra":
            from engines.copra import Copra

            return Copra(self.copra_binary, self.copra_transport,
                         query_timeout_s=self.query_timeout_s, compact=self.copra_compact)
        if name == "duckdb":
            from engines.duckdb import DuckDB

            return DuckDB(threads=self.duckdb_threads)
        if name == "postgres":
            from engines.postgres import Postgres

            return Postgres()
        raise ValueError(f"unknown engine {name!r}")
