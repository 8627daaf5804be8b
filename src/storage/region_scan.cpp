#include "storage/region_scan.h"

#include <algorithm>
#include <chrono>
#include <deque>
#include <limits>
#include <set>

#include "exec/expression_evaluator.h"
#include "function/scalar_function.h"
#include "storage/column_concat.h"
#include "storage/data_file_io.h"
#include "storage/page_pruning.h"
#include "storage/region.h"
#include "storage/row_versions.h"
#include "storage/run_overlap.h"
#include "storage/scan_aggregation.h"
#include "storage/sorted_merge.h"
#include "storage/stats_pruning.h"
#include "vector/selection.h"

namespace copra::storage {

namespace {

// Late materialization picks the selected rows out of the other columns
// pages run by run while runs average at least this many rows; below, it
// decodes the pages whole and gathers the rows.
constexpr int64_t kRowsPerRunToSkip = 32;

// Memtable rows are fed to the k-way merge in slices of this many rows.
constexpr int64_t kMemtableSliceRows = 8192;

int64_t NowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// One sorted, resolved source of rows: a memtable's rows or a data file.
struct Run {
  BatchPtr rows;         // memtable rows (internal layout), already cut to the time range
  DataFilePtr file;      // or a file
  int64_t min_time = 0;  // the rows' times, cut to the scan's range
  int64_t max_time = 0;
  double share = 1;  // fraction of the run's rows inside [min_time, max_time] (estimate)
  int64_t num_rows = 0;
  bool has_deletes = false;
  // Times some other run of the cluster covers too (storage/run_overlap.h):
  // only rows at these times may have versions elsewhere.
  std::vector<TimeInterval> contested;
};

struct Cluster {
  std::vector<Run> runs;
  // Merge every row with a streaming k-way merge instead of streaming the
  // uncontested rows and collecting the contested ones.
  bool merge_all = false;
};

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

bool HasDeletes(const Batch& rows, int op_column) {
  const uint8_t* ops = rows.column(static_cast<size_t>(op_column))->data<uint8_t>();
  for (int64_t i = 0; i < rows.num_rows(); ++i) {
    if (ops[i] != kOpPut) return true;
  }
  return false;
}

bool IsComparison(const std::string& op) {
  return op == "=" || op == "<>" || op == "!=" || op == "<" || op == "<=" || op == ">" ||
         op == ">=";
}

// Whether the scan may evaluate `e` itself, before the plan does, without
// changing the query's outcome: comparisons of columns and constants
// combined with AND, OR, NOT and IS [NOT] NULL raise no errors and read no
// statement state (now()).
bool IsEarlyFilter(const BoundExpr& e) {
  switch (e.kind) {
    case BoundExprKind::kColumnRef:
    case BoundExprKind::kConstant: return true;
    case BoundExprKind::kAnd:
    case BoundExprKind::kOr:
    case BoundExprKind::kNot:
    case BoundExprKind::kIsNull:
      for (const BoundExprPtr& c : e.children) {
        if (!IsEarlyFilter(*c)) return false;
      }
      return true;
    case BoundExprKind::kFunction:
      if (e.function == nullptr || e.function->kernel == nullptr || !e.function->deterministic ||
          !IsComparison(e.function->name) || e.children.size() != 2) {
        return false;
      }
      for (const BoundExprPtr& c : e.children) {
        if (c->kind != BoundExprKind::kColumnRef && c->kind != BoundExprKind::kConstant) {
          return false;
        }
      }
      return true;
    default: return false;
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
    // Conjuncts usable for pruning rows that may be merged: those over key
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
      const bool time_only =
          std::all_of(cols.begin(), cols.end(), [&](int c) { return c == layout.time_column; });
      // Time-only conjuncts are left to the cut to the time range.
      if (!time_only && IsEarlyFilter(*f)) early_filters_.push_back(f);
    }
    // What merging needs: the projection plus key, time, seq and op.
    std::set<int> cols(request_.projection.begin(), request_.projection.end());
    for (int k : layout.key_columns) cols.insert(k);
    if (layout.time_column >= 0) cols.insert(layout.time_column);
    cols.insert(layout.seq_column);
    cols.insert(layout.op_column);
    merge_set_ = MakeColumnSet(cols);
    // Read first from a row group that may hold contested rows (the op
    // column too when the file has delete markers to drop); the other
    // merge columns are read for the contested rows only.
    for (int deletes = 0; deletes < 2; ++deletes) {
      std::set<int> split(request_.projection.begin(), request_.projection.end());
      if (layout.time_column >= 0) split.insert(layout.time_column);
      if (deletes) split.insert(layout.op_column);
      std::set<int> extra;
      for (int c : cols) {
        if (split.count(c) == 0) extra.insert(c);
      }
      split_sets_[deletes] = MakeColumnSet(std::move(split));
      extra_sets_[deletes] = MakeColumnSet(std::move(extra));
    }
    // Late materialization of uncontested rows: the time, the early
    // filters' columns (and the op column) first; the rest of the
    // projection only for the rows that pass.
    std::set<int> filter_cols;
    for (const auto& f : early_filters_) {
      std::vector<int> fc;
      f->CollectColumns(&fc);
      filter_cols.insert(fc.begin(), fc.end());
    }
    for (int deletes = 0; deletes < 2; ++deletes) {
      std::set<int> out(request_.projection.begin(), request_.projection.end());
      std::set<int> first = filter_cols;
      if (layout.time_column >= 0) {
        out.insert(layout.time_column);
        first.insert(layout.time_column);
      }
      if (deletes) {
        out.insert(layout.op_column);
        first.insert(layout.op_column);
      }
      std::set<int> rest;
      for (int c : out) {
        if (first.count(c) == 0) rest.insert(c);
      }
      late_out_sets_[deletes] = MakeColumnSet(out);
      late_first_sets_[deletes] = MakeColumnSet(first);
      late_rest_sets_[deletes] = MakeColumnSet(rest);
      if (!early_filters_.empty()) {
        std::vector<int> mapping(region.internal_schema()->num_fields(), -1);
        for (int c : late_first_sets_[deletes].columns) {
          mapping[static_cast<size_t>(c)] = late_first_sets_[deletes].PositionOf(c);
        }
        std::vector<BoundExprPtr> remapped;
        for (const auto& f : early_filters_) remapped.push_back(RemapColumns(f, mapping));
        late_filter_[deletes] = MakeConjunction(std::move(remapped));
      }
    }
    for (int k : layout.key_columns) merge_layout_.key_columns.push_back(merge_set_.PositionOf(k));
    merge_layout_.time_column =
        layout.time_column >= 0 ? merge_set_.PositionOf(layout.time_column) : -1;
    merge_layout_.seq_column = merge_set_.PositionOf(layout.seq_column);
    merge_layout_.op_column = merge_set_.PositionOf(layout.op_column);
    merge_layout_.append_mode = layout.append_mode;
  }

