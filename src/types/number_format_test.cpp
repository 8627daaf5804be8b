#include "types/number_format.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace copra {
namespace {

TEST(NumberFormatTest, DoubleShortestRoundTrip) {
  EXPECT_EQ(FormatDouble(0.1), "0.1");
  EXPECT_EQ(FormatDouble(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(FormatDouble(1.5), "1.5");
  EXPECT_EQ(FormatDouble(-2.25), "-2.25");
  EXPECT_EQ(FormatDouble(100), "100");
  EXPECT_EQ(FormatDouble(100000), "100000");
  EXPECT_EQ(FormatDouble(123456789012345.0), "123456789012345");
  EXPECT_EQ(FormatDouble(1e15), "1e+15");
  EXPECT_EQ(FormatDouble(1e20), "1e+20");
  EXPECT_EQ(FormatDouble(1.5e300), "1.5e+300");
  EXPECT_EQ(FormatDouble(0.0001), "0.0001");
  EXPECT_EQ(FormatDouble(0.00001), "1e-05");
  EXPECT_EQ(FormatDouble(1.5e-5), "1.5e-05");
  EXPECT_EQ(FormatDouble(0), "0");
  EXPECT_EQ(FormatDouble(-0.0), "-0");
  EXPECT_EQ(FormatDouble(std::numeric_limits<double>::quiet_NaN()), "NaN");
  EXPECT_EQ(FormatDouble(std::numeric_limits<double>::infinity()), "Infinity");
  EXPECT_EQ(FormatDouble(-std::numeric_limits<double>::infinity()), "-Infinity");
  EXPECT_EQ(FormatDouble(std::numeric_limits<double>::max()), "1.7976931348623157e+308");
  EXPECT_EQ(FormatDouble(5e-324), "5e-324");
}

TEST(NumberFormatTest, FloatShortestRoundTrip) {
  EXPECT_EQ(FormatFloat(0.1f), "0.1");
  EXPECT_EQ(FormatFloat(1.1f), "1.1");
  EXPECT_EQ(FormatFloat(123456.0f), "123456");
  EXPECT_EQ(FormatFloat(1234567.0f), "1.234567e+06");
  EXPECT_EQ(FormatFloat(3.4028235e38f), "3.4028235e+38");
  EXPECT_EQ(FormatFloat(-0.0f), "-0");
  EXPECT_EQ(FormatFloat(std::numeric_limits<float>::quiet_NaN()), "NaN");
}

TEST(NumberFormatTest, FormattedDoublesParseBack) {
  for (double d : {0.1, 1.0 / 3, 2.0 / 3 * 1e100, 6.02214076e23, -1e-300, 123.456}) {
    double back = 0;
    ASSERT_EQ(ParseDouble(FormatDouble(d), &back), NumberParse::kOk);
    EXPECT_EQ(back, d);
  }
}

TEST(NumberFormatTest, ParseIntegers) {
  int64_t i = 0;
  EXPECT_EQ(ParseInt64("  42 ", &i), NumberParse::kOk);
  EXPECT_EQ(i, 42);
  EXPECT_EQ(ParseInt64("-9223372036854775808", &i), NumberParse::kOk);
  EXPECT_EQ(i, std::numeric_limits<int64_t>::min());
  EXPECT_EQ(ParseInt64("+9223372036854775807", &i), NumberParse::kOk);
  EXPECT_EQ(i, std::numeric_limits<int64_t>::max());
  EXPECT_EQ(ParseInt64("9223372036854775808", &i), NumberParse::kOutOfRange);
  EXPECT_EQ(ParseInt64("99999999999999999999999", &i), NumberParse::kOutOfRange);
  EXPECT_EQ(ParseInt64("", &i), NumberParse::kInvalid);
  EXPECT_EQ(ParseInt64("-", &i), NumberParse::kInvalid);
  EXPECT_EQ(ParseInt64("1.5", &i), NumberParse::kInvalid);
  EXPECT_EQ(ParseInt64("12a", &i), NumberParse::kInvalid);
  EXPECT_EQ(ParseInt64("1 2", &i), NumberParse::kInvalid);

  uint64_t u = 0;
  EXPECT_EQ(ParseUInt64("18446744073709551615", &u), NumberParse::kOk);
  EXPECT_EQ(u, std::numeric_limits<uint64_t>::max());
  EXPECT_EQ(ParseUInt64("18446744073709551616", &u), NumberParse::kOutOfRange);
  EXPECT_EQ(ParseUInt64("-1", &u), NumberParse::kOutOfRange);
  EXPECT_EQ(ParseUInt64("-0", &u), NumberParse::kOk);
  EXPECT_EQ(u, 0u);
}

TEST(NumberFormatTest, ParseFloats) {
  double d = 0;
  EXPECT_EQ(ParseDouble(" 1.5 ", &d), NumberParse::kOk);
  EXPECT_EQ(d, 1.5);
  EXPECT_EQ(ParseDouble("-2e3", &d), NumberParse::kOk);
  EXPECT_EQ(d, -2000);
  EXPECT_EQ(ParseDouble("+.5", &d), NumberParse::kOk);
  EXPECT_EQ(d, 0.5);
  EXPECT_EQ(ParseDouble("NaN", &d), NumberParse::kOk);
  EXPECT_TRUE(std::isnan(d));
  EXPECT_EQ(ParseDouble("-inf", &d), NumberParse::kOk);
  EXPECT_EQ(d, -std::numeric_limits<double>::infinity());
  EXPECT_EQ(ParseDouble("Infinity", &d), NumberParse::kOk);
  EXPECT_EQ(d, std::numeric_limits<double>::infinity());
  EXPECT_EQ(ParseDouble("1e400", &d), NumberParse::kOutOfRange);
  EXPECT_EQ(ParseDouble("abc", &d), NumberParse::kInvalid);
  EXPECT_EQ(ParseDouble("1.5x", &d), NumberParse::kInvalid);
  EXPECT_EQ(ParseDouble("--1", &d), NumberParse::kInvalid);
  EXPECT_EQ(ParseDouble("", &d), NumberParse::kInvalid);
  EXPECT_EQ(ParseDouble("0x10", &d), NumberParse::kInvalid);

  float f = 0;
  EXPECT_EQ(ParseFloat("0.1", &f), NumberParse::kOk);
  EXPECT_EQ(f, 0.1f);
  EXPECT_EQ(ParseFloat("1e39", &f), NumberParse::kOutOfRange);
}

TEST(NumberFormatTest, ParseBooleans) {
  bool b = false;
  for (const char* t : {"t", "TRUE", "yes", "On", "1", " true ", "tr", "Y", "ye"}) {
    ASSERT_TRUE(ParseBool(t, &b)) << t;
    EXPECT_TRUE(b);
  }
  for (const char* f : {"f", "False", "NO", "off", "0", "fal", "n", "OF"}) {
    ASSERT_TRUE(ParseBool(f, &b)) << f;
    EXPECT_FALSE(b);
  }
  for (const char* bad : {"", "2", "yess", "tru e", "nope", "o", "onn", "truex", "10"}) EXPECT_FALSE(ParseBool(bad, &b)) << bad;
}

}  // namespace
}  // namespace copra
