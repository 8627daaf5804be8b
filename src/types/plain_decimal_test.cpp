// ParsePlainDecimal gives exactly ParseDouble's double for every text it
// takes, and declines what it cannot compute exactly.
#include "types/plain_decimal.h"

#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <string>

#include "types/number_format.h"

namespace copra {
namespace {

TEST(PlainDecimalTest, AgreesWithParseDouble) {
  std::mt19937_64 rng(7);
  const std::string alphabet = "0123456789.-e+ x";
  int taken = 0;
  for (int i = 0; i < 200000; ++i) {
    std::string t;
    const int len = 1 + static_cast<int>(rng() % 24);
    for (int k = 0; k < len; ++k) {
      // Mostly digits, some points and signs, rarely anything else.
      const uint64_t r = rng() % 100;
      t += r < 85 ? static_cast<char>('0' + rng() % 10) : r < 95 ? '.' : alphabet[rng() % 16];
    }
    if (rng() % 4 == 0) t = "-" + t;
    double fast = 0, slow = 0;
    if (!ParsePlainDecimal(t, &fast)) continue;
    ++taken;
    ASSERT_EQ(ParseDouble(t, &slow), NumberParse::kOk) << t;
    ASSERT_EQ(std::memcmp(&fast, &slow, sizeof(double)), 0) << t << " " << fast << " " << slow;
  }
  EXPECT_GT(taken, 10000);
}

TEST(PlainDecimalTest, TakesTheCommonSpellingsOnly) {
  double v = 0;
  EXPECT_TRUE(ParsePlainDecimal("31.84", &v));
  EXPECT_EQ(v, 31.84);
  EXPECT_TRUE(ParsePlainDecimal("-0", &v));
  EXPECT_TRUE(std::signbit(v));
  EXPECT_TRUE(ParsePlainDecimal(".5", &v));
  EXPECT_EQ(v, 0.5);
  EXPECT_TRUE(ParsePlainDecimal("7.", &v));
  EXPECT_EQ(v, 7.0);
  for (const char* no : {"", "-", ".", "1e5", "+1", " 1", "1 ", "1.2.3", "nan", "inf",
                         "12345678901234567890", "9007199254740993", "1.00000000000000000000001"}) {
    EXPECT_FALSE(ParsePlainDecimal(no, &v)) << no;
  }
}

}  // namespace
}  // namespace copra
