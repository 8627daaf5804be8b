// FileInfo: what a Parquet file holds, per row group and column: row counts,
// sizes and min/max/null_count statistics as copra Values. Returned by
// FileWriter::Close() and FileReader::info(). Plain data.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "types/value.h"

namespace copra::parquet {

// Statistics of one column chunk. min/max are absent when the chunk has no
// non-null values, when the writer did not record them (e.g. very long
// strings, INTERVAL) or when the order is not known; they are of the
// column's copra type. NaN is never a min or max.
struct ColumnStatistics {
  std::optional<Value> min, max;
  int64_t null_count = 0;
};

// One data page of a column chunk, from the file's page index
// (ColumnIndex + OffsetIndex).
struct PageInfo {
  int64_t first_row = 0;  // within the row group
  int64_t num_rows = 0;
  int64_t offset = 0;           // of the page header in the file
  int64_t compressed_size = 0;  // header + page
  // min/max/null_count when the file has a ColumnIndex for the chunk
  // (null_count 0 and no min/max otherwise; null_count -1 when the
  // ColumnIndex leaves it out).
  ColumnStatistics statistics;
  bool has_statistics = false;
};

// Rows [begin, end) of a row group (or column chunk).
struct RowRange {
  int64_t begin = 0;
  int64_t end = 0;
};

// Data pages of the column chunks a read touched: decompressed and decoded,
// and skipped (never read from the file, or passed over by header).
struct PageCounts {
  int64_t decoded = 0;
  int64_t skipped = 0;
};

struct RowGroupInfo {
  int64_t num_rows = 0;
  // Uncompressed size of the row group's column data.
  int64_t total_byte_size = 0;
  // One per file column, in file column order.
  std::vector<ColumnStatistics> columns;
};

struct FileInfo {
  int64_t num_rows = 0;
  int64_t file_bytes = 0;
  std::vector<RowGroupInfo> row_groups;
};

}  // namespace copra::parquet
