#include "function/pg_array.h"

#include <gtest/gtest.h>

namespace copra {
namespace {

TEST(PgArrayTest, ParsesAndPrintsPostgresText) {
  auto a = ParsePgArray(R"({a, "b c" ,NULL,"NULL","q\"x",{}})");
  EXPECT_FALSE(a.ok());  // nested arrays: one dimension only
  a = ParsePgArray(R"({a, "b c" ,NULL,"NULL","q\"x"})");
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  std::vector<PgArrayElement> want{"a", "b c", std::nullopt, "NULL", "q\"x"};
  EXPECT_EQ(*a, want);
  EXPECT_EQ(FormatPgArray(*a), R"({a,"b c",NULL,"NULL","q\"x"})");
  EXPECT_EQ(FormatPgArray({}), "{}");
  EXPECT_TRUE(ParsePgArray(" { } ")->empty());
}

TEST(PgArrayTest, RejectsMalformedText) {
  for (const char* bad : {"", "a,b", "{a", "{a,}", "{\"a}", "{a} x", "{a b\"}"}) {
    EXPECT_FALSE(ParsePgArray(bad).ok()) << bad;
  }
}

TEST(PgArrayTest, RoundTripsElementsThatNeedQuotes) {
  std::vector<PgArrayElement> in{"", " x", "a,b", "{", "\\", "null"};
  auto out = ParsePgArray(FormatPgArray(in));
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(*out, in);
}

}  // namespace
}  // namespace copra
