#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "types/logical_type.h"

namespace copra {
namespace {

LogicalType Parse(std::string_view name) {
  Result<LogicalType> r = ParseTypeName(name);
  EXPECT_TRUE(r.ok()) << name << ": " << r.status().ToString();
  return r.ok() ? *r : LogicalType::Null();
}

const LogicalType kTsS = LogicalType::Timestamp(TimeUnit::kSecond);
const LogicalType kTsMs = LogicalType::Timestamp(TimeUnit::kMillisecond);
const LogicalType kTsUs = LogicalType::Timestamp(TimeUnit::kMicrosecond);
const LogicalType kTsNs = LogicalType::Timestamp(TimeUnit::kNanosecond);

TEST(TypeNameTest, SqlStandardAndPostgresSpellings) {
  std::vector<std::pair<const char*, LogicalType>> cases = {
      {"boolean", LogicalType::Boolean()},
      {"bool", LogicalType::Boolean()},
      {"smallint", LogicalType::Int16()},
      {"int2", LogicalType::Int16()},
      {"integer", LogicalType::Int32()},
      {"int", LogicalType::Int32()},
      {"int4", LogicalType::Int32()},
      {"bigint", LogicalType::Int64()},
      {"real", LogicalType::Float32()},
      {"float4", LogicalType::Float32()},
      {"double precision", LogicalType::Float64()},
      {"float8", LogicalType::Float64()},
      {"float", LogicalType::Float32()},
      {"float(24)", LogicalType::Float32()},
      {"float(53)", LogicalType::Float64()},
      {"double", LogicalType::Float64()},
      {"text", LogicalType::String()},
      {"varchar", LogicalType::String()},
      {"varchar(20)", LogicalType::String()},
      {"character varying(255)", LogicalType::String()},
      {"character varying", LogicalType::String()},
      {"char(1)", LogicalType::String()},
      {"character(10)", LogicalType::String()},
      {"bytea", LogicalType::Binary()},
      {"timestamp", kTsMs},
      {"timestamp(0)", kTsS},
      {"timestamp(1)", kTsMs},
      {"timestamp(3)", kTsMs},
      {"timestamp(4)", kTsUs},
      {"timestamp(6)", kTsUs},
      {"timestamp(7)", kTsNs},
      {"timestamp(9)", kTsNs},
      {"timestamp without time zone", kTsMs},
      {"timestamp(6) without time zone", kTsUs},
      {"timestamptz", kTsMs},
      {"timestamp with time zone", kTsMs},
      {"timestamp(9) with time zone", kTsNs},
      {"date", LogicalType::Date()},
      {"interval", LogicalType::Interval()},
  };
  for (const auto& [name, type] : cases) {
    EXPECT_EQ(Parse(name), type) << name;
  }
}

TEST(TypeNameTest, GreptimeSpellings) {
  std::vector<std::pair<const char*, LogicalType>> cases = {
      {"Int8", LogicalType::Int8()},
      {"Int16", LogicalType::Int16()},
      {"Int32", LogicalType::Int32()},
      {"Int64", LogicalType::Int64()},
      {"UInt8", LogicalType::UInt8()},
      {"UInt16", LogicalType::UInt16()},
      {"UInt32", LogicalType::UInt32()},
      {"UInt64", LogicalType::UInt64()},
      {"Float32", LogicalType::Float32()},
      {"Float64", LogicalType::Float64()},
      {"String", LogicalType::String()},
      {"Binary", LogicalType::Binary()},
      {"Boolean", LogicalType::Boolean()},
      {"TimestampSecond", kTsS},
      {"TimestampMillisecond", kTsMs},
      {"TimestampMicrosecond", kTsUs},
      {"TimestampNanosecond", kTsNs},
      {"timestamp_s", kTsS},
      {"timestamp_ms", kTsMs},
      {"timestamp_us", kTsUs},
      {"timestamp_ns", kTsNs},
      {"Date", LogicalType::Date()},
      {"varbinary", LogicalType::Binary()},
  };
  for (const auto& [name, type] : cases) {
    EXPECT_EQ(Parse(name), type) << name;
  }
}

TEST(TypeNameTest, TimeplusClickHouseAndMySqlSpellings) {
  std::vector<std::pair<const char*, LogicalType>> cases = {
      {"int8", LogicalType::Int8()},  // 8-bit, not PostgreSQL's bigint
      {"int16", LogicalType::Int16()},
      {"int32", LogicalType::Int32()},
      {"int64", LogicalType::Int64()},
      {"uint8", LogicalType::UInt8()},
      {"uint64", LogicalType::UInt64()},
      {"float32", LogicalType::Float32()},
      {"float64", LogicalType::Float64()},
      {"string", LogicalType::String()},
      {"bool", LogicalType::Boolean()},
      {"datetime", kTsS},
      {"datetime('UTC')", kTsS},
      {"datetime64", kTsMs},
      {"datetime64(3)", kTsMs},
      {"datetime64(6)", kTsUs},
      {"datetime64(9, 'UTC')", kTsNs},
      {"tinyint", LogicalType::Int8()},
      {"tinyint unsigned", LogicalType::UInt8()},
      {"smallint unsigned", LogicalType::UInt16()},
      {"int unsigned", LogicalType::UInt32()},
      {"integer unsigned", LogicalType::UInt32()},
      {"bigint unsigned", LogicalType::UInt64()},
  };
  for (const auto& [name, type] : cases) {
    EXPECT_EQ(Parse(name), type) << name;
  }
}

TEST(TypeNameTest, CaseAndWhitespaceInsensitive) {
  EXPECT_EQ(Parse("  BIGINT "), LogicalType::Int64());
  EXPECT_EQ(Parse("Double   Precision"), LogicalType::Float64());
  EXPECT_EQ(Parse("\tvarchar ( 20 )"), LogicalType::String());
  EXPECT_EQ(Parse("TIMESTAMP ( 6 )   WITHOUT  TIME ZONE"), kTsUs);
  EXPECT_EQ(Parse("BIGINT   UNSIGNED"), LogicalType::UInt64());
  EXPECT_EQ(Parse("DateTime64( 3 , 'Asia/Shanghai' )"), kTsMs);
}

TEST(TypeNameTest, CanonicalNamesRoundTrip) {
  std::vector<LogicalType> all = {
      LogicalType::Null(),    LogicalType::Boolean(), LogicalType::Int8(),
      LogicalType::Int16(),   LogicalType::Int32(),   LogicalType::Int64(),
      LogicalType::UInt8(),   LogicalType::UInt16(),  LogicalType::UInt32(),
      LogicalType::UInt64(),  LogicalType::Float32(), LogicalType::Float64(),
      LogicalType::String(),  LogicalType::Binary(),  kTsS,
      kTsMs,                  kTsUs,                  kTsNs,
      LogicalType::Date(),    LogicalType::Interval(),
  };
  for (const LogicalType& t : all) {
    EXPECT_EQ(Parse(t.ToString()), t) << t.ToString();
  }
}

TEST(TypeNameTest, UnknownNameSuggestsClosest) {
  Result<LogicalType> r = ParseTypeName("bigintt");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kUndefinedObject);
  EXPECT_STREQ(r.status().sqlstate(), "42704");
  EXPECT_EQ(r.status().message(), "type \"bigintt\" does not exist (did you mean \"bigint\"?)");

