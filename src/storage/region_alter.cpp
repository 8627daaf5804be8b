// Region: ALTER TABLE (schema versions) and reading files written under
// older schema versions.
//
// Alter keeps the WAL free of rows in two schemas: it holds writers off,
// flushes every memtable (so the manifest's flushed_sequence covers every
// WAL record written so far), then records the new schema in the manifest
// — one atomic replace. A crash before that leaves the old schema and the
// flushed rows; after it, the new schema, and the WAL holds only records
// the flushed sequence covers, which replay skips before decoding them.
#include <algorithm>

#include "storage/region.h"

namespace copra::storage {

Result<std::unique_ptr<DataFileReader>> Region::OpenDataFile(const DataFile& file) const {
  // Files are immutable: the first open's decoded footer, statistics and
  // page index serve every later scan of this schema version.
  if (auto cached = file.cached_reader(schema_version_)) return cached->Reopen();
  COPRA_ASSIGN_OR_RETURN(std::unique_ptr<DataFileReader> opened, OpenDataFileUncached(file));
  std::shared_ptr<DataFileReader> shared = std::move(opened);
  COPRA_ASSIGN_OR_RETURN(std::unique_ptr<DataFileReader> reader, shared->Reopen());
  shared->ReleaseFile();
  file.set_cached_reader(schema_version_, std::move(shared));
  return reader;
}

Result<std::unique_ptr<DataFileReader>> Region::OpenDataFileUncached(const DataFile& file) const {
  const uint64_t version = file.meta().schema_version;
  if (version == schema_version_) return DataFileReader::Open(file.path(), internal_schema_);
  auto older = older_column_ids_.find(version);
  if (older == older_column_ids_.end()) {
    return Status::Error(ErrorCode::kDataCorrupted,
                         "data file \"" + file.path() + "\" has schema version " +
                             std::to_string(version) + ", which the manifest does not describe");
  }
  const std::vector<uint32_t>& ids = older->second;
  FileColumnMap map;
  for (size_t c = 0; c < column_ids_.size(); ++c) {
    auto it = std::find(ids.begin(), ids.end(), column_ids_[c]);
    map.file_column.push_back(it == ids.end() ? -1 : static_cast<int>(it - ids.begin()));
    map.fill.push_back(fill_[c]);
  }
  // __seq and __op follow the table columns in every file.
  map.file_column.push_back(static_cast<int>(ids.size()));
  map.fill.push_back(Value::Null(LogicalType::UInt64()));
  map.file_column.push_back(static_cast<int>(ids.size()) + 1);
  map.fill.push_back(Value::Null(LogicalType::UInt8()));
  return DataFileReader::Open(file.path(), internal_schema_, &map);
}

Result<std::shared_ptr<Region>> Region::Alter(const SchemaChange& change) {
  std::lock_guard<std::mutex> flush_lock(flush_mu_);
  std::lock_guard<std::mutex> compact_lock(compact_mu_);
  {
    std::unique_lock<std::mutex> lock(mu_);
    if (closed_ || successor_ != nullptr) {
      return Status::Error(ErrorCode::kUndefinedTable, "the table was dropped or altered");
    }
    altering_ = true;
    while (writing_) writing_cv_.wait(lock);
  }
  auto resume = [this] {
    std::lock_guard<std::mutex> lock(mu_);
    altering_ = false;
    writing_cv_.notify_all();
    flush_done_cv_.notify_all();
  };
  // Everything written so far goes to files of the current schema.
  for (int i = 0; i < 3; ++i) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (immutable_ == nullptr && mutable_->empty()) break;
    }
    Status st = FlushOnceLocked();
    if (!st.ok()) {
      resume();
      return st.WithPrefix("ALTER TABLE could not flush the table first: ");
    }
  }
  bool drained;
  {
    std::lock_guard<std::mutex> lock(mu_);
    drained = immutable_ == nullptr && mutable_->empty();
  }
  if (!drained) {
    resume();
    return Status::Error(ErrorCode::kInternal, "ALTER TABLE: the memtable did not drain");
  }
  RegionSchema next;
  next.version = schema_version_ + 1;
  next.schema = change.schema;
  next.next_column_id = next_column_id_;
  next.older = older_column_ids_;
  next.older[schema_version_] = column_ids_;
  for (size_t c = 0; c < change.source.size(); ++c) {
    const int from = change.source[c];
    if (from >= 0) {
      next.column_ids.push_back(column_ids_[static_cast<size_t>(from)]);
      next.fill.push_back(fill_text_[static_cast<size_t>(from)]);
    } else {
      next.column_ids.push_back(next.next_column_id++);
      const Value& fill = change.fill[c];
      next.fill.push_back(fill.is_null() ? std::nullopt
                                         : std::optional<std::string>(fill.ToString()));
    }
  }
  {
    std::lock_guard<std::mutex> manifest_lock(manifest_mu_);
    Manifest m = manifest_;
    ++m.version;
    m.schema = std::move(next);
    Status st = StoreManifest(dir_, m);
    if (!st.ok()) {
      resume();
      return st.WithPrefix("ALTER TABLE could not record the new schema: ");
    }
    manifest_ = std::move(m);
  }
  // From here on the directory belongs to the new schema.
  std::vector<DataFilePtr> files;
  {
    std::lock_guard<std::mutex> lock(mu_);
    wal_.reset();
    closed_ = true;
    files = files_;
  }
  Result<std::shared_ptr<Region>> opened = Open(dir_, change.schema, options_, files);
  std::lock_guard<std::mutex> lock(mu_);
  altering_ = false;
  writing_cv_.notify_all();
  flush_done_cv_.notify_all();
  if (!opened.ok()) {
    return opened.status().WithPrefix(
        "ALTER TABLE recorded the new schema but could not reopen the table (restart to "
        "recover it): ");
  }
  (*opened)->on_flush_needed = on_flush_needed;
  successor_ = *opened;
  change_ = std::make_shared<const SchemaChange>(change);
  return *opened;
}

}  // namespace copra::storage
