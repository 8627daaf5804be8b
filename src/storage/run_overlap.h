// Run overlap: which rows of a scan's sorted runs (memtables, data files)
// may have another version in a different run, and so must be merged.
//
// Every run is sorted by (key, time) with versions resolved inside it. Two
// versions of one row share (key, time), so a row at time t can have a
// version in another run only if that run's time range also covers t.
// PlanRunOverlaps groups runs whose ranges overlap or touch into clusters
// and gives each run its *contested* times: the union of its range's
// intersections with the other runs of its cluster. Rows outside their
// run's contested times are unique and can be streamed as they are; only
// contested rows need a merge. A run that loads in time order touches its
// neighbours at one timestamp, so its contested times are a single point.
//
// Thread safety: pure functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace copra::storage {

// A closed range of times [lo, hi].
struct TimeInterval {
  int64_t lo = 0;
  int64_t hi = 0;
};

struct RunOverlaps {
  // Indexes of the runs in each cluster (clusters in ascending time order,
  // each run exactly once).
  std::vector<std::vector<size_t>> clusters;
  // Per run: its contested times, sorted, disjoint, non-adjacent.
  std::vector<std::vector<TimeInterval>> contested;
};

// `ranges[i]` is run i's (non-empty) time range.
RunOverlaps PlanRunOverlaps(const std::vector<TimeInterval>& ranges);

// Whether `t` lies in one of `intervals` (sorted and disjoint).
bool ContainsTime(const std::vector<TimeInterval>& intervals, int64_t t);

// Whether [lo, hi] intersects one of `intervals`.
bool IntersectsTimes(const std::vector<TimeInterval>& intervals, int64_t lo, int64_t hi);

// Number of time points `intervals` cover (saturating).
double CoveredTimes(const std::vector<TimeInterval>& intervals);

}  // namespace copra::storage
