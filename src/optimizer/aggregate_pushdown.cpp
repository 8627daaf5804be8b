// Rule aggregate_pushdown: partial aggregation in the storage scan (the
// coprocessor model of TiKV). An Aggregate over a scan of a table that
// SupportsScanAggregation() — directly or through a Projection, whose
// expressions are inlined — whose aggregates are all count(*), count(x),
// sum(x), min(x), max(x) or avg(x) of a float (no DISTINCT), and whose GROUP
// BY and argument expressions are deterministic, becomes
//
//   Projection: the original output (count: coalesce(sum, 0); avg: sum / count)
//     Aggregate: merges the partial rows (sum of counts and sums, min, max)
//       TableScan: ... partial_aggregate=[groupBy=[...], aggr=[...]]
//
// The scan applies its filters exactly and folds the rows into per-group
// partial states inside the storage layer; only partial rows reach the
// plan. avg(x) is pushed only for float x (sum / count is then exactly what
// avg computes); integer avg keeps its 128-bit accumulator above the scan.
#include <algorithm>

#include "function/function_registry.h"
#include "optimizer/expression_rewrite.h"
#include "optimizer/rules.h"

namespace copra {

namespace {

// Parameters are bound only at execution; keep them out of the scan.
bool Deterministic(const BoundExpr& e) {
  if (e.kind == BoundExprKind::kParameter) return false;
  for (const BoundExprPtr& c : e.children) {
    if (!Deterministic(*c)) return false;
  }
  return IsDeterministic(e);
}

enum class Kind { kCount, kSum, kMin, kMax, kAvg };

bool Classify(const AggregateCall& a, Kind* kind) {
  if (a.distinct || a.filter != nullptr || a.function == nullptr) return false;
  const std::string& n = a.function->name;
  if (n == "count") {
    *kind = Kind::kCount;
  } else if (n == "sum" && a.args.size() == 1 && a.args[0]->type.IsNumeric()) {
    *kind = Kind::kSum;
  } else if (n == "min" && a.args.size() == 1) {
    *kind = Kind::kMin;
  } else if (n == "max" && a.args.size() == 1) {
    *kind = Kind::kMax;
  } else if ((n == "avg" || n == "mean") && a.args.size() == 1 && a.args[0]->type.IsFloat()) {
    *kind = Kind::kAvg;
  } else {
    return false;
  }
  for (const BoundExprPtr& e : a.args) {
    if (!Deterministic(*e)) return false;
  }
  return true;
}

Result<AggregateCall> MakeCall(const std::string& fn, std::vector<BoundExprPtr> args,
                               std::string name) {
  std::vector<LogicalType> types;
  for (const BoundExprPtr& e : args) types.push_back(e->type);
  COPRA_ASSIGN_OR_RETURN(auto resolved, FunctionRegistry::Global().ResolveAggregate(fn, types));
  for (size_t i = 0; i < args.size(); ++i) args[i] = BoundExpr::Cast(args[i], resolved.cast_to[i]);
  AggregateCall call;
  call.function = resolved.function;
  call.args = std::move(args);
  call.name = std::move(name);
  call.type = resolved.return_type;
  return call;
}

Result<BoundExprPtr> MakeScalar(const std::string& fn, std::vector<BoundExprPtr> args) {
  std::vector<LogicalType> types;
  for (const BoundExprPtr& e : args) types.push_back(e->type);
  COPRA_ASSIGN_OR_RETURN(auto resolved, FunctionRegistry::Global().ResolveScalar(fn, types));
  for (size_t i = 0; i < args.size(); ++i) args[i] = BoundExpr::Cast(args[i], resolved.cast_to[i]);
  return BoundExpr::Function(resolved.function, std::move(args));
}

Result<LogicalPlanPtr> Push(LogicalPlanPtr agg) {
  LogicalPlan* child = agg->children[0].get();
  const LogicalPlan* projection = nullptr;
  LogicalPlan* scan = child;
  if (child->kind == LogicalPlanKind::kProjection) {
    projection = child;
    scan = child->children[0].get();
  }
  if (scan->kind != LogicalPlanKind::kScan || scan->scan_aggregated || scan->scan_limit ||
      scan->table == nullptr || !scan->table->SupportsScanAggregation()) {
    return agg;
  }
  std::vector<Kind> kinds(agg->aggregates.size());
  for (size_t i = 0; i < agg->aggregates.size(); ++i) {
    if (!Classify(agg->aggregates[i], &kinds[i])) return agg;
  }
  for (const BoundExprPtr& g : agg->groups) {
    if (!Deterministic(*g)) return agg;
  }
  if (projection != nullptr) {
    for (const BoundExprPtr& e : projection->exprs) {
      if (!Deterministic(*e)) return agg;
    }
  }
  // Aggregate input columns → table columns.
  auto to_table = [&](const BoundExprPtr& e) {
    BoundExprPtr over_scan = projection != nullptr ? SubstituteColumns(e, projection->exprs) : e;
    return RemapColumns(over_scan, scan->projection);
  };

  // Partial calls in the scan; for each original aggregate the positions of
  // its partial results.
  std::vector<AggregateCall> partial;
  std::vector<std::vector<size_t>> parts(agg->aggregates.size());
  for (size_t i = 0; i < agg->aggregates.size(); ++i) {
    const AggregateCall& a = agg->aggregates[i];
    std::vector<BoundExprPtr> args;
    for (const BoundExprPtr& e : a.args) args.push_back(to_table(e));
    if (kinds[i] == Kind::kAvg) {
      COPRA_ASSIGN_OR_RETURN(AggregateCall s,
                             MakeCall("sum", args, "sum(" + args[0]->ToString() + ")"));
      COPRA_ASSIGN_OR_RETURN(AggregateCall c,
                             MakeCall("count", args, "count(" + args[0]->ToString() + ")"));
      parts[i] = {partial.size(), partial.size() + 1};
      partial.push_back(std::move(s));
      partial.push_back(std::move(c));
      continue;
    }
    AggregateCall p = a;
    p.args = std::move(args);
    parts[i] = {partial.size()};
    partial.push_back(std::move(p));
  }
  std::vector<BoundExprPtr> scan_groups;
  for (const BoundExprPtr& g : agg->groups) scan_groups.push_back(to_table(g));

  // Rebuild the scan: it reads the columns its expressions need (the
  // filters' columns are added by the operator) and produces partial rows.
  LogicalPlanPtr scan_ptr =
      projection != nullptr ? std::move(child->children[0]) : std::move(agg->children[0]);
  std::vector<int> columns;
  for (const BoundExprPtr& g : scan_groups) g->CollectColumns(&columns);
  for (const AggregateCall& p : partial) {
    for (const BoundExprPtr& e : p.args) e->CollectColumns(&columns);
  }
  std::sort(columns.begin(), columns.end());
  columns.erase(std::unique(columns.begin(), columns.end()), columns.end());
  std::vector<Field> fields;
  const size_t num_groups = scan_groups.size();
  for (size_t g = 0; g < num_groups; ++g) fields.push_back(agg->schema->field(g));
  for (const AggregateCall& p : partial) fields.push_back(Field{p.name, p.type, true});
  scan_ptr->projection = std::move(columns);
  scan_ptr->groups = std::move(scan_groups);
  scan_ptr->aggregates = partial;
  scan_ptr->scan_aggregated = true;
  scan_ptr->schema = std::make_shared<const Schema>(std::move(fields));

  // The final aggregate merges partial rows: sums of counts and sums, min
  // of mins, max of maxes.
  std::vector<BoundExprPtr> final_groups;
  for (size_t g = 0; g < num_groups; ++g) {
    const Field& f = scan_ptr->schema->field(g);
    final_groups.push_back(BoundExpr::ColumnRef(static_cast<int>(g), f.type, f.name));
  }
  std::vector<AggregateCall> merges;
  for (size_t p = 0; p < partial.size(); ++p) {
    const std::string& n = partial[p].function->name;
    std::string merge = n == "count" ? "sum" : n;
    BoundExprPtr ref =
        BoundExpr::ColumnRef(static_cast<int>(num_groups + p), partial[p].type, partial[p].name);
    COPRA_ASSIGN_OR_RETURN(AggregateCall m, MakeCall(merge, {ref}, partial[p].name));
    merges.push_back(std::move(m));
  }
  LogicalPlanPtr final_agg =
      MakeAggregate(std::move(scan_ptr), std::move(final_groups), std::move(merges));

  // The original output: groups, then each aggregate from its merged parts.
  std::vector<BoundExprPtr> exprs;
  std::vector<std::string> names;
  for (size_t g = 0; g < num_groups; ++g) {
    const Field& f = final_agg->schema->field(g);
    exprs.push_back(BoundExpr::ColumnRef(static_cast<int>(g), f.type, f.name));
    names.push_back(agg->schema->field(g).name);
  }
  auto merged = [&](size_t p) {
    const Field& f = final_agg->schema->field(num_groups + p);
    return BoundExpr::ColumnRef(static_cast<int>(num_groups + p), f.type, f.name);
  };
  for (size_t i = 0; i < agg->aggregates.size(); ++i) {
    const AggregateCall& a = agg->aggregates[i];
    BoundExprPtr e;
    if (kinds[i] == Kind::kCount) {
      // No partial rows at all (empty input): count is 0, not NULL.
      auto coalesce = std::make_shared<BoundExpr>();
      coalesce->kind = BoundExprKind::kCoalesce;
      coalesce->type = LogicalType::Int64();
      coalesce->children = {BoundExpr::Cast(merged(parts[i][0]), LogicalType::Int64()),
                            BoundExpr::Constant(Value::Int64(0))};
      e = coalesce;
    } else if (kinds[i] == Kind::kAvg) {
      BoundExprPtr sum = BoundExpr::Cast(merged(parts[i][0]), LogicalType::Float64());
      COPRA_ASSIGN_OR_RETURN(
          BoundExprPtr count,
          MakeScalar("nullif", {merged(parts[i][1]), BoundExpr::Constant(Value::Int64(0))}));
      COPRA_ASSIGN_OR_RETURN(
          e, MakeScalar("/", {sum, BoundExpr::Cast(count, LogicalType::Float64())}));
    } else {
      e = merged(parts[i][0]);
    }
    e = BoundExpr::Cast(e, a.type);
    exprs.push_back(std::move(e));
    names.push_back(agg->schema->field(num_groups + i).name);
  }
  return MakeProjection(std::move(final_agg), std::move(exprs), std::move(names));
}

Result<LogicalPlanPtr> PushAll(LogicalPlanPtr plan) {
  for (LogicalPlanPtr& c : plan->children) {
    COPRA_ASSIGN_OR_RETURN(c, PushAll(std::move(c)));
  }
  if (plan->kind != LogicalPlanKind::kAggregate) return plan;
  return Push(std::move(plan));
}

class AggregatePushdownRule : public OptimizerRule {
 public:
  const char* name() const override { return "aggregate_pushdown"; }
  Result<LogicalPlanPtr> Apply(LogicalPlanPtr plan) const override {
    return PushAll(std::move(plan));
  }
};

}  // namespace

std::unique_ptr<OptimizerRule> MakeAggregatePushdownRule() {
  return std::make_unique<AggregatePushdownRule>();
}

}  // namespace copra
