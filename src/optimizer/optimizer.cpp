#include "optimizer/optimizer.h"

#include <algorithm>
#include <chrono>
#include <memory>

#include "optimizer/optimizer_rule.h"
#include "optimizer/rules.h"

namespace copra {

namespace {

// The one place rules are registered, in the order they run.
const std::vector<std::unique_ptr<OptimizerRule>>& Rules() {
  static const auto* rules = [] {
    auto* r = new std::vector<std::unique_ptr<OptimizerRule>>();
    r->push_back(MakeConstantFoldingRule());
    r->push_back(MakeSimplifyBooleanRule());
    r->push_back(MakePredicatePushdownRule());
    r->push_back(MakeTimeRangeExtractionRule());
    r->push_back(MakeProjectionPruningRule());
    r->push_back(MakeLimitPushdownRule());
    r->push_back(MakeAggregatePushdownRule());
    r->push_back(MakeTimeSlicedTopNRule());
    return r;
  }();
  return *rules;
}

// `input` gives the type of every input column, to catch rules that
// renumber a column ref onto the wrong column.
Status CheckExpr(const BoundExpr& e, const std::vector<LogicalType>& input,
                 const LogicalPlan& node) {
  if (e.kind == BoundExprKind::kColumnRef) {
    if (e.column_index < 0 || static_cast<size_t>(e.column_index) >= input.size()) {
      return Status::Internal("plan check failed: column #" + std::to_string(e.column_index) +
                              " out of range (input has " + std::to_string(input.size()) +
                              " columns) in " + node.NodeToString());
    }
    const LogicalType& t = input[static_cast<size_t>(e.column_index)];
    if (t != e.type) {
      return Status::Internal("plan check failed: column #" + std::to_string(e.column_index) +
                              " is " + t.ToString() + " but referenced as " + e.type.ToString() +
                              " in " + node.NodeToString());
    }
  }
  for (const BoundExprPtr& c : e.children) COPRA_RETURN_NOT_OK(CheckExpr(*c, input, node));
  return Status::OK();
}

void AppendTypes(const Schema& schema, std::vector<LogicalType>* out) {
  for (const Field& f : schema.fields()) out->push_back(f.type);
}

// Output width a node must have given its children, or -1 when free.
int64_t ExpectedWidth(const LogicalPlan& plan) {
  switch (plan.kind) {
    case LogicalPlanKind::kScan:
      if (plan.scan_aggregated) {
        return static_cast<int64_t>(plan.groups.size() + plan.aggregates.size());
      }
      return static_cast<int64_t>(plan.projection.size());
    case LogicalPlanKind::kProjection: return static_cast<int64_t>(plan.exprs.size());
    case LogicalPlanKind::kAggregate:
      return static_cast<int64_t>(plan.groups.size() + plan.aggregates.size());
    case LogicalPlanKind::kFilter:
    case LogicalPlanKind::kSort:
    case LogicalPlanKind::kTopN:
    case LogicalPlanKind::kLimit:
    case LogicalPlanKind::kDistinct:
    case LogicalPlanKind::kSetOperation:
      return static_cast<int64_t>(plan.child(0).schema->num_fields());
    case LogicalPlanKind::kJoin: {
      size_t w = plan.child(0).schema->num_fields();
      if (plan.join_type != LogicalJoinType::kSemi && plan.join_type != LogicalJoinType::kAnti) {
        w += plan.child(1).schema->num_fields();
      }
      return static_cast<int64_t>(w);
    }
    case LogicalPlanKind::kWindow:
      return static_cast<int64_t>(plan.child(0).schema->num_fields() + plan.windows.size());
    case LogicalPlanKind::kProjectSet:
      return static_cast<int64_t>(plan.child(0).schema->num_fields() + plan.set_functions.size());
    case LogicalPlanKind::kValues:
    case LogicalPlanKind::kEmpty: return -1;
  }
  return -1;
}

// Rules must not change what the query returns: column count and types.
Status CheckSameOutput(const Schema& before, const Schema& after) {
  bool same = before.num_fields() == after.num_fields();
  for (size_t i = 0; same && i < before.num_fields(); ++i) {
    same = before.field(i).type == after.field(i).type;
  }
  if (same) return Status::OK();
  return Status::Internal("plan check failed: the output columns changed");
}

}  // namespace

std::vector<std::string> OptimizerRuleNames() {
  std::vector<std::string> names;
  for (const auto& r : Rules()) names.push_back(r->name());
  return names;
}

Status CheckPlan(const LogicalPlan& plan) {
  for (const LogicalPlanPtr& c : plan.children) COPRA_RETURN_NOT_OK(CheckPlan(*c));
  std::vector<LogicalType> input;
  if (plan.kind == LogicalPlanKind::kScan) {
    for (const TableColumn& c : plan.table->schema().columns()) input.push_back(c.type);
    for (int p : plan.projection) {
      if (p < 0 || static_cast<size_t>(p) >= input.size()) {
        return Status::Internal("plan check failed: projection column " + std::to_string(p) +
                                " out of range in " + plan.NodeToString());
      }
    }
  } else if (plan.kind == LogicalPlanKind::kJoin) {
    AppendTypes(*plan.child(0).schema, &input);
    AppendTypes(*plan.child(1).schema, &input);
  } else if (!plan.children.empty()) {
    AppendTypes(*plan.child(0).schema, &input);
  }
  auto check = [&](const BoundExprPtr& e) -> Status {
    return e ? CheckExpr(*e, input, plan) : Status::OK();
  };
  COPRA_RETURN_NOT_OK(check(plan.predicate));
  for (const auto& e : plan.exprs) COPRA_RETURN_NOT_OK(check(e));
  for (const auto& e : plan.groups) COPRA_RETURN_NOT_OK(check(e));
  for (const auto& e : plan.scan_filters) COPRA_RETURN_NOT_OK(check(e));
  for (const auto& a : plan.aggregates) {
    for (const auto& e : a.args) COPRA_RETURN_NOT_OK(check(e));
    COPRA_RETURN_NOT_OK(check(a.filter));
  }
  for (const WindowCall& w : plan.windows) {
    for (const auto& e : w.args) COPRA_RETURN_NOT_OK(check(e));
    COPRA_RETURN_NOT_OK(check(w.filter));
    for (const auto& e : w.partition_by) COPRA_RETURN_NOT_OK(check(e));
    for (const auto& k : w.order_by) COPRA_RETURN_NOT_OK(check(k.expr));
  }
  for (const SetFunctionCall& f : plan.set_functions) {
    for (const auto& e : f.args) COPRA_RETURN_NOT_OK(check(e));
  }
  if (plan.kind == LogicalPlanKind::kSort || plan.kind == LogicalPlanKind::kTopN) {
    for (const auto& k : plan.sort_keys) COPRA_RETURN_NOT_OK(check(k.expr));
  }
  int64_t width = ExpectedWidth(plan);
  if (width >= 0 && static_cast<size_t>(width) != plan.schema->num_fields()) {
    return Status::Internal("plan check failed: " + plan.NodeToString() + " produces " +
                            std::to_string(plan.schema->num_fields()) + " columns, expected " +
                            std::to_string(width));
  }
  if (plan.kind == LogicalPlanKind::kSetOperation) {
    for (const LogicalPlanPtr& c : plan.children) {
      if (c->schema->num_fields() != plan.schema->num_fields()) {
        return Status::Internal("plan check failed: set operation input width mismatch");
      }
    }
  }
  return Status::OK();
}

Result<LogicalPlanPtr> Optimize(LogicalPlanPtr plan, const OptimizerOptions& options,
                                std::vector<OptimizerStep>* steps) {
  std::vector<std::string> names = OptimizerRuleNames();
  for (const std::string& d : options.disabled_rules) {
    if (std::find(names.begin(), names.end(), d) == names.end()) {
      std::string list;
      for (const std::string& n : names) list += (list.empty() ? "" : ", ") + n;
      return Status::Error(ErrorCode::kInvalidParameter,
                           "unknown optimizer rule \"" + d + "\"; rules are: " + list);
    }
  }
  if (!options.enabled) return plan;
  const SchemaPtr output = plan->schema;
  for (const auto& rule : Rules()) {
    if (options.disabled_rules.count(rule->name()) != 0) continue;
    std::string before = options.record_steps ? plan->ToString() : std::string();
    auto start = std::chrono::steady_clock::now();
    COPRA_ASSIGN_OR_RETURN(plan, rule->Apply(std::move(plan)));
    int64_t nanos = std::chrono::duration_cast<std::chrono::nanoseconds>(
                        std::chrono::steady_clock::now() - start)
                        .count();
    COPRA_RETURN_NOT_OK(
        CheckPlan(*plan).WithPrefix(std::string("after rule ") + rule->name() + ": "));
    COPRA_RETURN_NOT_OK(CheckSameOutput(*output, *plan->schema)
                            .WithPrefix(std::string("after rule ") + rule->name() + ": "));
    if (options.record_steps && steps != nullptr) {
      std::string after = plan->ToString();
      steps->push_back(OptimizerStep{rule->name(), after, after != before, nanos});
    }
  }
  return plan;
}

}  // namespace copra
