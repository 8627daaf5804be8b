#!/usr/bin/python3
"""Line protocol ingest: the server's CPU per 100k lines.

Starts `copra serve` on a free loopback port with a fresh data directory,
POSTs an InfluxDB line-protocol file (bench/tsbs/generate.py --format
influx) to /v1/influxdb/write in requests of --lines lines over one
keep-alive connection, and prints the wall time, rows/s, the server's CPU
time (user + system from /proc/<pid>/stat) and the load average.

    /usr/bin/python3 bench/storage/line_protocol_load.py --file X.influx \\
        [--lines 5000] [--copra build/copra] [--keep-dir D]
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import tempfile
import time

import requests


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    tick = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / tick  # utime, stime


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--file", required=True)
    ap.add_argument("--lines", type=int, default=5000)
    ap.add_argument("--copra", default="build/copra")
    ap.add_argument("--keep-dir")
    a = ap.parse_args()

    with open(a.file, "rb") as f:
        lines = f.read().splitlines(keepends=True)
    bodies = [b"".join(lines[i:i + a.lines]) for i in range(0, len(lines), a.lines)]

    data = a.keep_dir or tempfile.mkdtemp(prefix="copra-lp-")
    addr = f"127.0.0.1:{free_port()}"
    proc = subprocess.Popen([a.copra, "serve", "--data", data, "--http-addr", addr,
                             "--pg-addr", f"127.0.0.1:{free_port()}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        http = requests.Session()
        for _ in range(200):
            try:
                if http.get(f"http://{addr}/health", timeout=1).status_code == 200:
                    break
            except requests.RequestException:
                pass
            time.sleep(0.05)
        # The first request creates the table; it is not timed.
        r = http.post(f"http://{addr}/v1/influxdb/write?db=public&precision=ns", data=bodies[0])
        r.raise_for_status()
        timed = bodies[1:]
        rows = sum(b.count(b"\n") for b in timed)
        load = os.getloadavg()[0]
        c0 = cpu_seconds(proc.pid)
        t0 = time.monotonic()
        for body in timed:
            r = http.post(f"http://{addr}/v1/influxdb/write?db=public&precision=ns", data=body)
            if r.status_code != 204:
                raise SystemExit(f"write failed: {r.status_code} {r.text[:300]}")
        wall = time.monotonic() - t0
        # At least one clock tick: under a wrapper (perf record) the pid's
        # own CPU time is near zero.
        cpu = max(cpu_seconds(proc.pid) - c0, 1 / os.sysconf("SC_CLK_TCK"))
        print(f"line protocol: {rows} lines in requests of {a.lines}: {wall:.2f} s wall, "
              f"{rows / wall:,.0f} rows/s; server CPU {cpu:.2f} s = "
              f"{cpu / rows * 1e5:.3f} s per 100k lines ({rows / cpu:,.0f} rows per CPU-second); "
              f"load average {load:.1f} -> {os.getloadavg()[0]:.1f}")
    finally:
        proc.terminate()
        proc.wait()
        if not a.keep_dir:
            shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
