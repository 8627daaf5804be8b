#include "types/logical_type.h"

#include <gtest/gtest.h>

namespace copra {
namespace {

const LogicalType kNull = LogicalType::Null();
const LogicalType kBool = LogicalType::Boolean();
const LogicalType kI8 = LogicalType::Int8();
const LogicalType kI16 = LogicalType::Int16();
const LogicalType kI32 = LogicalType::Int32();
const LogicalType kI64 = LogicalType::Int64();
const LogicalType kU8 = LogicalType::UInt8();
const LogicalType kU16 = LogicalType::UInt16();
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

TEST(LogicalTypeTest, ByteWidth) {
  EXPECT_EQ(kNull.ByteWidth(), 0);
  EXPECT_EQ(kBool.ByteWidth(), 0);
  EXPECT_EQ(kI8.ByteWidth(), 1);
  EXPECT_EQ(kU8.ByteWidth(), 1);
  EXPECT_EQ(kI16.ByteWidth(), 2);
  EXPECT_EQ(kU16.ByteWidth(), 2);
  EXPECT_EQ(kI32.ByteWidth(), 4);
  EXPECT_EQ(kU32.ByteWidth(), 4);
  EXPECT_EQ(kF32.ByteWidth(), 4);
  EXPECT_EQ(kDate.ByteWidth(), 4);
  EXPECT_EQ(kI64.ByteWidth(), 8);
  EXPECT_EQ(kU64.ByteWidth(), 8);
  EXPECT_EQ(kF64.ByteWidth(), 8);
  EXPECT_EQ(kTsNs.ByteWidth(), 8);
  EXPECT_EQ(kIntv.ByteWidth(), 16);
  EXPECT_EQ(kStr.ByteWidth(), 0);
  EXPECT_EQ(kBin.ByteWidth(), 0);
}

TEST(LogicalTypeTest, CanonicalNames) {
  EXPECT_EQ(kNull.ToString(), "NULL");
  EXPECT_EQ(kBool.ToString(), "BOOLEAN");
  EXPECT_EQ(kI8.ToString(), "TINYINT");
  EXPECT_EQ(kI16.ToString(), "SMALLINT");
  EXPECT_EQ(kI32.ToString(), "INT");
  EXPECT_EQ(kI64.ToString(), "BIGINT");
  EXPECT_EQ(kU8.ToString(), "TINYINT UNSIGNED");
  EXPECT_EQ(kU16.ToString(), "SMALLINT UNSIGNED");
  EXPECT_EQ(kU32.ToString(), "INT UNSIGNED");
  EXPECT_EQ(kU64.ToString(), "BIGINT UNSIGNED");
  EXPECT_EQ(kF32.ToString(), "FLOAT");
  EXPECT_EQ(kF64.ToString(), "DOUBLE");
  EXPECT_EQ(kStr.ToString(), "STRING");
  EXPECT_EQ(kBin.ToString(), "BINARY");
  EXPECT_EQ(kTsS.ToString(), "TIMESTAMP(0)");
  EXPECT_EQ(kTsMs.ToString(), "TIMESTAMP(3)");
  EXPECT_EQ(kTsUs.ToString(), "TIMESTAMP(6)");
  EXPECT_EQ(kTsNs.ToString(), "TIMESTAMP(9)");
  EXPECT_EQ(kDate.ToString(), "DATE");
  EXPECT_EQ(kIntv.ToString(), "INTERVAL");
}

TEST(LogicalTypeTest, Units) {
  EXPECT_EQ(UnitsPerSecond(TimeUnit::kSecond), 1);
  EXPECT_EQ(UnitsPerSecond(TimeUnit::kMillisecond), 1000);
  EXPECT_EQ(UnitsPerSecond(TimeUnit::kMicrosecond), 1000000);
  EXPECT_EQ(UnitsPerSecond(TimeUnit::kNanosecond), 1000000000);
  EXPECT_EQ(TimeUnitPrecision(TimeUnit::kSecond), 0);
  EXPECT_EQ(TimeUnitPrecision(TimeUnit::kMillisecond), 3);
  EXPECT_EQ(TimeUnitPrecision(TimeUnit::kMicrosecond), 6);
  EXPECT_EQ(TimeUnitPrecision(TimeUnit::kNanosecond), 9);
}

TEST(LogicalTypeTest, EqualityIgnoresUnitExceptForTimestamps) {
  EXPECT_EQ(kTsMs, LogicalType::Timestamp());
  EXPECT_NE(kTsMs, kTsUs);
  EXPECT_EQ(LogicalType(TypeId::kInt64, TimeUnit::kSecond), kI64);
  EXPECT_TRUE(kU16.IsUnsignedInteger());
  EXPECT_FALSE(kBool.IsInteger());
  EXPECT_TRUE(kDate.IsTemporal());
}

struct SuperCase {
  LogicalType a, b, expected;
};

TEST(LogicalTypeTest, CommonSuperTypeTable) {
  const SuperCase cases[] = {
      // identity and NULL
      {kI32, kI32, kI32},
      {kNull, kStr, kStr},
      {kDate, kNull, kDate},
      {kNull, kNull, kNull},
      // integers widen
      {kI8, kI16, kI16},
      {kI32, kI8, kI32},
      {kI16, kI64, kI64},
      {kU8, kU32, kU32},
      {kU64, kU16, kU64},
      // signed + unsigned: next wider signed, or the signed side if wider
      {kI8, kU8, kI16},
      {kU16, kI8, kI32},
      {kI16, kU16, kI32},
      {kI32, kU32, kI64},
      {kI64, kU32, kI64},
      {kI64, kU8, kI64},
      {kI32, kU8, kI32},
      {kU64, kI8, kF64},
      {kI64, kU64, kF64},
      // floats
      {kF32, kF32, kF32},
      {kF32, kF64, kF64},
      {kI8, kF32, kF64},
      {kI64, kF64, kF64},
      {kU64, kF32, kF64},
      // temporal
      {kTsMs, kTsUs, kTsUs},
      {kTsNs, kTsS, kTsNs},
      {kDate, kTsS, kTsS},
      {kTsUs, kDate, kTsUs},
      {kStr, kTsMs, kTsMs},
      {kDate, kStr, kDate},
      {kStr, kIntv, kIntv},
  };
  for (const SuperCase& c : cases) {
    Result<LogicalType> r = CommonSuperType(c.a, c.b);
    ASSERT_TRUE(r.ok()) << c.a.ToString() << " + " << c.b.ToString();
    EXPECT_EQ(*r, c.expected) << c.a.ToString() << " + " << c.b.ToString() << " gave "
                              << r->ToString();
    // Symmetric.
    Result<LogicalType> s = CommonSuperType(c.b, c.a);
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(*s, c.expected);
  }
}

TEST(LogicalTypeTest, CommonSuperTypeMismatches) {
  const std::pair<LogicalType, LogicalType> bad[] = {
      {kBool, kI32}, {kStr, kI64}, {kStr, kBin}, {kDate, kBool}, {kIntv, kTsMs},
      {kDate, kI32}, {kF64, kStr}, {kBin, kI8},
  };
  for (const auto& [a, b] : bad) {
    Result<LogicalType> r = CommonSuperType(a, b);
    ASSERT_FALSE(r.ok()) << a.ToString() << " + " << b.ToString();
    EXPECT_EQ(r.status().code(), ErrorCode::kDatatypeMismatch);
  }
  EXPECT_EQ(CommonSuperType(kDate, kBool).status().message(),
            "types DATE and BOOLEAN cannot be matched");
}

}  // namespace
}  // namespace copra
