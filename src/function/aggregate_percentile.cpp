// percentile_cont(x, fraction) and median(x) over numeric input → DOUBLE.
//
// Exact: every non-NULL value is kept (as DOUBLE, with its group id, in two
// flat vectors) and Finalize selects the needed order statistics per group,
// interpolating linearly between the two values around fraction * (n - 1),
// like PostgreSQL's percentile_cont. median(x) is percentile_cont(x, 0.5).
// approx_percentile_cont (DataFusion/GreptimeDB's name, same argument
// order) is registered as an alias of the exact function for now, so its
// results are exact and its memory is proportional to the input.
//
// The fraction must be the same for every row (a constant, passed as a
// scalar Datum): kInvalidParameter when it varies or lies outside [0, 1].
// A NULL fraction gives NULL. NaN input sorts above every number.
#include <cmath>

#include <fmt/format.h>

#include "function/aggregate_kernel.h"

namespace copra::agg {

namespace {

bool DoubleLess(double a, double b) { return ValueLess(a, b); }

template <typename T>
class PercentileAggregator final : public GroupedAggregator {
 public:
  explicit PercentileAggregator(const AggregateFunction& fn)
      : is_median_(fn.arg_types.size() == 1) {
    if (is_median_) fraction_ = 0.5;
  }

  void Resize(int64_t num_groups) override { num_groups_ = static_cast<size_t>(num_groups); }

  Status Update(const std::vector<Datum>& args, const uint32_t* group_ids,
                int64_t num_rows) override {
    if (num_rows == 0) return Status::OK();
    if (!is_median_) COPRA_RETURN_NOT_OK(ReadFraction(args[1], num_rows));
    if (fraction_null_) return Status::OK();  // every result is NULL anyway
    const Datum& arg = args[0];
    const Reader<T> in(*arg.column);
    const bool one_group = group_ids == nullptr || num_groups_ == 1;
    ForEachValid(arg, num_rows, [&](int64_t row, int64_t idx) {
      values_.push_back(static_cast<double>(in[idx]));
      groups_.push_back(one_group ? 0 : group_ids[row]);
    });
    return Status::OK();
  }

  Status Merge(GroupedAggregator& other, const uint32_t* group_map) override {
    auto& o = SameAggregator<PercentileAggregator>(other);
    if (o.fraction_null_) fraction_null_ = true;
    if (o.has_fraction_ && !has_fraction_) {
      fraction_ = o.fraction_;
      has_fraction_ = true;
    }
    values_.insert(values_.end(), o.values_.begin(), o.values_.end());
    groups_.reserve(values_.size());
    for (uint32_t g : o.groups_) groups_.push_back(group_map[g]);
    return Status::OK();
  }

  Result<ColumnPtr> Finalize() override {
    const auto n = static_cast<int64_t>(num_groups_);
    FixedOutput out(LogicalType::Float64(), n);
    if (fraction_null_) {
      for (int64_t g = 0; g < n; ++g) out.SetNull(g);
      return out.Finish();
    }
    // Counting sort by group, then order statistics within each group.
    std::vector<size_t> start(num_groups_ + 1, 0);
    for (uint32_t g : groups_) ++start[g + 1];
    for (size_t g = 0; g < num_groups_; ++g) start[g + 1] += start[g];
    std::vector<double> sorted(values_.size());
    {
      std::vector<size_t> next(start.begin(), start.end() - 1);
      for (size_t i = 0; i < values_.size(); ++i) sorted[next[groups_[i]]++] = values_[i];
    }
    for (size_t g = 0; g < num_groups_; ++g) {
      double* begin = sorted.data() + start[g];
      double* end = sorted.data() + start[g + 1];
      if (begin == end) {
        out.SetNull(static_cast<int64_t>(g));
      } else {
        out.Set<double>(static_cast<int64_t>(g), Interpolate(begin, end, fraction_));
      }
    }
    return out.Finish();
  }

 private:
  // The value at fraction f of [begin, end) (reorders the range).
  static double Interpolate(double* begin, double* end, double f) {
    const auto count = static_cast<size_t>(end - begin);
    const double pos = f * static_cast<double>(count - 1);
    const auto lo = static_cast<size_t>(std::floor(pos));
    std::nth_element(begin, begin + lo, end, DoubleLess);
    const double low = begin[lo];
    if (pos == static_cast<double>(lo) || lo + 1 >= count) return low;
    const double high = *std::min_element(begin + lo + 1, end, DoubleLess);
    if (low == high) return low;  // also keeps inf from turning into NaN
    return low + (pos - static_cast<double>(lo)) * (high - low);
  }

  Status ReadFraction(const Datum& d, int64_t num_rows) {
    const bool valid = d.column->IsValid(0);
    const double f = valid ? Reader<double>(*d.column)[0] : 0.0;
    if (!d.is_scalar) {
      const Reader<double> in(*d.column);
      for (int64_t i = 1; i < num_rows; ++i) {
        const bool v = d.column->IsValid(i);
        if (v != valid || (v && in[i] != f)) {
          return Status::Error(ErrorCode::kInvalidParameter,
                               "percentile fraction must be a constant");
        }
      }
    }
    if (!valid) {
      fraction_null_ = true;
      return Status::OK();
    }
    if (!(f >= 0.0 && f <= 1.0)) {
      return Status::Error(ErrorCode::kInvalidParameter,
                           fmt::format("percentile fraction {} is not between 0 and 1", f));
    }
    if (has_fraction_ && f != fraction_) {
      return Status::Error(ErrorCode::kInvalidParameter, "percentile fraction must be a constant");
    }
    fraction_ = f;
    has_fraction_ = true;
    return Status::OK();
  }

  bool is_median_;
  double fraction_ = 0;
  bool has_fraction_ = false;
  bool fraction_null_ = false;
  size_t num_groups_ = 0;
  std::vector<double> values_;
  std::vector<uint32_t> groups_;
};

std::unique_ptr<GroupedAggregator> MakePercentile(const AggregateFunction& fn) {
  return VisitPhysicalType(fn.arg_types[0], [&]<typename T>() -> std::unique_ptr<GroupedAggregator> {
    if constexpr (std::is_arithmetic_v<T> && !std::is_same_v<T, bool>) {
      return std::make_unique<PercentileAggregator<T>>(fn);
    } else {
      CheckFailed(__FILE__, __LINE__, "MakePercentile", "non-numeric argument");
    }
  });
}

}  // namespace

void RegisterPercentileAggregates(FunctionRegistry* registry) {
  for (const LogicalType& t : NumericTypes()) {
    AddAggregate(registry, "percentile_cont", {t, LogicalType::Float64()}, LogicalType::Float64(),
                 MakePercentile);
    AddAggregate(registry, "median", {t}, LogicalType::Float64(), MakePercentile);
  }
  registry->AddAlias("approx_percentile_cont", "percentile_cont");
  registry->AddAlias("approx_median", "median");
}

}  // namespace copra::agg
