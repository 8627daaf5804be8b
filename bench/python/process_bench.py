#!/usr/bin/python3
"""backend="process" throughput: a CPU-bound per-element Python UDF over the
same N float64 values (numbers(N) cast to DOUBLE), run

  1. in-process          (backend 'cpython', the default)
  2. process, 1 worker   (SETTINGS backend = 'process', python.process_workers = 1)
  3. process, 2 workers  (python.process_workers = 2: each 8192-row batch is
                          split across the idle workers)

each through a real `copra serve` (one per pool size, both started up front)
and POST /v1/sql, in interleaved rounds (so that the load of a shared machine
weighs on every variant alike), and reports rows/s (best and median run) and
the ratios. The target of issue 6 is >= 1.8x for 2
workers against 1 on a 2-core machine; on a machine shared with other work
the ratio is lower, so the load average is reported too.

Per run it also measures, because wall time on a busy machine says little:
  * CPU: the server's (/proc/PID/stat) and its worker processes' (its child
    processes'), per value, in nanoseconds: the overhead of the process
    backend is the growth of this figure from in-process to 1 and 2 workers;
  * worker idle time: workers x wall time - the time the workers spent on
    calls (copra_python_worker_busy_microseconds_total from GET /metrics),
    i.e. how long workers waited for work while the query ran, and the
    workers' own count of time blocked waiting for a request
    (copra_python_worker_wait_microseconds_total).

Usage: bench/python/process_bench.py [--rows N] [--repeat R] [--copra build/copra] [--quick]
Prints one JSON object on stdout (progress on stderr).
"""

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

BODY = """def {name}(x):
    out = []
    for v in x:
        acc = v
        for _ in range(16):
            acc = (acc * 1.0000001 + 0.5) % 1000.0
        out.append(acc)
    return out
"""

QUERY = "SELECT sum({name}(number::double)) FROM numbers({n})"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


