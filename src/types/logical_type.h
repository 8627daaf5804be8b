// LogicalType: the SQL-level type of a column or expression.
//
// Physical layout follows the Arrow columnar format (see vector/column.h):
//   BOOLEAN            bit-packed, 1 bit per value
//   INT8..UINT64       little-endian fixed width
//   FLOAT32/FLOAT64    IEEE 754
//   STRING, BINARY     int32 offsets + bytes (Arrow "u" / "z")
//   TIMESTAMP(unit)    int64 since the Unix epoch, UTC, in `unit` (Arrow "ts?:")
//   DATE               int32 days since the Unix epoch (Arrow "tdD")
//   INTERVAL           {int32 months, int32 days, int64 nanoseconds}
//                      (Arrow month_day_nano, "tin")
// NULL is the type of an untyped NULL literal; it has no storage.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"

namespace copra {

enum class TypeId : uint8_t {
  kNull,
  kBoolean,
  kInt8,
  kInt16,
  kInt32,
  kInt64,
  kUInt8,
  kUInt16,
  kUInt32,
  kUInt64,
  kFloat32,
  kFloat64,
  kString,
  kBinary,
  kTimestamp,
  kDate,
  kInterval,
};

enum class TimeUnit : uint8_t { kSecond, kMillisecond, kMicrosecond, kNanosecond };

// Ticks of `unit` per second (1, 1e3, 1e6, 1e9).
int64_t UnitsPerSecond(TimeUnit unit);
// 0, 3, 6, 9: the precision written as TIMESTAMP(p).
int TimeUnitPrecision(TimeUnit unit);

// INTERVAL value, laid out exactly as Arrow's month_day_nano interval.
struct Interval {
  int32_t months = 0;
  int32_t days = 0;
  int64_t nanos = 0;
  bool operator==(const Interval&) const = default;
};
static_assert(sizeof(Interval) == 16);

class LogicalType {
 public:
  constexpr LogicalType() : id_(TypeId::kNull), unit_(TimeUnit::kMillisecond) {}
  constexpr explicit LogicalType(TypeId id, TimeUnit unit = TimeUnit::kMillisecond)
      : id_(id), unit_(unit) {}

  static constexpr LogicalType Null() { return LogicalType(TypeId::kNull); }
  static constexpr LogicalType Boolean() { return LogicalType(TypeId::kBoolean); }
  static constexpr LogicalType Int8() { return LogicalType(TypeId::kInt8); }
  static constexpr LogicalType Int16() { return LogicalType(TypeId::kInt16); }
  static constexpr LogicalType Int32() { return LogicalType(TypeId::kInt32); }
  static constexpr LogicalType Int64() { return LogicalType(TypeId::kInt64); }
  static constexpr LogicalType UInt8() { return LogicalType(TypeId::kUInt8); }
  static constexpr LogicalType UInt16() { return LogicalType(TypeId::kUInt16); }
  static constexpr LogicalType UInt32() { return LogicalType(TypeId::kUInt32); }
  static constexpr LogicalType UInt64() { return LogicalType(TypeId::kUInt64); }
  static constexpr LogicalType Float32() { return LogicalType(TypeId::kFloat32); }
  static constexpr LogicalType Float64() { return LogicalType(TypeId::kFloat64); }
  static constexpr LogicalType String() { return LogicalType(TypeId::kString); }
  static constexpr LogicalType Binary() { return LogicalType(TypeId::kBinary); }
  static constexpr LogicalType Timestamp(TimeUnit unit = TimeUnit::kMillisecond) {
    return LogicalType(TypeId::kTimestamp, unit);
  }
  static constexpr LogicalType Date() { return LogicalType(TypeId::kDate); }
  static constexpr LogicalType Interval() { return LogicalType(TypeId::kInterval); }

  constexpr TypeId id() const { return id_; }
  // Meaningful for TIMESTAMP only.
  constexpr TimeUnit unit() const { return unit_; }

  bool IsNull() const { return id_ == TypeId::kNull; }
  bool IsBoolean() const { return id_ == TypeId::kBoolean; }
  bool IsInteger() const { return id_ >= TypeId::kInt8 && id_ <= TypeId::kUInt64; }
  bool IsSignedInteger() const { return id_ >= TypeId::kInt8 && id_ <= TypeId::kInt64; }
  bool IsUnsignedInteger() const { return id_ >= TypeId::kUInt8 && id_ <= TypeId::kUInt64; }
  bool IsFloat() const { return id_ == TypeId::kFloat32 || id_ == TypeId::kFloat64; }
  bool IsNumeric() const { return IsInteger() || IsFloat(); }
  bool IsVarWidth() const { return id_ == TypeId::kString || id_ == TypeId::kBinary; }
  bool IsTemporal() const {
    return id_ == TypeId::kTimestamp || id_ == TypeId::kDate || id_ == TypeId::kInterval;
  }

  // Bytes per value for fixed-width types; 0 for BOOLEAN (bit-packed),
  // STRING/BINARY (variable) and NULL.
  int ByteWidth() const;

  // Canonical SQL spelling: "BIGINT", "DOUBLE", "STRING", "TIMESTAMP(3)", ...
  std::string ToString() const;

  bool operator==(const LogicalType& other) const {
    return id_ == other.id_ && (id_ != TypeId::kTimestamp || unit_ == other.unit_);
  }
  bool operator!=(const LogicalType& other) const { return !(*this == other); }

 private:
  TypeId id_;
  TimeUnit unit_;
};

// Parses a type name in any of the common spellings (SQL standard,
// PostgreSQL, GreptimeDB, Timeplus), case-insensitively: "bigint", "int64",
// "double precision", "float64",
// "string", "text", "varchar(20)", "timestamp(3)", "timestamp_ms",
// "TimestampMillisecond", "datetime64(3)", ... "int8" is the 8-bit integer
// (GreptimeDB/Timeplus/Arrow), not PostgreSQL's bigint, and "float" is the
// 4-byte FLOAT (DuckDB/MySQL/ClickHouse; so ToString() reads back), while
// float(p) follows PostgreSQL (p > 24 is DOUBLE). "timestamp" without a
// precision is milliseconds (GreptimeDB's default); timestamp(p) maps p 0 to
// seconds, 1-3 to ms, 4-6 to us, 7-9 to ns; "datetime" is seconds and
// "datetime64" milliseconds (ClickHouse). Every ToString() reads back.
// Unknown names give kUndefinedObject naming the closest known spelling:
//   type "bigintt" does not exist (did you mean "bigint"?)
// Implemented in types/type_name.cpp.
Result<LogicalType> ParseTypeName(std::string_view name);

// Smallest type both `a` and `b` convert to implicitly (for arithmetic,
// comparison, UNION, CASE, COALESCE). Errors (kDatatypeMismatch) when none
// exists. Integers widen; signed + unsigned gives the next wider signed
// type (BIGINT + BIGINT UNSIGNED gives DOUBLE); any float gives DOUBLE unless
// both are FLOAT; NULL + X is X; STRING + TIMESTAMP/DATE/INTERVAL is the
// temporal type; TIMESTAMPs take the finer unit; DATE + TIMESTAMP is the
// TIMESTAMP.
Result<LogicalType> CommonSuperType(const LogicalType& a, const LogicalType& b);

}  // namespace copra
