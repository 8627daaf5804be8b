// Column chunk statistics: computing min/max/null_count over copra Columns
// while writing, and converting between copra Values and Parquet's PLAIN-
// encoded Statistics fields. Stateless functions and a small accumulator;
// single-threaded.
#pragma once

#include <optional>
#include <string>

#include "storage/parquet/file_info.h"
#include "storage/parquet/format.h"
#include "storage/parquet/type_mapping.h"
#include "vector/column.h"

namespace copra::parquet {

// Min/max longer than this many bytes (long strings) are not recorded.
inline constexpr size_t kMaxStatisticsBytes = 256;

class StatisticsAccumulator {
 public:
  explicit StatisticsAccumulator(LogicalType type) : type_(type) {}
  // Folds rows [offset, offset + length) of `col` (of the accumulator's type).
  void Update(const Column& col, int64_t offset, int64_t length);
  // Folds one STRING/BINARY value, or `n` NULLs (for writers that see each
  // distinct value of a run once).
  void AddString(std::string_view value);
  void AddNulls(int64_t n) { null_count_ += n; }
  // Folds another accumulator of the same type into this one.
  void Merge(const StatisticsAccumulator& other);
  // min/max (when known and recordable) and null_count so far.
  ColumnStatistics Get() const;

 private:
  void Fold(Value min, Value max);

  LogicalType type_;
  std::optional<Value> min_, max_;
  int64_t null_count_ = 0;
};

// Parquet Statistics for `stats` (min_value/max_value, plus the legacy
// min/max where their signed order agrees).
format::Statistics ToFormatStatistics(const ColumnDescriptor& desc, const ColumnStatistics& stats);
// copra statistics from a file's Statistics (absent or unusable fields give
// no min/max; a missing null_count reads as 0).
ColumnStatistics FromFormatStatistics(const ColumnDescriptor& desc,
                                      const std::optional<format::Statistics>& stats);

}  // namespace copra::parquet
