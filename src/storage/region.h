// Region: one storage table's data — its WAL, memtables, Parquet files and
// manifest, all under one directory:
//
//   <region dir>/table.json        table definition (storage/table_store.h)
//   <region dir>/MANIFEST          live files + flushed sequence (manifest.h)
//   <region dir>/wal/*.wal         write-ahead log segments (wal/wal_record.h)
//   <region dir>/files/*.parquet   immutable data files, one time window each
//
// Write path: concurrent writers queue up; the first in line (the leader)
// takes everyone queued, gives their rows consecutive sequence numbers,
// appends them to the WAL in one write (+ one fdatasync by default), adds
// them to the memtable and wakes the others: group commit. A write returns
// only once its rows are in the WAL.
//
// A memtable that reaches its size (or age) limit is frozen and a new one
// takes the writes; the frozen one is flushed (sorted, versions resolved,
// split by time window) into Parquet files, the manifest records the files
// and the flushed sequence, and only then are old WAL segments removed.
// While one frozen memtable waits for its flush and the new one is full
// too, writers wait (bounded memory); if that flush fails, they get its
// error.
//
// ALTER TABLE (Alter) blocks writes, flushes everything, records the new
// schema in the manifest (RegionSchema: a version, column ids, fill values)
// and hands the directory to a new Region with that schema; this one then
// forwards writes to it, converted. Data files keep the schema version
// they were written with and are read through OpenDataFile, which maps
// their columns to the current ones by id.
//
// Thread safety: all public methods are thread-safe. Flush and Compact may
// run concurrently with writes and scans; Flush/Flush and
// Compact/Compact are serialized per region.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "catalog/schema_change.h"
#include "catalog/table.h"
#include "storage/data_file_io.h"
#include "storage/manifest.h"
#include "storage/memtable/memtable.h"
#include "storage/storage_options.h"
#include "storage/time_window.h"
#include "storage/wal/wal_writer.h"

namespace copra::storage {

struct RegionStats {
  int64_t memtable_rows = 0;
  int64_t memtable_bytes = 0;
  int64_t files = 0;
  int64_t file_rows = 0;
  uint64_t flushed_sequence = 0;
  uint64_t last_sequence = 0;
};

class Region {
 public:
  // Opens (recovering from the WAL) or creates the region in `dir`. The
  // schema is `schema` unless the manifest records an ALTERed one. Files
  // in `adopt` (of the Region this one succeeds) are shared, not reopened.
  static Result<std::shared_ptr<Region>> Open(const std::string& dir, const TableSchema& schema,
                                              const StorageOptions& options,
                                              const std::vector<DataFilePtr>& adopt = {});
  ~Region();

  const std::string& dir() const { return dir_; }
  const TableSchema& schema() const { return schema_; }

  // Durably writes `batch` (exactly the table's batch_schema()) as puts or
  // delete markers (`op`). Returns the rows written.
  Result<int64_t> Write(const BatchPtr& batch, uint8_t op);

  // Flushes everything written before the call to Parquet files.
  Status Flush();
  // One background flush step: flushes the frozen memtable, freezing the
  // current one first if none is frozen.
  Status FlushOnce();
  // Merges the files of time windows that need it (all windows with more
  // than one file, expired rows or delete markers when `force`), drops
  // expired files.
  Status Compact(bool force);

  Result<std::unique_ptr<BatchReader>> Scan(const ScanRequest& request, ScanMetrics* metrics);

  // For the background jobs.
  bool NeedsFlush(int64_t now_ms) const;
  // True when a file has expired or a background Compact(false) would merge
  // something (see PickCompactions).
  bool NeedsCompaction(int64_t now_ms) const;
  Status SyncWal();
  // Stops accepting writes (the table was dropped).
  void Close();

  // ALTER TABLE: see the header comment. `change.source` maps the new
  // columns to this region's. On failure this region keeps working
  // unchanged (unless the new manifest was written and the new region
  // could not open: then the error says so and a restart recovers).
  Result<std::shared_ptr<Region>> Alter(const SchemaChange& change);
  // Version of the schema (0 until the first ALTER TABLE).
  uint64_t schema_version() const { return schema_version_; }
  // A reader of `file` presenting this region's internal columns.
  Result<std::unique_ptr<DataFileReader>> OpenDataFile(const DataFile& file) const;
  // The same, always opening the file afresh (no cached reader).
  Result<std::unique_ptr<DataFileReader>> OpenDataFileUncached(const DataFile& file) const;

  RegionStats stats() const;

  // Called, with the region's mutex held, when a memtable was frozen or
  // writers wait for a flush; the storage engine sets it (before any write)
  // to wake its flush thread. Must not call back into the region.
  std::function<void()> on_flush_needed;

