// StorageOptions: tunables of the durable storage engine, set through
// DatabaseOptions (and the server's config file). See docs/storage.md.
#pragma once

#include <cstdint>

#include "storage/wal/wal_writer.h"

namespace copra::storage {

struct StorageOptions {
  // When a write is durable: every commit (default), on a timer, or never.
  WalSyncMode wal_sync = WalSyncMode::kEveryCommit;
  int64_t wal_sync_interval_ms = 100;  // kInterval only
  // A region's memtable is frozen and flushed at this size...
  int64_t memtable_bytes = 64 << 20;
  // ...or when its oldest write is this old.
  int64_t flush_age_ms = 5 * 60 * 1000;
  // Threads that encode the column chunks of a flushed file (the flush
  // thread included); 0: one per core, at most 4. Compaction, which runs in
  // the background, encodes on its own thread only.
  int flush_threads = 0;
  // Background compaction merges a time window once it has this many files.
  int compaction_trigger_files = 4;
  // A compaction merges runs of files that are neighbours in time, at most
  // this many bytes of (compressed) files per run, which bounds its time and
  // the size of the files it writes.
  int64_t compaction_max_input_bytes = 32 << 20;
  // Rows per Parquet row group (the unit of statistics pruning). Small
  // enough that one series' day (8640 rows at 10 s) is about one group, so
  // tag predicates skip most of a file (docs/storage.md, Performance).
  int64_t row_group_rows = 8 * 1024;
  // Use file and row-group statistics to skip data (off only for benchmarks).
  bool pruning = true;
  // A scan merges runs (files, memtables) whose time ranges overlap only at
  // their shared times, collecting those rows in memory, while it expects at
  // most this many of them; above it, it merges the whole cluster of runs
  // with a streaming k-way merge (one row group per run in memory).
  int64_t scan_max_collected_rows = 1 << 20;
};

}  // namespace copra::storage

#include <string_view>

#include "common/status.h"

namespace copra::storage {

// "every_commit" | "interval" | "never".
Result<WalSyncMode> ParseWalSyncMode(std::string_view text);
// "64MB", "1GB", "512KB", "1048576" (bytes); KB/MB/GB are powers of 1024.
Result<int64_t> ParseByteSize(std::string_view text);

}  // namespace copra::storage
