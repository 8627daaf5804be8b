#include "function/distinct_set.h"

#include "common/status.h"

namespace copra::agg {

namespace {

// Rebuilds `slots` at twice the size from the entries' hashes.
template <typename HashFn>
void Rehash(size_t num_entries, HashFn hash_of, std::vector<uint64_t>* slots, size_t* mask) {
  // Entry indices are stored in 32 bits.
  COPRA_CHECK_MSG(num_entries < std::numeric_limits<uint32_t>::max(),
                  "DISTINCT set exceeds 4 billion entries");
  const size_t capacity = slots->size() * 2;
  slots->assign(capacity, 0);
  *mask = capacity - 1;
  for (size_t i = 0; i < num_entries; ++i) {
    const uint64_t h = hash_of(i);
    size_t slot = h & *mask;
    while ((*slots)[slot] != 0) slot = (slot + 1) & *mask;
    (*slots)[slot] = (h >> 32) << 32 | (i + 1);
  }
}

}  // namespace

void GroupedKeySet::Grow() {
  Rehash(
      entries_.size(), [&](size_t i) { return Hash(entries_[i].group, entries_[i].key.k0, entries_[i].key.k1); }, &slots_,
      &mask_);
}

void GroupedStringSet::Grow() {
  Rehash(
      entries_.size(), [&](size_t i) { return entries_[i].hash; }, &slots_, &mask_);
}

}  // namespace copra::agg
