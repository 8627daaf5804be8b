// Manifest: the durable list of a region's live data files and how far the
// WAL has been flushed into them. One file, `<region>/MANIFEST`: JSON with a
// CRC-32C trailer (storage/file_util.h), replaced atomically (write a temp
// file, fsync, rename, fsync the directory) on every flush and compaction.
// A data file exists for readers only once the manifest lists it; files on
// disk that it does not list are leftovers of an interrupted flush or
// compaction and are deleted when the region opens.
//
// Thread safety: plain data + free functions; the Region serializes writers.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "catalog/table_schema.h"
#include "common/status.h"

namespace copra::storage {

// One immutable Parquet file of a region.
struct FileMeta {
  uint64_t id = 0;
  int64_t window_start = 0;  // start of the time window the rows belong to
  int64_t min_time = 0;      // time index range of the rows (inclusive)
  int64_t max_time = 0;
  int64_t num_rows = 0;
  int64_t num_deletes = 0;  // delete markers among num_rows
  int64_t file_bytes = 0;
  uint64_t min_sequence = 0;
  uint64_t max_sequence = 0;
  int level = 0;  // 0 = written by a flush, 1 = written by a compaction
  // Version of the region schema the file was written with (see
  // RegionSchema); its columns are that version's.
  uint64_t schema_version = 0;

  std::string FileName() const;  // "<id, 20 digits>.parquet"
};

// The region's schema after ALTER TABLE. Each column has an id that never
// changes (renames keep it, a dropped column's id is never reused), so a
// data file written under an older version is read by id: a column the
// file lacks reads as its fill value (the DEFAULT given to ADD COLUMN, or
// NULL), a column the schema dropped is ignored. Version 0 is the schema in
// table.json with ids 0, 1, 2, ... in column order.
struct RegionSchema {
  uint64_t version = 0;
  TableSchema schema;
  std::vector<uint32_t> column_ids;              // per column
  std::vector<std::optional<std::string>> fill;  // per column, as text; nullopt = NULL
  uint32_t next_column_id = 0;
  // Column ids of older versions that live files still use, in file order.
  std::map<uint64_t, std::vector<uint32_t>> older;
};

struct Manifest {
  uint64_t version = 0;
  // Every WAL row with a sequence <= this is in the listed files.
  uint64_t flushed_sequence = 0;
  uint64_t next_file_id = 1;
  std::vector<FileMeta> files;
  // Absent until the first ALTER TABLE changes the columns.
  std::optional<RegionSchema> schema;
};

// Reads `<dir>/MANIFEST`; a missing file is an empty manifest, a damaged one
// kDataCorrupted.
Result<Manifest> LoadManifest(const std::string& dir);
// Atomically replaces `<dir>/MANIFEST`.
Status StoreManifest(const std::string& dir, const Manifest& manifest);

class DataFileReader;

// A live data file, shared by the region and running scans. When a
// compaction retires it (obsolete), the last holder deletes it from disk, so
// scans that started before never lose their files. It keeps the reader
// opened first (decoded footer, statistics, page index; no file
// descriptor) for the scans after it (Region::OpenDataFile).
class DataFile {
 public:
  DataFile(FileMeta meta, std::string path) : meta_(std::move(meta)), path_(std::move(path)) {}
  ~DataFile();
  DataFile(const DataFile&) = delete;
  DataFile& operator=(const DataFile&) = delete;

  const FileMeta& meta() const { return meta_; }
  const std::string& path() const { return path_; }
  void MarkObsolete() { obsolete_.store(true); }

  // The cached reader for region schema version `version`, or nullptr.
  // Thread-safe.
  std::shared_ptr<const DataFileReader> cached_reader(uint64_t version) const {
    std::lock_guard<std::mutex> lock(cache_mu_);
    return cached_version_ == version ? cached_reader_ : nullptr;
  }
  void set_cached_reader(uint64_t version, std::shared_ptr<const DataFileReader> reader) const {
    std::lock_guard<std::mutex> lock(cache_mu_);
    cached_version_ = version;
    cached_reader_ = std::move(reader);
  }

 private:
  FileMeta meta_;
  std::string path_;
  std::atomic<bool> obsolete_{false};
  mutable std::mutex cache_mu_;
  mutable std::shared_ptr<const DataFileReader> cached_reader_;
  mutable uint64_t cached_version_ = 0;
};

using DataFilePtr = std::shared_ptr<DataFile>;

}  // namespace copra::storage
