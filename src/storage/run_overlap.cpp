#include "storage/run_overlap.h"

#include <algorithm>
#include <numeric>

namespace copra::storage {

namespace {

// Sorts and unites overlapping or adjacent intervals.
std::vector<TimeInterval> Unite(std::vector<TimeInterval> in) {
  std::sort(in.begin(), in.end(),
            [](const TimeInterval& a, const TimeInterval& b) { return a.lo < b.lo; });
  std::vector<TimeInterval> out;
  for (const TimeInterval& i : in) {
    if (!out.empty() && (i.lo <= out.back().hi || i.lo - 1 == out.back().hi)) {
      out.back().hi = std::max(out.back().hi, i.hi);
    } else {
      out.push_back(i);
    }
  }
  return out;
}

}  // namespace

RunOverlaps PlanRunOverlaps(const std::vector<TimeInterval>& ranges) {
  RunOverlaps plan;
  plan.contested.resize(ranges.size());
  std::vector<size_t> order(ranges.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return ranges[a].lo < ranges[b].lo; });
  int64_t cluster_end = 0;
  for (size_t i : order) {
    if (plan.clusters.empty() || ranges[i].lo > cluster_end) {
      plan.clusters.emplace_back();
      cluster_end = ranges[i].hi;
    } else {
      cluster_end = std::max(cluster_end, ranges[i].hi);
    }
    plan.clusters.back().push_back(i);
  }
  for (const std::vector<size_t>& cluster : plan.clusters) {
    for (size_t a : cluster) {
      std::vector<TimeInterval> shared;
      for (size_t b : cluster) {
        if (a == b) continue;
        const int64_t lo = std::max(ranges[a].lo, ranges[b].lo);
        const int64_t hi = std::min(ranges[a].hi, ranges[b].hi);
        if (lo <= hi) shared.push_back({lo, hi});
      }
      plan.contested[a] = Unite(std::move(shared));
    }
  }
  return plan;
}

bool ContainsTime(const std::vector<TimeInterval>& intervals, int64_t t) {
  // First interval ending at or after t.
  auto it = std::lower_bound(intervals.begin(), intervals.end(), t,
                             [](const TimeInterval& i, int64_t v) { return i.hi < v; });
  return it != intervals.end() && it->lo <= t;
}

bool IntersectsTimes(const std::vector<TimeInterval>& intervals, int64_t lo, int64_t hi) {
  auto it = std::lower_bound(intervals.begin(), intervals.end(), lo,
                             [](const TimeInterval& i, int64_t v) { return i.hi < v; });
  return it != intervals.end() && it->lo <= hi;
}

double CoveredTimes(const std::vector<TimeInterval>& intervals) {
  double n = 0;
  for (const TimeInterval& i : intervals) n += static_cast<double>(i.hi) - i.lo + 1;
  return n;
}

}  // namespace copra::storage
