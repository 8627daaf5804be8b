// Building blocks shared by the join operators (hash and nested loop):
// materializing the build side under the memory limit, and gathering output
// rows from (left row, right row) index pairs, where -1 stands for the NULL
// row of an outer join.
#pragma once

#include <cstdint>
#include <vector>

#include "exec/physical_operator.h"
#include "planner/logical_plan.h"

namespace copra {

// "Inner", "Left", ... for EXPLAIN.
const char* JoinTypeLabel(LogicalJoinType type);

// True for the join types whose output is only the left columns.
inline bool IsSemiOrAnti(LogicalJoinType type) {
  return type == LogicalJoinType::kSemi || type == LogicalJoinType::kAnti;
}

// Gathers rows of `col` by index, where index -1 produces NULL.
ColumnPtr TakeColumnOrNull(const Column& col, const std::vector<int32_t>& rows);

// Approximate bytes of the rows of `batch` (slices count only their rows).
int64_t EstimateBatchBytes(const Batch& batch);

// Reads all of `input` into one batch of schema input.schema(), failing with
// kOutOfMemory (via ctx.CheckMemory, naming `what`) when it grows past the
// query memory limit, or with kFeatureNotSupported past 2^31 - 1 rows.
Result<BatchPtr> MaterializeInput(PhysicalOperator& input, const ExecContext& ctx,
                                  const char* what);

// Output rows of a join: pairs (left[i], right[i]); -1 means the NULL row.
struct JoinPairs {
  std::vector<int32_t> left;
  std::vector<int32_t> right;

  size_t size() const { return left.size(); }
  bool empty() const { return left.empty(); }
  void Add(int32_t l, int32_t r) {
    left.push_back(l);
    right.push_back(r);
  }
  void Clear() {
    left.clear();
    right.clear();
  }
  // Keeps only the pairs at `kept_indices` (ascending), in that order.
  void Retain(const std::vector<int32_t>& kept_indices);
};

// Builds a batch of `schema`: the left columns gathered from `left` (nullptr
// when every left index is -1, then typed by `left_schema`), followed, unless
// `left_only`, by the right columns gathered from `right`.
BatchPtr GatherJoinRows(const SchemaPtr& schema, const Schema& left_schema, const Batch* left,
                        const Batch& right, const JoinPairs& pairs, bool left_only);

}  // namespace copra
