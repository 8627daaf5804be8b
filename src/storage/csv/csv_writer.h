// CsvWriter: writes rows of text fields as CSV (RFC 4180): fields holding
// the delimiter, the quote, a line break, leading/trailing spaces, or equal
// to the NULL spelling are quoted; NULL is written as the NULL spelling
// unquoted. Single-threaded; owns the output file, which Close() flushes
// and fsyncs.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "storage/csv/csv_options.h"
#include "vector/column.h"

namespace copra::csv {

class CsvWriter {
 public:
  static Result<std::unique_ptr<CsvWriter>> Create(const std::string& path, CsvOptions options);
  ~CsvWriter();

  Status WriteHeader(const std::vector<std::string>& names);
  // Writes `num_rows` rows; columns are STRING columns (one per CSV column).
  Status WriteRows(const std::vector<ColumnPtr>& columns, int64_t num_rows);
  Status Close();

 private:
  CsvWriter(std::string path, std::FILE* file, CsvOptions options)
      : path_(std::move(path)), file_(file), options_(std::move(options)) {}
  void AppendField(std::string_view text);
  Status Flush();

  std::string path_;
  std::FILE* file_;
  CsvOptions options_;
  std::string buffer_;
};

}  // namespace copra::csv
