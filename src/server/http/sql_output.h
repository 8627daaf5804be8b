// SqlOutput: the results of the statements of one POST /v1/sql request,
// rendered in GreptimeDB's JSON shape or as CSV.
//
// JSON (GreptimeDB-compatible):
//   {"code":0,"output":[{"records":{"schema":{"column_schemas":[{"name":"x",
//    "data_type":"Int64"}]},"rows":[[1]],"total_rows":1}}],"execution_time_ms":3}
//   statements without rows: {"affectedrows":N}; errors:
//   {"code":<GreptimeDB status code>,"error":"...","execution_time_ms":N}
// Values: integers and floats as JSON numbers (NaN/Infinity as strings),
// booleans, strings; TIMESTAMPs as integer ticks of their unit (GreptimeDB's
// convention; data_type names the unit), DATE, INTERVAL and BINARY as text.
//
// CSV (RFC 4180): one line per row of every row-returning statement;
// `with_names` adds a header line per result. Commands add nothing.
//
// Not thread-safe; one per request.
#pragma once

#include <cstdint>
#include <string>

#include "common/status.h"
#include "engine/query_result.h"

namespace copra {

// GreptimeDB's type name for a Copra type: "Int64", "Float64", "String",
// "TimestampMillisecond", "Date", ...
const char* GreptimeTypeName(const LogicalType& type);

// GreptimeDB's status code for an error (2000 InvalidSyntax, 4001
// TableNotFound, 3000 PlanQuery, ...).
int GreptimeStatusCode(ErrorCode code);
// The HTTP status for an error: 400 for bad requests and SQL errors, 500
// for internal and storage errors.
int HttpStatusFor(ErrorCode code);

class SqlJsonOutput {
 public:
  // Appends one statement's result, draining its batches.
  Status Add(QueryResult& result);
  // The response body.
  std::string Finish(int64_t execution_time_ms) const;
  // An error response body.
  static std::string Error(const Status& status, int64_t execution_time_ms);

 private:
  std::string outputs_;  // JSON objects separated by commas
  int count_ = 0;
};

class SqlCsvOutput {
 public:
  explicit SqlCsvOutput(bool with_names) : with_names_(with_names) {}
  Status Add(QueryResult& result);
  const std::string& body() const { return body_; }

 private:
  bool with_names_;
  std::string body_;
};

}  // namespace copra
