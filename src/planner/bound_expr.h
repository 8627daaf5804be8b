// BoundExpr: a resolved, typed expression. The binder produces them from AST
// expressions; the optimizer rewrites them; the evaluator (exec/) runs them
// over batches. Column references are positions in the input schema of the
// plan node that owns the expression.
//
// Nodes are immutable once built and shared (BoundExprPtr); rewrites build
// new nodes.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "types/logical_type.h"
#include "types/value.h"

namespace copra {

struct ScalarFunction;

enum class BoundExprKind : uint8_t {
  kColumnRef,  // input column `column_index`
  kConstant,   // `value`
  kParameter,  // $n placeholder, `column_index` = n - 1 (bound before execution)
  kFunction,   // scalar function `function` over `children`
  kCast,       // children[0] cast to `type`
  kAnd,        // SQL three-valued AND over children (2 or more)
  kOr,         // SQL three-valued OR over children (2 or more)
  kNot,        // NOT children[0]
  kIsNull,     // children[0] IS [NOT] NULL (negated = IS NOT NULL)
  kCase,       // CASE WHEN c1 THEN r1 ... [ELSE e] END: children = c1, r1, ..., [e]
  kCoalesce,   // first non-NULL of children (lazy)
};

struct BoundExpr;
using BoundExprPtr = std::shared_ptr<const BoundExpr>;

struct BoundExpr {
  BoundExprKind kind;
  LogicalType type;
  // Display name: the column name it produces when selected.
  std::string name;
  SourcePosition pos;

  int column_index = -1;                 // kColumnRef, kParameter
  Value value;                           // kConstant
  const ScalarFunction* function = nullptr;  // kFunction
  bool negated = false;                  // kIsNull
  bool has_else = false;                 // kCase
  std::vector<BoundExprPtr> children;

  static BoundExprPtr ColumnRef(int index, LogicalType type, std::string name);
  static BoundExprPtr Constant(Value value, std::string name = "");
  static BoundExprPtr Function(const ScalarFunction* fn, std::vector<BoundExprPtr> args,
                               std::string name = "");
  static BoundExprPtr Cast(BoundExprPtr child, LogicalType target);
  static BoundExprPtr And(std::vector<BoundExprPtr> children);
  static BoundExprPtr Or(std::vector<BoundExprPtr> children);
  static BoundExprPtr Not(BoundExprPtr child);
  static BoundExprPtr IsNull(BoundExprPtr child, bool negated);

  bool IsConstant() const { return kind == BoundExprKind::kConstant; }
  // True when the tree contains no column refs or parameters and only
  // deterministic functions (it can be folded to a constant).
  bool IsFoldable() const;
  // True when the tree references any input column.
  bool ReferencesColumns() const;
  // Adds the input columns it references to `out` (may repeat).
  void CollectColumns(std::vector<int>* out) const;

  // Rendering for EXPLAIN: "(cpu + 1)", "host = 'a'", "#2" for column refs
  // without names.
  std::string ToString() const;
};

// Returns `expr` with every column ref i replaced by mapping[i] (a new input
// position). REQUIRES: mapping[i] >= 0 for every referenced column.
BoundExprPtr RemapColumns(const BoundExprPtr& expr, const std::vector<int>& mapping);

// Splits a conjunction into its conjuncts (a AND b AND c → [a, b, c]).
void SplitConjunction(const BoundExprPtr& expr, std::vector<BoundExprPtr>* out);
// Rebuilds a conjunction; nullptr for an empty list.
BoundExprPtr MakeConjunction(std::vector<BoundExprPtr> conjuncts);

}  // namespace copra
