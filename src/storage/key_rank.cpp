#include "storage/key_rank.h"

#include <algorithm>
#include <cstring>
#include <numeric>
#include <string>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "storage/row_versions.h"

namespace copra::storage {

namespace {

// One key column, unpacked for the per-row loops.
struct KeyColumn {
  const Column* col = nullptr;
  bool nulls = false;
  bool var_width = false;
  bool boolean = false;
  int width = 0;                     // fixed-width types
  const int32_t* offsets = nullptr;  // var-width: offsets at row 0
  const char* bytes = nullptr;       // var-width: data; fixed: values at row 0

  bool Valid(int64_t i) const { return !nulls || col->IsValid(i); }
  std::string_view String(int64_t i) const {
    return {bytes + offsets[i], static_cast<size_t>(offsets[i + 1] - offsets[i])};
  }
};

std::vector<KeyColumn> Unpack(const Batch& rows, const std::vector<int>& key_columns) {
  std::vector<KeyColumn> out;
  for (int c : key_columns) {
    const Column& col = *rows.column(static_cast<size_t>(c));
    KeyColumn k;
    k.col = &col;
    k.nulls = col.HasNulls();
    const LogicalType& type = col.type();
    if (type.IsNull()) {
      k.nulls = true;  // every row NULL: compared by validity alone
    } else if (type.IsVarWidth()) {
      k.var_width = true;
      k.offsets = col.values_buffer()->data_as<int32_t>() + col.offset();
      k.bytes = reinterpret_cast<const char*>(col.data_buffer()->data());
    } else if (type.IsBoolean()) {
      k.boolean = true;
    } else {
      k.width = type.ByteWidth();
      k.bytes = reinterpret_cast<const char*>(col.values_buffer()->data()) +
                col.offset() * static_cast<int64_t>(k.width);
    }
    out.push_back(k);
  }
  return out;
}

bool SameKey(const std::vector<KeyColumn>& cols, int64_t a, int64_t b) {
  for (const KeyColumn& k : cols) {
    const bool va = k.Valid(a), vb = k.Valid(b);
    if (va != vb) return false;
    if (!va || k.col->type().IsNull()) continue;
    if (k.var_width) {
      if (k.String(a) != k.String(b)) return false;
    } else if (k.boolean) {
      if (k.col->GetBool(a) != k.col->GetBool(b)) return false;
    } else if (std::memcmp(k.bytes + a * k.width, k.bytes + b * k.width,
                           static_cast<size_t>(k.width)) != 0) {
      return false;
    }
  }
  return true;
}

// Hash of every row's key, one column at a time.
std::vector<uint64_t> HashKeys(const std::vector<KeyColumn>& cols, int64_t n) {
  std::vector<uint64_t> h(static_cast<size_t>(n), 0x9E3779B97F4A7C15ULL);
  constexpr uint64_t kNullHash = 0x2545F4914F6CDD1DULL;
  for (const KeyColumn& k : cols) {
    for (int64_t i = 0; i < n; ++i) {
      uint64_t& x = h[static_cast<size_t>(i)];
      if (!k.Valid(i) || k.col->type().IsNull()) {
        x = XXH3_64bits_withSeed(&kNullHash, sizeof(kNullHash), x);
      } else if (k.var_width) {
        x = XXH3_64bits_withSeed(k.bytes + k.offsets[i],
                                 static_cast<size_t>(k.offsets[i + 1] - k.offsets[i]), x);
      } else if (k.boolean) {
        const uint8_t b = k.col->GetBool(i) ? 1 : 0;
        x = XXH3_64bits_withSeed(&b, 1, x);
      } else {
        x = XXH3_64bits_withSeed(k.bytes + i * k.width, static_cast<size_t>(k.width), x);
      }
    }
  }
  return h;
}

// Open-addressing table of the distinct keys: hash -> (first row, id).
class SeriesTable {
 public:
  SeriesTable() { slots_.resize(1024); }

  // Id of row `row`'s key (hash `hash`), a new one when unseen.
  uint32_t Find(const std::vector<KeyColumn>& cols, uint64_t hash, uint32_t row) {
    size_t mask = slots_.size() - 1;
    for (size_t at = hash & mask;; at = (at + 1) & mask) {
      Slot& s = slots_[at];
      if (s.row == kEmpty) {
        s = {hash, row, static_cast<uint32_t>(firsts_.size())};
        firsts_.push_back(row);
        if (firsts_.size() * 2 > slots_.size()) Grow();
        return static_cast<uint32_t>(firsts_.size() - 1);
      }
      if (s.hash == hash && SameKey(cols, s.row, row)) return s.id;
    }
  }
  // First row of each distinct key, by id.
  const std::vector<uint32_t>& firsts() const { return firsts_; }

 private:
  static constexpr uint32_t kEmpty = 0xFFFFFFFFu;
  struct Slot {
    uint64_t hash = 0;
    uint32_t row = kEmpty;
    uint32_t id = 0;
  };
  void Grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.size() * 2, Slot{});
    size_t mask = slots_.size() - 1;
    for (const Slot& s : old) {
      if (s.row == kEmpty) continue;
      size_t at = s.hash & mask;
      while (slots_[at].row != kEmpty) at = (at + 1) & mask;
      slots_[at] = s;
    }
  }
  std::vector<Slot> slots_;
  std::vector<uint32_t> firsts_;
};

}  // namespace

KeyRanks RankRowKeys(const Batch& rows, const std::vector<int>& key_columns) {
  const int64_t n = rows.num_rows();
  KeyRanks out;
  out.rank.assign(static_cast<size_t>(n), 0);
  if (n == 0) return out;
  if (key_columns.empty()) {
    out.distinct = 1;
    out.first_row.push_back(0);
    return out;
  }
  std::vector<KeyColumn> cols = Unpack(rows, key_columns);
  std::vector<uint64_t> hashes = HashKeys(cols, n);
  SeriesTable table;
  for (int64_t i = 0; i < n; ++i) {
    out.rank[static_cast<size_t>(i)] =
        table.Find(cols, hashes[static_cast<size_t>(i)], static_cast<uint32_t>(i));
  }
  // Order the distinct keys by their encoding; ids become ranks.
  const std::vector<uint32_t>& firsts = table.firsts();
  std::vector<std::string> keys(firsts.size());
  for (size_t d = 0; d < firsts.size(); ++d) AppendRowKey(rows, key_columns, firsts[d], &keys[d]);
  std::vector<uint32_t> order(firsts.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return keys[a] < keys[b]; });
  std::vector<uint32_t> rank_of(firsts.size());
  for (uint32_t r = 0; r < order.size(); ++r) rank_of[order[r]] = r;
  for (uint32_t& r : out.rank) r = rank_of[r];
  out.distinct = static_cast<uint32_t>(firsts.size());
  out.first_row.resize(firsts.size());
  for (size_t d = 0; d < firsts.size(); ++d) out.first_row[rank_of[d]] = firsts[d];
  return out;
}

}  // namespace copra::storage
