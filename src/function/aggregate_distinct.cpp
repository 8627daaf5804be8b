#include "function/aggregate_distinct.h"

#include "function/aggregate_kernel.h"
#include "function/distinct_set.h"
#include "vector/column_builder.h"

namespace copra {

namespace {

using agg::ForEachValid;
using agg::Reader;

template <typename T>
class DistinctAggregator final : public GroupedAggregator {
  static constexpr bool kString = std::is_same_v<T, std::string_view>;

 public:
  explicit DistinctAggregator(const AggregateFunction& fn) : fn_(fn) {}

  void Resize(int64_t num_groups) override { num_groups_ = num_groups; }

  Status Update(const std::vector<Datum>& args, const uint32_t* group_ids,
                int64_t num_rows) override {
    if (num_rows == 0) return Status::OK();
    const Datum& arg = args[0];
    const Reader<T> in(*arg.column);
    const bool one_group = group_ids == nullptr || num_groups_ == 1;
    if (one_group && arg.is_scalar) num_rows = 1;
    ForEachValid(arg, num_rows, [&](int64_t row, int64_t idx) {
      Insert(one_group ? 0 : group_ids[row], in[idx]);
    });
    return Status::OK();
  }

  Status Merge(GroupedAggregator& other, const uint32_t* group_map) override {
    auto& o = agg::SameAggregator<DistinctAggregator>(other);
    for (const auto& e : o.set_.entries()) {
      if constexpr (kString) {
        set_.Insert(group_map[e.group], o.set_.Value(e));
      } else {
        set_.Insert(group_map[e.group], e.key.k0, e.key.k1);
      }
    }
    return Status::OK();
  }

  Result<ColumnPtr> Finalize() override {
    const auto& entries = set_.entries();
    const auto n = static_cast<int64_t>(entries.size());
    std::vector<uint32_t> groups(entries.size());
    ColumnPtr values;
    const LogicalType& type = fn_.arg_types[0];
    if constexpr (kString) {
      ColumnBuilder builder(type, n);
      for (int64_t i = 0; i < n; ++i) {
        COPRA_RETURN_NOT_OK(builder.AppendString(set_.Value(entries[i])));
        groups[i] = entries[i].group;
      }
      values = builder.Finish();
    } else {
      agg::FixedOutput out(type, n);
      for (int64_t i = 0; i < n; ++i) {
        out.Set<T>(i, agg::DecodeKey<T>(entries[i].key));
        groups[i] = entries[i].group;
      }
      values = out.Finish();
    }
    std::unique_ptr<GroupedAggregator> inner = fn_.make(fn_);
    inner->Resize(num_groups_);
    COPRA_RETURN_NOT_OK(inner->Update({Datum::Flat(std::move(values))}, groups.data(), n));
    return inner->Finalize();
  }

 private:
  void Insert(uint32_t group, T v) {
    if constexpr (kString) {
      set_.Insert(group, v);
    } else {
      const agg::Key128 k = agg::EncodeKey(v);
      set_.Insert(group, k.k0, k.k1);
    }
  }

  AggregateFunction fn_;
  int64_t num_groups_ = 0;
  std::conditional_t<kString, agg::GroupedStringSet, agg::GroupedKeySet> set_;
};

}  // namespace

Result<std::unique_ptr<GroupedAggregator>> MakeDistinctAggregator(const AggregateFunction& fn) {
  if (fn.arg_types.size() != 1 || fn.arg_types[0].IsNull()) {
    return Status::NotSupported("DISTINCT is not supported for " + fn.Signature());
  }
  return agg::VisitPhysicalType(
      fn.arg_types[0], [&]<typename T>() -> std::unique_ptr<GroupedAggregator> {
        return std::make_unique<DistinctAggregator<T>>(fn);
      });
}

}  // namespace copra
