"""Fixtures for Copra's end-to-end tests.

Every test talks to the real binary ($COPRA_BIN, default build/copra): a
`copra serve` started on free loopback ports with a temporary data directory,
or `copra shell`. Servers are stopped with SIGTERM and must exit 0.
"""

import os
import pathlib
import signal
import socket
import subprocess
import time

import pytest
import requests

ROOT = pathlib.Path(__file__).resolve().parents[2]
COPRA_BIN = os.path.abspath(os.environ.get("COPRA_BIN", str(ROOT / "build" / "copra")))
# Sanitizer builds start slower; leave room.
START_TIMEOUT = float(os.environ.get("COPRA_E2E_START_TIMEOUT", "30"))


def free_port():
    """A loopback TCP port that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_copra(*args, input=None, timeout=60, cwd=None):
    """Runs copra to completion; returns the CompletedProcess (text output)."""
    return subprocess.run(
        [COPRA_BIN, *args],
        input=input,
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=cwd,
        stdin=None if input is not None else subprocess.DEVNULL,
    )


class CopraServer:
    """A running `copra serve`; its stderr goes to a log file."""

    def __init__(self, proc, http_addr, data_dir, log_path, pg_addr=None):
        self.proc = proc
        self.http_addr = http_addr
        self.pg_addr = pg_addr  # "127.0.0.1:PORT" when the fixture chose it
        self.data_dir = data_dir
        self.log_path = log_path

    @property
    def url(self):
        return f"http://{self.http_addr}"

    @property
    def pg_host(self):
        return self.pg_addr.rsplit(":", 1)[0]

    @property
    def pg_port(self):
        return int(self.pg_addr.rsplit(":", 1)[1])

    def pg_dsn(self, dbname="public", **extra):
        """A libpq connection string for psycopg."""
        parts = [f"host={self.pg_host}", f"port={self.pg_port}", "user=copra", f"dbname={dbname}"]
        parts += [f"{k}={v}" for k, v in extra.items()]
        return " ".join(parts)

    def get(self, path, **kwargs):
        kwargs.setdefault("timeout", 10)
        return requests.get(self.url + path, **kwargs)

    def log(self):
        return self.log_path.read_text(errors="replace")

    def running(self):
        return self.proc.poll() is None

    def stop(self, sig=signal.SIGTERM, timeout=30):
        """Sends `sig`, waits for exit, returns the exit code."""
        if self.running():
            self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            pytest.fail(f"copra serve did not exit within {timeout}s of {sig!r}:\n{self.log()}")


def _wait_healthy(server):
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if not server.running():
            return False
        try:
            if server.get("/health", timeout=2).status_code == 200:
                return True
        except requests.RequestException:
            pass
        time.sleep(0.05)
    server.proc.kill()
    server.proc.wait()
    pytest.fail(f"copra serve did not answer /health within {START_TIMEOUT}s:\n{server.log()}")


@pytest.fixture
def start_copra(tmp_path):
    """Factory: start_copra(*extra_args, data_dir=None, http_addr=None) -> CopraServer.

    Starts `copra serve` and waits until /health answers. By default it passes
    --data (a fresh directory under tmp_path), --http-addr and --pg-addr (free
    loopback ports). With `http_addr` given, no address flags are passed: the
    server is expected to listen there because of `extra_args` (e.g. a config
    file), and `data_dir=False` likewise leaves out --data. Servers still
    running at the end of the test are killed.
    """
    started = []

    def start(*extra_args, data_dir=None, http_addr=None):
        if data_dir is None:
            data_dir = tmp_path / f"data{len(started)}"
        # A port picked by free_port() can be taken before copra binds it;
        # retry on that one failure when we chose the port.
        attempts = 3 if http_addr is None else 1
        for attempt in range(attempts):
            args = [COPRA_BIN, "serve"]
            if data_dir is not False:
                args += ["--data", str(data_dir)]
            addr = http_addr
            pg_addr = None
            if addr is None:
                addr = f"127.0.0.1:{free_port()}"
                pg_addr = f"127.0.0.1:{free_port()}"
                args += ["--http-addr", addr, "--pg-addr", pg_addr]
            args += [str(a) for a in extra_args]
            log_path = tmp_path / f"serve{len(started)}.log"
            with open(log_path, "wb") as log:
                proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                        cwd=tmp_path)
            server = CopraServer(proc, addr, data_dir, log_path, pg_addr)
            started.append(server)
            if _wait_healthy(server):
                return server
            if "address already in use" not in server.log():
                break
        pytest.fail(f"copra serve exited with {server.proc.returncode} at startup:\n{server.log()}")

    yield start
    for server in started:
        if server.running():
            server.proc.kill()
            server.proc.wait()


@pytest.fixture
def copra_server(start_copra):
    """A running `copra serve`; checks it shuts down cleanly (exit 0) afterwards."""
    server = start_copra()
    yield server
    code = server.stop()
    assert code == 0, f"copra serve exited with {code}:\n{server.log()}"
