// first_value(x) and last_value(x) for every type, returning the argument
// type: the value of the first / last row of the group in input order,
// whether or not it is NULL (as DataFusion/GreptimeDB's first_value and
// last_value without ORDER BY). A group without rows gives NULL.
//
// Order sensitivity: the result depends on the order batches arrive in and
// Merge assumes that `other`'s rows come after this aggregator's rows, so
// callers must merge partial aggregates in input order
// (AggregateFunction::is_order_sensitive is set).
#include <string>

#include "function/aggregate_kernel.h"
#include "vector/column_builder.h"

namespace copra::agg {

namespace {

enum Slot : uint8_t { kUnset = 0, kNullValue = 1, kHasValue = 2 };

template <typename T, bool kLast>
class FirstLastAggregator final : public GroupedAggregator {
  static constexpr bool kString = std::is_same_v<T, std::string_view>;
  // uint8_t for bool: std::vector<bool> has no references to its elements.
  using Stored = std::conditional_t<kString, std::string,
                                    std::conditional_t<std::is_same_v<T, bool>, uint8_t, T>>;

 public:
  explicit FirstLastAggregator(const AggregateFunction& fn) : return_type_(fn.return_type) {}

  void Resize(int64_t num_groups) override {
    values_.resize(static_cast<size_t>(num_groups));
    slots_.resize(static_cast<size_t>(num_groups), kUnset);
    if constexpr (kLast && kString) seen_.resize(static_cast<size_t>(num_groups), 0);
  }

  Status Update(const std::vector<Datum>& args, const uint32_t* group_ids,
                int64_t num_rows) override {
    if (num_rows == 0) return Status::OK();
    const Datum& arg = args[0];
    const Reader<T> in(*arg.column);
    auto take = [&](uint32_t g, int64_t row) {
      const int64_t idx = arg.Index(row);
      if (arg.column->IsValid(idx)) {
        Assign(values_[g], in[idx]);
        slots_[g] = kHasValue;
      } else {
        slots_[g] = kNullValue;
      }
    };
    if (group_ids == nullptr || slots_.size() == 1) {
      if (kLast || slots_[0] == kUnset) take(0, kLast ? num_rows - 1 : 0);
      return Status::OK();
    }
    if constexpr (!kLast) {
      for (int64_t row = 0; row < num_rows; ++row) {
        if (slots_[group_ids[row]] == kUnset) take(group_ids[row], row);
      }
    } else if constexpr (kString) {
      // Walk backwards so each group copies one string per batch.
      if (++epoch_ == 0) {  // wrapped: forget old marks
        std::fill(seen_.begin(), seen_.end(), 0);
        epoch_ = 1;
      }
      for (int64_t row = num_rows - 1; row >= 0; --row) {
        const uint32_t g = group_ids[row];
        if (seen_[g] != epoch_) {
          seen_[g] = epoch_;
          take(g, row);
        }
      }
    } else {
      for (int64_t row = 0; row < num_rows; ++row) take(group_ids[row], row);
    }
    return Status::OK();
  }

  Status Merge(GroupedAggregator& other, const uint32_t* group_map) override {
    auto& o = SameAggregator<FirstLastAggregator>(other);
    for (size_t g = 0; g < o.slots_.size(); ++g) {
      const uint32_t to = group_map[g];
      if (o.slots_[g] == kUnset || (!kLast && slots_[to] != kUnset)) continue;
      slots_[to] = o.slots_[g];
      if (o.slots_[g] == kHasValue) values_[to] = o.values_[g];
    }
    return Status::OK();
  }

  Result<ColumnPtr> Finalize() override {
    const auto n = static_cast<int64_t>(slots_.size());
    if constexpr (kString) {
      ColumnBuilder builder(return_type_, n);
      for (int64_t g = 0; g < n; ++g) {
        if (slots_[g] == kHasValue) {
          COPRA_RETURN_NOT_OK(builder.AppendString(values_[g]));
        } else {
          builder.AppendNull();
        }
      }
      return builder.Finish();
    } else {
      FixedOutput out(return_type_, n);
      for (int64_t g = 0; g < n; ++g) {
        if (slots_[g] == kHasValue) {
          out.Set<T>(g, static_cast<T>(values_[g]));
        } else {
          out.SetNull(g);
        }
      }
      return out.Finish();
    }
  }

 private:
  static void Assign(Stored& to, T v) {
    if constexpr (kString) {
      to.assign(v.data(), v.size());
    } else {
      to = v;
    }
  }

  LogicalType return_type_;
  std::vector<Stored> values_;
  std::vector<uint8_t> slots_;
  std::vector<uint32_t> seen_;  // last_value on strings: epoch of the batch that set the group
  uint32_t epoch_ = 0;
};

template <bool kLast>
std::unique_ptr<GroupedAggregator> MakeFirstLast(const AggregateFunction& fn) {
  return VisitPhysicalType(fn.arg_types[0], [&]<typename T>() -> std::unique_ptr<GroupedAggregator> {
    return std::make_unique<FirstLastAggregator<T, kLast>>(fn);
  });
}

}  // namespace

void RegisterFirstLastAggregates(FunctionRegistry* registry) {
  for (const LogicalType& t : AllValueTypes()) {
    AddAggregate(registry, "first_value", {t}, t, MakeFirstLast<false>, true);
    AddAggregate(registry, "last_value", {t}, t, MakeFirstLast<true>, true);
  }
}

}  // namespace copra::agg
