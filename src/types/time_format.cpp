// Calendar arithmetic and timestamp/date text forms (see time_format.h).
// Intervals live in interval_format.cpp.
#include "types/time_format.h"

#include <fmt/format.h>

#include <cctype>
#include <limits>

namespace copra {

// The calendar is computed in 400-year eras (146097 days each), counting
// years from March so that the leap day is the last day of the year.
int64_t DaysFromCivil(int64_t year, int month, int day) {
  int64_t y = month <= 2 ? year - 1 : year;
  int64_t era = FloorDiv(y, 400);
  int64_t year_of_era = y - era * 400;                        // [0, 399]
  int64_t month_from_march = (month + 9) % 12;                // March = 0
  int64_t day_of_year = (153 * month_from_march + 2) / 5 + day - 1;  // [0, 365]
  int64_t day_of_era =
      year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  // 719468 = days from 0000-03-01 to 1970-01-01.
  return era * 146097 + day_of_era - 719468;
}

CivilDate CivilFromDays(int64_t days) {
  int64_t z = days + 719468;
  int64_t era = FloorDiv(z, 146097);
  int64_t day_of_era = z - era * 146097;  // [0, 146096]
  int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  int64_t month_from_march = (5 * day_of_year + 2) / 153;
  CivilDate out;
  out.day = static_cast<int>(day_of_year - (153 * month_from_march + 2) / 5 + 1);
  out.month = static_cast<int>(month_from_march < 10 ? month_from_march + 3 : month_from_march - 9);
  out.year = year_of_era + era * 400 + (out.month <= 2 ? 1 : 0);
  return out;
}

bool IsLeapYear(int64_t year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int DaysInMonth(int64_t year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && IsLeapYear(year)) return 29;
  return kDays[month - 1];
}

Result<int64_t> ConvertTimeUnit(int64_t ticks, TimeUnit from, TimeUnit to) {
  if (from == to) return ticks;
  if (to > from) {
    int64_t factor = UnitsPerSecond(to) / UnitsPerSecond(from);
    int64_t out;
    if (__builtin_mul_overflow(ticks, factor, &out)) {
      return Status::Error(ErrorCode::kNumericOverflow,
                           fmt::format("timestamp out of range for type {}",
                                       LogicalType::Timestamp(to).ToString()));
    }
    return out;
  }
  return FloorDiv(ticks, UnitsPerSecond(from) / UnitsPerSecond(to));
}

namespace {

// A small cursor over the input text.
class Scanner {
 public:
  explicit Scanner(std::string_view s) : s_(s) {}
  bool AtEnd() const { return pos_ >= s_.size(); }
  char Peek(size_t ahead = 0) const { return pos_ + ahead < s_.size() ? s_[pos_ + ahead] : '\0'; }
  bool Consume(char c) {
    if (Peek() != c) return false;
    ++pos_;
    return true;
  }
  // Case-insensitive keyword.
  bool ConsumeWord(std::string_view w) {
    if (s_.size() - pos_ < w.size()) return false;
    for (size_t i = 0; i < w.size(); ++i) {
      if (std::tolower(static_cast<unsigned char>(s_[pos_ + i])) != w[i]) return false;
    }
    pos_ += w.size();
    return true;
  }
  bool SkipSpaces() {
    size_t start = pos_;
    while (!AtEnd() && std::isspace(static_cast<unsigned char>(s_[pos_]))) ++pos_;
    return pos_ > start;
  }
  static bool IsDigit(char c) { return c >= '0' && c <= '9'; }
  // Reads [min_digits, max_digits] decimal digits.
  bool Digits(int min_digits, int max_digits, int64_t* out, int* count = nullptr) {
    int n = 0;
    int64_t v = 0;
    while (n < max_digits && IsDigit(Peek())) {
      v = v * 10 + (Peek() - '0');
      ++pos_;
      ++n;
    }
    if (count) *count = n;
    *out = v;
    return n >= min_digits && !(n == max_digits && IsDigit(Peek()));
  }

