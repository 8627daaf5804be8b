// min and max for every orderable type (numeric, BOOLEAN, STRING, BINARY,
// TIMESTAMP of each unit, DATE, INTERVAL), returning the argument type;
// NULL for a group with no non-NULL input. Floats order NaN above every
// number (PostgreSQL), strings and binaries bytewise, intervals with
// 1 month = 30 days (PostgreSQL).
#include <limits>
#include <string>

#include "function/aggregate_kernel.h"
#include "vector/column_builder.h"

namespace copra::agg {

namespace {

template <typename T, bool kMax>
struct MinMaxOp {
  using In = T;
  struct State {
    T value{};
    bool has = false;
  };

  static bool Better(const T& candidate, const T& current) {
    return kMax ? ValueLess(current, candidate) : ValueLess(candidate, current);
  }
  static void Add(State& s, T v) {
    if (!s.has || Better(v, s.value)) {
      s.value = v;
      s.has = true;
    }
  }
  static void AddRepeated(State& s, T v, int64_t) { Add(s, v); }
  // Ungrouped batch of numbers: a branch-free reduction from the identity
  // (vectorizable); NaNs are counted aside and applied at the end.
  static void AddColumn(State& s, const Column& col, int64_t n)
    requires(std::is_arithmetic_v<T> && !std::is_same_v<T, bool>)
  {
    const Reader<T> in(col);
    T best = kMax ? std::numeric_limits<T>::lowest() : std::numeric_limits<T>::max();
    if constexpr (std::is_floating_point_v<T>) {
      best = kMax ? -std::numeric_limits<T>::infinity() : std::numeric_limits<T>::infinity();
    }
    int64_t nans = 0;
    ForEachValidRow(col, n, [&](int64_t i) {
      const T v = in[i];
      best = kMax ? (best < v ? v : best) : (v < best ? v : best);  // false for NaN: kept
      if constexpr (std::is_floating_point_v<T>) nans += v != v;
    });
    const int64_t valid = CountValidRows(col, n);
    if (valid == 0) return;
    // NaN is the greatest value: max sees it if any, min only if all are NaN.
    if (nans > 0 && (kMax || nans == valid)) best = std::numeric_limits<T>::quiet_NaN();
    Add(s, best);
  }
  static void Combine(State& s, const State& o) {
    if (o.has) Add(s, o.value);
  }
  static Result<ColumnPtr> Finalize(const std::vector<State>& states, const LogicalType& ret) {
    const auto n = static_cast<int64_t>(states.size());
    FixedOutput out(ret, n);
    for (int64_t g = 0; g < n; ++g) {
      if (states[g].has) {
        out.Set<T>(g, states[g].value);
      } else {
        out.SetNull(g);
      }
    }
    return out.Finish();
  }
};

// STRING / BINARY: the best value is copied only when it changes.
template <bool kMax>
class StringMinMaxAggregator final : public GroupedAggregator {
 public:
  explicit StringMinMaxAggregator(const AggregateFunction& fn) : return_type_(fn.return_type) {}

  void Resize(int64_t num_groups) override {
    values_.resize(static_cast<size_t>(num_groups));
    has_.resize(static_cast<size_t>(num_groups), 0);
  }

  Status Update(const std::vector<Datum>& args, const uint32_t* group_ids,
                int64_t num_rows) override {
    if (num_rows == 0) return Status::OK();
    const Datum& arg = args[0];
    const Reader<std::string_view> in(*arg.column);
    if (group_ids == nullptr || values_.size() == 1) {
      // Find the batch's best as a view, then copy once.
      bool found = false;
      std::string_view best;
      const int64_t rows = arg.is_scalar ? 1 : num_rows;
      ForEachValid(arg, rows, [&](int64_t, int64_t idx) {
        const std::string_view v = in[idx];
        if (!found || Better(v, best)) {
          best = v;
          found = true;
        }
      });
      if (found) Offer(0, best);
      return Status::OK();
    }
    ForEachValid(arg, num_rows,
                 [&](int64_t row, int64_t idx) { Offer(group_ids[row], in[idx]); });
    return Status::OK();
  }

  Status Merge(GroupedAggregator& other, const uint32_t* group_map) override {
    auto& o = SameAggregator<StringMinMaxAggregator>(other);
    for (size_t g = 0; g < o.values_.size(); ++g) {
      if (o.has_[g]) Offer(group_map[g], o.values_[g]);
    }
    return Status::OK();
  }

  Result<ColumnPtr> Finalize() override {
    ColumnBuilder builder(return_type_, static_cast<int64_t>(values_.size()));
    for (size_t g = 0; g < values_.size(); ++g) {
      if (has_[g]) {
        COPRA_RETURN_NOT_OK(builder.AppendString(values_[g]));
      } else {
        builder.AppendNull();
      }
    }
    return builder.Finish();
  }

 private:
  static bool Better(std::string_view candidate, std::string_view current) {
    return kMax ? current < candidate : candidate < current;
  }
  void Offer(uint32_t g, std::string_view v) {
    if (!has_[g] || Better(v, values_[g])) {
      values_[g].assign(v.data(), v.size());
      has_[g] = 1;
    }
  }

  LogicalType return_type_;
  std::vector<std::string> values_;
  std::vector<uint8_t> has_;
};

template <bool kMax>
std::unique_ptr<GroupedAggregator> MakeMinMax(const AggregateFunction& fn) {
  return VisitPhysicalType(fn.arg_types[0], [&]<typename T>() -> std::unique_ptr<GroupedAggregator> {
    if constexpr (std::is_same_v<T, std::string_view>) {
      return std::make_unique<StringMinMaxAggregator<kMax>>(fn);
    } else {
      return std::make_unique<SimpleAggregator<MinMaxOp<T, kMax>>>(fn);
    }
  });
}

}  // namespace

void RegisterMinMaxAggregates(FunctionRegistry* registry) {
  for (const LogicalType& t : AllValueTypes()) {
    AddAggregate(registry, "min", {t}, t, MakeMinMax<false>);
    AddAggregate(registry, "max", {t}, t, MakeMinMax<true>);
  }
}

}  // namespace copra::agg
