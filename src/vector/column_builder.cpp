#include "vector/column_builder.h"

#include <fmt/format.h>

#include <cstring>
#include <limits>

namespace copra {

ColumnBuilder::ColumnBuilder(LogicalType type, int64_t capacity_hint) : type_(type) {
  if (capacity_hint > 0 && !type_.IsNull()) {
    if (type_.IsBoolean()) {
      values_ = Buffer::Allocate(0);
      values_->Reserve(bit_util::BytesForBits(capacity_hint));
    } else if (type_.IsVarWidth()) {
      values_ = Buffer::Allocate(sizeof(int32_t));
      values_->Reserve((capacity_hint + 1) * int64_t{sizeof(int32_t)});
    } else {
      values_ = Buffer::Allocate(0);
      values_->Reserve(capacity_hint * type_.ByteWidth());
    }
  }
}

void ColumnBuilder::EnsureValues(int64_t width) {
  COPRA_CHECK_MSG(width == type_.ByteWidth(),
                  fmt::format("appending {}-byte values to a {} builder", width, type_.ToString()));
  if (values_ == nullptr) values_ = Buffer::Allocate(0);
  int64_t needed = (length_ + 1) * width;
  if (values_->capacity() < needed) values_->Reserve(needed);
  values_->Resize(needed);
}

void ColumnBuilder::MarkValid() {
  if (validity_ != nullptr) {
    validity_->Resize(bit_util::BytesForBits(length_ + 1));
    bit_util::SetBit(validity_->mutable_data(), length_);
  }
  ++length_;
}

void ColumnBuilder::AppendNull() {
  if (validity_ == nullptr) {
    // First NULL: every earlier row was valid.
    validity_ = Buffer::Allocate(bit_util::BytesForBits(length_ + 1));
    bit_util::SetBitsTo(validity_->mutable_data(), 0, length_, true);
  } else {
    validity_->Resize(bit_util::BytesForBits(length_ + 1));
  }
  // The slot under a NULL holds a zero value (or an empty string).
  if (type_.IsBoolean()) {
    if (values_ == nullptr) values_ = Buffer::Allocate(0);
    values_->Resize(bit_util::BytesForBits(length_ + 1));
  } else if (type_.IsVarWidth()) {
    if (values_ == nullptr) values_ = Buffer::Allocate(sizeof(int32_t));
    values_->Resize((length_ + 2) * int64_t{sizeof(int32_t)});
    int32_t* offs = values_->mutable_data_as<int32_t>();
    offs[length_ + 1] = offs[length_];
  } else if (!type_.IsNull()) {
    EnsureValues(type_.ByteWidth());
  }
  ++null_count_;
  ++length_;
}

void ColumnBuilder::AppendBool(bool v) {
  COPRA_CHECK(type_.IsBoolean());
  if (values_ == nullptr) values_ = Buffer::Allocate(0);
  values_->Resize(bit_util::BytesForBits(length_ + 1));
  bit_util::SetBitTo(values_->mutable_data(), length_, v);
  MarkValid();
}

Status ColumnBuilder::AppendString(std::string_view v) {
  COPRA_CHECK(type_.IsVarWidth());
  if (values_ == nullptr) values_ = Buffer::Allocate(sizeof(int32_t));
  if (data_ == nullptr) data_ = Buffer::Allocate(0);
  int32_t start = values_->data_as<int32_t>()[length_];
  if (static_cast<int64_t>(v.size()) > std::numeric_limits<int32_t>::max() - start) {
    return Status::Error(ErrorCode::kStringTooLong,
                         "column exceeds 2 GiB of string data; use smaller batches");
  }
  int32_t end = start + static_cast<int32_t>(v.size());
  data_->ResizeUninitialized(end);
  if (!v.empty()) std::memcpy(data_->mutable_data() + start, v.data(), v.size());
  values_->ResizeUninitialized((length_ + 2) * int64_t{sizeof(int32_t)});
  values_->mutable_data_as<int32_t>()[length_ + 1] = end;
  MarkValid();
  return Status::OK();
}

Status ColumnBuilder::AppendValue(const Value& v) {
  if (v.is_null()) {
    AppendNull();
    return Status::OK();
  }
  if (v.type() != type_) {
    return Status::TypeMismatch(fmt::format("cannot append a {} value to a {} column",
                                            v.type().ToString(), type_.ToString()));
  }
  switch (type_.id()) {
    case TypeId::kNull: AppendNull(); break;
    case TypeId::kBoolean: AppendBool(v.GetBool()); break;
    case TypeId::kInt8: Append<int8_t>(static_cast<int8_t>(v.GetInt64())); break;
    case TypeId::kInt16: Append<int16_t>(static_cast<int16_t>(v.GetInt64())); break;
    case TypeId::kInt32: Append<int32_t>(static_cast<int32_t>(v.GetInt64())); break;
    case TypeId::kInt64: Append<int64_t>(v.GetInt64()); break;
    case TypeId::kUInt8: Append<uint8_t>(static_cast<uint8_t>(v.GetUInt64())); break;
    case TypeId::kUInt16: Append<uint16_t>(static_cast<uint16_t>(v.GetUInt64())); break;
    case TypeId::kUInt32: Append<uint32_t>(static_cast<uint32_t>(v.GetUInt64())); break;
    case TypeId::kUInt64: Append<uint64_t>(v.GetUInt64()); break;
    case TypeId::kFloat32: Append<float>(static_cast<float>(v.GetDouble())); break;
    case TypeId::kFloat64: Append<double>(v.GetDouble()); break;
    case TypeId::kString:
    case TypeId::kBinary: return AppendString(v.GetString());
    case TypeId::kTimestamp: Append<int64_t>(v.GetInt64()); break;
    case TypeId::kDate: Append<int32_t>(static_cast<int32_t>(v.GetInt64())); break;
    case TypeId::kInterval: Append<Interval>(v.GetInterval()); break;
  }
  return Status::OK();
}

void ColumnBuilder::AppendFrom(const Column& col, int64_t row) {
  COPRA_CHECK(col.type() == type_);
  if (col.IsNull(row)) {
    AppendNull();
    return;
  }
  switch (type_.id()) {
    case TypeId::kNull: AppendNull(); return;
    case TypeId::kBoolean: AppendBool(col.GetBool(row)); return;
    case TypeId::kString:
    case TypeId::kBinary: {
      Status st = AppendString(col.GetString(row));
      COPRA_CHECK_MSG(st.ok(), st.message());
      return;
    }
    default: {
      int width = type_.ByteWidth();
      EnsureValues(width);
      std::memcpy(values_->mutable_data() + length_ * width,
                  col.values_buffer()->data() + (col.offset() + row) * width,
                  static_cast<size_t>(width));
      MarkValid();
      return;
    }
  }
}

ColumnPtr ColumnBuilder::Finish() {
  // Empty columns still get their (empty) buffers: consumers index them.
  if (!type_.IsNull() && values_ == nullptr) {
    values_ = Buffer::Allocate(type_.IsVarWidth() ? int64_t{sizeof(int32_t)} : 0);
  }
  if (type_.IsVarWidth() && data_ == nullptr) data_ = Buffer::Allocate(0);
  if (type_.IsNull() && validity_ == nullptr) {
    validity_ = Buffer::Allocate(bit_util::BytesForBits(length_));
  }
  BufferPtr validity = null_count_ > 0 ? std::move(validity_) : nullptr;
  auto col = std::make_shared<const Column>(type_, length_, std::move(validity), std::move(values_),
                                            std::move(data_), null_count_);
  validity_.reset();
  values_.reset();
  data_.reset();
  length_ = 0;
  null_count_ = 0;
  return col;
}

}  // namespace copra