CLOCK_TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    """User + system CPU of process `pid` (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICK


def children(pid):
    """Process ids whose parent is `pid` (a server's python workers)."""
    out = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            out.append(int(entry.name))
    return out


class Server:
    def __init__(self, copra, tmp, workers):
        self.workers = workers
        self.dir = Path(tmp) / f"w{workers}"
        self.dir.mkdir()
        config = self.dir / "copra.toml"
        config.write_text(f"[python]\nprocess_workers = {workers}\n")
        self.addr = f"127.0.0.1:{free_port()}"
        self.log = open(self.dir / "serve.log", "wb")
        self.proc = subprocess.Popen(
            [copra, "serve", "--config", str(config), "--data", str(self.dir / "data"),
             "--http-addr", self.addr, "--pg-addr", f"127.0.0.1:{free_port()}"],
            stdout=self.log, stderr=self.log, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if requests.get(f"http://{self.addr}/health", timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                time.sleep(0.05)
        self.stop()
        sys.exit("copra serve did not start:\n" + (self.dir / "serve.log").read_text())

    def sql(self, text):
        r = requests.post(f"http://{self.addr}/v1/sql", data={"sql": text}, timeout=3600)
        body = r.json()
        if body.get("code") != 0:
            sys.exit(f"query failed: {text}\n{body}")
        return body["output"][-1]

    def metric(self, name):
        text = requests.get(f"http://{self.addr}/metrics", timeout=10).text
        for line in text.splitlines():
            if line.startswith(name + " "):
                return float(line.split()[1])
        return 0.0

    def sample(self):
        """CPU seconds of the server and of its workers, and the worker metrics."""
        workers = children(self.proc.pid)
        return {
            "server_cpu": cpu_seconds(self.proc.pid),
            "worker_cpu": sum(cpu_seconds(w) for w in workers),
            "worker_pids": set(workers),
            "busy_us": self.metric("copra_python_worker_busy_microseconds_total"),
            "wait_us": self.metric("copra_python_worker_wait_microseconds_total"),
            "calls": self.metric("copra_python_worker_calls_total"),
        }

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=60)
        self.log.close()


def prepare(server, name, backend):
    server.sql(f"CREATE OR REPLACE FUNCTION {name}(x float64) RETURNS float64 LANGUAGE PYTHON "
               f"AS $$\n{BODY.format(name=name)}$$ SETTINGS backend = '{backend}'")
    server.sql(QUERY.format(name=name, n=8192 * 4))  # start the workers, warm up


def timed(server, name, n, workers):
    """One run: wall seconds, the answer, and what it cost (see the module doc)."""
    before = server.sample()
    start = time.perf_counter()
    out = server.sql(QUERY.format(name=name, n=n))
    wall = time.perf_counter() - start
    after = server.sample()
    if after["worker_pids"] != before["worker_pids"] and workers > 0:
        print("  (a worker was replaced during the run; its CPU is not counted)", file=sys.stderr)
    cost = {
        "server_cpu_s": after["server_cpu"] - before["server_cpu"],
        "worker_cpu_s": after["worker_cpu"] - before["worker_cpu"] if workers else 0.0,
        "busy_s": (after["busy_us"] - before["busy_us"]) / 1e6 if workers else 0.0,
        "wait_s": (after["wait_us"] - before["wait_us"]) / 1e6 if workers else 0.0,
        "calls": after["calls"] - before["calls"] if workers else 0,
    }
    cost["idle_s"] = max(0.0, workers * wall - cost["busy_s"]) if workers else 0.0
    return wall, out["records"]["rows"][0][0], cost


def summary(times, costs, n, result, workers):
    best = min(times)
    median = statistics.median(times)

    def med(key):
        return statistics.median(c[key] for c in costs)

    cpu_total = [c["server_cpu_s"] + c["worker_cpu_s"] for c in costs]
    out = {"best_ms": round(best * 1000, 1), "median_ms": round(median * 1000, 1),
           "rows_per_s": round(n / best), "rows_per_s_median": round(n / median),
           "runs_ms": [round(t * 1000, 1) for t in times], "sum": result,
           "workers": workers,
           "server_cpu_ms_median": round(med("server_cpu_s") * 1000, 1),
           "worker_cpu_ms_median": round(med("worker_cpu_s") * 1000, 1),
           "cpu_ns_per_value_median": round(statistics.median(cpu_total) * 1e9 / n, 1),
           "cpu_ns_per_value_best": round(min(cpu_total) * 1e9 / n, 1)}
    if workers:
        idle = [c["idle_s"] / (workers * t) for c, t in zip(costs, times)]
        out.update({
            "worker_calls_per_run": round(med("calls")),
            "worker_busy_ms_median": round(med("busy_s") * 1000, 1),
            "worker_idle_ms_median": round(med("idle_s") * 1000, 1),
            "worker_idle_fraction_median": round(statistics.median(idle), 3),
            "worker_wait_ms_median": round(med("wait_s") * 1000, 1),
        })
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=2_000_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--copra", default=str(Path(__file__).resolve().parents[2] / "build/copra"))
    ap.add_argument("--quick", action="store_true", help="200,000 values, 3 rounds")
    args = ap.parse_args()
    if args.quick:
        args.rows, args.repeat = 200_000, 3
    started = time.perf_counter()
    n = args.rows
    load_before = os.getloadavg()[0]
    variants = {"in_process": [], "process_1_worker": [], "process_2_workers": []}
    costs = {k: [] for k in variants}
    pool = {"in_process": 0, "process_1_worker": 1, "process_2_workers": 2}
    sums = {}
    with tempfile.TemporaryDirectory() as tmp:
        one = Server(args.copra, tmp, 1)
        two = Server(args.copra, tmp, 2)
        try:
            prepare(one, "burn_local", "cpython")
            prepare(one, "burn_proc", "process")
            prepare(two, "burn_proc", "process")
            # Rounds of all three, interleaved, so that the machine's load
            # (shared with other work) weighs on each variant alike.
            plan = [("in_process", one, "burn_local"), ("process_1_worker", one, "burn_proc"),
                    ("process_2_workers", two, "burn_proc")]
            for r in range(args.repeat):
                for key, server, name in plan:
                    t, result, cost = timed(server, name, n, pool[key])
                    variants[key].append(t)
                    costs[key].append(cost)
                    sums[key] = result
                print(f"  round {r + 1}: " + ", ".join(
                    f"{k} {v[-1] * 1000:.0f} ms (cpu "
                    f"{(costs[k][-1]['server_cpu_s'] + costs[k][-1]['worker_cpu_s']) * 1000:.0f}"
                    f" ms, idle {costs[k][-1]['idle_s'] * 1000:.0f} ms)"
                    for k, v in variants.items()), file=sys.stderr)
        finally:
            one.stop()
            two.stop()
    results = {k: summary(v, costs[k], n, sums[k], pool[k]) for k, v in variants.items()}
    sums = {v["sum"] for v in results.values()}
    median = {k: statistics.median(v) for k, v in variants.items()}
    equal = len(sums) == 1
    labels = {"in_process": "in-process (backend 'cpython')",
              "process_1_worker": "backend 'process', 1 worker",
              "process_2_workers": "backend 'process', 2 workers"}
    measurements = [
        {"key": k, "label": labels[k], "engine": "copra", "values": n,
         "ms": results[k]["runs_ms"], "correct": equal,
         "cpu_ms": [round((c["server_cpu_s"] + c["worker_cpu_s"]) * 1000, 1) for c in costs[k]],
         "answer": results[k]["sum"]}
        for k in variants]

    def ratio(num, den, label, target=None, note=None):
        value = median[num] / median[den]
        cpu = (results[num]["cpu_ns_per_value_median"] /
               results[den]["cpu_ns_per_value_median"])
        out = {"label": label, "numerator": num, "denominator": den, "value": round(value, 3),
               "value_cpu": round(cpu, 3)}
        if target:
            out["target"] = target
        if note:
            out["note"] = note
        return out

    two, one = results["process_2_workers"], results["process_1_worker"]
    report = {
        "name": "process",
        "title": "Python process backend: 2 workers against 1 and against in-process",
        "about": (
            f"A CPU-bound per-element Python UDF (16 multiply-add-modulo steps per value) in "
            f"`SELECT sum(f(number::double)) FROM numbers({n:,})`, run in-process and on the "
            "worker-process pool with 1 and with 2 workers, each through a real `copra serve` "
            "and POST /v1/sql, in interleaved rounds so the machine's load weighs on each "
            "alike. Wall time is the HTTP request's; CPU time is the server's plus its "
            "workers' (/proc). Every answer is compared with the others."),
        "settings": {"rows": n, "repeat": args.repeat, "cores": os.cpu_count(),
                     "loadavg_1m_before": round(load_before, 2),
                     "loadavg_1m_after": round(os.getloadavg()[0], 2)},
        "measurements": measurements,
        "ratios": [
            ratio("process_1_worker", "process_2_workers",
                  "throughput of 2 workers ÷ 1 worker (1 worker's time ÷ 2 workers')",
                  {"min": 1.8},
                  "the CPU column is 1 worker's CPU per value ÷ 2 workers': 1.0 = no "
                  "overhead from splitting"),
            ratio("process_1_worker", "in_process",
                  "1 worker ÷ in-process (time)", None,
                  "the cost of the process boundary"),
            ratio("process_2_workers", "in_process", "2 workers ÷ in-process (time)"),
        ],
        "notes": [
            f"best runs: 2 workers {two['rows_per_s'] / one['rows_per_s']:.2f}× the "
            "throughput of 1 worker",
            f"CPU per value (server + workers, median): in-process "
            f"{results['in_process']['cpu_ns_per_value_median']:.0f} ns, 1 worker "
            f"{one['cpu_ns_per_value_median']:.0f} ns, 2 workers "
            f"{two['cpu_ns_per_value_median']:.0f} ns",
            f"workers idle while the query ran (median): 1 worker "
            f"{one['worker_idle_fraction_median']:.0%}, 2 workers "
            f"{two['worker_idle_fraction_median']:.0%}",
        ],
        "variants": results,
        "duration_s": round(time.perf_counter() - started, 1),
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
