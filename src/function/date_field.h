// DateField: the unit / field names of date_trunc and extract/date_part
// ('hour', 'month', 'dow', ...), and the per-value computations behind
// them. Used by time.cpp; pure functions, thread-safe.
#pragma once

#include <cstdint>
#include <string_view>

#include "common/status.h"
#include "types/logical_type.h"

namespace copra {

enum class DateField {
  kMicrosecond,
  kMillisecond,
  kSecond,
  kMinute,
  kHour,
  kDay,
  kWeek,
  kMonth,
  kQuarter,
  kYear,
  kDecade,
  kCentury,
  kMillennium,
  kDow,      // day of week, Sunday = 0
  kIsoDow,   // Monday = 1 .. Sunday = 7
  kDoy,      // day of year, 1-based
  kEpoch,    // seconds since 1970-01-01 00:00:00 UTC
  kIsoYear,  // the ISO 8601 week-numbering year
};

// Case-insensitive, with PostgreSQL's spellings ("hours", "hr", "mon",
// "msec", ...). kInvalidParameter for an unknown name: `unit "fortnight" not
// recognized for type timestamp`; `for_type` names the type in messages.
Result<DateField> ParseDateField(std::string_view name, std::string_view for_type);

// date_trunc: CheckTruncField errors (kFeatureNotSupported) for fields
// that are not periods (dow, epoch, ...). TruncateTicks gives the start of
// the `field` period holding `ticks` (weeks start on Monday); false when
// that overflows.
Status CheckTruncField(DateField field, std::string_view name);
bool TruncateTicks(int64_t ticks, DateField field, TimeUnit unit, int64_t* out);
// The tick step of a field that is a fixed length in `unit` (second, hour,
// day, ...): 0 for calendar fields (week and longer).
int64_t FixedFieldTicks(DateField field, TimeUnit unit);

// extract(field FROM timestamp), as PostgreSQL computes it (second includes
// the fraction; millisecond/microsecond include the seconds).
double ExtractFromTicks(int64_t ticks, DateField field, TimeUnit unit);
// extract(field FROM interval). Errors for fields intervals lack (dow,
// doy, week, isodow, isoyear).
Status CheckIntervalField(DateField field, std::string_view name);
double ExtractFromInterval(const Interval& v, DateField field);

}  // namespace copra
