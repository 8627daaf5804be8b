#include "storage/batch_codec.h"

#include <cstring>

#include "vector/bit_util.h"

namespace copra::storage {

namespace {

template <typename T>
void Put(std::string* out, T v) {
  out->append(reinterpret_cast<const char*>(&v), sizeof(T));
}

void PutBits(const uint8_t* bits, int64_t offset, int64_t n, std::string* out) {
  const size_t bytes = static_cast<size_t>(bit_util::BytesForBits(n));
  size_t at = out->size();
  out->resize(at + bytes);
  auto* dst = reinterpret_cast<uint8_t*>(out->data() + at);
  if (offset % 8 == 0) {
    std::memcpy(dst, bits + offset / 8, bytes);
  } else {
    std::memset(dst, 0, bytes);
    bit_util::CopyBitmap(bits, offset, n, dst, 0);
  }
}

class Cursor {
 public:
  explicit Cursor(std::string_view bytes) : bytes_(bytes) {}
  template <typename T>
  bool Get(T* v) {
    if (bytes_.size() - pos_ < sizeof(T)) return false;
    std::memcpy(v, bytes_.data() + pos_, sizeof(T));
    pos_ += sizeof(T);
    return true;
  }
  // Copies `n` bytes into a new buffer.
  bool Take(int64_t n, BufferPtr* out) {
    if (n < 0 || static_cast<uint64_t>(n) > bytes_.size() - pos_) return false;
    *out = Buffer::Allocate(n);
    if (n > 0) std::memcpy((*out)->mutable_data(), bytes_.data() + pos_, static_cast<size_t>(n));
    pos_ += static_cast<size_t>(n);
    return true;
  }
  bool AtEnd() const { return pos_ == bytes_.size(); }

 private:
  std::string_view bytes_;
  size_t pos_ = 0;
};

Status Damaged(const std::string& what) {
  return Status::Error(ErrorCode::kDataCorrupted, "damaged batch encoding: " + what);
}

}  // namespace

namespace {

// The bytes EncodeBatch appends for `batch`, so the payload is allocated
// once instead of growing (and being copied) append by append.
size_t EncodedSize(const Batch& batch) {
  const int64_t n = batch.num_rows();
  const size_t bits = static_cast<size_t>(bit_util::BytesForBits(n));
  size_t size = sizeof(uint64_t) + sizeof(uint32_t);
  for (const ColumnPtr& col : batch.columns()) {
    size += 1 + (col->validity_bits() != nullptr ? bits : 0);
    const LogicalType& type = col->type();
    if (type.IsNull()) continue;
    if (type.IsBoolean()) {
      size += bits;
    } else if (type.IsVarWidth()) {
      const int32_t* offs = col->values_buffer()->data_as<int32_t>() + col->offset();
      size += static_cast<size_t>(n + 1) * sizeof(int32_t) + sizeof(uint64_t) +
              static_cast<size_t>(offs[n] - offs[0]);
    } else {
      size += static_cast<size_t>(n * type.ByteWidth());
    }
  }
  return size;
}

}  // namespace

void EncodeBatch(const Batch& batch, std::string* out) {
  const int64_t n = batch.num_rows();
  out->reserve(out->size() + EncodedSize(batch));
  Put<uint64_t>(out, static_cast<uint64_t>(n));
  Put<uint32_t>(out, static_cast<uint32_t>(batch.num_columns()));
  for (const ColumnPtr& col : batch.columns()) {
    const int64_t off = col->offset();
    const bool has_validity = col->validity_bits() != nullptr && col->null_count() > 0;
    Put<uint8_t>(out, has_validity ? 1 : 0);
    if (has_validity) PutBits(col->validity_bits(), off, n, out);
    const LogicalType& type = col->type();
    if (type.IsNull()) continue;
    if (type.IsBoolean()) {
      PutBits(col->values_buffer()->data(), off, n, out);
    } else if (type.IsVarWidth()) {
      const int32_t* offs = col->values_buffer()->data_as<int32_t>() + off;
      const int32_t base = offs[0];
      size_t at = out->size();
      out->resize(at + static_cast<size_t>(n + 1) * sizeof(int32_t));
      // `out` has no alignment: write the offsets bytewise.
      char* dst = out->data() + at;
      for (int64_t i = 0; i <= n; ++i) {
        const int32_t rebased = offs[i] - base;
        std::memcpy(dst + i * static_cast<int64_t>(sizeof(int32_t)), &rebased, sizeof(rebased));
      }
      const uint64_t len = static_cast<uint64_t>(offs[n] - base);
      Put<uint64_t>(out, len);
      out->append(reinterpret_cast<const char*>(col->data_buffer()->data()) + base, len);
    } else {
      const int w = type.ByteWidth();
      out->append(reinterpret_cast<const char*>(col->values_buffer()->data()) + off * w,
                  static_cast<size_t>(n * w));
    }
  }
}

Result<BatchPtr> DecodeBatch(const SchemaPtr& schema, std::string_view bytes) {
  Cursor cur(bytes);
  uint64_t rows = 0;
  uint32_t ncols = 0;
  if (!cur.Get(&rows) || !cur.Get(&ncols)) return Damaged("truncated header");
  if (ncols != schema->num_fields()) return Damaged("column count does not match the table");
  if (rows > (uint64_t{1} << 40)) return Damaged("row count out of range");
  const auto n = static_cast<int64_t>(rows);
  std::vector<ColumnPtr> columns;
  columns.reserve(ncols);
  for (uint32_t c = 0; c < ncols; ++c) {
    const LogicalType& type = schema->field(c).type;
    uint8_t has_validity = 0;
    if (!cur.Get(&has_validity)) return Damaged("truncated column");
    BufferPtr validity, values, data;
    if (has_validity && !cur.Take(bit_util::BytesForBits(n), &validity)) {
      return Damaged("truncated validity");
    }
    if (type.IsNull()) {
      columns.push_back(Column::MakeNull(type, n));
      continue;
    }
    if (type.IsBoolean()) {
      if (!cur.Take(bit_util::BytesForBits(n), &values)) return Damaged("truncated values");
    } else if (type.IsVarWidth()) {
      uint64_t len = 0;
      if (!cur.Take((n + 1) * int64_t{sizeof(int32_t)}, &values) || !cur.Get(&len) ||
          len > (uint64_t{1} << 31) || !cur.Take(static_cast<int64_t>(len), &data)) {
        return Damaged("truncated strings");
      }
    } else {
      if (!cur.Take(n * type.ByteWidth(), &values)) return Damaged("truncated values");
    }
    auto col = std::make_shared<const Column>(type, n, validity, values, data, -1, 0);
    COPRA_RETURN_NOT_OK(col->Validate());
    columns.push_back(std::move(col));
  }
  if (!cur.AtEnd()) return Damaged("trailing bytes");
  return Batch::Make(schema, std::move(columns), n);
}

}  // namespace copra::storage
