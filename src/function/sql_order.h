// SqlOrder<T>: SQL equality and ordering of one physical value type, shared
// by the comparison operators and greatest/least/nullif. Included only by
// kernel .cpp files.
//
// Numbers compare numerically, with PostgreSQL's float rule that NaN equals
// NaN and sorts above every other value; strings and binaries byte-wise
// (for UTF-8, code point order); intervals by their length with a month
// counted as 30 days, so '1 mon' = '30 days' as in PostgreSQL.
#pragma once

#include <string_view>
#include <type_traits>

#include "types/logical_type.h"

namespace copra {

template <typename T>
struct SqlOrder {
  static bool Eq(T a, T b) { return a == b; }
  static bool Lt(T a, T b) { return a < b; }
};

template <typename T>
  requires std::is_floating_point_v<T>
struct SqlOrder<T> {
  // Branch-free forms of "NaN = NaN, NaN > everything".
  static bool Eq(T a, T b) { return a == b || (a != a && b != b); }
  static bool Lt(T a, T b) { return a < b || (a == a && b != b); }
};

template <>
struct SqlOrder<Interval> {
  static constexpr int64_t kNanosPerDay = 86400LL * 1000000000LL;
  static __int128 Key(Interval v) {
    return static_cast<__int128>(v.months) * 30 * kNanosPerDay +
           static_cast<__int128>(v.days) * kNanosPerDay + v.nanos;
  }
  static bool Eq(Interval a, Interval b) { return Key(a) == Key(b); }
  static bool Lt(Interval a, Interval b) { return Key(a) < Key(b); }
};

}  // namespace copra
