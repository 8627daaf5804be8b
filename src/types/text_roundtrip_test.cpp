// Randomized checks across the text formats: everything Copra prints reads
// back to the same value, and arbitrary text never crashes a parser.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <string>

#include "types/cast.h"
#include "types/number_format.h"
#include "types/time_format.h"

namespace copra {
namespace {

TEST(TextRoundTripTest, Timestamps) {
  std::mt19937_64 rng(42);
  for (TimeUnit unit : {TimeUnit::kSecond, TimeUnit::kMillisecond, TimeUnit::kMicrosecond,
                        TimeUnit::kNanosecond}) {
    for (int i = 0; i < 2000; ++i) {
      int64_t t = static_cast<int64_t>(rng());
      // Seconds can reach years beyond what the parser accepts (9 digits).
      if (unit == TimeUnit::kSecond) t >>= 24;
      std::string text = FormatTimestamp(t, unit);
      Result<int64_t> back = ParseTimestamp(text, unit);
      ASSERT_TRUE(back.ok()) << text << ": " << back.status().ToString();
      ASSERT_EQ(*back, t) << text;
    }
  }
}

TEST(TextRoundTripTest, Dates) {
  std::mt19937 rng(7);
  for (int i = 0; i < 2000; ++i) {
    int32_t d = static_cast<int32_t>(rng()) >> 8;
    std::string text = FormatDate(d);
    Result<int32_t> back = ParseDate(text);
    ASSERT_TRUE(back.ok()) << text;
    ASSERT_EQ(*back, d) << text;
  }
}

TEST(TextRoundTripTest, Intervals) {
  std::mt19937_64 rng(9);
  for (int i = 0; i < 5000; ++i) {
    Interval v{static_cast<int32_t>(rng()), static_cast<int32_t>(rng()),
               static_cast<int64_t>(rng())};
    if (i % 3 == 0) v.months = 0;
    if (i % 5 == 0) v.nanos %= 1000000000;
    std::string text = FormatInterval(v);
    Result<Interval> back = ParseInterval(text);
    ASSERT_TRUE(back.ok()) << text << ": " << back.status().ToString();
    ASSERT_EQ(*back, v) << text;
  }
  for (Interval v : {Interval{INT32_MIN, INT32_MIN, INT64_MIN},
                     Interval{INT32_MAX, INT32_MAX, INT64_MAX}}) {
    Result<Interval> back = ParseInterval(FormatInterval(v));
    ASSERT_TRUE(back.ok()) << FormatInterval(v);
    EXPECT_EQ(*back, v);
  }
}

TEST(TextRoundTripTest, Doubles) {
  std::mt19937_64 rng(11);
  for (int i = 0; i < 5000; ++i) {
    uint64_t bits = rng();
    double d;
    std::memcpy(&d, &bits, sizeof(d));
    if (std::isnan(d)) continue;
    double back = 0;
    ASSERT_EQ(ParseDouble(FormatDouble(d), &back), NumberParse::kOk) << FormatDouble(d);
    ASSERT_EQ(back, d) << FormatDouble(d);
    float f = static_cast<float>(d);
    if (std::isfinite(d) && !std::isfinite(f)) continue;
    float fback = 0;
    if (f != 0 && std::fabs(f) < std::numeric_limits<float>::min()) continue;  // subnormal
    ASSERT_EQ(ParseFloat(FormatFloat(f), &fback), NumberParse::kOk) << FormatFloat(f);
    ASSERT_EQ(fback, f) << FormatFloat(f);
  }
}

// Random text built from the characters the parsers care about: every call
// returns (OK or an error status), never crashes or trips a sanitizer.
TEST(TextRoundTripTest, GarbageNeverCrashes) {
  const std::string alphabet = "0123456789-+:.TZPYMWDHSmsunhdayweko @ \tUTCBC";
  std::mt19937 rng(13);
  const LogicalType targets[] = {
      LogicalType::Boolean(), LogicalType::Int8(),    LogicalType::UInt64(),
      LogicalType::Float32(), LogicalType::Float64(), LogicalType::Timestamp(TimeUnit::kSecond),
      LogicalType::Timestamp(TimeUnit::kNanosecond),  LogicalType::Date(),
      LogicalType::Interval(),
  };
  int ok = 0;
  for (int i = 0; i < 5000; ++i) {
    std::string s;
    int len = static_cast<int>(rng() % 24);
    for (int k = 0; k < len; ++k) s += alphabet[rng() % alphabet.size()];
    for (const LogicalType& t : targets) {
      Result<Value> r = CastValue(Value::String(s), t);
      if (r.ok()) {
        ++ok;
        // Whatever parsed prints as text that parses to the same value.
        Result<Value> again = CastValue(Value::String(r->ToString()), t);
        ASSERT_TRUE(again.ok()) << s << " -> " << r->ToString();
        ASSERT_EQ(*again, *r) << s << " -> " << r->ToString();
      } else {
        ErrorCode c = r.status().code();
        ASSERT_TRUE(c == ErrorCode::kInvalidText || c == ErrorCode::kInvalidDatetime ||
                    c == ErrorCode::kNumericOverflow)
            << s << ": " << r.status().ToString();
      }
    }
    (void)ParseTypeName(s);
  }
  EXPECT_GT(ok, 0);
}

}  // namespace
}  // namespace copra
