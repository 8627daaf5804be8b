#include "storage/region.h"

#include <chrono>
#include <filesystem>
#include <limits>
#include <map>
#include <set>

#include "common/parallel_for.h"
#include "storage/batch_codec.h"
#include "storage/file_util.h"
#include "storage/region_scan.h"
#include "storage/wal/wal_reader.h"
#include "types/cast.h"

namespace copra::storage {

namespace fs = std::filesystem;

namespace {

int64_t NowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

constexpr int64_t kMaxGroupBytes = 32 << 20;

}  // namespace

struct Region::Writer {
  BatchPtr batch;
  uint8_t op = kOpPut;
  Status status;
  bool done = false;
  uint64_t first_seq = 0;
  std::condition_variable cv;
};

Region::Region(std::string dir, TableSchema schema, StorageOptions options, TimeSettings time)
    : dir_(std::move(dir)), schema_(std::move(schema)), options_(options), time_(time) {
  std::vector<Field> fields = schema_.batch_schema()->fields();
  const int n = static_cast<int>(fields.size());
  fields.push_back(Field{kSeqColumn, LogicalType::UInt64(), false});
  fields.push_back(Field{kOpColumn, LogicalType::UInt8(), false});
  internal_schema_ = std::make_shared<const Schema>(std::move(fields));
  layout_.time_column = schema_.time_index();
  layout_.append_mode = schema_.append_mode() || schema_.time_index() < 0;
  if (layout_.append_mode) {
    for (int c = 0; c < n; ++c) {
      if (c != schema_.time_index()) layout_.key_columns.push_back(c);
    }
  } else {
    layout_.key_columns = schema_.primary_key();
  }
  layout_.seq_column = n;
  layout_.op_column = n + 1;
  mutable_ = std::make_shared<Memtable>(internal_schema_, layout_);
}

Region::~Region() = default;

Result<std::shared_ptr<Region>> Region::Open(const std::string& dir, const TableSchema& schema,
                                             const StorageOptions& options,
                                             const std::vector<DataFilePtr>& adopt) {
  COPRA_ASSIGN_OR_RETURN(Manifest manifest, LoadManifest(dir));
  const TableSchema& effective = manifest.schema ? manifest.schema->schema : schema;
  COPRA_ASSIGN_OR_RETURN(TimeSettings time, TimeSettingsFor(effective));
  std::shared_ptr<Region> region(new Region(dir, effective, options, time));
  const size_t n = effective.num_columns();
  if (manifest.schema) {
    const RegionSchema& rs = *manifest.schema;
    region->schema_version_ = rs.version;
    region->column_ids_ = rs.column_ids;
    region->fill_text_ = rs.fill;
    region->next_column_id_ = rs.next_column_id;
    region->older_column_ids_ = rs.older;
  } else {
    for (size_t c = 0; c < n; ++c) region->column_ids_.push_back(static_cast<uint32_t>(c));
    region->fill_text_.resize(n);
    region->next_column_id_ = static_cast<uint32_t>(n);
  }
  for (size_t c = 0; c < n; ++c) {
    const LogicalType& type = effective.column(c).type;
    if (!region->fill_text_[c]) {
      region->fill_.push_back(Value::Null(type));
      continue;
    }
    Result<Value> v = CastValue(Value::String(*region->fill_text_[c]), type);
    if (!v.ok()) {
      return Status::Error(ErrorCode::kDataCorrupted, "manifest of \"" + dir +
                                                          "\": bad fill value for column \"" +
                                                          effective.column(c).name + "\"");
    }
    region->fill_.push_back(std::move(*v));
  }
  region->manifest_ = std::move(manifest);
  COPRA_RETURN_NOT_OK(region->Recover(adopt));
  return region;
}

Status Region::Recover(const std::vector<DataFilePtr>& adopt) {
  std::error_code ec;
  fs::create_directories(dir_ + "/wal", ec);
  if (!ec) fs::create_directories(dir_ + "/files", ec);
  if (ec)
    return Status::IOError("cannot create region directory \"" + dir_ + "\": " + ec.message());
  std::set<std::string> live;
  for (const FileMeta& meta : manifest_.files) {
    std::string path = dir_ + "/files/" + meta.FileName();
    live.insert(meta.FileName());
    auto same = std::find_if(adopt.begin(), adopt.end(),
                             [&](const DataFilePtr& f) { return f->meta().id == meta.id; });
    if (same != adopt.end()) {
      files_.push_back(*same);
      continue;
    }
    if (!fs::exists(path)) {
      return Status::Error(ErrorCode::kDataCorrupted,
                           "data file \"" + path + "\" listed in the manifest is missing");
    }
    files_.push_back(std::make_shared<DataFile>(meta, path));
  }
  // Leftovers of an interrupted flush or compaction.
  for (const auto& entry : fs::directory_iterator(dir_ + "/files", ec)) {
    if (live.count(entry.path().filename().string()) == 0) fs::remove(entry.path(), ec);
  }
  uint64_t last = manifest_.flushed_sequence;
  const uint64_t flushed = manifest_.flushed_sequence;
  auto apply = [&](const WalRecord& record) -> Status {
    if (record.sequence <= flushed) return Status::OK();
    Result<BatchPtr> batch = DecodeBatch(schema_.batch_schema(), record.payload);
    if (!batch.ok()) {
      return batch.status().WithPrefix("WAL of \"" + dir_ + "\", sequence " +
                                       std::to_string(record.sequence) + ": ");
    }
    const int64_t n = (*batch)->num_rows();
    if (n == 0) return Status::OK();
    uint8_t op = record.type == RecordType::kDelete ? kOpDelete : kOpPut;
    mutable_->Add(record.sequence, op, *batch);
    last = std::max(last, record.sequence + static_cast<uint64_t>(n) - 1);
    return Status::OK();
  };
  COPRA_ASSIGN_OR_RETURN(WalReplayResult replay, ReplayWal(dir_ + "/wal", apply));
  (void)replay;
  next_sequence_ = last + 1;
  COPRA_ASSIGN_OR_RETURN(wal_, WalWriter::Open(dir_ + "/wal", next_sequence_, options_.wal_sync));
  return wal_->RemoveObsolete(flushed);
}

Result<int64_t> Region::Write(const BatchPtr& batch, uint8_t op) {
  const int64_t n = batch->num_rows();
  if (n == 0) return int64_t{0};
  Writer w;
  w.batch = batch;
  w.op = op;
  std::unique_lock<std::mutex> lock(mu_);
  if (successor_ != nullptr) {
    // The table was altered: the rows go to the region that took over.
    std::shared_ptr<Region> next = successor_;
    std::shared_ptr<const SchemaChange> change = change_;
    lock.unlock();
    return next->Write(change->Apply(batch), op);
  }
  writers_.push_back(&w);
  while (!w.done && &w != writers_.front()) w.cv.wait(lock);
  if (w.done) {
    if (!w.status.ok()) return w.status;
    return n;
  }
  // This writer leads a group.
  Status st;
  while (true) {
    st = MakeRoomForWrite(lock);
    if (!st.ok() || (!writing_ && !altering_)) break;
    writing_cv_.wait(lock);
  }
  if (st.ok() && successor_ != nullptr) {
    writers_.pop_front();
    if (!writers_.empty()) writers_.front()->cv.notify_one();
    std::shared_ptr<Region> next = successor_;
    std::shared_ptr<const SchemaChange> change = change_;
    lock.unlock();
    return next->Write(change->Apply(batch), op);
  }
  std::vector<Writer*> group;
  if (st.ok()) {
    int64_t bytes = 0;
    for (Writer* x : writers_) {
      group.push_back(x);
      bytes += EstimateBatchBytes(*x->batch);
      if (bytes > kMaxGroupBytes) break;
    }
    const uint64_t first = next_sequence_;
    for (Writer* x : group) {
      x->first_seq = next_sequence_;
      next_sequence_ += static_cast<uint64_t>(x->batch->num_rows());
    }
    writing_ = true;
    lock.unlock();
    std::vector<WalRecord> records(group.size());
    std::vector<const WalRecord*> ptrs;
    for (size_t i = 0; i < group.size(); ++i) {
      records[i].type = group[i]->op == kOpDelete ? RecordType::kDelete : RecordType::kPut;
      records[i].sequence = group[i]->first_seq;
      EncodeBatch(*group[i]->batch, &records[i].payload);
      ptrs.push_back(&records[i]);
    }
    st = wal_->Append(ptrs);
    lock.lock();
    writing_ = false;
    writing_cv_.notify_all();
    if (st.ok()) {
      for (Writer* x : group) mutable_->Add(x->first_seq, x->op, x->batch);
    } else {
      next_sequence_ = first;
    }
  } else {
    group.push_back(&w);
  }
  for (Writer* x : group) {
    COPRA_CHECK(writers_.front() == x);
    writers_.pop_front();
    x->status = st;
    x->done = true;
    if (x != &w) x->cv.notify_one();
  }
  if (!writers_.empty()) writers_.front()->cv.notify_one();
  if (!st.ok()) return st;
  return n;
}

Status Region::MakeRoomForWrite(std::unique_lock<std::mutex>& lock) {
  while (true) {
    if (successor_ != nullptr) return Status::OK();  // the caller forwards
    if (altering_) {
      writing_cv_.wait(lock);
      continue;
    }
    if (closed_) {
      return Status::Error(ErrorCode::kUndefinedTable, "the table was dropped");
    }
    if (mutable_->bytes() < options_.memtable_bytes) return Status::OK();
    if (immutable_ != nullptr) {
      if (!flush_error_.ok()) {
        return flush_error_.WithPrefix(
            "cannot write: the memtable is full and flushing it failed: ");
      }
      if (on_flush_needed) on_flush_needed();
      flush_done_cv_.wait_for(lock, std::chrono::milliseconds(100));
      continue;
    }
    while (writing_) writing_cv_.wait(lock);
    COPRA_RETURN_NOT_OK(FreezeLocked());
    if (on_flush_needed) on_flush_needed();
  }
}

Status Region::FreezeLocked() {
  COPRA_CHECK(immutable_ == nullptr && !writing_);
  if (mutable_->empty()) return Status::OK();
  COPRA_RETURN_NOT_OK(wal_->Rotate(next_sequence_));
  immutable_ = mutable_;
  mutable_ = std::make_shared<Memtable>(internal_schema_, layout_);
  return Status::OK();
}

Status Region::FlushOnce() {
  std::lock_guard<std::mutex> flush_lock(flush_mu_);
  return FlushOnceLocked();
}

Status Region::FlushOnceLocked() {
  std::shared_ptr<Memtable> imm;
  {
    std::unique_lock<std::mutex> lock(mu_);
    if (closed_) return Status::OK();
    if (immutable_ == nullptr) {
      while (writing_) writing_cv_.wait(lock);
      COPRA_RETURN_NOT_OK(FreezeLocked());
    }
    imm = immutable_;
  }
  if (imm == nullptr) return Status::OK();
  ParallelFor gang(FlushThreads());
  BatchPtr rows = imm->SortedRows(&gang);
  if (time_.ttl_ticks && layout_.time_column >= 0) {
    rows = FilterTimeRange(rows, layout_.time_column, TtlCutoff(NowMillis()),
                           std::numeric_limits<int64_t>::max());
  }
  Status st;
  std::vector<FileMeta> metas;
  {
    std::lock_guard<std::mutex> manifest_lock(manifest_mu_);
    uint64_t next_id = manifest_.next_file_id;
    Result<std::vector<FileMeta>> written = WriteFiles(rows, 0, &next_id);
    if (written.ok()) {
      metas = std::move(*written);
      manifest_.next_file_id = next_id;
      st = CommitManifest(metas, {}, imm->max_sequence());
      if (!st.ok()) {
        for (const FileMeta& m : metas) fs::remove(dir_ + "/files/" + m.FileName());
      }
    } else {
      st = written.status();
    }
  }
  std::lock_guard<std::mutex> lock(mu_);
  if (st.ok()) {
    immutable_.reset();
    for (const FileMeta& m : metas) {
      files_.push_back(std::make_shared<DataFile>(m, dir_ + "/files/" + m.FileName()));
    }
    flush_error_ = Status::OK();
    // Only now that the manifest holds the rows may the WAL forget them.
    Status removed = wal_->RemoveObsolete(imm->max_sequence());
    (void)removed;  // harmless leftovers; removed on a later flush or open
  } else {
    flush_error_ = st;
  }
  flush_done_cv_.notify_all();
  return st;
}

Status Region::Flush() {
  uint64_t target;
  {
    std::lock_guard<std::mutex> lock(mu_);
    target = next_sequence_ - 1;
  }
  for (int i = 0; i < 4; ++i) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (immutable_ == nullptr && mutable_->empty()) return Status::OK();
    }
    {
      std::lock_guard<std::mutex> manifest_lock(manifest_mu_);
      if (manifest_.flushed_sequence >= target) return Status::OK();
    }
    COPRA_RETURN_NOT_OK(FlushOnce());
  }
  return Status::OK();
}

