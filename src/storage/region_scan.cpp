#include "storage/region_scan.h"

#include <algorithm>
#include <chrono>
#include <deque>
#include <limits>
#include <set>

#include "storage/column_concat.h"
#include "storage/data_file_io.h"
#include "storage/region.h"
#include "storage/row_versions.h"
#include "storage/scan_aggregation.h"
#include "storage/stats_pruning.h"
#include "vector/selection.h"

namespace copra::storage {

namespace {

int64_t NowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// One sorted, resolved source of rows: a memtable's rows or a data file.
struct Run {
  BatchPtr rows;     // memtable rows (internal layout), already cut to the time range
  DataFilePtr file;  // or a file
  int64_t min_time = 0;
  int64_t max_time = 0;
};

// Runs whose time ranges overlap (transitively); they must be merged.
using Cluster = std::vector<Run>;

void MinMaxTime(const Batch& rows, int time_column, int64_t* lo, int64_t* hi) {
  *lo = std::numeric_limits<int64_t>::max();
  *hi = std::numeric_limits<int64_t>::min();
  if (time_column < 0) {
    *lo = *hi = 0;
    return;
  }
  const int64_t* t = rows.column(static_cast<size_t>(time_column))->data<int64_t>();
  for (int64_t i = 0; i < rows.num_rows(); ++i) {
    *lo = std::min(*lo, t[i]);
    *hi = std::max(*hi, t[i]);
  }
}

class RegionScanReader : public BatchReader {
 public:
  RegionScanReader(const Region& region, std::vector<Cluster> clusters, const ScanRequest& request,
                   int64_t lo, int64_t hi, ScanMetrics* metrics)
      : region_(region),
        clusters_(std::move(clusters)),
        request_(request),
        lo_(lo),
        hi_(hi),
        metrics_(metrics) {
    const TableSchema& schema = region.schema();
    std::vector<Field> fields;
    for (int c : request.projection) {
      const TableColumn& col = schema.column(static_cast<size_t>(c));
      fields.push_back(Field{col.name, col.type, col.nullable});
    }
    schema_ = std::make_shared<const Schema>(std::move(fields));
    // Conjuncts usable for pruning overlapping sources: those over key
    // columns and the time index only.
    const RowLayout& layout = region.layout();
    for (const auto& f : request.filters) {
      std::vector<int> cols;
      f->CollectColumns(&cols);
      bool key_only = true;
      for (int c : cols) {
        if (c != layout.time_column &&
            std::find(layout.key_columns.begin(), layout.key_columns.end(), c) ==
                layout.key_columns.end()) {
          key_only = false;
        }
      }
      if (key_only) key_filters_.push_back(f);
    }
  }

  const SchemaPtr& schema() const override { return schema_; }

  Result<BatchPtr> Next() override {
    while (true) {
      if (request_.limit && emitted_ >= *request_.limit) return BatchPtr();
      if (!pending_.empty()) {
        BatchPtr b = pending_.front();
        pending_.pop_front();
        if (b->num_rows() == 0) continue;
        if (b->num_rows() > request_.batch_size) {
          pending_.push_front(b->Slice(request_.batch_size, b->num_rows() - request_.batch_size));
          b = b->Slice(0, request_.batch_size);
        }
        emitted_ += b->num_rows();
        return b;
      }
      if (file_reader_ != nullptr) {
        COPRA_RETURN_NOT_OK(NextRowGroupOfSingleFile());
        continue;
      }
      if (next_cluster_ >= clusters_.size()) return BatchPtr();
      COPRA_RETURN_NOT_OK(StartCluster(clusters_[next_cluster_++]));
    }
  }

 private:
  const RowLayout& layout() const { return region_.layout(); }

  // Columns, by internal index and ascending, plus the schema of a batch of them.
  struct ColumnSet {
    std::vector<int> columns;
    SchemaPtr schema;
    int PositionOf(int column) const {
      auto it = std::lower_bound(columns.begin(), columns.end(), column);
      return it != columns.end() && *it == column ? static_cast<int>(it - columns.begin()) : -1;
    }
  };
  ColumnSet MakeColumnSet(std::set<int> cols) const {
    ColumnSet set;
    set.columns.assign(cols.begin(), cols.end());
    std::vector<Field> fields;
    for (int c : set.columns)
      fields.push_back(region_.internal_schema()->field(static_cast<size_t>(c)));
    set.schema = std::make_shared<const Schema>(std::move(fields));
    return set;
  }
  BatchPtr Select(const BatchPtr& full, const ColumnSet& set) const {
    std::vector<ColumnPtr> cols;
    for (int c : set.columns) cols.push_back(full->column(static_cast<size_t>(c)));
    return Batch::Make(set.schema, std::move(cols), full->num_rows());
  }
  BatchPtr Project(const BatchPtr& rows, const ColumnSet& set) const {
    std::vector<ColumnPtr> cols;
    for (int c : request_.projection)
      cols.push_back(rows->column(static_cast<size_t>(set.PositionOf(c))));
    return Batch::Make(schema_, std::move(cols), rows->num_rows());
  }

