// Row versions: how the storage engine orders rows and decides which version
// of a row is visible.
//
// Inside the engine every row carries two hidden columns after the table's
// own: `__seq` (UINT64, the write's sequence number; later writes have larger
// ones) and `__op` (UINT8, 0 = put, 1 = delete marker). Rows are ordered by
// (key, time, __seq descending), where the key is the table's PRIMARY KEY
// tags — or, for append-mode and plain tables, every non-time column, since
// such tables keep duplicates and a delete marker must match the whole row.
// The order of keys is consistent within one call, not across calls.
//
// Resolving a group of rows with equal (key, time):
//  * replace tables: the newest version wins; a newest delete marker hides
//    the row;
//  * append tables: every put newer than the newest delete marker survives.
// Delete markers are kept in the output when `keep_tombstones` is set (they
// must still hide older rows in other files) and dropped otherwise.
//
// Thread-safe (pure functions).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "vector/batch.h"

namespace copra {
class ParallelFor;
}

namespace copra::storage {

inline constexpr const char* kSeqColumn = "__seq";
inline constexpr const char* kOpColumn = "__op";
inline constexpr uint8_t kOpPut = 0;
inline constexpr uint8_t kOpDelete = 1;

// Positions, inside a batch, of what ordering and resolution need.
struct RowLayout {
  std::vector<int> key_columns;
  int time_column = -1;  // -1: no time index
  int seq_column = -1;
  int op_column = -1;
  bool append_mode = false;
};

// Appends row `row`'s key (the `key_columns`) to `key` in an encoding whose
// bytewise order is the order SortAndResolve sorts keys in, so sources it
// sorted can be merged by comparing these strings (storage/sorted_merge.h).
void AppendRowKey(const Batch& rows, const std::vector<int>& key_columns, int64_t row,
                  std::string* key);

// Sorts `rows` by (key, time, seq desc) and resolves versions (see above).
BatchPtr SortAndResolve(const BatchPtr& rows, const RowLayout& layout, bool keep_tombstones);
// The same over the rows of several batches of one schema, without
// concatenating them first; with `gang`, the sorted columns are gathered on
// its threads. REQUIRES: `parts` not empty.
BatchPtr SortAndResolve(const std::vector<BatchPtr>& parts, const RowLayout& layout,
                        bool keep_tombstones, ParallelFor* gang = nullptr);

// Rows of `rows` whose op column says put (drops delete markers).
BatchPtr DropTombstones(const BatchPtr& rows, int op_column);

// Rows whose time lies in [start, end); `rows` returned as is when all do.
BatchPtr FilterTimeRange(const BatchPtr& rows, int time_column, int64_t start, int64_t end);

// Approximate memory held by the batch's values (for memtable accounting).
int64_t EstimateBatchBytes(const Batch& batch);

}  // namespace copra::storage
