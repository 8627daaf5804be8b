"""The wire protocol at the message level, for what the client libraries do
not show: portal suspension (Execute with a row limit), NoticeResponse for
warnings, ReadyForQuery's transaction state and Terminate."""

import socket
import struct

from test_pgwire_fuzz import cstr, msg, startup


class Wire:
    """A raw frontend: sends messages, reads (type, body) pairs."""

    def __init__(self, server):
        self.sock = socket.create_connection((server.pg_host, server.pg_port), timeout=30)
        self.buf = b""

    def send(self, *messages):
        self.sock.sendall(b"".join(messages))

    def _read(self, n):
        while len(self.buf) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError("connection closed")
            self.buf += chunk
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def read(self):
        kind = self._read(1)
        (length,) = struct.unpack("!i", self._read(4))
        return kind, self._read(length - 4)

    def until(self, kind):
        """Messages up to and including the first of type `kind`."""
        out = []
        while True:
            m = self.read()
            out.append(m)
            if m[0] == kind:
                return out

    def closed(self):
        try:
            return self.sock.recv(1) == b""
        except ConnectionError:
            return True


def data_rows(messages):
    rows = []
    for kind, body in messages:
        if kind == b"D":
            (n,) = struct.unpack("!h", body[:2])
            pos, row = 2, []
            for _ in range(n):
                (size,) = struct.unpack("!i", body[pos:pos + 4])
                pos += 4
                row.append(body[pos:pos + size].decode())
                pos += size
            rows.append(row)
    return rows


def kinds(messages):
    return [k for k, _ in messages]


def connect(server):
    w = Wire(server)
    w.send(startup())
    ready = w.until(b"Z")
    assert ready[-1] == (b"Z", b"I")
    assert b"K" in kinds(ready)  # BackendKeyData
    return w


def test_execute_with_row_limit_suspends_the_portal(copra_server):
    w = connect(copra_server)
    w.send(msg(b"P", cstr("") + cstr("SELECT number FROM numbers(5)") + struct.pack("!h", 0)),
           msg(b"B", cstr("") + cstr("") + struct.pack("!hhh", 0, 0, 0)),
           msg(b"E", cstr("") + struct.pack("!i", 2)), msg(b"H"))
    first = w.until(b"s")  # PortalSuspended
    assert kinds(first) == [b"1", b"2", b"D", b"D", b"s"]
    assert data_rows(first) == [["0"], ["1"]]
    w.send(msg(b"E", cstr("") + struct.pack("!i", 2)), msg(b"H"))
    second = w.until(b"s")
    assert data_rows(second) == [["2"], ["3"]]
    w.send(msg(b"E", cstr("") + struct.pack("!i", 0)), msg(b"S"))
    rest = w.until(b"Z")
    assert data_rows(rest) == [["4"]]
    # Copra's tag counts the portal's rows in all (PostgreSQL's may count
    # only the last Execute's); clients do not read it for SELECT.
    assert [body for kind, body in rest if kind == b"C"][0].startswith(b"SELECT ")
    assert rest[-1] == (b"Z", b"I")
    w.send(msg(b"X"))
    assert w.closed()


def test_notice_and_transaction_state(copra_server):
    w = connect(copra_server)
    w.send(msg(b"Q", cstr("BEGIN")))
    assert w.until(b"Z")[-1] == (b"Z", b"T")
    # A second BEGIN is a warning (NoticeResponse), not an error.
    w.send(msg(b"Q", cstr("BEGIN")))
    answer = w.until(b"Z")
    notices = [body for kind, body in answer if kind == b"N"]
    assert len(notices) == 1 and b"SWARNING\0" in notices[0] and b"C25001\0" in notices[0]
    assert answer[-1] == (b"Z", b"T")
    w.send(msg(b"Q", cstr("SELECT nope")))
    assert w.until(b"Z")[-1] == (b"Z", b"E")  # a failed transaction block
    w.send(msg(b"Q", cstr("ROLLBACK")))
    assert w.until(b"Z")[-1] == (b"Z", b"I")
    w.send(msg(b"X"))
    assert w.closed()
