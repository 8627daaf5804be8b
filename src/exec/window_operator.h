// Window: computes window function calls (f(...) OVER (...), see
// planner/logical_plan.h WindowCall) and appends one column per call to its
// input rows, which it returns in input order.
//
// Pipeline breaker: it holds its whole input (CheckMemory "window") and, per
// call, a sort permutation and frame bounds of 4 bytes per row each. Each
// call sorts by its (PARTITION BY, ORDER BY) keys (exec/window_order.h);
// ranking and offset functions are computed directly, aggregates over frames
// through the aggregate functions' GroupedAggregator: running frames (start
// UNBOUNDED PRECEDING) in one pass, other frames by feeding every frame's
// rows (bounded: at most kMaxFrameRows row visits per call).
#pragma once

#include <vector>

#include "exec/physical_operator.h"
#include "exec/window_order.h"
#include "planner/logical_plan.h"

namespace copra {

class WindowOperator : public PhysicalOperator {
 public:
  // Sliding frames cost one aggregate update per row per frame; more than
  // this many in one call fail the query (53200) instead of running for hours.
  static constexpr int64_t kMaxFrameRows = 200'000'000;

  WindowOperator(SchemaPtr schema, PhysicalOperatorPtr child, std::vector<WindowCall> calls);
  std::string name() const override { return "Window"; }
  std::string details() const override;

 protected:
  Result<BatchPtr> NextImpl() override;

 private:
  // The input arranged for one (PARTITION BY, ORDER BY) specification.
  struct Arranged {
    std::string key;  // SpecKey of the calls it serves
    WindowOrder order;
    std::vector<Datum> order_keys;
    std::vector<KeyOrder> orders;
    std::vector<int32_t> inverse;  // window position of each input row
  };
  static std::string SpecKey(const WindowCall& call);
  Status ConsumeInput();
  Status Arrange(const WindowCall& call, const Batch& input, Arranged* out);
  Result<ColumnPtr> Compute(const WindowCall& call, const Batch& input, const Arranged& arranged);

  std::vector<WindowCall> calls_;
  bool consumed_ = false;
  BatchPtr result_;
  int64_t next_row_ = 0;
};

}  // namespace copra
