// Interval text forms and durations (declared in types/time_format.h).
#include <fmt/format.h>

#include <cctype>
#include <cstdlib>
#include <limits>
#include <string>

#include "types/time_format.h"

namespace copra {
namespace {

enum class Unit {
  kNano, kMicro, kMilli, kSecond, kMinute, kHour, kDay, kWeek, kMonth, kYear,
  kDecade, kCentury, kMillennium,
};

struct UnitName {
  const char* name;
  Unit unit;
};

// PostgreSQL's unit words and abbreviations, plus the short forms of
// Prometheus/GreptimeDB durations ("500ms", "7d").
constexpr UnitName kUnitNames[] = {
    {"ns", Unit::kNano}, {"nsec", Unit::kNano}, {"nsecs", Unit::kNano},
    {"nanosecond", Unit::kNano}, {"nanoseconds", Unit::kNano},
    {"us", Unit::kMicro}, {"usec", Unit::kMicro}, {"usecs", Unit::kMicro},
    {"microsecond", Unit::kMicro}, {"microseconds", Unit::kMicro},
    {"ms", Unit::kMilli}, {"msec", Unit::kMilli}, {"msecs", Unit::kMilli},
    {"millisecond", Unit::kMilli}, {"milliseconds", Unit::kMilli},
    {"s", Unit::kSecond}, {"sec", Unit::kSecond}, {"secs", Unit::kSecond},
    {"second", Unit::kSecond}, {"seconds", Unit::kSecond},
    {"m", Unit::kMinute}, {"min", Unit::kMinute}, {"mins", Unit::kMinute},
    {"minute", Unit::kMinute}, {"minutes", Unit::kMinute},
    {"h", Unit::kHour}, {"hr", Unit::kHour}, {"hrs", Unit::kHour},
    {"hour", Unit::kHour}, {"hours", Unit::kHour},
    {"d", Unit::kDay}, {"day", Unit::kDay}, {"days", Unit::kDay},
    {"w", Unit::kWeek}, {"week", Unit::kWeek}, {"weeks", Unit::kWeek},
    {"mon", Unit::kMonth}, {"mons", Unit::kMonth}, {"month", Unit::kMonth},
    {"months", Unit::kMonth},
    {"y", Unit::kYear}, {"yr", Unit::kYear}, {"yrs", Unit::kYear}, {"year", Unit::kYear},
    {"years", Unit::kYear},
    {"decade", Unit::kDecade}, {"decades", Unit::kDecade},
    {"century", Unit::kCentury}, {"centuries", Unit::kCentury},
    {"millennium", Unit::kMillennium}, {"millennia", Unit::kMillennium},
    {"millenniums", Unit::kMillennium},
};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }
bool IsSpace(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

// A decimal number split exactly into an integer part and billionths.
struct Decimal {
  int64_t whole = 0;
  int64_t billionths = 0;  // [0, 1e9)
};

// Sums the three fields wide, so overflow is detected once at the end.
struct Accumulator {
  __int128 months = 0;
  __int128 days = 0;
  __int128 nanos = 0;

  // Adds sign * number * unit, carrying fractions down PostgreSQL's way:
  // a fractional month is 30 days, a fractional day 24 hours; fractional
  // years keep whole months only.
  void Add(const Decimal& d, Unit unit, int sign) {
    __int128 w = static_cast<__int128>(d.whole) * sign;
    __int128 f = static_cast<__int128>(d.billionths) * sign;  // billionths
    constexpr int64_t kB = kNanosPerSecond;                  // 1e9 billionths = 1
    switch (unit) {
      case Unit::kNano: nanos += w; break;
      case Unit::kMicro: nanos += w * 1000 + f * 1000 / kB; break;
      case Unit::kMilli: nanos += w * 1000000 + f * 1000000 / kB; break;
      case Unit::kSecond: nanos += w * kB + f; break;
      case Unit::kMinute: nanos += w * 60 * kB + f * 60; break;
      case Unit::kHour: nanos += w * 3600 * kB + f * 3600; break;
      case Unit::kDay: AddDays(w, f); break;
      case Unit::kWeek: AddDays(w * 7, f * 7); break;
      case Unit::kMonth: AddMonths(w, f); break;
      case Unit::kYear: months += w * 12 + f * 12 / kB; break;
      case Unit::kDecade: months += w * 120 + f * 120 / kB; break;
      case Unit::kCentury: months += w * 1200 + f * 1200 / kB; break;
      case Unit::kMillennium: months += w * 12000 + f * 12000 / kB; break;
    }
  }
  // `frac` is in billionths of a day and may exceed one day.
  void AddDays(__int128 whole, __int128 frac) {
    days += whole + frac / kNanosPerSecond;
    nanos += frac % kNanosPerSecond * kSecondsPerDay;
  }
  void AddMonths(__int128 whole, __int128 frac) {
    months += whole;
    AddDays(0, frac * 30);
  }
};

struct Parser {
  std::string_view s;
  size_t pos = 0;

  char Peek(size_t ahead = 0) const { return pos + ahead < s.size() ? s[pos + ahead] : '\0'; }
  void SkipSpaces() {
    while (pos < s.size() && IsSpace(s[pos])) ++pos;
  }
  // [digits][.digits], at least one digit. Digits past the ninth decimal
  // are dropped.
  bool Number(Decimal* out) {
    size_t start = pos;
    int64_t whole = 0;
    int int_digits = 0;
    while (IsDigit(Peek())) {
      if (++int_digits > 18) return false;
      whole = whole * 10 + (Peek() - '0');
      ++pos;
    }
    int64_t frac = 0;
    int frac_digits = 0;
    if (Peek() == '.' && (int_digits > 0 || IsDigit(Peek(1)))) {
      ++pos;
      while (IsDigit(Peek())) {
        if (frac_digits < 9) {
          frac = frac * 10 + (Peek() - '0');
          ++frac_digits;
        }
        ++pos;
      }
    }
    if (Peek() == '.') return false;  // "1..5"
    for (int i = frac_digits; i < 9; ++i) frac *= 10;
    out->whole = whole;
    out->billionths = frac;
    return pos > start && (int_digits > 0 || frac_digits > 0);
  }
  std::string Word() {
    std::string w;
    while (IsAlpha(Peek())) {
      w += static_cast<char>(std::tolower(static_cast<unsigned char>(Peek())));
      ++pos;
    }
    return w;
  }
  // After an integer `hours` and a ':': MM[:SS[.f]].
  bool TimeField(const Decimal& hours, int sign, Accumulator* acc) {
    if (hours.billionths != 0) return false;
    Decimal minutes, seconds;
    size_t start = pos;
    if (!Number(&minutes) || minutes.billionths != 0 || pos - start > 2 || minutes.whole > 59) {
      return false;
    }
    if (Peek() == ':') {
      ++pos;
      start = pos;
      if (!Number(&seconds) || seconds.whole > 59 || !IsDigit(s[start]) ||
          (pos - start > 2 && s[start + 2] != '.')) {
        return false;
      }
    }
    acc->Add(hours, Unit::kHour, sign);
    acc->Add(minutes, Unit::kMinute, sign);
    acc->Add(seconds, Unit::kSecond, sign);
    return true;
  }
  // A signed integer-or-decimal followed by ':' starts a time field.
  bool AtTimeField() const {
    size_t p = pos;
    if (p < s.size() && (s[p] == '+' || s[p] == '-')) ++p;
    size_t digits = p;
    while (p < s.size() && IsDigit(s[p])) ++p;
    return p > digits && p < s.size() && s[p] == ':';
  }
};

bool LookupUnit(const std::string& word, Unit* out) {
  for (const UnitName& u : kUnitNames) {
    if (word == u.name) {
      *out = u.unit;
      return true;
    }
  }
  return false;
}

// "1 day 02:00:00", "-1 week", "7d", "3 04:05:06", "1 year ago".
bool ParsePostgresStyle(Parser* p, Accumulator* acc) {
  bool ago = false;
  bool any = false;
  p->SkipSpaces();
  if (p->Peek() == '@') ++p->pos;
  while (true) {
    p->SkipSpaces();
    if (p->pos >= p->s.size()) break;
    if (ago) return false;  // "ago" must be last
    if (IsAlpha(p->Peek())) {
      if (p->Word() != "ago" || !any) return false;
      ago = true;
      continue;
    }
    int sign = 1;
    if (p->Peek() == '+' || p->Peek() == '-') {
      sign = p->Peek() == '-' ? -1 : 1;
      ++p->pos;
    }
    Decimal d;
    if (!p->Number(&d)) return false;
    any = true;
    if (p->Peek() == ':') {
      ++p->pos;
      if (!p->TimeField(d, sign, acc)) return false;
      continue;
    }
    p->SkipSpaces();
    std::string word = p->Word();
    if (word.empty()) {
      // A bare number: days before a time field (SQL "3 04:05:06"), else seconds.
      acc->Add(d, p->AtTimeField() ? Unit::kDay : Unit::kSecond, sign);
      continue;
    }
    Unit unit;
    if (!LookupUnit(word, &unit)) return false;
    acc->Add(d, unit, sign);
  }
  if (!any) return false;
  if (ago) {
    acc->months = -acc->months;
    acc->days = -acc->days;
    acc->nanos = -acc->nanos;
  }
  return true;
}

// "P1Y2M3W4DT5H6M7.5S"; each number may carry its own sign, and a leading
// '-' negates the whole interval.
bool ParseIso8601(Parser* p, Accumulator* acc) {
  int outer = 1;
  if (p->Peek() == '-' || p->Peek() == '+') {
    outer = p->Peek() == '-' ? -1 : 1;
    ++p->pos;
  }
  if (p->Peek() != 'P' && p->Peek() != 'p') return false;
  ++p->pos;
  bool in_time = false;
  bool any = false;
  bool any_time = false;  // "P1DT" with nothing after T is invalid
  while (p->pos < p->s.size()) {
    if (p->Peek() == 'T' || p->Peek() == 't') {
      if (in_time) return false;
      in_time = true;
      ++p->pos;
      continue;
    }
    int sign = outer;
    if (p->Peek() == '+' || p->Peek() == '-') {
      sign = p->Peek() == '-' ? -outer : outer;
      ++p->pos;
    }
    Decimal d;
    if (!p->Number(&d)) return false;
    char designator = static_cast<char>(std::toupper(static_cast<unsigned char>(p->Peek())));
    ++p->pos;
    Unit unit;
    if (!in_time && designator == 'Y') unit = Unit::kYear;
    else if (!in_time && designator == 'M') unit = Unit::kMonth;
    else if (!in_time && designator == 'W') unit = Unit::kWeek;
    else if (!in_time && designator == 'D') unit = Unit::kDay;
    else if (in_time && designator == 'H') unit = Unit::kHour;
    else if (in_time && designator == 'M') unit = Unit::kMinute;
    else if (in_time && designator == 'S') unit = Unit::kSecond;
    else return false;
    acc->Add(d, unit, sign);
    any = true;
    any_time = in_time;
  }
  return any && (!in_time || any_time);
}

template <typename T>
bool Fits(__int128 v) {
  return v >= std::numeric_limits<T>::min() && v <= std::numeric_limits<T>::max();
}

uint64_t Abs(int64_t v) { return v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v); }

// PostgreSQL prints each nonzero field; a positive field right after a
// negative one gets an explicit '+', so "-1 days +02:00:00" reads back.
void AppendPart(std::string* out, int64_t value, const char* unit, bool* is_zero,
                bool* is_before) {
  if (value == 0) return;
  fmt::format_to(std::back_inserter(*out), "{}{}{} {}{}", *is_zero ? "" : " ",
                 (*is_before && value > 0) ? "+" : "", value, unit, value != 1 ? "s" : "");
  *is_before = value < 0;
  *is_zero = false;
}

}  // namespace

