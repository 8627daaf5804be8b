// Rule projection_pruning: every node produces only the columns some node
// above it reads, so scans read fewer columns and fewer columns are copied
// through joins, sorts and aggregates.
//
// Top-down: a node learns which of its output columns are required, works
// out which of its child's columns it needs for those plus its own
// expressions, prunes the child, and renumbers its expressions by the
// child's old → new column mapping. All of the root's columns are required,
// so the plan's output schema does not change.
//
// Kept whole: Distinct, set operations and Values (their rows are defined by
// every column), aggregate groups (they define the rows), the output of a
// node whose parent reads it all. Aggregate calls nobody reads are dropped.
// Scan filters stay over table columns; the scan reads what they need
// itself.
#include "optimizer/expression_rewrite.h"
#include "optimizer/rules.h"

namespace copra {

namespace {

// A pruned node and, for each of its old output columns, the new position
// (-1 when dropped).
struct Pruned {
  LogicalPlanPtr plan;
  std::vector<int> mapping;
};

Pruned Prune(LogicalPlanPtr plan, const std::vector<bool>& required);

void Require(const BoundExpr& e, std::vector<bool>* required) {
  std::vector<int> cols;
  e.CollectColumns(&cols);
  for (int c : cols) (*required)[static_cast<size_t>(c)] = true;
}

std::vector<bool> AllRequired(const LogicalPlan& plan) {
  return std::vector<bool>(plan.schema->num_fields(), true);
}

// Old → new positions keeping the required columns in order.
std::vector<int> Compact(const std::vector<bool>& keep) {
  std::vector<int> mapping(keep.size(), -1);
  int next = 0;
  for (size_t i = 0; i < keep.size(); ++i) {
    if (keep[i]) mapping[i] = next++;
  }
  return mapping;
}

SchemaPtr SelectFields(const Schema& schema, const std::vector<int>& mapping) {
  std::vector<Field> fields;
  for (size_t i = 0; i < mapping.size(); ++i) {
    if (mapping[i] >= 0) fields.push_back(schema.field(i));
  }
  return std::make_shared<const Schema>(std::move(fields));
}

std::vector<int> Identity(size_t n) {
  std::vector<int> mapping(n);
  for (size_t i = 0; i < n; ++i) mapping[i] = static_cast<int>(i);
  return mapping;
}

// Prunes child `i` to `required` and returns its mapping.
std::vector<int> PruneChild(LogicalPlan* plan, size_t i, const std::vector<bool>& required) {
  Pruned child = Prune(std::move(plan->children[i]), required);
  plan->children[i] = std::move(child.plan);
  return child.mapping;
}

// Nodes whose output is their child's rows unchanged (Filter, Sort, TopN,
// Limit): they need what is required of them plus what their own
// expressions read.
Pruned PrunePassThrough(LogicalPlanPtr plan, std::vector<bool> required) {
  if (plan->predicate != nullptr) Require(*plan->predicate, &required);
  for (const SortKey& k : plan->sort_keys) Require(*k.expr, &required);
  std::vector<int> mapping = PruneChild(plan.get(), 0, required);
  if (plan->predicate != nullptr) plan->predicate = RemapColumns(plan->predicate, mapping);
  for (SortKey& k : plan->sort_keys) k.expr = RemapColumns(k.expr, mapping);
  plan->schema = plan->child(0).schema;
  return Pruned{std::move(plan), std::move(mapping)};
}

// Window: passes its child's columns through and appends one column per
// call; calls nobody reads are dropped.
Pruned PruneWindow(LogicalPlanPtr plan, const std::vector<bool>& required) {
  const size_t width = plan->child(0).schema->num_fields();
  std::vector<bool> child_required(required.begin(),
                                   required.begin() + static_cast<ptrdiff_t>(width));
  std::vector<WindowCall> kept;
  std::vector<int> call_mapping;
  for (size_t j = 0; j < plan->windows.size(); ++j) {
    if (!required[width + j]) {
      call_mapping.push_back(-1);
      continue;
    }
    WindowCall& w = plan->windows[j];
    for (const BoundExprPtr& a : w.args) Require(*a, &child_required);
    if (w.filter) Require(*w.filter, &child_required);
    for (const BoundExprPtr& p : w.partition_by) Require(*p, &child_required);
    for (const SortKey& k : w.order_by) Require(*k.expr, &child_required);
    call_mapping.push_back(static_cast<int>(kept.size()));
    kept.push_back(std::move(w));
  }
  std::vector<int> mapping = PruneChild(plan.get(), 0, child_required);
  for (WindowCall& w : kept) {
    for (BoundExprPtr& a : w.args) a = RemapColumns(a, mapping);
    if (w.filter) w.filter = RemapColumns(w.filter, mapping);
    for (BoundExprPtr& p : w.partition_by) p = RemapColumns(p, mapping);
    for (SortKey& k : w.order_by) k.expr = RemapColumns(k.expr, mapping);
  }
  const int new_width = static_cast<int>(plan->child(0).schema->num_fields());
  for (int m : call_mapping) mapping.push_back(m < 0 ? -1 : new_width + m);
  std::vector<Field> fields = plan->child(0).schema->fields();
  for (const WindowCall& w : kept) fields.push_back(Field{w.name, w.type});
  plan->schema = std::make_shared<const Schema>(std::move(fields));
  plan->windows = std::move(kept);
  return Pruned{std::move(plan), std::move(mapping)};
}

Pruned PruneScan(LogicalPlanPtr plan, const std::vector<bool>& required) {
  std::vector<int> mapping = Compact(required);
  std::vector<int> projection;
  for (size_t i = 0; i < required.size(); ++i) {
    if (required[i]) projection.push_back(plan->projection[i]);
  }
  plan->projection = std::move(projection);
  plan->schema = SelectFields(*plan->schema, mapping);
  return Pruned{std::move(plan), std::move(mapping)};
}

Pruned PruneProjection(LogicalPlanPtr plan, const std::vector<bool>& required) {
  std::vector<int> mapping = Compact(required);
  std::vector<BoundExprPtr> kept;
  std::vector<bool> child_required(plan->child(0).schema->num_fields(), false);
  for (size_t i = 0; i < required.size(); ++i) {
    if (!required[i]) continue;
    kept.push_back(plan->exprs[i]);
    Require(*plan->exprs[i], &child_required);
  }
  std::vector<int> child_mapping = PruneChild(plan.get(), 0, child_required);
  for (BoundExprPtr& e : kept) e = RemapColumns(e, child_mapping);
  plan->exprs = std::move(kept);
  plan->schema = SelectFields(*plan->schema, mapping);
  return Pruned{std::move(plan), std::move(mapping)};
}

Pruned PruneAggregate(LogicalPlanPtr plan, const std::vector<bool>& required) {
  const size_t num_groups = plan->groups.size();
  std::vector<bool> keep(required.size(), false);
  std::vector<bool> child_required(plan->child(0).schema->num_fields(), false);
  std::vector<AggregateCall> kept;
  for (size_t i = 0; i < num_groups; ++i) {
    keep[i] = true;
    Require(*plan->groups[i], &child_required);
  }
  for (size_t j = 0; j < plan->aggregates.size(); ++j) {
    if (!required[num_groups + j]) continue;
    keep[num_groups + j] = true;
    for (const BoundExprPtr& a : plan->aggregates[j].args) Require(*a, &child_required);
    if (plan->aggregates[j].filter) Require(*plan->aggregates[j].filter, &child_required);
    kept.push_back(std::move(plan->aggregates[j]));
  }
  std::vector<int> child_mapping = PruneChild(plan.get(), 0, child_required);
  for (BoundExprPtr& g : plan->groups) g = RemapColumns(g, child_mapping);
  for (AggregateCall& a : kept) {
    for (BoundExprPtr& e : a.args) e = RemapColumns(e, child_mapping);
    if (a.filter) a.filter = RemapColumns(a.filter, child_mapping);
  }
  plan->aggregates = std::move(kept);
  std::vector<int> mapping = Compact(keep);
  plan->schema = SelectFields(*plan->schema, mapping);
  return Pruned{std::move(plan), std::move(mapping)};
}

Pruned PruneJoin(LogicalPlanPtr plan, const std::vector<bool>& required) {
  const size_t left_width = plan->child(0).schema->num_fields();
  const size_t right_width = plan->child(1).schema->num_fields();
  // What the node needs of left ++ right: its output's requirement (the
  // output is left ++ right, or left alone for semi/anti joins) and what
  // the condition reads.
  std::vector<bool> both(left_width + right_width, false);
  for (size_t i = 0; i < required.size(); ++i) both[i] = required[i];
  if (plan->predicate != nullptr) Require(*plan->predicate, &both);
  std::vector<int> left_mapping = PruneChild(
      plan.get(), 0,
      std::vector<bool>(both.begin(), both.begin() + static_cast<ptrdiff_t>(left_width)));
  std::vector<int> right_mapping =
      PruneChild(plan.get(), 1,
                 std::vector<bool>(both.begin() + static_cast<ptrdiff_t>(left_width), both.end()));
  const int new_left_width = static_cast<int>(plan->child(0).schema->num_fields());
  std::vector<int> combined = left_mapping;
  for (int m : right_mapping) combined.push_back(m < 0 ? -1 : m + new_left_width);
  if (plan->predicate != nullptr) plan->predicate = RemapColumns(plan->predicate, combined);
  combined.resize(required.size());
  plan->schema = SelectFields(*plan->schema, combined);
  return Pruned{std::move(plan), std::move(combined)};
}

// Keeps every output column; children are pruned for their own sake.
Pruned KeepAll(LogicalPlanPtr plan) {
  for (size_t i = 0; i < plan->children.size(); ++i) {
    std::vector<int> mapping = PruneChild(plan.get(), i, AllRequired(plan->child(i)));
    COPRA_CHECK(mapping == Identity(mapping.size()));
  }
  std::vector<int> mapping = Identity(plan->schema->num_fields());
  return Pruned{std::move(plan), std::move(mapping)};
}

Pruned Prune(LogicalPlanPtr plan, const std::vector<bool>& required) {
  switch (plan->kind) {
    case LogicalPlanKind::kScan: return PruneScan(std::move(plan), required);
    case LogicalPlanKind::kEmpty: {
      std::vector<int> mapping = Compact(required);
      plan->schema = SelectFields(*plan->schema, mapping);
      return Pruned{std::move(plan), std::move(mapping)};
    }
    case LogicalPlanKind::kFilter:
    case LogicalPlanKind::kSort:
    case LogicalPlanKind::kTopN:
    case LogicalPlanKind::kLimit: return PrunePassThrough(std::move(plan), required);
    case LogicalPlanKind::kProjection: return PruneProjection(std::move(plan), required);
    case LogicalPlanKind::kAggregate: return PruneAggregate(std::move(plan), required);
    case LogicalPlanKind::kJoin: return PruneJoin(std::move(plan), required);
    case LogicalPlanKind::kWindow: return PruneWindow(std::move(plan), required);
    case LogicalPlanKind::kValues:
    case LogicalPlanKind::kProjectSet:
    case LogicalPlanKind::kDistinct:
    case LogicalPlanKind::kSetOperation: return KeepAll(std::move(plan));
  }
  return KeepAll(std::move(plan));
}

class ProjectionPruningRule : public OptimizerRule {
 public:
  const char* name() const override { return "projection_pruning"; }
  Result<LogicalPlanPtr> Apply(LogicalPlanPtr plan) const override {
    std::vector<bool> all = AllRequired(*plan);
    Pruned pruned = Prune(std::move(plan), all);
    if (pruned.mapping != Identity(all.size())) {
      return Status::Internal("projection_pruning changed the plan's output columns");
    }
    return std::move(pruned.plan);
  }
};

}  // namespace

std::unique_ptr<OptimizerRule> MakeProjectionPruningRule() {
  return std::make_unique<ProjectionPruningRule>();
}

}  // namespace copra