  const SchemaPtr& schema() const override { return schema_; }

  // Row groups of files whose every row is wanted (one version each,
  // inside the time range, every filter TRUE by statistics) are not read:
  // their partial row for `aggregation` (StatisticsCanAnswer) goes to
  // `partials` instead.
  void AnswerFromStatistics(std::shared_ptr<const ScanAggregation> aggregation,
                            std::shared_ptr<std::vector<BatchPtr>> partials) {
    stats_answer_ = std::move(aggregation);
    stats_partials_ = std::move(partials);
  }

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
      if (merge_ != nullptr) {
        COPRA_ASSIGN_OR_RETURN(BatchPtr merged, merge_->Next());
        if (merged == nullptr) {
          merge_.reset();
        } else {
          pending_.push_back(Project(merged, merge_set_));
        }
        continue;
      }
      if (file_reader_ != nullptr) {
        COPRA_RETURN_NOT_OK(NextRowGroupOfFile());
        continue;
      }
      if (cluster_ != nullptr) {
        if (next_run_ < cluster_->runs.size()) {
          COPRA_RETURN_NOT_OK(StartRun(cluster_->runs[next_run_++]));
        } else {
          MergeCollected();
          cluster_ = nullptr;
        }
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
  // `full` (every internal column) reduced to `set`.
  BatchPtr Select(const BatchPtr& full, const ColumnSet& set) const {
    std::vector<ColumnPtr> cols;
    for (int c : set.columns) cols.push_back(full->column(static_cast<size_t>(c)));
    return Batch::Make(set.schema, std::move(cols), full->num_rows());
  }
  // The columns of `set`, each from `a` (holding `a_set`) where it has it,
  // else from `b` (holding `b_set`); both batches hold the same rows.
  static BatchPtr Combine(const ColumnSet& set, const ColumnSet& a_set, const Batch& a,
                          const ColumnSet& b_set, const BatchPtr& b) {
    std::vector<ColumnPtr> cols;
    for (int c : set.columns) {
      const int p = a_set.PositionOf(c);
      cols.push_back(p >= 0 ? a.column(static_cast<size_t>(p))
                            : b->column(static_cast<size_t>(b_set.PositionOf(c))));
    }
    return Batch::Make(set.schema, std::move(cols), a.num_rows());
  }
  BatchPtr Project(const BatchPtr& rows, const ColumnSet& set) const {
    std::vector<ColumnPtr> cols;
    for (int c : request_.projection)
      cols.push_back(rows->column(static_cast<size_t>(set.PositionOf(c))));
    return Batch::Make(schema_, std::move(cols), rows->num_rows());
  }
  ColumnSet AllColumns() const {
    std::set<int> all;
    for (size_t c = 0; c < region_.internal_schema()->num_fields(); ++c)
      all.insert(static_cast<int>(c));
    return MakeColumnSet(std::move(all));
  }

  bool Pruning() const { return region_.options().pruning; }

  // Whether row group `rg` may hold rows at contested times of `run`.
  bool GroupIsContested(const DataFileReader& reader, int rg, const Run& run) const {
    if (run.contested.empty()) return false;
    if (layout().time_column < 0) return true;
    const ColumnRange* t = reader.range(rg, layout().time_column);
    if (!t->min || !t->max || t->min->is_null() || t->max->is_null()) return true;
    return IntersectsTimes(run.contested, t->min->GetInt64(), t->max->GetInt64());
  }

  // Row groups of `reader` that may hold wanted rows, each with whether it
  // holds contested rows. Groups that may are pruned by key and time
  // filters only: a newer version of a row may live in another run, so
  // dropping it because its field values fail a filter would surface the
  // older one.
  std::vector<std::pair<int, bool>> SelectRowGroups(const DataFileReader& reader, const Run& run,
                                                    bool merge_all) {
    std::vector<std::pair<int, bool>> out;
    for (int rg = 0; rg < reader.num_row_groups(); ++rg) {
      const bool contested = merge_all || GroupIsContested(reader, rg, run);
      const auto& filters = contested ? key_filters_ : request_.filters;
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
        out.emplace_back(rg, contested);
        ++metrics_->row_groups_scanned;
        metrics_->bytes_scanned += reader.row_group_bytes(rg);
      } else {
        ++metrics_->row_groups_pruned;
      }
    }
    return out;
  }

