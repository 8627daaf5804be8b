"""The interface every benchmarked engine implements, and process helpers.

An Engine is started once per data set, runs SQL in its own dialect and
reports what it costs (peak memory, bytes on disk). Not thread-safe: one
suite drives one engine at a time.
"""

from __future__ import annotations

import dataclasses
import os
import pathlib
import socket


class EngineError(Exception):
    """A statement failed in the engine (the engine itself keeps running)."""


class EngineUnavailable(Exception):
    """The engine cannot run here (binary or package missing, no transport yet)."""


@dataclasses.dataclass
class Answer:
    """The result of one statement."""

    columns: list[str]
    rows: list[list]  # JSON-like values: None, bool, int, float, str
    ms: float  # the engine's own time for the statement (see each engine)
    tag: str = ""  # command tag for statements without rows


@dataclasses.dataclass
class LoadReport:
    rows: int
    seconds: float  # wall time of the whole load, as a client sees it
    method: str  # e.g. "COPY FROM STDIN", "INSERT x1000 rows"
    extra_seconds: dict = dataclasses.field(default_factory=dict)  # e.g. index build


class Engine:
    """Base class: a name, a dialect, and the operations suites use."""

    name = "?"
    dialect = "?"

    def start(self, workdir: pathlib.Path) -> None:
        raise NotImplementedError

    def execute(self, sql: str) -> Answer:
        """Runs one statement; raises EngineError when it fails."""
        raise NotImplementedError

    def load_csv(self, table: str, ddl: str, csv_path: pathlib.Path, rows: int) -> LoadReport:
        """Creates `table` with `ddl` and loads the CSV (with header) into it."""
        raise NotImplementedError

    def peak_rss_bytes(self) -> int | None:
        return None

    def cpu_pid(self) -> int | None:
        """The process whose CPU time is a statement's cost (see cpu_ns_of)."""
        return None

    def disk_bytes(self) -> int | None:
        return None

    def version(self) -> str:
        return ""

    def settings(self) -> dict:
        """What was configured, for the report."""
        return {}

    def stop(self) -> None:
        pass


def peak_rss_of(pid: int) -> int | None:
    """VmHWM (peak resident set) of a live process, in bytes."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def cpu_ns_of(pid: int) -> int | None:
    """CPU time used so far by all threads of a live process, in nanoseconds
    (/proc/PID/task/*/schedstat). On a shared machine a statement's CPU time
    says what it cost; its wall time also says how busy the machine was."""
    total = 0
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            try:
                with open(f"/proc/{pid}/task/{task}/schedstat") as f:
                    total += int(f.read().split()[0])
            except (OSError, ValueError, IndexError):
                pass  # the thread ended meanwhile
    except OSError:
        return None
    return total


def tree_bytes(path: pathlib.Path) -> int:
    """Bytes of all regular files under `path` (0 if it does not exist)."""
    total = 0
    for root, _, files in os.walk(path):
        for name in files:
            try:
                total += os.lstat(os.path.join(root, name)).st_size
            except OSError:
                pass
    return total


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, timeout: float, alive) -> bool:
    """True once 127.0.0.1:port accepts connections; False on timeout or if alive() turns False."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not alive():
            return False
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.1)
    return False
