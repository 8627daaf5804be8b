#include "types/value.h"

#include <fmt/format.h>

#include <cmath>
#include <cstdint>
#include <functional>
#include <string_view>

#include "types/cast.h"
#include "types/number_format.h"
#include "types/time_format.h"

namespace copra {

Value Value::Null(LogicalType type) {
  Value v;
  v.type_ = type;
  return v;
}

Value Value::Boolean(bool v) { return MakeSigned(LogicalType::Boolean(), v ? 1 : 0); }
Value Value::Int8(int8_t v) { return MakeSigned(LogicalType::Int8(), v); }
Value Value::Int16(int16_t v) { return MakeSigned(LogicalType::Int16(), v); }
Value Value::Int32(int32_t v) { return MakeSigned(LogicalType::Int32(), v); }
Value Value::Int64(int64_t v) { return MakeSigned(LogicalType::Int64(), v); }
Value Value::UInt8(uint8_t v) { return MakeUnsigned(LogicalType::UInt8(), v); }
Value Value::UInt16(uint16_t v) { return MakeUnsigned(LogicalType::UInt16(), v); }
Value Value::UInt32(uint32_t v) { return MakeUnsigned(LogicalType::UInt32(), v); }
Value Value::UInt64(uint64_t v) { return MakeUnsigned(LogicalType::UInt64(), v); }
Value Value::Timestamp(int64_t ticks, TimeUnit unit) {
  return MakeSigned(LogicalType::Timestamp(unit), ticks);
}
Value Value::Date(int32_t days_since_epoch) {
  return MakeSigned(LogicalType::Date(), days_since_epoch);
}

Value Value::Float32(float v) {
  Value out = Null(LogicalType::Float32());
  out.is_null_ = false;
  out.v_.f64 = v;
  return out;
}

Value Value::Float64(double v) {
  Value out = Null(LogicalType::Float64());
  out.is_null_ = false;
  out.v_.f64 = v;
  return out;
}

Value Value::String(std::string v) {
  Value out = Null(LogicalType::String());
  out.is_null_ = false;
  out.str_ = std::move(v);
  return out;
}

Value Value::Binary(std::string bytes) {
  Value out = Null(LogicalType::Binary());
  out.is_null_ = false;
  out.str_ = std::move(bytes);
  return out;
}

Value Value::IntervalValue(Interval v) {
  Value out = Null(LogicalType::Interval());
  out.is_null_ = false;
  out.v_.interval = v;
  return out;
}

Value Value::MakeSigned(LogicalType type, int64_t x) {
  Value v = Null(type);
  v.is_null_ = false;
  v.v_.i64 = x;
  return v;
}

Value Value::MakeUnsigned(LogicalType type, uint64_t x) {
  Value v = Null(type);
  v.is_null_ = false;
  v.v_.u64 = x;
  return v;
}

bool Value::GetBool() const {
  COPRA_DCHECK(!is_null_ && type_.IsBoolean());
  return v_.i64 != 0;
}

int64_t Value::GetInt64() const {
  COPRA_DCHECK(!is_null_);
  COPRA_DCHECK(type_.IsSignedInteger() || type_.IsBoolean() || type_.id() == TypeId::kTimestamp ||
               type_.id() == TypeId::kDate);
  return v_.i64;
}

uint64_t Value::GetUInt64() const {
  COPRA_DCHECK(!is_null_ && type_.IsUnsignedInteger());
  return v_.u64;
}

double Value::GetDouble() const {
  COPRA_DCHECK(!is_null_ && type_.IsFloat());
  return v_.f64;
}

const std::string& Value::GetString() const {
  COPRA_DCHECK(!is_null_ && type_.IsVarWidth());
  return str_;
}

Interval Value::GetInterval() const {
  COPRA_DCHECK(!is_null_ && type_.id() == TypeId::kInterval);
  return v_.interval;
}

double Value::AsDouble() const {
  COPRA_DCHECK(!is_null_ && type_.IsNumeric());
  if (type_.IsFloat()) return v_.f64;
  if (type_.IsUnsignedInteger()) return static_cast<double>(v_.u64);
  return static_cast<double>(v_.i64);
}

namespace {

std::string HexBytes(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() * 2);
  static constexpr char kHex[] = "0123456789abcdef";
  for (unsigned char c : bytes) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

std::string Quote(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += '\'';
    out += c;
  }
  out += '\'';
  return out;
}

}  // namespace