  // Rows of row group `rg` that the page index says may hold wanted rows
  // (the time range and `filters`); the whole group when the file has no
  // page statistics for those columns or pruning is off. Pages of the
  // columns looked at that hold no such row count as pruned.
  Result<std::vector<RowRange>> PageRows(
      const DataFileReader& reader, int rg,
      const std::vector<std::shared_ptr<const BoundExpr>>& filters) {
    const int64_t n = reader.row_group_rows(rg);
    std::vector<RowRange> all{{0, n}};
    if (!Pruning()) return all;
    const int time = layout().time_column;
    std::vector<int> cols;
    for (const auto& f : filters) f->CollectColumns(&cols);
    std::sort(cols.begin(), cols.end());
    cols.erase(std::unique(cols.begin(), cols.end()), cols.end());
    const bool time_only = cols.empty() || (cols.size() == 1 && cols[0] == time);
    if (time >= 0) {
      const ColumnRange* t = reader.range(rg, time);
      // Wholly inside the time range with no other filter: nothing to prune.
      if (time_only && t->min && t->max && !t->min->is_null() && !t->max->is_null() &&
          t->min->GetInt64() >= lo_ && t->max->GetInt64() < hi_) {
        return all;
      }
      cols.push_back(time);
    } else if (time_only) {
      return all;
    }
    std::sort(cols.begin(), cols.end());
    cols.erase(std::unique(cols.begin(), cols.end()), cols.end());
    std::vector<ColumnPages> pages;
    for (int c : cols) {
      ColumnPages p;
      COPRA_ASSIGN_OR_RETURN(bool has, reader.PageStatistics(rg, c, &p));
      if (has) pages.push_back(std::move(p));
    }
    if (pages.empty()) return all;
    PagePruning pruned = PruneRowGroupPages(n, pages, time, lo_, hi_, filters,
                                            [&](int column) { return reader.range(rg, column); });
    if (pruned.rows.empty()) metrics_->pages_pruned += pruned.pages_pruned;
    return std::move(pruned.rows);
  }

