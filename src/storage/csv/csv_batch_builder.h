// CsvBatchBuilder: turns CSV records straight into typed columns, for
// COPY ... FROM (no text column per field, no per-value Value objects on
// the common path).
//
// Each field is converted to its column's type as CAST from text does
// (types/cast.h FromText rules): DOUBLE, REAL, integers, TIMESTAMP, DATE,
// BOOLEAN and STRING are parsed in place, into buffers sized for a batch;
// other types, and any text the fast parsers do not take, go through
// CastValue, so results and error messages are exactly CAST's. A bad value
// is an error naming the column (and, through Append, the file and line):
//   "<path>" line 7, column "v": invalid input syntax for type double: "x"
//
// Not thread-safe; one per thread. Finish hands the columns over.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "storage/csv/csv_reader.h"
#include "storage/csv/csv_record_scanner.h"
#include "vector/column_builder.h"

namespace copra::csv {

class CsvBatchBuilder {
 public:
  // `types`/`names`: the target column of each CSV field, in field order;
  // `rows_hint`: the rows a batch usually gets (buffers are sized for it).
  CsvBatchBuilder(std::string path, std::vector<LogicalType> types, std::vector<std::string> names,
                  int64_t rows_hint = 0);
  ~CsvBatchBuilder();

  // Appends one record (exactly one field per target column) read at `line`.
  // On error nothing of the record is kept; the message names the file,
  // the line and the column.
  Status Append(const std::vector<CsvField>& fields, int64_t line);

  // Appends one record of exactly types().size() fields. On error nothing
  // of the record is kept and the message is `, column "c": <CAST's
  // message>`, for the caller to put the file and line in front.
  Status AppendRecord(const CsvFieldView* fields);

  int64_t rows() const { return rows_; }
  // Approximate bytes of the values appended since the last Finish.
  int64_t bytes() const { return bytes_; }
  // Rows the buffers of the next batch are sized for.
  void set_rows_hint(int64_t rows) { rows_hint_ = rows; }

  // The columns built so far (one per target column), and a fresh start.
  std::vector<ColumnPtr> Finish();

 private:
  struct Column;
  // Makes room for one more row in every column.
  void Grow();
  // CAST's conversion of `text` into column `c` at row rows_ (or staged
  // for commit); the error has the column's name.
  Status AppendSlow(size_t c, std::string_view text);
  void ResetBuffers();

  std::string path_;
  std::vector<LogicalType> types_;
  std::vector<std::string> names_;
  std::vector<std::unique_ptr<Column>> columns_;
  int64_t rows_hint_ = 0;
  int64_t capacity_ = 0;  // rows the fixed-width buffers hold
  int64_t rows_ = 0;
  int64_t bytes_ = 0;
  std::vector<CsvFieldView> views_;  // Append's record as views
};

}  // namespace copra::csv
