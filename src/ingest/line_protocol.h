// InfluxDB line protocol parser.
//
//   measurement[,tag=value...] field=value[,field=value...] [timestamp]
//
// One point per line; blank lines and lines starting with '#' are skipped.
// Escapes follow InfluxDB: in measurements `\,` and `\ `; in tag keys, tag
// values and field keys `\,` `\=` `\ `; in string field values `\"` and
// `\\`. Field values: floats (`1`, `1.5`, `-3e2`), integers with an `i`
// suffix (`42i`), unsigned integers with `u` (`42u`), strings in double
// quotes (may span lines), booleans (`t T true True TRUE f F false False
// FALSE`). The timestamp is an integer in the request's precision; points
// without one get `default_time`.
//
// A malformed line is reported with its line number and does not stop the
// others: ParseLineProtocol returns every good point and every bad line.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace copra {

enum class LineFieldType : uint8_t { kFloat, kInteger, kUnsigned, kString, kBoolean };

struct LineField {
  std::string key;
  LineFieldType type = LineFieldType::kFloat;
  double float_value = 0;
  int64_t int_value = 0;
  uint64_t uint_value = 0;
  bool bool_value = false;
  std::string string_value;
};

struct LinePoint {
  int line = 0;  // 1-based line number in the body
  std::string measurement;
  std::vector<std::pair<std::string, std::string>> tags;  // in input order
  std::vector<LineField> fields;
  int64_t timestamp_ns = 0;
};

struct LineError {
  int line = 0;
  std::string message;
};

struct LineProtocolResult {
  std::vector<LinePoint> points;
  std::vector<LineError> errors;
};

// Nanoseconds per unit of a precision name: "ns"/"n" 1, "us"/"u" 1e3,
// "ms" 1e6, "s" 1e9, "m" 60e9, "h" 3600e9; an empty name means "ns".
Result<int64_t> LinePrecisionNanos(std::string_view precision);

// Parses `body`. Timestamps are multiplied by `precision_nanos` (overflow is
// an error for that line); points without a timestamp get `default_time_ns`.
LineProtocolResult ParseLineProtocol(std::string_view body, int64_t precision_nanos,
                                     int64_t default_time_ns);

}  // namespace copra
