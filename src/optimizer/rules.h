// Factories of the optimizer rules, one rule per file.
#pragma once

#include <memory>

#include "optimizer/optimizer_rule.h"

namespace copra {

// Evaluates row-independent, deterministic subexpressions at plan time.
std::unique_ptr<OptimizerRule> MakeConstantFoldingRule();
// x AND TRUE → x, x OR TRUE → TRUE, NOT NOT x → x; drops filters that are
// always TRUE and replaces ones always FALSE/NULL by an empty relation.
std::unique_ptr<OptimizerRule> MakeSimplifyBooleanRule();
// Sort + Limit → TopN; Limit pushed into scans without filters.
std::unique_ptr<OptimizerRule> MakeLimitPushdownRule();

}  // namespace copra
