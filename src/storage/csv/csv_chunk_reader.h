// CsvChunkReader: reads a CSV file in large blocks that end exactly where a
// record ends, so that the blocks can be parsed independently (on several
// threads) with the same result as reading the file front to back.
//
// A block is cut after its last complete record: after the last line break
// when the block holds no quote character, otherwise where the record
// scanner (the CSV grammar itself, csv_record_scanner.h) says the last
// complete record ends, so a line break inside a quoted field never cuts a
// block. A record longer than a block makes the block grow. The bytes after
// the cut start the next block. The first block always holds the file's
// first record whole (so a header line is in block 0).
//
// Not thread-safe (callers serialize Next); owns the open file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "common/status.h"
#include "storage/csv/csv_options.h"
#include "storage/csv/csv_record_scanner.h"

namespace copra::csv {

// A block of CSV text; the buffer is reused from block to block. kPadding
// bytes past `capacity` are allocated too, so scanners may read ahead.
struct CsvChunk {
  static constexpr size_t kPadding = 64;
  std::unique_ptr<char[]> data;
  size_t capacity = 0;
  size_t size = 0;

  // Grows the buffer to at least `n` bytes, keeping the first `size` bytes.
  void Reserve(size_t n);
};

class CsvChunkReader {
 public:
  static Result<std::unique_ptr<CsvChunkReader>> Open(const std::string& path, CsvOptions options,
                                                      size_t chunk_bytes);
  ~CsvChunkReader();

  // Fills *chunk with the next block: whole records, about chunk_bytes long
  // (the last block of the file may end without a line break). Returns
  // false at the end of the file.
  Result<bool> Next(CsvChunk* chunk);

  const std::string& path() const { return path_; }

 private:
  CsvChunkReader(std::string path, int fd, CsvOptions options, size_t chunk_bytes);
  // Length of the longest prefix of `data` made of complete records.
  size_t CompleteRecords(const char* data, size_t size);

  std::string path_;
  int fd_;
  CsvOptions options_;
  size_t chunk_bytes_;
  CsvRecordScanner scanner_;
  CsvChunk carry_;  // bytes after the last cut: the start of the next block
  bool eof_ = false;
  bool first_record_seen_ = false;
};

}  // namespace copra::csv
