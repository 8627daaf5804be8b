// Text <-> time values: timestamps, dates and intervals, all in UTC.
//
// Calendar arithmetic is the proleptic Gregorian calendar on plain integers;
// no time zone database is involved. Input offsets ("+08:00", "Z") are
// applied while parsing, so every stored timestamp is UTC.
//
// Used by casts (types/cast.h), Value::ToString, the SQL literal binder and
// time functions (date_bin, TTL). Pure functions; thread-safe.
//
// Errors are kInvalidDatetime with a message quoting the bad text, e.g.
//   invalid input syntax for type timestamp: "2016-13-01"
// Out-of-range results are kNumericOverflow.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"
#include "types/logical_type.h"

namespace copra {

inline constexpr int64_t kSecondsPerDay = 86400;
inline constexpr int64_t kNanosPerSecond = 1000000000;
inline constexpr int64_t kNanosPerDay = kSecondsPerDay * kNanosPerSecond;

// Floor division and modulo (rounding toward negative infinity), the right
// thing for splitting pre-1970 ticks into days and time of day.
// REQUIRES: b > 0.
inline int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && a < 0) ? q - 1 : q;
}
inline int64_t FloorMod(int64_t a, int64_t b) {
  int64_t r = a % b;
  return r < 0 ? r + b : r;
}

struct CivilDate {
  int64_t year = 1970;  // astronomical: year 0 is 1 BC
  int month = 1;        // 1..12
  int day = 1;          // 1..31
};

// Days since 1970-01-01 of a valid civil date (no range check).
int64_t DaysFromCivil(int64_t year, int month, int day);
CivilDate CivilFromDays(int64_t days);
bool IsLeapYear(int64_t year);
int DaysInMonth(int64_t year, int month);

// "2016-01-01", "2016-01-01 00:00:00", "2016-01-01T00:00:00.123456Z",
// "2016-01-01 08:00:00+08:00"; offsets "+08", "+0800", "+08:00", "Z",
// " UTC"; up to 9 fractional digits; "epoch"; a trailing " BC".
// Fractions finer than `unit` are truncated toward negative infinity.
Result<int64_t> ParseTimestamp(std::string_view text, TimeUnit unit);
// "2016-01-01" (a time part, if present, is dropped). Days since the epoch.
Result<int32_t> ParseDate(std::string_view text);
// PostgreSQL style: "1 day", "2 hours 30 minutes", "1 mon", "-1 week",
// "3 days 04:05:06", "1h", "30s", "7d", "500ms", "1 year 2 mons", "... ago";
// ISO 8601: "P1DT2H", "PT0.5S", "P1Y2M3W". A bare number means seconds.
Result<Interval> ParseInterval(std::string_view text);

// "2016-01-01 00:00:00.123" (fraction trimmed of trailing zeros, omitted
// when zero; " BC" for years before 1).
std::string FormatTimestamp(int64_t ticks, TimeUnit unit);
// "2016-01-01".
std::string FormatDate(int64_t days);
// PostgreSQL's default style: "1 year 2 mons 3 days 04:05:06.5",
// "-1 days +02:00:00", "00:00:00".
std::string FormatInterval(const Interval& v);

// The fixed length of an interval in nanoseconds (a day is 24 hours).
// Errors (kInvalidParameter) when months != 0, since months vary in length;
// kNumericOverflow if it does not fit in int64.
Result<int64_t> IntervalToNanos(const Interval& v);

// Converts timestamp ticks between units: exact when `to` is finer
// (kNumericOverflow when out of range), floored when coarser.
Result<int64_t> ConvertTimeUnit(int64_t ticks, TimeUnit from, TimeUnit to);

}  // namespace copra
