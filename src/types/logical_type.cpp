#include "types/logical_type.h"

#include <fmt/format.h>

namespace copra {

int64_t UnitsPerSecond(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kSecond: return 1;
    case TimeUnit::kMillisecond: return 1000;
    case TimeUnit::kMicrosecond: return 1000000;
    case TimeUnit::kNanosecond: return 1000000000;
  }
  return 1;
}

int TimeUnitPrecision(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kSecond: return 0;
    case TimeUnit::kMillisecond: return 3;
    case TimeUnit::kMicrosecond: return 6;
    case TimeUnit::kNanosecond: return 9;
  }
  return 0;
}

int LogicalType::ByteWidth() const {
  switch (id_) {
    case TypeId::kNull:
    case TypeId::kBoolean:
    case TypeId::kString:
    case TypeId::kBinary: return 0;
    case TypeId::kInt8:
    case TypeId::kUInt8: return 1;
    case TypeId::kInt16:
    case TypeId::kUInt16: return 2;
    case TypeId::kInt32:
    case TypeId::kUInt32:
    case TypeId::kFloat32:
    case TypeId::kDate: return 4;
    case TypeId::kInt64:
    case TypeId::kUInt64:
    case TypeId::kFloat64:
    case TypeId::kTimestamp: return 8;
    case TypeId::kInterval: return 16;
  }
  return 0;
}

std::string LogicalType::ToString() const {
  switch (id_) {
    case TypeId::kNull: return "NULL";
    case TypeId::kBoolean: return "BOOLEAN";
    case TypeId::kInt8: return "TINYINT";
    case TypeId::kInt16: return "SMALLINT";
    case TypeId::kInt32: return "INT";
    case TypeId::kInt64: return "BIGINT";
    case TypeId::kUInt8: return "TINYINT UNSIGNED";
    case TypeId::kUInt16: return "SMALLINT UNSIGNED";
    case TypeId::kUInt32: return "INT UNSIGNED";
    case TypeId::kUInt64: return "BIGINT UNSIGNED";
    case TypeId::kFloat32: return "FLOAT";
    case TypeId::kFloat64: return "DOUBLE";
    case TypeId::kString: return "STRING";
    case TypeId::kBinary: return "BINARY";
    case TypeId::kTimestamp: return fmt::format("TIMESTAMP({})", TimeUnitPrecision(unit_));
    case TypeId::kDate: return "DATE";
    case TypeId::kInterval: return "INTERVAL";
  }
  return "?";
}

// ---------------------------------------------------------------------------
// CommonSuperType

namespace {

Status NoCommonType(const LogicalType& a, const LogicalType& b) {
  return Status::TypeMismatch(
      fmt::format("types {} and {} cannot be matched", a.ToString(), b.ToString()));
}

// Signed integer type of `bytes` width, or DOUBLE past 8 bytes.
LogicalType SignedOfWidth(int bytes) {
  switch (bytes) {
    case 1: return LogicalType::Int8();
    case 2: return LogicalType::Int16();
    case 4: return LogicalType::Int32();
    case 8: return LogicalType::Int64();
    default: return LogicalType::Float64();
  }
}

LogicalType IntegerSuperType(const LogicalType& a, const LogicalType& b) {
  int wa = a.ByteWidth();
  int wb = b.ByteWidth();
  if (a.IsSignedInteger() == b.IsSignedInteger()) return wa >= wb ? a : b;
  const LogicalType& s = a.IsSignedInteger() ? a : b;
  const LogicalType& u = a.IsSignedInteger() ? b : a;
  if (s.ByteWidth() > u.ByteWidth()) return s;
  // Every value of the unsigned type must fit: the next wider signed type.
  return SignedOfWidth(u.ByteWidth() * 2);
}

TimeUnit FinerUnit(TimeUnit a, TimeUnit b) { return a > b ? a : b; }

}  // namespace

Result<LogicalType> CommonSuperType(const LogicalType& a, const LogicalType& b) {
  if (a == b) return a;
  if (a.IsNull()) return b;
  if (b.IsNull()) return a;
  if (a.IsNumeric() && b.IsNumeric()) {
    if (a.IsFloat() || b.IsFloat()) {
      if (a.id() == TypeId::kFloat32 && b.id() == TypeId::kFloat32) return a;
      return LogicalType::Float64();
    }
    return IntegerSuperType(a, b);
  }
  TypeId ia = a.id();
  TypeId ib = b.id();
  if (ia == TypeId::kTimestamp && ib == TypeId::kTimestamp) {
    return LogicalType::Timestamp(FinerUnit(a.unit(), b.unit()));
  }
  if (ia == TypeId::kTimestamp && ib == TypeId::kDate) return a;
  if (ia == TypeId::kDate && ib == TypeId::kTimestamp) return b;
  // A string meets a temporal value: the string is read as that type (the
  // usual case is a literal, e.g. ts > '2016-01-01').
  if (ia == TypeId::kString && b.IsTemporal()) return b;
  if (ib == TypeId::kString && a.IsTemporal()) return a;
  return NoCommonType(a, b);
}

}  // namespace copra
