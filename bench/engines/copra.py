"""Copra, driven through one of two transports.

  shell   `copra shell --data DIR --format json --keep-going`: statements go
          to stdin one per line, each answers one JSON line on stdout (see
          src/cli/result_format.h). Works today. Times are the shell's own
          ("ms": from the start of the statement to its last row written).
  pgwire  `copra serve` on free loopback ports, then psycopg over the
          PostgreSQL wire protocol; times are psycopg's wall time. Works once
          the server speaks pgwire (branch helper/pgwire); until then start()
          raises EngineUnavailable with the reason.

Loading: `COPY table FROM 'file' WITH (format 'csv', header true)` (coming with
branch helper/parquet) when Copra accepts it; otherwise multi-row
INSERT statements of `insert_batch` rows, written to a file beforehand so
that only Copra's side is timed. The load is verified with count(*).

Line protocol (--copra-ingest influx): load_line_protocol() POSTs the
generated line protocol to /v1/influxdb/write; it needs `copra serve`, so
the pgwire transport.

After loading, `ADMIN flush_table` writes the memtable out and (unless
compact=False) `ADMIN compact_table` merges the flushed files, both timed
apart from the load - like PostgreSQL's index build and DuckDB's
CHECKPOINT, the table is queried in the state it settles in.

Peak RSS is the copra process's; bytes on disk are the data directory's
(WAL, Parquet files, manifest) after the flush (and compaction).
"""

from __future__ import annotations

import json
import pathlib
import shutil
import signal
import subprocess
import threading
import time

from .base import (Answer, Engine, EngineError, EngineUnavailable, LoadReport, free_port,
                   peak_rss_of, tree_bytes, wait_for_port)


