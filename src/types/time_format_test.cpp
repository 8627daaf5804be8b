#include "types/time_format.h"

#include <gtest/gtest.h>

#include <limits>

namespace copra {
namespace {

constexpr TimeUnit kS = TimeUnit::kSecond;
constexpr TimeUnit kMs = TimeUnit::kMillisecond;
constexpr TimeUnit kUs = TimeUnit::kMicrosecond;
constexpr TimeUnit kNs = TimeUnit::kNanosecond;

// 2016-01-01 00:00:00 UTC.
constexpr int64_t k2016 = 1451606400;

int64_t Ts(std::string_view text, TimeUnit unit) {
  Result<int64_t> r = ParseTimestamp(text, unit);
  EXPECT_TRUE(r.ok()) << text << ": " << r.status().ToString();
  return r.ok() ? *r : -1;
}

TEST(CalendarTest, DaysFromCivilAndBack) {
  EXPECT_EQ(DaysFromCivil(1970, 1, 1), 0);
  EXPECT_EQ(DaysFromCivil(1969, 12, 31), -1);
  EXPECT_EQ(DaysFromCivil(2000, 3, 1), 11017);
  EXPECT_EQ(DaysFromCivil(2016, 1, 1), k2016 / 86400);
  EXPECT_EQ(DaysFromCivil(1, 1, 1), -719162);
  // Every day over several centuries, including 1900 (not leap) and 2000
  // (leap), maps back to itself.
  for (int64_t d = DaysFromCivil(1890, 1, 1); d < DaysFromCivil(2110, 1, 1); ++d) {
    CivilDate c = CivilFromDays(d);
    ASSERT_EQ(DaysFromCivil(c.year, c.month, c.day), d);
    ASSERT_GE(c.day, 1);
    ASSERT_LE(c.day, DaysInMonth(c.year, c.month));
  }
  CivilDate c = CivilFromDays(DaysFromCivil(2000, 2, 29));
  EXPECT_EQ(c.year, 2000);
  EXPECT_EQ(c.month, 2);
  EXPECT_EQ(c.day, 29);
  EXPECT_TRUE(IsLeapYear(2000));
  EXPECT_FALSE(IsLeapYear(1900));
  EXPECT_TRUE(IsLeapYear(2024));
  EXPECT_EQ(DaysInMonth(1900, 2), 28);
  EXPECT_EQ(DaysInMonth(2024, 2), 29);
}

TEST(CalendarTest, FloorDivision) {
  EXPECT_EQ(FloorDiv(7, 2), 3);
  EXPECT_EQ(FloorDiv(-7, 2), -4);
  EXPECT_EQ(FloorDiv(-8, 2), -4);
  EXPECT_EQ(FloorMod(-7, 2), 1);
  EXPECT_EQ(FloorMod(-1, 86400), 86399);
}

TEST(ParseTimestampTest, Forms) {
  EXPECT_EQ(Ts("2016-01-01", kS), k2016);
  EXPECT_EQ(Ts("2016-01-01 00:00:00", kS), k2016);
  EXPECT_EQ(Ts("2016-01-01T00:00:00", kMs), k2016 * 1000);
  EXPECT_EQ(Ts("2016-01-01 00:00", kS), k2016);
  EXPECT_EQ(Ts("  2016-01-01 00:00:01  ", kS), k2016 + 1);
  EXPECT_EQ(Ts("2016-1-2 3:04:05", kS), k2016 + 86400 + 3 * 3600 + 4 * 60 + 5);
  EXPECT_EQ(Ts("epoch", kMs), 0);
}

TEST(ParseTimestampTest, Fractions) {
  EXPECT_EQ(Ts("2016-01-01T00:00:00.123456Z", kUs), k2016 * 1000000 + 123456);
  EXPECT_EQ(Ts("2016-01-01 00:00:00.5", kMs), k2016 * 1000 + 500);
  EXPECT_EQ(Ts("2016-01-01 00:00:00.123456789", kNs), k2016 * 1000000000 + 123456789);
  EXPECT_EQ(Ts("2016-01-01 00:00:00.000000001", kNs), k2016 * 1000000000 + 1);
  // Finer digits than the unit are truncated.
  EXPECT_EQ(Ts("2016-01-01 00:00:00.999", kS), k2016);
  EXPECT_EQ(Ts("2016-01-01 00:00:00.1239", kMs), k2016 * 1000 + 123);
  // ... toward negative infinity before 1970.
  EXPECT_EQ(Ts("1969-12-31 23:59:59.9999", kMs), -1);
  EXPECT_FALSE(ParseTimestamp("2016-01-01 00:00:00.1234567891", kNs).ok());
  EXPECT_FALSE(ParseTimestamp("2016-01-01 00:00:00.", kNs).ok());
}

TEST(ParseTimestampTest, OffsetsConvertToUtc) {
  EXPECT_EQ(Ts("2016-01-01T00:00:00Z", kS), k2016);
  EXPECT_EQ(Ts("2016-01-01 00:00:00+00:00", kS), k2016);
  EXPECT_EQ(Ts("2016-01-01 08:00:00+08:00", kS), k2016);
  EXPECT_EQ(Ts("2016-01-01 08:00:00 +08:00", kS), k2016);
  EXPECT_EQ(Ts("2016-01-01 08:00:00+0800", kS), k2016);
  EXPECT_EQ(Ts("2016-01-01 08:00:00+08", kS), k2016);
  EXPECT_EQ(Ts("2015-12-31 19:00:00-05:00", kS), k2016);
  EXPECT_EQ(Ts("2016-01-01 05:30:00+05:30", kS), k2016);
  EXPECT_EQ(Ts("2016-01-01 00:00:00 UTC", kS), k2016);
  EXPECT_EQ(Ts("2016-01-01T08:00:00.250+08:00", kMs), k2016 * 1000 + 250);
}

TEST(ParseTimestampTest, PreEpochAndBc) {
  EXPECT_EQ(Ts("1969-12-31 23:59:59", kS), -1);
  EXPECT_EQ(Ts("1900-01-01", kS), -2208988800);
  EXPECT_EQ(Ts("0001-01-01", kS), -62135596800);
  EXPECT_EQ(Ts("0001-12-31 BC", kS), -62135596800 - 86400);
}

TEST(ParseTimestampTest, EndOfDay) {
  EXPECT_EQ(Ts("2015-12-31 24:00:00", kS), k2016);
}

TEST(ParseTimestampTest, BadInput) {
  for (const char* bad :
       {"", "abc", "2016", "2016-01", "16-01-01", "2016-13-01", "2016-00-10", "2016-02-30",
        "2015-02-29", "2016-01-01 25:00:00", "2016-01-01 24:00:01", "2016-01-01 10:60",
        "2016-01-01 10:00:60", "2016-01-01 10", "2016-01-01 10:00:00+16:00",
        "2016-01-01 10:00:00 junk", "2016/01/01", "2016-01-01T", "2016-01-01 10:0"}) {
    Result<int64_t> r = ParseTimestamp(bad, kMs);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().code(), ErrorCode::kInvalidDatetime) << bad;
  }
  EXPECT_EQ(ParseTimestamp("2016-02-30", kMs).status().message(),
            "invalid input syntax for type timestamp: \"2016-02-30\"");
}

TEST(ParseTimestampTest, OutOfRange) {
  // Nanoseconds cover 1677..2262 only.
  Result<int64_t> r = ParseTimestamp("2300-01-01", kNs);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kNumericOverflow);
  EXPECT_TRUE(ParseTimestamp("2300-01-01", kUs).ok());
}

