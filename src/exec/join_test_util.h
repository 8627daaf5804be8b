// Test helpers for the join operators: an operator that replays given rows
// in batches, expression builders, a runner that checks the batch-size
// contract, and a row-at-a-time reference join to compare against.
// Included only by *_test.cpp files.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include "exec/physical_operator.h"
#include "function/function_registry.h"
#include "planner/logical_plan.h"

namespace copra::join_test {

using Row = std::vector<Value>;

// Replays `rows` in batches of `input_batch_size` rows.
class RowsOperator : public PhysicalOperator {
 public:
  RowsOperator(SchemaPtr schema, std::vector<Row> rows, int64_t input_batch_size)
      : PhysicalOperator(std::move(schema), {}),
        rows_(std::move(rows)),
        input_batch_size_(input_batch_size) {}
  std::string name() const override { return "Rows"; }

 protected:
  Result<BatchPtr> NextImpl() override {
    if (next_ >= rows_.size()) return BatchPtr();
    size_t n = std::min(rows_.size() - next_, static_cast<size_t>(input_batch_size_));
    std::vector<ColumnPtr> columns;
    for (size_t c = 0; c < schema()->num_fields(); ++c) {
      std::vector<Value> values;
      for (size_t r = next_; r < next_ + n; ++r) values.push_back(rows_[r][c]);
      COPRA_ASSIGN_OR_RETURN(ColumnPtr col, Column::FromValues(schema()->field(c).type, values));
      columns.push_back(std::move(col));
    }
    next_ += n;
    return Batch::Make(schema(), std::move(columns), static_cast<int64_t>(n));
  }

 private:
  std::vector<Row> rows_;
  int64_t input_batch_size_;
  size_t next_ = 0;
};

inline SchemaPtr MakeSchema(std::vector<Field> fields) {
  return std::make_shared<const Schema>(std::move(fields));
}

// The join's output schema, as MakeJoin computes it.
inline SchemaPtr JoinSchema(const Schema& left, const Schema& right, LogicalJoinType type) {
  std::vector<Field> fields = left.fields();
  if (type != LogicalJoinType::kSemi && type != LogicalJoinType::kAnti) {
    fields.insert(fields.end(), right.fields().begin(), right.fields().end());
  }
  return MakeSchema(std::move(fields));
}

inline BoundExprPtr Col(int index, const LogicalType& type, std::string name = "") {
  return BoundExpr::ColumnRef(index, type, std::move(name));
}

// A call of a built-in operator/function whose argument types match exactly.
inline BoundExprPtr Call(const std::string& name, std::vector<BoundExprPtr> args) {
  std::vector<LogicalType> types;
  for (const BoundExprPtr& a : args) types.push_back(a->type);
  auto resolved = FunctionRegistry::Global().ResolveScalar(name, types);
  EXPECT_TRUE(resolved.ok()) << resolved.status().ToString();
  return BoundExpr::Function(resolved->function, std::move(args));
}

// One row of a batch as "v1|v2|..." (NULL as "NULL").
inline std::string RowText(const Batch& batch, int64_t r) {
  std::string out;
  for (size_t c = 0; c < batch.num_columns(); ++c) {
    if (c > 0) out += "|";
    out += batch.column(c)->GetValue(r).ToString();
  }
  return out;
}

inline std::string RowText(const Row& row) {
  std::string out;
  for (size_t c = 0; c < row.size(); ++c) {
    if (c > 0) out += "|";
    out += row[c].ToString();
  }
  return out;
}

// Runs `op` to the end with `batch_size`, checking that every batch is
// non-empty and at most batch_size rows; returns the rows sorted.
inline std::vector<std::string> RunSorted(PhysicalOperator* op, int64_t batch_size,
                                          int64_t memory_limit = 0, Status* error = nullptr) {
  ExecContext ctx;
  ctx.batch_size = batch_size;
  ctx.memory_limit = memory_limit;
  std::vector<std::string> rows;
  Status st = op->Open(&ctx);
  while (st.ok()) {
    Result<BatchPtr> b = op->Next();
    if (!b.ok()) {
      st = b.status();
      break;
    }
    if (*b == nullptr) break;
    EXPECT_GT((*b)->num_rows(), 0);
    EXPECT_LE((*b)->num_rows(), batch_size);
    EXPECT_EQ((*b)->num_columns(), op->schema()->num_fields());
    for (int64_t r = 0; r < (*b)->num_rows(); ++r) rows.push_back(RowText(**b, r));
  }
  if (error != nullptr) {
    *error = st;
  } else {
    EXPECT_TRUE(st.ok()) << st.ToString();
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

// Row-at-a-time reference: the rows a `type` join of `left` and `right`
// returns when `match(l, r)` says which pairs satisfy the ON condition.
inline std::vector<std::string> ReferenceJoin(
    const std::vector<Row>& left, const std::vector<Row>& right, size_t left_width,
    size_t right_width, LogicalJoinType type,
    const std::function<bool(const Row&, const Row&)>& match) {
  std::vector<std::string> out;
  std::vector<bool> right_matched(right.size(), false);
  const Row null_left(left_width, Value());
  const Row null_right(right_width, Value());
  for (const Row& l : left) {
    bool matched = false;
    for (size_t j = 0; j < right.size(); ++j) {
      if (type != LogicalJoinType::kCross && !match(l, right[j])) continue;
      matched = true;
      right_matched[j] = true;
      if (type == LogicalJoinType::kSemi || type == LogicalJoinType::kAnti) continue;
      Row both = l;
      both.insert(both.end(), right[j].begin(), right[j].end());
      out.push_back(RowText(both));
    }
    if (type == LogicalJoinType::kSemi && matched) out.push_back(RowText(l));
    if (type == LogicalJoinType::kAnti && !matched) out.push_back(RowText(l));
    if (!matched && (type == LogicalJoinType::kLeft || type == LogicalJoinType::kFull)) {
      Row both = l;
      both.insert(both.end(), null_right.begin(), null_right.end());
      out.push_back(RowText(both));
    }
  }
  if (type == LogicalJoinType::kRight || type == LogicalJoinType::kFull) {
    for (size_t j = 0; j < right.size(); ++j) {
      if (right_matched[j]) continue;
      Row both = null_left;
      both.insert(both.end(), right[j].begin(), right[j].end());
      out.push_back(RowText(both));
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace copra::join_test
