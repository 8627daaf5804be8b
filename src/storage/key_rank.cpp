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

// Whether row a of the columns `ca` and row b of `cb` (same key columns,
// possibly of different parts) hold the same key.
bool SameKey(const std::vector<KeyColumn>& ca, int64_t a, const std::vector<KeyColumn>& cb,
             int64_t b) {
  for (size_t c = 0; c < ca.size(); ++c) {
    const KeyColumn& ka = ca[c];
    const KeyColumn& kb = cb[c];
    const bool va = ka.Valid(a), vb = kb.Valid(b);
    if (va != vb) return false;
    if (!va || ka.col->type().IsNull()) continue;
    if (ka.var_width) {
      if (ka.String(a) != kb.String(b)) return false;
    } else if (ka.boolean) {
      if (ka.col->GetBool(a) != kb.col->GetBool(b)) return false;
    } else if (std::memcmp(ka.bytes + a * ka.width, kb.bytes + b * kb.width,
                           static_cast<size_t>(ka.width)) != 0) {
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
// Rows are named by (part, row in part).
class SeriesTable {
 public:
  explicit SeriesTable(const std::vector<std::vector<KeyColumn>>& parts) : parts_(parts) {
    slots_.resize(1024);
  }

  // Id of the key of row `row` of part `part` (hash `hash`), a new one when
  // unseen.
  uint32_t Find(uint64_t hash, uint32_t part, uint32_t row) {
    size_t mask = slots_.size() - 1;
    for (size_t at = hash & mask;; at = (at + 1) & mask) {
      Slot& s = slots_[at];
      if (s.row == kEmpty) {
        s = {hash, part, row, static_cast<uint32_t>(firsts_.size())};
        firsts_.emplace_back(part, row);
        if (firsts_.size() * 2 > slots_.size()) Grow();
        return static_cast<uint32_t>(firsts_.size() - 1);
      }
      if (s.hash == hash && SameKey(parts_[s.part], s.row, parts_[part], row)) return s.id;
    }
  }
  // First (part, row) of each distinct key, by id.
  const std::vector<std::pair<uint32_t, uint32_t>>& firsts() const { return firsts_; }

 private:
  static constexpr uint32_t kEmpty = 0xFFFFFFFFu;
  struct Slot {
    uint64_t hash = 0;
    uint32_t part = 0;
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
  const std::vector<std::vector<KeyColumn>>& parts_;
  std::vector<Slot> slots_;
  std::vector<std::pair<uint32_t, uint32_t>> firsts_;
};

}  // namespace

KeyRanks RankRowKeys(const Batch& rows, const std::vector<int>& key_columns) {
  return RankRowKeys(std::vector<const Batch*>{&rows}, key_columns);
}

KeyRanks RankRowKeys(const std::vector<const Batch*>& parts, const std::vector<int>& key_columns) {
  int64_t n = 0;
  std::vector<int64_t> part_start;
  for (const Batch* b : parts) {
    part_start.push_back(n);
    n += b->num_rows();
  }
  KeyRanks out;
  out.rank.assign(static_cast<size_t>(n), 0);
  if (n == 0) return out;
  if (key_columns.empty()) {
    out.distinct = 1;
    out.first_row.push_back(0);
    return out;
  }
  std::vector<std::vector<KeyColumn>> cols;
  for (const Batch* b : parts) cols.push_back(Unpack(*b, key_columns));
  SeriesTable table(cols);
  for (size_t p = 0; p < parts.size(); ++p) {
    const int64_t rows = parts[p]->num_rows();
    std::vector<uint64_t> hashes = HashKeys(cols[p], rows);
    uint32_t* rank = out.rank.data() + part_start[p];
    for (int64_t i = 0; i < rows; ++i) {
      rank[i] = table.Find(hashes[static_cast<size_t>(i)], static_cast<uint32_t>(p),
                           static_cast<uint32_t>(i));
    }
  }
  // Order the distinct keys by their encoding; ids become ranks.
  const auto& firsts = table.firsts();
  std::vector<std::string> keys(firsts.size());
  for (size_t d = 0; d < firsts.size(); ++d) {
    AppendRowKey(*parts[firsts[d].first], key_columns, firsts[d].second, &keys[d]);
  }
  std::vector<uint32_t> order(firsts.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return keys[a] < keys[b]; });
  std::vector<uint32_t> rank_of(firsts.size());
  for (uint32_t r = 0; r < order.size(); ++r) rank_of[order[r]] = r;
  for (uint32_t& r : out.rank) r = rank_of[r];
  out.distinct = static_cast<uint32_t>(firsts.size());
  out.first_row.resize(firsts.size());
  for (size_t d = 0; d < firsts.size(); ++d) {
    out.first_row[rank_of[d]] =
        static_cast<uint32_t>(part_start[firsts[d].first] + firsts[d].second);
  }
  return out;
}

}  // namespace copra::storage
