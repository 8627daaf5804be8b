// StorageEngine: the durable storage of one data directory. Owns every
// storage table's Region, the list of databases, and the background
// threads that flush memtables (by size and age), compact time windows,
// drop expired data and, in the interval fsync mode, sync WALs.
//
// On-disk layout (docs/storage.md):
//   <data_dir>/databases/<name>        one empty marker file per database
//   <data_dir>/regions/<id>/           one directory per table (region.h)
// Region ids are never reused. Creating a table writes its region
// directory under a temporary name and renames it into place; dropping one
// renames it to "<id>.dropped" before deleting it, so a crash leaves either
// the whole table or nothing.
//
// Thread safety: all methods are thread-safe.
#pragma once

#include <atomic>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "catalog/table.h"
#include "storage/storage_options.h"
#include "storage/storage_table.h"

namespace copra::storage {

class StorageEngine {
 public:
  // Opens `data_dir` (already locked by the Database), loading every table.
  static Result<std::unique_ptr<StorageEngine>> Open(const std::string& data_dir,
                                                     const StorageOptions& options);
  ~StorageEngine();

  // Databases found on disk (without "public"), and the tables.
  std::vector<std::string> databases() const;
  std::vector<std::shared_ptr<StorageTable>> tables() const;

  Status CreateDatabase(const std::string& name);
  Status DropDatabase(const std::string& name);

  // Creates the table's region and persists its definition.
  Result<std::shared_ptr<StorageTable>> CreateTable(const std::string& database,
                                                    const std::string& name,
                                                    const TableSchema& schema);
  // ALTER TABLE: renames the table (when `new_name` differs; rewrites
  // table.json atomically) and/or changes its columns (`change`, see
  // Region::Alter). Returns the table object that replaces `table`, which
  // keeps working for statements still holding it (writes are forwarded).
  Result<std::shared_ptr<StorageTable>> AlterTable(const std::shared_ptr<StorageTable>& table,
                                                   const std::string& new_name,
                                                   const SchemaChange* change);
  // Closes the region and deletes its data.
  Status DropTable(const std::shared_ptr<StorageTable>& table);

  const StorageOptions& options() const { return options_; }
  // Flushes every region (used at clean shutdown in tests and tools).
  Status FlushAll();

 private:
  StorageEngine(std::string data_dir, StorageOptions options);
  Status Load();
  void StartBackgroundJobs();
  void FlushLoop();
  void CompactionLoop();
  void WakeFlusher();
  std::vector<std::shared_ptr<StorageTable>> Snapshot() const;

  const std::string data_dir_;
  const StorageOptions options_;

  mutable std::mutex mu_;
  std::map<uint64_t, std::shared_ptr<StorageTable>> tables_;  // GUARDED_BY(mu_)
  std::vector<std::string> databases_;                        // GUARDED_BY(mu_)
  uint64_t next_region_id_ = 1;                               // GUARDED_BY(mu_)

  std::mutex jobs_mu_;
  std::condition_variable jobs_cv_;
  bool stopping_ = false;      // GUARDED_BY(jobs_mu_)
  bool flush_wanted_ = false;  // GUARDED_BY(jobs_mu_)
  std::thread flusher_;
  std::thread compactor_;
};

}  // namespace copra::storage
