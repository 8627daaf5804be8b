// Timestamp and interval arithmetic shared by the arithmetic operators
// (ts + interval, ts - ts) and the time functions (date_trunc, date_bin,
// extract). Timestamps are int64 ticks of a TimeUnit since the Unix epoch,
// UTC; calendar math is proleptic Gregorian (types/time_format.h).
// Each function returns false when the result does not fit. Pure;
// thread-safe.
#pragma once

#include <cstdint>

#include "types/logical_type.h"
#include "types/time_format.h"

namespace copra {

// Ticks per second of `unit` (inline: used in per-row loops).
inline constexpr int64_t TicksPerSecond(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kSecond: return 1;
    case TimeUnit::kMillisecond: return 1000;
    case TimeUnit::kMicrosecond: return 1000000;
    case TimeUnit::kNanosecond: return 1000000000;
  }
  return 1;
}
inline constexpr int64_t TicksPerDay(TimeUnit unit) { return TicksPerSecond(unit) * kSecondsPerDay; }
inline constexpr int64_t NanosPerTick(TimeUnit unit) {
  return kNanosPerSecond / TicksPerSecond(unit);
}

// ticks + sign * iv (sign is +1 or -1), PostgreSQL's order: months by the
// calendar (the day clamped to the month's end: Jan 31 + 1 month = Feb 29
// in a leap year), then days as 24 hours, then the time part, truncated
// toward zero to `unit`.
bool AddIntervalToTicks(int64_t ticks, const Interval& iv, int sign, TimeUnit unit, int64_t* out);

// a - b as an interval of whole days plus a time part of the same sign
// ("1 day 02:00:00", "-1 days -02:00:00"), as PostgreSQL subtracts
// timestamps. Never has months.
bool SubtractTicks(int64_t a, int64_t b, TimeUnit unit, Interval* out);

// iv * factor, PostgreSQL style: the fractional part of months spills into
// days (30 days a month), that of days into the time part.
bool ScaleInterval(const Interval& iv, double factor, Interval* out);

}  // namespace copra