TEST(ParseDateTest, Forms) {
  EXPECT_EQ(*ParseDate("1970-01-01"), 0);
  EXPECT_EQ(*ParseDate("2016-01-01"), k2016 / 86400);
  EXPECT_EQ(*ParseDate(" 1969-12-31 "), -1);
  EXPECT_EQ(*ParseDate("2016-01-01 23:59:59"), k2016 / 86400);
  EXPECT_EQ(ParseDate("2016-02-30").status().code(), ErrorCode::kInvalidDatetime);
  EXPECT_EQ(ParseDate("x").status().message(), "invalid input syntax for type date: \"x\"");
}

TEST(FormatTimestampTest, EveryUnit) {
  EXPECT_EQ(FormatTimestamp(k2016, kS), "2016-01-01 00:00:00");
  EXPECT_EQ(FormatTimestamp(k2016 * 1000 + 123, kMs), "2016-01-01 00:00:00.123");
  EXPECT_EQ(FormatTimestamp(k2016 * 1000 + 100, kMs), "2016-01-01 00:00:00.1");
  EXPECT_EQ(FormatTimestamp(k2016 * 1000000 + 123450, kUs), "2016-01-01 00:00:00.12345");
  EXPECT_EQ(FormatTimestamp(k2016 * 1000000000 + 1, kNs), "2016-01-01 00:00:00.000000001");
  EXPECT_EQ(FormatTimestamp(k2016 * 1000000000, kNs), "2016-01-01 00:00:00");
  EXPECT_EQ(FormatTimestamp(0, kMs), "1970-01-01 00:00:00");
}

