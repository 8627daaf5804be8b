#include "exec/time_slice_operator.h"

#include <algorithm>
#include <limits>

#include "vector/column_builder.h"

namespace copra {

namespace {

constexpr int kMaxSlices = 8;  // the last one takes the rest of the range
constexpr int64_t kMaxFirstBuckets = 1024;

int64_t SaturatingAdd(int64_t a, int64_t b) {
  int64_t out;
  if (!__builtin_add_overflow(a, b, &out)) return out;
  return b > 0 ? std::numeric_limits<int64_t>::max() : std::numeric_limits<int64_t>::min();
}

int64_t SaturatingMul(int64_t a, int64_t b) {  // a, b >= 0
  int64_t out;
  if (!__builtin_mul_overflow(a, b, &out)) return out;
  return std::numeric_limits<int64_t>::max();
}

std::string Bound(int64_t v) {
  if (v == std::numeric_limits<int64_t>::min()) return "-inf";
  if (v == std::numeric_limits<int64_t>::max()) return "+inf";
  return std::to_string(v);
}

}  // namespace

TimeSliceOperator::TimeSliceOperator(SchemaPtr schema, SlicePlanner planner, BoundExprPtr bucket,
                                     LogicalType time_type, TimeRange range, bool newest_first,
                                     int64_t enough_rows)
    : PhysicalOperator(std::move(schema), Children(nullptr)),
      planner_(std::move(planner)),
      bucket_(std::move(bucket)),
      time_type_(std::move(time_type)),
      range_(range),
      newest_first_(newest_first),
      enough_rows_(std::max<int64_t>(1, enough_rows)) {}

Result<PhysicalOperatorPtr> TimeSliceOperator::Make(SchemaPtr schema, SlicePlanner planner,
                                                    BoundExprPtr bucket, LogicalType time_type,
                                                    TimeRange range, bool newest_first,
                                                    int64_t enough_rows) {
  std::unique_ptr<TimeSliceOperator> op(
      new TimeSliceOperator(std::move(schema), std::move(planner), std::move(bucket),
                            std::move(time_type), range, newest_first, enough_rows));
  op->covered_ = op->FirstSlice();
  COPRA_ASSIGN_OR_RETURN(PhysicalOperatorPtr first, op->planner_(op->covered_));
  op->ReplaceChild(0, std::move(first));
  return PhysicalOperatorPtr(std::move(op));
}

std::optional<int64_t> TimeSliceOperator::Floor(int64_t t) const {
  ColumnBuilder b(time_type_, 1);
  b.Append<int64_t>(t);
  auto schema = std::make_shared<const Schema>(std::vector<Field>{Field{"t", time_type_, false}});
  BatchPtr one = Batch::Make(std::move(schema), {b.Finish()}, 1);
  Result<Datum> d = ExpressionEvaluator().Evaluate(*bucket_, *one);
  if (!d.ok() || !d->IsValid(0)) return std::nullopt;
  const int64_t v = d->column->GetValue(d->Index(0)).GetInt64();
  if (v > t) return std::nullopt;  // not a floor: no slicing from here
  return v;
}

TimeRange TimeSliceOperator::FirstSlice() const {
  const int64_t buckets = std::min(enough_rows_, kMaxFirstBuckets);
  TimeRange slice = range_;
  if (newest_first_) {
    // The newest bucket, and the one before it for the width.
    std::optional<int64_t> newest = Floor(range_.end - 1);
    if (!newest || *newest <= range_.start) return slice;
    std::optional<int64_t> before = Floor(*newest - 1);
    if (!before) return slice;
    const int64_t width = *newest - *before;
    std::optional<int64_t> lo = Floor(SaturatingAdd(*newest, -SaturatingMul(width, buckets - 1)));
    if (lo && *lo > range_.start && *lo < range_.end) slice.start = *lo;
    return slice;
  }
  // The oldest bucket, and the next boundary after it for the width.
  std::optional<int64_t> oldest = Floor(range_.start);
  if (!oldest) return slice;
  int64_t width = 1;
  std::optional<int64_t> next;
  while (true) {
    next = Floor(SaturatingAdd(*oldest, width));
    if (!next || *next > *oldest || width > std::numeric_limits<int64_t>::max() / 2) break;
    width *= 2;
  }
  if (!next || *next <= *oldest) return slice;
  std::optional<int64_t> hi =
      Floor(SaturatingAdd(*oldest, SaturatingMul(*next - *oldest, buckets)));
  if (hi && *hi > range_.start && *hi < range_.end) slice.end = *hi;
  return slice;
}

TimeRange TimeSliceOperator::NextSlice() const {
  const int64_t grow = rows_ > 0 ? 16 : 64;
  const bool last = slices_ + 1 >= kMaxSlices;
  const int64_t span = std::max<int64_t>(1, SaturatingAdd(covered_.end, -covered_.start));
  const int64_t step = SaturatingMul(span, grow - 1);
  if (newest_first_) {
    TimeRange slice{range_.start, covered_.start};
    if (last) return slice;
    std::optional<int64_t> lo = Floor(SaturatingAdd(covered_.start, -step));
    if (lo && *lo > range_.start && *lo < covered_.start) slice.start = *lo;
    return slice;
  }
  TimeRange slice{covered_.end, range_.end};
  if (last) return slice;
  std::optional<int64_t> hi = Floor(SaturatingAdd(covered_.end, step));
  if (hi && *hi > covered_.end && *hi < range_.end) slice.end = *hi;
  return slice;
}

std::string TimeSliceOperator::details() const {
  return std::string(newest_first_ ? "newest" : "oldest") + " first by " + bucket_->ToString() +
         ", until " + std::to_string(enough_rows_) + " rows, slices=" + std::to_string(slices_) +
         ", covered=[" + Bound(covered_.start) + ", " + Bound(covered_.end) + ")";
}

Result<BatchPtr> TimeSliceOperator::NextImpl() {
  while (true) {
    COPRA_ASSIGN_OR_RETURN(BatchPtr batch, child(0).Next());
    if (batch != nullptr) {
      rows_ += batch->num_rows();
      return batch;
    }
    const bool done = newest_first_ ? covered_.start <= range_.start : covered_.end >= range_.end;
    if (done || rows_ >= enough_rows_) return BatchPtr();
    const TimeRange slice = NextSlice();
    COPRA_ASSIGN_OR_RETURN(PhysicalOperatorPtr plan, planner_(slice));
    COPRA_RETURN_NOT_OK(plan->Open(ctx_));
    ReplaceChild(0, std::move(plan));
    covered_.start = std::min(covered_.start, slice.start);
    covered_.end = std::max(covered_.end, slice.end);
    ++slices_;
  }
}

}  // namespace copra
