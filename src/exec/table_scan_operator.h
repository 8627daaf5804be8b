// Reads a table through Table::Scan with the optimizer's pushed-down work
// (projection, time range, filters, limit). Filters are re-applied here on
// the data the table returns, so tables may use them for pruning only. An
// empty time range (no value can pass the filters) reads nothing.
//
// With a partial aggregation (LogicalPlan::scan_aggregated, from rule
// aggregate_pushdown) the table applies the filters and aggregates; the
// operator passes its partial rows (groups ++ partial results) through.
#pragma once

#include "exec/physical_operator.h"
#include "planner/logical_plan.h"

namespace copra {

class TableScanOperator : public PhysicalOperator {
 public:
  // `scan` is a kScan logical node (copied, not kept).
  explicit TableScanOperator(const LogicalPlan& scan);
  std::string name() const override { return "TableScan"; }
  std::string details() const override;

 protected:
  Status OpenImpl() override;
  Result<BatchPtr> NextImpl() override;

 private:
  Status OpenAggregated();

  TablePtr table_;
  std::vector<int> projection_;        // table columns in the output
  std::vector<BoundExprPtr> filters_;  // over table columns
  std::optional<TimeRange> time_range_;
  std::optional<int64_t> limit_;
  std::shared_ptr<const ScanAggregation> aggregation_;  // null: plain scan
  std::vector<std::string> aggregate_names_;            // for details()

  std::vector<int> read_columns_;      // table columns requested from the table
  BoundExprPtr residual_;              // filters remapped to read_columns_
  std::vector<int> output_positions_;  // projection as positions in read_columns_
  std::unique_ptr<BatchReader> reader_;
  int64_t emitted_ = 0;
};

}  // namespace copra
