#include "types/cast.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

namespace copra {
namespace {

const LogicalType kBool = LogicalType::Boolean();
const LogicalType kI8 = LogicalType::Int8();
const LogicalType kI16 = LogicalType::Int16();
const LogicalType kI32 = LogicalType::Int32();
const LogicalType kI64 = LogicalType::Int64();
const LogicalType kU8 = LogicalType::UInt8();
const LogicalType kU32 = LogicalType::UInt32();
const LogicalType kU64 = LogicalType::UInt64();
const LogicalType kF32 = LogicalType::Float32();
const LogicalType kF64 = LogicalType::Float64();
const LogicalType kStr = LogicalType::String();
const LogicalType kBin = LogicalType::Binary();
const LogicalType kTsS = LogicalType::Timestamp(TimeUnit::kSecond);
const LogicalType kTsMs = LogicalType::Timestamp(TimeUnit::kMillisecond);
const LogicalType kTsUs = LogicalType::Timestamp(TimeUnit::kMicrosecond);
const LogicalType kTsNs = LogicalType::Timestamp(TimeUnit::kNanosecond);
const LogicalType kDate = LogicalType::Date();
const LogicalType kIntv = LogicalType::Interval();

constexpr int64_t k2016 = 1451606400;

Value Cast(const Value& v, const LogicalType& to) {
  Result<Value> r = CastValue(v, to);
  EXPECT_TRUE(r.ok()) << v.ToString() << " -> " << to.ToString() << ": " << r.status().ToString();
  return r.ok() ? *r : Value();
}

Status CastError(const Value& v, const LogicalType& to) {
  Result<Value> r = CastValue(v, to);
  EXPECT_FALSE(r.ok()) << v.ToString() << " -> " << to.ToString() << " gave "
                       << (r.ok() ? r->ToString() : "");
  return r.status();
}

TEST(CastTest, NullOfAnyTypeBecomesNullOfTarget) {
  EXPECT_EQ(Cast(Value(), kI32), Value::Null(kI32));
  EXPECT_EQ(Cast(Value::Null(kDate), kBool), Value::Null(kBool));
  EXPECT_EQ(Cast(Value::Null(kStr), kTsNs), Value::Null(kTsNs));
}

TEST(CastTest, IntegersWidenAndNarrowWithRangeChecks) {
  EXPECT_EQ(Cast(Value::Int8(-5), kI64), Value::Int64(-5));
  EXPECT_EQ(Cast(Value::Int64(127), kI8), Value::Int8(127));
  EXPECT_EQ(Cast(Value::Int64(-128), kI8), Value::Int8(-128));
  EXPECT_EQ(Cast(Value::UInt64(255), kU8), Value::UInt8(255));
  EXPECT_EQ(Cast(Value::Int32(7), kU64), Value::UInt64(7));
  EXPECT_EQ(Cast(Value::UInt32(4000000000u), kI64), Value::Int64(4000000000));

  Status st = CastError(Value::Int32(300), kI8);
  EXPECT_EQ(st.code(), ErrorCode::kNumericOverflow);
  EXPECT_STREQ(st.sqlstate(), "22003");
  EXPECT_EQ(st.message(), "value 300 is out of range for type TINYINT");
  EXPECT_EQ(CastError(Value::Int64(-1), kU32).message(),
            "value -1 is out of range for type INT UNSIGNED");
  EXPECT_EQ(CastError(Value::UInt64(std::numeric_limits<uint64_t>::max()), kI64).code(),
            ErrorCode::kNumericOverflow);
  EXPECT_EQ(CastError(Value::Int64(70000), kI16).code(), ErrorCode::kNumericOverflow);
}

TEST(CastTest, FloatToIntegerRoundsHalfAwayFromZero) {
  EXPECT_EQ(Cast(Value::Float64(2.5), kI32), Value::Int32(3));
  EXPECT_EQ(Cast(Value::Float64(-2.5), kI32), Value::Int32(-3));
  EXPECT_EQ(Cast(Value::Float64(2.4999), kI32), Value::Int32(2));
  EXPECT_EQ(Cast(Value::Float64(-0.4), kI64), Value::Int64(0));
  EXPECT_EQ(Cast(Value::Float32(1.5f), kU8), Value::UInt8(2));
  EXPECT_EQ(Cast(Value::Float64(127.4), kI8), Value::Int8(127));
  EXPECT_EQ(CastError(Value::Float64(127.5), kI8).message(),
            "value 127.5 is out of range for type TINYINT");
  EXPECT_EQ(CastError(Value::Float64(1e20), kI64).message(),
            "value 1e+20 is out of range for type BIGINT");
  EXPECT_EQ(CastError(Value::Float64(-0.6), kU64).code(), ErrorCode::kNumericOverflow);
  EXPECT_EQ(CastError(Value::Float64(NAN), kI32).message(),
            "value NaN is out of range for type INT");
  EXPECT_EQ(CastError(Value::Float64(INFINITY), kI64).code(), ErrorCode::kNumericOverflow);
  EXPECT_EQ(CastError(Value::Float32(-INFINITY), kI16).code(), ErrorCode::kNumericOverflow);
  EXPECT_EQ(Cast(Value::Float64(9223372036854774784.0), kI64),
            Value::Int64(9223372036854774784));
  EXPECT_EQ(CastError(Value::Float64(9223372036854775808.0), kI64).code(),
            ErrorCode::kNumericOverflow);
  EXPECT_EQ(Cast(Value::Float64(-9223372036854775808.0), kI64),
            Value::Int64(std::numeric_limits<int64_t>::min()));
}

TEST(CastTest, IntegerAndFloatConversions) {
  EXPECT_EQ(Cast(Value::Int64(3), kF64), Value::Float64(3.0));
  EXPECT_EQ(Cast(Value::UInt64(std::numeric_limits<uint64_t>::max()), kF64),
            Value::Float64(18446744073709551615.0));
  EXPECT_EQ(Cast(Value::Int32(16777217), kF32), Value::Float32(16777216.0f));
  EXPECT_EQ(Cast(Value::Float32(0.1f), kF64), Value::Float64(static_cast<double>(0.1f)));
  EXPECT_EQ(Cast(Value::Float64(0.1), kF32), Value::Float32(0.1f));
  EXPECT_EQ(CastError(Value::Float64(1e300), kF32).message(),
            "value 1e+300 is out of range for type FLOAT");
  Value inf = Cast(Value::Float64(INFINITY), kF32);
  EXPECT_TRUE(std::isinf(inf.GetDouble()));
  Value nan = Cast(Value::Float64(NAN), kF32);
  EXPECT_TRUE(std::isnan(nan.GetDouble()));
}

TEST(CastTest, BooleanAndIntegers) {
  EXPECT_EQ(Cast(Value::Boolean(true), kI32), Value::Int32(1));
  EXPECT_EQ(Cast(Value::Boolean(false), kU8), Value::UInt8(0));
  EXPECT_EQ(Cast(Value::Int64(5), kBool), Value::Boolean(true));
  EXPECT_EQ(Cast(Value::Int64(0), kBool), Value::Boolean(false));
  EXPECT_EQ(Cast(Value::UInt64(std::numeric_limits<uint64_t>::max()), kBool),
            Value::Boolean(true));
  EXPECT_EQ(CastError(Value::Boolean(true), kF64).code(), ErrorCode::kDatatypeMismatch);
  EXPECT_EQ(CastError(Value::Float64(1), kBool).code(), ErrorCode::kDatatypeMismatch);
}

TEST(CastTest, StringToNumbers) {
  EXPECT_EQ(Cast(Value::String(" 42 "), kI64), Value::Int64(42));
  EXPECT_EQ(Cast(Value::String("-128"), kI8), Value::Int8(-128));
  EXPECT_EQ(Cast(Value::String("18446744073709551615"), kU64),
            Value::UInt64(std::numeric_limits<uint64_t>::max()));
  EXPECT_EQ(Cast(Value::String("1.5"), kF64), Value::Float64(1.5));
  EXPECT_EQ(Cast(Value::String("-1e3"), kF32), Value::Float32(-1000.0f));
  EXPECT_TRUE(std::isnan(Cast(Value::String("nan"), kF64).GetDouble()));
  EXPECT_EQ(Cast(Value::String("inf"), kF64), Value::Float64(INFINITY));
  EXPECT_EQ(Cast(Value::String("-Infinity"), kF64), Value::Float64(-INFINITY));
  EXPECT_EQ(Cast(Value::String("  infinity"), kF32), Value::Float32(INFINITY));

  Status st = CastError(Value::String("abc"), kI64);
  EXPECT_EQ(st.code(), ErrorCode::kInvalidText);
  EXPECT_STREQ(st.sqlstate(), "22P02");
  EXPECT_EQ(st.message(), "invalid input syntax for type bigint: \"abc\"");
  EXPECT_EQ(CastError(Value::String("1.5"), kI32).message(),
            "invalid input syntax for type int: \"1.5\"");
  EXPECT_EQ(CastError(Value::String("x"), kU8).message(),
            "invalid input syntax for type tinyint unsigned: \"x\"");
  EXPECT_EQ(CastError(Value::String("1,5"), kF64).message(),
            "invalid input syntax for type double: \"1,5\"");
  EXPECT_EQ(CastError(Value::String(""), kI32).code(), ErrorCode::kInvalidText);
  EXPECT_EQ(CastError(Value::String("300"), kI8).message(),
            "value \"300\" is out of range for type TINYINT");
  EXPECT_EQ(CastError(Value::String("-1"), kU64).code(), ErrorCode::kNumericOverflow);
  EXPECT_EQ(CastError(Value::String("99999999999999999999"), kI64).code(),
            ErrorCode::kNumericOverflow);
  EXPECT_EQ(CastError(Value::String("1e999"), kF64).code(), ErrorCode::kNumericOverflow);
}

TEST(CastTest, StringToBoolean) {
  for (const char* t : {"t", "true", "YES", "on", "1", " True "}) {
    EXPECT_EQ(Cast(Value::String(t), kBool), Value::Boolean(true)) << t;
  }
  for (const char* f : {"f", "FALSE", "no", "Off", "0"}) {
    EXPECT_EQ(Cast(Value::String(f), kBool), Value::Boolean(false)) << f;
  }
  EXPECT_EQ(CastError(Value::String("maybe"), kBool).message(),
            "invalid input syntax for type boolean: \"maybe\"");
}

TEST(CastTest, StringToTemporal) {
  EXPECT_EQ(Cast(Value::String("2016-01-01 00:00:00.5"), kTsMs),
            Value::Timestamp(k2016 * 1000 + 500, TimeUnit::kMillisecond));
  EXPECT_EQ(Cast(Value::String("2016-01-01T08:00:00+08:00"), kTsS),
            Value::Timestamp(k2016, TimeUnit::kSecond));
  EXPECT_EQ(Cast(Value::String(" 2016-01-01 "), kDate), Value::Date(16801));
  EXPECT_EQ(Cast(Value::String("1 day 2 hours"), kIntv),
            Value::IntervalValue({0, 1, 2 * 3600 * int64_t{1000000000}}));
  Status st = CastError(Value::String("yesterday-ish"), kTsMs);
  EXPECT_EQ(st.code(), ErrorCode::kInvalidDatetime);
  EXPECT_EQ(st.message(), "invalid input syntax for type timestamp: \"yesterday-ish\"");
  EXPECT_EQ(CastError(Value::String("1 fortnight"), kIntv).code(), ErrorCode::kInvalidDatetime);
}

TEST(CastTest, AnythingToString) {
  EXPECT_EQ(Cast(Value::Int32(-5), kStr), Value::String("-5"));
  EXPECT_EQ(Cast(Value::Float64(0.1), kStr), Value::String("0.1"));
  EXPECT_EQ(Cast(Value::Boolean(true), kStr), Value::String("true"));
  EXPECT_EQ(Cast(Value::Timestamp(k2016 * 1000 + 1, TimeUnit::kMillisecond), kStr),
            Value::String("2016-01-01 00:00:00.001"));
  EXPECT_EQ(Cast(Value::Date(-1), kStr), Value::String("1969-12-31"));
  EXPECT_EQ(Cast(Value::IntervalValue({1, 0, 0}), kStr), Value::String("1 mon"));
}

TEST(CastTest, BinaryAndStringKeepBytes) {
  EXPECT_EQ(Cast(Value::Binary("ab\x01"), kStr), Value::String("ab\x01"));
  EXPECT_EQ(Cast(Value::String(" x "), kBin), Value::Binary(" x "));
  EXPECT_EQ(CastError(Value::Binary("1"), kI32).code(), ErrorCode::kDatatypeMismatch);
}

TEST(CastTest, TimestampUnits) {
  EXPECT_EQ(Cast(Value::Timestamp(5, TimeUnit::kSecond), kTsNs),
            Value::Timestamp(5000000000, TimeUnit::kNanosecond));
  EXPECT_EQ(Cast(Value::Timestamp(1999, TimeUnit::kMillisecond), kTsS),
            Value::Timestamp(1, TimeUnit::kSecond));
  // Coarser units truncate toward negative infinity.
  EXPECT_EQ(Cast(Value::Timestamp(-1, TimeUnit::kMillisecond), kTsS),
            Value::Timestamp(-1, TimeUnit::kSecond));
  EXPECT_EQ(Cast(Value::Timestamp(-1500, TimeUnit::kMicrosecond), kTsMs),
            Value::Timestamp(-2, TimeUnit::kMillisecond));
  Status st = CastError(Value::Timestamp(k2016 * 1000000, TimeUnit::kSecond), kTsNs);
  EXPECT_EQ(st.code(), ErrorCode::kNumericOverflow);
}

TEST(CastTest, TimestampAndDate) {
  EXPECT_EQ(Cast(Value::Timestamp(k2016 * 1000 + 86399999, TimeUnit::kMillisecond), kDate),
            Value::Date(16801));
  EXPECT_EQ(Cast(Value::Timestamp(-1, TimeUnit::kNanosecond), kDate), Value::Date(-1));
  EXPECT_EQ(Cast(Value::Date(16801), kTsUs),
            Value::Timestamp(k2016 * 1000000, TimeUnit::kMicrosecond));
  EXPECT_EQ(Cast(Value::Date(-1), kTsS), Value::Timestamp(-86400, TimeUnit::kSecond));
  EXPECT_EQ(CastError(Value::Date(std::numeric_limits<int32_t>::max()), kTsNs).code(),
            ErrorCode::kNumericOverflow);
  EXPECT_EQ(CastError(Value::Timestamp(std::numeric_limits<int64_t>::max(), TimeUnit::kSecond),
                      kDate)
                .code(),
            ErrorCode::kNumericOverflow);
}

TEST(CastTest, IntegersAndTimestampTicks) {
  EXPECT_EQ(Cast(Value::Int64(k2016 * 1000), kTsMs),
            Value::Timestamp(k2016 * 1000, TimeUnit::kMillisecond));
  EXPECT_EQ(Cast(Value::Int32(-5), kTsNs), Value::Timestamp(-5, TimeUnit::kNanosecond));
  EXPECT_EQ(Cast(Value::Timestamp(123, TimeUnit::kMicrosecond), kI64), Value::Int64(123));
  EXPECT_EQ(Cast(Value::Timestamp(100, TimeUnit::kSecond), kI8), Value::Int8(100));
  EXPECT_EQ(CastError(Value::Timestamp(1000, TimeUnit::kSecond), kI8).code(),
            ErrorCode::kNumericOverflow);
  EXPECT_EQ(CastError(Value::UInt64(std::numeric_limits<uint64_t>::max()), kTsMs).code(),
            ErrorCode::kNumericOverflow);
  EXPECT_EQ(CastError(Value::Float64(1.0), kTsMs).code(), ErrorCode::kDatatypeMismatch);
}

TEST(CastTest, UnsupportedPairs) {
  Status st = CastError(Value::Date(1), kBool);
  EXPECT_EQ(st.code(), ErrorCode::kDatatypeMismatch);
  EXPECT_STREQ(st.sqlstate(), "42804");
  EXPECT_EQ(st.message(), "cannot cast type DATE to BOOLEAN");
  EXPECT_EQ(CastError(Value::IntervalValue({}), kI64).message(),
            "cannot cast type INTERVAL to BIGINT");
  EXPECT_EQ(CastError(Value::Int32(1), kIntv).code(), ErrorCode::kDatatypeMismatch);
  EXPECT_EQ(CastError(Value::Date(1), kI32).code(), ErrorCode::kDatatypeMismatch);
  EXPECT_EQ(CastError(Value::Int32(1), LogicalType::Null()).code(), ErrorCode::kDatatypeMismatch);
}

TEST(CastTest, SameTypeIsIdentity) {
  Value v = Value::Timestamp(7, TimeUnit::kMicrosecond);
  EXPECT_EQ(Cast(v, kTsUs), v);
  EXPECT_EQ(Cast(Value::String("abc"), kStr), Value::String("abc"));
}

TEST(CastTest, ImplicitCasts) {
  EXPECT_TRUE(CanCastImplicitly(kI32, kI64));
  EXPECT_TRUE(CanCastImplicitly(kI64, kF64));
  EXPECT_TRUE(CanCastImplicitly(kU8, kI16));
  EXPECT_TRUE(CanCastImplicitly(kDate, kTsMs));
  EXPECT_TRUE(CanCastImplicitly(kTsMs, kTsNs));
  EXPECT_TRUE(CanCastImplicitly(kStr, kTsMs));
  EXPECT_TRUE(CanCastImplicitly(kStr, kIntv));
  EXPECT_TRUE(CanCastImplicitly(LogicalType::Null(), kBin));
  EXPECT_TRUE(CanCastImplicitly(kF32, kF32));
  EXPECT_FALSE(CanCastImplicitly(kI64, kI32));
  EXPECT_FALSE(CanCastImplicitly(kF64, kI64));
  EXPECT_FALSE(CanCastImplicitly(kTsNs, kTsMs));
  EXPECT_FALSE(CanCastImplicitly(kTsMs, kDate));
  EXPECT_FALSE(CanCastImplicitly(kTsMs, kStr));
  EXPECT_FALSE(CanCastImplicitly(kI32, kStr));
  EXPECT_FALSE(CanCastImplicitly(kBool, kI32));
  EXPECT_FALSE(CanCastImplicitly(kU64, kI64));
}

// Every pair of types: CastValue succeeds on a sample value exactly when
// CanCastExplicitly says the pair is supported (modulo value errors, which
// the sample avoids), and never crashes.
TEST(CastTest, MatrixAgreesWithCanCastExplicitly) {
  std::vector<Value> samples = {
      Value::Boolean(true),        Value::Int8(1),
      Value::Int16(1),             Value::Int32(1),
      Value::Int64(1),             Value::UInt8(1),
      Value::UInt16(1),            Value::UInt32(1),
      Value::UInt64(1),            Value::Float32(1),
      Value::Float64(1),           Value::String("1"),
      Value::Binary("1"),          Value::Timestamp(1, TimeUnit::kSecond),
      Value::Timestamp(1, TimeUnit::kNanosecond), Value::Date(1),
      Value::IntervalValue({0, 1, 0}),
  };
  for (const Value& from : samples) {
    for (const Value& to_sample : samples) {
      const LogicalType& to = to_sample.type();
      Result<Value> r = CastValue(from, to);
      if (!CanCastExplicitly(from.type(), to)) {
        ASSERT_FALSE(r.ok());
        EXPECT_EQ(r.status().code(), ErrorCode::kDatatypeMismatch);
        continue;
      }
      if (r.ok()) {
        EXPECT_EQ(r->type(), to);
      } else {
        // Only text that is not valid for the target may fail here.
        EXPECT_EQ(from.type(), kStr) << from.ToString() << " -> " << to.ToString() << ": "
                                     << r.status().ToString();
      }
    }
  }
}

}  // namespace
}  // namespace copra
