"""A small, strict reader of the Arrow IPC streaming format, written from the
Arrow and FlatBuffers specifications (no pyarrow on these machines), used to
check `copra serve`'s format=arrow output independently of the C++ writer."""

import struct


class Table:
    """A FlatBuffers table at byte `pos` of `buf`."""

    def __init__(self, buf, pos):
        self.buf, self.pos = buf, pos
        vt = pos - struct.unpack_from("<i", buf, pos)[0]
        vt_size, self.inline_size = struct.unpack_from("<HH", buf, vt)
        assert vt_size >= 4 and vt_size % 2 == 0
        self.slots = struct.unpack_from(f"<{(vt_size - 4) // 2}H", buf, vt + 4)

    def _off(self, slot):
        return self.slots[slot] if slot < len(self.slots) else 0

    def scalar(self, slot, fmt, default=0):
        off = self._off(slot)
        if off == 0:
            return default
        assert off < self.inline_size
        at = self.pos + off
        assert at % struct.calcsize(fmt) == 0, "misaligned scalar"
        return struct.unpack_from("<" + fmt, self.buf, at)[0]

    def _target(self, slot):
        off = self._off(slot)
        if off == 0:
            return None
        at = self.pos + off
        return at + struct.unpack_from("<I", self.buf, at)[0]

    def table(self, slot):
        t = self._target(slot)
        return None if t is None else Table(self.buf, t)

    def string(self, slot):
        t = self._target(slot)
        n = struct.unpack_from("<I", self.buf, t)[0]
        assert self.buf[t + 4 + n] == 0, "string not NUL-terminated"
        return self.buf[t + 4:t + 4 + n].decode()

    def tables(self, slot):
        t = self._target(slot)
        if t is None:
            return []
        n = struct.unpack_from("<I", self.buf, t)[0]
        out = []
        for i in range(n):
            at = t + 4 + 4 * i
            out.append(Table(self.buf, at + struct.unpack_from("<I", self.buf, at)[0]))
        return out

    def structs(self, slot, fmt):
        t = self._target(slot)
        n = struct.unpack_from("<I", self.buf, t)[0]
        assert (t + 4) % 8 == 0, "struct vector not 8-byte aligned"
        size = struct.calcsize("<" + fmt)
        return [struct.unpack_from("<" + fmt, self.buf, t + 4 + i * size) for i in range(n)]


def read_stream(data):
    """Returns (fields, batches): fields as (name, type_id, type_table),
    batches as (length, nodes, buffers, body)."""
    pos, fields, batches = 0, None, []
    while True:
        cont, size = struct.unpack_from("<Ii", data, pos)
        assert cont == 0xFFFFFFFF
        pos += 8
        if size == 0:
            assert pos == len(data), "bytes after the end-of-stream marker"
            return fields, batches
        assert size % 8 == 0 and pos % 8 == 0
        meta = data[pos:pos + size]
        pos += size
        msg = Table(meta, struct.unpack_from("<I", meta, 0)[0])
        assert msg.scalar(0, "h") == 4  # MetadataVersion V5
        header_type, body_len = msg.scalar(1, "B"), msg.scalar(3, "q")
        header = msg.table(2)
        body = data[pos:pos + body_len]
        assert len(body) == body_len and body_len % 8 == 0
        pos += body_len
        if header_type == 1:
            assert fields is None, "second schema"
            fields = [(f.string(0), f.scalar(2, "B"), f.table(3)) for f in header.tables(1)]
        else:
            assert header_type == 3 and fields is not None
            nodes = header.structs(1, "qq")
            buffers = header.structs(2, "qq")
            for off, length in buffers:
                assert off % 8 == 0 and off + length <= body_len
            batches.append((header.scalar(0, "q"), nodes, buffers, body))