Result<Interval> ParseInterval(std::string_view text) {
  Parser p{text};
  p.SkipSpaces();
  std::string_view rest = text.substr(p.pos);
  bool iso = !rest.empty() && (rest[0] == 'P' || rest[0] == 'p' ||
                               (rest.size() > 1 && (rest[0] == '-' || rest[0] == '+') &&
                                (rest[1] == 'P' || rest[1] == 'p')));
  Accumulator acc;
  bool ok;
  if (iso) {
    while (!text.empty() && IsSpace(text.back())) text.remove_suffix(1);
    p.s = text;
    ok = ParseIso8601(&p, &acc);
  } else {
    ok = ParsePostgresStyle(&p, &acc);
  }
  if (!ok) {
    return Status::Error(ErrorCode::kInvalidDatetime,
                         fmt::format("invalid input syntax for type interval: \"{}\"", text));
  }
  if (!Fits<int32_t>(acc.months) || !Fits<int32_t>(acc.days) || !Fits<int64_t>(acc.nanos)) {
    return Status::Error(ErrorCode::kNumericOverflow,
                         fmt::format("interval out of range: \"{}\"", text));
  }
  return Interval{static_cast<int32_t>(acc.months), static_cast<int32_t>(acc.days),
                  static_cast<int64_t>(acc.nanos)};
}

