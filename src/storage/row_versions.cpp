#include "storage/row_versions.h"

#include <algorithm>
#include <cstring>
#include <string>

#include "common/parallel_for.h"
#include "storage/key_rank.h"
#include "storage/row_take.h"
#include "vector/selection.h"

namespace copra::storage {

namespace {

// Appends an unambiguous encoding of row `i` of `col` to `key` that sorts
// (bytewise) like the values for strings and integers, so that files keep
// neighbouring tag values together and row-group min/max stay tight.
void AppendKeyPart(const Column& col, int64_t i, std::string* key) {
  if (col.IsNull(i)) {
    key->push_back('\0');
    return;
  }
  key->push_back('\1');
  const LogicalType& type = col.type();
  if (type.IsVarWidth()) {
    // Bytes with 0x00 escaped as 0x00 0xFF, then the terminator 0x00 0x00.
    for (char c : col.GetString(i)) {
      key->push_back(c);
      if (c == '\0') key->push_back('\xff');
    }
    key->push_back('\0');
    key->push_back('\0');
  } else if (type.IsBoolean()) {
    key->push_back(col.GetBool(i) ? '\1' : '\0');
  } else if (!type.IsNull()) {
    const int w = type.ByteWidth();
    const auto* p = col.values_buffer()->data() + (col.offset() + i) * w;
    if (type.IsInteger() || type.id() == TypeId::kTimestamp || type.id() == TypeId::kDate) {
      // Big-endian, sign bit flipped for signed types.
      const bool is_signed = !type.IsUnsignedInteger();
      for (int b = w - 1; b >= 0; --b) {
        uint8_t byte = p[b];
        if (b == w - 1 && is_signed) byte ^= 0x80;
        key->push_back(static_cast<char>(byte));
      }
    } else {
      key->append(reinterpret_cast<const char*>(p), static_cast<size_t>(w));
    }
  }
}

}  // namespace

void AppendRowKey(const Batch& rows, const std::vector<int>& key_columns, int64_t row,
                  std::string* key) {
  for (int c : key_columns) AppendKeyPart(*rows.column(static_cast<size_t>(c)), row, key);
}

BatchPtr SortAndResolve(const BatchPtr& rows, const RowLayout& layout, bool keep_tombstones) {
  if (rows->num_rows() == 0) return rows;
  return SortAndResolve(std::vector<BatchPtr>{rows}, layout, keep_tombstones);
}

BatchPtr SortAndResolve(const std::vector<BatchPtr>& parts, const RowLayout& layout,
                        bool keep_tombstones, ParallelFor* gang) {
  COPRA_CHECK(!parts.empty());
  int64_t n = 0;
  std::vector<const Batch*> part_ptrs;
  std::vector<int64_t> part_start;
  for (const BatchPtr& b : parts) {
    part_ptrs.push_back(b.get());
    part_start.push_back(n);
    n += b->num_rows();
  }
  if (n == 0) return parts[0];
  COPRA_CHECK(n < (int64_t{1} << 31));
  const KeyRanks ranks = RankRowKeys(part_ptrs, layout.key_columns);
  const std::vector<uint32_t>& rank = ranks.rank;
  // Time, sequence and op of every row, in one array each (the part's own
  // when there is one part).
  std::vector<int64_t> all_times;
  std::vector<uint64_t> all_seqs;
  std::vector<uint8_t> all_ops;
  const int64_t* times = nullptr;
  const uint64_t* seqs = nullptr;
  const uint8_t* ops = nullptr;
  if (parts.size() == 1) {
    const Batch& rows = *parts[0];
    if (layout.time_column >= 0) {
      times = rows.column(static_cast<size_t>(layout.time_column))->data<int64_t>();
    }
    seqs = rows.column(static_cast<size_t>(layout.seq_column))->data<uint64_t>();
    ops = rows.column(static_cast<size_t>(layout.op_column))->data<uint8_t>();
  } else {
    for (const BatchPtr& b : parts) {
      const int64_t m = b->num_rows();
      if (layout.time_column >= 0) {
        const int64_t* t = b->column(static_cast<size_t>(layout.time_column))->data<int64_t>();
        all_times.insert(all_times.end(), t, t + m);
      }
      const uint64_t* q = b->column(static_cast<size_t>(layout.seq_column))->data<uint64_t>();
      all_seqs.insert(all_seqs.end(), q, q + m);
      const uint8_t* o = b->column(static_cast<size_t>(layout.op_column))->data<uint8_t>();
      all_ops.insert(all_ops.end(), o, o + m);
    }
    if (layout.time_column >= 0) times = all_times.data();
    seqs = all_seqs.data();
    ops = all_ops.data();
  }
  // Counting sort by key rank (stable), then (time, seq desc) inside each
  // key, which is usually in order already: rows arrive in sequence order
  // and, per series, mostly in time order.
  std::vector<int64_t> start(static_cast<size_t>(ranks.distinct) + 1, 0);
  for (uint32_t r : rank) ++start[r + 1];
  for (size_t r = 1; r < start.size(); ++r) start[r] += start[r - 1];
  std::vector<int32_t> perm(static_cast<size_t>(n));
  {
    std::vector<int64_t> next(start.begin(), start.end() - 1);
    for (int64_t i = 0; i < n; ++i) {
      perm[static_cast<size_t>(next[rank[static_cast<size_t>(i)]]++)] = static_cast<int32_t>(i);
    }
  }
  auto before = [&](int32_t a, int32_t b) {
    const int64_t ta = times != nullptr ? times[a] : 0, tb = times != nullptr ? times[b] : 0;
    if (ta != tb) return ta < tb;
    return seqs[a] > seqs[b];
  };
  for (size_t r = 0; r + 1 < start.size(); ++r) {
    auto first = perm.begin() + start[r], last = perm.begin() + start[r + 1];
    if (!std::is_sorted(first, last, before)) std::sort(first, last, before);
  }
  auto time_of = [&](int32_t i) { return times != nullptr ? times[i] : int64_t{0}; };
  std::vector<int32_t> keep;
  keep.reserve(perm.size());
  for (size_t g = 0; g < perm.size();) {
    size_t end = g + 1;
    while (end < perm.size() && rank[perm[end]] == rank[perm[g]] &&
           time_of(perm[end]) == time_of(perm[g])) {
      ++end;
    }
    if (!layout.append_mode) {
      if (ops[perm[g]] == kOpPut || keep_tombstones) keep.push_back(perm[g]);
    } else {
      // Newest first: puts until the first delete marker survive.
      for (size_t i = g; i < end; ++i) {
        if (ops[perm[i]] != kOpPut) {
          if (keep_tombstones) keep.push_back(perm[i]);
          break;
        }
        keep.push_back(perm[i]);
      }
    }
    g = end;
  }
  bool identity = parts.size() == 1 && static_cast<int64_t>(keep.size()) == n;
  for (size_t i = 0; identity && i < keep.size(); ++i)
    identity = keep[i] == static_cast<int32_t>(i);
  if (identity) return parts[0];
  // Key columns are taken from one row per key: every row of a key holds
  // the same bytes there, and copying from a few rows stays in cache.
  const int64_t kept = static_cast<int64_t>(keep.size());
  std::vector<int32_t> key_rows(keep.size());
  for (size_t i = 0; i < keep.size(); ++i) {
    key_rows[i] = static_cast<int32_t>(ranks.first_row[rank[static_cast<size_t>(keep[i])]]);
  }
  // Row numbers across the parts -> (part, row in part).
  std::vector<uint32_t> keep_part, key_part;
  if (parts.size() > 1) {
    auto split = [&](std::vector<int32_t>* rows, std::vector<uint32_t>* part_of) {
      part_of->resize(rows->size());
      for (size_t i = 0; i < rows->size(); ++i) {
        const int64_t g = (*rows)[i];
        const auto p = static_cast<uint32_t>(
            std::upper_bound(part_start.begin(), part_start.end(), g) - part_start.begin() - 1);
        (*part_of)[i] = p;
        (*rows)[i] = static_cast<int32_t>(g - part_start[p]);
      }
    };
    split(&keep, &keep_part);
    split(&key_rows, &key_part);
  }
  const size_t num_columns = parts[0]->num_columns();
  std::vector<ColumnPtr> columns(num_columns);
  auto take = [&](int column) {
    const auto c = static_cast<size_t>(column);
    std::vector<const Column*> sources(parts.size());
    for (size_t p = 0; p < parts.size(); ++p) sources[p] = parts[p]->column(c).get();
    const bool is_key = std::find(layout.key_columns.begin(), layout.key_columns.end(), column) !=
                        layout.key_columns.end();
    const std::vector<uint32_t>& part_of = is_key ? key_part : keep_part;
    columns[c] = TakeRows(sources, part_of.empty() ? nullptr : part_of.data(),
                          is_key ? key_rows.data() : keep.data(), kept);
  };
  RunTasks(gang, static_cast<int>(num_columns), take);
  return Batch::Make(parts[0]->schema(), std::move(columns), kept);
}

BatchPtr DropTombstones(const BatchPtr& rows, int op_column) {
  const uint8_t* ops = rows->column(static_cast<size_t>(op_column))->data<uint8_t>();
  std::vector<int32_t> keep;
  for (int64_t i = 0; i < rows->num_rows(); ++i) {
    if (ops[i] == kOpPut) keep.push_back(static_cast<int32_t>(i));
  }
  if (static_cast<int64_t>(keep.size()) == rows->num_rows()) return rows;
  return TakeBatch(*rows, keep.data(), static_cast<int64_t>(keep.size()));
}

BatchPtr FilterTimeRange(const BatchPtr& rows, int time_column, int64_t start, int64_t end) {
  if (time_column < 0) return rows;
  const int64_t* t = rows->column(static_cast<size_t>(time_column))->data<int64_t>();
  std::vector<int32_t> keep;
  for (int64_t i = 0; i < rows->num_rows(); ++i) {
    if (t[i] >= start && t[i] < end) keep.push_back(static_cast<int32_t>(i));
  }
  if (static_cast<int64_t>(keep.size()) == rows->num_rows()) return rows;
  return TakeBatch(*rows, keep.data(), static_cast<int64_t>(keep.size()));
}

int64_t EstimateBatchBytes(const Batch& batch) {
  int64_t bytes = 0;
  const int64_t n = batch.num_rows();
  for (const ColumnPtr& col : batch.columns()) {
    bytes += bit_util::BytesForBits(n);
    const LogicalType& t = col->type();
    if (t.IsVarWidth()) {
      const int32_t* offs = col->values_buffer()->data_as<int32_t>() + col->offset();
      bytes += 4 * (n + 1) + (offs[n] - offs[0]);
    } else if (!t.IsBoolean()) {
      bytes += n * t.ByteWidth();
    }
  }
  return bytes;
}

}  // namespace copra::storage
