// How `copra shell` writes results: the aligned table for people, CSV for
// spreadsheets and pipes, JSON lines for programs (benchmark and test
// drivers). Parsing of the --format flag lives here too.
//
// CsvPrinter and JsonPrinter follow TablePrinter's usage: construct with the
// result schema, AddBatch() each batch, then Finish() once. They are not
// thread-safe and write only to `out`; the caller flushes.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "common/status.h"
#include "vector/batch.h"

namespace copra {

enum class OutputFormat { kTable, kCsv, kJson };

// "table", "csv" or "json" (case-sensitive); std::nullopt otherwise.
std::optional<OutputFormat> ParseOutputFormat(std::string_view name);

// RFC 4180 CSV: a header line with the column names, then one line per row.
// NULL is an empty field; an empty string is "" so the two stay apart.
// Fields holding a comma, quote, CR or LF, or starting or ending with a
// space, are quoted (quotes doubled). Values use the shell's text form.
class CsvPrinter {
 public:
  CsvPrinter(std::ostream& out, SchemaPtr schema);
  void AddBatch(const Batch& batch);
  void Finish();

  int64_t rows() const { return rows_; }

 private:
  std::ostream& out_;
  SchemaPtr schema_;
  int64_t rows_ = 0;
};

// One JSON object per statement, on one line (the "JSON lines" framing, so a
// driver reads exactly one line per statement it sent):
//
//   {"columns":[{"name":"h","type":"TIMESTAMP(3)"},...],"rows":[[...],...],"ms":1.25}
//   {"tag":"INSERT 0 2","rows_affected":2,"ms":0.5}
//   {"error":"...","sqlstate":"42601","line":1,"column":8}
//
// Values: null; true/false; integers as JSON integers; floats in shortest
// round-trip form, non-finite ones as the strings "NaN", "Infinity",
// "-Infinity"; strings as JSON strings; every other type (timestamps, dates,
// intervals, binary) as its text form string, e.g. "2016-01-01 00:00:00.000".
// "ms" is the statement's wall time in the shell, including writing its rows.
class JsonPrinter {
 public:
  JsonPrinter(std::ostream& out, SchemaPtr schema);
  void AddBatch(const Batch& batch);
  // Closes the object with the statement's time in milliseconds.
  void Finish(double ms);

  int64_t rows() const { return rows_; }

  // A statement that returns no rows.
  static void PrintCommand(std::ostream& out, const std::string& tag, int64_t rows_affected,
                           double ms);
  // A failed statement. REQUIRES: !status.ok().
  static void PrintError(std::ostream& out, const Status& status);

 private:
  std::ostream& out_;
  SchemaPtr schema_;
  int64_t rows_ = 0;
};

}  // namespace copra
