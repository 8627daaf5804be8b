// Building blocks shared by the scalar kernels in src/function/ (arithmetic,
// comparison, math, string, time). Only those kernel .cpp files include this
// header: it carries the loop templates, and keeping it out of widely
// included headers keeps compile times down.
//
// Conventions every kernel follows (see scalar_function.h):
//  * The result has OutputLength() rows: 1 (and is a scalar Datum) when all
//    arguments are scalars, else ctx.num_rows. MakeResult() wraps it.
//  * NULL-propagating kernels first check AnyArgAllNull() (a NULL scalar or
//    an all-NULL column) and return AllNull(); after that every argument
//    has a values buffer, so the typed loops may read any row. Rows that are
//    NULL hold arbitrary values: kernels compute them anyway (cheaper than
//    branching) but must not raise errors for them (MapBinaryChecked).
//  * The output validity is PropagateValidity(): AND of the arguments'
//    validity, nullptr when no row is NULL.
//
// Thread-safe: everything here is stateless.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "function/datum.h"
#include "function/scalar_function.h"
#include "vector/bit_util.h"
#include "vector/buffer.h"
#include "vector/column.h"

namespace copra {
class FunctionRegistry;
}

namespace copra::kernel {

// ---------------------------------------------------------------------------
// Shapes, validity, allocation

bool AllScalar(const std::vector<Datum>& args);
// 1 when every argument is a scalar (including no arguments), else
// ctx.num_rows.
int64_t OutputLength(const KernelContext& ctx, const std::vector<Datum>& args);
// The declared return type of the overload being run.
inline const LogicalType& OutputType(const KernelContext& ctx) {
  return ctx.function->return_type;
}
// `col` as the kernel's result: a scalar Datum when all args are scalars.
Datum MakeResult(ColumnPtr col, const std::vector<Datum>& args);

// True when some argument is NULL on every row: a NULL scalar, or a column
// whose rows are all NULL (which may lack a values buffer).
bool AnyArgAllNull(const std::vector<Datum>& args);
// A NULL result of the overload's return type.
Datum AllNull(const KernelContext& ctx, const std::vector<Datum>& args);

// AND of the validity of `args` over `length` output rows (scalars
// broadcast). nullptr when no output row is NULL. When exactly one argument
// has NULLs and starts at bit 0, its buffer is shared, not copied.
BufferPtr PropagateValidity(const std::vector<Datum>& args, int64_t length);
// Same for a single argument.
BufferPtr ValidityOf(const Datum& arg, int64_t length);

inline bool RowValid(const BufferPtr& validity, int64_t i) {
  return validity == nullptr || bit_util::GetBit(validity->data(), i);
}

// Zero-filled buffer for `length` values of `byte_width` bytes.
BufferPtr AllocateFixed(int64_t length, int byte_width);
// Bitmap of `length` bits, all set to `value`.
BufferPtr AllocateBitmap(int64_t length, bool value);

// A column whose values buffer exists even when every row is NULL, so
// kernels that look at NULL rows (is_distinct_from, concat, greatest) can
// read it uniformly. Returns `arg` itself when it already has storage.
Datum WithStorage(const Datum& arg, int64_t length);

// Builds a fixed-width or BOOLEAN column over freshly computed buffers.
ColumnPtr MakeColumn(const LogicalType& type, int64_t length, BufferPtr validity,
                     BufferPtr values);

// ---------------------------------------------------------------------------
// Typed row access without virtual calls. Getter<T>(column)(i) reads row i
// (offset applied) of a fixed-width column as T; Getter<bool> reads BOOLEAN
// bits; Getter<std::string_view> reads STRING/BINARY. Constructing one over
// a column without storage (a NULL-typed column) is allowed; reading is not.

template <typename T>
struct Getter {
  explicit Getter(const Column& c) : p(c.values_buffer() ? c.data<T>() : nullptr) {}
  T operator()(int64_t i) const { return p[i]; }
  const T* p;
};

template <>
struct Getter<bool> {
  explicit Getter(const Column& c)
      : bits(c.values_buffer() ? c.values_buffer()->data() : nullptr), offset(c.offset()) {}
  bool operator()(int64_t i) const { return bit_util::GetBit(bits, offset + i); }
  const uint8_t* bits;
  int64_t offset;
};

template <>
struct Getter<std::string_view> {
  explicit Getter(const Column& c)
      : offsets(c.values_buffer() ? c.values_buffer()->data_as<int32_t>() + c.offset()
                                  : nullptr),
        data(c.data_buffer() ? reinterpret_cast<const char*>(c.data_buffer()->data()) : "") {}
  std::string_view operator()(int64_t i) const {
    return std::string_view(data + offsets[i], static_cast<size_t>(offsets[i + 1] - offsets[i]));
  }
  const int32_t* offsets;
  const char* data;
};

// A scalar seen through the Getter interface.
template <typename T>
struct Broadcast {
  T value;
  T operator()(int64_t) const { return value; }
};

// Row access that folds in the scalar broadcast: reader(i) is logical row
// i. One predictable branch per row; for row-at-a-time kernels (strings,
// per-row parameters) where the per-row work dominates.
template <typename T>
struct ArgReader {
  explicit ArgReader(const Datum& d) : get(*d.column), scalar(d.is_scalar) {}
  T operator()(int64_t i) const { return get(scalar ? 0 : i); }
  Getter<T> get;
  bool scalar;
};

// Calls body(get_a, get_b) once with accessors specialized for the
// argument shapes: (flat, flat), (scalar, flat), (flat, scalar). Two
// scalars use the flat path over their single row.
template <typename A, typename B, typename Body>
void DispatchShapes(const Datum& a, const Datum& b, Body&& body) {
  Getter<A> ga(*a.column);
  Getter<B> gb(*b.column);
  if (a.is_scalar && !b.is_scalar) {
    body(Broadcast<A>{ga(0)}, gb);
  } else if (b.is_scalar && !a.is_scalar) {
    body(ga, Broadcast<B>{gb(0)});
  } else {
    body(ga, gb);
  }
}

// Packs gen(0..n-1) into `bits` (LSB first), a byte at a time.
template <typename Gen>
void PackBits(int64_t n, uint8_t* bits, Gen&& gen) {
  int64_t full = n / 8;
  for (int64_t byte = 0; byte < full; ++byte) {
    int64_t base = byte * 8;
    uint8_t v = 0;
    for (int j = 0; j < 8; ++j) v |= static_cast<uint8_t>(gen(base + j) ? 1u << j : 0u);
    bits[byte] = v;
  }
  if (n % 8 != 0) {
    uint8_t v = 0;
    for (int64_t i = full * 8; i < n; ++i) {
      v |= static_cast<uint8_t>(gen(i) ? 1u << (i & 7) : 0u);
    }
    bits[full] = v;
  }
}

// ---------------------------------------------------------------------------
// Map templates for NULL-propagating kernels.

// out[i] = f(a[i]); f cannot fail.
template <typename A, typename Out, typename F>
Result<Datum> MapUnary(const KernelContext& ctx, const std::vector<Datum>& args, F f) {
  if (AnyArgAllNull(args)) return AllNull(ctx, args);
  int64_t n = OutputLength(ctx, args);
  BufferPtr validity = PropagateValidity(args, n);
  Getter<A> ga(*args[0].column);
  BufferPtr values;
  if constexpr (std::is_same_v<Out, bool>) {
    values = AllocateFixed(bit_util::BytesForBits(n), 1);
    PackBits(n, values->mutable_data(), [&](int64_t i) { return f(ga(i)); });
  } else {
    values = AllocateFixed(n, sizeof(Out));
    Out* out = values->mutable_data_as<Out>();
    for (int64_t i = 0; i < n; ++i) out[i] = f(ga(i));
  }
  return MakeResult(MakeColumn(OutputType(ctx), n, std::move(validity), std::move(values)), args);
}

// out[i] = f(a[i], b[i]); f cannot fail. Out may be bool (bit-packed).
template <typename A, typename B, typename Out, typename F>
Result<Datum> MapBinary(const KernelContext& ctx, const std::vector<Datum>& args, F f) {
  if (AnyArgAllNull(args)) return AllNull(ctx, args);
  int64_t n = OutputLength(ctx, args);
  BufferPtr validity = PropagateValidity(args, n);
  BufferPtr values;
  if constexpr (std::is_same_v<Out, bool>) {
    values = AllocateFixed(bit_util::BytesForBits(n), 1);
    uint8_t* bits = values->mutable_data();
    DispatchShapes<A, B>(args[0], args[1], [&](auto ga, auto gb) {
      PackBits(n, bits, [&](int64_t i) { return f(ga(i), gb(i)); });
    });
  } else {
    values = AllocateFixed(n, sizeof(Out));
    Out* out = values->mutable_data_as<Out>();
    DispatchShapes<A, B>(args[0], args[1], [&](auto ga, auto gb) {
      for (int64_t i = 0; i < n; ++i) out[i] = f(ga(i), gb(i));
    });
  }
  return MakeResult(MakeColumn(OutputType(ctx), n, std::move(validity), std::move(values)), args);
}

// Fallible unary map: f(a, &out) returns true on error; err(a) gives the
// Status reported for the first non-NULL failing row. Failing NULL rows are
// ignored.
template <typename A, typename Out, typename F, typename E>
Result<Datum> MapUnaryChecked(const KernelContext& ctx, const std::vector<Datum>& args, F f,
                              E err) {
  if (AnyArgAllNull(args)) return AllNull(ctx, args);
  int64_t n = OutputLength(ctx, args);
  BufferPtr validity = PropagateValidity(args, n);
  BufferPtr values = AllocateFixed(n, sizeof(Out));
  Out* out = values->mutable_data_as<Out>();
  Getter<A> ga(*args[0].column);
  bool bad = false;
  for (int64_t i = 0; i < n; ++i) bad |= f(ga(i), &out[i]);
  if (bad) {
    for (int64_t i = 0; i < n; ++i) {
      Out tmp;
      if (RowValid(validity, i) && f(ga(i), &tmp)) return err(ga(i));
    }
  }
  return MakeResult(MakeColumn(OutputType(ctx), n, std::move(validity), std::move(values)), args);
}

// Fallible binary map: f(a, b, &out) returns true on error; err(a, b)
// gives the Status for the first non-NULL failing row.
template <typename A, typename B, typename Out, typename F, typename E>
Result<Datum> MapBinaryChecked(const KernelContext& ctx, const std::vector<Datum>& args, F f,
                               E err) {
  if (AnyArgAllNull(args)) return AllNull(ctx, args);
  int64_t n = OutputLength(ctx, args);
  BufferPtr validity = PropagateValidity(args, n);
  BufferPtr values = AllocateFixed(n, sizeof(Out));
  Out* out = values->mutable_data_as<Out>();
  bool bad = false;
  DispatchShapes<A, B>(args[0], args[1], [&](auto ga, auto gb) {
    for (int64_t i = 0; i < n; ++i) bad |= f(ga(i), gb(i), &out[i]);
  });
  if (bad) {
    Status st;
    DispatchShapes<A, B>(args[0], args[1], [&](auto ga, auto gb) {
      for (int64_t i = 0; i < n && st.ok(); ++i) {
        Out tmp;
        if (RowValid(validity, i) && f(ga(i), gb(i), &tmp)) st = err(ga(i), gb(i));
      }
    });
    if (!st.ok()) return st;
  }
  return MakeResult(MakeColumn(OutputType(ctx), n, std::move(validity), std::move(values)), args);
}

// ---------------------------------------------------------------------------
// STRING/BINARY output, one row at a time in order.

// Total STRING/BINARY bytes the arguments hold over `length` rows (a
// scalar counts `length` times): a size hint for StringWriter.
int64_t StringDataHint(const std::vector<Datum>& args, int64_t length);

// Row-at-a-time STRING kernel: fn(i, &out) appends exactly one value for
// each row where no argument is NULL (NULL rows are appended here) and
// returns a Status (errors stop the kernel).
template <typename Fn>
Result<Datum> MapStringRows(const KernelContext& ctx, const std::vector<Datum>& args, Fn fn);

class StringWriter {
 public:
  // `data_hint`: expected total bytes (a good guess avoids regrowth).
  StringWriter(LogicalType type, int64_t num_rows, int64_t data_hint = 0);

