#include "vector/column.h"

#include <fmt/format.h>

#include "vector/column_builder.h"

namespace copra {

Column::Column(LogicalType type, int64_t length, BufferPtr validity, BufferPtr values,
               BufferPtr data, int64_t null_count, int64_t offset)
    : type_(type),
      length_(length),
      offset_(offset),
      null_count_(validity == nullptr ? 0 : null_count),
      validity_(std::move(validity)),
      values_(std::move(values)),
      data_(std::move(data)) {
  COPRA_DCHECK(length_ >= 0 && offset_ >= 0);
  COPRA_DCHECK(type_.IsNull() || values_ != nullptr);
  COPRA_DCHECK(!type_.IsVarWidth() || data_ != nullptr);
}

int64_t Column::null_count() const {
  int64_t n = null_count_.load(std::memory_order_relaxed);
  if (n < 0) {
    n = length_ - bit_util::CountSetBits(validity_->data(), offset_, length_);
    null_count_.store(n, std::memory_order_relaxed);
  }
  return n;
}

ColumnPtr Column::MakeNull(const LogicalType& type, int64_t length) {
  COPRA_CHECK(length >= 0);
  BufferPtr validity = Buffer::Allocate(bit_util::BytesForBits(length));
  BufferPtr values;
  BufferPtr data;
  if (type.IsVarWidth()) {
    values = Buffer::Allocate((length + 1) * int64_t{sizeof(int32_t)});
    data = Buffer::Allocate(0);
  } else if (type.IsBoolean()) {
    values = Buffer::Allocate(bit_util::BytesForBits(length));
  } else if (!type.IsNull()) {
    values = Buffer::Allocate(length * type.ByteWidth());
  }
  return std::make_shared<const Column>(type, length, std::move(validity), std::move(values),
                                        std::move(data), length);
}

ColumnPtr Column::MakeConstant(const Value& value, int64_t length) {
  if (value.is_null()) return MakeNull(value.type(), length);
  ColumnBuilder builder(value.type(), length);
  for (int64_t i = 0; i < length; ++i) {
    Status st = builder.AppendValue(value);
    COPRA_CHECK_MSG(st.ok(), st.message());
  }
  return builder.Finish();
}

Result<ColumnPtr> Column::FromValues(const LogicalType& type, const std::vector<Value>& values) {
  ColumnBuilder builder(type, static_cast<int64_t>(values.size()));
  for (const Value& v : values) COPRA_RETURN_NOT_OK(builder.AppendValue(v));
  return builder.Finish();
}

Value Column::GetValue(int64_t i) const {
  COPRA_DCHECK(i >= 0 && i < length_);
  if (IsNull(i)) return Value::Null(type_);
  switch (type_.id()) {
    case TypeId::kNull: return Value::Null();
    case TypeId::kBoolean: return Value::Boolean(GetBool(i));
    case TypeId::kInt8: return Value::Int8(data<int8_t>()[i]);
    case TypeId::kInt16: return Value::Int16(data<int16_t>()[i]);
    case TypeId::kInt32: return Value::Int32(data<int32_t>()[i]);
    case TypeId::kInt64: return Value::Int64(data<int64_t>()[i]);
    case TypeId::kUInt8: return Value::UInt8(data<uint8_t>()[i]);
    case TypeId::kUInt16: return Value::UInt16(data<uint16_t>()[i]);
    case TypeId::kUInt32: return Value::UInt32(data<uint32_t>()[i]);
    case TypeId::kUInt64: return Value::UInt64(data<uint64_t>()[i]);
    case TypeId::kFloat32: return Value::Float32(data<float>()[i]);
    case TypeId::kFloat64: return Value::Float64(data<double>()[i]);
    case TypeId::kString: return Value::String(std::string(GetString(i)));
    case TypeId::kBinary: return Value::Binary(std::string(GetString(i)));
    case TypeId::kTimestamp: return Value::Timestamp(data<int64_t>()[i], type_.unit());
    case TypeId::kDate: return Value::Date(data<int32_t>()[i]);
    case TypeId::kInterval: return Value::IntervalValue(data<Interval>()[i]);
  }
  return Value::Null(type_);
}

ColumnPtr Column::Slice(int64_t offset, int64_t length) const {
  COPRA_CHECK(offset >= 0 && length >= 0 && offset + length <= length_);
  // A slice of a column without NULLs has none either; otherwise count lazily.
  int64_t known = null_count_.load(std::memory_order_relaxed);
  int64_t null_count = known == 0 ? 0 : (offset == 0 && length == length_ ? known : -1);
  return std::make_shared<const Column>(type_, length, validity_, values_, data_, null_count,
                                        offset_ + offset);
}

bool Column::Equals(const Column& other) const {
  if (type_ != other.type_ || length_ != other.length_) return false;
  for (int64_t i = 0; i < length_; ++i) {
    if (IsValid(i) != other.IsValid(i)) return false;
    if (IsValid(i) && !(GetValue(i) == other.GetValue(i))) return false;
  }
  return true;
}

Status Column::Validate() const {
  auto fail = [&](const std::string& what) {
    return Status::InvalidArgument(
        fmt::format("invalid {} column (length {}, offset {}): {}", type_.ToString(), length_,
                    offset_, what));
  };
  if (length_ < 0 || offset_ < 0) return fail("negative length or offset");
  int64_t end = offset_ + length_;
  if (validity_ != nullptr && validity_->size() < bit_util::BytesForBits(end)) {
    return fail("validity bitmap too small");
  }
  if (type_.IsNull()) return Status::OK();
  if (values_ == nullptr) return fail("missing values buffer");
  if (type_.IsBoolean()) {
    if (values_->size() < bit_util::BytesForBits(end)) return fail("values bitmap too small");
  } else if (type_.IsVarWidth()) {
    if (data_ == nullptr) return fail("missing data buffer");
    if (values_->size() < (end + 1) * int64_t{sizeof(int32_t)}) return fail("offsets too small");
    const int32_t* offs = values_->data_as<int32_t>();
    for (int64_t i = offset_; i < end; ++i) {
      if (offs[i] < 0 || offs[i] > offs[i + 1]) return fail("offsets not monotonic");
    }
    if (offs[end] > data_->size()) return fail("offsets past the end of the data buffer");
  } else if (values_->size() < end * type_.ByteWidth()) {
    return fail("values buffer too small");
  }
  return Status::OK();
}

std::string Column::ToString() const {
  std::string out = "[";
  for (int64_t i = 0; i < length_; ++i) {
    if (i > 0) out += ", ";
    Value v = GetValue(i);
    if (!v.is_null() && type_.IsVarWidth()) {
      out += v.ToSqlLiteral();
    } else {
      out += v.ToString();
    }
  }
  out += "]";
  return out;
}

}  // namespace copra
