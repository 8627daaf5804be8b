// RowKeyEncoder: encodes chosen columns of each row into a byte string whose
// memcmp order is the SQL ORDER BY order (per-column direction and NULL
// placement) and whose byte equality is GROUP BY / DISTINCT equality (NULLs
// equal each other, NaNs equal each other, -0.0 equals 0.0). Sort, TopN,
// aggregation, DISTINCT and set operations all compare rows through it, so
// no comparison dispatches on types per row.
#pragma once

#include <string>
#include <vector>

#include "function/datum.h"

namespace copra {

struct KeyOrder {
  bool descending = false;
  bool nulls_first = false;
};

class RowKeyEncoder {
 public:
  // One KeyOrder per key column (grouping uses default orders).
  explicit RowKeyEncoder(std::vector<KeyOrder> orders) : orders_(std::move(orders)) {}

  // Appends the key of every row (0..num_rows) to `keys` (resized to
  // num_rows; existing contents replaced). REQUIRES: columns.size() ==
  // number of orders.
  void Encode(const std::vector<Datum>& columns, int64_t num_rows,
              std::vector<std::string>* keys) const;

 private:
  std::vector<KeyOrder> orders_;
};

}  // namespace copra
