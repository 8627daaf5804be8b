// WriterOptions: how FileWriter lays out and compresses a Parquet file.
// Plain data, copied freely; no thread-safety concerns.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace copra::parquet {

// Page compression codec. kLz4 is Parquet's LZ4_RAW (a bare LZ4 block).
enum class Compression { kUncompressed, kSnappy, kZstd, kLz4 };

// "uncompressed", "snappy", "zstd", "lz4".
const char* CompressionName(Compression c);

struct WriterOptions {
  Compression compression = Compression::kZstd;
  // Rows per row group (the last one may be smaller).
  int64_t row_group_rows = 1 << 20;
  // Target uncompressed size of one data page.
  int64_t page_bytes = 1 << 20;
  // Most rows in one data page (0: no limit): smaller pages let readers
  // skip more by the page index, at some cost in compression.
  int64_t page_rows = 0;
  // Write the page index (ColumnIndex + OffsetIndex); off only to produce
  // files like older writers' (tests).
  bool page_index = true;
  // Dictionary-encode STRING/BINARY columns; falls back to PLAIN for the rest
  // of a column chunk once the dictionary grows too big.
  bool dictionary = true;
  // DELTA_BINARY_PACKED for TIMESTAMP and 64-bit integer pages when it is
  // smaller than PLAIN.
  bool delta_timestamps = true;
  // Threads that encode and compress the column chunks of a row group, the
  // writing thread included: the file's bytes are the same for any number.
  int encode_threads = 1;
  // Stored in FileMetaData.key_value_metadata.
  std::vector<std::pair<std::string, std::string>> key_value_metadata;
};

}  // namespace copra::parquet
