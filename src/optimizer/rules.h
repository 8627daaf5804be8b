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
// Moves filter conjuncts down through projections, sorts, distinct,
// aggregates (group columns) and joins, into join conditions and finally
// into scan filters.
std::unique_ptr<OptimizerRule> MakePredicatePushdownRule();
// Derives the scanned time index range from scan filters on tables with a
// TIME INDEX.
std::unique_ptr<OptimizerRule> MakeTimeRangeExtractionRule();
// Drops columns no node above reads: narrower scans, projections and
// aggregates.
std::unique_ptr<OptimizerRule> MakeProjectionPruningRule();
// Sort + Limit → TopN; Limit pushed into scans (counted after their filters).
std::unique_ptr<OptimizerRule> MakeLimitPushdownRule();
// Aggregate over a scan of a table that aggregates itself (storage tables):
// partial count/sum/min/max/avg in the scan, a final merge aggregate above.
std::unique_ptr<OptimizerRule> MakeAggregatePushdownRule();
// TopN over a time bucket of the scan's time index (newest/oldest buckets
// first): marks it to run its input slice by slice from the bounded end.
std::unique_ptr<OptimizerRule> MakeTimeSlicedTopNRule();

}  // namespace copra
