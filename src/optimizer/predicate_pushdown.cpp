// Rule predicate_pushdown: splits filter predicates into conjuncts and moves
// each as close to the data as is correct, so fewer rows flow up the plan and
// scans can prune. A conjunct that reaches a scan becomes a scan filter
// (over table columns); the scan re-applies its filters exactly, so the
// Filter node above it disappears.
//
// Where a conjunct may go:
//  * Projection: substituted by the projected expressions, only when both
//    the conjunct and the expressions it reads are deterministic.
//  * Sort, Distinct, UNION ALL (into every input): unchanged.
//  * Aggregate: only conjuncts over group columns (substituted by the group
//    expressions), and only when there are groups (a global aggregate makes
//    one row even from no input).
//  * Join: INNER/CROSS send single-side conjuncts to that side and the rest
//    into the join condition (CROSS becomes INNER); LEFT sends left-side
//    conjuncts left, RIGHT right-side ones right; FULL keeps everything.
//    Single-side conjuncts of an ON condition move into the sides where that
//    keeps the join's meaning (INNER: both sides; LEFT: the right side;
//    RIGHT: the left side).
//  * Never through Limit/TopN, and non-deterministic conjuncts never move.
//
// Conjuncts keep their relative order, deeper ones first: AND evaluates
// lazily left to right, so a guard written in a subquery (x <> 0) still
// protects a conjunct from above (10 / x > 1).
#include "optimizer/expression_rewrite.h"
#include "optimizer/rules.h"