Status Region::CommitManifest(const std::vector<FileMeta>& added,
                              const std::vector<uint64_t>& removed, uint64_t flushed_sequence) {
  Manifest next = manifest_;
  ++next.version;
  std::vector<FileMeta> files;
  for (const FileMeta& f : next.files) {
    if (std::find(removed.begin(), removed.end(), f.id) == removed.end()) files.push_back(f);
  }
  for (const FileMeta& f : added) files.push_back(f);
  next.files = std::move(files);
  next.flushed_sequence = std::max(next.flushed_sequence, flushed_sequence);
  COPRA_RETURN_NOT_OK(StoreManifest(dir_, next));
  manifest_ = std::move(next);
  return Status::OK();
}

bool Region::NeedsFlush(int64_t now_ms) const {
  std::lock_guard<std::mutex> lock(mu_);
  if (closed_) return false;
  if (immutable_ != nullptr) return true;
  if (mutable_->empty()) return false;
  if (mutable_->bytes() >= options_.memtable_bytes) return true;
  return now_ms - mutable_->first_write_ms() >= options_.flush_age_ms;
}

bool Region::NeedsCompaction(int64_t now_ms) const {
  std::lock_guard<std::mutex> lock(mu_);
  if (closed_) return false;
  const int64_t cutoff = TtlCutoff(now_ms);
  std::map<int64_t, std::vector<DataFilePtr>> windows;
  for (const DataFilePtr& f : files_) {
    if (f->meta().max_time < cutoff) return true;
    windows[f->meta().window_start].push_back(f);
  }
  for (auto& [window, group] : windows) {
    if (!PickCompactions(std::move(group), /*force=*/false).empty()) return true;
  }
  return false;
}

