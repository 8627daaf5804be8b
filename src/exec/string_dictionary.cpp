#include "exec/string_dictionary.h"

#include <algorithm>
#include <cstring>

#define XXH_INLINE_ALL
#include <xxhash.h>

namespace copra {

StringDictionary::StringDictionary() : slots_(64, 0), mask_(63) {}

int64_t StringDictionary::MemoryUsage() const {
  return static_cast<int64_t>(slots_.capacity() * sizeof(uint32_t) +
                              hashes_.capacity() * sizeof(uint64_t) + arena_.capacity() +
                              offsets_.capacity() * sizeof(uint64_t));
}

void StringDictionary::Grow() {
  slots_.assign(slots_.size() * 2, 0);
  mask_ = slots_.size() - 1;
  for (size_t id = 0; id < hashes_.size(); ++id) {
    uint64_t i = hashes_[id] & mask_;
    while (slots_[i] != 0) i = (i + 1) & mask_;
    slots_[i] = static_cast<uint32_t>(id + 1);
  }
}

uint32_t StringDictionary::FindOrAdd(std::string_view s) {
  const uint64_t hash = XXH3_64bits(s.data(), s.size());
  uint64_t i = hash & mask_;
  while (true) {
    const uint32_t slot = slots_[i];
    if (slot == 0) break;
    const uint32_t id = slot - 1;
    if (hashes_[id] == hash && Get(id) == s) return id;
    i = (i + 1) & mask_;
  }
  const auto id = static_cast<uint32_t>(hashes_.size());
  hashes_.push_back(hash);
  arena_.append(s);
  offsets_.push_back(arena_.size());
  slots_[i] = id + 1;
  if (hashes_.size() * 2 > slots_.size()) Grow();
  return id;
}

void StringDictionary::FindOrAddColumn(const Datum& d, int64_t n, uint64_t* out) {
  const Column& col = *d.column;
  if (d.is_scalar) {
    const uint64_t id = col.IsValid(0) ? FindOrAdd(col.GetString(0)) : 0;
    std::fill(out, out + n, id);
    return;
  }
  const int32_t* offs = col.values_buffer()->data_as<int32_t>() + col.offset();
  const char* chars = reinterpret_cast<const char*>(col.data_buffer()->data());
  const bool nullable = col.HasNulls();
  // The previous non-NULL row's bytes and id: equal neighbours skip the hash.
  std::string_view prev;
  uint64_t prev_id = 0;
  bool have_prev = false;
  for (int64_t r = 0; r < n; ++r) {
    if (nullable && col.IsNull(r)) {
      out[r] = 0;
      continue;
    }
    const std::string_view s(chars + offs[r], static_cast<size_t>(offs[r + 1] - offs[r]));
    if (have_prev && s.size() == prev.size() && std::memcmp(s.data(), prev.data(), s.size()) == 0) {
      out[r] = prev_id;
      continue;
    }
    prev_id = FindOrAdd(s);
    prev = s;
    have_prev = true;
    out[r] = prev_id;
  }
}

}  // namespace copra