  void CountPages(const parquet::PageCounts& counts) {
    metrics_->pages_scanned += counts.decoded;
    metrics_->pages_pruned += counts.skipped;
  }

  Status StartCluster(Cluster& cluster) {
    if (!cluster.merge_all) {
      cluster_ = &cluster;
      next_run_ = 0;
      return Status::OK();
    }
    // A streaming k-way merge of every run, each cut to the time range
    // first (all versions of a row share its time, so that is exact).
    std::vector<SortedMergeReader::Source> sources;
    for (const Run& run : cluster.runs) {
      if (run.file == nullptr) {
        BatchPtr rows = Select(run.rows, merge_set_);
        auto offset = std::make_shared<int64_t>(0);
        sources.push_back([rows, offset]() -> Result<BatchPtr> {
          if (*offset >= rows->num_rows()) return BatchPtr();
          const int64_t n = std::min(kMemtableSliceRows, rows->num_rows() - *offset);
          BatchPtr slice = rows->Slice(*offset, n);
          *offset += n;
          return slice;
        });
        continue;
      }
      ++metrics_->files_scanned;
      COPRA_ASSIGN_OR_RETURN(std::unique_ptr<DataFileReader> opened,
                             region_.OpenDataFile(*run.file));
      std::shared_ptr<DataFileReader> reader = std::move(opened);
      auto groups = std::make_shared<std::vector<std::pair<int, bool>>>(
          SelectRowGroups(*reader, run, /*merge_all=*/true));
      auto next = std::make_shared<size_t>(0);
      const FileMeta& meta = run.file->meta();
      const bool cut = layout().time_column >= 0 && (meta.min_time < lo_ || meta.max_time >= hi_);
      sources.push_back([this, reader, groups, next, cut]() -> Result<BatchPtr> {
        if (*next >= groups->size()) return BatchPtr();
        const int rg = (*groups)[(*next)++].first;
        COPRA_ASSIGN_OR_RETURN(std::vector<RowRange> ranges, PageRows(*reader, rg, key_filters_));
        parquet::PageCounts counts;
        COPRA_ASSIGN_OR_RETURN(
            BatchPtr rows,
            reader->ReadRanges(rg, merge_set_.columns, merge_set_.schema, ranges, &counts));
        CountPages(counts);
        if (cut) rows = FilterTimeRange(rows, merge_layout_.time_column, lo_, hi_);
        return rows;
      });
    }
    merge_ =
        std::make_unique<SortedMergeReader>(merge_set_.schema, merge_layout_, std::move(sources),
                                            /*keep_tombstones=*/false, request_.batch_size);
    return Status::OK();
  }

  // Emits the rows of `rows` (a run's rows in `set`, already cut to the
  // time range unless `cut`) whose times are not contested and returns the
  // offsets of those that are (for MergeCollected).
  std::vector<int32_t> SplitContested(const BatchPtr& rows, const ColumnSet& set, const Run& run,
                                      bool cut) {
    const int tpos = layout().time_column >= 0 ? set.PositionOf(layout().time_column) : -1;
    const int64_t n = rows->num_rows();
    std::vector<int32_t> contested;
    if (tpos < 0) {
      for (int64_t i = 0; i < n; ++i) contested.push_back(static_cast<int32_t>(i));
      return contested;
    }
    // Unique rows come in long stretches (one per key between its
    // contested times): emitted as zero-copy slices, unless there are many.
    constexpr size_t kMaxSlices = 16;
    std::vector<std::pair<int64_t, int64_t>> stretches;  // [begin, end) of unique rows
    const int64_t* t = rows->column(static_cast<size_t>(tpos))->data<int64_t>();
    int64_t begin = 0;
    for (int64_t i = 0; i < n; ++i) {
      const bool outside = cut && (t[i] < lo_ || t[i] >= hi_);
      if (!outside && !ContainsTime(run.contested, t[i])) continue;
      if (!outside) contested.push_back(static_cast<int32_t>(i));
      if (i > begin) stretches.emplace_back(begin, i);
      begin = i + 1;
    }
    if (n > begin) stretches.emplace_back(begin, n);
    const int op = set.PositionOf(layout().op_column);
    auto emit = [&](BatchPtr u) {
      if (run.has_deletes) u = DropTombstones(u, op);
      pending_.push_back(Project(u, set));
    };
    if (stretches.size() <= kMaxSlices) {
      for (auto [b, e] : stretches) emit(e - b == n ? rows : rows->Slice(b, e - b));
      return contested;
    }
    std::vector<int32_t> unique;
    for (auto [b, e] : stretches) {
      for (int64_t i = b; i < e; ++i) unique.push_back(static_cast<int32_t>(i));
    }
    emit(TakeBatch(*rows, unique.data(), static_cast<int64_t>(unique.size())));
    return contested;
  }

