#include <gtest/gtest.h>

#include <cmath>

#include "function/function_test_util.h"
#include "function/like_matcher.h"

namespace copra {
namespace {

using namespace test;  // NOLINT

const LogicalType kI64 = LogicalType::Int64();
const LogicalType kStr = LogicalType::String();

TEST(ComparisonTest, Integers) {
  Datum a = Col(kI64, {I64(1), I64(2), Null(), I64(4)});
  Datum b = Col(kI64, {I64(1), I64(3), I64(3), Null()});
  EXPECT_EQ(Apply("=", {a, b}), (Strs{"true", "false", "NULL", "NULL"}));
  EXPECT_EQ(Apply("<>", {a, b}), (Strs{"false", "true", "NULL", "NULL"}));
  EXPECT_EQ(Apply("<", {a, Lit(I64(2))}), (Strs{"true", "false", "NULL", "false"}));
  EXPECT_EQ(Apply("<=", {Lit(I64(2)), a}), (Strs{"false", "true", "NULL", "true"}));
  EXPECT_EQ(Apply(">", {a, Lit(Null(kI64))}), (Strs{"NULL", "NULL", "NULL", "NULL"}));
  EXPECT_EQ(Apply(">=", {a, a}), (Strs{"true", "true", "NULL", "true"}));
  EXPECT_EQ(Eval("<", {I32(1), I64(2)}), "true");
  EXPECT_EQ(Eval("=", {I32(1), F64(1.0)}), "true");
  EXPECT_EQ(Eval(">", {U64(18446744073709551615ull), I64(-1)}), "true");
}

TEST(ComparisonTest, ManyRowsPackIntoBits) {
  std::vector<Value> vals;
  for (int i = 0; i < 21; ++i) vals.push_back(i % 3 == 0 ? Null() : I64(i));
  Datum a = Col(kI64, vals);
  Strs got = Apply(">", {a, Lit(I64(10))});
  ASSERT_EQ(got.size(), 21u);
  for (int i = 0; i < 21; ++i) {
    EXPECT_EQ(got[size_t(i)], i % 3 == 0 ? "NULL" : (i > 10 ? "true" : "false")) << i;
  }
  // A sliced input (offset 5) keeps its rows aligned.
  Datum sliced = Datum::Flat(a.column->Slice(5, 10));
  got = Apply("=", {sliced, Lit(I64(7))});
  EXPECT_EQ(got, (Strs{"false", "NULL", "true", "false", "NULL", "false", "false", "NULL",
                       "false", "false"}));
}

TEST(ComparisonTest, FloatsNaN) {
  double nan = std::nan("");
  EXPECT_EQ(Eval("=", {F64(nan), F64(nan)}), "true");
  EXPECT_EQ(Eval(">", {F64(nan), F64(1e308)}), "true");
  EXPECT_EQ(Eval("<", {F64(nan), F64(INFINITY)}), "false");
  EXPECT_EQ(Eval("<>", {F64(nan), F64(1)}), "true");
  EXPECT_EQ(Eval("<=", {F32(1.5f), F32(1.5f)}), "true");
}

TEST(ComparisonTest, StringsBooleansBinary) {
  Datum s = Col(kStr, {S("a"), S("b"), S(""), S("é"), Null()});
  EXPECT_EQ(Apply("<", {s, Lit(S("b"))}), (Strs{"true", "false", "true", "false", "NULL"}));
  EXPECT_EQ(Apply("=", {Lit(S("")), s}), (Strs{"false", "false", "true", "false", "NULL"}));
  EXPECT_EQ(Eval("<", {S("abc"), S("abd")}), "true");
  EXPECT_EQ(Eval("<", {S("ab"), S("abc")}), "true");
  EXPECT_EQ(Eval("<", {B(false), B(true)}), "true");
  EXPECT_EQ(Eval("=", {B(true), B(true)}), "true");
  EXPECT_EQ(Eval(">", {Bin(std::string("\xff", 1)), Bin("a")}), "true");  // unsigned bytes
}

TEST(ComparisonTest, Temporal) {
  const TimeUnit us = TimeUnit::kMicrosecond;
  EXPECT_EQ(Eval("<", {Ts("2020-01-01 00:00:00"), Ts("2020-01-01 00:00:00.001")}), "true");
  // Mixed units compare after widening.
  EXPECT_EQ(Eval("=", {Ts("2020-01-01 00:00:01"), Ts("2020-01-01 00:00:01", us)}), "true");
  EXPECT_EQ(Eval("<", {Ts("2020-01-01 00:00:01"), Ts("2020-01-01 00:00:01.000001", us)}),
            "true");
  // TIMESTAMP(3) > STRING resolves to the TIMESTAMP(3) overload, casting
  // the string.
  std::vector<bool> literal = {false, true};
  auto call = FunctionRegistry::Global().ResolveScalar(
      ">", {LogicalType::Timestamp(TimeUnit::kMillisecond), kStr}, &literal);
  ASSERT_TRUE(call.ok());
  EXPECT_EQ(call->function->Signature(), ">(TIMESTAMP(3), TIMESTAMP(3)) -> BOOLEAN");
  EXPECT_EQ(call->cast_to[1], LogicalType::Timestamp(TimeUnit::kMillisecond));
  // A STRING column is not a literal: no implicit conversion.
  EXPECT_FALSE(FunctionRegistry::Global()
                   .ResolveScalar(">", {LogicalType::Timestamp(TimeUnit::kMillisecond), kStr})
                   .ok());
  EXPECT_EQ(Eval(">", {Ts("2020-01-02 00:00:00"), S("2020-01-01")}), "true");
  EXPECT_EQ(Eval("=", {Dt("2020-01-01"), Ts("2020-01-01 00:00:00")}), "true");
  EXPECT_EQ(Eval("<", {Dt("1969-12-31"), Dt("1970-01-01")}), "true");
  EXPECT_EQ(Eval("=", {Iv("1 mon"), Iv("30 days")}), "true");
  EXPECT_EQ(Eval("<", {Iv("23 hours"), Iv("1 day")}), "true");
  EXPECT_EQ(Eval("=", {Iv("1 year"), Iv("360 days")}), "true");  // PostgreSQL's 30-day months
}

TEST(ComparisonTest, IsDistinctFrom) {
  Datum a = Col(kI64, {I64(1), I64(1), Null(), Null()});
  Datum b = Col(kI64, {I64(1), I64(2), I64(1), Null()});
  EXPECT_EQ(Apply("is_distinct_from", {a, b}), (Strs{"false", "true", "true", "false"}));
  EXPECT_EQ(Apply("is_not_distinct_from", {a, b}), (Strs{"true", "false", "false", "true"}));
  EXPECT_EQ(Apply("is_distinct_from", {a, Lit(Null(kI64))}),
            (Strs{"true", "true", "false", "false"}));
  EXPECT_EQ(Eval("is_not_distinct_from", {Null(), Null()}), "true");
  EXPECT_EQ(Eval("is_distinct_from", {S("a"), Null(kStr)}), "true");
}

TEST(LikeMatcherTest, Kinds) {
  auto kind = [](const char* p) { return LikeMatcher::Compile(p)->kind(); };
  EXPECT_EQ(kind("abc"), LikeMatcher::Kind::kExact);
  EXPECT_EQ(kind("abc%"), LikeMatcher::Kind::kPrefix);
  EXPECT_EQ(kind("%abc"), LikeMatcher::Kind::kSuffix);
  EXPECT_EQ(kind("%abc%"), LikeMatcher::Kind::kContains);
  EXPECT_EQ(kind("%%"), LikeMatcher::Kind::kAll);
  EXPECT_EQ(kind("a%c"), LikeMatcher::Kind::kGeneral);
  EXPECT_EQ(kind("a_c"), LikeMatcher::Kind::kGeneral);
  EXPECT_EQ(kind("50\\%"), LikeMatcher::Kind::kExact);
  EXPECT_FALSE(LikeMatcher::Compile("abc\\").ok());
}

TEST(ComparisonTest, Like) {
  Datum s = Col(kStr, {S("hello"), S("help"), S("shell"), S(""), Null(), S("héllo")});
  EXPECT_EQ(Apply("like", {s, Lit(S("hel%"))}),
            (Strs{"true", "true", "false", "false", "NULL", "false"}));
  EXPECT_EQ(Apply("like", {s, Lit(S("%ll%"))}),
            (Strs{"true", "false", "true", "false", "NULL", "true"}));
  EXPECT_EQ(Apply("like", {s, Lit(S("%lo"))}),
            (Strs{"true", "false", "false", "false", "NULL", "true"}));
  EXPECT_EQ(Apply("like", {s, Lit(S("h_llo"))}),
            (Strs{"true", "false", "false", "false", "NULL", "true"}));
  EXPECT_EQ(Apply("like", {s, Lit(S("%"))}),
            (Strs{"true", "true", "true", "true", "NULL", "true"}));
  EXPECT_EQ(Apply("like", {s, Lit(S(""))}),
            (Strs{"false", "false", "false", "true", "NULL", "false"}));
  EXPECT_EQ(Apply("not_like", {s, Lit(S("h%l_"))}),
            (Strs{"false", "false", "true", "true", "NULL", "false"}));
  EXPECT_EQ(Apply("like", {s, Lit(Null(kStr))}),
            (Strs{"NULL", "NULL", "NULL", "NULL", "NULL", "NULL"}));
  EXPECT_EQ(Eval("like", {S("h%l_"), S("h%l_")}), "true");
  EXPECT_EQ(Eval("like", {S("abcabcabd"), S("%abc%abd")}), "true");  // needs backtracking
  EXPECT_EQ(Eval("like", {S("aXbXc"), S("a%b%c")}), "true");
  EXPECT_EQ(Eval("like", {S("aXbXcX"), S("a%b%c")}), "false");
  EXPECT_EQ(Eval("like", {S("100%"), S("100\\%")}), "true");
  EXPECT_EQ(Eval("like", {S("1000"), S("100\\%")}), "false");
  EXPECT_EQ(Eval("like", {S("a_b"), S("a\\_b")}), "true");
  EXPECT_EQ(Eval("like", {S("axb"), S("a\\_b")}), "false");
  EXPECT_EQ(Eval("like", {S("日本語"), S("_本_")}), "true");
  EXPECT_EQ(Eval("like", {S("日本語"), S("__")}), "false");
  EXPECT_EQ(Eval("like", {S("x"), S("x\\")}),
            "ERROR invalid_parameter_value: LIKE pattern must not end with escape character");
  // Per-row patterns; a bad pattern in a NULL row is not an error.
  Datum pats = Col(kStr, {S("h%"), S("%p"), Null(), S(""), S("x\\"), S("h_llo")});
  EXPECT_EQ(Apply("like", {Col(kStr, {S("hi"), S("help"), S("a"), S(""), Null(), S("héllo")}),
                           pats}),
            (Strs{"true", "true", "NULL", "true", "NULL", "true"}));
}

TEST(ComparisonTest, ILike) {
  Datum s = Col(kStr, {S("Hello"), S("HELP"), S("ÉCOLE"), Null()});
  EXPECT_EQ(Apply("ilike", {s, Lit(S("hel%"))}), (Strs{"true", "true", "false", "NULL"}));
  EXPECT_EQ(Apply("ilike", {s, Lit(S("école"))}), (Strs{"false", "false", "true", "NULL"}));
  EXPECT_EQ(Apply("not_ilike", {s, Lit(S("%LP"))}), (Strs{"true", "false", "true", "NULL"}));
  EXPECT_EQ(Apply("ilike", {s, Lit(S("%É%"))}), (Strs{"false", "false", "true", "NULL"}));
  EXPECT_EQ(Eval("ilike", {S("straße"), S("STRASSE")}), "false");  // simple folding only
}

}  // namespace
}  // namespace copra