std::string Value::ToString() const {
  if (is_null_) return "NULL";
  switch (type_.id()) {
    case TypeId::kNull: return "NULL";
    case TypeId::kBoolean: return v_.i64 ? "true" : "false";
    case TypeId::kInt8:
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64: return std::to_string(v_.i64);
    case TypeId::kUInt8:
    case TypeId::kUInt16:
    case TypeId::kUInt32:
    case TypeId::kUInt64: return std::to_string(v_.u64);
    case TypeId::kFloat32: return FormatFloat(static_cast<float>(v_.f64));
    case TypeId::kFloat64: return FormatDouble(v_.f64);
    case TypeId::kString: return str_;
    case TypeId::kBinary: return "\\x" + HexBytes(str_);
    case TypeId::kTimestamp: return FormatTimestamp(v_.i64, type_.unit());
    case TypeId::kDate: return FormatDate(v_.i64);
    case TypeId::kInterval: return FormatInterval(v_.interval);
  }
  return "?";
}

std::string Value::ToSqlLiteral() const {
  if (is_null_) {
    return type_.IsNull() ? "NULL" : fmt::format("CAST(NULL AS {})", type_.ToString());
  }
  switch (type_.id()) {
    case TypeId::kNull: return "NULL";
    case TypeId::kBoolean: return v_.i64 ? "TRUE" : "FALSE";
    case TypeId::kInt64:
      // The most negative BIGINT has no positive literal to negate.
      if (v_.i64 == INT64_MIN) return fmt::format("CAST('{}' AS BIGINT)", ToString());
      return ToString();
    case TypeId::kUInt64:  // may exceed every signed literal
      return fmt::format("CAST('{}' AS {})", ToString(), type_.ToString());
    case TypeId::kFloat64: {
      if (!std::isfinite(v_.f64)) return fmt::format("CAST('{}' AS DOUBLE)", ToString());
      std::string s = ToString();
      // Keep it a float literal: "100" would read back as an integer.
      if (s.find_first_of(".e") == std::string::npos) s += ".0";
      return s;
    }
    case TypeId::kFloat32:
      return fmt::format("CAST('{}' AS {})", ToString(), type_.ToString());
    case TypeId::kString: return Quote(str_);
    case TypeId::kBinary: return "X'" + HexBytes(str_) + "'";
    case TypeId::kTimestamp:
      if (type_.unit() == TimeUnit::kMillisecond) return "TIMESTAMP " + Quote(ToString());
      return fmt::format("CAST({} AS {})", Quote(ToString()), type_.ToString());
    case TypeId::kDate: return "DATE " + Quote(ToString());
    case TypeId::kInterval: return "INTERVAL " + Quote(ToString());
    default: return fmt::format("CAST({} AS {})", ToString(), type_.ToString());
  }
}

Result<Value> Value::CastTo(const LogicalType& target) const { return CastValue(*this, target); }

