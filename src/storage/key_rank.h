// Key ranks: the dense rank of every row's key (its PRIMARY KEY tag values,
// or the columns a RowLayout names) in the order of AppendRowKey's encoding
// (storage/row_versions.h), computed without building a key per row.
//
// Time-series rows repeat a small set of keys (series) many times, so the
// rows are first grouped by a hash of their key values (one probe per row,
// the values compared with the group's first row on a hash match); only one
// encoded key per distinct series is built and sorted. This is what the
// flush's sort spends its time on for tag-heavy tables (TSBS: 10 tags).
//
// Thread-safe (pure function).
#pragma once

#include <cstdint>
#include <vector>

#include "vector/batch.h"

namespace copra::storage {

struct KeyRanks {
  std::vector<uint32_t> rank;       // per row, in [0, distinct)
  uint32_t distinct = 0;            // number of distinct keys
  std::vector<uint32_t> first_row;  // per rank: a row holding that key
};

// Ranks of the keys formed by `key_columns` of `rows`: equal keys get equal
// ranks, and rank order is the bytewise order of AppendRowKey's encoding.
// With no key columns every row has rank 0.
KeyRanks RankRowKeys(const Batch& rows, const std::vector<int>& key_columns);
// The same over the rows of several batches (same schema) taken in order:
// row numbers (rank's index, first_row) count through the parts.
KeyRanks RankRowKeys(const std::vector<const Batch*>& parts, const std::vector<int>& key_columns);

}  // namespace copra::storage
