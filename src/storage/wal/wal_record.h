// WAL record format, shared by the writer and the reader.
//
// A region's WAL is a directory of segment files named by the first sequence
// number they may hold ("00000000000000000042.wal", 20 digits). A segment is a
// plain sequence of records:
//
//   offset size  field
//   0      4     crc32c over bytes [4, 17 + length): length, type, sequence, payload
//   4      4     length: payload bytes
//   8      1     type: RecordType
//   9      8     sequence: of the record's first row (rows take consecutive numbers)
//   17     n     payload: the rows, encoded by storage/batch_codec.h
//
// All integers little-endian. Records are appended and never rewritten; a
// crash can leave a torn record only at the end of the newest segment.
#pragma once

#include <cstdint>
#include <string>

namespace copra::storage {

enum class RecordType : uint8_t {
  kPut = 1,     // insert or replace rows
  kDelete = 2,  // delete markers: rows whose key (and, in append mode, values) match
};

inline constexpr size_t kWalHeaderSize = 17;

struct WalRecord {
  RecordType type = RecordType::kPut;
  uint64_t sequence = 0;
  std::string payload;
};

// File name of the segment starting at `first_sequence`.
std::string WalSegmentName(uint64_t first_sequence);

}  // namespace copra::storage
