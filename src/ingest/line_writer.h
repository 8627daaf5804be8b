// LineProtocolWriter: writes parsed InfluxDB line-protocol points into the
// tables of the session's current database, as GreptimeDB does:
//
//   measurement → table        tag → STRING tag column (PRIMARY KEY)
//   field → field column       timestamp → the time index
//
// A missing table is created (CREATE TABLE IF NOT EXISTS through the
// session, so the normal DDL path chooses the engine) with the tags as the
// primary key, the fields typed DOUBLE / BIGINT / BIGINT UNSIGNED / STRING /
// BOOLEAN, and a time index `greptime_timestamp TIMESTAMP(9)`. An existing
// table takes values by column name, cast to the column's type, and the
// timestamp converted to its time index unit. Tags and fields the table
// lacks are added first (ALTER TABLE ... ADD COLUMN IF NOT EXISTS through
// the session: a new tag becomes a STRING tag column, a new field a column
// of its first value's type), so concurrent writers adding the same column
// both succeed.
//
// Partial failure: a line whose values do not fit the table (unknown
// column, a value that does not cast, a NULL in a NOT NULL column) is
// reported with its line number and skipped; the other lines are written.
// Each table gets its rows in one Insert, so a table either takes all of a
// request's good lines for it or (on a storage error) none.
//
// Not thread-safe (uses the session); one writer per request.
#pragma once

#include <cstdint>
#include <vector>

#include "common/status.h"
#include "ingest/line_protocol.h"

namespace copra {

class Session;

struct LineWriteResult {
  int64_t rows_written = 0;
  std::vector<LineError> errors;  // in line order
};

// The time index column of tables created by line-protocol writes.
inline constexpr const char* kLineTimeIndexColumn = "greptime_timestamp";

class LineProtocolWriter {
 public:
  explicit LineProtocolWriter(Session* session) : session_(session) {}

  // Errors for the whole request (e.g. the database does not exist) are
  // returned as a Status; per-line problems go to the result.
  // `parsed` (and the body it views) must outlive the call only.
  Result<LineWriteResult> Write(const LineProtocolResult& parsed);

 private:
  Session* session_;
};

}  // namespace copra