  // Internal layout helpers, used by the scan and compaction code.
  const SchemaPtr& internal_schema() const { return internal_schema_; }
  // Layout over the full internal schema.
  const RowLayout& layout() const { return layout_; }
  const TimeSettings& time_settings() const { return time_; }
  const StorageOptions& options() const { return options_; }
  // Lower bound of visible time (TTL), or INT64_MIN.
  int64_t TtlCutoff(int64_t now_ms) const;

 private:
  struct Writer;
  Region(std::string dir, TableSchema schema, StorageOptions options, TimeSettings time);

  Status Recover(const std::vector<DataFilePtr>& adopt);
  // FlushOnce with flush_mu_ held.
  Status FlushOnceLocked();
  // REQUIRES: mu_ held by `lock`. Waits for room in the memtable.
  Status MakeRoomForWrite(std::unique_lock<std::mutex>& lock);
  // REQUIRES: mu_ held, no WAL append in flight, immutable_ == nullptr.
  Status FreezeLocked();
  // Threads that encode a flushed file: options_.flush_threads, or the cores.
  int FlushThreads() const;
  // Writes `rows` (sorted, resolved, internal layout) as one file per
  // window, encoded on FlushThreads() threads; returns their metadata (ids from next_file_id,
  // updated).
  Result<std::vector<FileMeta>> WriteFiles(const BatchPtr& rows, int level, uint64_t* next_file_id);
  // Adds `rows` (internal layout) to a file's row count, time, sequence
  // and delete statistics.
  void AddToFileMeta(const Batch& rows, FileMeta* meta) const;
  // Installs a new manifest: adds `added`, removes `removed` ids, sets the
  // flushed sequence (if non-zero). REQUIRES: manifest_mu_ held.
  Status CommitManifest(const std::vector<FileMeta>& added, const std::vector<uint64_t>& removed,
                        uint64_t flushed_sequence);
  // The sets of `group` (the files of one window) to merge: neighbours in
  // time, each at most compaction_max_input_bytes (a larger file alone).
  // All of them when `force`, else, once the window has
  // compaction_trigger_files, the first that is WorthMerging.
  std::vector<std::vector<DataFilePtr>> PickCompactions(std::vector<DataFilePtr> group,
                                                        bool force) const;
  // A background step merges a run of neighbours (sorted by time) when it
  // has at least compaction_trigger_files files or two of them share time.
  bool WorthMerging(const std::vector<DataFilePtr>& run) const;
  // Merges `files` of one window; delete markers survive unless
  // `all_files_of_window` (an excluded older file may hold rows they hide).
  Status CompactWindow(const std::vector<DataFilePtr>& files, bool all_files_of_window,
                       int64_t now_ms);

  const std::string dir_;
  const TableSchema schema_;
  const StorageOptions options_;
  const TimeSettings time_;
  SchemaPtr internal_schema_;
  RowLayout layout_;
  // From the manifest's RegionSchema (fixed for this object).
  uint64_t schema_version_ = 0;
  std::vector<uint32_t> column_ids_;
  std::vector<std::optional<std::string>> fill_text_;
  std::vector<Value> fill_;
  uint32_t next_column_id_ = 0;
  std::map<uint64_t, std::vector<uint32_t>> older_column_ids_;

  mutable std::mutex mu_;
  std::condition_variable flush_done_cv_;
  std::condition_variable writing_cv_;
  std::deque<Writer*> writers_;                 // GUARDED_BY(mu_)
  bool writing_ = false;                        // GUARDED_BY(mu_): a WAL append is in flight
  bool closed_ = false;                         // GUARDED_BY(mu_)
  uint64_t next_sequence_ = 1;                  // GUARDED_BY(mu_)
  std::shared_ptr<Memtable> mutable_;           // GUARDED_BY(mu_)
  std::shared_ptr<Memtable> immutable_;         // GUARDED_BY(mu_)
  std::vector<DataFilePtr> files_;              // GUARDED_BY(mu_)
  Status flush_error_;                          // GUARDED_BY(mu_)
  bool altering_ = false;                       // GUARDED_BY(mu_): Alter holds off writes
  std::shared_ptr<Region> successor_;           // GUARDED_BY(mu_): set by Alter
  std::shared_ptr<const SchemaChange> change_;  // GUARDED_BY(mu_)
  std::unique_ptr<WalWriter> wal_;              // appends by the leader only

  std::mutex flush_mu_;     // one flush at a time
  std::mutex compact_mu_;   // one compaction at a time
  std::mutex manifest_mu_;  // manifest_ and its file
  Manifest manifest_;       // GUARDED_BY(manifest_mu_)
};

}  // namespace copra::storage