  bool Pruning() const { return region_.options().pruning; }

  // Row groups of `reader` that may hold wanted rows.
  std::vector<int> SelectRowGroups(const DataFileReader& reader, bool key_filters_only) {
    std::vector<int> out;
    const auto& filters = key_filters_only ? key_filters_ : request_.filters;
    for (int rg = 0; rg < reader.num_row_groups(); ++rg) {
      bool keep = true;
      if (Pruning()) {
        if (layout().time_column >= 0) {
          const ColumnRange* t = reader.range(rg, layout().time_column);
          if (t->min && t->max && !t->min->is_null() && !t->max->is_null() &&
              (t->max->GetInt64() < lo_ || t->min->GetInt64() >= hi_)) {
            keep = false;
          }
        }
        auto range_of = [&](int column) { return reader.range(rg, column); };
        for (size_t i = 0; keep && i < filters.size(); ++i) {
          if (!MayMatch(*filters[i], range_of)) keep = false;
        }
      }
      if (keep) {
        out.push_back(rg);
        ++metrics_->row_groups_scanned;
        metrics_->bytes_scanned += reader.row_group_bytes(rg);
      } else {
        ++metrics_->row_groups_pruned;
      }
    }
    return out;
  }

  Status StartCluster(const Cluster& cluster) {
    if (cluster.size() == 1 && cluster[0].file == nullptr) {
      // Memtable rows alone: already sorted, resolved and cut to the range.
      BatchPtr rows = DropTombstones(cluster[0].rows, layout().op_column);
      std::set<int> all;
      for (size_t c = 0; c < region_.internal_schema()->num_fields(); ++c)
        all.insert(static_cast<int>(c));
      pending_.push_back(Project(rows, MakeColumnSet(all)));
      return Status::OK();
    }
    if (cluster.size() == 1) return StartSingleFile(cluster[0]);
    return MergeCluster(cluster);
  }

  Status StartSingleFile(const Run& run) {
    const FileMeta& meta = run.file->meta();
    ++metrics_->files_scanned;
    COPRA_ASSIGN_OR_RETURN(file_reader_, region_.OpenDataFile(*run.file));
    file_groups_ = SelectRowGroups(*file_reader_, /*key_filters_only=*/false);
    next_group_ = 0;
    std::set<int> cols(request_.projection.begin(), request_.projection.end());
    cut_time_ = layout().time_column >= 0 && (meta.min_time < lo_ || meta.max_time >= hi_);
    if (cut_time_) cols.insert(layout().time_column);
    has_deletes_ = meta.num_deletes > 0;
    if (has_deletes_) cols.insert(layout().op_column);
    file_columns_ = MakeColumnSet(std::move(cols));
    return Status::OK();
  }

  Status NextRowGroupOfSingleFile() {
    if (next_group_ >= file_groups_.size()) {
      file_reader_.reset();
      return Status::OK();
    }
    int rg = file_groups_[next_group_++];
    COPRA_ASSIGN_OR_RETURN(BatchPtr rows,
                           file_reader_->Read(rg, file_columns_.columns, file_columns_.schema));
    if (cut_time_) {
      rows = FilterTimeRange(rows, file_columns_.PositionOf(layout().time_column), lo_, hi_);
    }
    if (has_deletes_) rows = DropTombstones(rows, file_columns_.PositionOf(layout().op_column));
    pending_.push_back(Project(rows, file_columns_));
    return Status::OK();
  }