namespace {

template <typename T>
int Cmp(const T& a, const T& b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}

// Exact comparison of any two numeric values: long double holds every
// int64/uint64/double exactly on x86-64. NaN sorts after every number and
// equals itself (PostgreSQL's order).
int CmpNumeric(const Value& a, const Value& b) {
  const LogicalType& ta = a.type();
  const LogicalType& tb = b.type();
  if (ta.IsFloat() || tb.IsFloat()) {
    auto wide = [](const Value& v) -> long double {
      if (v.type().IsFloat()) return v.GetDouble();
      if (v.type().IsUnsignedInteger()) return static_cast<long double>(v.GetUInt64());
      return static_cast<long double>(v.GetInt64());
    };
    bool na = ta.IsFloat() && std::isnan(a.GetDouble());
    bool nb = tb.IsFloat() && std::isnan(b.GetDouble());
    if (na || nb) return Cmp(na, nb);
    return Cmp(wide(a), wide(b));
  }
  if (ta.IsUnsignedInteger() && tb.IsUnsignedInteger()) return Cmp(a.GetUInt64(), b.GetUInt64());
  if (ta.IsSignedInteger() && tb.IsSignedInteger()) return Cmp(a.GetInt64(), b.GetInt64());
  if (ta.IsSignedInteger()) {
    int64_t x = a.GetInt64();
    return x < 0 ? -1 : Cmp(static_cast<uint64_t>(x), b.GetUInt64());
  }
  int64_t y = b.GetInt64();
  return y < 0 ? 1 : Cmp(a.GetUInt64(), static_cast<uint64_t>(y));
}

// TIMESTAMP of any unit or DATE as nanoseconds since the epoch.
__int128 EpochNanos(const Value& v) {
  if (v.type().id() == TypeId::kDate) return static_cast<__int128>(v.GetInt64()) * kNanosPerDay;
  return static_cast<__int128>(v.GetInt64()) *
         (kNanosPerSecond / UnitsPerSecond(v.type().unit()));
}

// PostgreSQL compares intervals as if a month were 30 days.
__int128 IntervalSpan(const Interval& v) {
  return (static_cast<__int128>(v.months) * 30 + v.days) * kNanosPerDay + v.nanos;
}

uint64_t Mix(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

}  // namespace

int Value::Compare(const Value& other) const {
  if (is_null_ || other.is_null_) return Cmp(!is_null_, !other.is_null_);
  const LogicalType& a = type_;
  const LogicalType& b = other.type_;
  if (a.IsNumeric() && b.IsNumeric()) return CmpNumeric(*this, other);
  bool a_time = a.id() == TypeId::kTimestamp || a.id() == TypeId::kDate;
  bool b_time = b.id() == TypeId::kTimestamp || b.id() == TypeId::kDate;
  if (a_time && b_time) {
    if (a == b) return Cmp(v_.i64, other.v_.i64);
    return Cmp(EpochNanos(*this), EpochNanos(other));
  }
  if (a.id() != b.id()) return Cmp(a.id(), b.id());
  switch (a.id()) {
    case TypeId::kBoolean: return Cmp(v_.i64, other.v_.i64);
    case TypeId::kString:
    case TypeId::kBinary: {
      int c = str_.compare(other.str_);
      return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    case TypeId::kInterval: return Cmp(IntervalSpan(v_.interval), IntervalSpan(other.v_.interval));
    default: return 0;
  }
}

bool Value::operator==(const Value& other) const {
  return type_ == other.type_ && Compare(other) == 0;
}

uint64_t Value::Hash() const {
  if (is_null_) return 0x9e3779b97f4a7c15ULL;
  switch (type_.id()) {
    case TypeId::kNull: return 0x9e3779b97f4a7c15ULL;
    case TypeId::kFloat32:
    case TypeId::kFloat64: {
      double d = v_.f64;
      if (d == 0) d = 0;  // -0.0 == 0.0
      if (std::isnan(d)) return Mix(0x7ff8000000000000ULL);
      uint64_t bits;
      static_assert(sizeof(bits) == sizeof(d));
      __builtin_memcpy(&bits, &d, sizeof(d));
      return Mix(bits);
    }
    case TypeId::kString:
    case TypeId::kBinary: return Mix(std::hash<std::string_view>()(str_));
    case TypeId::kInterval: {
      __int128 span = IntervalSpan(v_.interval);
      return Mix(static_cast<uint64_t>(span) ^ Mix(static_cast<uint64_t>(span >> 64)));
    }
    default: return Mix(v_.u64);
  }
}

}  // namespace copra
