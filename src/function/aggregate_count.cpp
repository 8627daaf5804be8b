// count(*), count(x) and count_distinct(x) (the binder's name for
// count(DISTINCT x)). All return BIGINT and 0, never NULL, for a group
// without rows.
#include "function/aggregate_kernel.h"
#include "function/distinct_set.h"

namespace copra::agg {

namespace {

// count(*) when the function has no arguments, count(x) otherwise.
class CountAggregator final : public GroupedAggregator {
 public:
  explicit CountAggregator(const AggregateFunction& fn) : star_(fn.arg_types.empty()) {}

  void Resize(int64_t num_groups) override { counts_.resize(static_cast<size_t>(num_groups), 0); }

  Status Update(const std::vector<Datum>& args, const uint32_t* group_ids,
                int64_t num_rows) override {
    if (num_rows == 0) return Status::OK();
    if (group_ids == nullptr || counts_.size() == 1) {
      counts_[0] += star_ ? num_rows : CountValid(args[0], num_rows);
      return Status::OK();
    }
    int64_t* counts = counts_.data();
    const bool all_valid =
        star_ || (args[0].is_scalar ? args[0].column->IsValid(0)
                                    : args[0].column->validity_bits() == nullptr);
    if (!all_valid && args[0].is_scalar) return Status::OK();
    if (MostlyRuns(group_ids, num_rows)) {
      // Clustered groups: count a run in a register, add it when it ends.
      uint32_t g = group_ids[0];
      int64_t run = 0;
      auto add = [&](int64_t i) {
        if (group_ids[i] != g) {
          counts[g] += run;
          g = group_ids[i];
          run = 0;
        }
        ++run;
      };
      if (all_valid) {
        for (int64_t i = 0; i < num_rows; ++i) add(i);
      } else {
        ForEachValidRow(*args[0].column, num_rows, add);
      }
      counts[g] += run;
    } else if (all_valid) {
      for (int64_t i = 0; i < num_rows; ++i) ++counts[group_ids[i]];
    } else {
      ForEachValidRow(*args[0].column, num_rows, [&](int64_t i) { ++counts[group_ids[i]]; });
    }
    return Status::OK();
  }

  Status Merge(GroupedAggregator& other, const uint32_t* group_map) override {
    auto& o = SameAggregator<CountAggregator>(other);
    for (size_t g = 0; g < o.counts_.size(); ++g) counts_[group_map[g]] += o.counts_[g];
    return Status::OK();
  }

  Result<ColumnPtr> Finalize() override {
    const auto n = static_cast<int64_t>(counts_.size());
    FixedOutput out(LogicalType::Int64(), n);
    for (int64_t g = 0; g < n; ++g) out.Set<int64_t>(g, counts_[g]);
    return out.Finish();
  }

 private:
  bool star_;
  std::vector<int64_t> counts_;
};

// count_distinct(x): one (group, value) set for all groups; a group's count
// grows when a pair is new.
template <typename T>
class CountDistinctAggregator final : public GroupedAggregator {
 public:
  explicit CountDistinctAggregator(const AggregateFunction&) {}

  void Resize(int64_t num_groups) override { counts_.resize(static_cast<size_t>(num_groups), 0); }

  Status Update(const std::vector<Datum>& args, const uint32_t* group_ids,
                int64_t num_rows) override {
    if (num_rows == 0) return Status::OK();
    const Datum& arg = args[0];
    const Reader<T> in(*arg.column);
    int64_t* counts = counts_.data();
    if (group_ids == nullptr || counts_.size() == 1) {
      int64_t added = 0;
      if (arg.is_scalar) {
        if (arg.column->IsValid(0)) added += Insert(0, in[0]);
      } else {
        ForEachValidRow(*arg.column, num_rows, [&](int64_t i) { added += Insert(0, in[i]); });
      }
      counts[0] += added;
      return Status::OK();
    }
    ForEachValid(arg, num_rows, [&](int64_t row, int64_t idx) {
      const uint32_t g = group_ids[row];
      counts[g] += Insert(g, in[idx]);
    });
    return Status::OK();
  }

  Status Merge(GroupedAggregator& other, const uint32_t* group_map) override {
    auto& o = SameAggregator<CountDistinctAggregator>(other);
    for (const auto& e : o.set_.entries()) {
      const uint32_t g = group_map[e.group];
      if constexpr (std::is_same_v<T, std::string_view>) {
        counts_[g] += set_.Insert(g, o.set_.Value(e));
      } else {
        counts_[g] += set_.Insert(g, e.key.k0, e.key.k1);
      }
    }
    return Status::OK();
  }

  Result<ColumnPtr> Finalize() override {
    const auto n = static_cast<int64_t>(counts_.size());
    FixedOutput out(LogicalType::Int64(), n);
    for (int64_t g = 0; g < n; ++g) out.Set<int64_t>(g, counts_[g]);
    return out.Finish();
  }

 private:
  bool Insert(uint32_t group, T v) {
    if constexpr (std::is_same_v<T, std::string_view>) {
      return set_.Insert(group, v);
    } else {
      const Key128 k = EncodeKey(v);
      return set_.Insert(group, k.k0, k.k1);
    }
  }

  std::conditional_t<std::is_same_v<T, std::string_view>, GroupedStringSet, GroupedKeySet> set_;
  std::vector<int64_t> counts_;
};

std::unique_ptr<GroupedAggregator> MakeCountDistinct(const AggregateFunction& fn) {
  return VisitPhysicalType(fn.arg_types[0],
                           [&]<typename T>() -> std::unique_ptr<GroupedAggregator> {
                             return std::make_unique<CountDistinctAggregator<T>>(fn);
                           });
}

}  // namespace

void RegisterCountAggregates(FunctionRegistry* registry) {
  AddAggregate(registry, "count", {}, LogicalType::Int64(), MakeAggregator<CountAggregator>);
  for (const LogicalType& t : AllValueTypes()) {
    AddAggregate(registry, "count", {t}, LogicalType::Int64(), MakeAggregator<CountAggregator>);
    AddAggregate(registry, "count_distinct", {t}, LogicalType::Int64(), MakeCountDistinct);
  }
}

}  // namespace copra::agg
