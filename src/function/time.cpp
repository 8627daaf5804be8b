// Time functions: now/current_timestamp, current_date, date_trunc,
// date_bin, time_bucket, extract/date_part, to_timestamp*, to_unixtime,
// date. Every timestamp function is registered once per unit and keeps its
// argument's unit. Time zones: everything is UTC.
#include <fmt/format.h>

#include <cmath>
#include <string>

#include "function/date_field.h"
#include "function/function_registry.h"
#include "function/kernel_util.h"
#include "function/temporal_arith.h"
#include "types/time_format.h"

namespace copra {
namespace {

using namespace kernel;  // NOLINT: kernel building blocks
using SV = std::string_view;

Status TimestampOutOfRange() {
  return Status::Error(ErrorCode::kNumericOverflow, "timestamp out of range");
}

// Runs a fixed-width producer row by row for kernels whose parameters vary
// per row (a unit or stride column: rare, so not vectorized). fn(i, &out)
// is called for rows where every argument is non-NULL.
template <typename Out, typename Fn>
Result<Datum> MapRows(const KernelContext& ctx, const std::vector<Datum>& args, Fn fn) {
  if (AnyArgAllNull(args)) return AllNull(ctx, args);
  int64_t n = OutputLength(ctx, args);
  BufferPtr validity = PropagateValidity(args, n);
  BufferPtr values = AllocateFixed(n, sizeof(Out));
  Out* out = values->mutable_data_as<Out>();
  for (int64_t i = 0; i < n; ++i) {
    if (RowValid(validity, i)) COPRA_RETURN_NOT_OK(fn(i, &out[i]));
  }
  return MakeResult(MakeColumn(OutputType(ctx), n, std::move(validity), std::move(values)), args);
}

// ---------------------------------------------------------------------------
// now(), current_date: the statement's start time, constant within it.

Result<Datum> Now(const KernelContext& ctx, const std::vector<Datum>&) {
  int64_t ms = FloorDiv(ctx.statement_time_nanos, 1000000);
  return Datum::FromValue(Value::Timestamp(ms, TimeUnit::kMillisecond));
}

Result<Datum> CurrentDate(const KernelContext& ctx, const std::vector<Datum>&) {
  return Datum::FromValue(
      Value::Date(static_cast<int32_t>(FloorDiv(ctx.statement_time_nanos, kNanosPerDay))));
}

// ---------------------------------------------------------------------------
// date_trunc(unit, ts)

Result<DateField> TruncField(SV name) {
  COPRA_ASSIGN_OR_RETURN(DateField f, ParseDateField(name, "timestamp"));
  COPRA_RETURN_NOT_OK(CheckTruncField(f, name));
  return f;
}

// The length of a calendar date_trunc period (week and longer).
Interval CalendarPeriod(DateField field) {
  switch (field) {
    case DateField::kWeek: return Interval{0, 7, 0};
    case DateField::kMonth: return Interval{1, 0, 0};
    case DateField::kQuarter: return Interval{3, 0, 0};
    case DateField::kYear: return Interval{12, 0, 0};
    case DateField::kDecade: return Interval{120, 0, 0};
    case DateField::kCentury: return Interval{1200, 0, 0};
    default: return Interval{12000, 0, 0};  // millennium
  }
}

Result<Datum> DateTrunc(const KernelContext& ctx, const std::vector<Datum>& args) {
  TimeUnit unit = args[1].type().unit();
  if (!args[0].is_scalar) {
    ArgReader<SV> name(args[0]);
    ArgReader<int64_t> ts(args[1]);
    return MapRows<int64_t>(ctx, args, [&](int64_t i, int64_t* out) -> Status {
      COPRA_ASSIGN_OR_RETURN(DateField f, TruncField(name(i)));
      if (!TruncateTicks(ts(i), f, unit, out)) return TimestampOutOfRange();
      return Status::OK();
    });
  }
  if (AnyArgAllNull(args)) return AllNull(ctx, args);
  COPRA_ASSIGN_OR_RETURN(DateField field, TruncField(args[0].column->GetString(0)));
  std::vector<Datum> ts_only = {args[1]};
  auto err = [](int64_t) { return TimestampOutOfRange(); };
  if (int64_t step = FixedFieldTicks(field, unit); step > 0) {
    if (step == 1) return args[1];  // finer than the unit: nothing to cut
    // Time series arrive in runs of close times: reuse the last period
    // [lo, lo + step) instead of dividing again (one compare per row).
    return MapUnaryChecked<int64_t, int64_t>(
        ctx, ts_only,
        [step, lo = int64_t{0}, have = false](int64_t t, int64_t* out) mutable {
          if (have &&
              static_cast<uint64_t>(t) - static_cast<uint64_t>(lo) < static_cast<uint64_t>(step)) {
            *out = lo;
            return false;
          }
          if (__builtin_mul_overflow(FloorDiv(t, step), step, out)) return true;
          lo = *out;
          have = true;
          return false;
        },
        err);
  }
  // Calendar periods: time series arrive mostly in time order, so
  // remember the last period [lo, hi) and skip the calendar math inside it.
  Interval period = CalendarPeriod(field);
  return MapUnaryChecked<int64_t, int64_t>(
      ctx, ts_only,
      [field, unit, period, lo = int64_t{1}, hi = int64_t{0}](int64_t t, int64_t* out) mutable {
        if (t >= lo && t < hi) {
          *out = lo;
          return false;
        }
        if (!TruncateTicks(t, field, unit, out)) return true;
        int64_t end;
        if (AddIntervalToTicks(*out, period, 1, unit, &end)) {
          lo = *out;
          hi = end;
        }
        return false;
      },
      err);
}

// ---------------------------------------------------------------------------
// date_bin(stride, ts [, origin]) and time_bucket(bucket, ts [, origin])

// The stride in nanoseconds: fixed-length and positive.
Result<int64_t> StrideNanos(const Interval& stride, const char* fn) {
  if (stride.months != 0) {
    return Status::Error(ErrorCode::kFeatureNotSupported,
                         fmt::format("{}: timestamps cannot be binned into intervals containing "
                                     "months or years",
                                     fn));
  }
  COPRA_ASSIGN_OR_RETURN(int64_t nanos, IntervalToNanos(stride));
  if (nanos <= 0) {
    return Status::Error(ErrorCode::kInvalidParameter,
                         fmt::format("{}: stride must be greater than zero", fn));
  }
  return nanos;
}

__int128 FloorDiv128(__int128 a, __int128 b) {
  __int128 q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

// origin + floor((t - origin) / stride) * stride, exact in nanoseconds,
// then floored back to `unit`.
bool BinTicks(int64_t t, int64_t stride_ns, int64_t origin, TimeUnit unit, int64_t* out) {
  const int64_t npt = NanosPerTick(unit);
  __int128 t_ns = static_cast<__int128>(t) * npt;
  __int128 origin_ns = static_cast<__int128>(origin) * npt;
  __int128 bin = origin_ns + FloorDiv128(t_ns - origin_ns, stride_ns) * stride_ns;
  __int128 ticks = FloorDiv128(bin, npt);
  if (ticks < INT64_MIN || ticks > INT64_MAX) return false;
  *out = static_cast<int64_t>(ticks);
  return true;
}

// Bins `args[1]` with a constant stride and origin: in ticks when the
// stride is a whole number of ticks (the usual case), else exactly.
Result<Datum> BinConstant(const KernelContext& ctx, const Datum& ts, int64_t stride_ns,
                          int64_t origin, TimeUnit unit) {
  std::vector<Datum> ts_only = {ts};
  auto err = [](int64_t) { return TimestampOutOfRange(); };
  const int64_t npt = NanosPerTick(unit);
  if (stride_ns % npt == 0) {
    int64_t stride = stride_ns / npt;
    return MapUnaryChecked<int64_t, int64_t>(
        ctx, ts_only,
        [stride, origin](int64_t t, int64_t* out) {
          int64_t rel;
          bool bad = __builtin_sub_overflow(t, origin, &rel);
          bad |= __builtin_mul_overflow(FloorDiv(rel, stride), stride, &rel);
          bad |= __builtin_add_overflow(origin, rel, out);
          return bad;
        },
        err);
  }
  return MapUnaryChecked<int64_t, int64_t>(
      ctx, ts_only,
      [=](int64_t t, int64_t* out) { return !BinTicks(t, stride_ns, origin, unit, out); }, err);
}

// TimescaleDB's default origin, Monday 2000-01-03 00:00:00 UTC.
constexpr int64_t kTimeBucketOriginDays = 10959;
// And 2000-01-01 for month buckets.
constexpr int64_t kTimeBucketMonthOriginYear = 2000;

template <bool kTimeBucket>
Result<Datum> BinKernel(const KernelContext& ctx, const std::vector<Datum>& args) {
  const char* fn = kTimeBucket ? "time_bucket" : "date_bin";
  TimeUnit unit = args[1].type().unit();
  bool has_origin = args.size() == 3;
  int64_t default_origin = kTimeBucket ? kTimeBucketOriginDays * TicksPerDay(unit) : 0;
  if (AnyArgAllNull(args)) return AllNull(ctx, args);

  Interval stride0 = args[0].is_scalar ? args[0].column->data<Interval>()[0] : Interval{};
  bool month_buckets = kTimeBucket && stride0.months != 0;
  if (month_buckets) {
    // time_bucket('1 month', ts): calendar months counted from 2000-01-01.
    if (stride0.days != 0 || stride0.nanos != 0 || stride0.months < 0 || has_origin) {
      return Status::Error(ErrorCode::kFeatureNotSupported,
                           "time_bucket: month buckets must be whole months, without an origin");
    }
    int64_t months = stride0.months;
    const int64_t tpd = TicksPerDay(unit);
    return MapUnaryChecked<int64_t, int64_t>(
        ctx, {args[1]},
        [months, tpd](int64_t t, int64_t* out) {
          CivilDate d = CivilFromDays(FloorDiv(t, tpd));
          int64_t m = (d.year - kTimeBucketMonthOriginYear) * 12 + (d.month - 1);
          int64_t start = FloorDiv(m, months) * months;
          int64_t year = kTimeBucketMonthOriginYear + FloorDiv(start, 12);
          int month = static_cast<int>(FloorMod(start, 12)) + 1;
          return __builtin_mul_overflow(DaysFromCivil(year, month, 1), tpd, out);
        },
        [](int64_t) { return TimestampOutOfRange(); });
  }

  if (args[0].is_scalar && (!has_origin || args[2].is_scalar)) {
    COPRA_ASSIGN_OR_RETURN(int64_t stride_ns, StrideNanos(stride0, fn));
    int64_t origin = has_origin ? args[2].column->data<int64_t>()[0] : default_origin;
    return BinConstant(ctx, args[1], stride_ns, origin, unit);
  }
  ArgReader<Interval> stride(args[0]);
  ArgReader<int64_t> ts(args[1]);
  ArgReader<int64_t> origin(has_origin ? args[2] : args[1]);
  return MapRows<int64_t>(ctx, args, [&](int64_t i, int64_t* out) -> Status {
    if (kTimeBucket && stride(i).months != 0) {
      return Status::Error(ErrorCode::kFeatureNotSupported,
                           "time_bucket: month buckets need a constant bucket width");
    }
    COPRA_ASSIGN_OR_RETURN(int64_t stride_ns, StrideNanos(stride(i), fn));
    if (!BinTicks(ts(i), stride_ns, has_origin ? origin(i) : default_origin, unit, out)) {
      return TimestampOutOfRange();
    }
    return Status::OK();
  });
}

// ---------------------------------------------------------------------------
// extract(field FROM x) / date_part(field, x) -> DOUBLE

Result<Datum> ExtractTimestamp(const KernelContext& ctx, const std::vector<Datum>& args) {
  TimeUnit unit = args[1].type().unit();
  if (!args[0].is_scalar) {
    ArgReader<SV> name(args[0]);
    ArgReader<int64_t> ts(args[1]);
    return MapRows<double>(ctx, args, [&](int64_t i, double* out) -> Status {
      COPRA_ASSIGN_OR_RETURN(DateField f, ParseDateField(name(i), "timestamp"));
      *out = ExtractFromTicks(ts(i), f, unit);
      return Status::OK();
    });
  }
  if (AnyArgAllNull(args)) return AllNull(ctx, args);
  COPRA_ASSIGN_OR_RETURN(DateField field,
                         ParseDateField(args[0].column->GetString(0), "timestamp"));
  switch (field) {
    case DateField::kMicrosecond:
    case DateField::kMillisecond:
    case DateField::kSecond:
    case DateField::kMinute:
    case DateField::kHour:
    case DateField::kEpoch:
    case DateField::kDow:
    case DateField::kIsoDow:
      return MapUnary<int64_t, double>(
          ctx, {args[1]}, [field, unit](int64_t t) { return ExtractFromTicks(t, field, unit); });
    default: break;
  }
  // Fields of the date only: consecutive rows mostly share a day, so keep
  // the last day's answer instead of redoing the calendar math.
  const int64_t tpd = TicksPerDay(unit);
  return MapUnary<int64_t, double>(
      ctx, {args[1]},
      [field, unit, tpd, last_day = int64_t{INT64_MIN}, last = 0.0](int64_t t) mutable {
        int64_t day = FloorDiv(t, tpd);
        if (day != last_day) {
          last = ExtractFromTicks(t, field, unit);
          last_day = day;
        }
        return last;
      });
}

Result<DateField> IntervalField(SV name) {
  COPRA_ASSIGN_OR_RETURN(DateField f, ParseDateField(name, "interval"));
  COPRA_RETURN_NOT_OK(CheckIntervalField(f, name));
  return f;
}

Result<Datum> ExtractInterval(const KernelContext& ctx, const std::vector<Datum>& args) {
  if (!args[0].is_scalar) {
    ArgReader<SV> name(args[0]);
    ArgReader<Interval> iv(args[1]);
    return MapRows<double>(ctx, args, [&](int64_t i, double* out) -> Status {
      COPRA_ASSIGN_OR_RETURN(DateField f, IntervalField(name(i)));
      *out = ExtractFromInterval(iv(i), f);
      return Status::OK();
    });
  }
  if (AnyArgAllNull(args)) return AllNull(ctx, args);
  COPRA_ASSIGN_OR_RETURN(DateField field, IntervalField(args[0].column->GetString(0)));
  return MapUnary<Interval, double>(ctx, {args[1]},
                                    [field](Interval v) { return ExtractFromInterval(v, field); });
}

// ---------------------------------------------------------------------------
// Conversions.

// to_timestamp(seconds DOUBLE) -> TIMESTAMP(6), rounded to the microsecond.
Result<Datum> ToTimestampSeconds(const KernelContext& ctx, const std::vector<Datum>& args) {
  return MapUnaryChecked<double, int64_t>(
      ctx, args,
      [](double s, int64_t* out) {
        double us = std::nearbyint(s * 1e6);
        if (!(us > -9.2e18 && us < 9.2e18)) {  // also catches NaN
          *out = 0;
          return true;
        }
        *out = static_cast<int64_t>(us);
        return false;
      },
      [](double s) {
        return std::isnan(s) ? Status::Error(ErrorCode::kInvalidDatetime, "timestamp cannot be NaN")
                             : TimestampOutOfRange();
      });
}

// to_timestamp(text) -> TIMESTAMP(6), parsed like a timestamp literal.
Result<Datum> ToTimestampText(const KernelContext& ctx, const std::vector<Datum>& args) {
  ArgReader<SV> text(args[0]);
  return MapRows<int64_t>(ctx, args, [&](int64_t i, int64_t* out) -> Status {
    COPRA_ASSIGN_OR_RETURN(*out, ParseTimestamp(text(i), TimeUnit::kMicrosecond));
    return Status::OK();
  });
}

// to_timestamp_millis(BIGINT) etc.: the integers are already ticks, so the
// result shares the argument's buffers.
Result<Datum> IntegerAsTimestamp(const KernelContext& ctx, const std::vector<Datum>& args) {
  const Column& c = *args[0].column;
  if (AnyArgAllNull(args)) return AllNull(ctx, args);
  ColumnPtr col = std::make_shared<const Column>(OutputType(ctx), c.length(), c.validity_buffer(),
                                                 c.values_buffer(), nullptr, -1, c.offset());
  return Datum{std::move(col), args[0].is_scalar};
}

// to_unixtime(ts): whole seconds since the epoch (floored), BIGINT.
Result<Datum> ToUnixtime(const KernelContext& ctx, const std::vector<Datum>& args) {
  int64_t tps = TicksPerSecond(args[0].type().unit());
  return MapUnary<int64_t, int64_t>(ctx, args, [tps](int64_t t) { return FloorDiv(t, tps); });
}

// date(ts): the day holding ts.
Result<Datum> DateOf(const KernelContext& ctx, const std::vector<Datum>& args) {
  int64_t tpd = TicksPerDay(args[0].type().unit());
  return MapUnaryChecked<int64_t, int32_t>(
      ctx, args,
      [tpd](int64_t t, int32_t* out) { return __builtin_add_overflow(FloorDiv(t, tpd), 0, out); },
      [](int64_t) { return Status::Error(ErrorCode::kNumericOverflow, "date out of range"); });
}

}  // namespace

void RegisterTimeFunctions(FunctionRegistry* r) {
  const LogicalType s = LogicalType::String();
  const LogicalType iv = LogicalType::Interval();
  const LogicalType f64 = LogicalType::Float64();
  const LogicalType i64 = LogicalType::Int64();

  AddVolatile(r, "now", {}, LogicalType::Timestamp(TimeUnit::kMillisecond), Now);
  r->AddAlias("current_timestamp", "now");
  AddVolatile(r, "current_date", {}, LogicalType::Date(), CurrentDate);

  for (TimeUnit u : kTimeUnits) {
    const LogicalType ts = LogicalType::Timestamp(u);
    AddScalar(r, "date_trunc", {s, ts}, ts, DateTrunc);
    AddScalar(r, "date_bin", {iv, ts}, ts, BinKernel<false>);
    AddScalar(r, "date_bin", {iv, ts, ts}, ts, BinKernel<false>);
    AddScalar(r, "time_bucket", {iv, ts}, ts, BinKernel<true>);
    AddScalar(r, "time_bucket", {iv, ts, ts}, ts, BinKernel<true>);
    AddScalar(r, "date_part", {s, ts}, f64, ExtractTimestamp);
    AddScalar(r, "to_unixtime", {ts}, i64, ToUnixtime);
    AddScalar(r, "date", {ts}, LogicalType::Date(), DateOf);
  }
  AddScalar(r, "date_part", {s, iv}, f64, ExtractInterval);
  r->AddAlias("extract", "date_part");

  const LogicalType ts_us = LogicalType::Timestamp(TimeUnit::kMicrosecond);
  AddScalar(r, "to_timestamp", {f64}, ts_us, ToTimestampSeconds);
  AddScalar(r, "to_timestamp", {s}, ts_us, ToTimestampText);
  AddScalar(r, "to_timestamp_seconds", {i64}, LogicalType::Timestamp(TimeUnit::kSecond),
            IntegerAsTimestamp);
  AddScalar(r, "to_timestamp_millis", {i64}, LogicalType::Timestamp(TimeUnit::kMillisecond),
            IntegerAsTimestamp);
  AddScalar(r, "to_timestamp_micros", {i64}, ts_us, IntegerAsTimestamp);
  AddScalar(r, "to_timestamp_nanos", {i64}, LogicalType::Timestamp(TimeUnit::kNanosecond),
            IntegerAsTimestamp);
}

}  // namespace copra
