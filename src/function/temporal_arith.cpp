#include "function/temporal_arith.h"

#include <algorithm>
#include <cmath>

namespace copra {

bool AddIntervalToTicks(int64_t t, const Interval& iv, int sign, TimeUnit unit, int64_t* out) {
  const int64_t tpd = TicksPerDay(unit);
  if (iv.months != 0) {
    int64_t days = FloorDiv(t, tpd);
    int64_t time_of_day = t % tpd;  // not t - days * tpd: that can overflow
    if (time_of_day < 0) time_of_day += tpd;
    CivilDate d = CivilFromDays(days);
    int64_t m = d.year * 12 + (d.month - 1) + sign * static_cast<int64_t>(iv.months);
    int64_t year = FloorDiv(m, 12);
    int month = static_cast<int>(m - year * 12) + 1;
    int day = std::min(d.day, DaysInMonth(year, month));
    if (__builtin_mul_overflow(DaysFromCivil(year, month, day), tpd, &t) ||
        __builtin_add_overflow(t, time_of_day, &t)) {
      return false;
    }
  }
  int64_t day_ticks;
  if (__builtin_mul_overflow(sign * static_cast<int64_t>(iv.days), tpd, &day_ticks) ||
      __builtin_add_overflow(t, day_ticks, &t)) {
    return false;
  }
  int64_t time_ticks = iv.nanos / NanosPerTick(unit);
  bool overflow = sign > 0 ? __builtin_add_overflow(t, time_ticks, &t)
                           : __builtin_sub_overflow(t, time_ticks, &t);
  *out = t;
  return !overflow;
}

bool SubtractTicks(int64_t a, int64_t b, TimeUnit unit, Interval* out) {
  int64_t diff;
  if (__builtin_sub_overflow(a, b, &diff)) return false;
  const int64_t tpd = TicksPerDay(unit);
  int64_t days = diff / tpd;  // truncating: the time part keeps diff's sign
  int64_t rest = diff % tpd;
  out->months = 0;
  out->nanos = rest * NanosPerTick(unit);
  return !__builtin_add_overflow(days, 0, &out->days);
}

bool ScaleInterval(const Interval& iv, double factor, Interval* out) {
  constexpr double kInt32Limit = 2147483648.0;
  constexpr double kInt64Limit = 9223372036854775808.0;
  double months = iv.months * factor;
  if (!std::isfinite(months) || std::fabs(months) >= kInt32Limit) return false;
  double whole_months = std::trunc(months);
  double days = iv.days * factor + (months - whole_months) * 30.0;
  if (!std::isfinite(days) || std::fabs(days) >= kInt32Limit) return false;
  double whole_days = std::trunc(days);
  double nanos = static_cast<double>(iv.nanos) * factor +
                 (days - whole_days) * static_cast<double>(kNanosPerDay);
  nanos = std::nearbyint(nanos);
  if (!std::isfinite(nanos) || std::fabs(nanos) >= kInt64Limit) return false;
  out->months = static_cast<int32_t>(whole_months);
  out->days = static_cast<int32_t>(whole_days);
  out->nanos = static_cast<int64_t>(nanos);
  return true;
}

}  // namespace copra