TEST(FormatTimestampTest, NegativeValues) {
  EXPECT_EQ(FormatTimestamp(-1, kS), "1969-12-31 23:59:59");
  EXPECT_EQ(FormatTimestamp(-1, kMs), "1969-12-31 23:59:59.999");
  EXPECT_EQ(FormatTimestamp(-1, kUs), "1969-12-31 23:59:59.999999");
  EXPECT_EQ(FormatTimestamp(-1, kNs), "1969-12-31 23:59:59.999999999");
  EXPECT_EQ(FormatTimestamp(-500, kMs), "1969-12-31 23:59:59.5");
  EXPECT_EQ(FormatTimestamp(-2208988800, kS), "1900-01-01 00:00:00");
  EXPECT_EQ(FormatTimestamp(-62135596800 - 86400, kS), "0001-12-31 00:00:00 BC");
  EXPECT_EQ(FormatTimestamp(std::numeric_limits<int64_t>::min(), kNs),
            "1677-09-21 00:12:43.145224192");
  EXPECT_EQ(FormatTimestamp(std::numeric_limits<int64_t>::max(), kNs),
            "2262-04-11 23:47:16.854775807");
}

TEST(FormatTimestampTest, RoundTrip) {
  for (TimeUnit unit : {kS, kMs, kUs, kNs}) {
    for (int64_t t : {int64_t{0}, int64_t{-1}, int64_t{1}, int64_t{1451606400123},
                      int64_t{-1451606400123}, int64_t{86399999}, int64_t{-86400001}}) {
      EXPECT_EQ(Ts(FormatTimestamp(t, unit), unit), t) << FormatTimestamp(t, unit);
    }
  }
}

TEST(FormatDateTest, Forms) {
  EXPECT_EQ(FormatDate(0), "1970-01-01");
  EXPECT_EQ(FormatDate(-1), "1969-12-31");
  EXPECT_EQ(FormatDate(16801), "2016-01-01");
  EXPECT_EQ(FormatDate(DaysFromCivil(10000, 1, 1)), "10000-01-01");
  EXPECT_EQ(FormatDate(DaysFromCivil(-43, 3, 15)), "0044-03-15 BC");
  EXPECT_EQ(*ParseDate(FormatDate(DaysFromCivil(-43, 3, 15))), DaysFromCivil(-43, 3, 15));
}

TEST(ConvertTimeUnitTest, FinerIsExactCoarserFloors) {
  EXPECT_EQ(*ConvertTimeUnit(5, kS, kMs), 5000);
  EXPECT_EQ(*ConvertTimeUnit(-5, kMs, kNs), -5000000);
  EXPECT_EQ(*ConvertTimeUnit(1999, kMs, kS), 1);
  EXPECT_EQ(*ConvertTimeUnit(-1, kMs, kS), -1);
  EXPECT_EQ(*ConvertTimeUnit(-1000, kMs, kS), -1);
  EXPECT_EQ(*ConvertTimeUnit(-1001, kMs, kS), -2);
  EXPECT_EQ(*ConvertTimeUnit(7, kUs, kUs), 7);
  Result<int64_t> r = ConvertTimeUnit(std::numeric_limits<int64_t>::max() / 10, kS, kMs);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kNumericOverflow);
}

}  // namespace
}  // namespace copra