  Status StartRun(const Run& run) {
    if (run.file == nullptr) {
      // Memtable rows: already sorted, resolved and cut to the range.
      const ColumnSet all = AllColumns();
      if (run.contested.empty()) {
        pending_.push_back(Project(DropTombstones(run.rows, layout().op_column), all));
      } else {
        std::vector<int32_t> contested = SplitContested(run.rows, all, run, /*cut=*/false);
        if (!contested.empty()) {
          collected_.push_back(
              Select(TakeBatch(*run.rows, contested.data(), static_cast<int64_t>(contested.size())),
                     merge_set_));
        }
      }
      return Status::OK();
    }
    const FileMeta& meta = run.file->meta();
    ++metrics_->files_scanned;
    COPRA_ASSIGN_OR_RETURN(file_reader_, region_.OpenDataFile(*run.file));
    file_run_ = &run;
    file_groups_ = SelectRowGroups(*file_reader_, run, /*merge_all=*/false);
    next_group_ = 0;
    std::set<int> cols(request_.projection.begin(), request_.projection.end());
    cut_time_ = layout().time_column >= 0 && (meta.min_time < lo_ || meta.max_time >= hi_);
    if (cut_time_) cols.insert(layout().time_column);
    has_deletes_ = meta.num_deletes > 0;
    if (has_deletes_) cols.insert(layout().op_column);
    file_columns_ = MakeColumnSet(std::move(cols));
    return Status::OK();
  }

  Status NextRowGroupOfFile() {
    if (next_group_ >= file_groups_.size()) {
      file_reader_.reset();
      file_run_ = nullptr;
      return Status::OK();
    }
    const auto [rg, contested] = file_groups_[next_group_++];
    if (stats_answer_ != nullptr && !contested && !has_deletes_ && Pruning()) {
      BatchPtr partial = PartialOfGroup(rg);
      if (partial != nullptr) {
        stats_partials_->push_back(std::move(partial));
        return Status::OK();
      }
    }
    COPRA_ASSIGN_OR_RETURN(
        std::vector<RowRange> ranges,
        PageRows(*file_reader_, rg, contested ? key_filters_ : request_.filters));
    if (ranges.empty()) return Status::OK();
    parquet::PageCounts counts;
    Status st =
        contested ? ReadContested(rg, ranges, &counts) : ReadUncontested(rg, ranges, &counts);
    CountPages(counts);
    return st;
  }

  // The partial aggregate of row group `rg` of the current file from its
  // statistics, when every row of it is wanted; else nullptr.
  BatchPtr PartialOfGroup(int rg) const {
    const DataFileReader& reader = *file_reader_;
    auto range_of = [&](int column) { return reader.range(rg, column); };
    if (layout().time_column >= 0) {
      const ColumnRange* t = reader.range(rg, layout().time_column);
      if (!t->min || !t->max || t->min->is_null() || t->max->is_null() ||
          t->min->GetInt64() < lo_ || t->max->GetInt64() >= hi_) {
        return nullptr;
      }
    }
    for (const auto& f : request_.filters) {
      if (!MustMatch(*f, range_of)) return nullptr;
    }
    return PartialFromStatistics(*stats_answer_, reader.row_group_rows(rg), range_of);
  }

  // Rows `ranges` of row group `rg`, which may hold contested rows: emits
  // the uncontested ones and collects the others with their merge columns.
  Status ReadContested(int rg, const std::vector<RowRange>& ranges, parquet::PageCounts* counts) {
    const ColumnSet& split = split_sets_[has_deletes_ ? 1 : 0];
    const ColumnSet& extra = extra_sets_[has_deletes_ ? 1 : 0];
    COPRA_ASSIGN_OR_RETURN(
        BatchPtr rows, file_reader_->ReadRanges(rg, split.columns, split.schema, ranges, counts));
    std::vector<int32_t> offsets = SplitContested(rows, split, *file_run_, cut_time_);
    if (offsets.empty()) return Status::OK();
    BatchPtr part = TakeBatch(*rows, offsets.data(), static_cast<int64_t>(offsets.size()));
    BatchPtr keys;
    if (!extra.columns.empty()) {
      COPRA_ASSIGN_OR_RETURN(keys, file_reader_->ReadRows(rg, extra.columns, extra.schema,
                                                          GroupRows(ranges, offsets), counts));
    }
    collected_.push_back(Combine(merge_set_, split, *part, extra, keys));
    return Status::OK();
  }

