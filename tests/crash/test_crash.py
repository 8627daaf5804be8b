"""Crash test: a writer process is SIGKILLed at random moments while it
writes, deletes, flushes, compacts and alters the table (ADD/DROP COLUMN);
after every kill the database is
reopened (WAL replay) and must hold exactly the acknowledged data:

* every acknowledged batch is present with all its rows, unless an
  acknowledged DELETE removed it;
* a batch is never half there: whatever is present (acknowledged or not —
  a write can be durable before its acknowledgement reaches us) is whole;
* reopening works, i.e. manifest, data files and WAL are consistent.

Bounded by COPRA_CRASH_SECONDS (default 40) and COPRA_CRASH_ITERATIONS
(default 200), whichever ends first; scripts/crash-test runs it longer.
"""
import os
import random
import signal
import subprocess
import tempfile
import threading
import time

WRITER = os.environ.get("COPRA_CRASH_WRITER", "build/tests/crash/crash_writer")
SECONDS = float(os.environ.get("COPRA_CRASH_SECONDS", "40"))
ITERATIONS = int(os.environ.get("COPRA_CRASH_ITERATIONS", "200"))
SEED = int(os.environ.get("COPRA_CRASH_SEED", str(random.randrange(1 << 30))))


def rows_of(batch):
    return 20 + batch % 40


def run_writer(data_dir, first, kill_after):
    proc = subprocess.Popen([WRITER, "write", data_dir, str(first)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    lines = []

    def pump():
        for line in proc.stdout:
            lines.append(line)

    reader = threading.Thread(target=pump)
    reader.start()
    time.sleep(kill_after)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    reader.join()
    err = proc.stderr.read()
    assert proc.returncode == -signal.SIGKILL, f"writer exited on its own ({proc.returncode}): {err}"
    acks, dels = {}, set()
    for line in lines:
        if not line.endswith("\n"):
            continue  # cut off by the kill: not acknowledged
        parts = line.split()
        if parts[0] == "ack":
            acks[int(parts[1])] = int(parts[2])
        elif parts[0] == "del":
            dels.add(int(parts[1]))
    return acks, dels


def verify(data_dir):
    out = subprocess.run([WRITER, "verify", data_dir], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, f"recovery failed: {out.stderr}"
    lines = out.stdout.split("\n")
    assert "ok" in lines, out.stdout
    present = {}
    for line in lines:
        parts = line.split()
        if parts and parts[0] == "batch":
            present[int(parts[1])] = int(parts[2])
    return present


def test_crash_recovery():
    rng = random.Random(SEED)
    print(f"seed {SEED}")
    acked, deleted = {}, set()
    next_batch = 0
    deadline = time.monotonic() + SECONDS
    iterations = 0
    with tempfile.TemporaryDirectory(prefix="copra-crash-") as data_dir:
        while iterations < ITERATIONS and time.monotonic() < deadline:
            iterations += 1
            acks, dels = run_writer(data_dir, next_batch, rng.uniform(0.05, 0.8))
            acked.update(acks)
            deleted |= dels
            present = verify(data_dir)
            # A delete can be durable before its acknowledgement reaches us:
            # batch x deletes batch x - 5 when x % 11 == 0, right after x's ack.
            for b in list(acked):
                if b not in present and b not in deleted and (b + 5) % 11 == 0 and b + 5 in acked:
                    deleted.add(b)
            for b, n in acked.items():
                if b in deleted:
                    assert b not in present, f"iteration {iterations}: deleted batch {b} is back"
                else:
                    assert present.get(b) == n, (
                        f"iteration {iterations}: acknowledged batch {b} has "
                        f"{present.get(b)} rows, expected {n}")
            for b, n in present.items():
                assert n == rows_of(b), f"iteration {iterations}: batch {b} is half there ({n} rows)"
            # Never reuse a batch number: unacknowledged ones may be durable.
            next_batch = max([next_batch] + [b + 1 for b in acked] + [b + 1 for b in present])
            # An unacknowledged durable batch becomes part of the expected state.
            for b, n in present.items():
                if b not in acked and b not in deleted:
                    acked[b] = n
    print(f"{iterations} iterations, {len(acked)} batches, {len(deleted)} deletes")
    assert iterations >= 3
