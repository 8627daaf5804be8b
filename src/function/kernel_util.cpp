#include "function/kernel_util.h"

#include <algorithm>
#include <limits>

#include "function/function_registry.h"

namespace copra::kernel {

bool AllScalar(const std::vector<Datum>& args) {
  for (const Datum& d : args) {
    if (!d.is_scalar) return false;
  }
  return true;
}

int64_t OutputLength(const KernelContext& ctx, const std::vector<Datum>& args) {
  return AllScalar(args) ? 1 : ctx.num_rows;
}

Datum MakeResult(ColumnPtr col, const std::vector<Datum>& args) {
  return AllScalar(args) ? Datum::Scalar(std::move(col)) : Datum::Flat(std::move(col));
}

bool AnyArgAllNull(const std::vector<Datum>& args) {
  for (const Datum& d : args) {
    const Column& c = *d.column;
    if (c.type().IsNull() || c.values_buffer() == nullptr) return true;
    if (c.length() > 0 && c.validity_buffer() != nullptr && c.null_count() == c.length()) {
      return true;
    }
  }
  return false;
}

Datum AllNull(const KernelContext& ctx, const std::vector<Datum>& args) {
  return MakeResult(Column::MakeNull(OutputType(ctx), OutputLength(ctx, args)), args);
}

BufferPtr AllocateFixed(int64_t length, int byte_width) {
  return Buffer::Allocate(length * byte_width);
}

BufferPtr AllocateBitmap(int64_t length, bool value) {
  BufferPtr b = Buffer::Allocate(bit_util::BytesForBits(length));
  if (value && length > 0) bit_util::SetBitsTo(b->mutable_data(), 0, length, true);
  return b;
}

BufferPtr ValidityOf(const Datum& arg, int64_t length) { return PropagateValidity({arg}, length); }

BufferPtr PropagateValidity(const std::vector<Datum>& args, int64_t length) {
  std::vector<const Column*> with_nulls;
  for (const Datum& d : args) {
    const Column& c = *d.column;
    if (c.type().IsNull()) return AllocateBitmap(length, false);
    if (d.is_scalar) {
      if (!c.IsValid(0)) return AllocateBitmap(length, false);
    } else if (c.HasNulls()) {
      with_nulls.push_back(&c);
    }
  }
  if (with_nulls.empty()) return nullptr;
  const Column& first = *with_nulls[0];
  if (with_nulls.size() == 1 && first.offset() == 0) return first.validity_buffer();
  BufferPtr out = Buffer::Allocate(bit_util::BytesForBits(length));
  bit_util::CopyBitmap(first.validity_bits(), first.offset(), length, out->mutable_data(), 0);
  for (size_t i = 1; i < with_nulls.size(); ++i) {
    const Column& c = *with_nulls[i];
    bit_util::AndBitmaps(out->data(), 0, c.validity_bits(), c.offset(), length, out->mutable_data(),
                         0);
  }
  return out;
}

Datum WithStorage(const Datum& arg, int64_t length) {
  const Column& c = *arg.column;
  if (c.values_buffer() != nullptr && !c.type().IsNull()) return arg;
  int64_t n = arg.is_scalar ? 1 : length;
  const LogicalType& t = c.type();
  BufferPtr validity = AllocateBitmap(n, false);
  ColumnPtr col;
  if (t.IsVarWidth()) {
    col = std::make_shared<Column>(t, n, validity, AllocateFixed(n + 1, 4), Buffer::Allocate(0), n);
  } else if (t.IsBoolean() || t.IsNull()) {
    col = std::make_shared<Column>(t, n, validity, AllocateBitmap(n, false), nullptr, n);
  } else {
    col = std::make_shared<Column>(t, n, validity, AllocateFixed(n, t.ByteWidth()), nullptr, n);
  }
  return Datum{std::move(col), arg.is_scalar};
}

ColumnPtr MakeColumn(const LogicalType& type, int64_t length, BufferPtr validity,
                     BufferPtr values) {
  int64_t null_count = validity == nullptr ? 0 : -1;
  return std::make_shared<Column>(type, length, std::move(validity), std::move(values), nullptr,
                                  null_count);
}

int64_t StringDataHint(const std::vector<Datum>& args, int64_t length) {
  int64_t hint = 0;
  for (const Datum& d : args) {
    const Column& c = *d.column;
    if (!c.type().IsVarWidth() || c.values_buffer() == nullptr || c.length() == 0) continue;
    const int32_t* offs = c.values_buffer()->data_as<int32_t>() + c.offset();
    int64_t bytes = offs[c.length()] - offs[0];
    hint += d.is_scalar ? bytes * length : bytes;
  }
  return hint;
}

// ---------------------------------------------------------------------------
// StringWriter

StringWriter::StringWriter(LogicalType type, int64_t num_rows, int64_t data_hint)
    : type_(type), num_rows_(num_rows) {
  offsets_buf_ = AllocateFixed(num_rows + 1, sizeof(int32_t));
  offsets_ = offsets_buf_->mutable_data_as<int32_t>();
  capacity_ = std::clamp<int64_t>(data_hint, 64, std::numeric_limits<int32_t>::max());
  data_buf_ = Buffer::AllocateUninitialized(capacity_);
  data_ = reinterpret_cast<char*>(data_buf_->mutable_data());
}

void StringWriter::AppendNull() {
  if (validity_ == nullptr) {
    validity_ = AllocateBitmap(num_rows_, true);
    validity_bits_ = validity_->mutable_data();
  }
  bit_util::ClearBit(validity_bits_, row_);
  ++null_count_;
  EndValue();
}

bool StringWriter::Grow(size_t extra) {
  constexpr int64_t kMax = std::numeric_limits<int32_t>::max();
  if (too_long_ || static_cast<int64_t>(extra) > kMax - pos_) {
    too_long_ = true;
    return false;
  }
  int64_t needed = pos_ + static_cast<int64_t>(extra);
  int64_t new_capacity = std::min(kMax, std::max(needed, capacity_ * 2));
  data_buf_->ResizeUninitialized(new_capacity);  // keeps the bytes written so far
  capacity_ = new_capacity;
  data_ = reinterpret_cast<char*>(data_buf_->mutable_data());
  return true;
}

Result<ColumnPtr> StringWriter::Finish() {
  COPRA_CHECK(row_ == num_rows_);
  if (too_long_) {
    return Status::Error(ErrorCode::kStringTooLong, "result string column exceeds the 2 GiB limit");
  }
  data_buf_->Resize(pos_);
  BufferPtr validity = null_count_ > 0 ? validity_ : nullptr;
  ColumnPtr col = std::make_shared<const Column>(type_, num_rows_, std::move(validity),
                                                 offsets_buf_, data_buf_, null_count_);
  return col;
}

// ---------------------------------------------------------------------------
// Registration

namespace {
void Add(FunctionRegistry* registry, const std::string& name, std::vector<LogicalType> args,
         LogicalType ret, ScalarKernel kernel, bool variadic, bool deterministic) {
  ScalarFunction fn;
  fn.name = name;
  fn.arg_types = std::move(args);
  fn.return_type = ret;
  fn.kernel = kernel;
  fn.variadic = variadic;
  fn.deterministic = deterministic;
  registry->AddScalar(std::move(fn));
}
}  // namespace

void AddScalar(FunctionRegistry* registry, const std::string& name, std::vector<LogicalType> args,
               LogicalType ret, ScalarKernel kernel) {
  Add(registry, name, std::move(args), ret, kernel, false, true);
}

void AddVariadic(FunctionRegistry* registry, const std::string& name, std::vector<LogicalType> args,
                 LogicalType ret, ScalarKernel kernel) {
  Add(registry, name, std::move(args), ret, kernel, true, true);
}

void AddVolatile(FunctionRegistry* registry, const std::string& name, std::vector<LogicalType> args,
                 LogicalType ret, ScalarKernel kernel) {
  Add(registry, name, std::move(args), ret, kernel, false, false);
}

}  // namespace copra::kernel
