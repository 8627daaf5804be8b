// AggregateFunction: one overload of an aggregate (count, sum, avg, ...),
// evaluated by a GroupedAggregator that keeps one state per group and is
// updated a batch at a time (no per-row virtual calls).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "function/datum.h"
#include "types/logical_type.h"

namespace copra {

// Accumulates states for groups 0..num_groups-1. Created per query per
// aggregate; used by one thread at a time.
class GroupedAggregator {
 public:
  virtual ~GroupedAggregator() = default;
  // Grows to `num_groups` groups; new groups start empty.
  virtual void Resize(int64_t num_groups) = 0;
  // Folds rows 0..num_rows-1 of `args` into groups group_ids[row].
  // `group_ids` may be nullptr: every row goes to group 0 (the ungrouped
  // case; the built-ins also take their fast path when num_groups == 1).
  // Arguments arrive cast to the overload's arg_types; a scalar Datum
  // stands for num_rows equal values.
  virtual Status Update(const std::vector<Datum>& args, const uint32_t* group_ids,
                        int64_t num_rows) = 0;
  // Folds `other`'s group g into this group group_map[g] (partial → final
  // aggregation). REQUIRES: same function; Resize done by the caller.
  virtual Status Merge(GroupedAggregator& other, const uint32_t* group_map) = 0;
  // One row per group, in group order.
  virtual Result<ColumnPtr> Finalize() = 0;
};

struct AggregateFunction {
  std::string name;
  std::vector<LogicalType> arg_types;  // empty for count(*)
  LogicalType return_type;
  // Creates an empty aggregator. `arg_types` are the bound argument types.
  std::unique_ptr<GroupedAggregator> (*make)(const AggregateFunction& fn) = nullptr;
  // Whether the function ignores NULL inputs (all standard ones do).
  bool is_order_sensitive = false;  // first_value/last_value

  std::string Signature() const;
};

}  // namespace copra
