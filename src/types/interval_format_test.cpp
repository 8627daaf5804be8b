#include <gtest/gtest.h>

#include <limits>

#include "types/time_format.h"

namespace copra {
namespace {

constexpr int64_t kSec = 1000000000;
constexpr int64_t kMin = 60 * kSec;
constexpr int64_t kHour = 60 * kMin;

Interval Iv(std::string_view text) {
  Result<Interval> r = ParseInterval(text);
  EXPECT_TRUE(r.ok()) << text << ": " << r.status().ToString();
  return r.ok() ? *r : Interval{-999, -999, -999};
}

TEST(ParseIntervalTest, PostgresStyle) {
  EXPECT_EQ(Iv("1 day"), (Interval{0, 1, 0}));
  EXPECT_EQ(Iv("2 hours 30 minutes"), (Interval{0, 0, 2 * kHour + 30 * kMin}));
  EXPECT_EQ(Iv("1 mon"), (Interval{1, 0, 0}));
  EXPECT_EQ(Iv("3 months"), (Interval{3, 0, 0}));
  EXPECT_EQ(Iv("3 days 04:05:06"), (Interval{0, 3, 4 * kHour + 5 * kMin + 6 * kSec}));
  EXPECT_EQ(Iv("-1 week"), (Interval{0, -7, 0}));
  EXPECT_EQ(Iv("1 year"), (Interval{12, 0, 0}));
  EXPECT_EQ(Iv("1 year 2 mons 3 days 04:05:06.5"),
            (Interval{14, 3, 4 * kHour + 5 * kMin + 6 * kSec + 500000000}));
  EXPECT_EQ(Iv("1 decade"), (Interval{120, 0, 0}));
  EXPECT_EQ(Iv("1 century"), (Interval{1200, 0, 0}));
  EXPECT_EQ(Iv("10 microseconds"), (Interval{0, 0, 10000}));
  EXPECT_EQ(Iv("1 nanosecond"), (Interval{0, 0, 1}));
  EXPECT_EQ(Iv("@ 1 day"), (Interval{0, 1, 0}));
  EXPECT_EQ(Iv("  1 DAY  "), (Interval{0, 1, 0}));
}

TEST(ParseIntervalTest, ShortUnits) {
  EXPECT_EQ(Iv("1h"), (Interval{0, 0, kHour}));
  EXPECT_EQ(Iv("30s"), (Interval{0, 0, 30 * kSec}));
  EXPECT_EQ(Iv("7d"), (Interval{0, 7, 0}));
  EXPECT_EQ(Iv("500ms"), (Interval{0, 0, 500000000}));
  EXPECT_EQ(Iv("5m"), (Interval{0, 0, 5 * kMin}));
  EXPECT_EQ(Iv("1h30m"), (Interval{0, 0, kHour + 30 * kMin}));
  EXPECT_EQ(Iv("2w"), (Interval{0, 14, 0}));
  EXPECT_EQ(Iv("100us"), (Interval{0, 0, 100000}));
  EXPECT_EQ(Iv("3ns"), (Interval{0, 0, 3}));
}

TEST(ParseIntervalTest, TimeFieldsAndSigns) {
  EXPECT_EQ(Iv("04:05"), (Interval{0, 0, 4 * kHour + 5 * kMin}));
  EXPECT_EQ(Iv("-04:05:06"), (Interval{0, 0, -(4 * kHour + 5 * kMin + 6 * kSec)}));
  EXPECT_EQ(Iv("-1 days +02:00:00"), (Interval{0, -1, 2 * kHour}));
  EXPECT_EQ(Iv("1 day -1 hour"), (Interval{0, 1, -kHour}));
  EXPECT_EQ(Iv("100:00:00"), (Interval{0, 0, 100 * kHour}));
  EXPECT_EQ(Iv("3 04:05:06"), (Interval{0, 3, 4 * kHour + 5 * kMin + 6 * kSec}));
  EXPECT_EQ(Iv("5"), (Interval{0, 0, 5 * kSec}));
  EXPECT_EQ(Iv("1 day ago"), (Interval{0, -1, 0}));
  EXPECT_EQ(Iv("1 year 2 hours ago"), (Interval{-12, 0, -2 * kHour}));
}

TEST(ParseIntervalTest, Fractions) {
  EXPECT_EQ(Iv("1.5 days"), (Interval{0, 1, 12 * kHour}));
  EXPECT_EQ(Iv("1.5 months"), (Interval{1, 15, 0}));
  EXPECT_EQ(Iv("1.5 years"), (Interval{18, 0, 0}));
  EXPECT_EQ(Iv("0.5 weeks"), (Interval{0, 3, 12 * kHour}));
  EXPECT_EQ(Iv("1.5h"), (Interval{0, 0, 90 * kMin}));
  EXPECT_EQ(Iv("0.001 s"), (Interval{0, 0, 1000000}));
  EXPECT_EQ(Iv("-1.5 days"), (Interval{0, -1, -12 * kHour}));
  EXPECT_EQ(Iv("00:00:00.000000001"), (Interval{0, 0, 1}));
}

TEST(ParseIntervalTest, Iso8601) {
  EXPECT_EQ(Iv("P1DT2H"), (Interval{0, 1, 2 * kHour}));
  EXPECT_EQ(Iv("P1Y2M3D"), (Interval{14, 3, 0}));
  EXPECT_EQ(Iv("PT1H30M"), (Interval{0, 0, kHour + 30 * kMin}));
  EXPECT_EQ(Iv("PT0.5S"), (Interval{0, 0, 500000000}));
  EXPECT_EQ(Iv("P2W"), (Interval{0, 14, 0}));
  EXPECT_EQ(Iv("-P1D"), (Interval{0, -1, 0}));
  EXPECT_EQ(Iv("P-1DT2H"), (Interval{0, -1, 2 * kHour}));
  EXPECT_EQ(Iv("p1m"), (Interval{1, 0, 0}));
  EXPECT_EQ(Iv("pt1m"), (Interval{0, 0, kMin}));
}

TEST(ParseIntervalTest, BadInput) {
  for (const char* bad : {"", "   ", "abc", "1 fortnight", "day", "1 day 2", "1:2:3:4",
                          "04:61", "P", "PT", "P1H", "PT1D", "P1DT", "1 day ago ago", "ago",
                          "1..5 days", "P1D junk", "1 day,"}) {
    Result<Interval> r = ParseInterval(bad);
    if (std::string_view(bad) == "1 day 2") {
      // "2" is a bare number of seconds: valid.
      EXPECT_TRUE(r.ok());
      continue;
    }
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().code(), ErrorCode::kInvalidDatetime) << bad;
  }
  EXPECT_EQ(ParseInterval("1 fortnight").status().message(),
            "invalid input syntax for type interval: \"1 fortnight\"");
  EXPECT_EQ(ParseInterval("99999999999 days").status().code(), ErrorCode::kNumericOverflow);
}

TEST(FormatIntervalTest, PostgresStyle) {
  EXPECT_EQ(FormatInterval({0, 0, 0}), "00:00:00");
  EXPECT_EQ(FormatInterval({14, 3, 4 * kHour + 5 * kMin + 6 * kSec + 500000000}),
            "1 year 2 mons 3 days 04:05:06.5");
  EXPECT_EQ(FormatInterval({1, 0, 0}), "1 mon");
  EXPECT_EQ(FormatInterval({24, 0, 0}), "2 years");
  EXPECT_EQ(FormatInterval({0, 1, 0}), "1 day");
  EXPECT_EQ(FormatInterval({0, 7, 0}), "7 days");
  EXPECT_EQ(FormatInterval({0, -1, 0}), "-1 days");
  EXPECT_EQ(FormatInterval({-12, 0, 0}), "-1 years");
  EXPECT_EQ(FormatInterval({0, -1, 2 * kHour}), "-1 days +02:00:00");
  EXPECT_EQ(FormatInterval({0, 1, -kHour}), "1 day -01:00:00");
  EXPECT_EQ(FormatInterval({0, 0, -90 * kMin}), "-01:30:00");
  EXPECT_EQ(FormatInterval({0, 0, 100 * kHour}), "100:00:00");
  EXPECT_EQ(FormatInterval({0, 0, 1}), "00:00:00.000000001");
  EXPECT_EQ(FormatInterval({0, 0, 1500000}), "00:00:00.0015");
  EXPECT_EQ(FormatInterval({-14, 0, 0}), "-1 years -2 mons");
  EXPECT_EQ(FormatInterval({0, 0, std::numeric_limits<int64_t>::min()}),
            "-2562047:47:16.854775808");
}

TEST(FormatIntervalTest, RoundTrip) {
  const Interval cases[] = {
      {0, 0, 0},        {14, 3, 4 * kHour + 5 * kMin + 6 * kSec + 500000000},
      {0, -1, 2 * kHour}, {0, 1, -kHour},  {-14, -3, -kSec},
      {1, -1, 1},       {-1, 1, -1},      {0, 0, 123456789},
  };
  for (const Interval& v : cases) {
    EXPECT_EQ(Iv(FormatInterval(v)), v) << FormatInterval(v);
  }
}

TEST(IntervalToNanosTest, FixedLengthOnly) {
  EXPECT_EQ(*IntervalToNanos({0, 1, 0}), 86400 * kSec);
  EXPECT_EQ(*IntervalToNanos({0, 1, -kHour}), 23 * kHour);
  EXPECT_EQ(*IntervalToNanos({0, 0, 5}), 5);
  Result<int64_t> r = IntervalToNanos({1, 0, 0});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kInvalidParameter);
  EXPECT_NE(r.status().message().find("1 mon"), std::string::npos);
  EXPECT_EQ(IntervalToNanos({0, 200000, 0}).status().code(), ErrorCode::kNumericOverflow);
}

}  // namespace
}  // namespace copra