  // Rows `ranges` of row group `rg`, none contested: the filter columns are
  // decoded first, the early filters, time range and delete markers select
  // rows, and the other columns are decoded for those rows only.
  Status ReadUncontested(int rg, const std::vector<RowRange>& ranges, parquet::PageCounts* counts) {
    const int d = has_deletes_ ? 1 : 0;
    const bool whole = ranges.size() == 1 && ranges[0].begin == 0 &&
                       ranges[0].end == file_reader_->row_group_rows(rg);
    if (late_filter_[d] == nullptr && whole) {
      // Nothing to select by before decoding: read it all at once.
      COPRA_ASSIGN_OR_RETURN(
          BatchPtr rows, file_reader_->ReadRanges(rg, file_columns_.columns, file_columns_.schema,
                                                  ranges, counts));
      if (cut_time_) {
        rows = FilterTimeRange(rows, file_columns_.PositionOf(layout().time_column), lo_, hi_);
      }
      if (has_deletes_) rows = DropTombstones(rows, file_columns_.PositionOf(layout().op_column));
      pending_.push_back(Project(rows, file_columns_));
      return Status::OK();
    }
    const ColumnSet& first = late_first_sets_[d];
    const ColumnSet& rest = late_rest_sets_[d];
    const ColumnSet& out = late_out_sets_[d];
    COPRA_ASSIGN_OR_RETURN(
        BatchPtr head, file_reader_->ReadRanges(rg, first.columns, first.schema, ranges, counts));
    const int64_t n = head->num_rows();
    // Selection: TRUE under the early filters, inside the time range, not
    // a delete marker.
    std::vector<int32_t> sel;
    if (late_filter_[d] != nullptr) {
      COPRA_ASSIGN_OR_RETURN(Datum mask, evaluator_.Evaluate(*late_filter_[d], *head));
      if (mask.is_scalar) {
        if (!(mask.column->IsValid(0) && mask.column->GetBool(0))) return Status::OK();
        sel.resize(static_cast<size_t>(n));
        for (int64_t i = 0; i < n; ++i) sel[static_cast<size_t>(i)] = static_cast<int32_t>(i);
      } else {
        sel = SelectTrue(*mask.column);
      }
    } else {
      sel.resize(static_cast<size_t>(n));
      for (int64_t i = 0; i < n; ++i) sel[static_cast<size_t>(i)] = static_cast<int32_t>(i);
    }
    const int tpos = layout().time_column >= 0 ? first.PositionOf(layout().time_column) : -1;
    const int64_t* t =
        tpos >= 0 ? head->column(static_cast<size_t>(tpos))->data<int64_t>() : nullptr;
    const uint8_t* ops =
        has_deletes_ ? head->column(static_cast<size_t>(first.PositionOf(layout().op_column)))
                           ->data<uint8_t>()
                     : nullptr;
    if (cut_time_ || ops != nullptr) {
      size_t k = 0;
      for (int32_t i : sel) {
        if (t != nullptr && cut_time_ && (t[i] < lo_ || t[i] >= hi_)) continue;
        if (ops != nullptr && ops[i] != kOpPut) continue;
        sel[k++] = i;
      }
      sel.resize(k);
    }
    if (sel.empty()) return Status::OK();
    const bool all = static_cast<int64_t>(sel.size()) == n;
    BatchPtr kept = all ? head : TakeBatch(*head, sel.data(), static_cast<int64_t>(sel.size()));
    // Selected rows scattered in many short runs cost more to pick out of
    // their pages one run at a time than to decode whole and gather.
    int64_t runs = sel.empty() ? 0 : 1;
    for (size_t i = 1; i < sel.size(); ++i) runs += sel[i] != sel[i - 1] + 1;
    const bool dense = runs * kRowsPerRunToSkip > n;
    BatchPtr tail;
    if (!rest.columns.empty()) {
      if (dense && !all) {
        COPRA_ASSIGN_OR_RETURN(
            BatchPtr whole_rest,
            file_reader_->ReadRanges(rg, rest.columns, rest.schema, ranges, counts));
        tail = TakeBatch(*whole_rest, sel.data(), static_cast<int64_t>(sel.size()));
      } else if (all) {
        COPRA_ASSIGN_OR_RETURN(
            tail, file_reader_->ReadRanges(rg, rest.columns, rest.schema, ranges, counts));
      } else {
        COPRA_ASSIGN_OR_RETURN(tail, file_reader_->ReadRows(rg, rest.columns, rest.schema,
                                                            GroupRows(ranges, sel), counts));
      }
    }
    pending_.push_back(Project(Combine(out, first, *kept, rest, tail), out));
    return Status::OK();
  }

