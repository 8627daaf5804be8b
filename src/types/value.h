// Value: one scalar of any LogicalType, or NULL. Used for literals, constant
// folding, parameters and row-at-a-time paths (result printing, tests).
// Hot paths work on Columns, never on Values.
#pragma once

#include <cstdint>
#include <string>

#include "common/status.h"
#include "types/logical_type.h"

namespace copra {

class Value {
 public:
  // A NULL of type NULL.
  Value() = default;

  static Value Null(LogicalType type = LogicalType::Null());
  static Value Boolean(bool v);
  static Value Int8(int8_t v);
  static Value Int16(int16_t v);
  static Value Int32(int32_t v);
  static Value Int64(int64_t v);
  static Value UInt8(uint8_t v);
  static Value UInt16(uint16_t v);
  static Value UInt32(uint32_t v);
  static Value UInt64(uint64_t v);
  static Value Float32(float v);
  static Value Float64(double v);
  static Value String(std::string v);
  static Value Binary(std::string bytes);
  static Value Timestamp(int64_t ticks, TimeUnit unit);
  static Value Date(int32_t days_since_epoch);
  static Value IntervalValue(Interval v);

  const LogicalType& type() const { return type_; }
  bool is_null() const { return is_null_; }

  // Accessors. REQUIRES: !is_null() and a matching type family.
  bool GetBool() const;
  // Signed integers, TIMESTAMP ticks, DATE days.
  int64_t GetInt64() const;
  // Unsigned integers.
  uint64_t GetUInt64() const;
  // FLOAT32/FLOAT64.
  double GetDouble() const;
  // STRING/BINARY bytes.
  const std::string& GetString() const;
  Interval GetInterval() const;

  // Any numeric value as double (integers converted). REQUIRES: numeric.
  double AsDouble() const;

  // Text form as the shell and pgwire's text format print it: "NULL" is
  // rendered by callers, here NULL gives "NULL". Floats in shortest
  // round-trip form ("0.1", "1e+20", "NaN", "Infinity"), timestamps as
  // "2016-01-01 00:00:00.123" (UTC), dates "2016-01-01", intervals like
  // PostgreSQL ("1 mon 2 days 03:04:05"), BINARY as "\x0102".
  std::string ToString() const;

  // A SQL literal that parses back to this value, e.g. 'it''s',
  // TIMESTAMP '2016-01-01 00:00:00', CAST(5 AS TINYINT).
  std::string ToSqlLiteral() const;

  // Converts with SQL CAST semantics (see types/cast.h).
  Result<Value> CastTo(const LogicalType& target) const;

  // Total order within one type (NULLs compare equal to each other and
  // sort first). Values of different numeric types compare numerically,
  // exactly (no rounding through double); TIMESTAMPs of different units and
  // DATEs compare as instants. NaN sorts after every number and equals
  // itself; -0 equals 0; intervals compare as PostgreSQL does (a month is
  // 30 days, a day 24 hours). Returns <0, 0 or >0.
  int Compare(const Value& other) const;
  // Same type() and Compare() == 0, so INT 5 != BIGINT 5 (cast first).
  bool operator==(const Value& other) const;

  // Hash consistent with operator==.
  uint64_t Hash() const;

 private:
  // All signed-like types (BOOLEAN, signed integers, TIMESTAMP, DATE) share
  // the i64 slot; unsigned integers the u64 slot; floats are held as double.
  static Value MakeSigned(LogicalType type, int64_t x);
  static Value MakeUnsigned(LogicalType type, uint64_t x);

  LogicalType type_;
  bool is_null_ = true;
  union {
    int64_t i64;
    uint64_t u64;
    double f64;
    Interval interval;
  } v_ = {0};
  std::string str_;
};

}  // namespace copra
