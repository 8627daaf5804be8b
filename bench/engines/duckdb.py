"""DuckDB as a peer, through the npm package @duckdb/node-api.

A Node process (duckdb_runner.mjs) holds a file-backed database in the work
directory and answers JSON lines. Loading is DuckDB's own CSV reader into a
native table (COPY ... FROM file), then a CHECKPOINT so the bytes on disk are
the table's. Query times are measured inside the Node process around
runAndReadAll (execution plus materializing the rows), so the pipe to Python
is not counted. Peak RSS is the Node process's, Node itself included
(about 50 MB).
"""

from __future__ import annotations

import json
import pathlib
import shutil
import subprocess
import time

from .base import Answer, Engine, EngineError, EngineUnavailable, LoadReport, peak_rss_of

REPO = pathlib.Path(__file__).resolve().parents[2]
# The pinned DuckDB of the differential test (tests/diff/package.json).
MODULES_DIR = REPO / "tests" / "diff"


class DuckDB(Engine):
    name = "duckdb"
    dialect = "duckdb"

    def __init__(self, threads: int = 1):
        self.threads = threads
        self.proc: subprocess.Popen | None = None
        self.db_path: pathlib.Path | None = None
        self._version = ""

    def start(self, workdir: pathlib.Path) -> None:
        node = shutil.which("node")
        if node is None:
            raise EngineUnavailable("node not found (Node.js runs DuckDB's npm package)")
        if not (MODULES_DIR / "node_modules" / "@duckdb" / "node-api").is_dir():
            raise EngineUnavailable(
                f"{MODULES_DIR}/node_modules/@duckdb/node-api missing: run scripts/install-deps"
            )
        workdir.mkdir(parents=True, exist_ok=True)
        self.db_path = workdir / "bench.duckdb"
        for p in (self.db_path, self.db_path.with_suffix(".duckdb.wal")):
            p.unlink(missing_ok=True)
        self.stderr = open(workdir / "duckdb.stderr", "wb")
        cmd = [node, str(pathlib.Path(__file__).with_name("duckdb_runner.mjs")),
               "--modules", str(MODULES_DIR), "--database", str(self.db_path),
               "--threads", str(self.threads)]
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=self.stderr)
        self._version = str(self.execute("SELECT version()").rows[0][0])

    def _request(self, sql: str) -> dict:
        assert self.proc is not None and self.proc.stdin and self.proc.stdout
        self.proc.stdin.write((json.dumps({"sql": sql}) + "\n").encode())
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise EngineError(f"duckdb runner exited (code {self.proc.poll()}); see duckdb.stderr")
        return json.loads(line)

    def execute(self, sql: str) -> Answer:
        reply = self._request(sql)
        if "error" in reply:
            raise EngineError(reply["error"])
        if "columns" in reply:
            return Answer([c["name"] for c in reply["columns"]], reply["rows"], reply["ms"])
        return Answer([], [], reply["ms"], reply.get("tag", ""))

    def load_csv(self, table, ddl, csv_path, rows) -> LoadReport:
        self.execute(f"DROP TABLE IF EXISTS {table}")
        self.execute(ddl)
        started = time.perf_counter()
        self.execute(f"COPY {table} FROM '{csv_path}' (FORMAT csv, HEADER true)")
        self.execute("CHECKPOINT")
        seconds = time.perf_counter() - started
        return LoadReport(rows, seconds, "COPY FROM csv file + CHECKPOINT")

    def peak_rss_bytes(self):
        return peak_rss_of(self.proc.pid) if self.proc else None

    def cpu_pid(self):
        return self.proc.pid if self.proc else None

    def disk_bytes(self):
        if self.db_path is None:
            return None
        wal = pathlib.Path(str(self.db_path) + ".wal")
        return sum(p.stat().st_size for p in (self.db_path, wal) if p.exists())

    def version(self):
        return f"DuckDB {self._version} (@duckdb/node-api)"

    def settings(self):
        return {"threads": self.threads, "storage": "file-backed database"}

    def stop(self):
        if self.proc is not None:
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
            self.proc = None
            self.stderr.close()