  // Offsets into the row group of positions `positions` (ascending) of
  // the rows `ranges` hold.
  static std::vector<int32_t> GroupRows(const std::vector<RowRange>& ranges,
                                        const std::vector<int32_t>& positions) {
    std::vector<int32_t> rows;
    rows.reserve(positions.size());
    size_t r = 0;
    int64_t before = 0;  // rows in ranges before ranges[r]
    for (int32_t p : positions) {
      while (p >= before + (ranges[r].end - ranges[r].begin)) {
        before += ranges[r].end - ranges[r].begin;
        ++r;
      }
      rows.push_back(static_cast<int32_t>(ranges[r].begin + (p - before)));
    }
    return rows;
  }

  // Resolves the contested rows the cluster's runs left in collected_:
  // every version of such a row is there (it shares the row's time).
  void MergeCollected() {
    if (collected_.empty()) return;
    int64_t n = 0;
    for (const BatchPtr& p : collected_) n += p->num_rows();
    std::vector<ColumnPtr> columns;
    for (size_t c = 0; c < merge_set_.columns.size(); ++c) {
      std::vector<ColumnPtr> pieces;
      for (const BatchPtr& p : collected_) pieces.push_back(p->column(c));
      columns.push_back(ConcatenateColumns(pieces));
    }
    collected_.clear();
    BatchPtr merged = SortAndResolve(Batch::Make(merge_set_.schema, std::move(columns), n),
                                     merge_layout_, /*keep_tombstones=*/false);
    pending_.push_back(Project(merged, merge_set_));
  }

  const Region& region_;
  std::vector<Cluster> clusters_;
  ScanRequest request_;
  int64_t lo_, hi_;
  ScanMetrics* metrics_;
  SchemaPtr schema_;
  std::vector<std::shared_ptr<const BoundExpr>> key_filters_;
  // Conjuncts the scan evaluates itself on uncontested rows (IsEarlyFilter).
  std::vector<std::shared_ptr<const BoundExpr>> early_filters_;
  // By whether the file has delete markers: the columns decoded first
  // (time, the early filters', op), the rest of the output, and the output
  // (projection, time, op); early_filters_ over late_first_sets_.
  ColumnSet late_first_sets_[2];
  ColumnSet late_rest_sets_[2];
  ColumnSet late_out_sets_[2];
  BoundExprPtr late_filter_[2];
  ExpressionEvaluator evaluator_;
  // Aggregation answered from row-group statistics where possible, and the
  // partial rows so answered (AnswerFromStatistics).
  std::shared_ptr<const ScanAggregation> stats_answer_;
  std::shared_ptr<std::vector<BatchPtr>> stats_partials_;
  ColumnSet merge_set_;  // columns read for rows that may be merged
  // Read first from row groups that may hold contested rows, by whether
  // the file has delete markers; and the rest of merge_set_.
  ColumnSet split_sets_[2];
  ColumnSet extra_sets_[2];
  RowLayout merge_layout_;  // over merge_set_
  size_t next_cluster_ = 0;
  std::deque<BatchPtr> pending_;
  int64_t emitted_ = 0;
  // The cluster being streamed run by run, and its contested rows so far.
  const Cluster* cluster_ = nullptr;
  size_t next_run_ = 0;
  std::vector<BatchPtr> collected_;
  // Or the cluster being merged whole.
  std::unique_ptr<SortedMergeReader> merge_;
  // The file being streamed.
  std::unique_ptr<DataFileReader> file_reader_;
  const Run* file_run_ = nullptr;
  std::vector<std::pair<int, bool>> file_groups_;  // (row group, holds contested rows)
  size_t next_group_ = 0;
  bool cut_time_ = false;
  bool has_deletes_ = false;
  ColumnSet file_columns_;
};

// The partial rows of an aggregate reader, then those answered from
// statistics (one batch).
class PartialsAfterReader : public BatchReader {
 public:
  PartialsAfterReader(std::unique_ptr<BatchReader> aggregate,
                      std::shared_ptr<std::vector<BatchPtr>> partials)
      : aggregate_(std::move(aggregate)), partials_(std::move(partials)) {}
  const SchemaPtr& schema() const override { return aggregate_->schema(); }
  Result<BatchPtr> Next() override {
    if (!aggregate_done_) {
      COPRA_ASSIGN_OR_RETURN(BatchPtr b, aggregate_->Next());
      if (b != nullptr) return b;
      aggregate_done_ = true;
    }
    if (partials_->empty()) return BatchPtr();
    const SchemaPtr& schema = aggregate_->schema();
    std::vector<ColumnPtr> columns;
    for (size_t c = 0; c < schema->num_fields(); ++c) {
      std::vector<ColumnPtr> pieces;
      for (const BatchPtr& p : *partials_) pieces.push_back(p->column(c));
      columns.push_back(ConcatenateColumns(pieces));
    }
    const int64_t n = static_cast<int64_t>(partials_->size());
    partials_->clear();
    return Batch::Make(schema, std::move(columns), n);
  }

