// CsvBatchBuilder: turns CSV records straight into typed columns, for
// COPY ... FROM (no text column per field, no per-value Value objects on
// the common path).
//
// Each field is converted to its column's type as CAST from text does
// (types/cast.h FromText rules): DOUBLE, REAL, integers, TIMESTAMP, DATE,
// BOOLEAN and STRING are parsed in place; other types, and any text the
// fast parsers do not take, go through CastValue, so results and error
// messages are exactly CAST's. A bad value is an error naming the file,
// the line and the column:
//   "<path>" line 7, column "v": invalid input syntax for type double: "x"
//
// Not thread-safe; one per COPY.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"
#include "storage/csv/csv_reader.h"
#include "vector/column_builder.h"

namespace copra::csv {

class CsvBatchBuilder {
 public:
  // `types`/`names`: the target column of each CSV field, in field order;
  // `rows_hint`: the rows a batch usually gets (buffers are sized for it).
  CsvBatchBuilder(std::string path, std::vector<LogicalType> types, std::vector<std::string> names,
                  int64_t rows_hint = 0);

  // Appends one record (exactly one field per target column) read at `line`.
  // On error nothing of the record is kept.
  Status Append(const std::vector<CsvField>& fields, int64_t line);

  int64_t rows() const { return rows_; }
  // Approximate bytes of the values appended since the last Finish.
  int64_t bytes() const { return bytes_; }

  // The columns built so far (one per target column), and a fresh start.
  std::vector<ColumnPtr> Finish();

 private:
  // Appends `text` to column `c`; false when the fast parser does not take it.
  bool AppendFast(size_t c, const std::string& text);

  std::string path_;
  std::vector<LogicalType> types_;
  std::vector<std::string> names_;
  std::vector<ColumnBuilder> builders_;
  int64_t rows_hint_ = 0;
  int64_t rows_ = 0;
  int64_t bytes_ = 0;
};

}  // namespace copra::csv
