#include "planner/join_condition.h"

#include "exec/join_hash_table.h"
#include "function/scalar_function.h"

namespace copra {

namespace {

enum class Side { kNone, kLeft, kRight, kBoth };

// Which input(s) `expr` reads; kNone for expressions without columns.
Side SideOf(const BoundExpr& expr, size_t left_width) {
  std::vector<int> cols;
  expr.CollectColumns(&cols);
  bool left = false, right = false;
  for (int c : cols) {
    if (static_cast<size_t>(c) < left_width) {
      left = true;
    } else {
      right = true;
    }
  }
  if (left && right) return Side::kBoth;
  if (left) return Side::kLeft;
  return right ? Side::kRight : Side::kNone;
}

}  // namespace

EquiJoinCondition SplitEquiJoinCondition(const BoundExprPtr& condition, size_t left_width,
                                         size_t right_width) {
  EquiJoinCondition out;
  if (condition == nullptr) return out;
  std::vector<BoundExprPtr> conjuncts;
  SplitConjunction(condition, &conjuncts);
  // Maps left ++ right positions to right-input positions.
  std::vector<int> to_right(left_width + right_width, -1);
  for (size_t i = 0; i < right_width; ++i) to_right[left_width + i] = static_cast<int>(i);

  std::vector<BoundExprPtr> rest;
  for (const BoundExprPtr& c : conjuncts) {
    const bool is_equality = c->kind == BoundExprKind::kFunction && c->function != nullptr &&
                             c->function->name == "=" && c->children.size() == 2;
    if (is_equality) {
      const BoundExprPtr& a = c->children[0];
      const BoundExprPtr& b = c->children[1];
      Side sa = SideOf(*a, left_width);
      Side sb = SideOf(*b, left_width);
      if (a->type == b->type && JoinHashTable::SupportsKeyType(a->type)) {
        if (sa == Side::kLeft && sb == Side::kRight) {
          out.left_keys.push_back(a);
          out.right_keys.push_back(RemapColumns(b, to_right));
          continue;
        }
        if (sa == Side::kRight && sb == Side::kLeft) {
          out.left_keys.push_back(b);
          out.right_keys.push_back(RemapColumns(a, to_right));
          continue;
        }
      }
    }
    rest.push_back(c);
  }
  out.residual = MakeConjunction(std::move(rest));
  return out;
}

}  // namespace copra
