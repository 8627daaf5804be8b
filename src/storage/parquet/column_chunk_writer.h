// ColumnChunkWriter: encodes the values of one column of one row group into
// Parquet pages (an optional dictionary page, then data pages), compressed,
// and gathers the chunk's statistics. FileWriter owns one per column while
// a row group is open; the finished chunk is handed back as bytes plus its
// ColumnMetaData (offsets relative to the chunk start). Single-threaded.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/status.h"
#include "storage/parquet/format.h"
#include "storage/parquet/statistics.h"
#include "storage/parquet/type_mapping.h"
#include "storage/parquet/writer_options.h"
#include "vector/column.h"

namespace copra::parquet {

struct FinishedChunk {
  std::string bytes;            // dictionary page (if any) + data pages
  format::ColumnMetaData meta;  // offsets relative to bytes[0]
  ColumnStatistics statistics;
  int64_t uncompressed_bytes = 0;  // page headers + uncompressed page bodies
  // Page index: data page locations (offsets relative to bytes[0]) and, when
  // every page with values has min/max, their statistics.
  format::OffsetIndex offset_index;
  std::optional<format::ColumnIndex> column_index;
};

class ColumnChunkWriter {
 public:
  ColumnChunkWriter(ColumnDescriptor desc, const WriterOptions& options);

  // Appends rows [offset, offset + length) of `col` (of the descriptor's
  // type). Errors: NULL in a NOT NULL column, values Parquet cannot hold.
  Status Append(const Column& col, int64_t offset, int64_t length);

  // Flushes the last page and returns the chunk; the writer is then reset
  // for the next row group.
  Result<FinishedChunk> Finish();

 private:
  struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  Status AppendValues(const Column& col, int64_t offset, int64_t length);
  Status FlushPage();
  Status WritePage(format::PageHeader header, const std::string& body, bool is_dictionary);
  void Reset();
  std::optional<format::ColumnIndex> BuildColumnIndex() const;

  ColumnDescriptor desc_;
  const WriterOptions& options_;
  format::Codec codec_;

  // Current page.
  std::vector<uint32_t> def_levels_;
  std::string plain_;               // PLAIN values (booleans one byte each)
  std::vector<uint32_t> dict_ids_;  // dictionary-encoded values
  int64_t page_rows_ = 0;

  // Dictionary of the chunk (STRING/BINARY only).
  bool use_dictionary_ = false;
  std::unordered_map<std::string, uint32_t, StringHash, std::equal_to<>> dict_index_;
  std::string dict_plain_;  // PLAIN encoding of the entries, in id order
  // The last value looked up (a key of dict_index_) and its id: sorted tag
  // columns repeat a value for many rows in a row.
  std::optional<std::string_view> last_dict_value_;
  uint32_t last_dict_id_ = 0;

  // Finished pages of the chunk.
  std::string data_pages_;
  std::string dictionary_page_;
  int64_t uncompressed_bytes_ = 0;
  int64_t num_values_ = 0;
  std::vector<format::Encoding> encodings_;
  StatisticsAccumulator stats_;
  StatisticsAccumulator page_stats_;
  // Per finished data page: statistics (as written) and row counts.
  format::OffsetIndex page_locations_;
  std::vector<ColumnStatistics> page_statistics_;
  std::vector<format::Statistics> page_format_statistics_;
  std::vector<int64_t> page_row_counts_;
  std::string scratch_;
};

}  // namespace copra::parquet
