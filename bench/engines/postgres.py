"""PostgreSQL 15 as a peer: a private cluster in the work directory.

initdb + pg_ctl start a throw-away cluster on a free loopback port (trust
authentication, C collation so strings sort by bytes like the other
engines). Running as root, the server runs as the `postgres` OS user
(runuser), since PostgreSQL refuses to run as root. Loading is COPY FROM
STDIN through psycopg, then a (hostname, ts) index and ANALYZE, timed
separately. Query times are psycopg's wall time (execute + fetchall).
Peak RSS is the session's backend process (shared buffers it touched
included); bytes on disk are pg_total_relation_size (table + indexes).
"""

from __future__ import annotations

import os
import pathlib
import shutil
import subprocess
import time

from .base import (Answer, Engine, EngineError, EngineUnavailable, LoadReport, free_port,
                   peak_rss_of)

PG_BIN = pathlib.Path("/usr/lib/postgresql/15/bin")
OS_USER = "postgres"
SETTINGS = {
    "shared_buffers": "512MB",
    "work_mem": "64MB",
    "max_parallel_workers_per_gather": "0",  # one core, like the other engines
    "max_wal_size": "4GB",
}


class Postgres(Engine):
    name = "postgres"
    dialect = "postgres"

    def __init__(self):
        self.conn = None
        self.cluster: pathlib.Path | None = None
        self.port = 0
        self.backend_pid = 0

    def _as_server_user(self, cmd: list[str]) -> list[str]:
        if os.geteuid() != 0:
            return cmd
        return ["runuser", "-u", OS_USER, "--"] + cmd

    def start(self, workdir: pathlib.Path) -> None:
        try:
            import psycopg
        except ImportError as e:
            raise EngineUnavailable("python3-psycopg is not installed") from e
        if not (PG_BIN / "initdb").exists():
            raise EngineUnavailable(f"{PG_BIN}/initdb missing (Debian package postgresql-15)")
        workdir.mkdir(parents=True, exist_ok=True)
        self.cluster = workdir / "pgdata"
        if self.cluster.exists():
            shutil.rmtree(self.cluster)
        self.cluster.mkdir()
        if os.geteuid() == 0:
            shutil.chown(workdir, OS_USER)
            shutil.chown(self.cluster, OS_USER)
            os.chmod(workdir, 0o755)
        self.cluster.chmod(0o700)
        try:
            self._start_cluster()
        except subprocess.CalledProcessError as e:
            tool = next(pathlib.Path(c).name for c in e.cmd if c.startswith(str(PG_BIN)))
            stderr = (e.stderr or b"").decode(errors="replace").strip()
            raise EngineUnavailable(f"{tool} failed: {stderr[-500:]}") from e
        self.conn = psycopg.connect(host="127.0.0.1", port=self.port, user="bench",
                                    dbname="postgres", autocommit=True)
        self.backend_pid = int(self.execute("SELECT pg_backend_pid()").rows[0][0])

    def _start_cluster(self) -> None:
        run = dict(check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        subprocess.run(self._as_server_user(
            [str(PG_BIN / "initdb"), "-D", str(self.cluster), "-U", "bench", "--auth=trust",
             "--locale=C", "--encoding=UTF8"]), **run)
        self.port = free_port()
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.cluster}"
        options += "".join(f" -c {k}={v}" for k, v in SETTINGS.items())
        subprocess.run(self._as_server_user(
            [str(PG_BIN / "pg_ctl"), "-D", str(self.cluster), "-l", str(self.cluster / "server.log"),
             "-o", options, "-w", "start"]), **run)

    def execute(self, sql: str) -> Answer:
        import psycopg

        started = time.perf_counter()
        try:
            with self.conn.cursor() as cur:
                cur.execute(sql)
                if cur.description is None:
                    ms = (time.perf_counter() - started) * 1000
                    return Answer([], [], ms, cur.statusmessage or "")
                rows = cur.fetchall()
                ms = (time.perf_counter() - started) * 1000
                return Answer([d.name for d in cur.description], [list(r) for r in rows], ms)
        except psycopg.Error as e:
            raise EngineError(str(e).strip()) from e

    def load_csv(self, table, ddl, csv_path, rows) -> LoadReport:
        self.execute(f"DROP TABLE IF EXISTS {table}")
        self.execute(ddl)
        started = time.perf_counter()
        with self.conn.cursor() as cur:
            with cur.copy(f"COPY {table} FROM STDIN WITH (FORMAT csv, HEADER true)") as copy:
                with open(csv_path, "rb") as f:
                    while chunk := f.read(1 << 20):
                        copy.write(chunk)
        copied = time.perf_counter()
        self.execute(f"CREATE INDEX ON {table} (hostname, ts DESC)")
        self.execute(f"CREATE INDEX ON {table} (ts DESC)")
        indexed = time.perf_counter()
        self.execute(f"ANALYZE {table}")
        done = time.perf_counter()
        return LoadReport(rows, copied - started, "COPY FROM STDIN (psycopg)",
                          {"index_s": indexed - copied, "analyze_s": done - indexed})

    def peak_rss_bytes(self):
        return peak_rss_of(self.backend_pid) if self.backend_pid else None

    def cpu_pid(self):
        return self.backend_pid or None

    def disk_bytes(self):
        try:
            return int(self.execute("SELECT pg_total_relation_size('cpu')").rows[0][0])
        except EngineError:
            return None

    def version(self):
        try:
            return "PostgreSQL " + str(self.execute("SHOW server_version").rows[0][0]).split()[0]
        except Exception:
            return "PostgreSQL"

    def settings(self):
        return dict(SETTINGS, indexes="(hostname, ts DESC), (ts DESC)", collation="C")

    def stop(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None
        if self.cluster is not None and (self.cluster / "postmaster.pid").exists():
            subprocess.run(self._as_server_user(
                [str(PG_BIN / "pg_ctl"), "-D", str(self.cluster), "-m", "fast", "-w", "stop"]),
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
