// ArrowIpcStreamWriter: writes batches in the Apache Arrow IPC streaming
// format (https://arrow.apache.org/docs/format/Columnar.html#ipc-streaming-format),
// metadata version V5, little-endian, uncompressed, no dictionaries:
//   Schema message, one RecordBatch message per batch, end-of-stream marker.
// Each message is 0xFFFFFFFF, an int32 metadata length, the FlatBuffers
// Message (padded to 8 bytes) and the body (each buffer padded to 8 bytes).
//
// Types: BOOLEAN Bool; (U)INT8..64 Int; FLOAT/DOUBLE FloatingPoint; STRING
// Utf8; BINARY Binary; TIMESTAMP(unit) Timestamp without time zone (values
// are UTC); DATE Date(DAY); INTERVAL Interval(MONTH_DAY_NANO); the NULL type
// Null. Sliced columns are re-based (bitmaps repacked, offsets from 0).
//
// Appends to a caller-owned string; not thread-safe.
#pragma once

#include <string>

#include "vector/batch.h"

namespace copra {

class ArrowIpcStreamWriter {
 public:
  // Bytes are appended to `out`, which must outlive the writer.
  explicit ArrowIpcStreamWriter(std::string* out) : out_(out) {}

  // The Schema message; call once, first.
  void WriteSchema(const Schema& schema);
  // One RecordBatch message. REQUIRES: WriteSchema() was called with the
  // batch's schema.
  void WriteBatch(const Batch& batch);
  // The end-of-stream marker.
  void Finish();

 private:
  void WriteMessage(const std::string& metadata, const std::string& body);

  std::string* out_;
};

}  // namespace copra
