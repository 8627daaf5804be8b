// MakeDistinctAggregator: the DISTINCT form of any one-argument aggregate
// (sum(DISTINCT x), avg(DISTINCT x), ...), for the planner to use instead
// of fn.make(fn) when a call says DISTINCT. count(DISTINCT x) has its own
// faster function, "count_distinct".
//
// The wrapper keeps only the set of distinct (group, non-NULL value) pairs,
// so partial states merge exactly; Finalize replays each group's distinct
// values, in the order first seen, through a fresh aggregator of `fn`.
#pragma once

#include <memory>

#include "common/status.h"
#include "function/aggregate_function.h"

namespace copra {

// Errors: kFeatureNotSupported unless `fn` takes exactly one argument.
// `fn` is copied; the returned aggregator does not borrow it.
Result<std::unique_ptr<GroupedAggregator>> MakeDistinctAggregator(const AggregateFunction& fn);

}  // namespace copra
