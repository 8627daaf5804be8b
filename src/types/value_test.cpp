#include "types/value.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace copra {
namespace {

constexpr int64_t k2016 = 1451606400;

TEST(ValueTest, NullsAndTypes) {
  Value v;
  EXPECT_TRUE(v.is_null());
  EXPECT_TRUE(v.type().IsNull());
  EXPECT_EQ(v.ToString(), "NULL");
  Value typed = Value::Null(LogicalType::Int32());
  EXPECT_TRUE(typed.is_null());
  EXPECT_EQ(typed.type(), LogicalType::Int32());
  EXPECT_EQ(Value::Int8(-3).type(), LogicalType::Int8());
  EXPECT_EQ(Value::Timestamp(1, TimeUnit::kMicrosecond).type(),
            LogicalType::Timestamp(TimeUnit::kMicrosecond));
}

TEST(ValueTest, Accessors) {
  EXPECT_TRUE(Value::Boolean(true).GetBool());
  EXPECT_EQ(Value::Int16(-7).GetInt64(), -7);
  EXPECT_EQ(Value::UInt64(std::numeric_limits<uint64_t>::max()).GetUInt64(),
            std::numeric_limits<uint64_t>::max());
  EXPECT_EQ(Value::Float32(0.5f).GetDouble(), 0.5);
  EXPECT_EQ(Value::String("abc").GetString(), "abc");
  EXPECT_EQ(Value::Date(-5).GetInt64(), -5);
  EXPECT_EQ(Value::IntervalValue({1, 2, 3}).GetInterval(), (Interval{1, 2, 3}));
  EXPECT_EQ(Value::UInt8(200).AsDouble(), 200.0);
  EXPECT_EQ(Value::Int64(-2).AsDouble(), -2.0);
}

TEST(ValueTest, FormatsNumbers) {
  EXPECT_EQ(Value::Boolean(true).ToString(), "true");
  EXPECT_EQ(Value::Boolean(false).ToString(), "false");
  EXPECT_EQ(Value::Int8(-128).ToString(), "-128");
  EXPECT_EQ(Value::Int64(std::numeric_limits<int64_t>::min()).ToString(), "-9223372036854775808");
  EXPECT_EQ(Value::UInt64(std::numeric_limits<uint64_t>::max()).ToString(),
            "18446744073709551615");
  EXPECT_EQ(Value::Float64(0.1).ToString(), "0.1");
  EXPECT_EQ(Value::Float64(1e20).ToString(), "1e+20");
  EXPECT_EQ(Value::Float64(2.5).ToString(), "2.5");
  EXPECT_EQ(Value::Float64(std::nan("")).ToString(), "NaN");
  EXPECT_EQ(Value::Float64(INFINITY).ToString(), "Infinity");
  EXPECT_EQ(Value::Float64(-INFINITY).ToString(), "-Infinity");
  // FLOAT prints its own shortest form, not the widened double's.
  EXPECT_EQ(Value::Float32(0.1f).ToString(), "0.1");
  EXPECT_EQ(Value::Float32(-INFINITY).ToString(), "-Infinity");
}

TEST(ValueTest, FormatsTimestampsOfEveryUnit) {
  EXPECT_EQ(Value::Timestamp(k2016, TimeUnit::kSecond).ToString(), "2016-01-01 00:00:00");
  EXPECT_EQ(Value::Timestamp(k2016 * 1000 + 123, TimeUnit::kMillisecond).ToString(),
            "2016-01-01 00:00:00.123");
  EXPECT_EQ(Value::Timestamp(k2016 * 1000000 + 120000, TimeUnit::kMicrosecond).ToString(),
            "2016-01-01 00:00:00.12");
  EXPECT_EQ(Value::Timestamp(k2016 * 1000000000 + 5, TimeUnit::kNanosecond).ToString(),
            "2016-01-01 00:00:00.000000005");
  EXPECT_EQ(Value::Timestamp(-1, TimeUnit::kSecond).ToString(), "1969-12-31 23:59:59");
  EXPECT_EQ(Value::Timestamp(-1, TimeUnit::kMillisecond).ToString(),
            "1969-12-31 23:59:59.999");
  EXPECT_EQ(Value::Timestamp(-86400000001, TimeUnit::kMicrosecond).ToString(),
            "1969-12-30 23:59:59.999999");
  EXPECT_EQ(Value::Timestamp(-1, TimeUnit::kNanosecond).ToString(),
            "1969-12-31 23:59:59.999999999");
}

TEST(ValueTest, FormatsDatesIntervalsBinary) {
  EXPECT_EQ(Value::Date(16801).ToString(), "2016-01-01");
  EXPECT_EQ(Value::Date(-1).ToString(), "1969-12-31");
  EXPECT_EQ(Value::IntervalValue({14, 3, 14706500000000}).ToString(),
            "1 year 2 mons 3 days 04:05:06.5");
  EXPECT_EQ(Value::IntervalValue({}).ToString(), "00:00:00");
  EXPECT_EQ(Value::Binary(std::string("\x0a\x0b", 2)).ToString(), "\\x0a0b");
  EXPECT_EQ(Value::Binary(std::string("\xff\x00", 2)).ToString(), "\\xff00");
  EXPECT_EQ(Value::Binary("").ToString(), "\\x");
  EXPECT_EQ(Value::String("it's").ToString(), "it's");
}

TEST(ValueTest, SqlLiterals) {
  EXPECT_EQ(Value().ToSqlLiteral(), "NULL");
  EXPECT_EQ(Value::Null(LogicalType::Int32()).ToSqlLiteral(), "CAST(NULL AS INT)");
  EXPECT_EQ(Value::Boolean(true).ToSqlLiteral(), "TRUE");
  EXPECT_EQ(Value::Int64(-5).ToSqlLiteral(), "-5");
  EXPECT_EQ(Value::Int8(5).ToSqlLiteral(), "CAST(5 AS TINYINT)");
  EXPECT_EQ(Value::UInt64(7).ToSqlLiteral(), "CAST('7' AS BIGINT UNSIGNED)");
  EXPECT_EQ(Value::Int64(std::numeric_limits<int64_t>::min()).ToSqlLiteral(),
            "CAST('-9223372036854775808' AS BIGINT)");
  EXPECT_EQ(Value::Float64(1.5).ToSqlLiteral(), "1.5");
  EXPECT_EQ(Value::Float64(100).ToSqlLiteral(), "100.0");
  EXPECT_EQ(Value::Float64(1e20).ToSqlLiteral(), "1e+20");
  EXPECT_EQ(Value::Float64(NAN).ToSqlLiteral(), "CAST('NaN' AS DOUBLE)");
  EXPECT_EQ(Value::Float32(0.5f).ToSqlLiteral(), "CAST('0.5' AS FLOAT)");
  EXPECT_EQ(Value::String("it's").ToSqlLiteral(), "'it''s'");
  EXPECT_EQ(Value::Binary("\x01\x02").ToSqlLiteral(), "X'0102'");
  EXPECT_EQ(Value::Timestamp(k2016 * 1000, TimeUnit::kMillisecond).ToSqlLiteral(),
            "TIMESTAMP '2016-01-01 00:00:00'");
  EXPECT_EQ(Value::Timestamp(k2016 * 1000000 + 1, TimeUnit::kMicrosecond).ToSqlLiteral(),
            "CAST('2016-01-01 00:00:00.000001' AS TIMESTAMP(6))");
  EXPECT_EQ(Value::Date(16801).ToSqlLiteral(), "DATE '2016-01-01'");
  EXPECT_EQ(Value::IntervalValue({1, 0, 0}).ToSqlLiteral(), "INTERVAL '1 mon'");
}

TEST(ValueTest, CompareWithinAndAcrossNumericTypes) {
  EXPECT_LT(Value::Int32(1).Compare(Value::Int32(2)), 0);
  EXPECT_GT(Value::Int32(2).Compare(Value::Int32(1)), 0);
  EXPECT_EQ(Value::Int32(2).Compare(Value::Int64(2)), 0);
  EXPECT_LT(Value::Int64(-1).Compare(Value::UInt64(0)), 0);
  EXPECT_GT(Value::UInt64(std::numeric_limits<uint64_t>::max()).Compare(
                Value::Int64(std::numeric_limits<int64_t>::max())),
            0);
  EXPECT_EQ(Value::Int64(3).Compare(Value::Float64(3.0)), 0);
  EXPECT_LT(Value::Int64(3).Compare(Value::Float64(3.5)), 0);
  // Exact even where double rounding would say "equal".
  EXPECT_GT(Value::Int64((int64_t{1} << 53) + 1).Compare(Value::Float64(9007199254740992.0)), 0);
  // NaN sorts last and equals itself.
  EXPECT_GT(Value::Float64(NAN).Compare(Value::Float64(INFINITY)), 0);
  EXPECT_EQ(Value::Float64(NAN).Compare(Value::Float64(NAN)), 0);
  EXPECT_GT(Value::Float64(NAN).Compare(Value::Int64(5)), 0);
  EXPECT_EQ(Value::Float64(-0.0).Compare(Value::Float64(0.0)), 0);
}

TEST(ValueTest, CompareNullsAndOtherTypes) {
  EXPECT_EQ(Value().Compare(Value::Null(LogicalType::Int32())), 0);
  EXPECT_LT(Value::Null(LogicalType::Int32()).Compare(Value::Int32(-100)), 0);
  EXPECT_GT(Value::Int32(-100).Compare(Value()), 0);
  EXPECT_LT(Value::String("a").Compare(Value::String("b")), 0);
  EXPECT_LT(Value::String("a").Compare(Value::String("ab")), 0);
  EXPECT_LT(Value::String("z").Compare(Value::String("\xc3\xa9")), 0);  // bytes, unsigned
  EXPECT_LT(Value::Boolean(false).Compare(Value::Boolean(true)), 0);
  EXPECT_EQ(Value::Timestamp(1, TimeUnit::kSecond)
                .Compare(Value::Timestamp(1000, TimeUnit::kMillisecond)),
            0);
  EXPECT_LT(Value::Timestamp(999, TimeUnit::kMillisecond)
                .Compare(Value::Timestamp(1, TimeUnit::kSecond)),
            0);
  EXPECT_EQ(Value::Date(1).Compare(Value::Timestamp(86400, TimeUnit::kSecond)), 0);
  // Intervals compare like PostgreSQL: a month is 30 days.
  EXPECT_EQ(Value::IntervalValue({1, 0, 0}).Compare(Value::IntervalValue({0, 30, 0})), 0);
  EXPECT_LT(Value::IntervalValue({0, 1, 0}).Compare(Value::IntervalValue({0, 0, 86400000000001})),
            0);
}

TEST(ValueTest, EqualityIsTypedAndHashConsistent) {
  EXPECT_EQ(Value::Int32(5), Value::Int32(5));
  EXPECT_FALSE(Value::Int32(5) == Value::Int64(5));
  EXPECT_FALSE(Value::Int32(5) == Value::Null(LogicalType::Int32()));
  EXPECT_EQ(Value::Null(LogicalType::Int32()), Value::Null(LogicalType::Int32()));
  EXPECT_EQ(Value::Int32(5).Hash(), Value::Int32(5).Hash());
  EXPECT_NE(Value::Int32(5).Hash(), Value::Int32(6).Hash());
  EXPECT_EQ(Value::Float64(-0.0).Hash(), Value::Float64(0.0).Hash());
  EXPECT_EQ(Value::Float64(NAN).Hash(), Value::Float64(-NAN).Hash());
  EXPECT_EQ(Value::String("abc").Hash(), Value::String(std::string("abc")).Hash());
  EXPECT_EQ(Value::IntervalValue({1, 0, 0}), Value::IntervalValue({0, 30, 0}));
  EXPECT_EQ(Value::IntervalValue({1, 0, 0}).Hash(), Value::IntervalValue({0, 30, 0}).Hash());
}

TEST(ValueTest, CastToDelegatesToCastValue) {
  Result<Value> r = Value::String("42").CastTo(LogicalType::Int32());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, Value::Int32(42));
}

}  // namespace
}  // namespace copra