  r = ParseTypeName("Timestmp");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "type \"Timestmp\" does not exist (did you mean \"timestamp\"?)");

  r = ParseTypeName("integr unsigned");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "type \"integr unsigned\" does not exist (did you mean \"integer unsigned\"?)");

  // Nothing close: no suggestion.
  r = ParseTypeName("geometry_collection");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "type \"geometry_collection\" does not exist");

  r = ParseTypeName("");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kUndefinedObject);
}

TEST(TypeNameTest, BadArguments) {
  EXPECT_EQ(ParseTypeName("timestamp(10)").status().code(), ErrorCode::kInvalidParameter);
  EXPECT_FALSE(ParseTypeName("bigint(3)").ok());
  EXPECT_FALSE(ParseTypeName("varchar(0)").ok());
  EXPECT_FALSE(ParseTypeName("varchar(x)").ok());
  EXPECT_FALSE(ParseTypeName("varchar(").ok());
  EXPECT_FALSE(ParseTypeName("timestamp(3").ok());
  EXPECT_FALSE(ParseTypeName("float(54)").ok());
  EXPECT_FALSE(ParseTypeName("datetime(3)").ok());
  EXPECT_FALSE(ParseTypeName("datetime64(3, UTC)").ok());
}

}  // namespace
}  // namespace copra
