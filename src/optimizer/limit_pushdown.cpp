// Rule limit_pushdown: fuses Sort + Limit into TopN (keeps only the rows it
// needs) and tells scans how many rows are enough, through projections. A
// scan counts its limit after applying its filters, so scans with filters
// (e.g. from predicate_pushdown) stop early too.
#include "optimizer/rules.h"

namespace copra {

namespace {

LogicalPlanPtr PushLimits(LogicalPlanPtr plan) {
  for (LogicalPlanPtr& c : plan->children) c = PushLimits(std::move(c));
  if (plan->kind != LogicalPlanKind::kLimit || !plan->limit.has_value()) return plan;
  LogicalPlan& child = *plan->children[0];
  if (child.kind == LogicalPlanKind::kSort) {
    LogicalPlanPtr sort = std::move(plan->children[0]);
    sort->kind = LogicalPlanKind::kTopN;
    sort->limit = plan->limit;
    sort->offset = plan->offset;
    return sort;
  }
  const int64_t needed = *plan->limit + plan->offset;
  LogicalPlan* node = &child;
  while (node->kind == LogicalPlanKind::kProjection) node = node->children[0].get();
  if (node->kind == LogicalPlanKind::kScan) {
    if (!node->scan_limit.has_value() || *node->scan_limit > needed) node->scan_limit = needed;
  }
  return plan;
}

class LimitPushdownRule : public OptimizerRule {
 public:
  const char* name() const override { return "limit_pushdown"; }
  Result<LogicalPlanPtr> Apply(LogicalPlanPtr plan) const override {
    return PushLimits(std::move(plan));
  }
};

}  // namespace

std::unique_ptr<OptimizerRule> MakeLimitPushdownRule() {
  return std::make_unique<LimitPushdownRule>();
}

}  // namespace copra
