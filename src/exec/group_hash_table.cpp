#include "exec/group_hash_table.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "exec/integer_keys.h"

#define XXH_INLINE_ALL
#include <xxhash.h>

namespace copra {

namespace {

constexpr size_t kMaxPackedColumns = 64;  // one NULL-mask bit each

bool IsPackable(const LogicalType& t) {
  return IsIntegerKeyType(t) || t.IsBoolean() || t.IsNull() || t.IsVarWidth() ||
         t.id() == TypeId::kFloat32 || t.id() == TypeId::kFloat64;
}

// Folds one key word into a row hash. The multiply spreads low input bits
// upwards and the shift brings high bits back down to the bucket bits.
inline uint64_t MixWord(uint64_t h, uint64_t w) {
  h = (h ^ w) * 0x9E3779B97F4A7C15ULL;
  return h ^ (h >> 32);
}

inline uint64_t FinishHash(uint64_t h) {
  h *= 0xBF58476D1CE4E5B9ULL;
  return h ^ (h >> 29);
}

// GROUP BY equality on doubles is equality of these bits.
inline uint64_t CanonicalDoubleBits(double d) {
  if (std::isnan(d)) d = std::numeric_limits<double>::quiet_NaN();
  if (d == 0) d = 0.0;
  uint64_t bits;
  std::memcpy(&bits, &d, sizeof(bits));
  return bits;
}

template <typename T>
void PackFloats(const Datum& d, int64_t n, uint64_t* out) {
  const T* v = d.column->data<T>();
  if (d.is_scalar) {
    std::fill(out, out + n, CanonicalDoubleBits(static_cast<double>(v[0])));
    return;
  }
  for (int64_t r = 0; r < n; ++r) out[r] = CanonicalDoubleBits(static_cast<double>(v[r]));
}

}  // namespace

GroupHashTable::GroupHashTable(const std::vector<LogicalType>& key_types)
    : key_types_(key_types),
      packed_(!key_types.empty() && key_types.size() <= kMaxPackedColumns),
      slots_(1024, 0),
      mask_(1023),
      encoder_(std::vector<KeyOrder>(key_types.size())) {
  for (const LogicalType& t : key_types) packed_ = packed_ && IsPackable(t);
  if (packed_) {
    for (const LogicalType& t : key_types) {
      dictionaries_.push_back(t.IsVarWidth() ? std::make_unique<StringDictionary>() : nullptr);
    }
  }
}

int64_t GroupHashTable::MemoryUsage() const {
  int64_t bytes = static_cast<int64_t>(
      slots_.capacity() * sizeof(uint32_t) + hashes_.capacity() * sizeof(uint64_t) +
      key_words_.capacity() * sizeof(uint64_t) + group_nulls_.capacity() * sizeof(uint64_t) +
      arena_.capacity() + offsets_.capacity() * sizeof(uint64_t));
  for (const auto& d : dictionaries_) {
    if (d != nullptr) bytes += d->MemoryUsage();
  }
  return bytes;
}

void GroupHashTable::Grow() {
  slots_.assign(slots_.size() * 2, 0);
  mask_ = slots_.size() - 1;
  for (size_t g = 0; g < hashes_.size(); ++g) {
    uint64_t i = hashes_[g] & mask_;
    while (slots_[i] != 0) i = (i + 1) & mask_;
    slots_[i] = static_cast<uint32_t>(g + 1);
  }
}

template <typename Equals, typename Insert>
uint32_t GroupHashTable::FindOrInsertHashed(uint64_t hash, Equals equals, Insert insert) {
  uint64_t i = hash & mask_;
  while (true) {
    const uint32_t slot = slots_[i];
    if (slot == 0) break;
    const uint32_t g = slot - 1;
    if (hashes_[g] == hash && equals(g)) return g;
    i = (i + 1) & mask_;
  }
  const uint32_t g = static_cast<uint32_t>(hashes_.size());
  hashes_.push_back(hash);
  insert();
  slots_[i] = g + 1;
  if (hashes_.size() * 2 > slots_.size()) Grow();
  return g;
}

void GroupHashTable::PackBatch(const std::vector<Datum>& keys, int64_t n) {
  const size_t width = keys.size();
  words_.resize(width * static_cast<size_t>(n));
  row_nulls_.assign(static_cast<size_t>(n), 0);
  batch_has_nulls_ = false;
  for (size_t c = 0; c < width; ++c) {
    const Datum& d = keys[c];
    const Column& col = *d.column;
    uint64_t* out = words_.data() + c * static_cast<size_t>(n);
    const LogicalType& t = col.type();
    const uint64_t bit = uint64_t{1} << c;
    if (t.IsNull() || (d.is_scalar && col.IsNull(0))) {
      // Every row NULL: word 0 and the column's bit in the row's mask.
      std::fill(out, out + n, 0);
      for (int64_t r = 0; r < n; ++r) row_nulls_[r] |= bit;
      batch_has_nulls_ = true;
      continue;
    }
    if (IsIntegerKeyType(t)) {
      ExtractIntegerKeys(d, n, reinterpret_cast<int64_t*>(out));
    } else if (t.IsBoolean()) {
      for (int64_t r = 0; r < n; ++r) out[r] = col.GetBool(d.Index(r)) ? 1 : 0;
    } else if (t.id() == TypeId::kFloat32) {
      PackFloats<float>(d, n, out);
    } else if (t.id() == TypeId::kFloat64) {
      PackFloats<double>(d, n, out);
    } else {
      dictionaries_[c]->FindOrAddColumn(d, n, out);
    }
    if (!d.is_scalar && col.HasNulls()) {
      for (int64_t r = 0; r < n; ++r) {
        if (col.IsNull(r)) {
          out[r] = 0;
          row_nulls_[r] |= bit;
        }
      }
      batch_has_nulls_ = true;
    }
  }
  // Hash column at a time: simple loops over contiguous words.
  row_hashes_.assign(static_cast<size_t>(n), 0x2545F4914F6CDD1DULL);
  uint64_t* h = row_hashes_.data();
  for (size_t c = 0; c < width; ++c) {
    const uint64_t* w = words_.data() + c * static_cast<size_t>(n);
    for (int64_t r = 0; r < n; ++r) h[r] = MixWord(h[r], w[r]);
  }
  if (batch_has_nulls_) {
    // Only rows with NULLs: a key hashes the same in batches with and without.
    for (int64_t r = 0; r < n; ++r) {
      if (row_nulls_[r] != 0) h[r] = MixWord(h[r], row_nulls_[r]);
    }
  }
  for (int64_t r = 0; r < n; ++r) h[r] = FinishHash(h[r]);
}

template <int kWidth>
void GroupHashTable::ProbePacked(int64_t n, uint32_t* ids, std::vector<int32_t>* new_rows) {
  const size_t width = kWidth > 0 ? static_cast<size_t>(kWidth) : key_types_.size();
  const size_t stride = static_cast<size_t>(n);
  const uint64_t* words = words_.data();
  const uint64_t* row_nulls = row_nulls_.data();
  const uint64_t* row_hashes = row_hashes_.data();
  for (int64_t r = 0; r < n; ++r) {
    // A row equal to its predecessor (runs in sorted input) needs no probe.
    if (r > 0 && row_hashes[r] == row_hashes[r - 1] && row_nulls[r] == row_nulls[r - 1]) {
      bool same = true;
      for (size_t c = 0; c < width; ++c) {
        same = same && words[c * stride + r] == words[c * stride + r - 1];
      }
      if (same) {
        ids[r] = ids[r - 1];
        continue;
      }
    }
    const size_t groups = hashes_.size();
    ids[r] = FindOrInsertHashed(
        row_hashes[r],
        [&](uint32_t g) {
          if (group_nulls_[g] != row_nulls[r]) return false;
          const uint64_t* key = key_words_.data() + g * width;
          for (size_t c = 0; c < width; ++c) {
            if (key[c] != words[c * stride + r]) return false;
          }
          return true;
        },
        [&] {
          for (size_t c = 0; c < width; ++c) key_words_.push_back(words[c * stride + r]);
          group_nulls_.push_back(row_nulls[r]);
        });
    if (hashes_.size() > groups) new_rows->push_back(static_cast<int32_t>(r));
  }
}

void GroupHashTable::FindOrInsert(const std::vector<Datum>& keys, int64_t num_rows, uint32_t* ids,
                                  std::vector<int32_t>* new_rows) {
  if (num_rows <= 0) return;
  if (!packed_) {
    FindOrInsertEncoded(keys, num_rows, ids, new_rows);
    return;
  }
  PackBatch(keys, num_rows);
  switch (keys.size()) {
    case 1: ProbePacked<1>(num_rows, ids, new_rows); break;
    case 2: ProbePacked<2>(num_rows, ids, new_rows); break;
    case 3: ProbePacked<3>(num_rows, ids, new_rows); break;
    default: ProbePacked<0>(num_rows, ids, new_rows); break;
  }
}

void GroupHashTable::FindOrInsertEncoded(const std::vector<Datum>& keys, int64_t num_rows,
                                         uint32_t* ids, std::vector<int32_t>* new_rows) {
  encoder_.Encode(keys, num_rows, &scratch_keys_);
  for (int64_t r = 0; r < num_rows; ++r) {
    const std::string& key = scratch_keys_[static_cast<size_t>(r)];
    const size_t groups = hashes_.size();
    ids[r] = FindOrInsertHashed(
        XXH3_64bits(key.data(), key.size()),
        [&](uint32_t g) {
          const uint64_t begin = offsets_[g], end = offsets_[g + 1];
          return end - begin == key.size() &&
                 std::memcmp(arena_.data() + begin, key.data(), key.size()) == 0;
        },
        [&] {
          arena_.append(key);
          offsets_.push_back(arena_.size());
        });
    if (hashes_.size() > groups) new_rows->push_back(static_cast<int32_t>(r));
  }
}

}  // namespace copra
