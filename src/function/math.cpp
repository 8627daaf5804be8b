// Math functions: abs, ceil/floor/round/trunc, sign, sqrt, cbrt, pow, exp,
// logarithms, trigonometry, pi(), random(), greatest/least, nullif, isnan,
// isinf. mod is an alias of the % operator (arithmetic.cpp).
//
// Float functions take DOUBLE (integers convert implicitly); abs, ceil,
// floor, round(x), trunc and sign keep integer types. Domain errors follow
// PostgreSQL's messages.
#include <charconv>
#include <cmath>
#include <limits>
#include <random>
#include <string>

#include "function/function_registry.h"
#include "function/kernel_util.h"
#include "function/sql_order.h"

namespace copra {
namespace {

using namespace kernel;  // NOLINT: kernel building blocks

Status InvalidParam(const char* msg) { return Status::Error(ErrorCode::kInvalidParameter, msg); }
Status Overflow() {
  return Status::Error(ErrorCode::kNumericOverflow, "value out of range: overflow");
}

// DOUBLE -> DOUBLE through a captureless lambda type F (C++20 lets a lambda
// type be default-constructed), so each function is its own kernel.
template <typename F>
Result<Datum> DoubleKernel(const KernelContext& ctx, const std::vector<Datum>& args) {
  return MapUnary<double, double>(ctx, args, F{});
}

// Fallible DOUBLE -> DOUBLE: F(x, &out) returns true on error, E(x) the
// error's Status.
template <typename F, typename E>
Result<Datum> CheckedDoubleKernel(const KernelContext& ctx, const std::vector<Datum>& args) {
  return MapUnaryChecked<double, double>(ctx, args, F{}, E{});
}

// The functions that are the identity on integers (ceil, floor, round,
// trunc) share the argument's buffers.
Result<Datum> Identity(const KernelContext&, const std::vector<Datum>& args) { return args[0]; }

template <typename T>
Result<Datum> AbsKernel(const KernelContext& ctx, const std::vector<Datum>& args) {
  if constexpr (std::is_floating_point_v<T>) {
    return MapUnary<T, T>(ctx, args, [](T x) { return std::fabs(x); });
  } else if constexpr (std::is_unsigned_v<T>) {
    return args[0];
  } else {
    return MapUnaryChecked<T, T>(
        ctx, args,
        [](T x, T* out) {
          if (x >= 0) {
            *out = x;
            return false;
          }
          return __builtin_sub_overflow(T(0), x, out);
        },
        [&ctx](T) {
          return Status::Error(ErrorCode::kNumericOverflow,
                               OutputType(ctx).ToString() + " out of range");
        });
  }
}

template <typename T>
Result<Datum> SignKernel(const KernelContext& ctx, const std::vector<Datum>& args) {
  return MapUnary<T, T>(ctx, args, [](T x) {
    if constexpr (std::is_floating_point_v<T>) {
      if (x != x) return x;  // NaN stays NaN
    }
    return static_cast<T>((x > 0) - (x < T(0)));
  });
}

template <typename T, T (*F)(T)>
Result<Datum> FloatRounding(const KernelContext& ctx, const std::vector<Datum>& args) {
  return MapUnary<T, T>(ctx, args, [](T x) { return F(x); });
}

template <typename T> T Ceil(T x) { return std::ceil(x); }
template <typename T> T Floor(T x) { return std::floor(x); }
template <typename T> T Trunc(T x) { return std::trunc(x); }
// Half away from zero, like PostgreSQL's numeric round (float8's rint
// rounds half to even; literals here are doubles, and users expect 2.5 -> 3).
template <typename T> T Round(T x) { return std::round(x); }

// round(x, digits): rounds the shortest decimal form of x that reads back
// as x ("2.675", not the binary 2.67499999...), half away from zero, so
// round(2.675, 2) is 2.68 as with PostgreSQL's numeric.
double RoundDigits(double x, int64_t digits) {
  if (!std::isfinite(x) || digits > 400) return x;
  char buf[512];
  auto res = std::to_chars(buf, buf + sizeof(buf), std::fabs(x), std::chars_format::fixed);
  std::string_view text(buf, static_cast<size_t>(res.ptr - buf));
  size_t dot = text.find('.');
  std::string all(text.substr(0, dot));  // integer digits, then fraction digits
  int64_t point = static_cast<int64_t>(all.size());
  if (dot != std::string_view::npos) all.append(text.substr(dot + 1));
  int64_t keep = point + digits;  // digits kept before the rounding position
  if (keep >= static_cast<int64_t>(all.size())) return x;
  if (keep < 0) return std::copysign(0.0, x);
  bool up = all[static_cast<size_t>(keep)] >= '5';
  all.resize(static_cast<size_t>(keep));
  if (up) {
    int64_t i = keep - 1;
    while (i >= 0 && all[static_cast<size_t>(i)] == '9') all[static_cast<size_t>(i--)] = '0';
    if (i < 0) {
      all.insert(all.begin(), '1');
    } else {
      ++all[static_cast<size_t>(i)];
    }
  }
  if (all.empty()) return std::copysign(0.0, x);
  // The kept digits are an integer scaled by 10^-digits.
  all += 'e';
  all += std::to_string(-digits);
  double out = 0;
  std::from_chars(all.data(), all.data() + all.size(), out);
  return std::copysign(out, x);
}

Result<Datum> RoundDigitsKernel(const KernelContext& ctx, const std::vector<Datum>& args) {
  return MapBinary<double, int64_t, double>(ctx, args, RoundDigits);
}

// glibc's cbrt can be an ulp off on perfect cubes (cbrt(27) =
// 3.0000000000000004); one Newton step fixes those.
double Cbrt(double x) {
  double r = std::cbrt(x);
  if (r != 0 && std::isfinite(r)) {
    double better = r - (r * r * r - x) / (3 * r * r);
    if (better * better * better == x) r = better;
  }
  return r;
}

bool LogDomainError(double x) { return x <= 0; }
Status LogError(double x) {
  return InvalidParam(x == 0 ? "cannot take logarithm of zero"
                             : "cannot take logarithm of a negative number");
}

struct LogErr {
  Status operator()(double x) const { return LogError(x); }
};

Result<Datum> LogBaseKernel(const KernelContext& ctx, const std::vector<Datum>& args) {
  return MapBinaryChecked<double, double, double>(
      ctx, args,
      [](double b, double x, double* out) {
        *out = std::log(x) / std::log(b);
        return b <= 0 || x <= 0 || b == 1;
      },
      [](double b, double x) {
        if (b <= 0) return LogError(b);
        if (x <= 0) return LogError(x);
        return Status::Error(ErrorCode::kDivisionByZero, "division by zero");
      });
}

Result<Datum> PowKernel(const KernelContext& ctx, const std::vector<Datum>& args) {
  return MapBinaryChecked<double, double, double>(
      ctx, args,
      [](double b, double e, double* out) {
        *out = std::pow(b, e);
        if (b == 0 && e < 0) return true;
        if (b < 0 && std::isfinite(e) && e != std::trunc(e)) return true;
        return std::isinf(*out) && std::isfinite(b) && std::isfinite(e);
      },
      [](double b, double e) {
        if (b == 0 && e < 0) return InvalidParam("zero raised to a negative power is undefined");
        if (b < 0 && e != std::trunc(e)) {
          return InvalidParam(
              "a negative number raised to a non-integer power yields a complex result");
        }
        return Overflow();
      });
}

Result<Datum> Atan2Kernel(const KernelContext& ctx, const std::vector<Datum>& args) {
  return MapBinary<double, double, double>(ctx, args,
                                           [](double y, double x) { return std::atan2(y, x); });
}

Result<Datum> PiKernel(const KernelContext& ctx, const std::vector<Datum>& args) {
  return MakeResult(Column::MakeConstant(Value::Float64(M_PI), 1), args);
}

// Uniform in [0, 1), one value per row of ctx.num_rows; a generator per
// thread, seeded from the OS.
Result<Datum> RandomKernel(const KernelContext& ctx, const std::vector<Datum>&) {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  int64_t n = ctx.num_rows;
  BufferPtr values = AllocateFixed(n, sizeof(double));
  double* out = values->mutable_data_as<double>();
  for (int64_t i = 0; i < n; ++i) out[i] = static_cast<double>(rng() >> 11) * 0x1.0p-53;
  // One row may be a scalar call (the evaluator passes num_rows 1 when no
  // argument is a column); a scalar result is valid for any batch length.
  ColumnPtr col = MakeColumn(OutputType(ctx), n, nullptr, std::move(values));
  return n == 1 ? Datum::Scalar(std::move(col)) : Datum::Flat(std::move(col));
}

template <bool kNan>
Result<Datum> FloatClassKernel(const KernelContext& ctx, const std::vector<Datum>& args) {
  return MapUnary<double, bool>(ctx, args,
                                [](double x) { return kNan ? std::isnan(x) : std::isinf(x); });
}

// ---------------------------------------------------------------------------
// greatest / least: NULL arguments are ignored (PostgreSQL); NULL only when
// all are NULL. Folds the arguments column by column.

template <typename T, bool kGreatest>
Result<Datum> ExtremeKernel(const KernelContext& ctx, const std::vector<Datum>& in) {
  int64_t n = OutputLength(ctx, in);
  std::vector<Datum> args;
  for (const Datum& d : in) args.push_back(WithStorage(d, n));
  std::vector<T> best(static_cast<size_t>(n));
  std::vector<uint8_t> valid(static_cast<size_t>(n), 0);
  for (const Datum& d : args) {
    Getter<T> get(*d.column);
    for (int64_t i = 0; i < n; ++i) {
      int64_t row = d.Index(i);
      if (!d.column->IsValid(row)) continue;
      T v = get(row);
      size_t k = static_cast<size_t>(i);
      bool better = kGreatest ? SqlOrder<T>::Lt(best[k], v) : SqlOrder<T>::Lt(v, best[k]);
      if (!valid[k] || better) {
        best[k] = v;
        valid[k] = 1;
      }
    }
  }
  BufferPtr validity = AllocateBitmap(n, false);
  PackBits(n, validity->mutable_data(), [&](int64_t i) { return valid[size_t(i)] != 0; });
  const LogicalType& type = OutputType(ctx);
  ColumnPtr col;
  if constexpr (std::is_same_v<T, std::string_view>) {
    StringWriter out(type, n);
    for (int64_t i = 0; i < n; ++i) {
      if (valid[size_t(i)]) {
        out.Append(best[size_t(i)]);
      } else {
        out.AppendNull();
      }
    }
    COPRA_ASSIGN_OR_RETURN(col, out.Finish());
  } else if constexpr (std::is_same_v<T, bool>) {
    BufferPtr values = AllocateFixed(bit_util::BytesForBits(n), 1);
    PackBits(n, values->mutable_data(), [&](int64_t i) { return bool(best[size_t(i)]); });
    col = MakeColumn(type, n, std::move(validity), std::move(values));
  } else {
    BufferPtr values = AllocateFixed(n, sizeof(T));
    if (n > 0) std::memcpy(values->mutable_data(), best.data(), sizeof(T) * size_t(n));
    col = MakeColumn(type, n, std::move(validity), std::move(values));
  }
  return MakeResult(std::move(col), in);
}

// nullif(a, b): NULL where a = b, else a. Shares a's value buffers; only
// the validity is new.
template <typename T>
Result<Datum> NullIfKernel(const KernelContext& ctx, const std::vector<Datum>& in) {
  int64_t n = OutputLength(ctx, in);
  Datum a = WithStorage(in[0], n);
  Datum b = WithStorage(in[1], n);
  if (a.is_scalar && !b.is_scalar) a = Datum::Flat(a.ToColumn(n));
  const Column& ca = *a.column;
  int64_t off = ca.offset();
  BufferPtr validity = AllocateBitmap(off + n, false);
  uint8_t* bits = validity->mutable_data();
  Getter<T> ga(ca);
  Getter<T> gb(*b.column);
  for (int64_t i = 0; i < n; ++i) {
    int64_t j = b.Index(i);
    bool equal = ca.IsValid(i) && b.column->IsValid(j) && SqlOrder<T>::Eq(ga(i), gb(j));
    bit_util::SetBitTo(bits, off + i, ca.IsValid(i) && !equal);
  }
  ColumnPtr col = std::make_shared<const Column>(ca.type(), n, std::move(validity),
                                                 ca.values_buffer(), ca.data_buffer(), -1, off);
  return MakeResult(std::move(col), in);
}

template <typename T>
void RegisterOrdered(FunctionRegistry* r, const LogicalType& t) {
  AddVariadic(r, "greatest", {t}, t, ExtremeKernel<T, true>);
  AddVariadic(r, "least", {t}, t, ExtremeKernel<T, false>);
  AddScalar(r, "nullif", {t, t}, t, NullIfKernel<T>);
}

#define COPRA_DOUBLE_FN(name, expr) \
  AddScalar(r, name, {f64}, f64, DoubleKernel<decltype([](double x) { return expr; })>)
// Fails (kInvalidParameter unless noted) where `bad` holds for x.
#define COPRA_CHECKED_FN(name, expr, bad, error)                                      \
  AddScalar(r, name, {f64}, f64,                                                      \
            CheckedDoubleKernel<decltype([](double x, double* out) {                  \
                                  *out = expr;                                        \
                                  return bad;                                         \
                                }),                                                   \
                                decltype([](double x) -> Status { return error; })>)

void RegisterFloatFunctions(FunctionRegistry* r) {
  const LogicalType f64 = LogicalType::Float64();
  COPRA_CHECKED_FN("sqrt", std::sqrt(x), x < 0,
                   InvalidParam("cannot take square root of a negative number"));
  COPRA_DOUBLE_FN("cbrt", Cbrt(x));
  COPRA_CHECKED_FN("exp", std::exp(x), std::isinf(*out) && std::isfinite(x), Overflow());
  COPRA_CHECKED_FN("ln", std::log(x), LogDomainError(x), LogError(x));
  COPRA_CHECKED_FN("log", std::log10(x), LogDomainError(x), LogError(x));
  COPRA_CHECKED_FN("log10", std::log10(x), LogDomainError(x), LogError(x));
  COPRA_CHECKED_FN("log2", std::log2(x), LogDomainError(x), LogError(x));
  COPRA_DOUBLE_FN("sin", std::sin(x));
  COPRA_DOUBLE_FN("cos", std::cos(x));
  COPRA_DOUBLE_FN("tan", std::tan(x));
  COPRA_DOUBLE_FN("cot", 1.0 / std::tan(x));
  COPRA_CHECKED_FN("asin", std::asin(x), x < -1 || x > 1,
                   Status::Error(ErrorCode::kNumericOverflow, "input is out of range"));
  COPRA_CHECKED_FN("acos", std::acos(x), x < -1 || x > 1,
                   Status::Error(ErrorCode::kNumericOverflow, "input is out of range"));
  COPRA_DOUBLE_FN("atan", std::atan(x));
  COPRA_DOUBLE_FN("degrees", x * (180.0 / M_PI));
  COPRA_DOUBLE_FN("radians", x * (M_PI / 180.0));
  AddScalar(r, "log", {f64, f64}, f64, LogBaseKernel);
  AddScalar(r, "pow", {f64, f64}, f64, PowKernel);
  AddScalar(r, "atan2", {f64, f64}, f64, Atan2Kernel);
  AddScalar(r, "round", {f64, LogicalType::Int64()}, f64, RoundDigitsKernel);
  AddScalar(r, "pi", {}, f64, PiKernel);
  AddVolatile(r, "random", {}, f64, RandomKernel);
  AddScalar(r, "isnan", {f64}, LogicalType::Boolean(), FloatClassKernel<true>);
  AddScalar(r, "isinf", {f64}, LogicalType::Boolean(), FloatClassKernel<false>);
}

#undef COPRA_DOUBLE_FN
#undef COPRA_CHECKED_FN

}  // namespace

void RegisterMathFunctions(FunctionRegistry* registry) {
  FunctionRegistry* r = registry;
  ForEachNumericType([r]<typename T>(LogicalType t) {
    AddScalar(r, "abs", {t}, t, AbsKernel<T>);
    AddScalar(r, "sign", {t}, t, SignKernel<T>);
    if constexpr (std::is_floating_point_v<T>) {
      AddScalar(r, "ceil", {t}, t, FloatRounding<T, Ceil<T>>);
      AddScalar(r, "floor", {t}, t, FloatRounding<T, Floor<T>>);
      AddScalar(r, "round", {t}, t, FloatRounding<T, Round<T>>);
      AddScalar(r, "trunc", {t}, t, FloatRounding<T, Trunc<T>>);
    } else {
      for (const char* name : {"ceil", "floor", "round", "trunc"}) AddScalar(r, name, {t}, t, Identity);
    }
  });
  RegisterFloatFunctions(r);
  registry->AddAlias("ceiling", "ceil");
  registry->AddAlias("power", "pow");
  registry->AddAlias("mod", "%");

  ForEachNumericType([r]<typename T>(LogicalType t) { RegisterOrdered<T>(r, t); });
  RegisterOrdered<bool>(r, LogicalType::Boolean());
  RegisterOrdered<std::string_view>(r, LogicalType::String());
  RegisterOrdered<std::string_view>(r, LogicalType::Binary());
  for (TimeUnit u : kTimeUnits) RegisterOrdered<int64_t>(r, LogicalType::Timestamp(u));
  RegisterOrdered<int32_t>(r, LogicalType::Date());
  RegisterOrdered<Interval>(r, LogicalType::Interval());
}

}  // namespace copra
