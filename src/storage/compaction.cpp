// Region: writing data files (flush and compaction output) and compaction.
//
// Compaction merges files of one time window — all of them, or runs of
// neighbours in time up to compaction_max_input_bytes each — with a streaming
// k-way merge (storage/sorted_merge.h: one row group per input in memory):
// versions are resolved, expired rows (TTL) removed, and,
// when every file of the window takes part, delete markers dropped (every
// older version they could hide is in the merged files: memtable rows are
// always newer). It reads without holding the region's
// locks, so reads and writes go on; only the manifest swap is exclusive.
// Retired files are deleted once the last scan using them ends.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <limits>
#include <map>
#include <thread>

#include "storage/column_concat.h"
#include "storage/data_file_io.h"
#include "storage/region.h"
#include "storage/sorted_merge.h"
#include "vector/selection.h"

namespace copra::storage {

namespace fs = std::filesystem;

namespace {

int64_t NowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

int Region::FlushThreads() const {
  if (options_.flush_threads > 0) return options_.flush_threads;
  return static_cast<int>(std::clamp(std::thread::hardware_concurrency(), 1u, 4u));
}

std::vector<std::vector<DataFilePtr>> Region::PickCompactions(std::vector<DataFilePtr> group,
                                                              bool force) const {
  const bool triggered = options_.compaction_trigger_files > 0 &&
                         static_cast<int>(group.size()) >= options_.compaction_trigger_files;
  if (!force && !triggered) return {};
  // Neighbours in time, so that outputs do not overlap the files left out
  // (merging the smallest files regardless of time made level-1 files that
  // spanned others, which every scan then had to merge).
  std::sort(group.begin(), group.end(), [](const DataFilePtr& a, const DataFilePtr& b) {
    if (a->meta().min_time != b->meta().min_time) return a->meta().min_time < b->meta().min_time;
    if (a->meta().max_time != b->meta().max_time) return a->meta().max_time < b->meta().max_time;
    return a->meta().id < b->meta().id;
  });
  // Files that share time (each overlapping the span of those before it)
  // form a cluster; whole clusters are packed into runs of at most the
  // budget, so that files that share time are merged in one step. A cluster
  // over the budget is cut into runs of its own.
  const int64_t budget = options_.compaction_max_input_bytes;
  std::vector<std::vector<DataFilePtr>> clusters;
  int64_t cluster_end = 0;
  for (const DataFilePtr& f : group) {
    if (clusters.empty() || f->meta().min_time > cluster_end) {
      clusters.emplace_back();
      cluster_end = f->meta().max_time;
    }
    clusters.back().push_back(f);
    cluster_end = std::max(cluster_end, f->meta().max_time);
  }
  std::vector<std::vector<DataFilePtr>> segments;
  int64_t bytes = 0;
  auto add = [&](const DataFilePtr& f, bool new_run) {
    if (new_run || segments.empty() || bytes + f->meta().file_bytes > budget) {
      segments.emplace_back();
      bytes = 0;
    }
    segments.back().push_back(f);
    bytes += f->meta().file_bytes;
  };
  for (const std::vector<DataFilePtr>& cluster : clusters) {
    int64_t cluster_bytes = 0;
    for (const DataFilePtr& f : cluster) cluster_bytes += f->meta().file_bytes;
    const bool oversized = cluster_bytes > budget;
    const bool fits = !segments.empty() && bytes + cluster_bytes <= budget;
    for (size_t i = 0; i < cluster.size(); ++i) add(cluster[i], i == 0 && (oversized || !fits));
    if (oversized) bytes = budget;  // nothing joins the cluster's last run
  }
  if (force) return segments;
  // One step in the background: the first run of neighbours worth merging.
  for (auto& segment : segments) {
    if (WorthMerging(segment)) return {std::move(segment)};
  }
  return {};
}

bool Region::WorthMerging(const std::vector<DataFilePtr>& run) const {
  if (run.size() < 2) return false;
  // Many small files: one step merges at least the trigger's number.
  if (static_cast<int>(run.size()) >= options_.compaction_trigger_files) return true;
  // Files sharing time: every scan of that time merges them (and duplicates
  // or delete markers may wait there to be resolved). Files that share no
  // time are left as they are: a merge would rewrite every row for no
  // pruning gain, and in a time-ordered load it would do so for every flush.
  int64_t max_time = run.front()->meta().max_time;
  for (size_t i = 1; i < run.size(); ++i) {
    if (run[i]->meta().min_time <= max_time) return true;
    max_time = std::max(max_time, run[i]->meta().max_time);
  }
  return false;
}

void Region::AddToFileMeta(const Batch& rows, FileMeta* meta) const {
  const int tcol = layout_.time_column;
  const uint64_t* seq = rows.column(static_cast<size_t>(layout_.seq_column))->data<uint64_t>();
  const uint8_t* op = rows.column(static_cast<size_t>(layout_.op_column))->data<uint8_t>();
  const int64_t* t = tcol >= 0 ? rows.column(static_cast<size_t>(tcol))->data<int64_t>() : nullptr;
  meta->num_rows += rows.num_rows();
  for (int64_t i = 0; i < rows.num_rows(); ++i) {
    meta->min_sequence = std::min(meta->min_sequence, seq[i]);
    meta->max_sequence = std::max(meta->max_sequence, seq[i]);
    if (op[i] != kOpPut) ++meta->num_deletes;
    int64_t ti = t != nullptr ? t[i] : 0;
    meta->min_time = std::min(meta->min_time, ti);
    meta->max_time = std::max(meta->max_time, ti);
  }
}

Result<std::vector<FileMeta>> Region::WriteFiles(const BatchPtr& rows, int level,
                                                 uint64_t* next_file_id) {
  std::vector<FileMeta> out;
  if (rows == nullptr || rows->num_rows() == 0) return out;
  const int tcol = layout_.time_column;
  std::map<int64_t, std::vector<int32_t>> windows;
  if (tcol >= 0) {
    const int64_t* t = rows->column(static_cast<size_t>(tcol))->data<int64_t>();
    for (int64_t i = 0; i < rows->num_rows(); ++i) {
      windows[WindowStart(t[i], time_.window_ticks)].push_back(static_cast<int32_t>(i));
    }
  }
  auto write_one = [&](const BatchPtr& part, int64_t window) -> Status {
    FileMeta meta;
    meta.id = (*next_file_id)++;
    meta.window_start = window;
    meta.level = level;
    meta.schema_version = schema_version_;
    meta.min_sequence = std::numeric_limits<uint64_t>::max();
    meta.min_time = std::numeric_limits<int64_t>::max();
    meta.max_time = std::numeric_limits<int64_t>::min();
    AddToFileMeta(*part, &meta);
    std::string path = dir_ + "/files/" + meta.FileName();
    Result<int64_t> bytes = WriteDataFile(path, part, options_.row_group_rows, FlushThreads());
    if (!bytes.ok()) return bytes.status();
    meta.file_bytes = *bytes;
    out.push_back(meta);
    return Status::OK();
  };
  Status st;
  if (tcol < 0) {
    st = write_one(rows, 0);
  } else if (windows.size() == 1) {
    st = write_one(rows, windows.begin()->first);
  } else {
    for (auto& [window, idx] : windows) {
      st = write_one(TakeBatch(*rows, idx.data(), static_cast<int64_t>(idx.size())), window);
      if (!st.ok()) break;
    }
  }
  if (!st.ok()) {
    std::error_code ec;
    for (const FileMeta& m : out) fs::remove(dir_ + "/files/" + m.FileName(), ec);
    return st;
  }
  return out;
}

Status Region::Compact(bool force) {
  std::lock_guard<std::mutex> compact_lock(compact_mu_);
  const int64_t now = NowMillis();
  const int64_t cutoff = TtlCutoff(now);
  std::vector<DataFilePtr> files;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (closed_) return Status::OK();
    files = files_;
  }
  std::vector<uint64_t> expired;
  std::map<int64_t, std::vector<DataFilePtr>> windows;
  for (const DataFilePtr& f : files) {
    if (f->meta().max_time < cutoff) {
      expired.push_back(f->meta().id);
    } else {
      windows[f->meta().window_start].push_back(f);
    }
  }
  if (!expired.empty()) {
    {
      std::lock_guard<std::mutex> manifest_lock(manifest_mu_);
      COPRA_RETURN_NOT_OK(CommitManifest({}, expired, 0));
    }
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<DataFilePtr> kept;
    for (const DataFilePtr& f : files_) {
      if (std::find(expired.begin(), expired.end(), f->meta().id) != expired.end()) {
        f->MarkObsolete();
      } else {
        kept.push_back(f);
      }
    }
    files_ = std::move(kept);
  }
  for (auto& [window, group] : windows) {
    for (const std::vector<DataFilePtr>& chosen : PickCompactions(group, force)) {
      const bool all = chosen.size() == group.size();
      bool needed = chosen.size() > 1;
      if (force) {
        for (const DataFilePtr& f : chosen) {
          needed = needed || (all && f->meta().num_deletes > 0) || f->meta().min_time < cutoff ||
                   f->meta().schema_version != schema_version_;  // rewrite to the new schema
        }
      }
      if (needed) COPRA_RETURN_NOT_OK(CompactWindow(chosen, all, now));
    }
  }
  return Status::OK();
}

Status Region::CompactWindow(const std::vector<DataFilePtr>& files, bool all_files_of_window,
                             int64_t now_ms) {
  // A streaming k-way merge: one row group per input file and one output
  // row group in memory at a time.
  std::vector<SortedMergeReader::Source> sources;
  for (const DataFilePtr& f : files) {
    COPRA_ASSIGN_OR_RETURN(std::shared_ptr<DataFileReader> reader, OpenDataFile(*f));
    std::vector<int> all;
    for (size_t c = 0; c < internal_schema_->num_fields(); ++c) all.push_back(static_cast<int>(c));
    auto next_group = std::make_shared<int>(0);
    SchemaPtr schema = internal_schema_;
    sources.push_back([reader, next_group, all, schema]() -> Result<BatchPtr> {
      if (*next_group >= reader->num_row_groups()) return BatchPtr();
      return reader->Read((*next_group)++, all, schema);
    });
  }
  SortedMergeReader merge(internal_schema_, layout_, std::move(sources),
                          /*keep_tombstones=*/!all_files_of_window, options_.row_group_rows);
  uint64_t first_id;
  {
    std::lock_guard<std::mutex> manifest_lock(manifest_mu_);
    first_id = manifest_.next_file_id;
    manifest_.next_file_id += 64;  // reserved for this compaction's outputs
  }
  FileMeta meta;
  meta.id = first_id;
  meta.window_start = files.front()->meta().window_start;
  meta.level = 1;
  meta.schema_version = schema_version_;
  meta.min_sequence = std::numeric_limits<uint64_t>::max();
  meta.min_time = std::numeric_limits<int64_t>::max();
  meta.max_time = std::numeric_limits<int64_t>::min();
  const std::string path = dir_ + "/files/" + meta.FileName();
  std::unique_ptr<DataFileWriter> writer;
  const int64_t cutoff = TtlCutoff(now_ms);
  while (true) {
    COPRA_ASSIGN_OR_RETURN(BatchPtr rows, merge.Next());
    if (rows == nullptr) break;
    rows = FilterTimeRange(rows, layout_.time_column, cutoff, std::numeric_limits<int64_t>::max());
    if (rows->num_rows() == 0) continue;
    AddToFileMeta(*rows, &meta);
    if (writer == nullptr) {
      COPRA_ASSIGN_OR_RETURN(writer,
                             DataFileWriter::Open(path, internal_schema_, options_.row_group_rows));
    }
    COPRA_RETURN_NOT_OK(writer->Write(*rows));
  }
  std::vector<FileMeta> outputs;
  if (writer != nullptr) {
    COPRA_ASSIGN_OR_RETURN(meta.file_bytes, writer->Finish());
    outputs.push_back(meta);
  }
  std::vector<uint64_t> removed;
  for (const DataFilePtr& f : files) removed.push_back(f->meta().id);
  {
    std::lock_guard<std::mutex> manifest_lock(manifest_mu_);
    Status st = CommitManifest(outputs, removed, 0);
    if (!st.ok()) {
      std::error_code ec;
      for (const FileMeta& m : outputs) fs::remove(dir_ + "/files/" + m.FileName(), ec);
      return st;
    }
  }
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<DataFilePtr> kept;
  for (const DataFilePtr& f : files_) {
    if (std::find(removed.begin(), removed.end(), f->meta().id) != removed.end()) {
      f->MarkObsolete();
    } else {
      kept.push_back(f);
    }
  }
  for (const FileMeta& m : outputs) {
    kept.push_back(std::make_shared<DataFile>(m, dir_ + "/files/" + m.FileName()));
  }
  files_ = std::move(kept);
  return Status::OK();
}

}  // namespace copra::storage
