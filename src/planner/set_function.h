// Set-returning functions in the SELECT list, with PostgreSQL 10+ semantics:
// `SELECT x, generate_series(1, x) FROM t` gives each input row as many
// output rows as its longest set-returning call produces; shorter calls
// are padded with NULLs, and a row for which every call is empty produces
// none. The calls of one SELECT list run in lockstep in one ProjectSet node
// (LogicalPlanKind::kProjectSet, exec/project_set_operator.h), placed after
// aggregation and window functions and before the final projection,
// DISTINCT, ORDER BY and LIMIT.
//
// Functions: generate_series(start, stop [, step]) (integers), unnest(array)
// and information_schema._pg_expandarray(array), which returns the
// composite (x BIGINT, n INT): the elements and their 1-based positions
// (pgjdbc's getPrimaryKeys expands pg_index.indkey with it). Composite
// values are record text (function/pg_record.h); `(f(a)).n` and `(t.c).x`
// select a field (the parser's record_field(value, 'name')).
//
// SetFunctionBinder collects one SELECT list's calls while ExpressionBinder
// binds it and hands out placeholder references, resolved once the
// ProjectSet node's position is known. Not thread-safe (one per binding).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "function/pg_record.h"
#include "planner/bind_scope.h"
#include "planner/bound_expr.h"

namespace copra {

struct SetFunctionCall {
  SetFunctionKind kind = SetFunctionKind::kGenerateSeries;
  std::vector<BoundExprPtr> args;      // over the ProjectSet child's columns
  LogicalType type;                    // of the output column (STRING for records)
  std::vector<CompositeField> fields;  // a composite result's fields; else empty
  std::string name;                    // display: "generate_series(1, x)"
  std::string ToString() const { return name; }
};

// The set-returning function `schema.name` (schema may be empty), if any.
std::optional<SetFunctionKind> FindSetFunction(const std::string& schema, const std::string& name);

// Offset of placeholder references returned by SetFunctionBinder::Add
// (below window functions' kWindowRefBase).
constexpr int kSetFunctionRefBase = 1 << 27;

class SetFunctionBinder {
 public:
  // Checks and casts the arguments of a call to `kind` and returns a
  // placeholder for its output column. `name` is the call's display text.
  Result<BoundExprPtr> Add(SetFunctionKind kind, std::vector<BoundExprPtr> args,
                           const std::string& name, SourcePosition pos);

  const std::vector<SetFunctionCall>& calls() const { return calls_; }
  std::vector<SetFunctionCall>& mutable_calls() { return calls_; }
  bool empty() const { return calls_.empty(); }

  // The composite fields of `expr` when it is a placeholder for a call with
  // a composite result, else nullptr.
  const std::vector<CompositeField>* FieldsOf(const BoundExpr& expr) const;

 private:
  std::vector<SetFunctionCall> calls_;
};

// `expr` with placeholders kSetFunctionRefBase + k replaced by
// `input_width + k` (the ProjectSet node's output column of call k).
BoundExprPtr ResolveSetFunctionRefs(const BoundExprPtr& expr, int input_width);

// Field `field` of composite `value` whose fields are `fields`: a
// pg_record_field call cast to the field's type. Errors name the field.
Result<BoundExprPtr> SelectCompositeField(const BoundExprPtr& value,
                                          const std::vector<CompositeField>& fields,
                                          const std::string& field, SourcePosition pos);

}  // namespace copra