namespace copra {

namespace {

using Conjuncts = std::vector<BoundExprPtr>;

LogicalPlanPtr PushDown(LogicalPlanPtr plan, Conjuncts conjuncts);

// Puts the conjuncts that could not move below `plan` in a Filter above it.
LogicalPlanPtr WithFilter(LogicalPlanPtr plan, Conjuncts kept) {
  if (kept.empty()) return plan;
  return MakeFilter(std::move(plan), MakeConjunction(std::move(kept)));
}

// Pushdown starts afresh in every child (filters further down move too).
void PushIntoChildren(LogicalPlan* plan) {
  for (LogicalPlanPtr& c : plan->children) c = PushDown(std::move(c), {});
}

// Conjuncts over the output of a node whose columns are `replacements`
// (expressions over its input): the deterministic ones that only read
// deterministic replacements go down rewritten, the rest stay.
void SplitBySubstitution(const Conjuncts& conjuncts, const std::vector<BoundExprPtr>& replacements,
                         Conjuncts* down, Conjuncts* kept) {
  for (const BoundExprPtr& c : conjuncts) {
    bool movable = IsDeterministic(*c);
    for (int col : ReferencedColumns(*c)) {
      if (!movable) break;
      const BoundExprPtr& r = replacements[static_cast<size_t>(col)];
      movable = r != nullptr && IsDeterministic(*r);
    }
    if (movable) {
      down->push_back(SubstituteColumns(c, replacements));
    } else {
      kept->push_back(c);
    }
  }
}

LogicalPlanPtr PushIntoScan(LogicalPlanPtr scan, Conjuncts conjuncts) {
  // A scan with a limit returns the first rows that pass its filters; new
  // filters would change which rows those are.
  if (scan->scan_limit.has_value()) return WithFilter(std::move(scan), std::move(conjuncts));
  Conjuncts kept;
  for (const BoundExprPtr& c : conjuncts) {
    if (IsDeterministic(*c)) {
      scan->scan_filters.push_back(RemapColumns(c, scan->projection));
    } else {
      kept.push_back(c);
    }
  }
  return WithFilter(std::move(scan), std::move(kept));
}

LogicalPlanPtr PushIntoAggregate(LogicalPlanPtr agg, Conjuncts conjuncts) {
  Conjuncts down, kept;
  if (agg->groups.empty()) {
    kept = std::move(conjuncts);
  } else {
    // Output columns past the groups are aggregate results: no replacement.
    std::vector<BoundExprPtr> replacements(agg->schema->num_fields());
    for (size_t i = 0; i < agg->groups.size(); ++i) replacements[i] = agg->groups[i];
    SplitBySubstitution(conjuncts, replacements, &down, &kept);
  }
  agg->children[0] = PushDown(std::move(agg->children[0]), std::move(down));
  return WithFilter(std::move(agg), std::move(kept));
}

// Which side(s) of a join a conjunct over left ++ right reads. A conjunct
// reading no column fits either side.
struct Sides {
  bool left_only;
  bool right_only;
};

Sides SidesOf(const BoundExpr& e, int left_width) {
  Sides s{true, true};
  for (int col : ReferencedColumns(e)) {
    if (col < left_width) {
      s.right_only = false;
    } else {
      s.left_only = false;
    }
  }
  return s;
}

LogicalPlanPtr PushIntoJoin(LogicalPlanPtr join, Conjuncts conjuncts) {
  const int left_width = static_cast<int>(join->child(0).schema->num_fields());
  const int right_width = static_cast<int>(join->child(1).schema->num_fields());
  LogicalJoinType type = join->join_type;
  const bool inner = type == LogicalJoinType::kInner || type == LogicalJoinType::kCross;
  // The sides whose rows the join can lose without changing what survives:
  // a conjunct over such a side may filter it first.
  const bool filter_left_from_above = inner || type == LogicalJoinType::kLeft ||
                                      type == LogicalJoinType::kSemi ||
                                      type == LogicalJoinType::kAnti;
  const bool filter_right_from_above = inner || type == LogicalJoinType::kRight;
  const bool filter_left_from_on =
      inner || type == LogicalJoinType::kRight || type == LogicalJoinType::kSemi;
  const bool filter_right_from_on = inner || type == LogicalJoinType::kLeft ||
                                    type == LogicalJoinType::kSemi ||
                                    type == LogicalJoinType::kAnti;

  std::vector<int> to_right(static_cast<size_t>(left_width + right_width), -1);
  for (int i = 0; i < right_width; ++i) to_right[static_cast<size_t>(left_width + i)] = i;

  Conjuncts left, right, condition, kept;
  // Sends `c` to a side when allowed, else to `otherwise`; non-deterministic
  // conjuncts stay where they are (`stay`).
  auto route = [&](const BoundExprPtr& c, bool may_left, bool may_right, Conjuncts* otherwise,
                   Conjuncts* stay) {
    if (!IsDeterministic(*c)) {
      stay->push_back(c);
      return;
    }
    Sides s = SidesOf(*c, left_width);
    if (s.left_only && may_left) {
      left.push_back(c);
    } else if (s.right_only && may_right) {
      right.push_back(RemapColumns(c, to_right));
    } else {
      otherwise->push_back(c);
    }
  };

  // The ON condition first: it sits below the conjuncts coming from above.
  if (join->predicate != nullptr) {
    Conjuncts on;
    SplitConjunction(join->predicate, &on);
    for (const BoundExprPtr& c : on) {
      route(c, filter_left_from_on, filter_right_from_on, &condition, &condition);
    }
  }
  for (const BoundExprPtr& c : conjuncts) {
    route(c, filter_left_from_above, filter_right_from_above, inner ? &condition : &kept, &kept);
  }

  join->predicate = MakeConjunction(std::move(condition));
  if (join->join_type == LogicalJoinType::kCross && join->predicate != nullptr) {
    join->join_type = LogicalJoinType::kInner;
  } else if (join->join_type == LogicalJoinType::kInner && join->predicate == nullptr) {
    join->join_type = LogicalJoinType::kCross;
  }
  join->children[0] = PushDown(std::move(join->children[0]), std::move(left));
  join->children[1] = PushDown(std::move(join->children[1]), std::move(right));
  return WithFilter(std::move(join), std::move(kept));
}

// `plan` with `conjuncts` (over its output) applied above it, pushed down.
LogicalPlanPtr PushDown(LogicalPlanPtr plan, Conjuncts conjuncts) {
  switch (plan->kind) {
    case LogicalPlanKind::kFilter: {
      Conjuncts all;
      SplitConjunction(plan->predicate, &all);
      for (BoundExprPtr& c : conjuncts) all.push_back(std::move(c));
      return PushDown(std::move(plan->children[0]), std::move(all));
    }
    case LogicalPlanKind::kProjection: {
      Conjuncts down, kept;
      SplitBySubstitution(conjuncts, plan->exprs, &down, &kept);
      plan->children[0] = PushDown(std::move(plan->children[0]), std::move(down));
      return WithFilter(std::move(plan), std::move(kept));
    }
    case LogicalPlanKind::kSort:
    case LogicalPlanKind::kDistinct: {
      Conjuncts down, kept;
      for (BoundExprPtr& c : conjuncts) (IsDeterministic(*c) ? down : kept).push_back(std::move(c));
      plan->children[0] = PushDown(std::move(plan->children[0]), std::move(down));
      return WithFilter(std::move(plan), std::move(kept));
    }
    case LogicalPlanKind::kSetOperation: {
      if (plan->set_op != SetOperationType::kUnion || !plan->set_all) break;
      Conjuncts down, kept;
      for (BoundExprPtr& c : conjuncts) (IsDeterministic(*c) ? down : kept).push_back(std::move(c));
      for (LogicalPlanPtr& c : plan->children) c = PushDown(std::move(c), down);
      return WithFilter(std::move(plan), std::move(kept));
    }
    case LogicalPlanKind::kAggregate:
      return PushIntoAggregate(std::move(plan), std::move(conjuncts));
    case LogicalPlanKind::kJoin: return PushIntoJoin(std::move(plan), std::move(conjuncts));
    case LogicalPlanKind::kScan: return PushIntoScan(std::move(plan), std::move(conjuncts));
    case LogicalPlanKind::kValues:
    case LogicalPlanKind::kLimit:
    case LogicalPlanKind::kTopN:
    case LogicalPlanKind::kWindow:  // a filter below would change the windows' rows
    case LogicalPlanKind::kProjectSet:
    case LogicalPlanKind::kEmpty: break;
  }
  PushIntoChildren(plan.get());
  return WithFilter(std::move(plan), std::move(conjuncts));
}

class PredicatePushdownRule : public OptimizerRule {
 public:
  const char* name() const override { return "predicate_pushdown"; }
  Result<LogicalPlanPtr> Apply(LogicalPlanPtr plan) const override {
    return PushDown(std::move(plan), {});
  }
};

}  // namespace

std::unique_ptr<OptimizerRule> MakePredicatePushdownRule() {
  return std::make_unique<PredicatePushdownRule>();
}

}  // namespace copra
