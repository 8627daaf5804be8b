// Window ordering and frames: the shared machinery of the Window operator.
//
// ArrangeWindow sorts the rows of a window's input by (PARTITION BY keys,
// ORDER BY keys) — stable, so ties keep input order — and splits the sorted
// positions into partitions and peer groups (rows equal on every ORDER BY
// key; without ORDER BY a whole partition is one peer group).
// ComputeFrames gives every position its frame [start, end) of positions,
// following PostgreSQL's ROWS and RANGE rules.
//
// Pure functions over columns; positions and row numbers are int32 (the
// operator refuses inputs of 2^31 rows or more).
#pragma once

#include <cstdint>
#include <vector>

#include "exec/row_key.h"
#include "function/datum.h"
#include "planner/logical_plan.h"

namespace copra {

struct WindowOrder {
  std::vector<int32_t> rows;        // input row at each window position
  std::vector<int32_t> partitions;  // start position of each partition, then n
  std::vector<int32_t> peers;       // start position of each peer group, then n
  int64_t size() const { return static_cast<int64_t>(rows.size()); }
};

// `partition_keys` and `order_keys` are evaluated over the n input rows;
// `orders` has one entry per order key.
WindowOrder ArrangeWindow(const std::vector<Datum>& partition_keys,
                          const std::vector<Datum>& order_keys, const std::vector<KeyOrder>& orders,
                          int64_t n);

struct WindowFrames {
  std::vector<int32_t> start;  // per window position
  std::vector<int32_t> end;    // exclusive; end == start for an empty frame
};

// Frames of every position of `order`. For RANGE frames with offsets,
// `range_key` is the single ORDER BY key evaluated over the input rows and
// `key_order` its direction. REQUIRES: offsets validated by the binder.
Result<WindowFrames> ComputeFrames(const WindowOrder& order, const WindowFrame& frame,
                                   const Datum* range_key, KeyOrder key_order);

}  // namespace copra
