// GroupHashTable: gives each distinct GROUP BY key a dense group id (0, 1,
// 2, ... in first-seen order), batch by batch, for hash aggregation.
//
// Layouts, picked from the key types:
//  * packed (every key column integer-like, BOOLEAN, floating point,
//    STRING/BINARY or NULL, at most 64 of them): each key column becomes one
//    64-bit word per row, column at a time — integers as themselves,
//    floats by their canonical bits (NaN with NaN, -0.0 with 0.0), strings
//    as ids from a per-column StringDictionary — plus a bit mask of the NULL
//    columns. Hashing is column-at-a-time over those words, and a row whose
//    words equal the previous row's (sorted or clustered input) reuses its
//    group without probing;
//  * encoded (anything else, e.g. INTERVAL keys): each row's key is encoded
//    with RowKeyEncoder (byte equality is GROUP BY equality) and stored once
//    in an arena.
// Both use open addressing with linear probing over a power-of-two slot
// array holding group ids, rehashed from stored hashes when half full.
//
// Not thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "exec/row_key.h"
#include "exec/string_dictionary.h"
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
  // Bytes held by the table (slots, hashes, keys and dictionaries).
  int64_t MemoryUsage() const;

 private:
  void Grow();
  // The group with this hash whose key equals, per `equals(group)`, or a new
  // one made by `insert()`.
  template <typename Equals, typename Insert>
  uint32_t FindOrInsertHashed(uint64_t hash, Equals equals, Insert insert);

  // Packed layout: fills words_, row_nulls_ and row_hashes_ for a batch.
  void PackBatch(const std::vector<Datum>& keys, int64_t num_rows);
  // Probes the packed rows; kWidth = number of key words (0: any).
  template <int kWidth>
  void ProbePacked(int64_t num_rows, uint32_t* ids, std::vector<int32_t>* new_rows);
  void FindOrInsertEncoded(const std::vector<Datum>& keys, int64_t num_rows, uint32_t* ids,
                           std::vector<int32_t>* new_rows);

  std::vector<LogicalType> key_types_;
  bool packed_;
  std::vector<uint32_t> slots_;  // group id + 1; 0 = empty
  uint64_t mask_ = 0;
  std::vector<uint64_t> hashes_;  // per group

  // Packed layout: group g's key is key_words_[g * width .. +width) and its
  // NULL mask group_nulls_[g]; per batch, word c of row r is
  // words_[c * num_rows + r].
  std::vector<std::unique_ptr<StringDictionary>> dictionaries_;  // per column (or null)
  std::vector<uint64_t> key_words_;
  std::vector<uint64_t> group_nulls_;
  std::vector<uint64_t> words_;
  std::vector<uint64_t> row_nulls_;
  std::vector<uint64_t> row_hashes_;
  bool batch_has_nulls_ = false;

  // Encoded layout: group g's key is arena_[offsets_[g], offsets_[g + 1]).
  RowKeyEncoder encoder_;
  std::string arena_;
  std::vector<uint64_t> offsets_{0};
  std::vector<std::string> scratch_keys_;
};

}  // namespace copra
