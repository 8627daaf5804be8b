"""Protocol fuzzing: random and mutated PostgreSQL messages must never take
the server down. Each fuzz connection may be answered with an error or
closed; a control connection must keep answering throughout. Bounded time."""

import os
import random
import socket
import struct
import time

import psycopg


FUZZ_SECONDS = float(os.environ.get("COPRA_FUZZ_SECONDS", "15"))


def msg(kind, body=b""):
    return kind + struct.pack("!i", len(body) + 4) + body


def cstr(s):
    return s.encode() + b"\0"


def startup(user="copra", db="public"):
    body = struct.pack("!i", 196608) + cstr("user") + cstr(user) + cstr("database") + cstr(db) + b"\0"
    return struct.pack("!i", len(body) + 4) + body


def valid_messages():
    """A pool of well-formed frontend messages to mutate."""
    bind = (cstr("") + cstr("s") + struct.pack("!h", 1) + struct.pack("!h", 1)
            + struct.pack("!h", 1) + struct.pack("!i", 8) + struct.pack("!q", 5)
            + struct.pack("!h", 1) + struct.pack("!h", 1))
    return [
        msg(b"Q", cstr("SELECT 1")),
        msg(b"Q", cstr("SELECT number FROM numbers(100) WHERE number > 5; SELECT 'x'")),
        msg(b"P", cstr("s") + cstr("SELECT $1::bigint + 1") + struct.pack("!h", 1)
            + struct.pack("!i", 20)),
        msg(b"B", bind),
        msg(b"D", b"P" + cstr("")),
        msg(b"D", b"S" + cstr("s")),
        msg(b"E", cstr("") + struct.pack("!i", 0)),
        msg(b"E", cstr("") + struct.pack("!i", 2)),
        msg(b"C", b"S" + cstr("s")),
        msg(b"H"),
        msg(b"S"),
        msg(b"Q", cstr("DECLARE c CURSOR FOR SELECT 1; FETCH 1 FROM c; CLOSE c")),
    ]


def mutate(rng, data):
    data = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        choice = rng.random()
        if choice < 0.3 and data:
            data[rng.randrange(len(data))] = rng.randrange(256)
        elif choice < 0.45 and data:
            del data[rng.randrange(len(data)):]
        elif choice < 0.6:
            data[rng.randrange(len(data) + 1):0] = bytes(rng.randrange(256)
                                                        for _ in range(rng.randint(1, 8)))
        elif choice < 0.75 and len(data) >= 5:
            # A hostile length field.
            data[1:5] = struct.pack("!i", rng.choice([-1, 0, 3, 4, 5, 0x7fffffff,
                                                      rng.randrange(1 << 31)]))
        else:
            data += bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
    return bytes(data)


def drain(sock, seconds=0.3):
    sock.settimeout(seconds)
    try:
        while sock.recv(65536):
            pass
    except (socket.timeout, ConnectionError, OSError):
        pass


def one_session(server, rng):
    with socket.create_connection((server.pg_host, server.pg_port), timeout=5) as s:
        kind = rng.random()
        if kind < 0.15:
            s.sendall(mutate(rng, startup()))  # a broken startup packet
        else:
            s.sendall(startup())
            pool = valid_messages()
            payload = b"".join(
                mutate(rng, rng.choice(pool)) if rng.random() < 0.5 else rng.choice(pool)
                for _ in range(rng.randint(1, 8)))
            if rng.random() < 0.2:
                payload += bytes(rng.randrange(256) for _ in range(rng.randint(1, 64)))
            try:
                s.sendall(payload + msg(b"S"))
            except OSError:
                pass
        drain(s)


def test_fuzzed_messages_never_take_the_server_down(copra_server):
    seed = int(os.environ.get("COPRA_FUZZ_SEED", str(int(time.time()))))
    rng = random.Random(seed)
    control = psycopg.connect(copra_server.pg_dsn(), autocommit=True, connect_timeout=10)
    deadline = time.monotonic() + FUZZ_SECONDS
    sessions = 0
    while time.monotonic() < deadline:
        one_session(copra_server, rng)
        sessions += 1
        if sessions % 20 == 0:
            assert copra_server.running(), f"seed {seed}:\n{copra_server.log()}"
            assert control.execute("SELECT 1").fetchone() == (1,), f"seed {seed}"
    assert sessions > 20
    assert copra_server.running(), f"seed {seed}:\n{copra_server.log()}"
    assert control.execute("SELECT 41 + 1").fetchone() == (42,)
    control.close()
    # A fresh client still gets in.
    with psycopg.connect(copra_server.pg_dsn(), connect_timeout=10) as c:
        assert c.execute("SELECT 2").fetchone() == (2,)


def test_oversized_message_closes_only_that_connection(copra_server):
    control = psycopg.connect(copra_server.pg_dsn(), autocommit=True, connect_timeout=10)
    with socket.create_connection((copra_server.pg_host, copra_server.pg_port), timeout=5) as s:
        s.sendall(startup())
        s.sendall(b"Q" + struct.pack("!i", 0x7ffffff0))
        s.settimeout(5)
        data = b""
        try:
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
        except (socket.timeout, ConnectionError):
            pass
    assert b"08P01" in data and b"exceeds the limit" in data
    assert control.execute("SELECT 1").fetchone() == (1,)
    control.close()


def test_ssl_request_is_declined(copra_server):
    with socket.create_connection((copra_server.pg_host, copra_server.pg_port), timeout=5) as s:
        s.sendall(struct.pack("!ii", 8, 80877103))
        assert s.recv(1) == b"N"
        s.sendall(startup())
        s.settimeout(5)
        data = s.recv(65536)
        assert data[:1] == b"R"  # AuthenticationOk follows


def test_client_hanging_up_cancels_its_query(copra_server):
    s = socket.create_connection((copra_server.pg_host, copra_server.pg_port), timeout=5)
    s.sendall(startup())
    s.settimeout(5)
    data = b""
    while not data.endswith(b"Z\x00\x00\x00\x05I"):
        data += s.recv(65536)
    s.sendall(msg(b"Q", cstr("SELECT count(*) FROM numbers(1000000000000)")))
    time.sleep(0.3)
    s.close()
    deadline = time.monotonic() + 20
    while "client closed the connection; canceling" not in copra_server.log():
        assert time.monotonic() < deadline, copra_server.log()
        time.sleep(0.1)
    with psycopg.connect(copra_server.pg_dsn(), connect_timeout=10) as c:
        assert c.execute("SELECT 1").fetchone() == (1,)