  Status MergeCluster(const Cluster& cluster) {
    std::set<int> cols(request_.projection.begin(), request_.projection.end());
    for (int k : layout().key_columns) cols.insert(k);
    if (layout().time_column >= 0) cols.insert(layout().time_column);
    cols.insert(layout().seq_column);
    cols.insert(layout().op_column);
    ColumnSet set = MakeColumnSet(std::move(cols));
    std::vector<BatchPtr> parts;
    for (const Run& run : cluster) {
      if (run.file == nullptr) {
        parts.push_back(Select(run.rows, set));
        continue;
      }
      ++metrics_->files_scanned;
      COPRA_ASSIGN_OR_RETURN(auto reader, region_.OpenDataFile(*run.file));
      for (int rg : SelectRowGroups(*reader, /*key_filters_only=*/true)) {
        COPRA_ASSIGN_OR_RETURN(BatchPtr rows, reader->Read(rg, set.columns, set.schema));
        parts.push_back(std::move(rows));
      }
    }
    if (parts.empty()) return Status::OK();
    int64_t n = 0;
    for (const BatchPtr& p : parts) n += p->num_rows();
    std::vector<ColumnPtr> columns;
    for (size_t c = 0; c < set.columns.size(); ++c) {
      std::vector<ColumnPtr> pieces;
      for (const BatchPtr& p : parts) pieces.push_back(p->column(c));
      columns.push_back(ConcatenateColumns(pieces));
    }
    RowLayout remapped;
    for (int k : layout().key_columns) remapped.key_columns.push_back(set.PositionOf(k));
    remapped.time_column = layout().time_column >= 0 ? set.PositionOf(layout().time_column) : -1;
    remapped.seq_column = set.PositionOf(layout().seq_column);
    remapped.op_column = set.PositionOf(layout().op_column);
    remapped.append_mode = layout().append_mode;
    BatchPtr merged = SortAndResolve(Batch::Make(set.schema, std::move(columns), n), remapped,
                                     /*keep_tombstones=*/false);
    merged = FilterTimeRange(merged, remapped.time_column, lo_, hi_);
    pending_.push_back(Project(merged, set));
    return Status::OK();
  }

  const Region& region_;
  std::vector<Cluster> clusters_;
  ScanRequest request_;
  int64_t lo_, hi_;
  ScanMetrics* metrics_;
  SchemaPtr schema_;
  std::vector<std::shared_ptr<const BoundExpr>> key_filters_;
  size_t next_cluster_ = 0;
  std::deque<BatchPtr> pending_;
  int64_t emitted_ = 0;
  // Streaming a single file.
  std::unique_ptr<DataFileReader> file_reader_;
  std::vector<int> file_groups_;
  size_t next_group_ = 0;
  bool cut_time_ = false;
  bool has_deletes_ = false;
  ColumnSet file_columns_;
};

}  // namespace

Result<std::unique_ptr<BatchReader>> OpenRegionScan(const Region& region, RegionSnapshot snapshot,
                                                    const ScanRequest& request,
                                                    ScanMetrics* metrics) {
  const RowLayout& layout = region.layout();
  int64_t lo = std::numeric_limits<int64_t>::min();
  int64_t hi = std::numeric_limits<int64_t>::max();
  if (layout.time_column >= 0) {
    if (request.time_range) {
      lo = request.time_range->start;
      hi = request.time_range->end;
    }
    lo = std::max(lo, region.TtlCutoff(NowMillis()));
  }
  std::vector<Run> runs;
  for (const auto& mem : snapshot.memtables) {
    BatchPtr rows = mem->SortedRows();
    if (rows == nullptr) continue;
    rows = FilterTimeRange(rows, layout.time_column, lo, hi);
    if (rows->num_rows() == 0) continue;
    Run run;
    run.rows = rows;
    MinMaxTime(*rows, layout.time_column, &run.min_time, &run.max_time);
    runs.push_back(std::move(run));
  }
  for (const DataFilePtr& file : snapshot.files) {
    const FileMeta& m = file->meta();
    if (layout.time_column >= 0 && (m.max_time < lo || m.min_time >= hi)) {
      if (region.options().pruning || m.max_time < region.TtlCutoff(NowMillis())) {
        ++metrics->files_pruned;
        continue;
      }
    }
    Run run;
    run.file = file;
    run.min_time = m.min_time;
    run.max_time = m.max_time;
    runs.push_back(std::move(run));
  }
  std::sort(runs.begin(), runs.end(),
            [](const Run& a, const Run& b) { return a.min_time < b.min_time; });
  std::vector<Cluster> clusters;
  int64_t cluster_end = std::numeric_limits<int64_t>::min();
  for (Run& run : runs) {
    if (clusters.empty() || run.min_time > cluster_end) {
      clusters.emplace_back();
      cluster_end = run.max_time;
    } else {
      cluster_end = std::max(cluster_end, run.max_time);
    }
    clusters.back().push_back(std::move(run));
  }
  if (request.aggregation == nullptr) {
    return std::unique_ptr<BatchReader>(
        std::make_unique<RegionScanReader>(region, std::move(clusters), request, lo, hi, metrics));
  }
  // Partial aggregation over the merged, resolved rows (so overlapping
  // sources and delete markers count exactly as in a plain scan).
  ScanRequest rows_request = request;
  rows_request.aggregation = nullptr;
  rows_request.limit.reset();
  auto rows = std::make_unique<RegionScanReader>(region, std::move(clusters), rows_request, lo, hi,
                                                 metrics);
  return MakeScanAggregateReader(std::move(rows), request.projection, request.filters,
                                 request.aggregation, request.batch_size, metrics);
}

}  // namespace copra::storage
