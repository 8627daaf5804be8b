// SharedBatch: columns in one shared-memory segment, in the Arrow layout,
// for the "process" Python backend (python/worker_pool.h). The parent writes
// a batch's buffers into a memfd segment and passes the descriptor to a
// worker process; the worker maps it and builds Columns whose buffers point
// into the mapping (no copy), so numpy sees the values in place. Results
// travel back the same way.
//
// Segment layout (all offsets from the segment start, buffers 64-byte
// aligned):
//   header   magic "CPSB", version, column count, row count
//   per col  type id + time unit, length, null count, and (offset, size) of
//            the validity bitmap (size 0: no NULLs), the values buffer and
//            the data buffer (STRING/BINARY bytes)
//   buffers  validity and values start at row 0 (column offsets are
//            normalized away); string offsets start at 0.
// Decoding checks every offset against the segment size and validates each
// column, since the other side is another process.
//
// Segments are reused between calls (python/python_worker.h): the sender
// writes the next batch into the segment it already shared, once the
// receiver is done with the previous one. A receiver that must keep the
// columns (the server, whose result columns live on in the query) copies
// the used bytes out first (CopyOf) and decodes the copy, so the other
// process cannot change them under it; a segment whose size is sealed
// (SealSize) can also not shrink under a reader (no SIGBUS).
//
// SharedMemory owns one mapping (and its descriptor), or a private heap copy;
// Columns decoded from it hold a shared_ptr to it. Thread-safe for readers;
// a segment is written by one thread at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "common/status.h"
#include "vector/column.h"

namespace copra {

// What Map() requires of the sender's seals.
enum class SealCheck {
  kNone,
  kFixedSize,  // F_SEAL_SHRINK: cannot shrink under the reader
  kReadOnly,   // F_SEAL_WRITE and F_SEAL_SHRINK: cannot change at all
};

class SharedMemory {
 public:
  // A new anonymous segment (memfd) of `size` bytes, mapped read-write.
  static Result<std::shared_ptr<SharedMemory>> Create(int64_t size);
  // Maps the segment `fd` (taking ownership of the descriptor) read-only.
  // A segment without the seals `check` asks for is refused (kReadOnly:
  // memory from another process is then safe to read after validation).
  static Result<std::shared_ptr<SharedMemory>> Map(int fd, int64_t size, SealCheck check);
  // A private copy (heap, 64-byte aligned, no descriptor) of `size` bytes.
  static Result<std::shared_ptr<SharedMemory>> CopyOf(const uint8_t* data, int64_t size);
  ~SharedMemory();
  SharedMemory(const SharedMemory&) = delete;
  SharedMemory& operator=(const SharedMemory&) = delete;

  const uint8_t* data() const { return data_; }
  // REQUIRES: made by Create().
  uint8_t* mutable_data() { return data_; }
  int64_t size() const { return size_; }
  // The descriptor, to pass to another process (still owned by this).
  int fd() const { return fd_; }
  // Drops this mapping and seals the segment against writes and resizing;
  // afterwards only fd() may be used (to pass the segment on).
  Status Seal();
  // Seals the segment's size only (it stays writable here, for reuse).
  Status SealSize();

 private:
  SharedMemory(int fd, uint8_t* data, int64_t size, bool heap = false)
      : fd_(fd), data_(data), size_(size), heap_(heap) {}
  int fd_;
  uint8_t* data_;
  int64_t size_;
  bool heap_;  // data_ is from aligned_alloc (CopyOf), not a mapping
};

// Passed as `num_rows`: the columns may have different lengths (each keeps
// its own; SharedBatch::num_rows is then 0).
constexpr int64_t kRaggedBatch = -1;

// Writes `columns` (each `num_rows` long, or see kRaggedBatch) into a new
// segment.
Result<std::shared_ptr<SharedMemory>> EncodeSharedBatch(const std::vector<ColumnPtr>& columns,
                                                        int64_t num_rows);
// The bytes EncodeSharedBatch needs for `columns` (same checks).
Result<int64_t> SharedBatchSize(const std::vector<ColumnPtr>& columns, int64_t num_rows);
// Writes `columns` at the start of `into` (made by Create(), at least
// SharedBatchSize() bytes), e.g. a segment kept from an earlier call.
Status WriteSharedBatch(const std::vector<ColumnPtr>& columns, int64_t num_rows,
                        SharedMemory& into);

struct SharedBatch {
  int64_t num_rows = 0;
  std::vector<ColumnPtr> columns;  // buffers point into the segment
};

// Reads the columns of a segment made by EncodeSharedBatch, without
// copying. kDataCorrupted when the segment is malformed.
Result<SharedBatch> DecodeSharedBatch(const std::shared_ptr<SharedMemory>& memory);

}  // namespace copra
