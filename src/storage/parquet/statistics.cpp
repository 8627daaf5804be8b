#include "storage/parquet/statistics.h"

#include <cmath>
#include <cstring>
#include <string_view>

namespace copra::parquet {
namespace {

template <typename T>
std::string Bytes(T v) {
  std::string s(sizeof(T), '\0');
  std::memcpy(s.data(), &v, sizeof(T));
  return s;
}

template <typename T>
bool Load(const std::string& s, T* v) {
  if (s.size() != sizeof(T)) return false;
  std::memcpy(v, s.data(), sizeof(T));
  return true;
}

// PLAIN encoding of one value (no length prefix for byte arrays).
std::optional<std::string> EncodeValue(const ColumnDescriptor& d, const Value& v) {
  if (v.is_null()) return std::nullopt;
  switch (d.physical) {
    case format::Type::kBoolean: return std::string(1, v.GetBool() ? '\1' : '\0');
    case format::Type::kInt32:
      if (d.field.type.IsUnsignedInteger()) return Bytes(static_cast<uint32_t>(v.GetUInt64()));
      return Bytes(static_cast<int32_t>(v.GetInt64()));
    case format::Type::kInt64: {
      if (d.field.type.IsUnsignedInteger()) return Bytes(v.GetUInt64());
      int64_t x = v.GetInt64();
      if (d.conversion == Conversion::kInt64Div1000) x *= 1000;
      return Bytes(x);
    }
    case format::Type::kFloat: return Bytes(static_cast<float>(v.GetDouble()));
    case format::Type::kDouble: return Bytes(v.GetDouble());
    case format::Type::kByteArray: return v.GetString();
    default: return std::nullopt;
  }
}

std::optional<Value> DecodeValue(const ColumnDescriptor& d, const std::string& s) {
  const LogicalType& t = d.field.type;
  switch (d.conversion) {
    case Conversion::kBoolean:
      if (s.size() != 1) return std::nullopt;
      return Value::Boolean(s[0] != 0);
    case Conversion::kInt32:
    case Conversion::kInt32ToInt8:
    case Conversion::kInt32ToInt16: {
      int32_t x;
      if (!Load(s, &x)) return std::nullopt;
      switch (t.id()) {
        case TypeId::kInt8: return Value::Int8(static_cast<int8_t>(x));
        case TypeId::kInt16: return Value::Int16(static_cast<int16_t>(x));
        case TypeId::kInt32: return Value::Int32(x);
        case TypeId::kUInt8: return Value::UInt8(static_cast<uint8_t>(x));
        case TypeId::kUInt16: return Value::UInt16(static_cast<uint16_t>(x));
        case TypeId::kUInt32: return Value::UInt32(static_cast<uint32_t>(x));
        case TypeId::kDate: return Value::Date(x);
        default: return std::nullopt;
      }
    }
    case Conversion::kInt64:
    case Conversion::kInt64Div1000: {
      int64_t x;
      if (!Load(s, &x)) return std::nullopt;
      switch (t.id()) {
        case TypeId::kInt64: return Value::Int64(x);
        case TypeId::kUInt64: return Value::UInt64(static_cast<uint64_t>(x));
        case TypeId::kTimestamp:
          if (d.conversion == Conversion::kInt64Div1000) {
            // Conservative bounds after rounding toward the range.
            return Value::Timestamp(x / 1000, t.unit());
          }
          return Value::Timestamp(x, t.unit());
        default: return std::nullopt;
      }
    }
    case Conversion::kFloat: {
      float x;
      if (!Load(s, &x) || std::isnan(x)) return std::nullopt;
      return Value::Float32(x);
    }
    case Conversion::kDouble: {
      double x;
      if (!Load(s, &x) || std::isnan(x)) return std::nullopt;
      return Value::Float64(x);
    }
    case Conversion::kByteArray:
      return t.id() == TypeId::kString ? Value::String(s) : Value::Binary(s);
    case Conversion::kDecimal32ToDouble: {
      int32_t x;
      if (!Load(s, &x)) return std::nullopt;
      return Value::Float64(static_cast<double>(x) / std::pow(10.0, d.decimal_scale));
    }
    case Conversion::kDecimal64ToDouble: {
      int64_t x;
      if (!Load(s, &x)) return std::nullopt;
      return Value::Float64(static_cast<double>(x) / std::pow(10.0, d.decimal_scale));
    }
    default: return std::nullopt;
  }
}

template <typename T, typename MakeValue>
void MinMaxFixed(const Column& col, int64_t offset, int64_t length, MakeValue make,
                 std::optional<Value>* mn, std::optional<Value>* mx) {
  const T* v = col.data<T>();
  bool any = false;
  T lo{}, hi{};
  const bool nulls = col.HasNulls();
  for (int64_t i = offset; i < offset + length; ++i) {
    if (nulls && col.IsNull(i)) continue;
    T x = v[i];
    if constexpr (std::is_floating_point_v<T>) {
      if (std::isnan(x)) continue;
    }
    if (!any) {
      lo = hi = x;
      any = true;
    } else {
      if (x < lo) lo = x;
      if (hi < x) hi = x;
    }
  }
  if (any) {
    *mn = make(lo);
    *mx = make(hi);
  }
}

}  // namespace

void StatisticsAccumulator::Fold(Value min, Value max) {
  if (!min_ || min.Compare(*min_) < 0) min_ = std::move(min);
  if (!max_ || max.Compare(*max_) > 0) max_ = std::move(max);
}

void StatisticsAccumulator::Update(const Column& col, int64_t offset, int64_t length) {
  if (col.HasNulls()) {
    const uint8_t* bits = col.validity_bits();
    null_count_ += length - bit_util::CountSetBits(bits, col.offset() + offset, length);
  }
  std::optional<Value> mn, mx;
  const TimeUnit unit = type_.unit();
  switch (type_.id()) {
    case TypeId::kBoolean: {
      bool any_true = false, any_false = false;
      for (int64_t i = offset; i < offset + length; ++i) {
        if (col.IsNull(i)) continue;
        (col.GetBool(i) ? any_true : any_false) = true;
      }
      if (any_true || any_false) {
        mn = Value::Boolean(!any_false);
        mx = Value::Boolean(any_true);
      }
      break;
    }
    case TypeId::kInt8: MinMaxFixed<int8_t>(col, offset, length, Value::Int8, &mn, &mx); break;
    case TypeId::kInt16: MinMaxFixed<int16_t>(col, offset, length, Value::Int16, &mn, &mx); break;
    case TypeId::kInt32: MinMaxFixed<int32_t>(col, offset, length, Value::Int32, &mn, &mx); break;
    case TypeId::kInt64: MinMaxFixed<int64_t>(col, offset, length, Value::Int64, &mn, &mx); break;
    case TypeId::kUInt8: MinMaxFixed<uint8_t>(col, offset, length, Value::UInt8, &mn, &mx); break;
    case TypeId::kUInt16:
      MinMaxFixed<uint16_t>(col, offset, length, Value::UInt16, &mn, &mx);
      break;
    case TypeId::kUInt32:
      MinMaxFixed<uint32_t>(col, offset, length, Value::UInt32, &mn, &mx);
      break;
    case TypeId::kUInt64:
      MinMaxFixed<uint64_t>(col, offset, length, Value::UInt64, &mn, &mx);
      break;
    case TypeId::kFloat32: MinMaxFixed<float>(col, offset, length, Value::Float32, &mn, &mx); break;
    case TypeId::kFloat64:
      MinMaxFixed<double>(col, offset, length, Value::Float64, &mn, &mx);
      break;
    case TypeId::kDate: MinMaxFixed<int32_t>(col, offset, length, Value::Date, &mn, &mx); break;
    case TypeId::kTimestamp:
      MinMaxFixed<int64_t>(
          col, offset, length, [unit](int64_t x) { return Value::Timestamp(x, unit); }, &mn, &mx);
      break;
    case TypeId::kString:
    case TypeId::kBinary: {
      bool any = false;
      std::string_view lo, hi;
      for (int64_t i = offset; i < offset + length; ++i) {
        if (col.IsNull(i)) continue;
        std::string_view s = col.GetString(i);
        if (!any) {
          lo = hi = s;
          any = true;
        } else {
          if (s < lo) lo = s;
          if (hi < s) hi = s;
        }
      }
      if (any) {
        bool str = type_.id() == TypeId::kString;
        mn = str ? Value::String(std::string(lo)) : Value::Binary(std::string(lo));
        mx = str ? Value::String(std::string(hi)) : Value::Binary(std::string(hi));
      }
      break;
    }
    default: break;  // INTERVAL: no order
  }
  if (mn) Fold(std::move(*mn), std::move(*mx));
}

void StatisticsAccumulator::AddString(std::string_view value) {
  const bool str = type_.id() == TypeId::kString;
  auto make = [&]() {
    return str ? Value::String(std::string(value)) : Value::Binary(std::string(value));
  };
  if (!min_ || value < std::string_view(min_->GetString())) min_ = make();
  if (!max_ || std::string_view(max_->GetString()) < value) max_ = make();
}

void StatisticsAccumulator::Merge(const StatisticsAccumulator& other) {
  null_count_ += other.null_count_;
  if (other.min_ && other.max_) Fold(*other.min_, *other.max_);
}

ColumnStatistics StatisticsAccumulator::Get() const {
  ColumnStatistics s;
  s.null_count = null_count_;
  if (min_ && max_) {
    bool too_long = type_.IsVarWidth() && (min_->GetString().size() > kMaxStatisticsBytes ||
                                           max_->GetString().size() > kMaxStatisticsBytes);
    if (!too_long) {
      s.min = min_;
      s.max = max_;
    }
  }
  return s;
}

format::Statistics ToFormatStatistics(const ColumnDescriptor& desc, const ColumnStatistics& stats) {
  format::Statistics f;
  f.null_count = stats.null_count;
  if (stats.min && stats.max) {
    f.min_value = EncodeValue(desc, *stats.min);
    f.max_value = EncodeValue(desc, *stats.max);
    if (!f.min_value || !f.max_value) {
      f.min_value.reset();
      f.max_value.reset();
    } else if (desc.stats_ordered) {
      f.min = f.min_value;
      f.max = f.max_value;
    }
  }
  return f;
}

ColumnStatistics FromFormatStatistics(const ColumnDescriptor& desc,
                                      const std::optional<format::Statistics>& stats) {
  ColumnStatistics s;
  if (!stats) return s;
  s.null_count = stats->null_count.value_or(0);
  const std::optional<std::string>* lo = &stats->min_value;
  const std::optional<std::string>* hi = &stats->max_value;
  if (!*lo || !*hi) {
    if (!desc.stats_ordered) return s;
    lo = &stats->min;
    hi = &stats->max;
    if (!*lo || !*hi) return s;
  }
  std::optional<Value> mn = DecodeValue(desc, **lo), mx = DecodeValue(desc, **hi);
  if (mn && mx) {
    s.min = std::move(mn);
    s.max = std::move(mx);
  }
  return s;
}

}  // namespace copra::parquet
