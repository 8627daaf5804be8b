// sum and avg.
//
// sum: signed integers → BIGINT, unsigned → BIGINT UNSIGNED, floats →
// DOUBLE, INTERVAL → INTERVAL. Integer sums accumulate in 128 bits, so an
// intermediate overflow that the remaining rows undo is not an error; only a
// final sum outside the result type is (kNumericOverflow, raised by
// Finalize). avg: numeric → DOUBLE, integer sums exact until the division.
// Both return NULL for a group with no non-NULL input.
#include <limits>

#include "function/aggregate_kernel.h"

namespace copra::agg {

namespace {

template <typename T>
using Wide = std::conditional_t<std::is_signed_v<T>, __int128, unsigned __int128>;

template <typename T>
struct IntSumState {
  Wide<T> sum = 0;
  int64_t count = 0;
};

// Integer input, 128-bit accumulator; `kAvg` selects the result.
template <typename T, bool kAvg>
struct IntSumOp {
  using In = T;
  using State = IntSumState<T>;

  static void Add(State& s, T v) {
    s.sum += v;
    ++s.count;
  }
  static void AddRepeated(State& s, T v, int64_t n) {
    s.sum += static_cast<Wide<T>>(v) * static_cast<Wide<T>>(n);
    s.count += n;
  }
  // Ungrouped batch of a type up to 32 bits: an int64 accumulator cannot
  // overflow within 2^31 rows and, unlike the 128-bit carry chain, the
  // compiler vectorizes it.
  static void AddColumn(State& s, const Column& col, int64_t n)
    requires(sizeof(T) <= 4)
  {
    using Acc = std::conditional_t<std::is_signed_v<T>, int64_t, uint64_t>;
    constexpr int64_t kChunk = int64_t{1} << 31;
    for (int64_t begin = 0; begin < n; begin += kChunk) {
      const int64_t len = std::min(kChunk, n - begin);
      const ColumnPtr part = begin == 0 && len == n ? nullptr : col.Slice(begin, len);
      const Column& c = part ? *part : col;
      const Reader<T> in(c);
      Acc acc = 0;
      ForEachValidRow(c, len, [&](int64_t i) { acc += in[i]; });
      s.sum += acc;
      s.count += CountValidRows(c, len);
    }
  }
  static void Combine(State& s, const State& o) {
    s.sum += o.sum;
    s.count += o.count;
  }
  static Result<ColumnPtr> Finalize(const std::vector<State>& states, const LogicalType& ret) {
    const auto n = static_cast<int64_t>(states.size());
    FixedOutput out(ret, n);
    for (int64_t g = 0; g < n; ++g) {
      const State& s = states[g];
      if (s.count == 0) {
        out.SetNull(g);
      } else if constexpr (kAvg) {
        out.Set<double>(g, static_cast<double>(s.sum) / static_cast<double>(s.count));
      } else if constexpr (std::is_signed_v<T>) {
        if (s.sum > std::numeric_limits<int64_t>::max() ||
            s.sum < std::numeric_limits<int64_t>::min()) {
          return Status::Error(ErrorCode::kNumericOverflow, "sum: bigint out of range");
        }
        out.Set<int64_t>(g, static_cast<int64_t>(s.sum));
      } else {
        if (s.sum > std::numeric_limits<uint64_t>::max()) {
          return Status::Error(ErrorCode::kNumericOverflow, "sum: bigint unsigned out of range");
        }
        out.Set<uint64_t>(g, static_cast<uint64_t>(s.sum));
      }
    }
    return out.Finish();
  }
};

struct FloatSumState {
  double sum = 0;
  int64_t count = 0;
};

template <typename T, bool kAvg>
struct FloatSumOp {
  using In = T;
  using State = FloatSumState;

  static void Add(State& s, T v) {
    s.sum += static_cast<double>(v);
    ++s.count;
  }
  static void AddRepeated(State& s, T v, int64_t n) {
    s.sum += static_cast<double>(v) * static_cast<double>(n);
    s.count += n;
  }
  static void Combine(State& s, const State& o) {
    s.sum += o.sum;
    s.count += o.count;
  }
  static Result<ColumnPtr> Finalize(const std::vector<State>& states, const LogicalType& ret) {
    const auto n = static_cast<int64_t>(states.size());
    FixedOutput out(ret, n);
    for (int64_t g = 0; g < n; ++g) {
      const State& s = states[g];
      if (s.count == 0) {
        out.SetNull(g);
      } else {
        out.Set<double>(g, kAvg ? s.sum / static_cast<double>(s.count) : s.sum);
      }
    }
    return out.Finish();
  }
};

// Sums each field separately, as PostgreSQL does (no normalization of days
// into months).
struct IntervalSumOp {
  using In = Interval;
  struct State {
    int64_t months = 0;
    int64_t days = 0;
    __int128 nanos = 0;
    int64_t count = 0;
  };

  static void Add(State& s, const Interval& v) {
    s.months += v.months;
    s.days += v.days;
    s.nanos += v.nanos;
    ++s.count;
  }
  static void Combine(State& s, const State& o) {
    s.months += o.months;
    s.days += o.days;
    s.nanos += o.nanos;
    s.count += o.count;
  }
  static Result<ColumnPtr> Finalize(const std::vector<State>& states, const LogicalType& ret) {
    const auto n = static_cast<int64_t>(states.size());
    FixedOutput out(ret, n);
    for (int64_t g = 0; g < n; ++g) {
      const State& s = states[g];
      if (s.count == 0) {
        out.SetNull(g);
        continue;
      }
      constexpr int64_t kMin32 = std::numeric_limits<int32_t>::min();
      constexpr int64_t kMax32 = std::numeric_limits<int32_t>::max();
      if (s.months < kMin32 || s.months > kMax32 || s.days < kMin32 || s.days > kMax32 ||
          s.nanos < std::numeric_limits<int64_t>::min() ||
          s.nanos > std::numeric_limits<int64_t>::max()) {
        return Status::Error(ErrorCode::kNumericOverflow, "sum: interval out of range");
      }
      out.Set<Interval>(g, Interval{static_cast<int32_t>(s.months), static_cast<int32_t>(s.days),
                                    static_cast<int64_t>(s.nanos)});
    }
    return out.Finish();
  }
};

template <bool kAvg>
void RegisterNumeric(FunctionRegistry* registry, const char* name) {
  for (const LogicalType& t : NumericTypes()) {
    std::unique_ptr<GroupedAggregator> (*make)(const AggregateFunction&) = nullptr;
    LogicalType ret = LogicalType::Float64();
    VisitPhysicalType(t, [&]<typename T>() {
      if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
        make = MakeSimple<IntSumOp<T, kAvg>>;
        if (!kAvg) ret = std::is_signed_v<T> ? LogicalType::Int64() : LogicalType::UInt64();
      } else if constexpr (std::is_floating_point_v<T>) {
        make = MakeSimple<FloatSumOp<T, kAvg>>;
      }
    });
    AddAggregate(registry, name, {t}, ret, make);
  }
}

}  // namespace

void RegisterSumAvgAggregates(FunctionRegistry* registry) {
  RegisterNumeric<false>(registry, "sum");
  AddAggregate(registry, "sum", {LogicalType::Interval()}, LogicalType::Interval(),
               MakeSimple<IntervalSumOp>);
  RegisterNumeric<true>(registry, "avg");
  registry->AddAlias("mean", "avg");
}

}  // namespace copra::agg