int64_t Region::TtlCutoff(int64_t now_ms) const {
  if (!time_.ttl_ticks || layout_.time_column < 0) return std::numeric_limits<int64_t>::min();
  int64_t now_ticks =
      time_.ticks_per_second >= 1000 ? now_ms * (time_.ticks_per_second / 1000) : now_ms / 1000;
  return now_ticks - *time_.ttl_ticks;
}

Status Region::SyncWal() {
  std::unique_lock<std::mutex> lock(mu_);
  while (writing_) writing_cv_.wait(lock);
  if (wal_ == nullptr) return Status::OK();  // handed over by Alter
  writing_ = true;
  lock.unlock();
  Status st = wal_->Sync();
  lock.lock();
  writing_ = false;
  writing_cv_.notify_all();
  return st;
}

void Region::Close() {
  std::lock_guard<std::mutex> lock(mu_);
  closed_ = true;
}

Result<std::unique_ptr<BatchReader>> Region::Scan(const ScanRequest& request,
                                                  ScanMetrics* metrics) {
  RegionSnapshot snapshot;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (immutable_ != nullptr) snapshot.memtables.push_back(immutable_);
    snapshot.memtables.push_back(mutable_);
    snapshot.files = files_;
  }
  return OpenRegionScan(*this, std::move(snapshot), request, metrics);
}

RegionStats Region::stats() const {
  std::lock_guard<std::mutex> lock(mu_);
  RegionStats s;
  s.memtable_rows = mutable_->rows() + (immutable_ ? immutable_->rows() : 0);
  s.memtable_bytes = mutable_->bytes() + (immutable_ ? immutable_->bytes() : 0);
  s.files = static_cast<int64_t>(files_.size());
  for (const DataFilePtr& f : files_) s.file_rows += f->meta().num_rows;
  s.last_sequence = next_sequence_ - 1;
  return s;
}

}  // namespace copra::storage
