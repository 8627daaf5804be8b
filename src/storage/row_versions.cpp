#include "storage/row_versions.h"

#include <algorithm>
#include <cstring>
#include <numeric>
#include <string>
#include <unordered_map>

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

// Dense rank of each row's key (equal keys, equal ranks).
std::vector<uint32_t> KeyRanks(const Batch& rows, const std::vector<int>& key_columns) {
  const int64_t n = rows.num_rows();
  std::vector<uint32_t> ids(static_cast<size_t>(n), 0);
  if (key_columns.empty()) return ids;
  std::unordered_map<std::string, uint32_t> index;
  std::vector<const std::string*> keys;
  std::string key;
  for (int64_t i = 0; i < n; ++i) {
    key.clear();
    for (int c : key_columns) AppendKeyPart(*rows.column(static_cast<size_t>(c)), i, &key);
    auto [it, inserted] = index.emplace(key, static_cast<uint32_t>(keys.size()));
    if (inserted) keys.push_back(&it->first);
    ids[static_cast<size_t>(i)] = it->second;
  }
  std::vector<uint32_t> order(keys.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](uint32_t a, uint32_t b) { return *keys[a] < *keys[b]; });
  std::vector<uint32_t> rank(keys.size());
  for (uint32_t r = 0; r < order.size(); ++r) rank[order[r]] = r;
  for (uint32_t& id : ids) id = rank[id];
  return ids;
}

}  // namespace

void AppendRowKey(const Batch& rows, const std::vector<int>& key_columns, int64_t row,
                  std::string* key) {
  for (int c : key_columns) AppendKeyPart(*rows.column(static_cast<size_t>(c)), row, key);
}

BatchPtr SortAndResolve(const BatchPtr& rows, const RowLayout& layout, bool keep_tombstones) {
  const int64_t n = rows->num_rows();
  if (n == 0) return rows;
  std::vector<uint32_t> rank = KeyRanks(*rows, layout.key_columns);
  const int64_t* times =
      layout.time_column >= 0
          ? rows->column(static_cast<size_t>(layout.time_column))->data<int64_t>()
          : nullptr;
  const uint64_t* seqs = rows->column(static_cast<size_t>(layout.seq_column))->data<uint64_t>();
  const uint8_t* ops = rows->column(static_cast<size_t>(layout.op_column))->data<uint8_t>();
  // Sort compact records rather than indexes into the columns: the
  // comparisons then touch contiguous memory.
  struct SortKey {
    uint32_t rank;
    int32_t row;
    int64_t time;
    uint64_t seq;
  };
  std::vector<SortKey> keys(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    keys[static_cast<size_t>(i)] = {rank[static_cast<size_t>(i)], static_cast<int32_t>(i),
                                    times != nullptr ? times[i] : 0, seqs[i]};
  }
  std::sort(keys.begin(), keys.end(), [](const SortKey& a, const SortKey& b) {
    if (a.rank != b.rank) return a.rank < b.rank;
    if (a.time != b.time) return a.time < b.time;
    return a.seq > b.seq;
  });
  std::vector<int32_t> perm(static_cast<size_t>(n));
  for (size_t i = 0; i < keys.size(); ++i) perm[i] = keys[i].row;
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
  return TakeBatch(*rows, keep.data(), static_cast<int64_t>(keep.size()));
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