 private:
  std::string_view s_;
  size_t pos_ = 0;
};

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

struct DateTimeParts {
  int64_t days = 0;            // civil date as days since the epoch
  int64_t second_of_day = 0;   // may be 86400 for 24:00:00
  int64_t nanos = 0;           // fraction of the second
  int64_t offset_seconds = 0;  // local time minus UTC
};

// Parses "Y-M-D[( |T)H:M[:S[.f]]][ ][offset][ BC|AD]". Returns false on any
// syntax or range error.
bool ParseDateTimeParts(std::string_view text, DateTimeParts* out) {
  Scanner sc(text);
  int64_t year, month, day;
  int year_digits = 0;
  if (!sc.Digits(1, 9, &year, &year_digits) || year_digits < 4 || !sc.Consume('-') ||
      !sc.Digits(1, 2, &month) || !sc.Consume('-') || !sc.Digits(1, 2, &day)) {
    return false;
  }
  int64_t hour = 0, minute = 0, second = 0, nanos = 0;
  bool had_space = sc.SkipSpaces();
  bool has_time = false;
  if ((sc.Peek() == 'T' || sc.Peek() == 't') && !had_space && Scanner::IsDigit(sc.Peek(1))) {
    sc.Consume(sc.Peek());
    has_time = true;
  } else if (had_space && Scanner::IsDigit(sc.Peek())) {
    has_time = true;
  }
  if (has_time) {
    if (!sc.Digits(1, 2, &hour) || !sc.Consume(':') || !sc.Digits(2, 2, &minute)) return false;
    if (sc.Consume(':')) {
      if (!sc.Digits(2, 2, &second)) return false;
      if (sc.Consume('.')) {
        int n = 0;
        if (!sc.Digits(1, 9, &nanos, &n)) return false;
        for (int i = n; i < 9; ++i) nanos *= 10;
      }
    }
    sc.SkipSpaces();
  }
  int64_t offset = 0;
  if (sc.Consume('Z') || sc.Consume('z') || sc.ConsumeWord("utc") || sc.ConsumeWord("gmt")) {
    // UTC
  } else if (sc.Peek() == '+' || sc.Peek() == '-') {
    bool neg = sc.Peek() == '-';
    sc.Consume(sc.Peek());
    int64_t oh = 0, om = 0;
    int n = 0;
    if (!sc.Digits(1, 4, &oh, &n)) return false;
    if (n == 4) {  // +0800
      om = oh % 100;
      oh /= 100;
    } else if (n == 3) {
      return false;
    } else if (sc.Consume(':') && !sc.Digits(2, 2, &om)) {
      return false;
    }
    if (oh > 15 || om > 59) return false;
    offset = (oh * 3600 + om * 60) * (neg ? -1 : 1);
  }
  sc.SkipSpaces();
  if (sc.ConsumeWord("bc")) {
    if (year < 1) return false;
    year = 1 - year;
  } else {
    sc.ConsumeWord("ad");
  }
  if (!sc.AtEnd()) return false;
  if (month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, static_cast<int>(month))) {
    return false;
  }
  bool end_of_day = hour == 24 && minute == 0 && second == 0 && nanos == 0;
  if ((hour > 23 && !end_of_day) || minute > 59 || second > 59) return false;
  out->days = DaysFromCivil(year, static_cast<int>(month), static_cast<int>(day));
  out->second_of_day = hour * 3600 + minute * 60 + second;
  out->nanos = nanos;
  out->offset_seconds = offset;
  return true;
}

Status BadSyntax(const char* type_name, std::string_view text) {
  return Status::Error(ErrorCode::kInvalidDatetime,
                       fmt::format("invalid input syntax for type {}: \"{}\"", type_name, text));
}

Status OutOfRange(const char* type_name, std::string_view text) {
  return Status::Error(ErrorCode::kNumericOverflow,
                       fmt::format("{} out of range: \"{}\"", type_name, text));
}

void AppendYearMonthDay(std::string* out, const CivilDate& c) {
  int64_t year = c.year > 0 ? c.year : 1 - c.year;
  fmt::format_to(std::back_inserter(*out), "{:04}-{:02}-{:02}", year, c.month, c.day);
}

}  // namespace

Result<int64_t> ParseTimestamp(std::string_view text, TimeUnit unit) {
  std::string_view s = Trim(text);
  Scanner word(s);
  if (word.ConsumeWord("epoch") && word.AtEnd()) return int64_t{0};
  DateTimeParts p;
  if (!ParseDateTimeParts(s, &p)) return BadSyntax("timestamp", text);
  __int128 seconds = static_cast<__int128>(p.days) * kSecondsPerDay + p.second_of_day -
                     p.offset_seconds;
  __int128 nanos = seconds * kNanosPerSecond + p.nanos;
  __int128 per_tick = kNanosPerSecond / UnitsPerSecond(unit);
  __int128 ticks = nanos / per_tick;
  if (nanos % per_tick != 0 && nanos < 0) --ticks;
  if (ticks > std::numeric_limits<int64_t>::max() ||
      ticks < std::numeric_limits<int64_t>::min()) {
    return OutOfRange("timestamp", text);
  }
  return static_cast<int64_t>(ticks);
}

Result<int32_t> ParseDate(std::string_view text) {
  std::string_view s = Trim(text);
  Scanner word(s);
  if (word.ConsumeWord("epoch") && word.AtEnd()) return int32_t{0};
  DateTimeParts p;
  if (!ParseDateTimeParts(s, &p)) return BadSyntax("date", text);
  if (p.days > std::numeric_limits<int32_t>::max() ||
      p.days < std::numeric_limits<int32_t>::min()) {
    return OutOfRange("date", text);
  }
  return static_cast<int32_t>(p.days);
}

std::string FormatTimestamp(int64_t ticks, TimeUnit unit) {
  int64_t per_second = UnitsPerSecond(unit);
  int64_t seconds = FloorDiv(ticks, per_second);
  int64_t fraction = FloorMod(ticks, per_second);
  int64_t days = FloorDiv(seconds, kSecondsPerDay);
  int64_t second_of_day = FloorMod(seconds, kSecondsPerDay);
  CivilDate c = CivilFromDays(days);
  std::string out;
  out.reserve(32);
  AppendYearMonthDay(&out, c);
  fmt::format_to(std::back_inserter(out), " {:02}:{:02}:{:02}", second_of_day / 3600,
                 second_of_day / 60 % 60, second_of_day % 60);
  if (fraction != 0) {
    std::string digits = fmt::format("{:0{}}", fraction, TimeUnitPrecision(unit));
    while (digits.back() == '0') digits.pop_back();
    out += '.';
    out += digits;
  }
  if (c.year <= 0) out += " BC";
  return out;
}

std::string FormatDate(int64_t days) {
  CivilDate c = CivilFromDays(days);
  std::string out;
  AppendYearMonthDay(&out, c);
  if (c.year <= 0) out += " BC";
  return out;
}

}  // namespace copra
