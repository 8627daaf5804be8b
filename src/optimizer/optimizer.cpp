#include "optimizer/optimizer.h"

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
    r->push_back(MakeLimitPushdownRule());
    return r;
  }();
  return *rules;
}

Status CheckExpr(const BoundExpr& e, size_t width, const LogicalPlan& node) {
  if (e.kind == BoundExprKind::kColumnRef &&
      (e.column_index < 0 || static_cast<size_t>(e.column_index) >= width)) {
    return Status::Internal("plan check failed: column #" + std::to_string(e.column_index) +
                            " out of range (input has " + std::to_string(width) +
                            " columns) in " + node.NodeToString());
  }
  for (const BoundExprPtr& c : e.children) COPRA_RETURN_NOT_OK(CheckExpr(*c, width, node));
  return Status::OK();
}

}  // namespace

std::vector<std::string> OptimizerRuleNames() {
  std::vector<std::string> names;
  for (const auto& r : Rules()) names.push_back(r->name());
  return names;
}

Status CheckPlan(const LogicalPlan& plan) {
  for (const LogicalPlanPtr& c : plan.children) COPRA_RETURN_NOT_OK(CheckPlan(*c));
  size_t width = 0;
  if (plan.kind == LogicalPlanKind::kScan) {
    width = plan.table->schema().num_columns();
  } else if (plan.kind == LogicalPlanKind::kJoin) {
    width = plan.child(0).schema->num_fields() + plan.child(1).schema->num_fields();
  } else if (!plan.children.empty()) {
    width = plan.child(0).schema->num_fields();
  }
  auto check = [&](const BoundExprPtr& e) -> Status {
    return e ? CheckExpr(*e, width, plan) : Status::OK();
  };
  COPRA_RETURN_NOT_OK(check(plan.predicate));
  for (const auto& e : plan.exprs) COPRA_RETURN_NOT_OK(check(e));
  for (const auto& e : plan.groups) COPRA_RETURN_NOT_OK(check(e));
  for (const auto& e : plan.scan_filters) COPRA_RETURN_NOT_OK(check(e));
  for (const auto& a : plan.aggregates) {
    for (const auto& e : a.args) COPRA_RETURN_NOT_OK(check(e));
  }
  if (plan.kind == LogicalPlanKind::kSort || plan.kind == LogicalPlanKind::kTopN) {
    for (const auto& k : plan.sort_keys) COPRA_RETURN_NOT_OK(check(k.expr));
  }
  if (plan.kind == LogicalPlanKind::kProjection && plan.exprs.size() != plan.schema->num_fields()) {
    return Status::Internal("plan check failed: projection width mismatch");
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
  for (const auto& rule : Rules()) {
    if (options.disabled_rules.count(rule->name()) != 0) continue;
    std::string before = options.record_steps ? plan->ToString() : std::string();
    auto start = std::chrono::steady_clock::now();
    COPRA_ASSIGN_OR_RETURN(plan, rule->Apply(std::move(plan)));
    int64_t nanos = std::chrono::duration_cast<std::chrono::nanoseconds>(
                        std::chrono::steady_clock::now() - start)
                        .count();
    COPRA_RETURN_NOT_OK(CheckPlan(*plan).WithPrefix(std::string("after rule ") + rule->name() + ": "));
    if (options.record_steps && steps != nullptr) {
      std::string after = plan->ToString();
      steps->push_back(OptimizerStep{rule->name(), after, after != before, nanos});
    }
  }
  return plan;
}

}  // namespace copra
