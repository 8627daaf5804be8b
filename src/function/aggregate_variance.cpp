// var_samp (alias variance, var), var_pop, stddev_samp (alias stddev),
// stddev_pop over numeric input → DOUBLE.
//
// State per group is (count, mean, M2), updated with Welford's method and
// merged with Chan et al.'s pairwise formula, both numerically stable. An
// ungrouped batch is reduced two-pass (mean, then squared deviations) and
// merged the same way, which is both faster and more accurate than
// row-by-row Welford. Sample versions are NULL for fewer than two values,
// population versions for none.
#include <cmath>

#include "function/aggregate_kernel.h"

namespace copra::agg {

namespace {

enum class Kind { kVarSamp, kVarPop, kStddevSamp, kStddevPop };

struct Moments {
  int64_t count = 0;
  double mean = 0;
  double m2 = 0;
};

inline void CombineMoments(Moments& s, const Moments& o) {
  if (o.count == 0) return;
  if (s.count == 0) {
    s = o;
    return;
  }
  const double na = static_cast<double>(s.count), nb = static_cast<double>(o.count);
  const double n = na + nb;
  const double delta = o.mean - s.mean;
  s.mean += delta * (nb / n);
  s.m2 += o.m2 + delta * delta * (na * nb / n);
  s.count += o.count;
}

template <typename T, Kind kKind>
struct VarianceOp {
  using In = T;
  using State = Moments;

  static void Add(State& s, T v) {
    const double x = static_cast<double>(v);
    ++s.count;
    const double d = x - s.mean;
    s.mean += d / static_cast<double>(s.count);
    s.m2 += d * (x - s.mean);
  }
  static void AddRepeated(State& s, T v, int64_t n) {
    CombineMoments(s, Moments{n, static_cast<double>(v), 0});
  }
  static void AddColumn(State& s, const Column& col, int64_t n) {
    const Reader<T> in(col);
    double sum = 0;
    int64_t count = 0;
    ForEachValidRow(col, n, [&](int64_t i) {
      sum += static_cast<double>(in[i]);
      ++count;
    });
    if (count == 0) return;
    const double mean = sum / static_cast<double>(count);
    double m2 = 0;
    ForEachValidRow(col, n, [&](int64_t i) {
      const double d = static_cast<double>(in[i]) - mean;
      m2 += d * d;
    });
    CombineMoments(s, Moments{count, mean, m2});
  }
  static void Combine(State& s, const State& o) { CombineMoments(s, o); }

  static Result<ColumnPtr> Finalize(const std::vector<State>& states, const LogicalType& ret) {
    constexpr bool kSample = kKind == Kind::kVarSamp || kKind == Kind::kStddevSamp;
    constexpr bool kSqrt = kKind == Kind::kStddevSamp || kKind == Kind::kStddevPop;
    const auto n = static_cast<int64_t>(states.size());
    FixedOutput out(ret, n);
    for (int64_t g = 0; g < n; ++g) {
      const State& s = states[g];
      if (s.count < (kSample ? 2 : 1)) {
        out.SetNull(g);
        continue;
      }
      // Rounding can leave M2 a hair below zero for constant input.
      const double m2 = s.m2 < 0 ? 0 : s.m2;
      const double var = m2 / static_cast<double>(kSample ? s.count - 1 : s.count);
      out.Set<double>(g, kSqrt ? std::sqrt(var) : var);
    }
    return out.Finish();
  }
};

template <Kind kKind>
std::unique_ptr<GroupedAggregator> MakeVariance(const AggregateFunction& fn) {
  return VisitPhysicalType(fn.arg_types[0], [&]<typename T>() -> std::unique_ptr<GroupedAggregator> {
    if constexpr (std::is_arithmetic_v<T> && !std::is_same_v<T, bool>) {
      return std::make_unique<SimpleAggregator<VarianceOp<T, kKind>>>(fn);
    } else {
      CheckFailed(__FILE__, __LINE__, "MakeVariance", "non-numeric argument");
    }
  });
}

}  // namespace

void RegisterVarianceAggregates(FunctionRegistry* registry) {
  for (const LogicalType& t : NumericTypes()) {
    AddAggregate(registry, "var_samp", {t}, LogicalType::Float64(), MakeVariance<Kind::kVarSamp>);
    AddAggregate(registry, "var_pop", {t}, LogicalType::Float64(), MakeVariance<Kind::kVarPop>);
    AddAggregate(registry, "stddev_samp", {t}, LogicalType::Float64(),
                 MakeVariance<Kind::kStddevSamp>);
    AddAggregate(registry, "stddev_pop", {t}, LogicalType::Float64(),
                 MakeVariance<Kind::kStddevPop>);
  }
  registry->AddAlias("variance", "var_samp");
  registry->AddAlias("var", "var_samp");
  registry->AddAlias("stddev", "stddev_samp");
}

}  // namespace copra::agg
