// TimeSliceOperator: runs its input plan over successive slices of the
// scanned time range, starting at the range's bounded end (newest first:
// [b1, end), [b2, b1), ...; oldest first: [start, b1), [b1, b2), ...), and
// stops after the slice in which the rows produced so far reach
// `enough_rows`. Its parent is the TopN whose first sort key is the time
// bucket (rule time_sliced_top_n): a slice's rows all sort before the next
// slice's, so once `enough_rows` = limit + offset rows are out, no later
// slice can change the TopN's answer.
//
// Every slice bound b is a bucket start, b = bucket(t) for some t, so each
// bucket (and each group keyed by it) lies wholly inside one slice. The
// first slice spans about `enough_rows` buckets (dense data needs no
// second); each next one is 16x (64x while all were empty) the range covered so
// far, and the eighth takes the rest, so sparse data costs a few more scans
// and stays exact.
//
// Streaming (passes the input's batches through); holds one slice's plan at
// a time. A fresh plan is made per slice through the SlicePlanner and becomes
// the operator's child (EXPLAIN ANALYZE shows the last slice's). One thread.
#pragma once

#include <functional>

#include "exec/physical_operator.h"
#include "planner/bound_expr.h"

namespace copra {

class TimeSliceOperator : public PhysicalOperator {
 public:
  // The input plan restricted to rows whose time index lies in `slice`.
  using SlicePlanner = std::function<Result<PhysicalOperatorPtr>(const TimeRange& slice)>;

  // `schema` is the input plan's; `bucket` the slicing key over a
  // one-column input of `time_type` (the time index); `range` the scan's
  // time range, bounded on the side the slices start from. Plans the first
  // slice.
  static Result<PhysicalOperatorPtr> Make(SchemaPtr schema, SlicePlanner planner,
                                          BoundExprPtr bucket, LogicalType time_type,
                                          TimeRange range, bool newest_first, int64_t enough_rows);

  std::string name() const override { return "TimeSlice"; }
  std::string details() const override;

 protected:
  Result<BatchPtr> NextImpl() override;

 private:
  TimeSliceOperator(SchemaPtr schema, SlicePlanner planner, BoundExprPtr bucket,
                    LogicalType time_type, TimeRange range, bool newest_first, int64_t enough_rows);

  // bucket(t), or nothing when it cannot be computed (out of range).
  std::optional<int64_t> Floor(int64_t t) const;
  TimeRange FirstSlice() const;
  // The slice after covered_ (REQUIRES: covered_ does not span range_).
  TimeRange NextSlice() const;

  SlicePlanner planner_;
  BoundExprPtr bucket_;
  LogicalType time_type_;
  TimeRange range_;
  bool newest_first_;
  int64_t enough_rows_;
  TimeRange covered_;  // the slices run so far, together
  int slices_ = 1;
  int64_t rows_ = 0;
};

}  // namespace copra
