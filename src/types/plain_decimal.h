// ParsePlainDecimal: a fast path for the most common spelling of a DOUBLE
// in text data, an optional '-', digits, and optionally '.' and more digits
// ("31.84", "-0.25", "7"), for bulk loaders (COPY, line protocol).
//
// It takes only text whose value it can compute exactly: at most 19
// significant digits forming an integer m <= 2^53, and at most 22 digits
// after the point, so m and 10^k are exact doubles and the one division
// m / 10^k is correctly rounded — the same double ParseDouble (and CAST)
// gives. Anything else returns false and the caller uses ParseDouble.
// Pure function; thread-safe.
#pragma once

#include <cstdint>
#include <string_view>

namespace copra {

inline bool ParsePlainDecimal(std::string_view text, double* out) {
  static constexpr double kPow10[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                        1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                        1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  const char* p = text.data();
  const char* end = p + text.size();
  bool negative = false;
  if (p != end && *p == '-') {
    negative = true;
    ++p;
  }
  uint64_t m = 0;
  int digits = 0;
  int fraction = -1;  // digits after the point, -1 before one is seen
  for (; p != end; ++p) {
    const unsigned d = static_cast<unsigned char>(*p) - '0';
    if (d <= 9) {
      if (++digits > 19) return false;
      m = m * 10 + d;
      if (fraction >= 0) ++fraction;
    } else if (*p == '.' && fraction < 0) {
      fraction = 0;
    } else {
      return false;
    }
  }
  if (digits == 0 || m > (uint64_t{1} << 53) || fraction > 22) return false;
  double v = static_cast<double>(m);
  if (fraction > 0) v /= kPow10[fraction];
  *out = negative ? -v : v;
  return true;
}

}  // namespace copra
