// Optimizer: runs the registered rules over a logical plan.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "common/status.h"
#include "planner/logical_plan.h"

namespace copra {

struct OptimizerOptions {
  bool enabled = true;                   // setting `optimizer` = on/off
  std::set<std::string> disabled_rules;  // setting `optimizer_disabled_rules`
  bool record_steps = false;             // keep the plan after each rule (EXPLAIN VERBOSE)
};

struct OptimizerStep {
  std::string rule;
  std::string plan;  // the plan after the rule (only when it changed it)
  bool changed = false;
  int64_t nanos = 0;
};

// Names of all rules, in the order they run.
std::vector<std::string> OptimizerRuleNames();

// Optimizes `plan`. With options.record_steps, `steps` receives one entry
// per rule run. Unknown names in disabled_rules are an error.
Result<LogicalPlanPtr> Optimize(LogicalPlanPtr plan, const OptimizerOptions& options,
                                std::vector<OptimizerStep>* steps);

// Checks structural invariants (column references in range, schema widths)
// after every rule; a failure is a bug in a rule (kInternal).
Status CheckPlan(const LogicalPlan& plan);

}  // namespace copra
