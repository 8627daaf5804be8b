// GroupHashTable: gives each distinct GROUP BY key a dense group id (0, 1,
// 2, ... in first-seen order), batch by batch, for hash aggregation.
//
// Layouts, picked from the key types:
//  * one integer-like key (INT*, UINT*, DATE, TIMESTAMP): kept as int64 and
//    compared directly; NULL is one more group;
//  * anything else: each row's key is encoded with RowKeyEncoder (byte
//    equality is GROUP BY equality: NULLs group together, NaN with NaN,
//    -0.0 with 0.0) and stored once in an arena.
// Both use open addressing with linear probing over a power-of-two slot
// array holding group ids, rehashed from stored hashes when half full.
//
// Not thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "exec/row_key.h"
#include "function/datum.h"

namespace copra {

class GroupHashTable {
 public:
  explicit GroupHashTable(const std::vector<LogicalType>& key_types);

  // Sets ids[r] to the group of row r of `keys` (one Datum per key column)
  // for r in 0..num_rows, creating groups for new keys; appends the row of
  // each new group to `new_rows`, in id order.
  void FindOrInsert(const std::vector<Datum>& keys, int64_t num_rows, uint32_t* ids,
                    std::vector<int32_t>* new_rows);

  int64_t num_groups() const { return static_cast<int64_t>(hashes_.size()); }
  // Bytes held by the table (slots, hashes and keys).
  int64_t MemoryUsage() const;

 private:
  void Grow();
  // The group with this hash whose key equals, per `equals(group)`, or a new
  // one made by `insert()`.
  template <typename Equals, typename Insert>
  uint32_t FindOrInsertHashed(uint64_t hash, Equals equals, Insert insert);

  bool integer_keys_;
  RowKeyEncoder encoder_;
  std::vector<uint32_t> slots_;  // group id + 1; 0 = empty
  uint64_t mask_ = 0;
  std::vector<uint64_t> hashes_;  // per group

  // Integer layout.
  std::vector<int64_t> ints_;  // per group
  int64_t null_group_ = -1;
  std::vector<int64_t> scratch_ints_;

  // Encoded layout: group g's key is arena_[offsets_[g], offsets_[g + 1]).
  std::string arena_;
  std::vector<uint64_t> offsets_{0};
  std::vector<std::string> scratch_keys_;
};

}  // namespace copra