std::string FormatInterval(const Interval& v) {
  std::string out;
  bool is_zero = true;
  bool is_before = false;
  AppendPart(&out, v.months / 12, "year", &is_zero, &is_before);
  AppendPart(&out, v.months % 12, "mon", &is_zero, &is_before);
  AppendPart(&out, v.days, "day", &is_zero, &is_before);
  if (is_zero || v.nanos != 0) {
    uint64_t abs = Abs(v.nanos);
    uint64_t fraction = abs % kNanosPerSecond;
    uint64_t seconds = abs / kNanosPerSecond;
    const char* sign = v.nanos < 0 ? "-" : (is_before ? "+" : "");
    fmt::format_to(std::back_inserter(out), "{}{}{:02}:{:02}:{:02}", is_zero ? "" : " ", sign,
                   seconds / 3600, seconds / 60 % 60, seconds % 60);
    if (fraction != 0) {
      std::string digits = fmt::format("{:09}", fraction);
      while (digits.back() == '0') digits.pop_back();
      out += '.';
      out += digits;
    }
  }
  return out;
}

Result<int64_t> IntervalToNanos(const Interval& v) {
  if (v.months != 0) {
    return Status::Error(ErrorCode::kInvalidParameter,
                         fmt::format("interval \"{}\" has no fixed length: it contains months",
                                     FormatInterval(v)));
  }
  __int128 total = static_cast<__int128>(v.days) * kNanosPerDay + v.nanos;
  if (!Fits<int64_t>(total)) {
    return Status::Error(ErrorCode::kNumericOverflow,
                         fmt::format("interval \"{}\" out of range", FormatInterval(v)));
  }
  return static_cast<int64_t>(total);
}

}  // namespace copra
