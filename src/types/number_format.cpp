#include "types/number_format.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <system_error>

namespace copra {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool IEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != b[i]) return false;
  }
  return true;
}

// Shortest round-trip digits via to_chars; the notation is picked from the
// decimal exponent, not from which string is shorter (to_chars' own choice
// would print 100000 as "1e+05").
template <typename T>
std::string FormatShortest(T v, int max_fixed_exponent) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v < 0 ? "-Infinity" : "Infinity";
  if (v == 0) return std::signbit(v) ? "-0" : "0";
  char buf[64];
  auto sci = std::to_chars(buf, buf + sizeof(buf), v, std::chars_format::scientific);
  std::string_view text(buf, static_cast<size_t>(sci.ptr - buf));
  int exponent = std::atoi(std::string(text.substr(text.find('e') + 1)).c_str());
  if (exponent < -4 || exponent >= max_fixed_exponent) return std::string(text);
  auto fixed = std::to_chars(buf, buf + sizeof(buf), v, std::chars_format::fixed);
  return std::string(buf, fixed.ptr);
}

template <typename T>
NumberParse ParseFloating(std::string_view text, T* out) {
  std::string_view s = Trim(text);
  bool negative = false;
  if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
    negative = s.front() == '-';
    s.remove_prefix(1);
  }
  if (IEquals(s, "nan")) {
    *out = std::numeric_limits<T>::quiet_NaN();
    return NumberParse::kOk;
  }
  if (IEquals(s, "inf") || IEquals(s, "infinity")) {
    *out = negative ? -std::numeric_limits<T>::infinity() : std::numeric_limits<T>::infinity();
    return NumberParse::kOk;
  }
  // from_chars accepts neither a sign nor "inf"/"nan" words here (handled
  // above), so only plain decimal/exponent text remains.
  if (s.empty() || s.front() == '+' || s.front() == '-' ||
      std::isalpha(static_cast<unsigned char>(s.front()))) {
    return NumberParse::kInvalid;
  }
  T v{};
  auto r = std::from_chars(s.data(), s.data() + s.size(), v, std::chars_format::general);
  if (r.ptr != s.data() + s.size()) return NumberParse::kInvalid;
  // Magnitudes beyond the type's range, huge or tiny, are errors, as in
  // PostgreSQL.
  if (r.ec == std::errc::result_out_of_range) return NumberParse::kOutOfRange;
  if (r.ec != std::errc()) return NumberParse::kInvalid;
  *out = negative ? -v : v;
  return NumberParse::kOk;
}

}  // namespace

std::string FormatDouble(double v) { return FormatShortest(v, 15); }
std::string FormatFloat(float v) { return FormatShortest(v, 6); }

NumberParse ParseInt64(std::string_view text, int64_t* out) {
  std::string_view s = Trim(text);
  bool negative = false;
  if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
    negative = s.front() == '-';
    s.remove_prefix(1);
  }
  if (s.empty()) return NumberParse::kInvalid;
  uint64_t magnitude = 0;
  bool overflow = false;
  for (char c : s) {
    if (c < '0' || c > '9') return NumberParse::kInvalid;
    if (__builtin_mul_overflow(magnitude, 10u, &magnitude) ||
        __builtin_add_overflow(magnitude, static_cast<uint64_t>(c - '0'), &magnitude)) {
      overflow = true;
    }
  }
  uint64_t limit = negative ? uint64_t{1} << 63 : (uint64_t{1} << 63) - 1;
  if (overflow || magnitude > limit) return NumberParse::kOutOfRange;
  *out = negative ? static_cast<int64_t>(0 - magnitude) : static_cast<int64_t>(magnitude);
  return NumberParse::kOk;
}

NumberParse ParseUInt64(std::string_view text, uint64_t* out) {
  std::string_view s = Trim(text);
  bool negative = false;
  if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
    negative = s.front() == '-';
    s.remove_prefix(1);
  }
  if (s.empty()) return NumberParse::kInvalid;
  uint64_t v = 0;
  bool overflow = false;
  for (char c : s) {
    if (c < '0' || c > '9') return NumberParse::kInvalid;
    if (__builtin_mul_overflow(v, 10u, &v) ||
        __builtin_add_overflow(v, static_cast<uint64_t>(c - '0'), &v)) {
      overflow = true;
    }
  }
  if (overflow || (negative && v != 0)) return NumberParse::kOutOfRange;
  *out = v;
  return NumberParse::kOk;
}

NumberParse ParseDouble(std::string_view text, double* out) { return ParseFloating(text, out); }
NumberParse ParseFloat(std::string_view text, float* out) { return ParseFloating(text, out); }

bool ParseBool(std::string_view text, bool* out) {
  std::string_view s = Trim(text);
  // Any prefix of the word, at least `min` characters long ("o" alone is
  // ambiguous between on and off), as PostgreSQL's boolin.
  auto prefix_of = [&s](std::string_view word, size_t min) {
    return s.size() >= min && s.size() <= word.size() && IEquals(s, word.substr(0, s.size()));
  };
  if (prefix_of("true", 1) || prefix_of("yes", 1) || prefix_of("on", 2) || s == "1") {
    *out = true;
    return true;
  }
  if (prefix_of("false", 1) || prefix_of("no", 1) || prefix_of("off", 2) || s == "0") {
    *out = false;
    return true;
  }
  return false;
}

}  // namespace copra
