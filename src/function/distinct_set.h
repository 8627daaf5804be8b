// GroupedKeySet / GroupedStringSet: sets of (group id, value) pairs, the
// state of DISTINCT aggregates (count_distinct, MakeDistinctAggregator).
// One table serves all groups, so there is no per-group object. Entries are
// stored densely in insertion order (a group's values can be replayed in the
// order first seen); an open-addressing table of entry indices, tagged with
// 32 hash bits, finds them without touching entries on most misses.
//
// Fixed-width values are encoded as two 64-bit words (EncodeKey), with
// -0.0 folded into 0.0 and every NaN into one NaN so that equal SQL values
// are one key. Used by one thread at a time; internal to src/function/.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "types/logical_type.h"

namespace copra::agg {

inline uint64_t Mix64(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

struct Key128 {
  uint64_t k0 = 0;
  uint64_t k1 = 0;
};

// Encodes a fixed-width value (bool, integers, floats, Interval).
template <typename T>
inline Key128 EncodeKey(T v) {
  if constexpr (std::is_same_v<T, Interval>) {
    return {uint64_t{static_cast<uint32_t>(v.months)} | uint64_t{static_cast<uint32_t>(v.days)} << 32,
            static_cast<uint64_t>(v.nanos)};
  } else if constexpr (std::is_floating_point_v<T>) {
    if (v == 0) v = 0;  // -0.0 == 0.0
    if (std::isnan(v)) v = std::numeric_limits<T>::quiet_NaN();
    using Bits = std::conditional_t<sizeof(T) == 4, uint32_t, uint64_t>;
    Bits bits;
    std::memcpy(&bits, &v, sizeof(T));
    return {bits, 0};
  } else {
    return {static_cast<uint64_t>(v), 0};  // sign-extends signed types; decodes back exactly
  }
}

template <typename T>
inline T DecodeKey(const Key128& k) {
  if constexpr (std::is_same_v<T, Interval>) {
    return Interval{static_cast<int32_t>(static_cast<uint32_t>(k.k0)),
                    static_cast<int32_t>(static_cast<uint32_t>(k.k0 >> 32)),
                    static_cast<int64_t>(k.k1)};
  } else if constexpr (std::is_floating_point_v<T>) {
    using Bits = std::conditional_t<sizeof(T) == 4, uint32_t, uint64_t>;
    Bits bits = static_cast<Bits>(k.k0);
    T v;
    std::memcpy(&v, &bits, sizeof(T));
    return v;
  } else {
    return static_cast<T>(k.k0);
  }
}

class GroupedKeySet {
 public:
  struct Entry {
    Key128 key;
    uint32_t group;
  };

  GroupedKeySet() : slots_(kInitialSlots, 0), mask_(kInitialSlots - 1) {}

  // Inserts (group, key); true when the pair was not present. The key is
  // passed as two words: a 16-byte struct argument makes GCC spill and
  // reload it through a vector register, a store-forwarding stall that
  // costs 4x in an out-of-line call.
  bool Insert(uint32_t group, uint64_t k0, uint64_t k1) {
    const uint64_t h = Hash(group, k0, k1);
    const uint64_t tag = h >> 32;
    size_t slot = h & mask_;
    for (uint64_t s; (s = slots_[slot]) != 0; slot = (slot + 1) & mask_) {
      if ((s >> 32) != tag) continue;
      const Entry& e = entries_[static_cast<uint32_t>(s) - 1];
      if (e.key.k0 == k0 && e.key.k1 == k1 && e.group == group) return false;
    }
    slots_[slot] = tag << 32 | (entries_.size() + 1);
    entries_.push_back(Entry{Key128{k0, k1}, group});
    if (entries_.size() * 2 > slots_.size()) Grow();
    return true;
  }

  // In insertion order.
  const std::vector<Entry>& entries() const { return entries_; }

 private:
  static constexpr size_t kInitialSlots = 16;
  static uint64_t Hash(uint32_t group, uint64_t k0, uint64_t k1) {
    return Mix64(k0 ^ Mix64(k1 + uint64_t{group} * 0x9E3779B97F4A7C15ULL));
  }
  void Grow();

  std::vector<Entry> entries_;
  std::vector<uint64_t> slots_;  // (hash >> 32) << 32 | (entry index + 1); 0 = empty
  size_t mask_;
};

class GroupedStringSet {
 public:
  struct Entry {
    uint64_t hash;
    uint64_t offset;  // into the arena
    uint32_t length;
    uint32_t group;
  };

  GroupedStringSet() : slots_(kInitialSlots, 0), mask_(kInitialSlots - 1) {}

  // Inserts (group, value), copying the bytes; true when it was not present.
  bool Insert(uint32_t group, std::string_view value) {
    const uint64_t h = Mix64(std::hash<std::string_view>{}(value) ^
                             (uint64_t{group} * 0x9E3779B97F4A7C15ULL));
    const uint64_t tag = h >> 32;
    size_t slot = h & mask_;
    for (uint64_t s; (s = slots_[slot]) != 0; slot = (slot + 1) & mask_) {
      if ((s >> 32) != tag) continue;
      const Entry& e = entries_[static_cast<uint32_t>(s) - 1];
      if (e.hash == h && e.group == group && Value(e) == value) return false;
    }
    slots_[slot] = tag << 32 | (entries_.size() + 1);
    entries_.push_back(Entry{h, arena_.size(), static_cast<uint32_t>(value.size()), group});
    arena_.append(value);
    if (entries_.size() * 2 > slots_.size()) Grow();
    return true;
  }

  // In insertion order.
  const std::vector<Entry>& entries() const { return entries_; }
  // Valid until the next Insert.
  std::string_view Value(const Entry& e) const {
    return std::string_view(arena_.data() + e.offset, e.length);
  }

 private:
  static constexpr size_t kInitialSlots = 16;
  void Grow();

  std::vector<Entry> entries_;
  std::vector<uint64_t> slots_;
  size_t mask_;
  std::string arena_;
};

}  // namespace copra::agg
