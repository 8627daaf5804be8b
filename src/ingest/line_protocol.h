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
// Points are parsed into flat lists with names and values as views into the
// body (no heap object per point or per tag): the bulk ingest path.
#pragma once

#include <cstdint>
#include <deque>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace copra {

enum class LineFieldType : uint8_t { kFloat, kInteger, kUnsigned, kString, kBoolean };

// Names and string values are views into the request body, or into the
// result's own storage when they held escapes: a LineProtocolResult must not
// outlive the body it was parsed from.
struct LineField {
  std::string_view key;
  LineFieldType type = LineFieldType::kFloat;
  double float_value = 0;
  int64_t int_value = 0;
  uint64_t uint_value = 0;
  bool bool_value = false;
  std::string_view string_value;
};

struct LineTag {
  std::string_view key;
  std::string_view value;
};

// One point; its tags and fields are ranges of the result's lists (no
// allocation per point).
struct LinePoint {
  int line = 0;  // 1-based line number in the body
  std::string_view measurement;
  uint32_t tags_begin = 0, tags_end = 0;      // in LineProtocolResult::tag_list
  uint32_t fields_begin = 0, fields_end = 0;  // in LineProtocolResult::field_list
  int64_t timestamp_ns = 0;
};

struct LineError {
  int line = 0;
  std::string message;
};

struct LineProtocolResult {
  LineProtocolResult() = default;
  LineProtocolResult(LineProtocolResult&&) = default;
  LineProtocolResult& operator=(LineProtocolResult&&) = default;
  // Not copyable: the views would point into the original's storage.
  LineProtocolResult(const LineProtocolResult&) = delete;
  LineProtocolResult& operator=(const LineProtocolResult&) = delete;

  std::vector<LinePoint> points;
  std::vector<LineError> errors;
  std::vector<LineTag> tag_list;      // every point's tags, in input order
  std::vector<LineField> field_list;  // every point's fields, in input order
  std::deque<std::string> unescaped;  // names and values that held escapes

  std::span<const LineTag> tags(const LinePoint& p) const {
    return {tag_list.data() + p.tags_begin, p.tags_end - p.tags_begin};
  }
  std::span<const LineField> fields(const LinePoint& p) const {
    return {field_list.data() + p.fields_begin, p.fields_end - p.fields_begin};
  }
};

// Nanoseconds per unit of a precision name: "ns"/"n" 1, "us"/"u" 1e3,
// "ms" 1e6, "s" 1e9, "m" 60e9, "h" 3600e9; an empty name means "ns".
Result<int64_t> LinePrecisionNanos(std::string_view precision);

// Parses `body`. Timestamps are multiplied by `precision_nanos` (overflow is
// an error for that line); points without a timestamp get `default_time_ns`.
LineProtocolResult ParseLineProtocol(std::string_view body, int64_t precision_nanos,
                                     int64_t default_time_ns);

}  // namespace copra
