#include "function/cast_kernel.h"

#include "types/cast.h"
#include "vector/column_builder.h"

namespace copra {

namespace {

// Lossless widening between numeric types: no overflow possible.
bool IsLosslessWidening(const LogicalType& from, const LogicalType& to) {
  if (from.IsFloat()) return from.id() == TypeId::kFloat32 && to.id() == TypeId::kFloat64;
  if (!from.IsInteger() || !to.IsNumeric()) return false;
  if (to.IsFloat()) return to.id() == TypeId::kFloat64 || from.ByteWidth() <= 2;
  if (from.IsSignedInteger() && to.IsUnsignedInteger()) return false;
  if (from.IsUnsignedInteger() && to.IsSignedInteger()) return to.ByteWidth() > from.ByteWidth();
  return to.ByteWidth() >= from.ByteWidth();
}

template <typename From, typename To>
ColumnPtr Widen(const Column& col, const LogicalType& target) {
  int64_t n = col.length();
  BufferPtr out = Buffer::Allocate(n * static_cast<int64_t>(sizeof(To)));
  const From* src = col.data<From>();
  To* dst = out->mutable_data_as<To>();
  for (int64_t i = 0; i < n; ++i) dst[i] = static_cast<To>(src[i]);
  BufferPtr validity;
  if (col.HasNulls()) {
    validity = Buffer::Allocate(bit_util::BytesForBits(n));
    bit_util::CopyBitmap(col.validity_bits(), col.offset(), n, validity->mutable_data(), 0);
  }
  return std::make_shared<Column>(target, n, validity, out, nullptr, col.null_count());
}

template <typename From>
ColumnPtr WidenFrom(const Column& col, const LogicalType& target) {
  switch (target.id()) {
    case TypeId::kInt16: return Widen<From, int16_t>(col, target);
    case TypeId::kInt32: return Widen<From, int32_t>(col, target);
    case TypeId::kInt64: return Widen<From, int64_t>(col, target);
    case TypeId::kUInt16: return Widen<From, uint16_t>(col, target);
    case TypeId::kUInt32: return Widen<From, uint32_t>(col, target);
    case TypeId::kUInt64: return Widen<From, uint64_t>(col, target);
    case TypeId::kFloat32: return Widen<From, float>(col, target);
    case TypeId::kFloat64: return Widen<From, double>(col, target);
    default: return nullptr;
  }
}

ColumnPtr WidenColumn(const Column& col, const LogicalType& target) {
  switch (col.type().id()) {
    case TypeId::kInt8: return WidenFrom<int8_t>(col, target);
    case TypeId::kInt16: return WidenFrom<int16_t>(col, target);
    case TypeId::kInt32: return WidenFrom<int32_t>(col, target);
    case TypeId::kInt64: return WidenFrom<int64_t>(col, target);
    case TypeId::kUInt8: return WidenFrom<uint8_t>(col, target);
    case TypeId::kUInt16: return WidenFrom<uint16_t>(col, target);
    case TypeId::kUInt32: return WidenFrom<uint32_t>(col, target);
    case TypeId::kUInt64: return WidenFrom<uint64_t>(col, target);
    case TypeId::kFloat32: return WidenFrom<float>(col, target);
    default: return nullptr;
  }
}

Result<ColumnPtr> CastRowByRow(const Column& col, const LogicalType& target) {
  ColumnBuilder builder(target, col.length());
  for (int64_t i = 0; i < col.length(); ++i) {
    if (col.IsNull(i)) {
      builder.AppendNull();
      continue;
    }
    COPRA_ASSIGN_OR_RETURN(Value v, CastValue(col.GetValue(i), target));
    COPRA_RETURN_NOT_OK(builder.AppendValue(v));
  }
  return builder.Finish();
}

}  // namespace

Result<Datum> CastDatum(const Datum& input, const LogicalType& target, int64_t num_rows) {
  const Column& col = *input.column;
  if (col.type() == target) return input;
  if (col.type().IsNull()) {
    return Datum{Column::MakeNull(target, input.is_scalar ? 1 : num_rows), input.is_scalar};
  }
  if (IsLosslessWidening(col.type(), target)) {
    ColumnPtr out = WidenColumn(col, target);
    if (out != nullptr) return Datum{out, input.is_scalar};
  }
  COPRA_ASSIGN_OR_RETURN(ColumnPtr out, CastRowByRow(col, target));
  return Datum{out, input.is_scalar};
}

}  // namespace copra
