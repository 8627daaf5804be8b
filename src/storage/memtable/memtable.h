// Memtable: a region's recent writes held in memory until a flush turns them
// into Parquet files. Writes are appended as they come (one entry per write,
// cheap on the ingest path); sorting by (key, time) and resolving versions
// (storage/row_versions.h) happens when a scan or a flush asks for the rows,
// and the sorted result is cached until the next write.
//
// Rows are returned in the engine's internal layout: table columns, then
// `__seq` and `__op`.
//
// Thread safety: Add() is called by one writer at a time (the region's
// group-commit leader); SortedRows() and the accessors may run concurrently
// with it from any thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <vector>

#include "storage/row_versions.h"
#include "vector/batch.h"

namespace copra::storage {

class Memtable {
 public:
  // `internal_schema`: table columns + __seq + __op; `layout` over it.
  Memtable(SchemaPtr internal_schema, RowLayout layout);

  // Rows of `batch` (table columns only) get sequences first_seq, first_seq+1, ...
  void Add(uint64_t first_seq, uint8_t op, const BatchPtr& batch);

  // All rows sorted and resolved, delete markers kept; nullptr when empty.
  // With `gang`, the sorted columns are gathered on its threads (the flush).
  BatchPtr SortedRows(ParallelFor* gang = nullptr);

  int64_t bytes() const { return bytes_.load(); }
  int64_t rows() const { return rows_.load(); }
  bool empty() const { return rows_.load() == 0; }
  // Last sequence added (0 when empty).
  uint64_t max_sequence() const { return max_seq_.load(); }
  // Milliseconds since the epoch of the first Add (0 when empty).
  int64_t first_write_ms() const { return first_write_ms_.load(); }

 private:
  SchemaPtr schema_;
  RowLayout layout_;
  std::atomic<int64_t> bytes_{0};
  std::atomic<int64_t> rows_{0};
  std::atomic<uint64_t> max_seq_{0};
  std::atomic<int64_t> first_write_ms_{0};

  std::mutex mu_;
  std::vector<BatchPtr> entries_;  // GUARDED_BY(mu_), internal layout each
  BatchPtr sorted_;                // GUARDED_BY(mu_), covers entries_[0, sorted_upto_)
  size_t sorted_upto_ = 0;         // GUARDED_BY(mu_)
};

}  // namespace copra::storage