  void Append(std::string_view s) {
    Extend(s);
    EndValue();
  }
  void AppendNull();
  // Adds bytes to the value being built; EndValue() closes it.
  void Extend(std::string_view s) {
    if (static_cast<int64_t>(s.size()) > capacity_ - pos_ && !Grow(s.size())) return;
    if (!s.empty()) std::memcpy(data_ + pos_, s.data(), s.size());
    pos_ += static_cast<int64_t>(s.size());
  }
  void EndValue() { offsets_[++row_] = static_cast<int32_t>(pos_); }

  // The column (all rows must have been appended); kStringTooLong if the
  // data would exceed the 2 GiB that int32 offsets address.
  Result<ColumnPtr> Finish();

 private:
  bool Grow(size_t extra);

  LogicalType type_;
  int64_t num_rows_;
  int64_t row_ = 0;
  int64_t null_count_ = 0;
  int64_t pos_ = 0;
  int64_t capacity_ = 0;
  bool too_long_ = false;
  BufferPtr validity_;
  BufferPtr offsets_buf_;
  BufferPtr data_buf_;
  int32_t* offsets_;
  uint8_t* validity_bits_ = nullptr;
  char* data_;
};

template <typename Fn>
Result<Datum> MapStringRows(const KernelContext& ctx, const std::vector<Datum>& args, Fn fn) {
  if (AnyArgAllNull(args)) return AllNull(ctx, args);
  int64_t n = OutputLength(ctx, args);
  BufferPtr validity = PropagateValidity(args, n);
  StringWriter out(OutputType(ctx), n, StringDataHint(args, n));
  for (int64_t i = 0; i < n; ++i) {
    if (RowValid(validity, i)) {
      COPRA_RETURN_NOT_OK(fn(i, &out));
    } else {
      out.AppendNull();
    }
  }
  COPRA_ASSIGN_OR_RETURN(ColumnPtr col, out.Finish());
  return MakeResult(std::move(col), args);
}

// ---------------------------------------------------------------------------
// Registration helpers.

void AddScalar(FunctionRegistry* registry, const std::string& name,
               std::vector<LogicalType> args, LogicalType ret, ScalarKernel kernel);
void AddVariadic(FunctionRegistry* registry, const std::string& name,
                 std::vector<LogicalType> args, LogicalType ret, ScalarKernel kernel);
void AddVolatile(FunctionRegistry* registry, const std::string& name,
                 std::vector<LogicalType> args, LogicalType ret, ScalarKernel kernel);

// Timestamp units in registration order: when arguments of two different
// units meet (cost ties in overload resolution), the overload registered
// first wins, so microseconds (PostgreSQL's precision, and where STRING
// arguments land) come first, then the finer nanoseconds.
inline constexpr TimeUnit kTimeUnits[] = {TimeUnit::kMicrosecond, TimeUnit::kNanosecond,
                                          TimeUnit::kMillisecond, TimeUnit::kSecond};

// Calls fn.template operator()<T>(LogicalType) for every integer type,
// signed first, narrowest first.
template <typename Fn>
void ForEachIntegerType(Fn&& fn) {
  fn.template operator()<int8_t>(LogicalType::Int8());
  fn.template operator()<int16_t>(LogicalType::Int16());
  fn.template operator()<int32_t>(LogicalType::Int32());
  fn.template operator()<int64_t>(LogicalType::Int64());
  fn.template operator()<uint8_t>(LogicalType::UInt8());
  fn.template operator()<uint16_t>(LogicalType::UInt16());
  fn.template operator()<uint32_t>(LogicalType::UInt32());
  fn.template operator()<uint64_t>(LogicalType::UInt64());
}

// FLOAT64 first: FLOAT32 op INT ties between (FLOAT32, FLOAT32) and
// (FLOAT64, FLOAT64) in overload resolution; PostgreSQL picks double.
template <typename Fn>
void ForEachFloatType(Fn&& fn) {
  fn.template operator()<double>(LogicalType::Float64());
  fn.template operator()<float>(LogicalType::Float32());
}

template <typename Fn>
void ForEachNumericType(Fn&& fn) {
  ForEachIntegerType(fn);
  ForEachFloatType(fn);
}

}  // namespace copra::kernel
