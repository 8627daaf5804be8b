// RegisterAggregateFunctions: the entry point FunctionRegistry::Global()
// calls; each family registers its overloads from its own file.
#include "function/aggregate_kernel.h"

namespace copra {

void RegisterAggregateFunctions(FunctionRegistry* registry) {
  agg::RegisterCountAggregates(registry);
  agg::RegisterSumAvgAggregates(registry);
  agg::RegisterMinMaxAggregates(registry);
  agg::RegisterFirstLastAggregates(registry);
  agg::RegisterVarianceAggregates(registry);
  agg::RegisterPercentileAggregates(registry);
  agg::RegisterBoolAggregates(registry);
  agg::RegisterStringAggAggregates(registry);
}

}  // namespace copra