class ShellTransport:
    """One `copra shell` process speaking JSON lines."""

    name = "shell"

    def __init__(self, binary: pathlib.Path, data_dir: pathlib.Path, log_dir: pathlib.Path,
                 timeout_s: float = 300.0):
        self.timeout_s = timeout_s
        self.stderr = open(log_dir / "copra-shell.stderr", "wb")
        self.proc = subprocess.Popen(
            [str(binary), "shell", "--data", str(data_dir), "--format", "json", "--keep-going"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.stderr)

    @property
    def pid(self) -> int:
        return self.proc.pid

    def _read_reply(self) -> dict:
        line = self.proc.stdout.readline()
        if not line:
            raise EngineError(f"copra shell exited (code {self.proc.poll()}); see copra-shell.stderr")
        return json.loads(line)

    @staticmethod
    def _answer(reply: dict) -> Answer:
        if "error" in reply:
            raise EngineError(f"{reply['error']} (SQLSTATE {reply.get('sqlstate', '?')})")
        if "columns" in reply:
            return Answer([c["name"] for c in reply["columns"]], reply["rows"], reply["ms"])
        return Answer([], [], reply["ms"], reply.get("tag", ""))

    def execute(self, sql: str) -> Answer:
        # One statement per line; a dollar-quoted body (a Python function)
        # keeps its newlines, and the shell reads on to the closing ';'.
        text = sql if "$$" in sql else " ".join(sql.split("\n"))
        text = text.rstrip().rstrip(";") + ";\n"
        try:
            self.proc.stdin.write(text.encode())
            self.proc.stdin.flush()
        except OSError as e:  # the shell is gone (crashed or killed)
            raise EngineError(f"copra shell exited (code {self.proc.poll()}): {e}") from e
        # Past the timeout, Ctrl-C cancels the statement; the shell answers
        # with an error line and keeps its tables.
        timer = threading.Timer(self.timeout_s, self.proc.send_signal, (signal.SIGINT,))
        timer.start()
        try:
            reply = self._read_reply()
        finally:
            timer.cancel()
        return self._answer(reply)

    def execute_file(self, path: pathlib.Path, statements: int) -> list[Answer]:
        """Streams a file of one-statement lines; a thread writes while we read."""
        def feed():
            try:
                with open(path, "rb") as f:
                    shutil.copyfileobj(f, self.proc.stdin, 1 << 20)
                self.proc.stdin.flush()
            except OSError:
                pass  # the shell died; the reader reports it

        writer = threading.Thread(target=feed)
        writer.start()
        replies = [self._read_reply() for _ in range(statements)]
        writer.join()
        return [self._answer(r) for r in replies]

    def close(self) -> None:
        if self.proc.poll() is None:
            try:
                self.proc.stdin.close()
            except OSError:
                pass
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.stderr.close()


class PgwireTransport:
    """`copra serve` plus psycopg."""

    name = "pgwire"

    def __init__(self, binary: pathlib.Path, data_dir: pathlib.Path, log_dir: pathlib.Path,
                 timeout_s: float = 300.0, user: str = "copra", dbname: str = "public"):
        try:
            import psycopg
        except ImportError as e:
            raise EngineUnavailable("python3-psycopg is not installed") from e
        self.pg_port = free_port()
        self.http_port = http_port = free_port()
        self.stderr = open(log_dir / "copra-serve.log", "wb")
        self.proc = subprocess.Popen(
            [str(binary), "serve", "--data", str(data_dir),
             "--http-addr", f"127.0.0.1:{http_port}", "--pg-addr", f"127.0.0.1:{self.pg_port}"],
            stdout=self.stderr, stderr=subprocess.STDOUT)
        if not wait_for_port(self.pg_port, 15, lambda: self.proc.poll() is None):
            self.close()
            raise EngineUnavailable(
                "copra serve does not accept PostgreSQL connections (pgwire not merged yet?)")
        try:
            self.conn = psycopg.connect(host="127.0.0.1", port=self.pg_port, user=user,
                                        dbname=dbname, autocommit=True, connect_timeout=10)
            try:
                self.conn.execute(f"SET statement_timeout = {int(timeout_s * 1000)}")
            except psycopg.Error:
                pass  # not every server has the setting
        except psycopg.Error as e:
            self.close()
            raise EngineUnavailable(f"pgwire handshake with copra serve failed: {e}") from e

    @property
    def pid(self) -> int:
        return self.proc.pid

    def execute(self, sql: str) -> Answer:
        import psycopg

        started = time.perf_counter()
        try:
            with self.conn.cursor() as cur:
                cur.execute(sql)
                if cur.description is None:
                    return Answer([], [], (time.perf_counter() - started) * 1000,
                                  cur.statusmessage or "")
                rows = cur.fetchall()
                ms = (time.perf_counter() - started) * 1000
                return Answer([d.name for d in cur.description], [list(r) for r in rows], ms)
        except psycopg.Error as e:
            raise EngineError(str(e).strip()) from e

    def execute_file(self, path: pathlib.Path, statements: int) -> list[Answer]:
        with open(path) as f:
            return [self.execute(line) for line in f if line.strip()]

    def close(self) -> None:
        conn = getattr(self, "conn", None)
        if conn is not None:
            conn.close()
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.stderr.close()


TRANSPORTS = {"shell": ShellTransport, "pgwire": PgwireTransport}


def csv_to_inserts(csv_path: pathlib.Path, out_path: pathlib.Path, table: str,
                   string_columns: int, batch: int) -> int:
    """Rewrites a CSV (header, no quoting needed) as multi-row INSERTs, one per line.

    The first `string_columns` fields become quoted literals (timestamp and
    tags), the rest stay numbers. Returns the number of statements.
    """
    statements = 0
    with open(csv_path) as src, open(out_path, "w") as out:
        next(src)  # header
        values: list[str] = []
        for line in src:
            fields = line.rstrip("\n").split(",")
            values.append("('" + "','".join(fields[:string_columns]) + "',"
                          + ",".join(fields[string_columns:]) + ")")
            if len(values) == batch:
                out.write(f"INSERT INTO {table} VALUES {','.join(values)};\n")
                statements += 1
                values = []
        if values:
            out.write(f"INSERT INTO {table} VALUES {','.join(values)};\n")
            statements += 1
    return statements


class Copra(Engine):
    name = "copra"
    dialect = "copra"

    def __init__(self, binary: pathlib.Path, transport: str = "shell", insert_batch: int = 1000,
                 query_timeout_s: float = 300.0, compact: bool = True):
        self.binary = binary
        self.query_timeout_s = query_timeout_s
        self.transport_name = transport
        self.insert_batch = insert_batch
        self.compact = compact
        self.transport = None
        self.data_dir: pathlib.Path | None = None
        self.workdir: pathlib.Path | None = None
        self._version = ""
        self.string_columns = 11

    def start(self, workdir: pathlib.Path) -> None:
        if not self.binary.exists():
            raise EngineUnavailable(f"{self.binary} not built (cmake --build build)")
        self.workdir = workdir
        workdir.mkdir(parents=True, exist_ok=True)
        self.data_dir = workdir / "copra-data"
        if self.data_dir.exists():
            shutil.rmtree(self.data_dir)
        self.transport = TRANSPORTS[self.transport_name](self.binary, self.data_dir, workdir,
                                                         self.query_timeout_s)
        self._version = subprocess.run([str(self.binary), "--version"], capture_output=True,
                                       text=True).stdout.strip()

    def execute(self, sql: str) -> Answer:
        return self.transport.execute(sql)

    def load_csv(self, table, ddl, csv_path, rows) -> LoadReport:
        try:
            self.execute(f"DROP TABLE IF EXISTS {table}")
        except EngineError:
            pass
        self.execute(ddl)
        started = time.perf_counter()
        method = None
        extra = {}
        # COPY FROM csv as Copra spells it (branch helper/parquet), then as
        # PostgreSQL does. A Copra without COPY rejects both and the table
        # stays empty; a COPY that failed part-way is an error, not a retry.
        for options in ("(format 'csv', header true)", "(FORMAT csv, HEADER true)"):
            try:
                self.execute(f"COPY {table} FROM '{csv_path}' WITH {options}")
                method = "COPY FROM csv file"
                break
            except EngineError as e:
                copy_error = str(e)
                if int(self.execute(f"SELECT count(*) FROM {table}").rows[0][0]) != 0:
                    raise EngineError(f"COPY failed part-way: {copy_error}") from e
                started = time.perf_counter()
        if method is None:
            sql_path = self.workdir / "inserts.sql"
            statements = csv_to_inserts(csv_path, sql_path, table, self.string_columns,
                                        self.insert_batch)
            started = time.perf_counter()
            answers = self.transport.execute_file(sql_path, statements)
            method = f"INSERT, {self.insert_batch} rows per statement, over {self.transport.name}"
            sql_path.unlink()
            # Copra's own time per INSERT, first and last tenth apart: shows
            # whether inserting slows down as the table grows.
            ms = [a.ms for a in answers]
            tenth = max(1, len(ms) // 10)
            extra = {"statements_s": sum(ms) / 1000,
                     "first_tenth_s": sum(ms[:tenth]) / 1000,
                     "last_tenth_s": sum(ms[-tenth:]) / 1000}
        seconds = time.perf_counter() - started
        self._flush(table, extra)
        self._compact(table, extra)
        count = int(self.execute(f"SELECT count(*) FROM {table}").rows[0][0])
        if count != rows:
            raise EngineError(f"loaded {count} rows into {table}, expected {rows}")
        return LoadReport(rows, seconds, method, extra)

    def _flush(self, table: str, extra: dict) -> None:
        """Writes the memtable out so "on disk" counts the table's files
        (GreptimeDB's ADMIN function; a Copra without it: skipped)."""
        started = time.perf_counter()
        try:
            self.execute(f"ADMIN flush_table('{table}')")
            extra["flush_s"] = time.perf_counter() - started
        except EngineError:
            pass

    def _compact(self, table: str, extra: dict) -> None:
        """Merges the flushed files (ADMIN compact_table) when asked to, so the
        queries see the table as background compaction leaves it in the end,
        not a moment of it: files whose time ranges touch are merged on every
        scan, and background compaction runs on its own schedule."""
        if not self.compact:
            return
        started = time.perf_counter()
        try:
            self.execute(f"ADMIN compact_table('{table}')")
            extra["compact_s"] = time.perf_counter() - started
        except EngineError:
            pass

    def load_line_protocol(self, table, ddl, lp_path, rows, lines_per_request=5000) -> LoadReport:
        """Creates `table` with `ddl`, then POSTs the line-protocol file to the
        HTTP endpoint /v1/influxdb/write (ns precision) in chunks. Needs a
        running server, i.e. the pgwire transport."""
        port = getattr(self.transport, "http_port", None)
        if port is None:
            raise EngineUnavailable("line protocol needs copra serve (--copra-transport pgwire)")
        try:
            import requests
        except ImportError as e:
            raise EngineUnavailable("python3-requests is not installed") from e
        try:
            self.execute(f"DROP TABLE IF EXISTS {table}")
        except EngineError:
            pass
        self.execute(ddl)
        url = f"http://127.0.0.1:{port}/v1/influxdb/write?db=public&precision=ns"
        with open(lp_path, "rb") as f:
            sample = f.readlines(1 << 20)
        block = max(1, sum(map(len, sample)) // max(1, len(sample))) * lines_per_request
        requests_sent = 0
        with requests.Session() as http, open(lp_path, "rb") as f:
            started = time.perf_counter()
            while True:
                # About lines_per_request lines, cut at a line end.
                chunk = f.read(block)
                if not chunk:
                    break
                if not chunk.endswith(b"\n"):
                    chunk += f.readline()
                reply = http.post(url, data=chunk, timeout=self.query_timeout_s)
                requests_sent += 1
                if reply.status_code != 204:
                    raise EngineError(f"line protocol write: HTTP {reply.status_code}: "
                                      f"{reply.text[:300]}")
            seconds = time.perf_counter() - started
        extra: dict = {}
        self._flush(table, extra)
        self._compact(table, extra)
        count = int(self.execute(f"SELECT count(*) FROM {table}").rows[0][0])
        if count != rows:
            raise EngineError(f"loaded {count} rows into {table}, expected {rows}")
        return LoadReport(rows, seconds, f"line protocol over HTTP, ~{lines_per_request} lines "
                          f"per request ({requests_sent} requests)", extra)

    def peak_rss_bytes(self):
        return peak_rss_of(self.transport.pid) if self.transport else None

    def cpu_pid(self):
        return self.transport.pid if self.transport else None

    def disk_bytes(self):
        return tree_bytes(self.data_dir) if self.data_dir else None

    def version(self):
        return self._version

    def settings(self):
        return {"transport": self.transport_name, "insert_batch": self.insert_batch,
                "storage": "data directory (durable storage)",
                "after_load": "ADMIN flush_table" + (", ADMIN compact_table" if self.compact
                                                     else "")}

    def stop(self):
        if self.transport is not None:
            self.transport.close()
            self.transport = None
