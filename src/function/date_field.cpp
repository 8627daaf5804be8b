#include "function/date_field.h"

#include <fmt/format.h>

#include <cctype>
#include <string>

#include "function/temporal_arith.h"
#include "types/time_format.h"

namespace copra {

namespace {

struct FieldName {
  const char* name;
  DateField field;
};

constexpr FieldName kFieldNames[] = {
    {"microsecond", DateField::kMicrosecond}, {"microseconds", DateField::kMicrosecond},
    {"us", DateField::kMicrosecond},          {"usec", DateField::kMicrosecond},
    {"usecs", DateField::kMicrosecond},       {"useconds", DateField::kMicrosecond},
    {"millisecond", DateField::kMillisecond}, {"milliseconds", DateField::kMillisecond},
    {"ms", DateField::kMillisecond},          {"msec", DateField::kMillisecond},
    {"msecs", DateField::kMillisecond},       {"mseconds", DateField::kMillisecond},
    {"second", DateField::kSecond},           {"seconds", DateField::kSecond},
    {"s", DateField::kSecond},                {"sec", DateField::kSecond},
    {"secs", DateField::kSecond},             {"minute", DateField::kMinute},
    {"minutes", DateField::kMinute},          {"m", DateField::kMinute},
    {"min", DateField::kMinute},              {"mins", DateField::kMinute},
    {"hour", DateField::kHour},               {"hours", DateField::kHour},
    {"h", DateField::kHour},                  {"hr", DateField::kHour},
    {"hrs", DateField::kHour},                {"day", DateField::kDay},
    {"days", DateField::kDay},                {"d", DateField::kDay},
    {"week", DateField::kWeek},               {"weeks", DateField::kWeek},
    {"w", DateField::kWeek},                  {"month", DateField::kMonth},
    {"months", DateField::kMonth},            {"mon", DateField::kMonth},
    {"mons", DateField::kMonth},              {"quarter", DateField::kQuarter},
    {"qtr", DateField::kQuarter},             {"year", DateField::kYear},
    {"years", DateField::kYear},              {"y", DateField::kYear},
    {"yr", DateField::kYear},                 {"yrs", DateField::kYear},
    {"decade", DateField::kDecade},           {"decades", DateField::kDecade},
    {"century", DateField::kCentury},         {"centuries", DateField::kCentury},
    {"millennium", DateField::kMillennium},   {"millennia", DateField::kMillennium},
    {"millenniums", DateField::kMillennium},  {"dow", DateField::kDow},
    {"isodow", DateField::kIsoDow},           {"doy", DateField::kDoy},
    {"epoch", DateField::kEpoch},             {"isoyear", DateField::kIsoYear},
};

// PostgreSQL numbers years without a year 0: astronomical year 0 is 1 BC,
// which extract() reports as -1.
int64_t DisplayYear(int64_t year) { return year > 0 ? year : year - 1; }

// Days since the epoch of the Thursday in the ISO week holding `days`.
int64_t IsoThursday(int64_t days) {
  int64_t monday_based = FloorMod(days + 3, 7);  // 1970-01-01 was a Thursday
  return days - monday_based + 3;
}

}  // namespace

Result<DateField> ParseDateField(std::string_view name, std::string_view for_type) {
  std::string lower;
  for (char c : name) {
    if (c != ' ') lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  for (const FieldName& f : kFieldNames) {
    if (lower == f.name) return f.field;
  }
  return Status::Error(ErrorCode::kInvalidParameter,
                       fmt::format("unit \"{}\" not recognized for type {}", name, for_type));
}

Status CheckTruncField(DateField field, std::string_view name) {
  switch (field) {
    case DateField::kDow:
    case DateField::kIsoDow:
    case DateField::kDoy:
    case DateField::kEpoch:
    case DateField::kIsoYear:
      return Status::Error(ErrorCode::kFeatureNotSupported,
                           fmt::format("unit \"{}\" not supported for date_trunc", name));
    default: return Status::OK();
  }
}

int64_t FixedFieldTicks(DateField field, TimeUnit unit) {
  const int64_t tps = TicksPerSecond(unit);
  switch (field) {
    case DateField::kMicrosecond: return tps >= 1000000 ? tps / 1000000 : 1;
    case DateField::kMillisecond: return tps >= 1000 ? tps / 1000 : 1;
    case DateField::kSecond: return tps;
    case DateField::kMinute: return 60 * tps;
    case DateField::kHour: return 3600 * tps;
    case DateField::kDay: return kSecondsPerDay * tps;
    default: return 0;
  }
}

bool TruncateTicks(int64_t ticks, DateField field, TimeUnit unit, int64_t* out) {
  int64_t step = FixedFieldTicks(field, unit);
  if (step > 0) return !__builtin_mul_overflow(FloorDiv(ticks, step), step, out);
  const int64_t tpd = TicksPerDay(unit);
  int64_t days = FloorDiv(ticks, tpd);
  int64_t start_day;
  if (field == DateField::kWeek) {
    start_day = days - FloorMod(days + 3, 7);  // back to Monday
  } else {
    CivilDate d = CivilFromDays(days);
    int64_t year = d.year;
    int month = 1;
    switch (field) {
      case DateField::kMonth: month = d.month; break;
      case DateField::kQuarter: month = (d.month - 1) / 3 * 3 + 1; break;
      case DateField::kYear: break;
      case DateField::kDecade: year = FloorDiv(year, 10) * 10; break;
      // Centuries and millennia start in years ending in 1 (2001-01-01).
      case DateField::kCentury: year = FloorDiv(year - 1, 100) * 100 + 1; break;
      case DateField::kMillennium: year = FloorDiv(year - 1, 1000) * 1000 + 1; break;
      default: break;
    }
    start_day = DaysFromCivil(year, month, 1);
  }
  return !__builtin_mul_overflow(start_day, tpd, out);
}

double ExtractFromTicks(int64_t ticks, DateField field, TimeUnit unit) {
  const int64_t tps = TicksPerSecond(unit);
  const int64_t tpd = TicksPerDay(unit);
  int64_t days = FloorDiv(ticks, tpd);
  int64_t time_of_day = ticks % tpd;  // not ticks - days * tpd: that can overflow
  if (time_of_day < 0) time_of_day += tpd;
  int64_t in_minute = time_of_day % (60 * tps);
  switch (field) {
    case DateField::kMicrosecond: return static_cast<double>(in_minute) * 1e6 / tps;
    case DateField::kMillisecond: return static_cast<double>(in_minute) * 1e3 / tps;
    case DateField::kSecond: return static_cast<double>(in_minute) / tps;
    case DateField::kMinute: return static_cast<double>(time_of_day / (60 * tps) % 60);
    case DateField::kHour: return static_cast<double>(time_of_day / (3600 * tps));
    case DateField::kDow: return static_cast<double>(FloorMod(days + 4, 7));
    case DateField::kIsoDow: return static_cast<double>(FloorMod(days + 3, 7) + 1);
    case DateField::kEpoch: {
      int64_t secs = FloorDiv(ticks, tps);
      return static_cast<double>(secs) + static_cast<double>(ticks - secs * tps) / tps;
    }
    case DateField::kWeek:
    case DateField::kIsoYear: {
      int64_t thursday = IsoThursday(days);
      int64_t iso_year = CivilFromDays(thursday).year;
      if (field == DateField::kIsoYear) return static_cast<double>(DisplayYear(iso_year));
      return static_cast<double>((thursday - DaysFromCivil(iso_year, 1, 1)) / 7 + 1);
    }
    default: break;
  }
  CivilDate d = CivilFromDays(days);
  switch (field) {
    case DateField::kDay: return d.day;
    case DateField::kMonth: return d.month;
    case DateField::kQuarter: return (d.month - 1) / 3 + 1;
    case DateField::kYear: return static_cast<double>(DisplayYear(d.year));
    case DateField::kDoy: return static_cast<double>(days - DaysFromCivil(d.year, 1, 1) + 1);
    case DateField::kDecade: return static_cast<double>(FloorDiv(d.year, 10));
    case DateField::kCentury:
      return static_cast<double>(d.year > 0 ? (d.year + 99) / 100 : -((99 - (d.year - 1)) / 100));
    case DateField::kMillennium:
      return static_cast<double>(d.year > 0 ? (d.year + 999) / 1000
                                            : -((999 - (d.year - 1)) / 1000));
    default: return 0;
  }
}

Status CheckIntervalField(DateField field, std::string_view name) {
  switch (field) {
    case DateField::kDow:
    case DateField::kIsoDow:
    case DateField::kDoy:
    case DateField::kWeek:
    case DateField::kIsoYear:
      return Status::Error(ErrorCode::kFeatureNotSupported,
                           fmt::format("unit \"{}\" not supported for type interval", name));
    default: return Status::OK();
  }
}

double ExtractFromInterval(const Interval& v, DateField field) {
  constexpr int64_t kNanosPerMinute = 60 * kNanosPerSecond;
  int64_t in_minute = v.nanos % kNanosPerMinute;
  int64_t years = v.months / 12;
  switch (field) {
    case DateField::kMicrosecond: return static_cast<double>(in_minute) / 1e3;
    case DateField::kMillisecond: return static_cast<double>(in_minute) / 1e6;
    case DateField::kSecond: return static_cast<double>(in_minute) / 1e9;
    case DateField::kMinute: return static_cast<double>(v.nanos / kNanosPerMinute % 60);
    case DateField::kHour: return static_cast<double>(v.nanos / (60 * kNanosPerMinute));
    case DateField::kDay: return v.days;
    case DateField::kMonth: return v.months % 12;
    case DateField::kQuarter: return (v.months % 12) / 3 + 1;
    case DateField::kYear: return static_cast<double>(years);
    case DateField::kDecade: return static_cast<double>(years / 10);
    case DateField::kCentury: return static_cast<double>(years / 100);
    case DateField::kMillennium: return static_cast<double>(years / 1000);
    case DateField::kEpoch:
      // PostgreSQL: a year is 365.25 days, a month 30 days.
      return static_cast<double>(years) * 365.25 * kSecondsPerDay +
             static_cast<double>(v.months % 12) * 30 * kSecondsPerDay +
             static_cast<double>(v.days) * kSecondsPerDay + static_cast<double>(v.nanos) / 1e9;
    default: return 0;
  }
}

}  // namespace copra
