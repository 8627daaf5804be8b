// RegisterAggregateFunctions: the entry point FunctionRegistry::Global()
// calls; each family registers its overloads from its own file.
//
// Built-in aggregates (T = any type but NULL; N = any integer or float;
// every TIMESTAMP unit is a separate overload, so results keep the unit):
//   count() -> BIGINT                 count(*)
//   count(T) -> BIGINT                non-NULL rows
//   count_distinct(T) -> BIGINT       count(DISTINCT x)
//   sum(signed int) -> BIGINT, sum(unsigned int) -> BIGINT UNSIGNED,
//   sum(float) -> DOUBLE, sum(INTERVAL) -> INTERVAL
//   avg(N) -> DOUBLE                  alias mean
//   min(T), max(T) -> T
//   first_value(T), last_value(T) -> T   first/last row in input order,
//                                         NULL included; order-sensitive
//   var_samp, var_pop, stddev_samp, stddev_pop (N) -> DOUBLE
//                                     aliases variance, var, stddev
//   percentile_cont(N, DOUBLE) -> DOUBLE  exact; alias approx_percentile_cont
//   median(N) -> DOUBLE               alias approx_median
//   bool_and(BOOLEAN), bool_or(BOOLEAN) -> BOOLEAN   alias every
//   string_agg(STRING, STRING) -> STRING, string_agg(BINARY, BINARY) -> BINARY
// Any one-argument aggregate can be made DISTINCT with
// MakeDistinctAggregator (function/aggregate_distinct.h).
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
