#include "storage/sorted_merge.h"

#include <algorithm>

#include "storage/column_concat.h"
#include "vector/selection.h"

namespace copra::storage {

SortedMergeReader::SortedMergeReader(SchemaPtr schema, RowLayout layout,
                                     std::vector<Source> sources, bool keep_tombstones,
                                     int64_t batch_size)
    : schema_(std::move(schema)),
      layout_(std::move(layout)),
      keep_tombstones_(keep_tombstones),
      batch_size_(std::max<int64_t>(batch_size, 1)) {
  cursors_.resize(sources.size());
  for (size_t i = 0; i < sources.size(); ++i) cursors_[i].source = std::move(sources[i]);
}

Result<bool> SortedMergeReader::Load(Cursor* c) {
  while (true) {
    COPRA_ASSIGN_OR_RETURN(BatchPtr batch, c->source());
    if (batch == nullptr) {
      c->batch = nullptr;
      c->pinned = -1;
      c->keys.clear();
      c->source = nullptr;  // release the source (and its file) early
      return false;
    }
    if (batch->num_rows() == 0) continue;
    c->batch = std::move(batch);
    c->row = 0;
    c->pinned = -1;
    const int64_t n = c->batch->num_rows();
    c->keys.assign(static_cast<size_t>(n), std::string());
    for (int64_t i = 0; i < n; ++i) {
      AppendRowKey(*c->batch, layout_.key_columns, i, &c->keys[static_cast<size_t>(i)]);
    }
    c->times = layout_.time_column >= 0
                   ? c->batch->column(static_cast<size_t>(layout_.time_column))->data<int64_t>()
                   : nullptr;
    c->seqs = c->batch->column(static_cast<size_t>(layout_.seq_column))->data<uint64_t>();
    c->ops = c->batch->column(static_cast<size_t>(layout_.op_column))->data<uint8_t>();
    return true;
  }
}

bool SortedMergeReader::After(int a, int b) const {
  const Cursor& x = cursors_[static_cast<size_t>(a)];
  const Cursor& y = cursors_[static_cast<size_t>(b)];
  const int cmp = x.keys[static_cast<size_t>(x.row)].compare(y.keys[static_cast<size_t>(y.row)]);
  if (cmp != 0) return cmp > 0;
  if (x.time() != y.time()) return x.time() > y.time();
  return x.seqs[x.row] < y.seqs[y.row];  // newer (larger seq) first
}

Status SortedMergeReader::Start() {
  started_ = true;
  for (size_t i = 0; i < cursors_.size(); ++i) {
    COPRA_ASSIGN_OR_RETURN(bool loaded, Load(&cursors_[i]));
    if (loaded) heap_.push_back(static_cast<int>(i));
  }
  auto after = [this](int a, int b) { return After(a, b); };
  std::make_heap(heap_.begin(), heap_.end(), after);
  return Status::OK();
}

Result<BatchPtr> SortedMergeReader::Next() {
  if (!started_) COPRA_RETURN_NOT_OK(Start());
  if (heap_.empty()) return BatchPtr();
  auto after = [this](int a, int b) { return After(a, b); };
  // Kept rows are referenced by (pinned batch, row); the referenced row
  // range of each pinned source batch is concatenated once and the rows
  // taken from it (vectorized, no per-row column work).
  struct Pinned {
    BatchPtr batch;
    int64_t lo = 0, hi = 0;  // referenced rows [lo, hi]
  };
  std::vector<Pinned> pinned;
  std::vector<std::pair<int32_t, int32_t>> refs;
  refs.reserve(static_cast<size_t>(batch_size_));
  for (Cursor& c : cursors_) c.pinned = -1;
  int64_t out = 0;
  while (!heap_.empty() && out < batch_size_) {
    std::pop_heap(heap_.begin(), heap_.end(), after);
    const int index = heap_.back();
    Cursor& c = cursors_[static_cast<size_t>(index)];
    const std::string& key = c.keys[static_cast<size_t>(c.row)];
    const int64_t time = c.time();
    if (!in_group_ || key != group_key_ || time != group_time_) {
      in_group_ = true;
      group_key_ = key;
      group_time_ = time;
      group_closed_ = false;
    }
    // Rows of a group arrive newest first (see row_versions.h for the rules).
    bool keep = false;
    if (!group_closed_) {
      const bool put = c.ops[c.row] == kOpPut;
      if (!layout_.append_mode) {
        keep = put || keep_tombstones_;
        group_closed_ = true;
      } else if (put) {
        keep = true;
      } else {
        keep = keep_tombstones_;
        group_closed_ = true;
      }
    }
    if (keep) {
      if (c.pinned < 0) {
        c.pinned = static_cast<int>(pinned.size());
        pinned.push_back(Pinned{c.batch, c.row, c.row});
      }
      pinned[static_cast<size_t>(c.pinned)].hi = c.row;
      refs.emplace_back(c.pinned, static_cast<int32_t>(c.row));
      ++out;
    }
    if (++c.row >= c.batch->num_rows()) {
      COPRA_ASSIGN_OR_RETURN(bool loaded, Load(&c));
      if (!loaded) {
        heap_.pop_back();
        continue;
      }
    }
    std::push_heap(heap_.begin(), heap_.end(), after);
  }
  if (out == 0) return BatchPtr();  // the rest was hidden
  std::vector<int64_t> base(pinned.size());
  int64_t total = 0;
  for (size_t p = 0; p < pinned.size(); ++p) {
    base[p] = total - pinned[p].lo;
    total += pinned[p].hi - pinned[p].lo + 1;
  }
  std::vector<int32_t> indices(refs.size());
  bool identity = true;
  for (size_t i = 0; i < refs.size(); ++i) {
    indices[i] = static_cast<int32_t>(base[static_cast<size_t>(refs[i].first)] + refs[i].second);
    identity = identity && indices[i] == static_cast<int32_t>(i);
  }
  std::vector<ColumnPtr> columns;
  for (size_t col = 0; col < schema_->num_fields(); ++col) {
    std::vector<ColumnPtr> pieces;
    for (const Pinned& p : pinned)
      pieces.push_back(p.batch->column(col)->Slice(p.lo, p.hi - p.lo + 1));
    columns.push_back(ConcatenateColumns(pieces));
  }
  BatchPtr all = Batch::Make(schema_, std::move(columns), total);
  if (identity && total == out) return all;
  return TakeBatch(*all, indices.data(), out);
}

}  // namespace copra::storage
