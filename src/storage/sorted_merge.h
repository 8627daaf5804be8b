// SortedMergeReader: a streaming k-way merge of sources that are each sorted
// by (key, time, __seq descending) — data files, memtable rows — into one
// stream in that order with versions resolved exactly as SortAndResolve
// does (storage/row_versions.h). It holds one batch per source (a data
// file's row group) plus one output batch, however large the sources, so
// merging time-overlapping files needs memory bounded by the number of
// files, not by their size.
//
// Each source returns batches of `schema` (the same layout: RowLayout
// positions index it) in order, then nullptr. Sources are pulled lazily and
// dropped when exhausted.
//
// Thread safety: one thread at a time (a BatchReader).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "storage/row_versions.h"
#include "vector/batch_reader.h"

namespace copra::storage {

class SortedMergeReader : public BatchReader {
 public:
  using Source = std::function<Result<BatchPtr>()>;

  SortedMergeReader(SchemaPtr schema, RowLayout layout, std::vector<Source> sources,
                    bool keep_tombstones, int64_t batch_size);

  const SchemaPtr& schema() const override { return schema_; }
  // The next merged batch (at most batch_size rows), or nullptr at the end.
  Result<BatchPtr> Next() override;

 private:
  struct Cursor {
    Source source;
    BatchPtr batch;
    int64_t row = 0;
    std::vector<std::string> keys;  // encoded key of each row of `batch`
    const int64_t* times = nullptr;
    const uint64_t* seqs = nullptr;
    const uint8_t* ops = nullptr;
    int pinned = -1;  // in the batch being built by Next(), or -1
    int64_t time() const { return times != nullptr ? times[row] : 0; }
  };

  // Loads the cursor's next non-empty batch; false at the source's end.
  Result<bool> Load(Cursor* cursor);
  // Heap order: true when `a`'s current row comes after `b`'s.
  bool After(int a, int b) const;
  Status Start();

  SchemaPtr schema_;
  RowLayout layout_;
  bool keep_tombstones_;
  int64_t batch_size_;
  std::vector<Cursor> cursors_;
  std::vector<int> heap_;  // cursor indexes, min-heap by After
  bool started_ = false;
  // The (key, time) group being resolved.
  bool in_group_ = false;
  std::string group_key_;
  int64_t group_time_ = 0;
  bool group_closed_ = false;  // the rest of the group is hidden
};

}  // namespace copra::storage
