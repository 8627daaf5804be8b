#include "types/cast.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>

#include "types/number_format.h"
#include "types/time_format.h"

namespace copra {
namespace {

Status Mismatch(const LogicalType& from, const LogicalType& to) {
  return Status::TypeMismatch(
      fmt::format("cannot cast type {} to {}", from.ToString(), to.ToString()));
}

Status OutOfRange(const std::string& shown, const LogicalType& to);
// The value is rendered only for the error (casting a column row by row must
// not format every value).
Status OutOfRange(const Value& shown, const LogicalType& to) {
  return OutOfRange(shown.ToString(), to);
}

Status OutOfRange(const std::string& shown, const LogicalType& to) {
  return Status::Error(ErrorCode::kNumericOverflow,
                       fmt::format("value {} is out of range for type {}", shown, to.ToString()));
}

Status InvalidText(std::string_view text, const LogicalType& to) {
  std::string name = to.ToString();
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return Status::Error(ErrorCode::kInvalidText,
                       fmt::format("invalid input syntax for type {}: \"{}\"", name, text));
}

// Inclusive range of an integer type.
void IntegerRange(TypeId id, __int128* lo, __int128* hi) {
  switch (id) {
    case TypeId::kInt8:
      *lo = INT8_MIN;
      *hi = INT8_MAX;
      return;
    case TypeId::kInt16:
      *lo = INT16_MIN;
      *hi = INT16_MAX;
      return;
    case TypeId::kInt32:
      *lo = INT32_MIN;
      *hi = INT32_MAX;
      return;
    case TypeId::kUInt8:
      *lo = 0;
      *hi = UINT8_MAX;
      return;
    case TypeId::kUInt16:
      *lo = 0;
      *hi = UINT16_MAX;
      return;
    case TypeId::kUInt32:
      *lo = 0;
      *hi = UINT32_MAX;
      return;
    case TypeId::kUInt64:
      *lo = 0;
      *hi = UINT64_MAX;
      return;
    default:
      *lo = INT64_MIN;
      *hi = INT64_MAX;
      return;  // INT64, TIMESTAMP
  }
}

// `x` as a value of integer (or TIMESTAMP) type `to`; `shown` is how the
// source is quoted in the overflow message.
template <typename Shown>  // std::string or Value
Result<Value> MakeInteger(__int128 x, const LogicalType& to, const Shown& shown) {
  __int128 lo, hi;
  IntegerRange(to.id(), &lo, &hi);
  if (x < lo || x > hi) return OutOfRange(shown, to);
  switch (to.id()) {
    case TypeId::kInt8: return Value::Int8(static_cast<int8_t>(x));
    case TypeId::kInt16: return Value::Int16(static_cast<int16_t>(x));
    case TypeId::kInt32: return Value::Int32(static_cast<int32_t>(x));
    case TypeId::kInt64: return Value::Int64(static_cast<int64_t>(x));
    case TypeId::kUInt8: return Value::UInt8(static_cast<uint8_t>(x));
    case TypeId::kUInt16: return Value::UInt16(static_cast<uint16_t>(x));
    case TypeId::kUInt32: return Value::UInt32(static_cast<uint32_t>(x));
    case TypeId::kUInt64: return Value::UInt64(static_cast<uint64_t>(x));
    case TypeId::kTimestamp: return Value::Timestamp(static_cast<int64_t>(x), to.unit());
    default: return Status::Internal("MakeInteger: not an integer type");
  }
}

template <typename Shown>  // std::string or Value
Result<Value> MakeFloat(double d, const LogicalType& to, const Shown& shown) {
  if (to.id() == TypeId::kFloat64) return Value::Float64(d);
  if (std::isfinite(d) && std::fabs(d) > std::numeric_limits<float>::max()) {
    return OutOfRange(shown, to);
  }
  return Value::Float32(static_cast<float>(d));
}

// PostgreSQL rounds half away from zero; NaN and infinities fit no integer.
template <typename Shown>  // std::string or Value
Result<Value> FloatToInteger(double d, const LogicalType& to, const Shown& shown) {
  if (!std::isfinite(d)) return OutOfRange(shown, to);
  double r = std::round(d);
  // 2^64 and -2^63 bound every integer type; beyond them the int128
  // conversion itself would be unsafe.
  if (r >= 18446744073709551616.0 || r < -9223372036854775808.0) return OutOfRange(shown, to);
  return MakeInteger(static_cast<__int128>(r), to, shown);
}

// The integer payload of an integer, BOOLEAN or TIMESTAMP value.
__int128 IntegerOf(const Value& v) {
  if (v.type().IsUnsignedInteger()) return v.GetUInt64();
  return v.GetInt64();
}

Result<Value> FromText(std::string_view text, const LogicalType& to) {
  auto quoted = [&]() { return fmt::format("\"{}\"", text); };
  switch (to.id()) {
    case TypeId::kBoolean: {
      bool b;
      if (!ParseBool(text, &b)) return InvalidText(text, to);
      return Value::Boolean(b);
    }
    case TypeId::kInt8:
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64: {
      int64_t x = 0;
      NumberParse r = ParseInt64(text, &x);
      if (r == NumberParse::kInvalid) return InvalidText(text, to);
      if (r == NumberParse::kOutOfRange) return OutOfRange(quoted(), to);
      return MakeInteger(x, to, quoted());
    }
    case TypeId::kUInt8:
    case TypeId::kUInt16:
    case TypeId::kUInt32:
    case TypeId::kUInt64: {
      uint64_t x = 0;
      NumberParse r = ParseUInt64(text, &x);
      if (r == NumberParse::kInvalid) return InvalidText(text, to);
      if (r == NumberParse::kOutOfRange) return OutOfRange(quoted(), to);
      return MakeInteger(x, to, quoted());
    }
    case TypeId::kFloat32: {
      float f = 0;
      NumberParse r = ParseFloat(text, &f);
      if (r == NumberParse::kInvalid) return InvalidText(text, to);
      if (r == NumberParse::kOutOfRange) return OutOfRange(quoted(), to);
      return Value::Float32(f);
    }
    case TypeId::kFloat64: {
      double d = 0;
      NumberParse r = ParseDouble(text, &d);
      if (r == NumberParse::kInvalid) return InvalidText(text, to);
      if (r == NumberParse::kOutOfRange) return OutOfRange(quoted(), to);
      return Value::Float64(d);
    }
    case TypeId::kString: return Value::String(std::string(text));
    case TypeId::kBinary: return Value::Binary(std::string(text));
    case TypeId::kTimestamp: {
      COPRA_ASSIGN_OR_RETURN(int64_t ticks, ParseTimestamp(text, to.unit()));
      return Value::Timestamp(ticks, to.unit());
    }
    case TypeId::kDate: {
      COPRA_ASSIGN_OR_RETURN(int32_t days, ParseDate(text));
      return Value::Date(days);
    }
    case TypeId::kInterval: {
      COPRA_ASSIGN_OR_RETURN(Interval iv, ParseInterval(text));
      return Value::IntervalValue(iv);
    }
    case TypeId::kNull: break;
  }
  return Mismatch(LogicalType::String(), to);
}

bool IsTimestamp(const LogicalType& t) { return t.id() == TypeId::kTimestamp; }
bool IsDate(const LogicalType& t) { return t.id() == TypeId::kDate; }

}  // namespace

bool CanCastExplicitly(const LogicalType& from, const LogicalType& to) {
  if (from == to || from.IsNull()) return true;
  if (to.IsNull()) return false;
  if (to.id() == TypeId::kString) return true;
  if (from.id() == TypeId::kString) return true;
  if (from.IsNumeric() && to.IsNumeric()) return true;
  if ((from.IsBoolean() && to.IsInteger()) || (from.IsInteger() && to.IsBoolean())) return true;
  if ((IsTimestamp(from) || IsDate(from)) && (IsTimestamp(to) || IsDate(to))) return true;
  if ((from.IsInteger() && IsTimestamp(to)) || (IsTimestamp(from) && to.IsInteger())) return true;
  return false;
}

bool CanCastImplicitly(const LogicalType& from, const LogicalType& to) {
  if (from == to || from.IsNull()) return true;
  Result<LogicalType> common = CommonSuperType(from, to);
  return common.ok() && *common == to;
}

Result<Value> CastValue(const Value& v, const LogicalType& to) {
  const LogicalType& from = v.type();
  if (v.is_null()) return Value::Null(to);
  if (from == to) return v;
  if (!CanCastExplicitly(from, to)) return Mismatch(from, to);

  if (to.id() == TypeId::kString) {
    if (from.id() == TypeId::kBinary) return Value::String(v.GetString());
    return Value::String(v.ToString());
  }
  if (from.id() == TypeId::kString) return FromText(v.GetString(), to);

  const Value& shown = v;  // rendered only in errors
  if (from.IsFloat()) {
    if (to.IsFloat()) return MakeFloat(v.GetDouble(), to, shown);
    return FloatToInteger(v.GetDouble(), to, shown);
  }
  if (to.IsFloat()) {  // from an integer
    if (from.IsUnsignedInteger()) return MakeFloat(static_cast<double>(v.GetUInt64()), to, shown);
    return MakeFloat(static_cast<double>(v.GetInt64()), to, shown);
  }
  if (to.IsBoolean()) return Value::Boolean(IntegerOf(v) != 0);
  if (from.IsBoolean()) return MakeInteger(v.GetBool() ? 1 : 0, to, shown);

  if (IsTimestamp(from) && IsTimestamp(to)) {
    COPRA_ASSIGN_OR_RETURN(int64_t ticks, ConvertTimeUnit(v.GetInt64(), from.unit(), to.unit()));
    return Value::Timestamp(ticks, to.unit());
  }
  if (IsTimestamp(from) && IsDate(to)) {
    int64_t days = FloorDiv(v.GetInt64(), UnitsPerSecond(from.unit()) * kSecondsPerDay);
    if (days < INT32_MIN || days > INT32_MAX) return OutOfRange(shown, to);
    return Value::Date(static_cast<int32_t>(days));
  }
  if (IsDate(from) && IsTimestamp(to)) {
    int64_t ticks;
    if (__builtin_mul_overflow(v.GetInt64(), UnitsPerSecond(to.unit()) * kSecondsPerDay, &ticks)) {
      return OutOfRange(shown, to);
    }
    return Value::Timestamp(ticks, to.unit());
  }
  // Integer <-> TIMESTAMP ticks, and integer -> integer.
  return MakeInteger(IntegerOf(v), to, shown);
}

}  // namespace copra
