// Arithmetic operators: + - * / % and unary minus ("negate") on numbers,
// timestamps, dates and intervals, and || on strings. PostgreSQL semantics:
// integer overflow and division by zero are errors (for floats too),
// integer division truncates toward zero, % takes the dividend's sign.
#include <cmath>
#include <limits>
#include <type_traits>

#include "function/function_registry.h"
#include "function/kernel_util.h"
#include "function/temporal_arith.h"

namespace copra {
namespace {

using namespace kernel;  // NOLINT: kernel building blocks

Status OutOfRange(const KernelContext& ctx) {
  return Status::Error(ErrorCode::kNumericOverflow, OutputType(ctx).ToString() + " out of range");
}

Status DivisionByZero() { return Status::Error(ErrorCode::kDivisionByZero, "division by zero"); }

// ---------------------------------------------------------------------------
// Numbers. Each Op::Call returns true when the row fails; Op::Error builds
// the Status for the first failing non-NULL row.

struct AddOp {
  template <typename T>
  static bool Call(T a, T b, T* out) {
    if constexpr (std::is_integral_v<T>) {
      return __builtin_add_overflow(a, b, out);
    } else {
      *out = a + b;
      return false;
    }
  }
  template <typename T>
  static Status Error(const KernelContext& ctx, T) { return OutOfRange(ctx); }
};

struct SubOp {
  template <typename T>
  static bool Call(T a, T b, T* out) {
    if constexpr (std::is_integral_v<T>) {
      return __builtin_sub_overflow(a, b, out);
    } else {
      *out = a - b;
      return false;
    }
  }
  template <typename T>
  static Status Error(const KernelContext& ctx, T) { return OutOfRange(ctx); }
};

struct MulOp {
  template <typename T>
  static bool Call(T a, T b, T* out) {
    if constexpr (std::is_integral_v<T>) {
      return __builtin_mul_overflow(a, b, out);
    } else {
      *out = a * b;
      return false;
    }
  }
  template <typename T>
  static Status Error(const KernelContext& ctx, T) { return OutOfRange(ctx); }
};

struct DivOp {
  template <typename T>
  static bool Call(T a, T b, T* out) {
    if (b == 0) {
      *out = 0;
      return true;
    }
    if constexpr (std::is_integral_v<T> && std::is_signed_v<T>) {
      if (a == std::numeric_limits<T>::min() && b == -1) {  // the one overflowing quotient
        *out = 0;
        return true;
      }
    }
    *out = static_cast<T>(a / b);
    return false;
  }
  template <typename T>
  static Status Error(const KernelContext& ctx, T b) {
    return b == 0 ? DivisionByZero() : OutOfRange(ctx);
  }
};

struct ModOp {
  template <typename T>
  static bool Call(T a, T b, T* out) {
    if (b == 0) {
      *out = 0;
      return true;
    }
    if constexpr (std::is_floating_point_v<T>) {
      *out = std::fmod(a, b);
    } else if constexpr (std::is_signed_v<T>) {
      *out = b == -1 ? T(0) : static_cast<T>(a % b);  // MIN % -1 traps in hardware
    } else {
      *out = static_cast<T>(a % b);
    }
    return false;
  }
  template <typename T>
  static Status Error(const KernelContext&, T) { return DivisionByZero(); }
};

template <typename T, typename Op>
Result<Datum> NumericKernel(const KernelContext& ctx, const std::vector<Datum>& args) {
  if constexpr (std::is_floating_point_v<T> &&
                (std::is_same_v<Op, AddOp> || std::is_same_v<Op, SubOp> ||
                 std::is_same_v<Op, MulOp>)) {
    return MapBinary<T, T, T>(ctx, args, [](T a, T b) {
      T out;
      Op::Call(a, b, &out);
      return out;
    });
  } else {
    return MapBinaryChecked<T, T, T>(
        ctx, args, [](T a, T b, T* out) { return Op::Call(a, b, out); },
        [&ctx](T, T b) { return Op::template Error<T>(ctx, b); });
  }
}

template <typename T>
Result<Datum> NegateKernel(const KernelContext& ctx, const std::vector<Datum>& args) {
  if constexpr (std::is_floating_point_v<T>) {
    return MapUnary<T, T>(ctx, args, [](T a) { return -a; });
  } else {
    return MapUnaryChecked<T, T>(
        ctx, args, [](T a, T* out) { return __builtin_sub_overflow(T(0), a, out); },
        [&ctx](T) { return OutOfRange(ctx); });
  }
}

// ---------------------------------------------------------------------------
// Timestamps, dates, intervals.

Status TimestampOutOfRange() {
  return Status::Error(ErrorCode::kNumericOverflow, "timestamp out of range");
}
Status DateOutOfRange() { return Status::Error(ErrorCode::kNumericOverflow, "date out of range"); }
Status IntervalOutOfRange() {
  return Status::Error(ErrorCode::kNumericOverflow, "interval out of range");
}

std::vector<Datum> Swapped(const std::vector<Datum>& args) { return {args[1], args[0]}; }

template <int kSign>
Result<Datum> TimestampIntervalKernel(const KernelContext& ctx, const std::vector<Datum>& args) {
  TimeUnit unit = args[0].type().unit();
  return MapBinaryChecked<int64_t, Interval, int64_t>(
      ctx, args,
      [unit](int64_t t, Interval iv, int64_t* out) {
        return !AddIntervalToTicks(t, iv, kSign, unit, out);
      },
      [](int64_t, Interval) { return TimestampOutOfRange(); });
}

Result<Datum> IntervalPlusTimestamp(const KernelContext& ctx, const std::vector<Datum>& args) {
  return TimestampIntervalKernel<1>(ctx, Swapped(args));
}

Result<Datum> TimestampMinusTimestamp(const KernelContext& ctx, const std::vector<Datum>& args) {
  TimeUnit unit = args[0].type().unit();
  return MapBinaryChecked<int64_t, int64_t, Interval>(
      ctx, args,
      [unit](int64_t a, int64_t b, Interval* out) { return !SubtractTicks(a, b, unit, out); },
      [](int64_t, int64_t) { return IntervalOutOfRange(); });
}

template <int kSign>
Result<Datum> DatePlusDays(const KernelContext& ctx, const std::vector<Datum>& args) {
  return MapBinaryChecked<int32_t, int64_t, int32_t>(
      ctx, args,
      [](int32_t d, int64_t n, int32_t* out) {
        return kSign > 0 ? __builtin_add_overflow(static_cast<int64_t>(d), n, out)
                         : __builtin_sub_overflow(static_cast<int64_t>(d), n, out);
      },
      [](int32_t, int64_t) { return DateOutOfRange(); });
}

Result<Datum> DaysPlusDate(const KernelContext& ctx, const std::vector<Datum>& args) {
  return DatePlusDays<1>(ctx, Swapped(args));
}

Result<Datum> DateMinusDate(const KernelContext& ctx, const std::vector<Datum>& args) {
  return MapBinary<int32_t, int32_t, int64_t>(
      ctx, args, [](int32_t a, int32_t b) { return static_cast<int64_t>(a) - b; });
}

// DATE ± INTERVAL: the date is midnight, the result a TIMESTAMP(6).
template <int kSign>
Result<Datum> DateIntervalKernel(const KernelContext& ctx, const std::vector<Datum>& args) {
  constexpr int64_t kMicrosPerDay = kSecondsPerDay * 1000000;
  return MapBinaryChecked<int32_t, Interval, int64_t>(
      ctx, args,
      [](int32_t d, Interval iv, int64_t* out) {
        return !AddIntervalToTicks(d * kMicrosPerDay, iv, kSign, TimeUnit::kMicrosecond, out);
      },
      [](int32_t, Interval) { return TimestampOutOfRange(); });
}

Result<Datum> IntervalPlusDate(const KernelContext& ctx, const std::vector<Datum>& args) {
  return DateIntervalKernel<1>(ctx, Swapped(args));
}

template <int kSign>
Result<Datum> IntervalPlusInterval(const KernelContext& ctx, const std::vector<Datum>& args) {
  return MapBinaryChecked<Interval, Interval, Interval>(
      ctx, args,
      [](Interval a, Interval b, Interval* out) {
        if (kSign > 0) {
          return __builtin_add_overflow(a.months, b.months, &out->months) |
                 __builtin_add_overflow(a.days, b.days, &out->days) |
                 __builtin_add_overflow(a.nanos, b.nanos, &out->nanos);
        }
        return __builtin_sub_overflow(a.months, b.months, &out->months) |
               __builtin_sub_overflow(a.days, b.days, &out->days) |
               __builtin_sub_overflow(a.nanos, b.nanos, &out->nanos);
      },
      [](Interval, Interval) { return IntervalOutOfRange(); });
}

Result<Datum> NegateInterval(const KernelContext& ctx, const std::vector<Datum>& args) {
  return MapUnaryChecked<Interval, Interval>(
      ctx, args,
      [](Interval a, Interval* out) {
        return __builtin_sub_overflow(0, a.months, &out->months) |
               __builtin_sub_overflow(0, a.days, &out->days) |
               __builtin_sub_overflow(int64_t{0}, a.nanos, &out->nanos);
      },
      [](Interval) { return IntervalOutOfRange(); });
}

Result<Datum> IntervalTimesInt(const KernelContext& ctx, const std::vector<Datum>& args) {
  return MapBinaryChecked<Interval, int64_t, Interval>(
      ctx, args,
      [](Interval a, int64_t f, Interval* out) {
        return __builtin_mul_overflow(static_cast<int64_t>(a.months), f, &out->months) |
               __builtin_mul_overflow(static_cast<int64_t>(a.days), f, &out->days) |
               __builtin_mul_overflow(a.nanos, f, &out->nanos);
      },
      [](Interval, int64_t) { return IntervalOutOfRange(); });
}

Result<Datum> IntTimesInterval(const KernelContext& ctx, const std::vector<Datum>& args) {
  return IntervalTimesInt(ctx, Swapped(args));
}

Result<Datum> IntervalTimesFloat(const KernelContext& ctx, const std::vector<Datum>& args) {
  return MapBinaryChecked<Interval, double, Interval>(
      ctx, args,
      [](Interval a, double f, Interval* out) { return !ScaleInterval(a, f, out); },
      [](Interval, double) { return IntervalOutOfRange(); });
}

Result<Datum> FloatTimesInterval(const KernelContext& ctx, const std::vector<Datum>& args) {
  return IntervalTimesFloat(ctx, Swapped(args));
}

Result<Datum> IntervalDivFloat(const KernelContext& ctx, const std::vector<Datum>& args) {
  return MapBinaryChecked<Interval, double, Interval>(
      ctx, args,
      [](Interval a, double f, Interval* out) {
        if (f == 0) {
          *out = Interval{};
          return true;
        }
        return !ScaleInterval(a, 1.0 / f, out);
      },
      [](Interval, double f) { return f == 0 ? DivisionByZero() : IntervalOutOfRange(); });
}

// ---------------------------------------------------------------------------
// || (PostgreSQL: NULL if either side is NULL).

Result<Datum> ConcatOperator(const KernelContext& ctx, const std::vector<Datum>& args) {
  ArgReader<std::string_view> a(args[0]), b(args[1]);
  return MapStringRows(ctx, args, [&](int64_t i, StringWriter* out) {
    out->Extend(a(i));
    out->Extend(b(i));
    out->EndValue();
    return Status::OK();
  });
}

void RegisterNumeric(FunctionRegistry* r) {
  ForEachNumericType([r]<typename T>(LogicalType t) {
    AddScalar(r, "+", {t, t}, t, NumericKernel<T, AddOp>);
    AddScalar(r, "-", {t, t}, t, NumericKernel<T, SubOp>);
    AddScalar(r, "*", {t, t}, t, NumericKernel<T, MulOp>);
    AddScalar(r, "/", {t, t}, t, NumericKernel<T, DivOp>);
    AddScalar(r, "%", {t, t}, t, NumericKernel<T, ModOp>);
    // Unsigned values have no negation; they resolve to a wider signed type.
    if constexpr (std::is_signed_v<T>) AddScalar(r, "negate", {t}, t, NegateKernel<T>);
  });
}

void RegisterTemporal(FunctionRegistry* r) {
  const LogicalType iv = LogicalType::Interval();
  const LogicalType date = LogicalType::Date();
  const LogicalType i64 = LogicalType::Int64();
  const LogicalType f64 = LogicalType::Float64();
  for (TimeUnit u : kTimeUnits) {
    LogicalType ts = LogicalType::Timestamp(u);
    AddScalar(r, "+", {ts, iv}, ts, TimestampIntervalKernel<1>);
    AddScalar(r, "+", {iv, ts}, ts, IntervalPlusTimestamp);
    // (TIMESTAMP, INTERVAL) before (TIMESTAMP, TIMESTAMP): `ts - '1 day'`
    // reads the string as an interval, as PostgreSQL does.
    AddScalar(r, "-", {ts, iv}, ts, TimestampIntervalKernel<-1>);
    AddScalar(r, "-", {ts, ts}, iv, TimestampMinusTimestamp);
  }
  const LogicalType ts_us = LogicalType::Timestamp(TimeUnit::kMicrosecond);
  AddScalar(r, "+", {date, i64}, date, DatePlusDays<1>);
  AddScalar(r, "+", {i64, date}, date, DaysPlusDate);
  AddScalar(r, "-", {date, i64}, date, DatePlusDays<-1>);
  AddScalar(r, "+", {date, iv}, ts_us, DateIntervalKernel<1>);
  AddScalar(r, "+", {iv, date}, ts_us, IntervalPlusDate);
  AddScalar(r, "-", {date, iv}, ts_us, DateIntervalKernel<-1>);
  AddScalar(r, "-", {date, date}, i64, DateMinusDate);
  AddScalar(r, "+", {iv, iv}, iv, IntervalPlusInterval<1>);
  AddScalar(r, "-", {iv, iv}, iv, IntervalPlusInterval<-1>);
  AddScalar(r, "negate", {iv}, iv, NegateInterval);
  AddScalar(r, "*", {iv, i64}, iv, IntervalTimesInt);
  AddScalar(r, "*", {i64, iv}, iv, IntTimesInterval);
  AddScalar(r, "*", {iv, f64}, iv, IntervalTimesFloat);
  AddScalar(r, "*", {f64, iv}, iv, FloatTimesInterval);
  AddScalar(r, "/", {iv, f64}, iv, IntervalDivFloat);
}

}  // namespace

void RegisterArithmeticFunctions(FunctionRegistry* registry) {
  RegisterNumeric(registry);
  RegisterTemporal(registry);
  AddScalar(registry, "||", {LogicalType::String(), LogicalType::String()},
            LogicalType::String(), ConcatOperator);
  AddScalar(registry, "||", {LogicalType::Binary(), LogicalType::Binary()},
            LogicalType::Binary(), ConcatOperator);
}

}  // namespace copra
