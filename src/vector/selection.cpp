#include "vector/selection.h"

#include <cstring>
#include <limits>

#include "vector/column_builder.h"

namespace copra {

namespace {

template <typename T>
BufferPtr TakeFixed(const Column& col, const int32_t* indices, int64_t n) {
  BufferPtr out = Buffer::AllocateUninitialized(n * static_cast<int64_t>(sizeof(T)));
  const T* src = col.data<T>();
  T* dst = out->mutable_data_as<T>();
  for (int64_t i = 0; i < n; ++i) dst[i] = src[indices[i]];
  return out;
}

BufferPtr TakeBits(const uint8_t* bits, int64_t offset, const int32_t* indices, int64_t n) {
  BufferPtr out = Buffer::Allocate(bit_util::BytesForBits(n));
  uint8_t* dst = out->mutable_data();
  for (int64_t i = 0; i < n; ++i) {
    if (bit_util::GetBit(bits, offset + indices[i])) bit_util::SetBit(dst, i);
  }
  return out;
}

}  // namespace

ColumnPtr TakeColumn(const Column& col, const int32_t* indices, int64_t n) {
  BufferPtr validity;
  int64_t null_count = 0;
  if (col.HasNulls()) {
    validity = TakeBits(col.validity_bits(), col.offset(), indices, n);
    null_count = n - bit_util::CountSetBits(validity->data(), 0, n);
    if (null_count == 0) validity = nullptr;
  }
  const LogicalType& type = col.type();
  if (type.IsNull()) return Column::MakeNull(type, n);
  if (type.IsBoolean()) {
    BufferPtr values = TakeBits(col.values_buffer()->data(), col.offset(), indices, n);
    return std::make_shared<Column>(type, n, validity, values, nullptr, null_count);
  }
  if (type.IsVarWidth()) {
    BufferPtr offsets = Buffer::AllocateUninitialized((n + 1) * 4);
    int32_t* offs = offsets->mutable_data_as<int32_t>();
    int64_t total = 0;
    for (int64_t i = 0; i < n; ++i) {
      offs[i] = static_cast<int32_t>(total);
      total += static_cast<int64_t>(col.GetString(indices[i]).size());
    }
    offs[n] = static_cast<int32_t>(total);
    BufferPtr data = Buffer::AllocateUninitialized(total);
    uint8_t* dst = data->mutable_data();
    for (int64_t i = 0; i < n; ++i) {
      std::string_view s = col.GetString(indices[i]);
      if (!s.empty()) std::memcpy(dst + offs[i], s.data(), s.size());
    }
    return std::make_shared<Column>(type, n, validity, offsets, data, null_count);
  }
  BufferPtr values;
  switch (type.ByteWidth()) {
    case 1: values = TakeFixed<uint8_t>(col, indices, n); break;
    case 2: values = TakeFixed<uint16_t>(col, indices, n); break;
    case 4: values = TakeFixed<uint32_t>(col, indices, n); break;
    case 8: values = TakeFixed<uint64_t>(col, indices, n); break;
    case 16: values = TakeFixed<Interval>(col, indices, n); break;
    default: COPRA_CHECK_MSG(false, "unexpected byte width for " + type.ToString());
  }
  return std::make_shared<Column>(type, n, validity, values, nullptr, null_count);
}

BatchPtr TakeBatch(const Batch& batch, const int32_t* indices, int64_t n) {
  std::vector<ColumnPtr> columns;
  columns.reserve(batch.num_columns());
  for (const ColumnPtr& c : batch.columns()) columns.push_back(TakeColumn(*c, indices, n));
  return Batch::Make(batch.schema(), std::move(columns), n);
}

std::vector<int32_t> SelectTrue(const Column& predicate) {
  std::vector<int32_t> out;
  int64_t n = predicate.length();
  out.reserve(static_cast<size_t>(n));
  if (predicate.type().IsNull()) return out;
  for (int64_t i = 0; i < n; ++i) {
    if (predicate.IsValid(i) && predicate.GetBool(i)) out.push_back(static_cast<int32_t>(i));
  }
  return out;
}

BatchPtr FilterBatch(const BatchPtr& batch, const Column& predicate) {
  std::vector<int32_t> selected = SelectTrue(predicate);
  if (static_cast<int64_t>(selected.size()) == batch->num_rows()) return batch;
  return TakeBatch(*batch, selected.data(), static_cast<int64_t>(selected.size()));
}

ColumnPtr ConcatColumns(const std::vector<ColumnPtr>& columns) {
  COPRA_CHECK(!columns.empty());
  if (columns.size() == 1) return columns[0];
  const LogicalType& type = columns[0]->type();
  int64_t total = 0;
  bool has_nulls = false;
  int64_t data_bytes = 0;
  for (const ColumnPtr& c : columns) {
    total += c->length();
    has_nulls |= c->HasNulls();
    if (type.IsVarWidth() && c->length() > 0) {
      const int32_t* offs = c->values_buffer()->data_as<int32_t>() + c->offset();
      data_bytes += offs[c->length()] - offs[0];
    }
  }
  if (type.IsNull()) return Column::MakeNull(type, total);
  if (data_bytes > std::numeric_limits<int32_t>::max()) {
    // Past int32 offsets: let the builder report it.
    ColumnBuilder builder(type, total);
    for (const ColumnPtr& c : columns) {
      for (int64_t i = 0; i < c->length(); ++i) builder.AppendFrom(*c, i);
    }
    return builder.Finish();
  }

  BufferPtr validity;
  if (has_nulls) {
    validity = Buffer::Allocate(bit_util::BytesForBits(total));
    int64_t pos = 0;
    for (const ColumnPtr& c : columns) {
      if (c->validity_bits() != nullptr) {
        bit_util::CopyBitmap(c->validity_bits(), c->offset(), c->length(), validity->mutable_data(),
                             pos);
      } else {
        bit_util::SetBitsTo(validity->mutable_data(), pos, c->length(), true);
      }
      pos += c->length();
    }
  }

  BufferPtr values;
  BufferPtr data;
  if (type.IsVarWidth()) {
    values = Buffer::AllocateUninitialized((total + 1) * static_cast<int64_t>(sizeof(int32_t)));
    data = Buffer::AllocateUninitialized(data_bytes);
    int32_t* out_offs = values->mutable_data_as<int32_t>();
    int64_t pos = 0;
    int32_t data_pos = 0;
    for (const ColumnPtr& c : columns) {
      const int64_t n = c->length();
      if (n == 0) continue;
      const int32_t* offs = c->values_buffer()->data_as<int32_t>() + c->offset();
      const int32_t bytes = offs[n] - offs[0];
      if (bytes > 0) {
        std::memcpy(data->mutable_data() + data_pos, c->data_buffer()->data() + offs[0],
                    static_cast<size_t>(bytes));
      }
      const int32_t shift = data_pos - offs[0];
      for (int64_t i = 0; i < n; ++i) out_offs[pos + i] = offs[i] + shift;
      pos += n;
      data_pos += bytes;
    }
    out_offs[total] = data_pos;
  } else if (type.id() == TypeId::kBoolean) {
    values = Buffer::Allocate(bit_util::BytesForBits(total));
    int64_t pos = 0;
    for (const ColumnPtr& c : columns) {
      bit_util::CopyBitmap(c->values_buffer()->data(), c->offset(), c->length(),
                           values->mutable_data(), pos);
      pos += c->length();
    }
  } else {
    const int64_t width = type.ByteWidth();
    values = Buffer::AllocateUninitialized(total * width);
    int64_t pos = 0;
    for (const ColumnPtr& c : columns) {
      if (c->length() > 0) {
        std::memcpy(values->mutable_data() + pos * width,
                    c->values_buffer()->data() + c->offset() * width,
                    static_cast<size_t>(c->length() * width));
      }
      pos += c->length();
    }
  }
  return std::make_shared<Column>(type, total, std::move(validity), std::move(values),
                                  std::move(data));
}

}  // namespace copra
