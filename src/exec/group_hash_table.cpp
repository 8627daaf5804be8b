#include "exec/group_hash_table.h"

#include <cstring>

#include "exec/integer_keys.h"

#define XXH_INLINE_ALL
#include <xxhash.h>

namespace copra {

GroupHashTable::GroupHashTable(const std::vector<LogicalType>& key_types)
    : integer_keys_(key_types.size() == 1 && IsIntegerKeyType(key_types[0])),
      encoder_(std::vector<KeyOrder>(key_types.size())),
      slots_(1024, 0),
      mask_(1023) {}

int64_t GroupHashTable::MemoryUsage() const {
  return static_cast<int64_t>(slots_.capacity() * sizeof(uint32_t) +
                              hashes_.capacity() * sizeof(uint64_t) +
                              ints_.capacity() * sizeof(int64_t) + arena_.capacity() +
                              offsets_.capacity() * sizeof(uint64_t));
}

void GroupHashTable::Grow() {
  slots_.assign(slots_.size() * 2, 0);
  mask_ = slots_.size() - 1;
  for (size_t g = 0; g < hashes_.size(); ++g) {
    if (static_cast<int64_t>(g) == null_group_) continue;  // found without probing
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

void GroupHashTable::FindOrInsert(const std::vector<Datum>& keys, int64_t num_rows, uint32_t* ids,
                                  std::vector<int32_t>* new_rows) {
  if (integer_keys_) {
    const Datum& d = keys[0];
    scratch_ints_.resize(static_cast<size_t>(num_rows));
    ExtractIntegerKeys(d, num_rows, scratch_ints_.data());
    const bool nullable = d.column->HasNulls();
    for (int64_t r = 0; r < num_rows; ++r) {
      if (nullable && d.column->IsNull(d.Index(r))) {
        if (null_group_ < 0) {
          null_group_ = static_cast<int64_t>(hashes_.size());
          // The NULL group has no slot: it is never probed by value.
          hashes_.push_back(0);
          ints_.push_back(0);
          new_rows->push_back(static_cast<int32_t>(r));
        }
        ids[r] = static_cast<uint32_t>(null_group_);
        continue;
      }
      const int64_t v = scratch_ints_[static_cast<size_t>(r)];
      const size_t groups = hashes_.size();
      ids[r] = FindOrInsertHashed(
          HashIntegerKey(static_cast<uint64_t>(v)),
          [&](uint32_t g) { return ints_[g] == v && static_cast<int64_t>(g) != null_group_; },
          [&] { ints_.push_back(v); });
      if (hashes_.size() > groups) new_rows->push_back(static_cast<int32_t>(r));
    }
    return;
  }
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
