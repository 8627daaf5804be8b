// StringDictionary: gives each distinct byte string a dense id (0, 1, 2, ...
// in first-seen order), so grouping can compare strings as small integers.
// GroupHashTable keeps one per STRING/BINARY key column; a column with few
// distinct values (host names, regions) costs one hash and one comparison
// per row, and a run of equal values (data sorted by that column) only a
// comparison with the previous row.
//
// The dictionary owns copies of its strings. Not thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "function/datum.h"

namespace copra {

class StringDictionary {
 public:
  StringDictionary();

  // The id of `s`, adding it when new.
  uint32_t FindOrAdd(std::string_view s);
  // out[r] = id of row r of `d` (a STRING/BINARY Datum) for r in 0..n;
  // NULL rows get 0 (callers track NULLs themselves).
  void FindOrAddColumn(const Datum& d, int64_t n, uint64_t* out);

  int64_t size() const { return static_cast<int64_t>(hashes_.size()); }
  std::string_view Get(uint32_t id) const {
    return std::string_view(arena_.data() + offsets_[id], offsets_[id + 1] - offsets_[id]);
  }
  int64_t MemoryUsage() const;

 private:
  void Grow();

  std::vector<uint32_t> slots_;  // id + 1; 0 = empty
  uint64_t mask_;
  std::vector<uint64_t> hashes_;  // per id
  std::string arena_;             // id i is arena_[offsets_[i], offsets_[i + 1])
  std::vector<uint64_t> offsets_{0};
};

}  // namespace copra
