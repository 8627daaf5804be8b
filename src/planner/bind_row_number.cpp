// row_number() OVER ([PARTITION BY p...] ORDER BY o...) in the SELECT list
// of a query that reads only system tables (catalog queries: pgjdbc's
// getColumns numbers columns this way). Copra has no window operator yet;
// catalog queries are small, so the binder runs the query's FROM/WHERE once,
// numbers the rows of each partition in ORDER BY order, and binds the call
// as
//
//   CASE WHEN p IS NOT DISTINCT FROM pv AND o IS NOT DISTINCT FROM ov THEN n ... END
//
// Rows that tie on all of (p, o) get the same number (PostgreSQL would
// number them in an arbitrary order). Elsewhere the call is refused, as
// every window function is.
#include <algorithm>
#include <map>

#include "planner/binder.h"
#include "planner/expression_binder.h"

namespace copra {

Result<BoundExprPtr> ExpressionBinder::BindRowNumber(const FunctionCallExpr& call) {
  if (subquery_input_ == nullptr || subquery_input_->select == nullptr || aggregates_ != nullptr ||
      !Binder::ReadsOnlySystemTables(**subquery_input_->plan)) {
    return Status::NotSupported(
        "window functions are not supported yet (row_number() OVER (...) only in the SELECT "
        "list of queries over system tables)",
        call.pos);
  }
  if (call.order_by.empty()) {
    // Without an order, rows are told apart by nothing this binding sees.
    return Status::NotSupported("row_number() OVER (...) needs ORDER BY here", call.pos);
  }
  std::vector<BoundExprPtr> keys;  // partition keys, then order keys
  for (const ExprPtr& p : call.args) {
    COPRA_ASSIGN_OR_RETURN(BoundExprPtr b, Bind(*p));
    keys.push_back(b);
  }
  const size_t num_partition = keys.size();
  for (const OrderByItem& o : call.order_by) {
    COPRA_ASSIGN_OR_RETURN(BoundExprPtr b, Bind(*o.expr));
    keys.push_back(b);
  }

  size_t width = 0;
  COPRA_ASSIGN_OR_RETURN(std::vector<BatchPtr> batches,
                         binder_->RunOuterInput(*subquery_input_, keys, &width));
  std::vector<std::vector<Value>> rows;
  for (const BatchPtr& b : batches) {
    for (int64_t r = 0; r < b->num_rows(); ++r) {
      std::vector<Value> row;
      for (size_t k = 0; k < keys.size(); ++k) row.push_back(b->column(k)->GetValue(r));
      rows.push_back(std::move(row));
    }
  }
  // ORDER BY: NULLs last ascending, first descending, as in PostgreSQL.
  auto compare = [](const Value& a, const Value& b) {
    if (a.is_null() || b.is_null()) return a.is_null() == b.is_null() ? 0 : (a.is_null() ? 1 : -1);
    return a.Compare(b);
  };
  std::stable_sort(rows.begin(), rows.end(), [&](const auto& x, const auto& y) {
    for (size_t k = 0; k < keys.size(); ++k) {
      int c = compare(x[k], y[k]);
      if (k >= num_partition && k - num_partition < call.order_by.size() &&
          call.order_by[k - num_partition].descending) {
        c = -c;
      }
      if (c != 0) return c < 0;
    }
    return false;
  });

  std::vector<BoundExprPtr> branches;
  int64_t number = 0;
  for (size_t i = 0; i < rows.size(); ++i) {
    bool same_partition = i > 0;
    bool same_row = i > 0;
    for (size_t k = 0; i > 0 && k < keys.size(); ++k) {
      if (compare(rows[i][k], rows[i - 1][k]) != 0) {
        same_row = false;
        if (k < num_partition) same_partition = false;
      }
    }
    number = same_partition ? number + 1 : 1;
    if (same_row) continue;  // a tie keeps the first row's number
    std::vector<BoundExprPtr> conditions;
    for (size_t k = 0; k < keys.size(); ++k) {
      COPRA_ASSIGN_OR_RETURN(
          BoundExprPtr same,
          MakeFunctionCall("is_not_distinct_from", {keys[k], BoundExpr::Constant(rows[i][k])},
                           call.pos));
      conditions.push_back(std::move(same));
    }
    branches.push_back(conditions.size() == 1 ? conditions[0]
                                              : BoundExpr::And(std::move(conditions)));
    branches.push_back(BoundExpr::Constant(Value::Int64(number)));
  }
  auto e = std::make_shared<BoundExpr>();
  e->kind = BoundExprKind::kCase;
  e->type = LogicalType::Int64();
  e->children = std::move(branches);
  e->has_else = true;
  e->children.push_back(BoundExpr::Constant(Value::Null(LogicalType::Int64())));
  e->name = "row_number";
  return BoundExprPtr(e);
}

}  // namespace copra