 private:
  std::unique_ptr<BatchReader> aggregate_;
  std::shared_ptr<std::vector<BatchPtr>> partials_;
  bool aggregate_done_ = false;
};

// Groups the runs into clusters and decides, per cluster, how to merge.
// A cluster whose contested rows are expected to exceed `max_collected` is
// merged whole by a streaming k-way merge (memory: one row group per run)
// rather than by collecting its contested rows (memory: those rows).
std::vector<Cluster> PlanClusters(std::vector<Run> runs, bool append_mode, double max_collected) {
  std::vector<TimeInterval> ranges;
  for (const Run& run : runs) ranges.push_back({run.min_time, run.max_time});
  RunOverlaps overlaps = PlanRunOverlaps(ranges);
  std::vector<Cluster> clusters;
  for (const std::vector<size_t>& members : overlaps.clusters) {
    Cluster cluster;
    // Append-mode runs without delete markers never hide each other's rows.
    bool deletes = false;
    for (size_t i : members) deletes = deletes || runs[i].has_deletes;
    const bool independent = append_mode && !deletes;
    double contested_rows = 0;
    for (size_t i : members) {
      Run& run = runs[i];
      if (!independent) run.contested = std::move(overlaps.contested[i]);
      const double span = static_cast<double>(run.max_time) - run.min_time + 1;
      contested_rows += run.share * static_cast<double>(run.num_rows) *
                        std::min(1.0, CoveredTimes(run.contested) / span);
      cluster.runs.push_back(std::move(run));
    }
    cluster.merge_all = contested_rows > max_collected;
    clusters.push_back(std::move(cluster));
  }
  return clusters;
}

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
    run.num_rows = rows->num_rows();
    run.has_deletes = HasDeletes(*rows, layout.op_column);
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
    run.num_rows = m.num_rows;
    run.has_deletes = m.num_deletes > 0;
    // Only the part inside the scanned range can meet another run's rows.
    run.min_time = m.min_time;
    run.max_time = m.max_time;
    if (layout.time_column >= 0 && m.min_time < hi && m.max_time >= lo) {
      run.min_time = std::max(m.min_time, lo);
      run.max_time = std::min(m.max_time, hi - 1);
      run.share = (static_cast<double>(run.max_time) - run.min_time + 1) /
                  (static_cast<double>(m.max_time) - m.min_time + 1);
    }
    runs.push_back(std::move(run));
  }
  std::vector<Cluster> clusters =
      PlanClusters(std::move(runs), layout.append_mode,
                   static_cast<double>(region.options().scan_max_collected_rows));
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
  std::shared_ptr<std::vector<BatchPtr>> partials;
  if (StatisticsCanAnswer(*request.aggregation)) {
    partials = std::make_shared<std::vector<BatchPtr>>();
    rows->AnswerFromStatistics(request.aggregation, partials);
  }
  COPRA_ASSIGN_OR_RETURN(
      std::unique_ptr<BatchReader> aggregate,
      MakeScanAggregateReader(std::move(rows), request.projection, request.filters,
                              request.aggregation, request.batch_size, metrics));
  if (partials == nullptr) return aggregate;
  return std::unique_ptr<BatchReader>(
      std::make_unique<PartialsAfterReader>(std::move(aggregate), std::move(partials)));
}

}  // namespace copra::storage
